package session

import (
	"testing"

	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/testdefs"
)

func shipped(t *testing.T) *q.Form {
	t.Helper()
	f, err := testdefs.Form()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func expectAt(t *testing.T, s *Session, id string, n, total int) {
	t.Helper()
	cur := s.Current()
	if cur == nil {
		t.Fatalf("in review; expected question %s", id)
	}
	if cur.ID != id {
		t.Fatalf("at %s; expected %s", cur.ID, id)
	}
	gn, gt := s.Progress()
	if gn != n || gt != total {
		t.Fatalf("at %s: progress %d of %d; expected %d of %d", id, gn, gt, n, total)
	}
}

func TestAllNoIsTheShortestPath(t *testing.T) {
	f := shipped(t)
	short, _ := f.PathLengths()
	s := New(f)
	expectAt(t, s, "danger", 1, short)
	for i := 0; s.Phase() == Asking; i++ {
		n, total := s.Progress()
		if n != i+1 || total != short {
			t.Fatalf("step %d: progress %d of %d; expected %d of %d", i, n, total, i+1, short)
		}
		s.Respond(q.No)
	}
	if got := len(s.Review()); got != short {
		t.Fatalf("review lists %d questions; expected %d", got, short)
	}
}

func TestGateOpensFollowUpsAndProgressGrows(t *testing.T) {
	f := shipped(t)
	short, _ := f.PathLengths()
	s := New(f)
	s.Respond(q.No) // danger
	s.Respond(q.No) // under-18
	s.Respond(q.No) // arranged-by-other
	expectAt(t, s, "promise-differs", 4, short)
	s.Respond(q.Yes)
	expectAt(t, s, "promise-work", 5, short+5)
	s.Respond(q.Yes)
	expectAt(t, s, "promise-pay", 6, short+5)

	// Back to the gate, answer no: the follow-ups close and their answers go.
	if !s.Back() || !s.Back() {
		t.Fatal("back refused")
	}
	expectAt(t, s, "promise-differs", 4, short+5)
	cleared := s.Respond(q.No)
	if len(cleared) != 1 || cleared[0].ID != "promise-work" {
		t.Fatalf("cleared %v; expected promise-work", ids(cleared))
	}
	if a := s.Answer(f.Question("promise-work")); a != "" {
		t.Fatalf("promise-work kept answer %q after its gate closed", a)
	}
	expectAt(t, s, "recruitment-force", 5, short)
}

func TestDontKnowOpensSkipDoesNot(t *testing.T) {
	f := shipped(t)
	s := New(f)
	for i := 0; i < 3; i++ {
		s.Respond(q.No)
	}
	s.Respond(q.DontKnow) // promise-differs: don't know opens
	if s.Current().ID != "promise-work" {
		t.Fatalf("at %s; expected promise-work", s.Current().ID)
	}
	s2 := New(f)
	for i := 0; i < 3; i++ {
		s2.Respond(q.No)
	}
	s2.Skip() // promise-differs skipped: follow-ups are not asked
	if s2.Current().ID != "recruitment-force" {
		t.Fatalf("at %s; expected recruitment-force", s2.Current().ID)
	}
}

func TestBackAtFirstQuestion(t *testing.T) {
	s := New(shipped(t))
	if s.Back() {
		t.Fatal("back from the first question should be refused")
	}
	expectAt(t, s, "danger", 1, 16)
}

func TestReviewChangeAsksWhatTheChangeOpens(t *testing.T) {
	f := shipped(t)
	short, _ := f.PathLengths()
	s := New(f)
	for s.Phase() == Asking {
		s.Respond(q.No)
	}
	if s.Current() != nil {
		t.Fatal("current question in review")
	}
	if n, total := s.Progress(); n != 0 || total != short {
		t.Fatalf("review progress %d of %d", n, total)
	}
	if !s.Change(f.Question("threats-harm")) {
		t.Fatal("change refused")
	}
	if !s.Changing() {
		t.Fatal("not changing")
	}
	s.Respond(q.Yes)
	// The five follow-ups are asked, then the review comes back.
	for _, id := range []string{"hurt-at-work", "threat-violence", "threat-report", "threat-family", "made-to-take-drugs"} {
		if s.Current() == nil || s.Current().ID != id {
			t.Fatalf("expected %s", id)
		}
		s.Respond(q.No)
	}
	if s.Phase() != Reviewing {
		t.Fatalf("expected the review after the follow-ups, at %s", s.Current().ID)
	}
	if got := len(s.Review()); got != short+5 {
		t.Fatalf("review lists %d; expected %d", got, short+5)
	}
	// Changing a plain answer returns straight to the review.
	s.Change(f.Question("long-hours"))
	s.Respond(q.Yes)
	if s.Phase() != Reviewing {
		t.Fatal("expected the review")
	}
	if s.Answer(f.Question("long-hours")) != q.Yes {
		t.Fatal("change not kept")
	}
	// Closing the gate from the review clears the follow-ups.
	s.Change(f.Question("threats-harm"))
	cleared := s.Respond(q.No)
	if len(cleared) != 5 {
		t.Fatalf("cleared %v; expected the five follow-ups", ids(cleared))
	}
	if s.Phase() != Reviewing || len(s.Review()) != short {
		t.Fatal("expected the short review again")
	}
	// A hidden question cannot be changed.
	if s.Change(f.Question("hurt-at-work")) {
		t.Fatal("changed a question that does not apply")
	}
}

func TestBackFromReviewAndWhileChanging(t *testing.T) {
	f := shipped(t)
	s := New(f)
	for s.Phase() == Asking {
		s.Respond(q.No)
	}
	if !s.Back() {
		t.Fatal("back from review refused")
	}
	last := s.Review()[len(s.Review())-1]
	if s.Current() != last {
		t.Fatalf("back from review went to %s; expected %s", s.Current().ID, last.ID)
	}
	s.Respond(q.No)
	s.Change(f.Question("danger"))
	if !s.Back() || s.Phase() != Reviewing {
		t.Fatal("back while changing should return to the review")
	}
	if s.Answer(f.Question("danger")) != q.No {
		t.Fatal("back while changing lost the answer")
	}
}

func TestAnswersAreACopy(t *testing.T) {
	f := shipped(t)
	s := New(f)
	s.Respond(q.Yes)
	a := s.Answers()
	a[0] = "x"
	if s.Answer(f.Questions[0]) != q.Yes {
		t.Fatal("Answers exposed the session's slice")
	}
}

func ids(qs []*q.Question) []string {
	var out []string
	for _, qq := range qs {
		out = append(out, qq.ID)
	}
	return out
}

// The number of parts stays the same when gates open follow-ups; the part
// goes up with each question asked whatever the answers, and a follow-up
// is in its gate's part.
func TestPartDoesNotMove(t *testing.T) {
	f := shipped(t)
	s := New(f)
	_, total := s.Part()
	parts := 0
	for _, qq := range f.Questions {
		if qq.ShowIf == nil {
			parts++
		}
	}
	if total != parts {
		t.Fatalf("%d parts, want %d", total, parts)
	}
	last := 0
	for s.Phase() == Asking {
		n, tt := s.Part()
		if tt != total || n < last || n > last+1 {
			t.Fatalf("at %s: part %d of %d after part %d", s.Current().ID, n, tt, last)
		}
		if s.Current().ShowIf != nil && n != last {
			t.Fatalf("the follow-up %s starts a new part", s.Current().ID)
		}
		last = n
		s.Respond(q.Yes) // every gate opens
	}
	if last != total {
		t.Errorf("the last part is %d of %d", last, total)
	}
}
