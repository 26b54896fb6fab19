package defs

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	q "github.com/continuum-screening/continuum/internal/questionnaire"
)

func TestShipped(t *testing.T) {
	set, err := Shipped()
	if err != nil {
		t.Fatal(err)
	}
	if set.Form.ID != "continuum-core" || set.Rules.File != "indicators/referrals.yaml" {
		t.Errorf("form %s, rules from %s", set.Form.ID, set.Rules.File)
	}
	sc, err := set.Scenarios()
	if err != nil || len(sc.Scenarios) == 0 {
		t.Fatalf("scenarios: %v, %v", sc, err)
	}
	again, _ := set.Scenarios()
	if again != sc {
		t.Error("the scenarios are read again on every call; expected once")
	}
}

// Every file in testdata/bad/definitions is refused with a message that
// names the file, the line and what was expected.
func TestBadDefinitions(t *testing.T) {
	cases := map[string]string{
		"alias-bomb.yaml":                  ":2: YAML anchors and aliases are not allowed",
		"anchor-alias.yaml":                ":16: YAML anchors and aliases are not allowed",
		"bad-id.yaml":                      `:15: questions[2].id: "Long Hours" is not an id; expected lower-case words`,
		"bom-inside.yaml":                  ":16: byte-order mark inside the file",
		"choice-without-label.yaml":        `:7: choices[2].label: choice "dont-know" has no label; expected a message id`,
		"cycle.yaml":                       ":15: questions.pay-problem.show_if: skip logic goes round in a circle: pay-problem -> pay-held -> pay-problem",
		"deep-nesting.yaml":                ":2: nested more than 16 levels deep",
		"delphi-bad-grade.yaml":            `:7: dimensions[0].items[0].grade: "very-strong"; expected strong, medium or weak`,
		"delphi-missing-dimension.yaml":    `:3: dimensions: dimension "coercive-recruitment" is missing`,
		"delphi-unknown-dimension.yaml":    `:4: dimensions[0].id: unknown dimension "recruitment-by-magic"; expected one of: deceptive-recruitment`,
		"delphi-unknown-source.yaml":       `:7: dimensions[0].items[0].source: unknown source "t"; expected a key of sources`,
		"duplicate-id.yaml":                `:17: questions[3].id: duplicate question id "long-hours"; first used at line 15`,
		"empty.yaml":                       ": file is empty; expected a mapping with a kind key",
		"evidences-nothing.yaml":           ":15: questions.long-hours: evidences nothing; expected an item, a role, a sign, or follow-up questions",
		"gate-after-follow-up.yaml":        `:15: questions.pay-held.show_if.question: gate "pay-problem" comes after this question`,
		"ilo-duplicate.yaml":               `:3: indicators[1]: duplicate indicator id "deception"`,
		"indicators-without-item.yaml":     ":16: questions[2].indicators: indicators without an item",
		"invalid-utf8.yaml":                ":16: invalid UTF-8; expected a UTF-8 text file",
		"list-where-text-expected.yaml":    ":16: questions[2].item: found a list; expected a Delphi item id",
		"mapping-where-list-expected.yaml": ":17: questions[2].show_if.answers: found a mapping; expected a list",
		"missing-consent.yaml":             ":1: consent: expected title, text and ask message ids",
		"missing-gate.yaml":                `:15: questions.long-hours.show_if.question: refers to "working-hours", which is not a question of this form`,
		"missing-kind.yaml":                ":1: kind: missing; expected one of: questionnaire, delphi-items, ilo-indicators",
		"missing-version.yaml":             ":1: version: missing; expected a version such as 1.0.0",
		"no-danger-question.yaml":          ":10: questions: no question with role danger; expected exactly one",
		"show-if-unknown-answer.yaml":      `:19: questions[3].show_if.answers[0]: unknown choice "maybe"; expected one of: yes, no, dont-know, prefer-not-to-say`,
		"text-where-list-expected.yaml":    ":10: questions: found text; expected a list",
		"truncated.yaml":                   ":17: not valid YAML (did not find expected node content); expected well-formed YAML",
		"two-danger-questions.yaml":        `:16: questions[2].role: a second danger question; "danger" already has this role`,
		"two-documents.yaml":               ":17: a second YAML document; expected one document per file",
		"unknown-choice.yaml":              `:7: choices[2].id: unknown choice "maybe"; expected one of: yes, no, dont-know, prefer-not-to-say`,
		"unknown-indicator.yaml":           `:17: questions[2].indicators[0]: unknown ILO indicator "overtime"; expected one of: abuse-of-vulnerability`,
		"unknown-item.yaml":                `:16: questions[2].item: unknown Delphi item "ex.very-long-hours"; expected an id from the delphi-items file`,
		"sign-on-flag.yaml":                `:17: questions[2].sign: a third-party question sets a flag; expected no sign`,
		"sign-unknown.yaml":                `:16: questions[2].sign: unknown sign "unfreedom"; expected involuntariness`,
		"sign-with-item.yaml":              `:17: questions[2].sign: a question whose yes is the involuntariness sign evidences no Delphi item; expected no item`,
		"unknown-key.yaml":                 `:17: questions[2]: unknown key "texte"; expected one of: id, role, show_if, item, sign, indicators`,
		"unknown-kind.yaml":                `:1: kind: found another value; expected one of: questionnaire, delphi-items, ilo-indicators, referral-rules, scenarios`,
		"unknown-role.yaml":                `:16: questions[2].role: unknown role "urgent"; expected danger, minor or third-party`,
	}
	files, err := filepath.Glob("../../testdata/bad/definitions/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(cases) {
		t.Errorf("%d bad files, %d cases: every bad file needs its expected message", len(files), len(cases))
	}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			want, ok := cases[name]
			if !ok {
				t.Fatalf("no expected message for %s", name)
			}
			_, err := Load(path)
			var errs q.Errors
			if !errors.As(err, &errs) {
				t.Fatalf("error %v (%T), want Errors", err, err)
			}
			if got := errs.Error(); !strings.Contains(got, path+want) {
				t.Errorf("got:\n%s\nwant a line containing:\n%s%s", got, path, want)
			}
		})
	}
}

