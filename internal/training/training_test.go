package training

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/continuum-screening/continuum/internal/i18n"
	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/scoring"
	"github.com/continuum-screening/continuum/internal/testdefs"
)

func shipped(t testing.TB) (*q.Form, *Set) {
	t.Helper()
	f, err := testdefs.Form()
	if err != nil {
		t.Fatal(err)
	}
	sf, err := testdefs.File(Kind)
	if err != nil {
		t.Fatal(err)
	}
	set, err := Parse(sf.Name, sf.Data, f)
	if err != nil {
		t.Fatal(err)
	}
	return f, set
}

// TestScenariosScore scores every scenario's model answers with the real
// scorer and checks the stated result: level (the floor), ceiling, flags,
// indicators and the questions that could raise the level. A change to the
// scoring model or the questionnaire that moves a case fails here.
func TestScenariosScore(t *testing.T) {
	f, set := shipped(t)
	s := scoring.New(f)
	for _, sc := range set.Scenarios {
		t.Run(sc.ID, func(t *testing.T) {
			r := s.Score(sc.AnswerList)
			e := sc.Expect
			if r.Level != e.Floor() || r.Ceiling != e.Ceiling {
				t.Errorf("level (floor) %d, ceiling %d; the file states %d and %d", r.Level, r.Ceiling, e.Level, e.Ceiling)
			}
			if got := r.Minor == scoring.Yes; got != e.Minor {
				t.Errorf("minor %v, the file states %v", got, e.Minor)
			}
			if got := r.Danger == scoring.Yes; got != e.Danger {
				t.Errorf("danger %v, the file states %v", got, e.Danger)
			}
			if got := nonNil(r.Indicators); !reflect.DeepEqual(got, nonNil(e.Indicators)) {
				t.Errorf("indicators %v, the file states %v", got, e.Indicators)
			}
			var raise []string
			for _, qq := range r.CouldRaise {
				raise = append(raise, qq.ID)
			}
			if !reflect.DeepEqual(nonNil(raise), nonNil(e.CouldRaise)) {
				t.Errorf("could raise %v, the file states %v", raise, e.CouldRaise)
			}
			if len(r.Inconsistent) > 0 {
				t.Errorf("%d answers the skip logic does not ask", len(r.Inconsistent))
			}
		})
	}
}

// The model answers state the result under the default model, 2. Under
// model 1 the same answers give the same result except in the cases listed
// here, whose teaching notes say why; the two cases written for model 2
// turn on one of its rules: the answer "cannot leave" as the sign that the
// work is not freely chosen, and forced illegal acts as exploitation of a
// child.
func TestScenariosUnderModel1(t *testing.T) {
	f, set := shipped(t)
	m2, m1 := scoring.NewModel(f, scoring.Model2), scoring.NewModel(f, scoring.Model1)
	differ := map[string][2]scoring.Level{ // floor and ceiling under model 1
		"scaffold-fee":         {3, 3},
		"hotel-rooms":          {2, 3},
		"furniture-workshop":   {0, 3},
		"warehouse-night-line": {3, 3},
		"plants-under-lamps":   {3, 3},
	}
	for _, sc := range set.Scenarios {
		r1 := m1.Score(sc.AnswerList)
		want := [2]scoring.Level{sc.Expect.Floor(), sc.Expect.Ceiling}
		if d, ok := differ[sc.ID]; ok {
			want = d
		}
		if got := [2]scoring.Level{r1.Level, r1.Ceiling}; got != want {
			t.Errorf("%s: model 1 gives %d..%d; want %d..%d", sc.ID, got[0], got[1], want[0], want[1])
		}
	}
	for id := range differ {
		if set.Scenario(id) == nil {
			t.Errorf("no scenario %s", id)
		}
	}
	// The worker who cannot leave: level 4 is decided by the coercion seen
	// used on a co-worker and the yes to cannot-leave, which the trace names.
	sc := set.Scenario("warehouse-night-line")
	r := m2.Score(sc.AnswerList)
	if r.LevelRule != scoring.RuleForcedLabourSigns || len(r.SignAnswers) != 1 || r.SignAnswers[0].ID != "cannot-leave" {
		t.Errorf("warehouse-night-line: rule %s, sign answers %d; want level 4 from the yes to cannot-leave", r.LevelRule, len(r.SignAnswers))
	}
	// The child made to break the law: level 5 by the child rule, with the
	// forced illegal acts as the exploitation.
	sc = set.Scenario("plants-under-lamps")
	r = m2.Score(sc.AnswerList)
	if r.LevelRule != scoring.RuleTraffickingChild || r.Minor != scoring.Yes {
		t.Errorf("plants-under-lamps: rule %s, minor %v; want the child rule of level 5", r.LevelRule, r.Minor)
	}
	if !slices.Contains(r.Items(), "cd.illicit-activities") {
		t.Errorf("plants-under-lamps: items %v lack cd.illicit-activities", r.Items())
	}
}

