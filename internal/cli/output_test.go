package cli

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/continuum-screening/continuum/internal/testdefs"
)

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// Every command exits 1 when its output cannot be written (a full disk, a
// closed file), instead of 0 with nothing written.
func TestWriteErrorsExit1(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "directory-example.yaml")
	for _, args := range [][]string{
		{"version"}, {"version", "--json"}, {"languages"}, {"languages", "--check"}, {"languages", "--json"},
		{"questions"}, {"questions", "--json"}, {"indicators"}, {"indicators", "--json"}, {"validate"},
		{"referrals", "--directory", dir}, {"referrals", "validate", dir}, {"handout", "--kind", "questionnaire"},
		{"--help"},
	} {
		var errOut strings.Builder
		s := &Streams{In: strings.NewReader(""), Out: failingWriter{}, Err: &errOut, Getenv: func(string) string { return "" }}
		if code := Run(args, s); code != ExitError {
			t.Errorf("%v: exit %d with stdout unwritable; expected %d\nstderr:\n%s", args, code, ExitError, errOut.String())
			continue
		}
		if !strings.Contains(errOut.String(), "no space left on device") {
			t.Errorf("%v: stderr does not say the output could not be written:\n%s", args, errOut.String())
		}
	}
}

// A file name with a line break cannot forge a line of stderr: every line
// the program writes there starts with "continuum: " followed by the
// message of one error, and the name's line break shows as \x0a.
func TestFileNameCannotForgeMessages(t *testing.T) {
	dir := t.TempDir()
	forged := "all 500 records scored, none rejected"
	for _, c := range []struct{ name, body string }{
		{"answers\n" + forged + "\n.jsonl", `{"id":"r1","form":"continuum-core","version":"` + testdefs.Version() + `","answers":{"danger":"maybe"}}` + "\n"},
		{"export\n" + forged + "\n.csv", "id,name,danger\nr1,x,no\n"},
		{"map\n" + forged + "\n.yaml", "kind: answer-map\nform: other\n"},
	} {
		path := filepath.Join(dir, c.name)
		if err := os.WriteFile(path, []byte(c.body), 0o600); err != nil {
			t.Fatal(err)
		}
		args := []string{"score", path}
		if strings.HasSuffix(c.name, ".yaml") {
			args = []string{"score", "--map", path, filepath.Join(badDir, "mappings", "input.csv")}
		}
		_, stderr, code := runCLI(t, strings.NewReader(""), args...)
		if code == 0 {
			t.Errorf("%q: exit 0", c.name)
		}
		checkInert(t, stderr, forged)
		// A file that does not exist: the error comes from the system.
		_, stderr, _ = runCLI(t, strings.NewReader(""), "score", path+".missing")
		checkInert(t, stderr, forged)
	}
	_, stderr, _ := runCLI(t, strings.NewReader(""), "validate", filepath.Join(dir, "defs\n"+forged))
	checkInert(t, stderr, forged)
}

func checkInert(t *testing.T, stderr, forged string) {
	t.Helper()
	for _, l := range strings.Split(strings.TrimSuffix(stderr, "\n"), "\n") {
		if l == forged || l == "continuum: "+forged || !strings.HasPrefix(l, "continuum: ") {
			t.Errorf("a line of stderr is not the program's own:\n%q\nin:\n%s", l, stderr)
		}
	}
	if !strings.Contains(stderr, `\x0a`) {
		t.Errorf("the line break of the name is not shown as \\x0a:\n%s", stderr)
	}
}
