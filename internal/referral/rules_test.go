package referral

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/scoring"
	"github.com/continuum-screening/continuum/internal/testdefs"
)

func shipped(t testing.TB) (*q.Form, *Rules) {
	t.Helper()
	f, err := testdefs.Form()
	if err != nil {
		t.Fatal(err)
	}
	rs, err := shippedRules(f)
	if err != nil {
		t.Fatal(err)
	}
	return f, rs
}

func shippedRules(f *q.Form) (*Rules, error) {
	rf, err := testdefs.File(KindRules)
	if err != nil {
		return nil, err
	}
	return Parse(f, rf)
}

// The order the shipped rules promise, roughly by need: immediate danger
// first, then child protection, health, specialised support, legal aid,
// unions, and the labour inspectorate and the police last, only with consent.
const (
	emergency = "emergency-shelter"
	child     = "child-protection"
	health    = "health-care"
	atSupport = "anti-trafficking-support"
	legal     = "legal-aid"
	union     = "union-workers-centre"
	inspect   = "labour-inspectorate"
	police    = "police"
)

func TestShippedTypes(t *testing.T) {
	_, rs := shipped(t)
	want := []string{emergency, child, health, atSupport, legal, union, inspect, police}
	if got := rs.IDs(); !reflect.DeepEqual(got, want) {
		t.Fatalf("types = %v, want %v", got, want)
	}
	for _, id := range []string{inspect, police} {
		if !rs.Type(id).Firewall {
			t.Errorf("%s: no firewall caution", id)
		}
	}
	for _, id := range []string{emergency, police} {
		if rs.Type(id).Consent != ConsentUnlessLifeAtRisk {
			t.Errorf("%s: consent %s", id, rs.Type(id).Consent)
		}
	}
	// Child protection: the person is told that reporting may be mandatory.
	if rs.Type(child).Consent != ConsentMayBeMandatory {
		t.Errorf("%s: consent %s", child, rs.Type(child).Consent)
	}
	for _, id := range []string{health, atSupport, legal, union, inspect} {
		if rs.Type(id).Consent != ConsentAlways {
			t.Errorf("%s: consent %s", id, rs.Type(id).Consent)
		}
	}
}

// Each level with no flag, each flag, and the flags together give the list
// the rules promise, in order.
func TestSuggestByLevelAndFlags(t *testing.T) {
	f, rs := shipped(t)
	cases := []struct {
		name           string
		level, ceiling scoring.Level
		danger, minor  scoring.Tri
		want           []string
	}{
		{"level 0", 0, 0, scoring.No, scoring.No, nil},
		{"level 1", 1, 1, scoring.No, scoring.No, []string{union, inspect}},
		{"level 2", 2, 2, scoring.No, scoring.No, []string{legal, union, inspect}},
		// Health care only when an answer points to harm to health, not
		// by level.
		{"level 3", 3, 3, scoring.No, scoring.No, []string{atSupport, legal, union, inspect}},
		{"level 4", 4, 4, scoring.No, scoring.No, []string{atSupport, legal, union, inspect, police}},
		{"level 5", 5, 5, scoring.No, scoring.No, []string{atSupport, legal, union, inspect, police}},
		{"ceiling 3 from 0", 0, 3, scoring.No, scoring.No, nil},
		{"ceiling 4 from 0", 0, 4, scoring.No, scoring.No, []string{atSupport}},
		{"ceiling 5 from 2", 2, 5, scoring.No, scoring.No, []string{atSupport, legal, union, inspect}},
		{"danger at 0", 0, 0, scoring.Yes, scoring.No, []string{emergency, health, police}},
		{"danger at 2", 2, 2, scoring.Yes, scoring.No, []string{emergency, health, legal, union, inspect, police}},
		{"minor at 0", 0, 0, scoring.No, scoring.Yes, []string{child}},
		{"minor at 1", 1, 1, scoring.No, scoring.Yes, []string{child, union, inspect}},
		{"minor at 5", 5, 5, scoring.No, scoring.Yes, []string{child, atSupport, legal, union, inspect, police}},
		{"danger and minor at 0", 0, 0, scoring.Yes, scoring.Yes, []string{emergency, child, health, police}},
		// In danger with no answer about health: specialised support
		// before health care, a general service.
		{"danger and minor at 5", 5, 5, scoring.Yes, scoring.Yes, []string{emergency, child, atSupport, health, legal, union, inspect, police}},
		// Not answered: the help is listed, last.
		{"danger unknown at 0", 0, 0, scoring.Unknown, scoring.No, []string{emergency}},
		{"minor unknown at 0", 0, 0, scoring.No, scoring.Unknown, []string{child}},
		{"both unknown at 1", 1, 1, scoring.Unknown, scoring.Unknown, []string{union, inspect, emergency, child}},
	}
	for _, c := range cases {
		r := &scoring.Result{Form: f, Level: c.level, Ceiling: c.ceiling, Danger: c.danger, Minor: c.minor}
		got := rs.SuggestIDs(r)
		if len(got) == 0 {
			got = nil
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: referrals = %v, want %v", c.name, got, c.want)
		}
	}
}