// TestScenariosCoverage checks what trainers were promised: at least 12
// cases covering every level, at least five sectors, a minor, an immediate
// danger, and borderline cases where unknown answers leave a range.
func TestScenariosCoverage(t *testing.T) {
	_, set := shipped(t)
	if n := len(set.Scenarios); n < 12 {
		t.Errorf("%d scenarios; want at least 12", n)
	}
	levels := map[scoring.Level]bool{}
	sectors := map[string]bool{}
	var minor, danger, dontKnow, preferNot, borderline int
	for _, sc := range set.Scenarios {
		levels[sc.Expect.Level] = true
		sectors[sc.Sector] = true
		if sc.Expect.Minor {
			minor++
		}
		if sc.Expect.Danger {
			danger++
		}
		if sc.Expect.Ceiling > sc.Expect.Level {
			borderline++
			for _, a := range sc.Answers {
				switch a {
				case q.DontKnow:
					dontKnow++
				case q.PreferNot:
					preferNot++
				}
			}
		}
	}
	for _, l := range scoring.Levels() {
		if !levels[l] {
			t.Errorf("no scenario at level %d", l)
		}
	}
	if len(sectors) < 5 {
		t.Errorf("%d sectors %v; want at least 5", len(sectors), sectors)
	}
	if minor == 0 {
		t.Error("no scenario with a person under 18")
	}
	if danger == 0 {
		t.Error("no scenario with immediate danger")
	}
	if borderline < 3 {
		t.Errorf("%d borderline scenarios (ceiling above the level); want at least 3", borderline)
	}
	if dontKnow == 0 || preferNot == 0 {
		t.Errorf("borderline scenarios use don't know %d times and prefer not to say %d times; want both", dontKnow, preferNot)
	}
}

// TestScenarioTexts checks that every scenario has its title, vignette and
// teaching note in English, that the vignettes are 80 to 150 words (short
// enough to read aloud), and that every shipped language renders them
// (falling back to English where a translation is still missing).
func TestScenarioTexts(t *testing.T) {
	_, set := shipped(t)
	b, err := testdefs.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	en := b.Catalog(i18n.Source)
	for _, id := range append(set.MessageIDs(), "training.label", "training.fictional", "training.instructions") {
		if m := en.Messages[id]; m == nil || strings.TrimSpace(m.Text) == "" {
			t.Errorf("no English text for %s", id)
		}
	}
	for _, s := range Sectors {
		if en.Messages["training.sector."+s] == nil {
			t.Errorf("no English label for sector %s", s)
		}
	}
	for _, sc := range set.Scenarios {
		m := en.Messages[sc.TextID()]
		if m == nil {
			continue
		}
		if n := len(strings.Fields(m.Text)); n < 80 || n > 150 {
			t.Errorf("%s: %d words; want 80 to 150", sc.TextID(), n)
		}
	}
	for _, code := range b.Codes() {
		loc := b.Localizer(code)
		for _, id := range set.MessageIDs() {
			if got := loc.T(id); got == id || strings.TrimSpace(got) == "" {
				t.Errorf("%s: %s renders as %q", code, id, got)
			}
		}
	}
}

