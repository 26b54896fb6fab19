package scoring

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/continuum-screening/continuum/internal/batch/synth"
	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/testdefs"
)

func shipped(t testing.TB, m Model) (*q.Form, *Scorer) {
	t.Helper()
	f, err := testdefs.Form()
	if err != nil {
		t.Fatal(err)
	}
	return f, NewModel(f, m)
}

// forEachModel runs a test once per model.
func forEachModel(t *testing.T, test func(t *testing.T, f *q.Form, s *Scorer)) {
	for _, m := range Models {
		t.Run("model"+m.Version(), func(t *testing.T) {
			f, s := shipped(t, m)
			test(t, f, s)
		})
	}
}

func set(t testing.TB, f *q.Form, ids ...string) itemSet {
	t.Helper()
	var s itemSet
	for _, id := range ids {
		it := f.Item(id)
		if it == nil {
			t.Fatalf("no item %s", id)
		}
		s.add(it.Index)
	}
	return s
}

// Every boundary of the dimension rule: at least 2 strong; or 1 strong and at
// least 1 medium or weak; or at least 3 medium; or 2 medium and at least 1
// weak. Weak alone never, one strong alone never.
func TestDimensionRuleBoundaries(t *testing.T) {
	f, s := shipped(t, Model1)
	cases := []struct {
		items []string
		want  bool
	}{
		{nil, false},
		{[]string{"cd.documents"}, false},                                    // 1 S
		{[]string{"cd.documents", "cd.debt"}, true},                          // 2 S
		{[]string{"cd.documents", "cd.threats"}, true},                       // 1 S + 1 M
		{[]string{"cd.documents", "cd.exposure"}, true},                      // 1 S + 1 W
		{[]string{"cd.threats"}, false},                                      // 1 M
		{[]string{"cd.threats", "cd.denunciation"}, false},                   // 2 M
		{[]string{"cd.threats", "cd.denunciation", "cd.forced-tasks"}, true}, // 3 M
		{[]string{"cd.threats", "cd.denunciation", "cd.exposure"}, true},     // 2 M + 1 W
		{[]string{"cd.threats", "cd.exposure"}, false},                       // 1 M + 1 W
		{[]string{"cd.exposure"}, false},                                     // 1 W
		{[]string{"vr.beliefs", "vr.general-context", "vr.past-difficulties", "vr.travel-difficulty"}, false}, // 4 W
		{[]string{"vr.economic", "vr.beliefs", "vr.general-context", "vr.past-difficulties"}, false},          // 1 M + 3 W
		{[]string{"vr.economic", "vr.family-difficulty", "vr.beliefs"}, true},                                 // 2 M + 1 W
	}
	for _, c := range cases {
		dim := f.Item("cd.documents").Dimension
		if len(c.items) > 0 {
			dim = f.Item(c.items[0]).Dimension
		}
		got := s.positive(set(t, f, c.items...), s.dimMask[dim.Index])
		if got != c.want {
			t.Errorf("%v: positive = %v, want %v", c.items, got, c.want)
		}
	}
}

// Items outside the dimension never count towards it.
func TestDimensionRuleIgnoresOtherDimensions(t *testing.T) {
	f, s := shipped(t, Model1)
	items := set(t, f, "cd.documents", "cd.debt", "ex.excessive-hours")
	if s.positive(items, s.dimMask[f.Dimension(q.DeceptiveRecruitment).Index]) {
		t.Error("deceptive-recruitment positive from items of other dimensions")
	}
}

func TestElementsPoolDimensions(t *testing.T) {
	f, s := shipped(t, Model1)
	// One medium item in each recruitment dimension: no dimension is positive,
	// the pooled element is (3 medium).
	items := set(t, f, "dr.wages", "cr.threats", "vr.economic")
	for _, d := range []string{q.DeceptiveRecruitment, q.CoerciveRecruitment, q.VulnerabilityRecruitment} {
		if s.positive(items, s.dimMask[f.Dimension(d).Index]) {
			t.Errorf("%s positive from one medium item", d)
		}
	}
	if !s.positive(items, s.elemMask[RecruitmentMeans]) {
		t.Error("recruitment means not positive from three medium items across dimensions")
	}
	// Coercion pools coercive-recruitment and coercion-destination.
	if !s.positive(set(t, f, "cr.threats", "cd.documents"), s.elemMask[Coercion]) {
		t.Error("coercion not positive from cr medium + cd strong")
	}
	if s.positive(set(t, f, "cr.threats", "vd.dependency", "vd.economic"), s.elemMask[Coercion]) {
		t.Error("vulnerability items counted towards coercion")
	}
}

