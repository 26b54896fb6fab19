package cli

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	continuum "github.com/continuum-screening/continuum"
	"github.com/continuum-screening/continuum/internal/i18n"
	"github.com/continuum-screening/continuum/internal/testdefs"
)

// copyLocales writes the shipped catalogues to a temporary folder.
func copyLocales(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	err := fs.WalkDir(continuum.Data, "locales", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, filepath.FromSlash(p))
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := fs.ReadFile(continuum.Data, p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "locales")
}

func languages(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	s := &Streams{In: strings.NewReader(""), Out: &out, Err: &errb, Getenv: func(string) string { return "" }}
	code := Run(append([]string{"languages"}, args...), s)
	return out.String(), errb.String(), code
}

func replaceIn(t *testing.T, file, old, new string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%s does not contain %q", file, old)
	}
	if err := os.WriteFile(file, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

// appendToMessage adds text at the end of a message in a catalogue file:
// the message key under its parent key, written on one line or folded over
// several.
func appendToMessage(t *testing.T, file, parent, key, text string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	start := -1
	for i, l := range lines {
		if l == parent {
			start = i
		}
		if start >= 0 && i > start && strings.HasPrefix(l, key) {
			end := i
			indent := len(l) - len(strings.TrimLeft(l, " "))
			for end+1 < len(lines) && strings.TrimSpace(lines[end+1]) != "" && len(lines[end+1])-len(strings.TrimLeft(lines[end+1], " ")) > indent {
				end++
			}
			if last := lines[end]; strings.HasSuffix(last, `"`) {
				lines[end] = strings.TrimSuffix(last, `"`) + text + `"`
			} else {
				lines[end] = last + text
			}
			if err := os.WriteFile(file, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatalf("%s: %s %s not found", file, parent, key)
}

// workLines returns the lines of --check output that name work, sorted.
func workLines(out string) []string {
	var l []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if !strings.HasSuffix(line, ": ok") {
			l = append(l, line)
		}
	}
	sort.Strings(l)
	return l
}

// One English message changes in a copy of the catalogues: exactly its
// translations become stale, in every language; --stamp leaves them stale;
// a retranslation is stamped, a checked translation confirmed.
func TestLanguagesStalePerMessage(t *testing.T) {
	dir := copyLocales(t)
	b, err := testdefs.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	if out, errOut, code := languages(t, "--check", "--locales", dir); code != ExitOK {
		t.Fatalf("the shipped catalogues have work before the change (exit %d):\n%s%s", code, out, errOut)
	}

	const id = "question.pay-held.help"
	replaceIn(t, filepath.Join(dir, "en", "core.yaml"),
		"It is pay kept to make you stay.", "It is pay kept back so that you stay.")
	var want []string
	for _, code := range b.Codes() {
		if code != i18n.Source {
			want = append(want, code+": stale (English changed): "+id)
		}
	}
	sort.Strings(want)
	check := func(stage string, want []string) {
		t.Helper()
		out, errOut, code := languages(t, "--check", "--locales", dir)
		if got := workLines(out); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: --check reports\n%s\nwant\n%s", stage, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if (len(want) > 0) != (code == ExitError) || (len(want) > 0 && !strings.Contains(errOut, "need translation work")) {
			t.Errorf("%s: exit %d, stderr %q", stage, code, errOut)
		}
	}
	check("English changed", want)
	if len(want) != 11 {
		t.Errorf("%d languages stale, want 11", len(want))
	}

	// --stamp for every language blesses nothing.
	sums, _ := os.ReadFile(filepath.Join(dir, "ro", i18n.SumFile))
	out, errOut, code := languages(t, "--stamp", "--locales", dir)
	if code != ExitOK || !strings.Contains(out, "ro: still stale: "+id) || strings.Contains(out, "stamped: ") {
		t.Fatalf("--stamp: exit %d\n%s%s", code, out, errOut)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "ro", i18n.SumFile)); !bytes.Equal(sums, after) {
		t.Errorf("--stamp rewrote ro/%s although no translation changed", i18n.SumFile)
	}
	check("after --stamp", want)

	// Vietnamese is retranslated: not stamped until --stamp, then done.
	appendToMessage(t, filepath.Join(dir, "vi", "core.yaml"), "  pay-held:", "    help:", " (2)")
	want = want[:0]
	for _, code := range b.Codes() {
		switch code {
		case i18n.Source:
		case "vi":
			want = append(want, "vi: not stamped: "+id)
		default:
			want = append(want, code+": stale (English changed): "+id)
		}
	}
	sort.Strings(want)
	check("vi retranslated", want)
	if out, _, code := languages(t, "--stamp", "vi", "--locales", dir); code != ExitOK || !strings.Contains(out, "vi: stamped: "+id) {
		t.Fatalf("--stamp vi: exit %d\n%s", code, out)
	}
	// Romanian is checked and left as it is.
	if out, _, code := languages(t, "--confirm", "ro", id, "--locales", dir); code != ExitOK || !strings.Contains(out, "ro: stamped: "+id) {
		t.Fatalf("--confirm ro: exit %d\n%s", code, out)
	}
	var rest []string
	for _, l := range want {
		if !strings.HasPrefix(l, "vi:") && !strings.HasPrefix(l, "ro:") {
			rest = append(rest, l)
		}
	}
	check("vi stamped, ro confirmed", rest)
}

func TestLanguagesStampRefuses(t *testing.T) {
	dir := copyLocales(t)
	// A sum file emptied by redirecting output into it is not taken as a
	// new language: that would record every translation as current.
	empty := filepath.Join(dir, "ro", i18n.SumFile)
	os.WriteFile(empty, nil, 0o644)
	if _, errOut, code := languages(t, "--stamp", "ro", "--locales", dir); code == ExitOK || !strings.Contains(errOut, "ro/source.sum: empty file") {
		t.Errorf("stamp from an empty sum file: exit %d, %s", code, errOut)
	}
	if data, _ := os.ReadFile(empty); len(data) != 0 {
		t.Errorf("the empty sum file was written")
	}
	for _, args := range [][]string{
		{"--confirm", "vi"},
		{"--confirm", "vi", "no.such.message", "--locales", dir},
		{"--stamp", "xx", "--locales", dir},
		{"--stamp", "en", "--locales", dir},
		{"--stamp", "--check"},
		{"vi"},
		{"--locales", dir},
		{"--stamp", "vi", "--locales", filepath.Join(dir, "nowhere")},
	} {
		if out, errOut, code := languages(t, args...); code != ExitUsage || out != "" {
			t.Errorf("%v: exit %d, want %d; out %q err %q", args, code, ExitUsage, out, errOut)
		}
	}
	// A malformed line names the file and the line.
	os.WriteFile(empty, []byte("# c\n807a4f302e7b choice.yes\n"), 0o644)
	if _, errOut, code := languages(t, "--check", "ro", "--locales", dir); code != ExitError || !strings.Contains(errOut, "ro/source.sum:2: found a line of another shape; expected") {
		t.Errorf("malformed sum file: exit %d, %s", code, errOut)
	}
}
