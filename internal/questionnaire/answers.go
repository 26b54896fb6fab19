package questionnaire

import (
	"fmt"
	"strings"
)

// AnswerError is a problem with one answer of a record. It names the question
// and never the answer's value, which may be personal.
type AnswerError struct {
	Question string
	Unknown  bool // the question id is not in the form
}

func (e *AnswerError) Error() string {
	if e.Unknown {
		return fmt.Sprintf("answers: unknown question id %q", e.Question)
	}
	return fmt.Sprintf("answers.%s: not a valid choice; expected one of: %s", e.Question, strings.Join(ChoiceIDs, ", "))
}

// Answers turns a question-id → choice map into a slice indexed like
// f.Questions ("" where there is no answer), checking every id and choice.
func (f *Form) Answers(m map[string]string) ([]string, error) {
	out := make([]string, len(f.Questions))
	// Report problems in a stable order: form order would hide unknown ids,
	// so walk the map's keys sorted.
	var bad *AnswerError
	for id, a := range m {
		q := f.questionByID[id]
		var e *AnswerError
		switch {
		case q == nil:
			e = &AnswerError{Question: id, Unknown: true}
		case !f.IsChoice(a):
			e = &AnswerError{Question: id}
		default:
			out[q.Index] = a
			continue
		}
		if bad == nil || e.Question < bad.Question {
			bad = e
		}
	}
	if bad != nil {
		return nil, bad
	}
	return out, nil
}