// Every level and the boundary just below it, adult and child.
func TestLevelBoundaries(t *testing.T) {
	f, s := shipped(t, Model1)
	expl := []string{"ex.excessive-hours", "ex.low-pay"}       // exploitation positive
	weakExpl := []string{"ex.low-pay", "ex.social-protection"} // exploitation negative (2 M)
	recMeans := []string{"dr.job-nature", "dr.wages"}          // recruitment means positive
	destMeans := []string{"vd.dependency", "vd.economic", "vd.unknown-area"}
	coercion := []string{"cd.documents", "cd.threats"}
	cat := func(parts ...[]string) []string {
		var out []string
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	cases := []struct {
		name         string
		items        []string
		minor, third bool
		want         Level
		rule         Rule
	}{
		{"nothing", nil, false, false, 0, RuleDecentWork},
		{"one item", []string{"ex.social-protection"}, false, false, 1, RuleRightsViolations},
		{"exploitation below threshold", weakExpl, false, false, 1, RuleRightsViolations},
		{"exploitation", expl, false, false, 2, RuleExploitation},
		{"exploitation + one vulnerability item", cat(expl, []string{"vd.dependency"}), false, false, 2, RuleExploitation},
		{"exploitation + vd positive", cat(expl, destMeans), false, false, 3, RuleSevereVulnerability},
		{"exploitation + vr positive", cat(expl, []string{"vr.economic", "vr.family-difficulty", "vr.lack-education"}), false, false, 3, RuleSevereVulnerability},
		{"vulnerability without exploitation", destMeans, false, false, 1, RuleRightsViolations},
		{"one coercion item alone", []string{"cd.threats"}, false, false, 3, RuleSevereCoercion},
		{"one recruitment coercion item", []string{"cr.debt"}, false, false, 3, RuleSevereCoercion},
		{"coercion positive, no involuntariness", coercion, false, false, 3, RuleSevereCoercion},
		{"coercion + one ex item", cat(coercion, []string{"ex.low-pay"}), false, false, 4, RuleForcedLabourAdult},
		{"coercion + one dr item", cat(coercion, []string{"dr.housing"}), false, false, 4, RuleForcedLabourAdult},
		{"coercion + vulnerability only", cat(coercion, []string{"vr.economic"}), false, false, 3, RuleSevereCoercion},
		{"all three elements", cat(recMeans, expl, destMeans), false, false, 5, RuleTraffickingAdult},
		{"pooled recruitment means", cat([]string{"dr.wages", "cr.threats", "vr.economic"}, expl, destMeans), false, false, 5, RuleTraffickingAdult},
		{"no destination means", cat(recMeans, expl, []string{"vd.dependency"}), false, false, 2, RuleExploitation},
		{"no recruitment means", cat([]string{"dr.wages"}, expl, coercion), false, false, 4, RuleForcedLabourAdult},
		{"no exploitation", cat(recMeans, weakExpl, coercion), false, false, 4, RuleForcedLabourAdult},
		// Children: the means are not required.
		{"child: recruitment item + exploitation", cat([]string{"vr.economic"}, expl), true, false, 5, RuleTraffickingChild},
		{"child: arranged by someone + exploitation", expl, true, true, 5, RuleTraffickingChild},
		{"child: arranged, no exploitation", weakExpl, true, true, 1, RuleRightsViolations},
		{"child: exploitation only", expl, true, false, 2, RuleExploitation},
		{"adult: arranged by someone + exploitation", expl, false, true, 2, RuleExploitation},
		{"child: coercion without involuntariness", coercion, true, false, 4, RuleForcedLabourChild},
		{"child: one coercion item", []string{"cd.documents"}, true, false, 3, RuleSevereCoercion},
		{"child: nothing", nil, true, true, 0, RuleDecentWork},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, rule := s.level(set(t, f, c.items...), c.minor, c.third)
			if got != c.want || rule != c.rule {
				t.Errorf("level = %d (%s), want %d (%s)", got, rule, c.want, c.rule)
			}
		})
	}
}

