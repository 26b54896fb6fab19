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
	"github.com/continuum-screening/continuum/internal/testdefs"
)

func referralFixture(t *testing.T) (*q.Form, *referral.Rules, *referral.Directory, *i18n.Localizer) {
	t.Helper()
	f, err := testdefs.Form()
	if err != nil {
		t.Fatal(err)
	}
	rf, err := testdefs.File(referral.KindRules)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := referral.Parse(f, rf)
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
	b, err := testdefs.Bundle()
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

// The worker reads the referral section: in no language does it carry an
// operator's instruction (a flag or an environment variable), and the
// risks of a type with the firewall caution do not say again what the
// caution says.
func TestReferralWordingForTheWorker(t *testing.T) {
	f, rs, _, _ := referralFixture(t)
	b, err := testdefs.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	r := &scoring.Result{Form: f, Level: 5, Ceiling: 5, Danger: scoring.Yes, Minor: scoring.Yes}
	for _, code := range b.Codes() {
		loc := b.Localizer(code)
		lines := append(ReferralLines(loc, rs.Suggest(r), nil), EmergencyLines(loc, nil)...)
		text := strings.Join(lines, "\n")
		for _, op := range []string{"--", "CONTINUUM_", "continuum ", "FILE"} {
			if strings.Contains(text, op) {
				t.Errorf("%s: the worker's referral section has an operator instruction (%q)", code, op)
			}
		}
		if strings.Contains(text, "{{") {
			t.Errorf("%s: a placeholder is not filled in", code)
		}
	}
	en := b.Localizer("en")
	caution := en.T("referral.caution.firewall-type")
	for _, ty := range rs.Types {
		if !ty.Firewall {
			continue
		}
		if risks := en.T(ty.RisksID()); strings.Contains(risks, "immigration") {
			t.Errorf("%s: the risks repeat the firewall caution (%q): %q", ty.ID, caution, risks)
		}
	}
	// Every consent line says what the agreement is about.
	for _, c := range []referral.Consent{referral.ConsentAlways, referral.ConsentUnlessLifeAtRisk, referral.ConsentMayBeMandatory} {
		if got := en.T("referral.consent." + string(c)); !strings.Contains(got, "agreement") || strings.HasPrefix(got, "Only") {
			t.Errorf("consent %s: %q does not say what needs the agreement", c, got)
		}
	}
	if got := en.T("referral.consent." + string(rs.Type("child-protection").Consent)); !strings.Contains(got, "must tell child protection") {
		t.Errorf("child protection: %q does not say that reporting may be mandatory", got)
	}
}

// The local emergency number and the helplines of the directory replace the
// general advice (112 in Europe), on the emergency screen and in the
// emergency help's text; without a directory the general advice stays.
func TestEmergencyNumberFromDirectory(t *testing.T) {
	_, rs, d, loc := referralFixture(t)
	got := strings.Join(EmergencyLines(loc, d), "\n")
	for _, want := range []string{"call the emergency number: 999.", "Helplines:",
		"- Example National Helpline against Exploitation (fictional): +44 7700 900010", "Speaks your language"} {
		if !strings.Contains(got, want) {
			t.Errorf("emergency lines with a directory: no %q in\n%s", want, got)
		}
	}
	if strings.Contains(got, "112") {
		t.Errorf("emergency lines with a local number still name 112:\n%s", got)
	}
	if got := strings.Join(EmergencyLines(loc, nil), "\n"); !strings.Contains(got, "call 112") {
		t.Errorf("emergency lines without a directory: %q", got)
	}
	shelter := rs.Type("emergency-shelter")
	if got := TypeHelps(loc, shelter, d); !strings.Contains(got, "emergency number: 999.") || strings.Contains(got, "112") {
		t.Errorf("emergency help with a directory: %q", got)
	}
	if got := TypeHelps(loc, shelter, nil); !strings.Contains(got, "in Europe, 112") {
		t.Errorf("emergency help without a directory: %q", got)
	}
	// A directory without a number: the general advice, and its helplines.
	noNumber := *d
	noNumber.Emergency = ""
	if got := strings.Join(EmergencyLines(loc, &noNumber), "\n"); !strings.Contains(got, "call 112") || !strings.Contains(got, "Helplines:") {
		t.Errorf("emergency lines with a directory without a number:\n%s", got)
	}
}

// A service that speaks the reader's language is marked, in the reader's
// language; one that does not, is not.
func TestServicesInTheWorkersLanguageMarked(t *testing.T) {
	_, _, d, _ := referralFixture(t)
	b, err := testdefs.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		lang, service string
		marked        bool
	}{
		{"en", "Example Labour Inspectorate (fictional)", true},
		{"ro", "Example Shelter (fictional)", true},
		{"ro", "Example Law Centre (fictional)", false},
		{"ar", "Example Children's Services (fictional)", true},
		{"ar", "Example Shelter (fictional)", false},
		{"pt", "Example Law Centre (fictional)", true},
	} {
		loc := b.Localizer(c.lang)
		var s *referral.Service
		for _, x := range d.Services {
			if x.Name == c.service {
				s = x
			}
		}
		if s == nil {
			t.Fatalf("no service %q in the example directory", c.service)
		}
		lines := ServiceLines(loc, s, "")
		mark := "  " + loc.T("referral.speaks-language")
		has := len(lines) > 1 && lines[1] == mark
		if has != c.marked {
			t.Errorf("%s, %s: marked %v, want %v:\n%s", c.lang, c.service, has, c.marked, strings.Join(lines, "\n"))
		}
	}
}
