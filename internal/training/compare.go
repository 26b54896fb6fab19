package training

import (
	"slices"

	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/scoring"
)

// Mark says how a trainee's answers relate to the model answers for one ILO
// indicator or one Delphi item.
type Mark int

const (
	// Found: both the model answers and the trainee's answers show it.
	Found Mark = iota
	// Missed: the model answers show it; the trainee's do not.
	Missed
	// Added: the trainee's answers show it; the model answers do not.
	Added
)

func (m Mark) String() string { return [...]string{"found", "missed", "added"}[m] }

// Placement says where the level the trainee chose lies against the model
// range (the floor Level up to the Ceiling).
type Placement int

const (
	// AtLevel: the trainee chose the model level (the floor).
	AtLevel Placement = iota
	// InRange: above the floor, but no higher than the ceiling, which the
	// unknown answers could reach.
	InRange
	// Below: lower than the model level.
	Below
	// Above: higher than even the ceiling.
	Above
)

func (p Placement) String() string { return [...]string{"at-level", "in-range", "below", "above"}[p] }

// Place compares a chosen level with a model range.
func Place(level, floor, ceiling scoring.Level) Placement {
	switch {
	case level == floor:
		return AtLevel
	case level < floor:
		return Below
	case level <= ceiling:
		return InRange
	}
	return Above
}

// IndicatorMark is one ILO indicator that either side's answers show.
type IndicatorMark struct {
	ID   string
	Mark Mark
	// Grade is the strongest Delphi grade among the items that evidence the
	// indicator in Evidence.
	Grade q.Grade
	// Evidence lists the yes answers of either side that show the indicator,
	// in form order, each question once.
	Evidence []scoring.Evidence
}

// ItemMark is one Delphi item that either side's answers show.
type ItemMark struct {
	Item     *q.Item
	Mark     Mark
	Evidence []scoring.Evidence
}

// AnswerDiff is a question the trainee answered differently from the model
// ("" is no answer: skipped, or not asked under the skip logic).
type AnswerDiff struct {
	Question       *q.Question
	Model, Trainee string
}

// Comparison holds a trainee's attempt at a scenario next to the model.
type Comparison struct {
	Scenario       *Scenario
	Model, Trainee *scoring.Result
	// TraineeAnswers are the trainee's answers, indexed like the form's
	// questions; the model's are Scenario.AnswerList.
	TraineeAnswers []string
	// Placed is the level the trainee placed the case at; Placement compares
	// it with the model range.
	Placed     scoring.Level
	Placement  Placement
	Indicators []IndicatorMark // in the form's indicator order
	Items      []ItemMark      // in definition order
	Answers    []AnswerDiff    // in form order
}

// Compare scores the scenario's model answers and the trainee's answers
// (indexed like the form's questions, as session.Answers gives them) with
// the same scorer and compares them, together with the level the trainee
// placed the case at. It is pure: same inputs, same comparison.
func Compare(s *scoring.Scorer, sc *Scenario, answers []string, placed scoring.Level) *Comparison {
	model := s.Score(sc.AnswerList)
	trainee := s.Score(answers)
	answers = append([]string(nil), answers...)
	c := &Comparison{Scenario: sc, Model: model, Trainee: trainee, TraineeAnswers: answers, Placed: placed,
		Placement: Place(placed, model.Level, model.Ceiling)}
	form := model.Form

	modelInd, traineeInd := set(model.Indicators), set(trainee.Indicators)
	for _, id := range form.Indicators {
		m, ok := mark(modelInd[id], traineeInd[id])
		if !ok {
			continue
		}
		im := IndicatorMark{ID: id, Mark: m}
		im.Evidence = union(form, model.Present, trainee.Present, func(e scoring.Evidence) bool { return slices.Contains(e.Question.Indicators, id) })
		for _, e := range im.Evidence {
			if e.Item != nil && e.Item.Grade > im.Grade {
				im.Grade = e.Item.Grade
			}
		}
		c.Indicators = append(c.Indicators, im)
	}

	for _, it := range form.Items {
		m, ok := mark(model.ItemPresent(it), trainee.ItemPresent(it))
		if !ok {
			continue
		}
		c.Items = append(c.Items, ItemMark{Item: it, Mark: m,
			Evidence: union(form, model.Present, trainee.Present, func(e scoring.Evidence) bool { return e.Item == it })})
	}

	// A follow-up the trainee never saw (its gate was answered otherwise)
	// is not a difference: the gate's answer is.
	seen := form.Visibilities(func(qq *q.Question) string {
		if qq.Index < len(answers) {
			return answers[qq.Index]
		}
		return ""
	}, nil)
	for i, qq := range form.Questions {
		var a string
		if i < len(answers) {
			a = answers[i]
		}
		if m := sc.AnswerList[i]; m != a && seen[i] == q.Shown {
			c.Answers = append(c.Answers, AnswerDiff{Question: qq, Model: m, Trainee: a})
		}
	}
	return c
}

// Count returns how many indicators carry the mark.
func (c *Comparison) Count(m Mark) int {
	n := 0
	for _, im := range c.Indicators {
		if im.Mark == m {
			n++
		}
	}
	return n
}

// Matches reports whether the trainee's answers give the model's indicators
// and items and the trainee placed the case at the model level.
func (c *Comparison) Matches() bool {
	for _, it := range c.Items {
		if it.Mark != Found {
			return false
		}
	}
	for _, im := range c.Indicators {
		if im.Mark != Found {
			return false
		}
	}
	return c.Placement == AtLevel
}

func mark(inModel, inTrainee bool) (Mark, bool) {
	switch {
	case inModel && inTrainee:
		return Found, true
	case inModel:
		return Missed, true
	case inTrainee:
		return Added, true
	}
	return 0, false
}

// union merges the evidence of both sides that keep accepts, in form order,
// each question once.
func union(form *q.Form, a, b []scoring.Evidence, keep func(scoring.Evidence) bool) []scoring.Evidence {
	byQ := map[*q.Question]scoring.Evidence{}
	for _, list := range [][]scoring.Evidence{a, b} {
		for _, e := range list {
			if keep(e) {
				if _, ok := byQ[e.Question]; !ok {
					byQ[e.Question] = e
				}
			}
		}
	}
	var out []scoring.Evidence
	for _, qq := range form.Questions {
		if e, ok := byQ[qq]; ok {
			out = append(out, e)
		}
	}
	return out
}

func set(list []string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, s := range list {
		m[s] = true
	}
	return m
}