func TestStrictDelphiRule(t *testing.T) {
	f, s := shipped(t, Model1)
	// Pooled means reach level 5, but no single recruitment dimension is
	// positive: the strict rule does not hold.
	pooled := set(t, f, "dr.wages", "cr.threats", "vr.economic", "ex.excessive-hours", "ex.low-pay", "cd.documents", "cd.debt")
	if lvl, _ := s.level(pooled, false, false); lvl != 5 {
		t.Fatalf("pooled level = %d, want 5", lvl)
	}
	if s.delphi(pooled, false, false) {
		t.Error("strict rule holds with no single positive recruitment dimension")
	}
	strict := set(t, f, "dr.job-nature", "dr.wages", "ex.excessive-hours", "ex.low-pay", "cd.documents", "cd.debt")
	if !s.delphi(strict, false, false) {
		t.Error("strict rule does not hold with dr, ex and cd positive")
	}
	child := set(t, f, "ex.excessive-hours", "ex.low-pay")
	if !s.delphi(child, true, true) || s.delphi(child, true, false) {
		t.Error("child strict rule: recruitment by someone else plus exploitation")
	}
}

// answers builds an answer slice from "question=choice" pairs.
func answers(t testing.TB, f *q.Form, pairs ...string) []string {
	t.Helper()
	m := map[string]string{}
	for _, p := range pairs {
		k, v, ok := strings.Cut(p, "=")
		if !ok {
			t.Fatalf("bad pair %q", p)
		}
		m[k] = v
	}
	a, err := f.Answers(m)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// allNo answers no to every question on the shortest path.
var allNo = []string{"danger=no", "under-18=no", "arranged-by-other=no", "promise-differs=no", "recruitment-force=no",
	"hard-situation=no", "pay-problem=no", "long-hours=no", "bad-conditions=no", "rules-problem=no", "documents-kept=no",
	"debt-trap=no", "movement-limits=no", "threats-harm=no", "cannot-leave=no", "situation-now=no"}

func with(base []string, pairs ...string) []string {
	out := append([]string(nil), base...)
	for _, p := range pairs {
		k, _, _ := strings.Cut(p, "=")
		replaced := false
		for i, b := range out {
			if bk, _, _ := strings.Cut(b, "="); bk == k {
				out[i], replaced = p, true
			}
		}
		if !replaced {
			out = append(out, p)
		}
	}
	return out
}

func TestScoreThroughQuestionnaire(t *testing.T) {
	f, s := shipped(t, Model1)
	cases := []struct {
		name          string
		pairs         []string
		floor, ceil   Level
		items         string
		danger, minor Tri
	}{
		{"decent work", allNo, 0, 0, "", No, No},
		{"contract only", with(allNo, "rules-problem=yes", "no-contract=yes", "rules-broken=no"), 1, 1, "ex.social-protection", No, No},
		{"gate yes, follow-ups unanswered", with(allNo, "rules-problem=yes"), 0, 1, "", No, No},
		{"gate prefer-not-to-say hides three medium items", with(allNo, "bad-conditions=prefer-not-to-say"), 0, 2, "", No, No},
		{"exploitation", with(allNo, "long-hours=yes", "pay-problem=yes", "pay-held=no", "pay-deductions=no"), 2, 2, "ex.excessive-hours ex.low-pay", No, No},
		{"documents kept", with(allNo, "documents-kept=yes"), 3, 3, "cd.documents", No, No},
		{"forced labour", with(allNo, "documents-kept=yes", "debt-trap=yes", "long-hours=yes"), 4, 4, "ex.excessive-hours cd.documents cd.debt", No, No},
		{"danger flag", with(allNo, "danger=yes"), 0, 0, "", Yes, No},
		{"danger unknown", with(allNo, "danger=dont-know"), 0, 0, "", Unknown, No},
		{"minor, arranged, exploitation", with(allNo, "under-18=yes", "arranged-by-other=yes", "long-hours=yes", "pay-problem=yes", "pay-held=no", "pay-deductions=no"), 5, 5, "ex.excessive-hours ex.low-pay", No, Yes},
		{"age unknown, arranged, exploitation", with(allNo, "under-18=dont-know", "arranged-by-other=yes", "long-hours=yes", "pay-problem=yes", "pay-held=no", "pay-deductions=no"), 2, 5, "ex.excessive-hours ex.low-pay", No, Unknown},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := s.Score(answers(t, f, c.pairs...))
			if r.Level != c.floor || r.Ceiling != c.ceil {
				t.Errorf("range = %d..%d, want %d..%d", r.Level, r.Ceiling, c.floor, c.ceil)
			}
			if got := strings.Join(r.Items(), " "); got != c.items {
				t.Errorf("items = %q, want %q", got, c.items)
			}
			if r.Danger != c.danger || r.Minor != c.minor {
				t.Errorf("danger, minor = %v, %v; want %v, %v", r.Danger, r.Minor, c.danger, c.minor)
			}
		})
	}
}

