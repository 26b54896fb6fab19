package scoring

import (
	"math/rand"
	"strings"
	"testing"

	q "github.com/continuum-screening/continuum/internal/questionnaire"
)

// answer stands for a yes to the declared involuntariness question in the
// item lists of the tables below.
const answer = "answer:involuntariness"

func set2(t testing.TB, f *q.Form, ids ...string) itemSet {
	t.Helper()
	var s itemSet
	for _, id := range ids {
		if id == answer {
			s.add(answerBit)
			continue
		}
		s = s.or(set(t, f, id))
	}
	return s
}

// Every boundary of model 2's level rules, adult and child, with model 1's
// level for the same items beside it, so that each difference is stated.
func TestModel2LevelBoundaries(t *testing.T) {
	f, s2 := shipped(t, Model2)
	s1 := NewModel(f, Model1)
	expl := []string{"ex.excessive-hours", "ex.low-pay"}       // exploitation positive
	weakExpl := []string{"ex.low-pay", "ex.social-protection"} // exploitation negative (2 M)
	recMeans := []string{"dr.job-nature", "dr.wages"}
	destMeans := []string{"vd.dependency", "vd.economic", "vd.unknown-area"}
	vulnerable := []string{"vr.economic", "vr.family-difficulty", "vr.lack-education"}
	cat := func(parts ...[]string) []string {
		var out []string
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	one := func(ids ...string) []string { return ids }
	cases := []struct {
		name         string
		items        []string
		minor, third bool
		want         Level
		rule         Rule
		model1       Level
	}{
		// Levels 0 to 2: as model 1.
		{"nothing", nil, false, false, 0, RuleDecentWork, 0},
		{"one item", one("ex.social-protection"), false, false, 1, RuleRightsViolations, 1},
		{"exploitation below threshold", weakExpl, false, false, 1, RuleRightsViolations, 1},
		{"exploitation", expl, false, false, 2, RuleExploitation, 2},
		// The declared answer evidences no item and changes nothing else.
		{"cannot leave alone", one(answer), false, false, 0, RuleDecentWork, 0},
		{"cannot leave + one ex item", one(answer, "ex.low-pay"), false, false, 1, RuleRightsViolations, 1},
		{"cannot leave + exploitation", cat(expl, one(answer)), false, false, 2, RuleExploitation, 2},
		{"cannot leave + vulnerability", cat(vulnerable, one(answer)), false, false, 1, RuleRightsViolations, 1},
		{"child: cannot leave alone", one(answer), true, true, 0, RuleDecentWork, 0},
		// Level 3.
		{"exploitation + vulnerability", cat(expl, destMeans), false, false, 3, RuleSevereVulnerability, 3},
		{"exploitation + vr positive", cat(expl, vulnerable), false, false, 3, RuleSevereVulnerability, 3},
		{"one coercion item, no involuntariness", one("cd.threats"), false, false, 3, RuleSevereCoercion, 3},
		{"weak coercion item alone", one("cd.exposure"), false, false, 3, RuleSevereCoercion, 3},
		{"coercion + vulnerability items only", one("cd.threats", "vr.economic", "vd.dependency"), false, false, 3, RuleSevereCoercion, 3},
		{"coercion positive, no involuntariness", one("cd.documents", "cd.threats"), false, false, 3, RuleSevereCoercion, 3},
		{"adult: forced illegal activity, arranged", one("cd.illicit-activities"), false, true, 3, RuleSevereCoercion, 3},
		{"adult: three medium coercion items", one("cd.illicit-activities", "cd.forced-tasks", "cd.threats"), false, false, 3, RuleSevereCoercion, 3},
		// Level 4, adult: one coercion sign and one involuntariness sign.
		{"two medium threats + pay", one("cd.denunciation", "cd.worse-conditions", "ex.low-pay"), false, false, 4, RuleForcedLabourSigns, 3},
		{"coercion + dr item", one("cd.threats", "dr.wages"), false, false, 4, RuleForcedLabourSigns, 3},
		{"coercion + weak dr item", one("cd.threats", "dr.education"), false, false, 4, RuleForcedLabourSigns, 3},
		{"coercion + ex item", one("cd.threats", "ex.social-protection"), false, false, 4, RuleForcedLabourSigns, 3},
		{"coercion + weak ex item", one("cd.exposure", "ex.education"), false, false, 4, RuleForcedLabourSigns, 3},
		{"recruitment coercion + ex item", one("cr.denunciation", "ex.low-pay"), false, false, 4, RuleForcedLabourSigns, 3},
		{"coercion + cannot leave", one("cd.threats", answer), false, false, 4, RuleForcedLabourSigns, 3},
		{"recruitment coercion + cannot leave", one("cr.threats", answer), false, false, 4, RuleForcedLabourSigns, 3},
		{"strong coercion + cannot leave", one("cd.documents", "cd.violence", answer), false, false, 4, RuleForcedLabourSigns, 3},
		// Confinement and a debt that ties are both signs at once.
		{"cd.isolation alone", one("cd.isolation"), false, false, 4, RuleForcedLabourSigns, 3},
		{"cd.debt alone", one("cd.debt"), false, false, 4, RuleForcedLabourSigns, 3},
		{"cr.isolation alone", one("cr.isolation"), false, false, 4, RuleForcedLabourSigns, 3},
		{"cr.debt alone", one("cr.debt"), false, false, 4, RuleForcedLabourSigns, 3},
		{"coercion + cr.debt", one("cd.threats", "cr.debt"), false, false, 4, RuleForcedLabourSigns, 3},
		{"coercion + cd.isolation", one("cd.threats", "cd.isolation"), false, false, 4, RuleForcedLabourSigns, 3},
		{"model 1's level 4", one("cd.documents", "cd.debt", "ex.excessive-hours"), false, false, 4, RuleForcedLabourSigns, 4},
		{"no exploitation, recruitment means", cat(recMeans, weakExpl, one("cd.threats")), false, false, 4, RuleForcedLabourSigns, 3},
		// Level 4, child: one coercion sign is enough.
		{"child: one coercion item", one("cd.threats"), true, false, 4, RuleForcedLabourChildSign, 3},
		{"child: one weak coercion item", one("cd.exposure"), true, false, 4, RuleForcedLabourChildSign, 3},
		{"child: recruitment coercion item", one("cr.threats"), true, false, 4, RuleForcedLabourChildSign, 3},
		{"child: forced crime, nobody else arranged", one("cd.illicit-activities"), true, false, 4, RuleForcedLabourChildSign, 3},
		{"child: coercion positive", one("cd.documents", "cd.threats"), true, false, 4, RuleForcedLabourChildSign, 4},
		// Level 5, adult: as model 1.
		{"all three elements", cat(recMeans, expl, destMeans), false, false, 5, RuleTraffickingAdult, 5},
		{"pooled recruitment means", cat(one("dr.wages", "cr.threats", "vr.economic"), expl, destMeans), false, false, 5, RuleTraffickingAdult, 5},
		{"no destination means", cat(recMeans, expl, one("vd.dependency")), false, false, 2, RuleExploitation, 2},
		{"cannot leave is not a means", cat(recMeans, expl, one("vd.dependency", "vd.economic", answer)), false, false, 2, RuleExploitation, 2},
		// Level 5, child: forced crime or forced tasks are exploitation.
		{"child: forced crime, arranged by someone", one("cd.illicit-activities"), true, true, 5, RuleTraffickingChild, 3},
		{"child: forced tasks, arranged by someone", one("cd.forced-tasks"), true, true, 5, RuleTraffickingChild, 3},
		{"child: forced crime + recruitment item", one("cd.illicit-activities", "vr.economic"), true, false, 5, RuleTraffickingChild, 3},
		{"child: arranged + exploitation", expl, true, true, 5, RuleTraffickingChild, 5},
		{"child: recruitment item + exploitation", cat(one("vr.economic"), expl), true, false, 5, RuleTraffickingChild, 5},
		{"child: arranged, no exploitation", weakExpl, true, true, 1, RuleRightsViolations, 1},
		{"child: exploitation only", expl, true, false, 2, RuleExploitation, 2},
		{"child: other coercion item, arranged", one("cd.threats"), true, true, 4, RuleForcedLabourChildSign, 3},
		{"adult: arranged + exploitation", expl, false, true, 2, RuleExploitation, 2},
		{"child: nothing", nil, true, true, 0, RuleDecentWork, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			items := set2(t, f, c.items...)
			got, rule := s2.level(items, c.minor, c.third)
			if got != c.want || rule != c.rule {
				t.Errorf("model 2: level = %d (%s), want %d (%s)", got, rule, c.want, c.rule)
			}
			if got1, _ := s1.level(items, c.minor, c.third); got1 != c.model1 {
				t.Errorf("model 1: level = %d, want %d", got1, c.model1)
			}
		})
	}
}

