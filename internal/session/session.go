// Package session is the state of one screening conversation: which question
// comes next under the skip logic, where the person is ("question 4 of 14"),
// going back, and reviewing and changing answers. It is pure: no terminal, no
// language, no clock; the prompters and the command drive it.
package session

import (
	q "github.com/continuum-screening/continuum/internal/questionnaire"
)

// Phase is where the session is.
type Phase int

const (
	// Asking: a question is on screen (Current).
	Asking Phase = iota
	// Reviewing: every question that applies has been visited; the person
	// can change any answer or go on to the result.
	Reviewing
)

// Session walks a form one question at a time. The zero value is not usable;
// call New.
type Session struct {
	form    *q.Form
	answers []string // by question index; "" = no answer (skipped or not asked)
	visited []bool   // asked at least once since it last became applicable
	vis     []q.Visibility
	cur     int
	phase   Phase
	// changing: the current question was chosen from the review; when it
	// and any follow-ups it opens are done, the session returns to the review.
	changing bool
}

// New starts a session at the form's first question.
func New(form *q.Form) *Session {
	n := len(form.Questions)
	s := &Session{form: form, answers: make([]string, n), visited: make([]bool, n)}
	s.refresh()
	s.cur = s.nextShown(-1)
	if s.cur < 0 {
		s.phase = Reviewing
	}
	return s
}

func (s *Session) refresh() {
	s.vis = s.form.Visibilities(func(qq *q.Question) string { return s.answers[qq.Index] }, s.vis)
}

// Form returns the session's form.
func (s *Session) Form() *q.Form { return s.form }

// Phase says whether a question is being asked or the answers are in review.
func (s *Session) Phase() Phase { return s.phase }

// Current returns the question on screen, or nil in the review.
func (s *Session) Current() *q.Question {
	if s.phase != Asking {
		return nil
	}
	return s.form.Questions[s.cur]
}

// Changing reports whether the current question was chosen from the review.
func (s *Session) Changing() bool { return s.phase == Asking && s.changing }

// Answer returns the answer given to a question ("" when none).
func (s *Session) Answer(qq *q.Question) string { return s.answers[qq.Index] }

// Shown reports whether a question applies under the answers so far.
func (s *Session) Shown(qq *q.Question) bool { return s.vis[qq.Index] == q.Shown }

// Answers returns a copy of the answers, indexed like the form's questions,
// ready for scoring.
func (s *Session) Answers() []string { return append([]string(nil), s.answers...) }

// Progress returns the current question's position among the questions that
// apply now, and how many apply. The total grows when a gate opens follow-ups
// and shrinks when it closes them. In the review, n is 0.
func (s *Session) Progress() (n, total int) {
	for i, v := range s.vis {
		if v != q.Shown {
			continue
		}
		total++
		if s.phase == Asking && i <= s.cur {
			n++
		}
	}
	return n, total
}

// Part returns the progress by part: a part is a question asked whatever
// the answers, with the follow-ups it opens. Unlike Progress, the number of
// parts does not grow as gates open, so the goal does not move.
func (s *Session) Part() (n, total int) {
	for i, qq := range s.form.Questions {
		if qq.ShowIf != nil {
			continue
		}
		total++
		if s.phase == Asking && i <= s.cur {
			n++
		}
	}
	return n, total
}

// Respond records the answer to the current question ("" skips it) and moves
// on. It returns the questions whose answers were cleared because a gate
// change means they no longer apply.
func (s *Session) Respond(answer string) (cleared []*q.Question) {
	if s.phase != Asking {
		return nil
	}
	s.answers[s.cur] = answer
	s.visited[s.cur] = true
	s.refresh()
	for i, v := range s.vis {
		if v != q.Shown && (s.answers[i] != "" || s.visited[i]) {
			if s.answers[i] != "" {
				cleared = append(cleared, s.form.Questions[i])
			}
			s.answers[i] = ""
			s.visited[i] = false
		}
	}
	if s.changing {
		// Ask what the change opened, then return to the review.
		s.cur = s.nextUnvisited(s.cur)
	} else {
		s.cur = s.nextShown(s.cur)
	}
	if s.cur < 0 {
		s.toReview()
	}
	return cleared
}

// Skip leaves the current question unanswered and moves on.
func (s *Session) Skip() []*q.Question { return s.Respond("") }

// Back goes to the previous question that applies; from the review, to the
// last question; while changing an answer, back to the review. It reports
// false when there is nowhere to go (the first question).
func (s *Session) Back() bool {
	switch {
	case s.phase == Reviewing:
		last := s.prevShown(len(s.form.Questions))
		if last < 0 {
			return false
		}
		s.phase, s.cur, s.changing = Asking, last, false
		return true
	case s.changing:
		s.toReview()
		return true
	}
	prev := s.prevShown(s.cur)
	if prev < 0 {
		return false
	}
	s.cur = prev
	return true
}

// Review lists the questions that apply, in form order, for the review
// screen. Their answers are Answer(q); "" means not answered.
func (s *Session) Review() []*q.Question {
	var out []*q.Question
	for i, v := range s.vis {
		if v == q.Shown {
			out = append(out, s.form.Questions[i])
		}
	}
	return out
}

// Change opens a question from the review. It reports false when the question
// does not apply (it is not on the review).
func (s *Session) Change(qq *q.Question) bool {
	if s.phase != Reviewing || qq == nil || s.vis[qq.Index] != q.Shown {
		return false
	}
	s.phase, s.cur, s.changing = Asking, qq.Index, true
	return true
}

func (s *Session) toReview() {
	s.phase, s.cur, s.changing = Reviewing, -1, false
}

func (s *Session) nextShown(after int) int {
	for i := after + 1; i < len(s.vis); i++ {
		if s.vis[i] == q.Shown {
			return i
		}
	}
	return -1
}

func (s *Session) prevShown(before int) int {
	for i := before - 1; i >= 0; i-- {
		if s.vis[i] == q.Shown {
			return i
		}
	}
	return -1
}

func (s *Session) nextUnvisited(after int) int {
	for i := after + 1; i < len(s.vis); i++ {
		if s.vis[i] == q.Shown && !s.visited[i] {
			return i
		}
	}
	return -1
}