func TestInconsistentAnswersAreReportedNotScored(t *testing.T) {
	f, s := shipped(t, Model1)
	r := s.Score(answers(t, f, with(allNo, "threats-harm=no", "hurt-at-work=yes")...))
	if len(r.Inconsistent) != 1 || r.Inconsistent[0].Question.ID != "hurt-at-work" || r.Inconsistent[0].Gate.ID != "threats-harm" {
		t.Fatalf("inconsistencies = %+v", r.Inconsistent)
	}
	if r.Level != 0 || r.Ceiling != 0 {
		t.Errorf("an answer behind a closed gate was scored: %d..%d", r.Level, r.Ceiling)
	}
}

func TestCouldRaise(t *testing.T) {
	f, s := shipped(t, Model1)
	// Coercion is positive (two strong items); only the unknown long hours
	// could show the work is not freely chosen.
	r := s.Score(answers(t, f, with(allNo, "documents-kept=yes", "debt-trap=yes", "long-hours=dont-know")...))
	if r.Level != 3 || r.Ceiling != 4 {
		t.Fatalf("range %d..%d, want 3..4", r.Level, r.Ceiling)
	}
	var ids []string
	for _, qq := range r.CouldRaise {
		ids = append(ids, qq.ID)
	}
	if strings.Join(ids, " ") != "long-hours" {
		t.Errorf("could raise = %v, want [long-hours]", ids)
	}
	// Nothing unknown: nothing could raise it.
	if r := s.Score(answers(t, f, allNo...)); len(r.CouldRaise) != 0 || r.Ceiling != r.Level {
		t.Errorf("all answered: could raise %v, range %d..%d", r.CouldRaise, r.Level, r.Ceiling)
	}
}

// Missing answers are unknowns, never noes: an empty record has level 0 and
// can reach the top.
func TestEmptyRecordIsAllUnknown(t *testing.T) { forEachModel(t, testEmptyRecordIsAllUnknown) }

func testEmptyRecordIsAllUnknown(t *testing.T, f *q.Form, s *Scorer) {
	r := s.Score(make([]string, len(f.Questions)))
	if r.Level != 0 || r.Ceiling != 5 {
		t.Errorf("empty record range %d..%d, want 0..5", r.Level, r.Ceiling)
	}
	for i, d := range r.Dimensions {
		if d != Undetermined {
			t.Errorf("dimension %s = %v, want undetermined", f.Dimensions[i].ID, d)
		}
	}
}

func randomAnswers(rng *rand.Rand, n int) []string {
	choices := []string{"", q.Yes, q.No, q.No, q.No, q.DontKnow, q.PreferNot}
	a := make([]string, n)
	for i := range a {
		a[i] = choices[rng.Intn(len(choices))]
	}
	return a
}

// Properties: the floor never exceeds the ceiling, statuses agree with the
// range, and turning any no into yes never lowers a level.
func TestProperties(t *testing.T) { forEachModel(t, testProperties) }

