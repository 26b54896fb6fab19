package questionnaire

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/continuum-screening/continuum"
)

// shippedFiles reads the shipped definitions straight from the embedded
// files.
func shippedFiles() ([]File, error) {
	entries, err := fs.ReadDir(continuum.Data, "indicators")
	if err != nil {
		return nil, err
	}
	var files []File
	for _, e := range entries {
		p := path.Join("indicators", e.Name())
		data, err := fs.ReadFile(continuum.Data, p)
		if err != nil {
			return nil, err
		}
		files = append(files, File{Name: p, Data: data})
	}
	return files, nil
}

func shipped() (*Form, error) {
	files, err := shippedFiles()
	if err != nil {
		return nil, err
	}
	return Build(files)
}

func TestShippedLoads(t *testing.T) {
	f, err := shipped()
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

// Brevity (at most 16 questions when nothing is found, at most 58 on the
// longest path since questionnaire 1.1.0) and reach (every ILO indicator has a question).
func TestShippedBrevityAndReach(t *testing.T) {
	f, err := shipped()
	if err != nil {
		t.Fatal(err)
	}
	short, long := f.PathLengths()
	if short > 16 {
		t.Errorf("shortest path %d questions, want at most 16", short)
	}
	if long > 58 {
		t.Errorf("longest path %d questions, want at most 58", long)
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
	f, err := shipped()
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

func TestOversizeFileRefusedBeforeParsing(t *testing.T) {
	big := append([]byte("kind: questionnaire\nx: \""), bytes.Repeat([]byte("a"), MaxFileSize)...)
	_, err := Build([]File{{Name: "big.yaml", Data: append(big, '"', '\n')}})
	if err == nil || !strings.Contains(err.Error(), "big.yaml: file is 1048602 bytes; expected at most 1048576") {
		t.Errorf("error = %v", err)
	}
}

func TestAnswers(t *testing.T) {
	f, _ := shipped()
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

// The shipped questionnaire declares one involuntariness question, and it
// evidences no item.
func TestShippedSigns(t *testing.T) {
	f, err := shipped()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, q := range f.Questions {
		if q.Sign != SignNone {
			ids = append(ids, q.ID+":"+string(q.Sign))
			if q.Item != nil || q.Role != RoleNone || len(q.Indicators) > 0 {
				t.Errorf("%s: a sign question with an item, a role or indicators", q.ID)
			}
		}
	}
	if strings.Join(ids, " ") != "cannot-leave:involuntariness" {
		t.Errorf("signs %v, want cannot-leave:involuntariness", ids)
	}
}
