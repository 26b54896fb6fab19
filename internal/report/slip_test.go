package report

import (
	"strings"
	"testing"

	"github.com/continuum-screening/continuum/internal/referral"
	"github.com/continuum-screening/continuum/internal/scoring"
	"github.com/continuum-screening/continuum/internal/testdefs"
)

// The take-away slip may be found by the people who control the person's
// work. For the most serious result (every kind of help suggested), in every
// language, it carries no question or answer, no level, no indicator, no
// kind of help and no word that names the topic: only the neutral title,
// the emergency number and the contacts of the directory under their slip
// names.
func TestSlipNamesNothing(t *testing.T) {
	f, rs, d, _ := referralFixture(t)
	b, err := testdefs.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	r := &scoring.Result{Form: f, Level: 5, Ceiling: 5, Danger: scoring.Yes, Minor: scoring.Yes, Indicators: f.Indicators}
	types := rs.Suggest(r)
	if len(types) != len(rs.Types) {
		t.Fatalf("the case should suggest every kind of help; got %d of %d", len(types), len(rs.Types))
	}
	for _, code := range b.Codes() {
		loc := b.Localizer(code)
		slip := strings.Join(SlipLines(loc, types, d), "\n")
		var forbidden []string
		for _, q := range f.Questions {
			forbidden = append(forbidden, loc.T(q.TextID()), loc.T(q.HelpID()))
		}
		for _, ch := range f.Choices {
			forbidden = append(forbidden, loc.T(ch.Label))
		}
		for l := scoring.DecentWork; l <= scoring.Trafficking; l++ {
			forbidden = append(forbidden, LevelName(loc, l), loc.T(l.ShortKey()))
		}
		for _, id := range f.Indicators {
			forbidden = append(forbidden, loc.T("indicator."+id+".name"))
		}
		for _, it := range f.Items {
			forbidden = append(forbidden, loc.T("item."+it.ID))
		}
		for _, ty := range rs.Types {
			forbidden = append(forbidden, loc.T(ty.NameID()), loc.T(ty.HelpsID(), "Number", "112"))
		}
		forbidden = append(forbidden, loc.T("session.result.title"), loc.T("session.result.danger"),
			loc.T("session.result.minor"), loc.T("referral.title"), loc.T("referral.caution.firewall-type"))
		for _, w := range forbidden {
			// The answer words are short ("No" in English); they count
			// only as a line of their own or after a colon.
			if len([]rune(w)) < 12 {
				for _, line := range strings.Split(slip, "\n") {
					line = strings.TrimSpace(line)
					if line == w || strings.HasSuffix(line, ": "+w) {
						t.Errorf("%s: the slip shows %q:\n%s", code, w, slip)
					}
				}
				continue
			}
			if strings.Contains(slip, w) {
				t.Errorf("%s: the slip shows %q:\n%s", code, w, slip)
			}
		}
		lower := strings.ToLower(slip)
		for _, w := range []string{"traffick", "forced", "exploit", "slave", "victim", "screening", "abuse", "level", "anti-", "trafic", "trata"} {
			if strings.Contains(lower, w) {
				t.Errorf("%s: the slip names the topic (%q):\n%s", code, w, slip)
			}
		}
		if !strings.Contains(slip, loc.T("referral.label.emergency")+": 999") {
			t.Errorf("%s: no local emergency number on the slip:\n%s", code, slip)
		}
	}
}

// The slip lists the services of the suggested kinds of help, each once,
// under its slip name when it has one, and marks those that speak the
// person's language; a kind not suggested brings none.
func TestSlipContents(t *testing.T) {
	_, rs, d, loc := referralFixture(t)
	slip := strings.Join(SlipLines(loc, []*referral.Type{rs.Type("anti-trafficking-support"), rs.Type("legal-aid")}, d), "\n")
	for _, want := range []string{"Useful contacts", "Emergency number: 999",
		"Example Advice Line (fictional): +44 7700 900010", "Example Support Centre (fictional)\n  Phone: +44 7700 900004",
		"Example Law Centre (fictional)", "  Speaks your language"} {
		if !strings.Contains(slip, want) {
			t.Errorf("the slip has no %q:\n%s", want, slip)
		}
	}
	for _, not := range []string{"Example Shelter", "Example Police", "Anti-Trafficking", "Exploitation"} {
		if strings.Contains(slip, not) {
			t.Errorf("the slip shows %q:\n%s", not, slip)
		}
	}
}