func testProperties(t *testing.T, f *q.Form, s *Scorer) {
	rng := rand.New(rand.NewSource(1))
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for k := 0; k < n; k++ {
		a := randomAnswers(rng, len(f.Questions))
		r := s.Score(a)
		if r.Level > r.Ceiling {
			t.Fatalf("floor %d > ceiling %d for %v", r.Level, r.Ceiling, a)
		}
		if (r.Ceiling > r.Level) != (len(r.CouldRaise) > 0) {
			t.Fatalf("range %d..%d but could-raise %d questions for %v", r.Level, r.Ceiling, len(r.CouldRaise), a)
		}
		for i := range a {
			if a[i] != q.No {
				continue
			}
			b := append([]string(nil), a...)
			b[i] = q.Yes
			r2 := s.Score(b)
			if r2.Level < r.Level || r2.Ceiling < r.Ceiling {
				t.Fatalf("turning %s from no to yes lowered %d..%d to %d..%d\nanswers %v",
					f.Questions[i].ID, r.Level, r.Ceiling, r2.Level, r2.Ceiling, a)
			}
		}
	}
}

// Every unknown answer resolved to yes gives the ceiling; to no, the floor.
func TestRangeMatchesResolvedAnswers(t *testing.T) { forEachModel(t, testRangeMatchesResolvedAnswers) }

func testRangeMatchesResolvedAnswers(t *testing.T, f *q.Form, s *Scorer) {
	rng := rand.New(rand.NewSource(2))
	for k := 0; k < 3000; k++ {
		a := randomAnswers(rng, len(f.Questions))
		r := s.Score(a)
		lo, hi := resolve(f, a, q.No), resolve(f, a, q.Yes)
		if got := s.Score(lo).Level; got != r.Level {
			t.Fatalf("floor %d, but unknowns read as no give %d\n%v", r.Level, got, a)
		}
		if got := s.Score(hi).Level; got != r.Ceiling {
			t.Fatalf("ceiling %d, but unknowns read as yes give %d\n%v", r.Ceiling, got, a)
		}
	}
}

// resolve replaces each unknown answer, and each answer a closed-off question
// would need, by v, following the skip logic as a person answering would.
func resolve(f *q.Form, a []string, v string) []string {
	out := make([]string, len(a))
	vis := f.Visibilities(func(qq *q.Question) string { return a[qq.Index] }, nil)
	for i, qq := range f.Questions {
		if vis[i] != q.Shown {
			continue
		}
		switch {
		case a[i] == q.Yes || a[i] == q.No:
			out[i] = a[i]
		case v == q.No && a[i] != "" && opensAny(qq, a[i]):
			// A don't-know gate that opened answered follow-ups stays as it
			// is: reading it as no would hide answers the person gave.
			out[i] = a[i]
		}
	}
	for i, qq := range f.Questions {
		if out[i] != "" {
			continue
		}
		gateOpen := qq.ShowIf == nil || qq.ShowIf.Opens(out[qq.ShowIf.Gate.Index])
		if vis[i] == q.Hidden || !gateOpen {
			continue
		}
		out[i] = v
	}
	return out
}

func opensAny(gate *q.Question, a string) bool {
	for _, fu := range gate.FollowUps {
		if fu.ShowIf.Opens(a) {
			return true
		}
	}
	return false
}

// The scorer alone on the synthetic records of the batch benchmarks
// (scripts/bench.sh, BenchmarkDecode* in internal/batch, BenchmarkWrite*
// in internal/report), with the default model: Score makes each result,
// ScoreInto reuses one, as a batch worker does.
func benchScore(b *testing.B, into bool) {
	f, s := shipped(b, Default)
	g := synth.New(f, 1)
	recs := make([][]string, 4096)
	for i := range recs {
		recs[i] = g.Answers()
	}
	var scratch Scratch
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if into {
			s.ScoreInto(&scratch, recs[i%len(recs)])
		} else {
			s.Score(recs[i%len(recs)])
		}
		i++
	}
	b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "records/s")
}

func BenchmarkScore(b *testing.B)     { benchScore(b, false) }
func BenchmarkScoreInto(b *testing.B) { benchScore(b, true) }

// With random answers, many inconsistent with the skip logic: the slow
// paths of could-raise and inconsistency.
func BenchmarkScoreRandom(b *testing.B) {
	f, s := shipped(b, Default)
	rng := rand.New(rand.NewSource(3))
	recs := make([][]string, 1024)
	for i := range recs {
		recs[i] = randomAnswers(rng, len(f.Questions))
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.Score(recs[i%len(recs)])
	}
}

