package questionnaire

// Visibility says whether a question is asked, given the answers so far.
type Visibility int8

const (
	// Hidden: a gate above it was answered in a way that does not open it
	// (typically "no"); its items count as absent.
	Hidden Visibility = iota
	// Shown: every gate above it opened; it is asked.
	Shown
	// Unopened: a gate above it has no usable answer (not answered, or
	// answered "prefer-not-to-say" where that does not open it). It is not
	// asked, but what it would have found is unknown, not absent.
	Unopened
)

// Visibilities computes the visibility of every question, indexed like
// f.Questions. answer returns a question's answer, or "" when there is none.
// Gates come before their follow-ups (the loader checks this), so one pass
// in form order is enough.
func (f *Form) Visibilities(answer func(q *Question) string, out []Visibility) []Visibility {
	if cap(out) < len(f.Questions) {
		out = make([]Visibility, len(f.Questions))
	}
	out = out[:len(f.Questions)]
	for i, q := range f.Questions {
		out[i] = f.visibility(q, answer, out)
	}
	return out
}

func (f *Form) visibility(q *Question, answer func(*Question) string, vis []Visibility) Visibility {
	if q.ShowIf == nil {
		return Shown
	}
	g := q.ShowIf.Gate
	switch vis[g.Index] {
	case Hidden:
		return Hidden
	case Unopened:
		return Unopened
	}
	a := answer(g)
	switch {
	case q.ShowIf.Opens(a):
		return Shown
	case a == "" || a == PreferNot || a == DontKnow:
		return Unopened
	default:
		return Hidden
	}
}

// PathLengths returns how many questions a person answers when every gate is
// answered no (the shortest path) and when every gate is answered yes (the
// longest).
func (f *Form) PathLengths() (shortest, longest int) {
	count := func(a string) int {
		vis := f.Visibilities(func(*Question) string { return a }, nil)
		n := 0
		for _, v := range vis {
			if v == Shown {
				n++
			}
		}
		return n
	}
	return count(No), count(Yes)
}
