package interview

import (
	"context"
	"strings"
	"testing"

	"github.com/continuum-screening/continuum/internal/prompt"
	"github.com/continuum-screening/continuum/internal/prompt/prompttest"
	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/referral"
	"github.com/continuum-screening/continuum/internal/scoring"
	"github.com/continuum-screening/continuum/internal/testdefs"
)

// shipped is a Config with the shipped definitions in English and the
// fake prompter f.
func shipped(t *testing.T, f *prompttest.Fake) Config {
	t.Helper()
	form, err := testdefs.Form()
	if err != nil {
		t.Fatal(err)
	}
	b, err := testdefs.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	rf, err := testdefs.File(referral.KindRules)
	if err != nil {
		t.Fatal(err)
	}
	rules, err := referral.Parse(form, rf)
	if err != nil {
		t.Fatal(err)
	}
	return Config{Form: form, Scorer: scoring.New(form), Bundle: b, Loc: b.Localizer("en"), Prompter: f, Rules: rules}
}

// answers: consent, then n replies of id, then the review's way on.
func answers(n int, id string) []prompt.Reply {
	r := prompttest.Chose(q.Yes)
	for range n {
		r = append(r, prompttest.Chose(id)...)
	}
	return append(r, prompttest.Chose(ReviewDone)...)
}

func TestScreenDecentWork(t *testing.T) {
	f := &prompttest.Fake{Replies: answers(16, q.No)}
	loc, err := Screen(context.Background(), shipped(t, f))
	if err != nil || loc.Lang() != "en" {
		t.Fatalf("err %v, language %s", err, loc.Lang())
	}
	if got := f.Choices[1].Progress; got != "Part 1 of 16" {
		t.Errorf("first progress %q", got)
	}
	if !f.Choices[1].Skip || f.Choices[1].Back || !f.Choices[2].Back {
		t.Error("a question must offer skip, and back from the second on")
	}
	if len(f.Choices[1].Options) != 4 {
		t.Errorf("a question has %d options; expected yes, no, don't know, prefer not to say", len(f.Choices[1].Options))
	}
	if !strings.Contains(strings.Join(f.Final.Lines, "\n"), "Level 0: Decent work") {
		t.Errorf("result:\n%s", strings.Join(f.Final.Lines, "\n"))
	}
}

func TestScreenDeclined(t *testing.T) {
	for _, r := range [][]prompt.Reply{prompttest.Chose(q.No), {{Action: prompt.Skipped}}} {
		f := &prompttest.Fake{Replies: r}
		if _, err := Screen(context.Background(), shipped(t, f)); err != ErrDeclined || f.Final != nil || len(f.Choices) != 1 {
			t.Errorf("declined: err %v, result %v, %d screens", err, f.Final != nil, len(f.Choices))
		}
	}
}

func TestScreenDangerShowsHelpAtOnce(t *testing.T) {
	r := prompttest.Chose(q.Yes, q.Yes) // consent, danger
	for range 15 {
		r = append(r, prompttest.Chose(q.No)...)
	}
	f := &prompttest.Fake{Replies: append(r, prompttest.Chose(ReviewDone)...)}
	if _, err := Screen(context.Background(), shipped(t, f)); err != nil {
		t.Fatal(err)
	}
	if f.Events[2] != "show:Help in an emergency" {
		t.Fatalf("after the danger question came %q; expected the emergency help", f.Events[2])
	}
	if !strings.HasPrefix(f.Events[3], "choose:Are you under 18") {
		t.Fatalf("the session did not go on: %q", f.Events[3])
	}
}

func TestScreenReviewChange(t *testing.T) {
	r := answers(16, q.No)
	r = r[:len(r)-1]
	// In the review: change long-hours to yes, then see the result.
	r = append(r, prompttest.Chose("long-hours", q.Yes, ReviewDone)...)
	f := &prompttest.Fake{Replies: r}
	if _, err := Screen(context.Background(), shipped(t, f)); err != nil {
		t.Fatal(err)
	}
	changing := f.Choices[len(f.Choices)-2]
	if !strings.HasPrefix(changing.Progress, "Changing an answer") || changing.Current.Main != "Your answer was: No" {
		t.Errorf("changing screen: progress %q, current %q", changing.Progress, changing.Current.Main)
	}
	if !strings.Contains(strings.Join(f.Final.Lines, "\n"), "Level 1: Labour-rights violations") {
		t.Errorf("the change was not scored:\n%s", strings.Join(f.Final.Lines, "\n"))
	}
}

// The language chosen on the first screen is the session's from then on,
// and the one Screen returns for the closing message.
func TestScreenChosenLanguage(t *testing.T) {
	f := &prompttest.Fake{Replies: prompttest.Chose("ro", q.No)}
	c := shipped(t, f)
	c.AskLanguage = true
	loc, err := Screen(context.Background(), c)
	if err != ErrDeclined || loc.Lang() != "ro" || len(f.Locs) != 1 || f.Locs[0] != "ro" {
		t.Fatalf("err %v, language %s, prompter languages %v", err, loc.Lang(), f.Locs)
	}
	if want := c.Bundle.Localizer("ro").T(c.Form.Consent.Title); f.Choices[1].Title.Main != want {
		t.Errorf("consent title %q, want %q", f.Choices[1].Title.Main, want)
	}
}

// The interviewer's language goes beside every text; the same language
// twice is shown once.
func TestScreenAlso(t *testing.T) {
	f := &prompttest.Fake{Replies: prompttest.Chose(q.No)}
	c := shipped(t, f)
	c.Loc, c.Also = c.Bundle.Localizer("ro"), c.Bundle.Localizer("en")
	Screen(context.Background(), c)
	if got, want := f.Choices[0].Title.Also, c.Also.T(c.Form.Consent.Title); got != want {
		t.Errorf("the consent's interviewer's text %q, want %q", got, want)
	}
	f = &prompttest.Fake{Replies: prompttest.Chose(q.No)}
	c.Prompter, c.Loc = f, c.Also
	Screen(context.Background(), c)
	if got := f.Choices[0].Title.Also; got != "" {
		t.Errorf("the same language twice: %q", got)
	}
}