// score answers the questions without a gate "no", then applies m.
func score(t *testing.T, f *q.Form, m map[string]string) *scoring.Result {
	t.Helper()
	all := map[string]string{}
	for _, qq := range f.Questions {
		if qq.ShowIf == nil {
			all[qq.ID] = q.No
		}
	}
	for k, v := range m {
		all[k] = v
	}
	answers, err := f.Answers(all)
	if err != nil {
		t.Fatal(err)
	}
	return scoring.New(f).Score(answers)
}

// Items and indicators bring their help before the level would: dangerous
// work brings health care, held pay brings legal advice.
func TestSuggestByItemsAndIndicators(t *testing.T) {
	f, rs := shipped(t)
	cases := []struct {
		name    string
		answers map[string]string
		level   scoring.Level
		want    []string
	}{
		{"nothing", nil, 0, []string{}},
		{"dangerous work", map[string]string{"bad-conditions": q.Yes, "dangerous-work": q.Yes}, 1, []string{health, union, inspect}},
		// Low pay shows conditions not agreed and held pay is a menace of
		// penalty: one sign of each is level 4 under scoring model 2.
		{"pay held back", map[string]string{"pay-problem": q.Yes, "pay-held": q.Yes, "pay-deductions": q.No}, 4, []string{atSupport, legal, union, inspect, police}},
		{"low pay", map[string]string{"pay-problem": q.Yes, "pay-held": q.No, "pay-deductions": q.No}, 1, []string{legal, union, inspect}},
		{"forced labour", map[string]string{"long-hours": q.Yes, "documents-kept": q.Yes, "debt-trap": q.Yes}, 4, []string{atSupport, legal, union, inspect, police}},
		// Locked in, threatened, passport kept, in debt, and "no" to being
		// in danger now: a way out and a safe place first.
		{"locked in, no danger answered", map[string]string{"danger": q.No, "movement-limits": q.Yes, "locked-or-watched": q.Yes,
			"threats-harm": q.Yes, "threat-violence": q.Yes, "documents-kept": q.Yes, "debt-trap": q.Yes, "long-hours": q.Yes}, 4,
			[]string{emergency, atSupport, legal, union, inspect, police}},
		// Confinement is both a menace of penalty and the impossibility of
		// leaving: level 4 under scoring model 2.
		{"confined at recruitment", map[string]string{"recruitment-force": q.Yes, "recruitment-confined": q.Yes}, 4,
			[]string{emergency, atSupport, legal, union, inspect, police}},
		// Hurt at work: danger now, and health care before specialised
		// support.
		{"hurt at work", map[string]string{"threats-harm": q.Yes, "hurt-at-work": q.Yes}, 3,
			[]string{emergency, health, atSupport, legal, union, inspect}},
		{"hurt at recruitment", map[string]string{"recruitment-force": q.Yes, "recruitment-hurt": q.Yes}, 3,
			[]string{health, atSupport, legal, union, inspect}},
		{"unhealthy housing", map[string]string{"bad-conditions": q.Yes, "bad-housing": q.Yes}, 1, []string{health, union, inspect}},
		// In danger and hurt: emergency, then health care, then the rest.
		{"danger and hurt", map[string]string{"danger": q.Yes, "threats-harm": q.Yes, "hurt-at-work": q.Yes}, 3,
			[]string{emergency, health, atSupport, legal, union, inspect, police}},
		// In danger, nothing about health: specialised support first.
		{"danger and debt", map[string]string{"danger": q.Yes, "long-hours": q.Yes, "documents-kept": q.Yes, "debt-trap": q.Yes}, 4,
			[]string{emergency, atSupport, health, legal, union, inspect, police}},
	}
	for _, c := range cases {
		r := score(t, f, c.answers)
		if r.Level != c.level {
			t.Errorf("%s: level %d, want %d (the case no longer tests what it says)", c.name, r.Level, c.level)
		}
		if got := rs.SuggestIDs(r); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: referrals = %v, want %v", c.name, got, c.want)
		}
	}
}

