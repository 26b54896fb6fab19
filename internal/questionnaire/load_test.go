package questionnaire

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestShippedLoads(t *testing.T) {
	f, err := Shipped()
	if err != nil {
		t.Fatal(err)
	}
	if f.ID != "continuum-core" || f.Version == "" {
		t.Errorf("id %q version %q", f.ID, f.Version)
	}
	if len(f.Items) != 67 {
		t.Errorf("%d Delphi items, want 67", len(f.Items))
	}
	want := map[string]int{DeceptiveRecruitment: 10, CoerciveRecruitment: 10, VulnerabilityRecruitment: 16,
		ExploitativeConditions: 9, CoercionDestination: 15, VulnerabilityDestination: 7}
	for _, d := range f.Dimensions {
		if len(d.Items) != want[d.ID] {
			t.Errorf("%s has %d items, want %d", d.ID, len(d.Items), want[d.ID])
		}
	}
	if len(f.Indicators) != 11 {
		t.Errorf("%d ILO indicators, want 11", len(f.Indicators))
	}
}

// Brevity (issue: at most 16 questions when nothing is found, at most 50 on
// the longest path) and reach (every ILO indicator has a question).
func TestShippedBrevityAndReach(t *testing.T) {
	f, err := Shipped()
	if err != nil {
		t.Fatal(err)
	}
	short, long := f.PathLengths()
	if short > 16 {
		t.Errorf("shortest path %d questions, want at most 16", short)
	}
	if long > 50 {
		t.Errorf("longest path %d questions, want at most 50", long)
	}
	for _, ind := range f.Indicators {
		if len(f.QuestionsFor(ind)) == 0 {
			t.Errorf("ILO indicator %s has no question", ind)
		}
	}
	for _, q := range f.Questions {
		if q.Role == RoleNone && q.Item == nil && len(q.FollowUps) == 0 {
			t.Errorf("question %s evidences nothing", q.ID)
		}
	}
}

// The README lists the Delphi items the questionnaire does not ask about;
// this keeps that list honest.
func TestReadmeListsItemsNotAsked(t *testing.T) {
	f, err := Shipped()
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range f.ItemsNotAsked() {
		if !bytes.Contains(readme, []byte("`"+it.ID+"`")) {
			t.Errorf("README does not list %s among the items not asked", it.ID)
		}
	}
	for _, q := range f.Questions {
		if q.Item != nil && bytes.Contains(readme, []byte("| `"+q.Item.ID+"`")) {
			t.Errorf("README lists %s as not asked, but question %s asks it", q.Item.ID, q.ID)
		}
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
		"evidences-nothing.yaml":           ":15: questions.long-hours: evidences nothing; expected an item, a role, or follow-up questions",
		"gate-after-follow-up.yaml":        `:15: questions.pay-held.show_if.question: gate "pay-problem" comes after this question`,
		"ilo-duplicate.yaml":               `:3: indicators[1]: duplicate indicator id "deception"`,
		"indicators-without-item.yaml":     ":16: questions[2].indicators: indicators without an item",
		"invalid-utf8.yaml":                ":16: invalid UTF-8; expected a UTF-8 text file",
		"list-where-text-expected.yaml":    ":16: questions[2].item: found a list; expected text",
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
		"unknown-key.yaml":                 `:17: unknown key "texte"; expected one of: id, role, show_if, item, indicators`,
		"unknown-kind.yaml":                `:1: kind: unknown kind "questionaire"; expected one of: questionnaire, delphi-items, ilo-indicators`,
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
			_, err := LoadFile(path)
			var errs Errors
			if !errors.As(err, &errs) {
				t.Fatalf("error %v (%T), want Errors", err, err)
			}
			if got := errs.Error(); !strings.Contains(got, path+want) {
				t.Errorf("got:\n%s\nwant a line containing:\n%s%s", got, path, want)
			}
		})
	}
}

func TestOversizeFileRefusedBeforeParsing(t *testing.T) {
	big := append([]byte("kind: questionnaire\nx: \""), bytes.Repeat([]byte("a"), MaxFileSize)...)
	_, err := Build([]File{{Name: "big.yaml", Data: append(big, '"', '\n')}})
	if err == nil || !strings.Contains(err.Error(), "big.yaml: file is 1048602 bytes; expected at most 1048576") {
		t.Errorf("error = %v", err)
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
	f, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if f.ID != "ngo-form" || len(f.Items) != 67 {
		t.Errorf("custom form %s with %d items", f.ID, len(f.Items))
	}
}

func TestAnswers(t *testing.T) {
	f, _ := Shipped()
	if _, err := f.Answers(map[string]string{"danger": "no", "under-18": "maybe"}); err == nil || err.Error() != "answers.under-18: not a valid choice; expected one of: yes, no, dont-know, prefer-not-to-say" {
		t.Errorf("bad choice: %v", err)
	}
	if _, err := f.Answers(map[string]string{"zzz": "no", "aaa": "yes"}); err == nil || err.Error() != `answers: unknown question id "aaa"` {
		t.Errorf("unknown ids are reported in a stable order: %v", err)
	}
	a, err := f.Answers(map[string]string{"danger": "yes"})
	if err != nil || a[f.Question("danger").Index] != "yes" || len(a) != len(f.Questions) {
		t.Errorf("answers = %v, %v", a, err)
	}
}

func FuzzBuild(f *testing.F) {
	files, _ := filepath.Glob("../../testdata/bad/definitions/*.yaml")
	shipped, _ := filepath.Glob("../../indicators/*.yaml")
	for _, p := range append(files, shipped...) {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		form, err := Build([]File{{Name: "fuzz.yaml", Data: data}})
		if err == nil && form == nil {
			t.Fatal("nil form without an error")
		}
		var errs Errors
		if err != nil && !errors.As(err, &errs) {
			t.Fatalf("error of type %T: %v", err, err)
		}
		for _, e := range errs {
			if e.File != "fuzz.yaml" && !strings.HasPrefix(e.File, "fuzz.yaml") {
				t.Fatalf("error names another file: %v", e)
			}
		}
	})
}