// Model 2 through the questionnaire, with unknown answers: each sign can be
// the one an unknown answer would add, and the range and could-raise say so.
func TestModel2ThroughQuestionnaire(t *testing.T) {
	f, s := shipped(t, Model2)
	threat := with(allNo, "threats-harm=yes", "hurt-at-work=no", "threat-violence=no", "threat-report=yes", "threat-family=no", "made-to-take-drugs=no")
	leave := []string{"cannot-leave=yes", "leave-penalty=no", "forced-tasks=no", "illegal-acts=no", "forced-lies=no", "others-punished=no"}
	crime := with(with(allNo, leave...), "illegal-acts=yes")
	cases := []struct {
		name        string
		pairs       []string
		floor, ceil Level
		rule        Rule
		couldRaise  string
	}{
		{"cannot leave, no coercion", with(allNo, leave...), 0, 0, RuleDecentWork, ""},
		{"cannot leave, follow-ups unknown", with(allNo, "cannot-leave=yes", "leave-penalty=no", "forced-tasks=no", "illegal-acts=no", "forced-lies=dont-know", "others-punished=prefer-not-to-say"), 0, 4, RuleDecentWork, "forced-lies others-punished"},
		{"cannot leave + others punished", with(allNo, with(leave, "others-punished=yes")...), 4, 4, RuleForcedLabourSigns, ""},
		{"cannot leave + made to lie", with(allNo, with(leave, "forced-lies=yes")...), 4, 4, RuleForcedLabourSigns, ""},
		{"threat to report + made to take drugs", with(threat, "made-to-take-drugs=yes"), 3, 3, RuleSevereCoercion, ""},
		{"made to take drugs + long hours", with(allNo, "threats-harm=yes", "hurt-at-work=no", "threat-violence=no", "threat-report=no", "threat-family=no", "made-to-take-drugs=yes", "long-hours=yes"), 4, 4, RuleForcedLabourSigns, ""},
		{"threat to report + cannot leave", with(threat, leave...), 4, 4, RuleForcedLabourSigns, ""},
		{"threat to report, cannot leave unknown", with(threat, "cannot-leave=dont-know", "leave-penalty=no", "forced-tasks=no", "illegal-acts=no"), 3, 4, RuleSevereCoercion, "cannot-leave"},
		{"threat to report, cannot leave not said", with(threat, "cannot-leave=prefer-not-to-say", "leave-penalty=no", "forced-tasks=no", "illegal-acts=no"), 3, 4, RuleSevereCoercion, "cannot-leave"},
		{"threat to report, hours unknown", with(threat, "long-hours=dont-know"), 3, 4, RuleSevereCoercion, "long-hours"},
		{"threat to report, debt unknown", with(threat, "debt-trap=dont-know"), 3, 4, RuleSevereCoercion, "debt-trap"},
		{"threat to report, promise unknown", with(threat, "promise-differs=dont-know"), 3, 4, RuleSevereCoercion, "promise-work promise-pay promise-conditions promise-housing promise-contract"},
		{"threat to report + long hours", with(threat, "long-hours=yes"), 4, 4, RuleForcedLabourSigns, ""},
		{"debt alone", with(allNo, "debt-trap=yes"), 4, 4, RuleForcedLabourSigns, ""},
		{"locked in alone", with(allNo, "movement-limits=yes", "locked-or-watched=yes", "contact-cut=no"), 4, 4, RuleForcedLabourSigns, ""},
		{"threat to report, age unknown", with(threat, "under-18=dont-know"), 3, 4, RuleSevereCoercion, "under-18 kept-from-school"},
		{"threat to report, age unknown, school no", with(threat, "under-18=dont-know", "kept-from-school=no"), 3, 4, RuleSevereCoercion, "under-18"},
		{"threat to report, kept from school, age unknown", with(threat, "under-18=dont-know", "kept-from-school=yes"), 4, 4, RuleForcedLabourSigns, ""},
		{"child made to commit crimes", with(crime, "under-18=yes"), 4, 4, RuleForcedLabourChildSign, ""},
		{"child made to commit crimes, arranged", with(crime, "under-18=yes", "arranged-by-other=yes"), 5, 5, RuleTraffickingChild, ""},
		{"forced crimes, arranged, age unknown", with(crime, "under-18=dont-know", "arranged-by-other=yes"), 4, 5, RuleForcedLabourSigns, "under-18"},
		{"child made to commit crimes, arranged unknown", with(crime, "under-18=yes", "arranged-by-other=dont-know"), 4, 5, RuleForcedLabourChildSign, "arranged-by-other"},
		{"adult made to commit crimes", crime, 4, 4, RuleForcedLabourSigns, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := s.Score(answers(t, f, c.pairs...))
			if r.Level != c.floor || r.Ceiling != c.ceil || r.LevelRule != c.rule {
				t.Errorf("range = %d..%d (%s), want %d..%d (%s)", r.Level, r.Ceiling, r.LevelRule, c.floor, c.ceil, c.rule)
			}
			var ids []string
			for _, qq := range r.CouldRaise {
				ids = append(ids, qq.ID)
			}
			if got := strings.Join(ids, " "); got != c.couldRaise {
				t.Errorf("could raise %q, want %q", got, c.couldRaise)
			}
		})
	}
}