// Suggest is pure: the same result gives the same list every time.
func TestSuggestIsStable(t *testing.T) {
	f, rs := shipped(t)
	r := &scoring.Result{Form: f, Level: 5, Ceiling: 5, Danger: scoring.Yes, Minor: scoring.Yes}
	first := rs.SuggestIDs(r)
	for i := 0; i < 50; i++ {
		if got := rs.SuggestIDs(r); !reflect.DeepEqual(got, first) {
			t.Fatalf("run %d: %v, first %v", i, got, first)
		}
	}
}

func TestRulesErrors(t *testing.T) {
	f, _ := shipped(t)
	cases := []struct {
		name, yaml string
		want       []string
	}{
		{"unknown key", "kind: referral-rules\nversion: \"1\"\ntypes:\n  - id: a\n    rank: 1\n    colour: red\n    suggest_when: [{level_at_least: 1}]\n",
			[]string{`rules.yaml:6: types[0]: unknown key "colour"; expected one of: id, rank, consent, firewall, suggest_when`}},
		{"unknown item", "kind: referral-rules\nversion: \"1\"\ntypes:\n  - id: a\n    rank: 1\n    suggest_when:\n      - items_any: [ex.nope]\n",
			[]string{`rules.yaml:7: types[0].suggest_when[0].items_any[0]: unknown Delphi item "ex.nope"`}},
		{"unknown indicator", "kind: referral-rules\nversion: \"1\"\ntypes:\n  - id: a\n    rank: 1\n    suggest_when:\n      - indicators_any: [nope]\n",
			[]string{`rules.yaml:7: types[0].suggest_when[0].indicators_any[0]: unknown ILO indicator "nope"`}},
		{"duplicate type", "kind: referral-rules\nversion: \"1\"\ntypes:\n  - {id: a, rank: 1, suggest_when: [{danger: \"yes\"}]}\n  - {id: a, rank: 2, suggest_when: [{danger: \"yes\"}]}\n",
			[]string{`rules.yaml:5: types[1].id: duplicate type "a"; first at line 4`}},
		{"bad level", "kind: referral-rules\nversion: \"1\"\ntypes:\n  - {id: a, rank: 1, suggest_when: [{level_at_least: 6}]}\n",
			[]string{`rules.yaml:4: types[0].suggest_when[0].level_at_least: found a number out of range; expected a level from 0 to 5`}},
		{"bad flag", "kind: referral-rules\nversion: \"1\"\ntypes:\n  - {id: a, rank: 1, suggest_when: [{danger: maybe}]}\n",
			[]string{`rules.yaml:4: types[0].suggest_when[0].danger: found another value; expected yes, no or unknown`}},
		{"no condition", "kind: referral-rules\nversion: \"1\"\ntypes:\n  - {id: a, rank: 1, suggest_when: [{rank: 3}]}\n",
			[]string{`rules.yaml:4: types[0].suggest_when[0]: no condition`}},
		{"missing rank", "kind: referral-rules\nversion: \"1\"\ntypes:\n  - {id: a, suggest_when: [{danger: \"yes\"}]}\n",
			[]string{`rules.yaml:4: types[0].rank: missing`}},
		{"alias", "kind: referral-rules\nversion: \"1\"\ntypes:\n  - {id: a, rank: 1, suggest_when: &w [{danger: \"yes\"}]}\n  - {id: b, rank: 2, suggest_when: *w}\n",
			[]string{`rules.yaml:4: YAML anchors and aliases are not allowed`}},
		{"wrong kind", "kind: questionnaire\nversion: \"1\"\ntypes: [{id: a, rank: 1, suggest_when: [{danger: \"yes\"}]}]\n",
			[]string{`rules.yaml:1: kind: found another value; expected referral-rules`}},
		{"bad consent", "kind: referral-rules\nversion: \"1\"\ntypes:\n  - {id: a, rank: 1, consent: never, suggest_when: [{danger: \"yes\"}]}\n",
			[]string{`rules.yaml:4: types[0].consent: found another value; expected always, unless-life-at-risk or reporting-may-be-mandatory`}},
	}
	for _, c := range cases {
		_, err := Parse(f, q.File{Name: "rules.yaml", Data: []byte(c.yaml)})
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error\n%v\nwant it to contain\n%s", c.name, err, w)
			}
		}
	}
}