func ExampleScorer_Score() {
	f, _ := testdefs.Form()
	s := NewModel(f, Model1)
	a, _ := f.Answers(map[string]string{"danger": "no", "under-18": "no", "documents-kept": "yes", "debt-trap": "yes", "long-hours": "yes"})
	r := s.Score(a)
	fmt.Println(r.Level, r.Ceiling, r.LevelRule, r.Items())
	// Output: 4 5 level-4-adult [ex.excessive-hours cd.documents cd.debt]
}

// Each of the six dimensions can become positive through the questions:
// answer yes to every question evidencing one of its items (and to their
// gates), no to everything else.
func TestEveryDimensionReachable(t *testing.T) { forEachModel(t, testEveryDimensionReachable) }

func testEveryDimensionReachable(t *testing.T, f *q.Form, s *Scorer) {
	for _, d := range f.Dimensions {
		a := make([]string, len(f.Questions))
		for i := range a {
			a[i] = q.No
		}
		for _, qq := range f.Questions {
			if qq.Item != nil && qq.Item.Dimension == d {
				for g := qq; g != nil; {
					a[g.Index] = q.Yes
					if g.ShowIf == nil {
						break
					}
					g = g.ShowIf.Gate
				}
			}
		}
		r := s.Score(a)
		if r.Dimensions[d.Index] != Positive {
			t.Errorf("%s cannot become positive through the questions (items present: %v)", d.ID, r.Items())
		}
	}
}

// referenceCouldRaise is the plain, quadratic statement of which unknown
// questions could raise a result: a yes alone raises the floor, or reading
// the question as no (with the follow-ups it left unopened) lowers the
// ceiling; failing both for every question, every unknown question that adds
// something. The scorer computes the same with counts; this checks it.
func referenceCouldRaise(s *Scorer, r *Result, a []string) []string {
	f := s.form
	vis := f.Visibilities(func(qq *q.Question) string { return a[qq.Index] }, nil)
	under := func(qq, gate *q.Question) bool {
		for c := qq.ShowIf; c != nil; c = c.Gate.ShowIf {
			if c.Gate == gate {
				return true
			}
		}
		return false
	}
	var out []string
	for i, qq := range f.Questions {
		if r.States[i] != Unknown || vis[i] == q.Unopened {
			continue
		}
		floor := r.floor
		minor, third := r.Minor == Yes, r.ThirdParty == Yes
		if b := s.bit[i]; b >= 0 {
			floor.add(b)
		}
		minor = minor || qq == s.minor
		third = third || qq == s.third
		if lvl, _ := s.level(floor, minor, third); lvl > r.Level {
			out = append(out, qq.ID)
			continue
		}
		var ceil itemSet
		for j, other := range f.Questions {
			if s.bit[j] < 0 || r.States[j] == No || j == i || (vis[j] == q.Unopened && under(other, qq)) {
				continue
			}
			ceil.add(s.bit[j])
		}
		if lvl, _ := s.level(ceil, r.Minor != No && qq != s.minor, r.ThirdParty != No && qq != s.third); lvl < r.Ceiling {
			out = append(out, qq.ID)
		}
	}
	if len(out) > 0 {
		return out
	}
	for i, qq := range f.Questions {
		b := s.bit[i]
		if r.States[i] == Unknown && vis[i] != q.Unopened &&
			((b >= 0 && s.model.reads(s).has(b) && !r.floor.has(b)) || qq == s.minor || qq == s.third || len(qq.FollowUps) > 0) {
			out = append(out, qq.ID)
		}
	}
	return out
}

func TestCouldRaiseMatchesReference(t *testing.T) { forEachModel(t, testCouldRaiseMatchesReference) }

func testCouldRaiseMatchesReference(t *testing.T, f *q.Form, s *Scorer) {
	rng := rand.New(rand.NewSource(4))
	for k := 0; k < 20000; k++ {
		a := randomAnswers(rng, len(f.Questions))
		r := s.Score(a)
		if r.Ceiling == r.Level {
			continue
		}
		var got []string
		for _, qq := range r.CouldRaise {
			got = append(got, qq.ID)
		}
		if want := referenceCouldRaise(s, r, a); strings.Join(got, ",") != strings.Join(want, ",") {
			t.Fatalf("could raise %v, reference %v\nanswers %v", got, want, a)
		}
	}
}
