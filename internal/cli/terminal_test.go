package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/continuum-screening/continuum/internal/inert"
)

// Terminal safety: text from a definition set, a directory of services, a
// mapping or an answer file reaches the screen in every output mode, and in
// each its escape sequences and control characters must arrive inert. The
// fixtures in testdata/bad/terminal are accepted by the loaders (the hostile
// parts are only text) and carry a screen clear, a window title, a bell, a
// one-character CSI (C1), hidden text, a hyperlink and a bidirectional
// override.

const terminalDir = "../../testdata/bad/terminal"

// assertInert fails when s carries a raw control character (line breaks and
// tabs aside) or escape sequence, and when it does not show the hostile
// text as visible escapes at all (the text must not vanish either).
func assertInert(t *testing.T, what, s string, visible ...string) {
	t.Helper()
	if !inert.Safe(strings.NewReplacer("\n", "", "\t", "").Replace(s)) {
		i := strings.IndexFunc(s, func(r rune) bool { return inert.Unsafe(r) && r != '\n' && r != '\t' })
		from := max(i-80, 0)
		t.Errorf("%s: raw control characters reach the terminal, near:\n%q", what, s[from:min(len(s), i+80)])
	}
	for _, v := range visible {
		if !strings.Contains(s, v) {
			t.Errorf("%s: %q is not shown:\n%.3000s", what, v, s)
		}
	}
}

func TestTerminalSafety(t *testing.T) {
	defs := filepath.Join(terminalDir, "definitions")
	dir := filepath.Join(terminalDir, "directory.yaml")
	jsonl := filepath.Join(terminalDir, "answers.jsonl")
	csvFile := filepath.Join(terminalDir, "answers.csv")
	// A session that says yes to danger, so that the shelters are shown.
	session := "1\n1\n\n" + strings.Repeat("2\n", 15) + "0\n"
	cases := []struct {
		name    string
		in      string
		args    []string
		json    bool
		visible []string // visible escapes that must be in stdout or stderr
	}{
		{"referrals text", "", []string{"referrals", "--directory", dir}, false, []string{`Shelter \x1b[2J`, `\u202eevil`}},
		{"referrals json", "", []string{"referrals", "--directory", dir, "--json"}, true, []string{`\u001b[2J`, `\u009b31m`, `\u202eevil`}},
		{"referrals validate", "", []string{"referrals", "validate", dir}, false, nil},
		{"session with directory", session, []string{"screen", "--lang", "en", "--directory", dir}, false, []string{`Shelter \x1b[2J`}},
		{"score json", "", []string{"score", jsonl}, true, []string{`\u001b[2J`, `\u009b31m`, `\u202eevil`}},
		{"score table", "", []string{"score", "--format", "table", jsonl}, false, []string{`r1\x1b[2J`}},
		{"score csv", "", []string{"score", "--format", "csv", jsonl}, false, []string{`r1\x1b[2J`, `\u202eevil`}},
		{"score csv from csv", "", []string{"score", "--format", "csv", csvFile}, false, []string{`r1\x1b[2J`, `\u202eevil`}},
		{"score table from csv", "", []string{"score", "--format", "table", csvFile}, false, []string{`r1\x1b[2J`}},
		{"questions", "", []string{"--indicators", defs, "questions"}, false, []string{`\x1b]0;owned`, `\u202eevil`}},
		{"questions json", "", []string{"--indicators", defs, "questions", "--json"}, true, []string{`\u001b]0;owned`, `\u009b31m`}},
		{"indicators", "", []string{"--indicators", defs, "indicators"}, false, []string{`Deception \x1b[41m`}},
		{"indicators json", "", []string{"--indicators", defs, "indicators", "--json"}, true, []string{`Deception \u001b[41m\u0085`}},
		{"validate", "", []string{"validate", defs}, false, nil},
		{"version", "", []string{"--indicators", defs, "version"}, false, nil},
		{"session with definitions", session, []string{"--indicators", defs, "screen", "--lang", "en"}, false, []string{`\x1b]0;owned`}},
		{"score table with definitions", "", []string{"--indicators", defs, "score", "--format", "table", jsonl}, false, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			stdout, stderr, code := runCLI(t, strings.NewReader(c.in), c.args...)
			if code != 0 && code != 3 && code != 1 {
				t.Fatalf("exit %d\nstderr:\n%s", code, stderr)
			}
			assertInert(t, "stdout", stdout)
			assertInert(t, "stderr", stderr)
			assertInert(t, "stdout and stderr", stdout+stderr, c.visible...)
			if c.json {
				for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
					if strings.HasPrefix(line, "{") && strings.HasSuffix(line, "}") && !json.Valid([]byte(line)) && !json.Valid([]byte(stdout)) {
						t.Errorf("not JSON: %.300s", line)
					}
				}
			}
		})
	}
}

// TestErrorMessagesAreInert: a file name and message ids come from files
// too; an error naming them must not carry their escape sequences.
func TestErrorMessagesAreInert(t *testing.T) {
	d := t.TempDir()
	name := filepath.Join(d, "answers\x1b]0;owned\x07\u009b2J.jsonl")
	if err := os.WriteFile(name, []byte("{\"id\":1}\n"), 0o600); err != nil {
		t.Skipf("this file system refuses the name: %v", err)
	}
	_, stderr, code := runCLI(t, strings.NewReader(""), "score", name)
	if code != 3 {
		t.Errorf("exit %d", code)
	}
	assertInert(t, "score error", stderr, `answers\x1b]0;owned\x07\x9b2J.jsonl:1: id: found a JSON number`)

	// A catalogue of an organisation's own whose message id carries an
	// escape sequence and is defined twice.
	defs := t.TempDir()
	data, err := os.ReadFile(filepath.Join(terminalDir, "definitions", "questionnaire.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(defs, "questionnaire.yaml"), data, 0o600)
	os.MkdirAll(filepath.Join(defs, "locales", "en"), 0o700)
	os.WriteFile(filepath.Join(defs, "locales", "en", "a.yaml"), []byte("\"x\\e[2J\": one\n\"x\\e[2J\": two\n"), 0o600)
	_, stderr, code = runCLI(t, strings.NewReader(""), "--indicators", defs, "questions")
	if code != 1 {
		t.Errorf("exit %d\n%s", code, stderr)
	}
	assertInert(t, "catalogue error", stderr)
}
