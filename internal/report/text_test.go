package report

import (
	"strings"
	"testing"

	"github.com/continuum-screening/continuum/internal/scoring"
	"github.com/continuum-screening/continuum/internal/testdefs"
)

func TestResultTextRangeAndScale(t *testing.T) {
	form, err := testdefs.Form()
	if err != nil {
		t.Fatal(err)
	}
	b, err := testdefs.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	loc := b.Localizer("en")
	s := scoring.New(form)
	answers, err := form.Answers(map[string]string{"danger": "no", "under-18": "no", "long-hours": "yes",
		"documents-kept": "yes", "debt-trap": "dont-know", "threats-harm": "prefer-not-to-say"})
	if err != nil {
		t.Fatal(err)
	}
	r := s.Score(answers)
	if r.Ceiling <= r.Level {
		t.Fatalf("expected a range, got %d..%d", r.Level, r.Ceiling)
	}
	text := strings.Join(ResultText(s, r, loc, ResultOptions{}), "\n")
	for _, want := range []string{
		">> " + itoa(r.Level) + "  " + LevelName(loc, r.Level),
		"← these answers",
		"← as high as this if the unknown answers were yes",
		"These questions could raise it if the answer were yes:",
		"  - Retention of identity documents",
		"shown by the answer Yes to: Does someone else keep your passport",
		"Help services are not set up",
		"This is a screening, not an identification.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("result lacks %q:\n%s", want, text)
		}
	}
	// The levels between floor and ceiling are marked too: no colour needed.
	if !strings.Contains(text, " : "+itoa(r.Ceiling)+"  ") {
		t.Errorf("ceiling not marked on the scale:\n%s", text)
	}
	if strings.Contains(strings.ToLower(text), "victim") {
		t.Error("the result names a victim")
	}
	withRef := ResultText(s, r, loc, ResultOptions{Referrals: []string{"a service"}, Explain: true})
	joined := strings.Join(withRef, "\n")
	if !strings.Contains(joined, "  a service") || strings.Contains(joined, "not set up") || !strings.Contains(joined, "How the result was reached:") {
		t.Errorf("referrals or explain missing:\n%s", joined)
	}
}

func itoa(n scoring.Level) string { return string(rune('0' + int(n))) }

// The note after a handout or a form: per language of codes, in that order,
// how many texts fell back to English.
func TestMissingTranslations(t *testing.T) {
	b, err := testdefs.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	l := b.Localizer("en")
	got := MissingTranslations(l, b, []string{"ro", "pl", "en"}, []string{"pl: a", "ro: b", "pl: c", "de: d"})
	want := []string{
		l.N("handout.missing-translation", 1, "Language", b.Catalog("ro").Meta.Name),
		l.N("handout.missing-translation", 2, "Language", b.Catalog("pl").Meta.Name),
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") || len(got) != 2 {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if MissingTranslations(l, b, b.Codes(), nil) != nil {
		t.Error("lines without anything missing")
	}
}