func TestRulesSizeLimit(t *testing.T) {
	f, _ := shipped(t)
	_, err := Parse(f, q.File{Name: "big.yaml", Data: make([]byte, MaxFileSize+1)})
	if err == nil || !strings.Contains(err.Error(), "expected at most") {
		t.Fatalf("err = %v", err)
	}
}

func repoFile(t testing.TB, name string) q.File {
	t.Helper()
	p := filepath.Join("..", "..", "testdata", name)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return q.File{Name: name, Data: data}
}

func TestExampleDirectory(t *testing.T) {
	_, rs := shipped(t)
	d, err := ParseDirectory(rs, repoFile(t, "directory-example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{}
	for _, s := range d.Services {
		covered[s.Type] = true
		// Plainly fictional: a reader must never mistake one for a real service.
		if !strings.Contains(s.Name, "(fictional)") {
			t.Errorf("line %d: name does not say (fictional)", s.Line)
		}
		for k, v := range s.Contact {
			switch k {
			case "phone", "sms":
				if !strings.HasPrefix(v, "+44 20 7946 0") && !strings.HasPrefix(v, "+44 7700 900") {
					t.Errorf("line %d: %s not in a reserved fictional range", s.Line, k)
				}
			case "email", "web":
				if !strings.Contains(v, "example.org") {
					t.Errorf("line %d: %s not at example.org", s.Line, k)
				}
			case "address":
				if !strings.Contains(v, "(fictional)") {
					t.Errorf("line %d: address does not say (fictional)", s.Line)
				}
			}
		}
	}
	for _, id := range rs.IDs() {
		if !covered[id] {
			t.Errorf("the example has no %s service", id)
		}
	}
}

// A service that shares data with immigration enforcement, or may, always
// needs the caution; only "no" goes without.
func TestFirewallCaution(t *testing.T) {
	for v, want := range map[string]bool{Yes: true, Unknown: true, No: false, "": true} {
		s := &Service{SharesData: v}
		if got := s.NeedsFirewallCaution(); got != want {
			t.Errorf("shares %q: caution %v, want %v", v, got, want)
		}
	}
}

func TestDirectoryErrors(t *testing.T) {
	_, rs := shipped(t)
	cases := map[string][]string{
		"referral/unknown-type.yaml": {`referral/unknown-type.yaml:4: services[0].type: unknown type "food-bank"; expected one of: emergency-shelter,`},
		"referral/missing-contact.yaml": {
			`referral/missing-contact.yaml:3: services[0].contact: missing; expected at least one way to reach the service: phone, sms, email, web, address, other`,
			`referral/missing-contact.yaml:8: services[1].contact: found an empty mapping; expected at least one way to reach the service`,
		},
		"referral/bad-shares.yaml": {
			`referral/bad-shares.yaml:6: services[0].shares_data_with_immigration: found another value; expected yes, no or unknown`,
			`referral/bad-shares.yaml:7: services[1].shares_data_with_immigration: missing; expected yes, no or unknown`,
		},
		"referral/unknown-key.yaml": {
			`referral/unknown-key.yaml:5: services[0].contact: unknown key "fax"; expected one of: phone, sms, email, web, address, other`,
			`referral/unknown-key.yaml:7: services[0]: unknown key "website"; expected one of: name, slip_name, type, languages, hours, contact, shares_data_with_immigration, free, notes`,
		},
		"referral/alias.yaml": {`referral/alias.yaml:5: YAML anchors and aliases are not allowed; write the value out`},
		"bad/directories/bad-helplines.yaml": {
			`bad-helplines.yaml:2: country: not a country code; expected a two-letter ISO 3166 code such as GB or RO`,
			`bad-helplines.yaml:3: emergency_number: not a phone number; expected digits such as 112 or 999`,
			`bad-helplines.yaml:5: helplines[0].phone: missing; expected the number to call`,
			`bad-helplines.yaml:7: helplines[1].phone: not a phone number; expected digits, spaces, + or -`,
		},
	}
	for name, want := range cases {
		_, err := ParseDirectory(rs, repoFile(t, name))
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		for _, w := range want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error\n%v\nwant it to contain\n%s", name, err, w)
			}
		}
		// Free texts of the file are never repeated in a message.
		if strings.Contains(err.Error(), "fictional") || strings.Contains(err.Error(), "7946") {
			t.Errorf("%s: error repeats a value of the file:\n%v", name, err)
		}
	}
}

