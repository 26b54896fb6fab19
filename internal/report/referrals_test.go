package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/continuum-screening/continuum/internal/i18n"
	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/referral"
	"github.com/continuum-screening/continuum/internal/scoring"
)

func referralFixture(t *testing.T) (*q.Form, *referral.Rules, *referral.Directory, *i18n.Localizer) {
	t.Helper()
	f, err := q.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	rs, err := referral.Shipped(f)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "directory-example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	d, err := referral.ParseDirectory(rs, q.File{Name: "directory-example.yaml", Data: data})
	if err != nil {
		t.Fatal(err)
	}
	b, err := i18n.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	return f, rs, d, b.Localizer("en")
}

// Every type in order, every service under its type, and the caution next
// to every service that shares data or may.
func TestReferralLinesWithDirectory(t *testing.T) {
	f, rs, d, loc := referralFixture(t)
	r := &scoring.Result{Form: f, Level: 5, Ceiling: 5, Danger: scoring.Yes, Minor: scoring.Yes}
	out := "\n" + strings.Join(ReferralLines(loc, rs.Suggest(r), d), "\n") + "\n"
	pos := -1
	for i, t2 := range rs.Suggest(r) {
		head := "\n" + string(rune('1'+i)) + ". " + loc.T(t2.NameID()) + "\n"
		p := strings.Index(out, head)
		if p < 0 || p < pos {
			t.Errorf("%s missing or out of order", t2.ID)
		}
		pos = p
	}
	if strings.Contains(out, "referral.") {
		t.Errorf("a message id instead of text:\n%s", out)
	}
	if strings.Contains(out, loc.T("referral.no-directory")) {
		t.Error("says no directory is loaded although one is")
	}
	lines := strings.Split(out, "\n")
	for _, s := range d.Services {
		start := -1
		for i, l := range lines {
			if l == "     - "+s.Name {
				start = i
			}
		}
		if start < 0 {
			t.Errorf("service %q not listed", s.Name)
			continue
		}
		block := []string{}
		for _, l := range lines[start+1:] {
			if !strings.HasPrefix(l, "       ") {
				break
			}
			block = append(block, l)
		}
		text := strings.Join(block, "\n")
		want := map[string]string{referral.Yes: "referral.caution.shares-yes", referral.Unknown: "referral.caution.shares-unknown"}[s.SharesData]
		switch {
		case want != "" && !strings.Contains(text, loc.T(want)):
			t.Errorf("%q shares data (%s) but has no caution:\n%s", s.Name, s.SharesData, text)
		case want == "" && strings.Contains(text, loc.T("referral.label.caution")):
			t.Errorf("%q does not share data but has a caution", s.Name)
		}
	}
}

func TestReferralLinesWithoutDirectory(t *testing.T) {
	f, rs, _, loc := referralFixture(t)
	out := strings.Join(ReferralLines(loc, rs.Suggest(&scoring.Result{Form: f, Level: 4, Ceiling: 4}), nil), "\n")
	for _, id := range []string{"referral.no-directory", "referral.print-warning", "referral.caution.firewall-type", "referral.type.police.name"} {
		if !strings.Contains(out, loc.T(id)) {
			t.Errorf("missing %s", id)
		}
	}
	if strings.Contains(out, loc.T("referral.label.services")) {
		t.Error("lists services without a directory")
	}
	none := ReferralLines(loc, rs.Suggest(&scoring.Result{Form: f}), nil)
	if len(none) != 1 || none[0] != loc.T("referral.none") {
		t.Errorf("level 0: %q", none)
	}
}

// Text from a directory cannot move the cursor, change colours or reverse
// the reading order on the person's screen.
func TestReferralLinesAreInert(t *testing.T) {
	f, rs, _, loc := referralFixture(t)
	d, err := referral.ParseDirectory(rs, q.File{Name: "d.yaml", Data: []byte(`kind: referral-directory
services:
  - name: "Evil\e[2J\e]0;x\a (fictional)"
    type: union-workers-centre
    contact: {phone: "\u202e12\u202834"}
    shares_data_with_immigration: unknown
    notes: "line one\nline two\x9b31m"
`)})
	if err != nil {
		t.Fatal(err)
	}
	out := strings.Join(ReferralLines(loc, rs.Suggest(&scoring.Result{Form: f, Level: 1, Ceiling: 1}), d), "\n")
	for _, bad := range []string{"\x1b", "\a", "\u202e", "\u2028", "\u009b", "line one\n"} {
		if strings.Contains(out, bad) {
			t.Errorf("output contains %q", bad)
		}
	}
	for _, want := range []string{`Evil\x1b[2J\x1b]0;x\x07 (fictional)`, `\u202e12\u202834`, "line one line two\\x9b31m"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
