package training

import (
	"reflect"
	"testing"

	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/scoring"
)

// traineeAnswers copies a scenario's model answers with some changed; an
// empty value removes the answer.
func traineeAnswers(t *testing.T, f *q.Form, sc *Scenario, change map[string]string) []string {
	t.Helper()
	out := append([]string(nil), sc.AnswerList...)
	for id, a := range change {
		qq := f.Question(id)
		if qq == nil {
			t.Fatalf("no question %q", id)
		}
		out[qq.Index] = a
	}
	return out
}

func marks(c *Comparison) (ind map[string]Mark, items map[string]Mark) {
	ind, items = map[string]Mark{}, map[string]Mark{}
	for _, im := range c.Indicators {
		ind[im.ID] = im.Mark
	}
	for _, it := range c.Items {
		items[it.Item.ID] = it.Mark
	}
	return ind, items
}

func TestCompareModelAnswersMatchEveryScenario(t *testing.T) {
	f, set := shipped(t)
	s := scoring.New(f)
	for _, sc := range set.Scenarios {
		c := Compare(s, sc, append([]string(nil), sc.AnswerList...), sc.Expect.Level)
		if !c.Matches() {
			t.Errorf("%s: the model answers placed at the model level do not match: %+v", sc.ID, c)
		}
		if len(c.Answers) != 0 || c.Count(Missed) != 0 || c.Count(Added) != 0 {
			t.Errorf("%s: answers %d, missed %d, added %d; want none", sc.ID, len(c.Answers), c.Count(Missed), c.Count(Added))
		}
		if c.Count(Found) != len(sc.Expect.Indicators) {
			t.Errorf("%s: found %d indicators, the scenario has %d", sc.ID, c.Count(Found), len(sc.Expect.Indicators))
		}
		if len(c.Items) != len(c.Model.Items()) {
			t.Errorf("%s: %d items marked, the model shows %d", sc.ID, len(c.Items), len(c.Model.Items()))
		}
	}
}

// A trainee misses the long hours of the car wash case and reads the
// documents wrongly as kept by the employer.
func TestCompareMissedAndAdded(t *testing.T) {
	f, set := shipped(t)
	sc := set.Scenario("car-wash-long-days")
	ans := traineeAnswers(t, f, sc, map[string]string{"long-hours": q.No, "documents-kept": q.Yes})
	c := Compare(scoring.New(f), sc, ans, 3)

	ind, items := marks(c)
	wantInd := map[string]Mark{"excessive-overtime": Missed, "retention-of-documents": Added}
	if !reflect.DeepEqual(ind, wantInd) {
		t.Errorf("indicators %v, want %v", ind, wantInd)
	}
	wantItems := map[string]Mark{"ex.low-pay": Found, "ex.excessive-hours": Missed, "cd.documents": Added}
	if !reflect.DeepEqual(items, wantItems) {
		t.Errorf("items %v, want %v", items, wantItems)
	}
	for _, im := range c.Indicators {
		if im.Grade != q.Strong {
			t.Errorf("%s: grade %v, want strong", im.ID, im.Grade)
		}
		if len(im.Evidence) != 1 {
			t.Errorf("%s: %d evidence, want 1", im.ID, len(im.Evidence))
		}
	}
	// In the form's indicator order, each with the question that shows it.
	var got []string
	for _, im := range c.Indicators {
		got = append(got, im.ID+"<"+im.Evidence[0].Question.ID)
	}
	if want := []string{"retention-of-documents<documents-kept", "excessive-overtime<long-hours"}; !reflect.DeepEqual(got, want) {
		t.Errorf("evidence %v, want %v", got, want)
	}
	if len(c.Answers) != 2 || c.Answers[0].Question.ID != "long-hours" || c.Answers[0].Model != q.Yes || c.Answers[0].Trainee != q.No ||
		c.Answers[1].Question.ID != "documents-kept" || c.Answers[1].Model != q.No || c.Answers[1].Trainee != q.Yes {
		t.Errorf("answer differences %+v", c.Answers)
	}
	// The added passport is a sign of a menace of penalty and the low pay of
	// conditions not agreed: level 4 under scoring model 2.
	if c.Model.Level != 2 || c.Trainee.Level != 4 {
		t.Errorf("model level %d, trainee answers level %d; want 2 and 4", c.Model.Level, c.Trainee.Level)
	}
	if c.Placement != Above || c.Matches() {
		t.Errorf("placement %v, matches %v; want above, false", c.Placement, c.Matches())
	}
}

// A skipped question differs from the model's answer; follow-ups that the
// trainee's gate answer leaves out were never seen and are not differences
// (the gate's answer is).
func TestCompareSkippedAndGated(t *testing.T) {
	f, set := shipped(t)
	sc := set.Scenario("car-wash-long-days")
	ans := traineeAnswers(t, f, sc, map[string]string{"pay-problem": q.No, "pay-held": "", "pay-deductions": "", "danger": ""})
	c := Compare(scoring.New(f), sc, ans, 2)
	var got []string
	for _, d := range c.Answers {
		got = append(got, d.Question.ID+":"+d.Model+">"+d.Trainee)
	}
	want := []string{"danger:no>", "pay-problem:yes>no"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("differences %v, want %v", got, want)
	}
	_, items := marks(c)
	if items["ex.low-pay"] != Missed {
		t.Errorf("ex.low-pay %v, want missed", items["ex.low-pay"])
	}
	// One strong item alone is not exploitation: the trainee's answers give
	// level 1, while the placement still matches the model level.
	if c.Trainee.Level != 1 || c.Placement != AtLevel || c.Matches() {
		t.Errorf("trainee level %d, placement %v, matches %v", c.Trainee.Level, c.Placement, c.Matches())
	}
}

// A found indicator keeps the evidence of both sides, each question once,
// and its strongest grade.
func TestCompareFoundUnionEvidence(t *testing.T) {
	f, set := shipped(t)
	sc := set.Scenario("kitchen-porter")
	// The model shows abuse of vulnerability by depends-on-employer,
	// unknown-area and fear-authorities; the trainee adds no-money-now.
	ans := traineeAnswers(t, f, sc, map[string]string{"no-money-now": q.Yes})
	c := Compare(scoring.New(f), sc, ans, 3)
	for _, im := range c.Indicators {
		if im.Mark != Found {
			t.Errorf("%s: %v, want found", im.ID, im.Mark)
		}
		seen := map[*q.Question]bool{}
		for i, e := range im.Evidence {
			if seen[e.Question] {
				t.Errorf("%s: question %s twice", im.ID, e.Question.ID)
			}
			seen[e.Question] = true
			if i > 0 && e.Question.Index < im.Evidence[i-1].Question.Index {
				t.Errorf("%s: evidence not in form order", im.ID)
			}
		}
	}
	_, items := marks(c)
	if items["vd.economic"] != Added {
		t.Errorf("vd.economic %v, want added (items %v)", items["vd.economic"], items)
	}
}

func TestPlace(t *testing.T) {
	for _, tc := range []struct {
		level, floor, ceiling scoring.Level
		want                  Placement
	}{
		{2, 2, 2, AtLevel}, {1, 2, 2, Below}, {3, 2, 2, Above},
		{2, 2, 5, AtLevel}, {3, 2, 5, InRange}, {5, 2, 5, InRange}, {0, 2, 5, Below},
		{0, 0, 0, AtLevel}, {5, 4, 4, Above},
	} {
		if got := Place(tc.level, tc.floor, tc.ceiling); got != tc.want {
			t.Errorf("Place(%d, %d, %d) = %v, want %v", tc.level, tc.floor, tc.ceiling, got, tc.want)
		}
	}
}