// The evidence the trace names for level 4: the coercion items, the items
// and the declared answers that show the work is not freely chosen.
func TestModel2SignEvidence(t *testing.T) {
	f, s := shipped(t, Model2)
	r := s.Score(answers(t, f, with(allNo, "threats-harm=yes", "hurt-at-work=no", "threat-violence=no", "threat-report=yes", "threat-family=no",
		"cannot-leave=yes", "leave-penalty=yes", "forced-tasks=no", "illegal-acts=no", "long-hours=yes")...))
	if r.Level != ForcedLabour || r.Model != Model2 {
		t.Fatalf("level %d model %s", r.Level, r.Model.Version())
	}
	ids := func(ev []Evidence) string {
		var out []string
		for _, e := range ev {
			out = append(out, e.Question.ID+":"+e.Item.ID)
		}
		return strings.Join(out, " ")
	}
	if got := ids(r.CoercionEvidence(s)); got != "threat-report:cd.denunciation leave-penalty:cd.worse-conditions" {
		t.Errorf("coercion evidence %q", got)
	}
	if got := ids(r.InvoluntaryEvidence(s)); got != "long-hours:ex.excessive-hours" {
		t.Errorf("involuntary evidence %q", got)
	}
	if len(r.SignAnswers) != 1 || r.SignAnswers[0].ID != "cannot-leave" {
		t.Errorf("sign answers %v", r.SignAnswers)
	}
	// The strict rule is still stated: no dimension is positive here.
	if r.Delphi != Negative {
		t.Errorf("strict Delphi %v", r.Delphi)
	}
	// Model 1 reads the same answers as severe exploitation: the two medium
	// threats do not reach the dimension rule together.
	if r1 := NewModel(f, Model1).Score(answers(t, f, with(allNo, "threats-harm=yes", "threat-report=yes", "cannot-leave=yes", "leave-penalty=yes", "long-hours=yes")...)); r1.Level != SevereExploitation || len(r1.SignAnswers) != 1 {
		t.Errorf("model 1: level %d, sign answers %d", r1.Level, len(r1.SignAnswers))
	}
}