func TestDirectoryMoreErrors(t *testing.T) {
	_, rs := shipped(t)
	cases := []struct{ yaml, want string }{
		{"", "d.yaml: file is empty"},
		{"kind: referral-directory\n", "d.yaml:1: services: missing"},
		{"kind: nope\nservices: []\n", `d.yaml:1: kind: found another value; expected referral-directory`},
		{"services: []\n", "d.yaml:1: kind: missing; expected referral-directory"},
		{"kind: referral-directory\nservices: {}\n", "d.yaml:2: services: found a mapping; expected a list of services"},
		{"kind: referral-directory\nservices:\n  - name: x\n    type: police\n    contact: {phone: \"1\"}\n    shares_data_with_immigration: \"no\"\n    languages: [english]\n",
			"d.yaml:7: services[0].languages[0]: not a language code"},
		{"kind: referral-directory\nservices:\n  - name: x\n    type: police\n    contact: {phone: \"1\"}\n    shares_data_with_immigration: \"no\"\n    free: true\n",
			`d.yaml:7: services[0].free: found true or false; expected yes, no or unknown`},
		{"kind: referral-directory\nservices:\n  - name: \"\"\n    type: police\n    contact: {phone: \"1\"}\n    shares_data_with_immigration: \"no\"\n",
			"d.yaml:3: services[0].name: found empty text; expected text"},
		{"kind: referral-directory\nservices:\n  - type: police\n    contact: {phone: \"1\"}\n    shares_data_with_immigration: \"no\"\n",
			"d.yaml:3: services[0].name: missing"},
		{"kind: referral-directory\n---\nkind: referral-directory\n", "d.yaml:2: a second YAML document"},
		{"kind: referral-directory\nservices:\n  - name: x\n    name: y\n", "d.yaml:4: services[0].name: given twice"},
		{"kind: [referral-directory\n", "d.yaml:1: not valid YAML"},
		{"\xff\xfe", "d.yaml:1: invalid UTF-8"},
		{"- a\n- b\n", "d.yaml:1: found a list; expected a mapping with a kind key at the top"},
		{"kind: referral-directory\nservices:\n  - name: x\n    type: police\n    contact: {phone: \"1\"}\n    shares_data_with_immigration: \"no\"\n    notes: \"" + strings.Repeat("a", maxText+1) + "\"\n",
			"d.yaml:7: services[0].notes: found text longer than 2000 characters"},
	}
	for _, c := range cases {
		_, err := ParseDirectory(rs, q.File{Name: "d.yaml", Data: []byte(c.yaml)})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q:\n got %v\nwant %s", c.yaml, err, c.want)
		}
	}
}

func TestDirectoryForKeepsFileOrder(t *testing.T) {
	_, rs := shipped(t)
	d, err := ParseDirectory(rs, q.File{Name: "d.yaml", Data: []byte(`kind: referral-directory
services:
  - {name: b, type: police, contact: {phone: "1"}, shares_data_with_immigration: "yes"}
  - {name: a, type: legal-aid, contact: {web: "w"}, shares_data_with_immigration: "no"}
  - {name: c, type: police, contact: {other: "o"}, shares_data_with_immigration: unknown}
`)})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range d.For(police) {
		names = append(names, s.Name)
	}
	if !reflect.DeepEqual(names, []string{"b", "c"}) {
		t.Errorf("For(police) = %v", names)
	}
	var nilDir *Directory
	if nilDir.For(police) != nil {
		t.Error("a nil directory has services")
	}
}