func TestCustomDirectoryUsesShippedItems(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("../../indicators/questionnaire.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "mine.yaml"), bytes.ReplaceAll(src, []byte("id: continuum-core"), []byte("id: ngo-form")), 0o600); err != nil {
		t.Fatal(err)
	}
	set, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	f := set.Form
	if f.ID != "ngo-form" || len(f.Items) != 67 {
		t.Errorf("custom form %s with %d items", f.ID, len(f.Items))
	}
}

// The referral rules come from the organisation's folder when it has a
// referral-rules file, and are shipped otherwise.
func TestRulesFromFolder(t *testing.T) {
	set, err := Load(filepath.Join("..", "..", "testdata", "referral", "own-rules"))
	if err != nil {
		t.Fatal(err)
	}
	if set.Rules.Version != "2" || !reflect.DeepEqual(set.Rules.IDs(), []string{"union-workers-centre"}) {
		t.Fatalf("own rules not used: %+v", set.Rules)
	}
	dir := t.TempDir()
	copyFile(t, "../../indicators/questionnaire.yaml", filepath.Join(dir, "form.yaml"))
	set, err = Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if set.Rules.File != "indicators/referrals.yaml" {
		t.Errorf("rules from %s; expected the shipped ones", set.Rules.File)
	}
	copyFile(t, "../../testdata/referral/own-rules/referrals.yaml", filepath.Join(dir, "a.yaml"))
	copyFile(t, "../../testdata/referral/own-rules/referrals.yaml", filepath.Join(dir, "b.yaml"))
	_, err = Load(dir)
	if err == nil || !strings.Contains(err.Error(), "b.yaml: kind: a second referral-rules file; the first is "+filepath.Join(dir, "a.yaml")) {
		t.Errorf("two rules files: %v", err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// Whatever is not a regular file is refused before it is opened, with a
// message naming it: reading /dev/zero would never end, a named pipe would
// wait for a writer forever.
func TestNotRegularFiles(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	dir := t.TempDir()
	copyFile(t, "../../indicators/questionnaire.yaml", filepath.Join(dir, "form.yaml"))
	fifoDir := filepath.Join(dir, "fifo")
	os.Mkdir(fifoDir, 0o700)
	copyFile(t, "../../indicators/questionnaire.yaml", filepath.Join(fifoDir, "form.yaml"))
	if err := syscall.Mkfifo(filepath.Join(fifoDir, "x.yaml"), 0o600); err != nil {
		t.Skip("no named pipes:", err)
	}
	zeroDir := filepath.Join(dir, "zero")
	os.Mkdir(zeroDir, 0o700)
	copyFile(t, "../../indicators/questionnaire.yaml", filepath.Join(zeroDir, "form.yaml"))
	os.Symlink("/dev/zero", filepath.Join(zeroDir, "items.yaml"))
	localeDir := filepath.Join(dir, "locale")
	os.MkdirAll(filepath.Join(localeDir, "locales", "en"), 0o700)
	copyFile(t, "../../indicators/questionnaire.yaml", filepath.Join(localeDir, "form.yaml"))
	os.Symlink("/dev/zero", filepath.Join(localeDir, "locales", "en", "mine.yaml"))
	folderDir := filepath.Join(dir, "folder")
	os.MkdirAll(filepath.Join(folderDir, "sub"), 0o700)
	copyFile(t, "../../indicators/questionnaire.yaml", filepath.Join(folderDir, "form.yaml"))
	os.Symlink("sub", filepath.Join(folderDir, "linked.yaml"))

	cases := []struct {
		name, path, want string
	}{
		{"device", "/dev/zero", "/dev/zero: a device, not a regular file; expected a definitions file (YAML)"},
		{"named pipe in the folder", fifoDir, filepath.Join(fifoDir, "x.yaml") + ": a named pipe, not a regular file; expected a definitions file (YAML)"},
		{"link to a device", zeroDir, filepath.Join(zeroDir, "items.yaml") + ": a device, not a regular file; expected a definitions file (YAML)"},
		{"catalogue linked to a device", localeDir, filepath.Join(localeDir, "locales", "en", "mine.yaml") + ": a device, not a regular file; expected a catalogue file (YAML)"},
		{"link to a folder", folderDir, filepath.Join(folderDir, "linked.yaml") + ": a folder; expected a definitions file (YAML)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			done := make(chan error, 1)
			go func() {
				_, err := Load(c.path)
				done <- err
			}()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), c.want) {
					t.Errorf("error %v; expected one containing %q", err, c.want)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("still reading after 20 s")
			}
		})
	}
}

func TestReadDirectoryRefusesDevices(t *testing.T) {
	set, err := Shipped()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"/dev/zero", "/dev/urandom"} {
		if _, err := os.Stat(name); err != nil {
			continue
		}
		_, err := ReadDirectory(set.Rules, name)
		var e *q.Error
		if !errors.As(err, &e) || e.Error() != name+": a device, not a regular file; expected a directory file (YAML)" {
			t.Errorf("%s: %v", name, err)
		}
	}
	_, err = ReadDirectory(set.Rules, t.TempDir())
	if err == nil || !strings.HasSuffix(err.Error(), ": a folder; expected a directory file (YAML)") {
		t.Errorf("a folder: %v", err)
	}
}