// Model 2 only adds ways to reach a level: for the same answers its floor and
// its ceiling are never below model 1's.
func TestModel2NeverBelowModel1(t *testing.T) {
	f, s2 := shipped(t, Model2)
	s1 := NewModel(f, Model1)
	rng := rand.New(rand.NewSource(5))
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for k := 0; k < n; k++ {
		a := randomAnswers(rng, len(f.Questions))
		r1, r2 := s1.Score(a), s2.Score(a)
		if r2.Level < r1.Level || r2.Ceiling < r1.Ceiling {
			t.Fatalf("model 2 %d..%d below model 1 %d..%d\nanswers %v", r2.Level, r2.Ceiling, r1.Level, r1.Ceiling, a)
		}
	}
}

func TestModelByVersion(t *testing.T) {
	for _, v := range []string{"1", "2"} {
		m, err := ModelByVersion(v)
		if err != nil || m.Version() != v {
			t.Errorf("ModelByVersion(%q) = %v, %v", v, m, err)
		}
	}
	for _, v := range []string{"", "3", "v2", " 2"} {
		if _, err := ModelByVersion(v); err == nil {
			t.Errorf("ModelByVersion(%q) accepted", v)
		}
	}
	if Default != Model2 {
		t.Errorf("default model %s, want 2", Default.Version())
	}
}
