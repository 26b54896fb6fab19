package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestBadInputNotFiles runs the inputs that cannot be committed as files:
// devices, named pipes, links to devices, a definition that demands more
// than the tool allows. Each is refused at once with a message naming it,
// before anything is read from it; none may hang or read without end.
func TestBadInputNotFiles(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	dir := t.TempDir()
	shippedForm, err := os.ReadFile("../../indicators/questionnaire.yaml")
	if err != nil {
		t.Fatal(err)
	}
	folder := func(name string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Join(p, "locales", "en"), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(p, "form.yaml"), shippedForm, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	fifo := folder("fifo")
	if err := syscall.Mkfifo(filepath.Join(fifo, "x.yaml"), 0o600); err != nil {
		t.Skip("no named pipes:", err)
	}
	zeroDef := folder("zero-definition")
	os.Symlink("/dev/zero", filepath.Join(zeroDef, "items.yaml"))
	zeroLocale := folder("zero-locale")
	os.Symlink("/dev/zero", filepath.Join(zeroLocale, "locales", "en", "mine.yaml"))
	hostile := filepath.Join(dir, "chain.yaml")
	os.WriteFile(hostile, chainQuestionnaire(10_000), 0o600)
	deep := filepath.Join(dir, "deep.yaml")
	os.WriteFile(deep, chainQuestionnaire(100), 0o600)
	input := filepath.Join(badDir, "mappings", "input.csv")

	const device = ": a device, not a regular file; expected "
	cases := []struct {
		name string
		env  map[string]string
		args []string
		file string // the file the message names
		want string // after the file
	}{
		{"--indicators /dev/zero", nil, []string{"--indicators", "/dev/zero", "questions"}, "/dev/zero", device + "a definitions file (YAML)"},
		{"validate /dev/zero", nil, []string{"validate", "/dev/zero"}, "/dev/zero", device + "a definitions file (YAML)"},
		{"a named pipe x.yaml in a definitions folder", nil, []string{"validate", fifo}, filepath.Join(fifo, "x.yaml"), ": a named pipe, not a regular file; expected a definitions file (YAML)"},
		{"a definitions file linked to /dev/zero", nil, []string{"--indicators", zeroDef, "questions"}, filepath.Join(zeroDef, "items.yaml"), device + "a definitions file (YAML)"},
		{"a locale file linked to /dev/zero", nil, []string{"--indicators", zeroLocale, "questions"}, filepath.Join(zeroLocale, "locales", "en", "mine.yaml"), device + "a catalogue file (YAML)"},
		{"CONTINUUM_DIRECTORY=/dev/zero", map[string]string{"CONTINUUM_DIRECTORY": "/dev/zero"}, []string{"referrals", "validate"}, "/dev/zero", device + "a directory file (YAML)"},
		{"CONTINUUM_DIRECTORY=/dev/zero for referrals", map[string]string{"CONTINUUM_DIRECTORY": "/dev/zero"}, []string{"referrals"}, "/dev/zero", device + "a directory file (YAML)"},
		{"referrals validate /dev/urandom", nil, []string{"referrals", "validate", "/dev/urandom"}, "/dev/urandom", device + "a directory file (YAML)"},
		{"referrals validate a folder", nil, []string{"referrals", "validate", dir}, dir, ": a folder; expected a directory file (YAML)"},
		{"score --map /dev/zero", nil, []string{"score", "--map", "/dev/zero", input}, "/dev/zero", device + "a mapping file (YAML)"},
		{"10,000 chained questions", nil, []string{"validate", hostile}, hostile, ":10: questions: 10002 questions; expected at most 1000"},
		{"follow-ups 99 deep", nil, []string{"validate", deep}, deep, ":30: questions.q17.show_if: follow-ups nested more than 16 deep; expected at most 16 gates above a question"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			type result struct {
				stdout, stderr string
				code           int
			}
			done := make(chan result, 1)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			go func() {
				var out, errOut bytes.Buffer
				s := &Streams{In: strings.NewReader(""), Out: &out, Err: &errOut, Getenv: func(k string) string { return c.env[k] }}
				code := Run(c.args, s)
				done <- result{out.String(), errOut.String(), code}
			}()
			var r result
			select {
			case r = <-done:
			case <-time.After(60 * time.Second):
				t.Fatal("still running after 60 s")
			}
			runtime.ReadMemStats(&after)
			if r.code != 1 {
				t.Errorf("exit %d; expected 1\nstderr:\n%s", r.code, r.stderr)
			}
			if want := "continuum: " + c.file + c.want; !strings.Contains(r.stderr, want) {
				t.Errorf("stderr:\n%s\nexpected a line containing:\n%s", r.stderr, want)
			}
			checkOutput(t, c.file, r.stdout, r.stderr, true)
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 256<<20 {
				t.Errorf("allocated %d MB; expected the input refused before it is read", alloc>>20)
			}
		})
	}
}

// chainQuestionnaire is a questionnaire of n questions after the two role
// questions, each the follow-up of the one before: at 10,000 it is the
// hostile definition of about 800 KB that once took 25 s and 1.9 GB.
func chainQuestionnaire(n int) []byte {
	var b strings.Builder
	b.WriteString(`kind: questionnaire
id: chain
version: "1"
choices:
  - {id: "yes", label: choice.yes}
  - {id: "no", label: choice.no}
  - {id: dont-know, label: choice.dont-know}
  - {id: prefer-not-to-say, label: choice.prefer-not-to-say}
consent: {title: consent.title, text: consent.text, ask: consent.ask}
questions:
  - {id: danger, role: danger}
  - {id: under-18, role: minor}
  - {id: q0, item: ex.living-conditions}
`)
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "  - {id: q%d, item: ex.living-conditions, show_if: {question: q%d, answers: [\"yes\"]}}\n", i, i-1)
	}
	return []byte(b.String())
}