// Every file in testdata/training is refused with a message that names the
// file, the line, the field and what was expected.
func TestBadScenarios(t *testing.T) {
	f, _ := shipped(t)
	cases := map[string]string{
		"alias.yaml":             ":5: YAML anchors and aliases are not allowed",
		"unknown-key.yaml":       `:5: scenarios[0]: unknown key "level"; expected one of: id, sector, answers, expect`,
		"unknown-question.yaml":  `:9: scenarios[0].answers.overtime: unknown question id "overtime"; expected an id of questionnaire continuum-core`,
		"bad-choice.yaml":        `:6: scenarios[0].answers.danger: "maybe" is not a choice; expected one of: yes, no, dont-know, prefer-not-to-say`,
		"skipped-answered.yaml":  `:11: scenarios[0].answers.promise-pay: answered, but promise-differs is "no", which skips it`,
		"unopened-answered.yaml": `:12: scenarios[0].answers.no-money-before: answered, but hard-situation is "prefer-not-to-say", which skips it`,
		"missing-answer.yaml":    `:6: scenarios[0].answers.promise-work: missing, but promise-differs is "yes", which asks it`,
		"missing-base.yaml":      `:6: scenarios[0].answers.situation-now: missing, but it is always asked`,
		"bad-level.yaml":         `:23: scenarios[0].expect.level: found a number out of range; expected a level from 0 to 5`,
		"bad-sector.yaml":        `:4: scenarios[0].sector: unknown sector "mining"; expected one of: agriculture`,
		"bad-indicator.yaml":     `:26: scenarios[0].expect.indicators[0]: unknown ILO indicator "overwork"`,
		"ceiling-below.yaml":     `:24: scenarios[0].expect.ceiling: 1 is below level 2`,
		"no-could-raise.yaml":    `:23: scenarios[0].expect.could_raise: missing; the ceiling is above the level`,
		"duplicate-id.yaml":      `:26: scenarios[1].id: duplicate scenario id "same"; first used at line 3`,
		"duplicate-key.yaml":     `:7: scenarios[0].answers.danger: given twice (first at line 6); expected each key once`,
		"wrong-kind.yaml":        `:1: kind: found another value; expected scenarios`,
		"list-as-answers.yaml":   `:6: scenarios[0].answers: found a list; expected a mapping of question id to answer`,
		"two-documents.yaml":     `:2: a second YAML document`,
		"empty.yaml":             `: file is empty`,
	}
	files, err := filepath.Glob("../../testdata/training/*.yaml")
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
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			_, err = Parse(path, data, f)
			var errs q.Errors
			if !errors.As(err, &errs) {
				t.Fatalf("error %v (%T), want questionnaire.Errors", err, err)
			}
			if !strings.Contains(err.Error(), want) {
				t.Errorf("got:\n%v\nwant a line containing:\n%s", err, want)
			}
			if !strings.HasPrefix(err.Error(), path+":") {
				t.Errorf("message does not start with the file name: %v", err)
			}
		})
	}
}

func TestSizeLimit(t *testing.T) {
	f, _ := shipped(t)
	big := "kind: scenarios\n" + strings.Repeat("# padding\n", q.MaxFileSize/10+1)
	_, err := Parse("big.yaml", []byte(big), f)
	if err == nil || !strings.Contains(err.Error(), "expected at most") {
		t.Errorf("a file over the size limit: %v", err)
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// FuzzParse feeds the scenarios reader arbitrary files: it never panics,
// every problem names the file, and an accepted set holds only scenarios
// whose answers the form can score.
func FuzzParse(f *testing.F) {
	form, _ := shipped(f)
	sf, err := testdefs.File(Kind)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(sf.Data)
	files, _ := filepath.Glob("../../testdata/training/*.yaml")
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		set, err := Parse("f.yaml", data, form)
		if err != nil {
			errs, ok := err.(q.Errors)
			if !ok || len(errs) == 0 {
				t.Fatalf("error of type %T: %v", err, err)
			}
			for _, e := range errs {
				if e.File != "f.yaml" {
					t.Fatalf("error does not name the file: %v", e)
				}
			}
			return
		}
		for _, sc := range set.Scenarios {
			if len(sc.AnswerList) != len(form.Questions) || !sc.Expect.Level.Valid() || !sc.Expect.Ceiling.Valid() {
				t.Fatalf("accepted scenario %q: %+v", sc.ID, sc)
			}
		}
	})
}
