package scoring

import "fmt"

// Model is one version of the rules that place a set of present items on the
// continuum. The models differ only in the level rules and in what counts as
// exploitation and coercion; items, dimensions, the range and the strict
// Delphi rule are the same for both. Every result names its model's version.
type Model interface {
	// Version is printed with every result: "1" or "2".
	Version() string
	// level evaluates the levels from the top; the first that holds is the
	// level.
	level(s *Scorer, f facts) (Level, Rule)
	// element reports whether element e holds.
	element(s *Scorer, e int, f facts) bool
	// evidence is the set of items that count towards element e.
	evidence(s *Scorer, e int, minor bool) itemSet
	// involuntary is the set of items (and answerBit) that show the work is
	// not freely chosen, for the adult rule of level 4.
	involuntary(s *Scorer) itemSet
	// reads is the set of bits the model's rules read: every item, and for
	// model 2 the declared involuntariness answers.
	reads(s *Scorer) itemSet
}

// facts are what a model reads: the present items (with answerBit for a yes
// to a declared involuntariness question), the under-18 flag, and whether
// someone else arranged the job or travel.
type facts struct {
	items        itemSet
	minor, third bool
}

// The shipped models. Model2 is the default.
var (
	Model1 Model = model1{}
	Model2 Model = model2{}
)

// Default is the model used when none is chosen.
var Default = Model2

// Models lists the models, oldest first.
var Models = []Model{Model1, Model2}

// ModelVersions lists the versions of Models, oldest first.
func ModelVersions() []string {
	out := make([]string, len(Models))
	for i, m := range Models {
		out[i] = m.Version()
	}
	return out
}

// ModelByVersion returns the model with the given version.
func ModelByVersion(v string) (Model, error) {
	for _, m := range Models {
		if m.Version() == v {
			return m, nil
		}
	}
	return nil, fmt.Errorf("unknown scoring model %q; expected 1 or 2", v)
}

// model1 is the first release's model. Level 4 needs the coercion items of
// both phases to meet the ILO/EC dimension rule together, and at least one
// item of deceptive recruitment or exploitative conditions (not required
// under 18); under 18 exploitation is exploitative conditions alone.
type model1 struct{}

func (model1) Version() string { return "1" }

func (model1) reads(s *Scorer) itemSet { return s.allItems }

func (model1) evidence(s *Scorer, e int, minor bool) itemSet { return s.elemMask[e] }

func (model1) involuntary(s *Scorer) itemSet { return s.involuntaryMask1 }

func (model1) element(s *Scorer, e int, f facts) bool {
	return s.positive(f.items, s.elemMask[e])
}

func (m model1) level(s *Scorer, f facts) (Level, Rule) {
	items := f.items
	expl := m.element(s, Exploitation, f)
	if rule, ok := trafficking(m, s, f, expl); ok {
		return Trafficking, rule
	}
	if m.element(s, Coercion, f) {
		if f.minor {
			return ForcedLabour, RuleForcedLabourChild
		}
		if !items.and(m.involuntary(s)).empty() {
			return ForcedLabour, RuleForcedLabourAdult
		}
	}
	if !items.and(s.coercionItemMask).empty() {
		return SevereExploitation, RuleSevereCoercion
	}
	return exploitationLevels(s, items, expl)
}

// model2 follows the statistical definition of forced labour of the 20th
// International Conference of Labour Statisticians (2018): work that is
// involuntary and done under a menace of penalty, one sign of each being
// enough. Involuntariness includes the impossibility of leaving the employer
// (ILO survey guidelines, "Hard to see, harder to count"). Under 18, forced
// criminal activity is exploitation (EU Directive 2011/36, art. 2(3)).
type model2 struct{}

func (model2) Version() string { return "2" }

func (model2) evidence(s *Scorer, e int, minor bool) itemSet {
	if e == Exploitation && minor {
		return s.elemMask[e].or(s.childExploitation)
	}
	return s.elemMask[e]
}

func (model2) involuntary(s *Scorer) itemSet { return s.involuntaryMask2 }

func (model2) reads(s *Scorer) itemSet {
	a := s.allItems
	a.add(answerBit)
	return a
}

func (model2) element(s *Scorer, e int, f facts) bool {
	switch e {
	case Exploitation:
		return s.positive(f.items, s.elemMask[Exploitation]) ||
			(f.minor && !f.items.and(s.childExploitation).empty())
	case Coercion:
		// The coercion sign: any item of coercive recruitment or coercion
		// at destination.
		return !f.items.and(s.coercionItemMask).empty()
	}
	return s.positive(f.items, s.elemMask[e])
}

func (m model2) level(s *Scorer, f facts) (Level, Rule) {
	items := f.items
	expl := m.element(s, Exploitation, f)
	if rule, ok := trafficking(m, s, f, expl); ok {
		return Trafficking, rule
	}
	if m.element(s, Coercion, f) {
		if f.minor {
			return ForcedLabour, RuleForcedLabourChildSign
		}
		if !items.and(m.involuntary(s)).empty() {
			return ForcedLabour, RuleForcedLabourSigns
		}
		return SevereExploitation, RuleSevereCoercion
	}
	return exploitationLevels(s, items, expl)
}

// exploitationLevels are the rest of level 3 and levels 2 to 0, the same in
// both models given their elements: exploitation and vulnerability is severe
// exploitation; exploitation alone is labour exploitation; any present item
// is a labour-rights violation; none is decent work.
func exploitationLevels(s *Scorer, items itemSet, expl bool) (Level, Rule) {
	switch {
	case expl && s.vulnerable(items):
		return SevereExploitation, RuleSevereVulnerability
	case expl:
		return LabourExploitation, RuleExploitation
	case !items.and(s.allItems).empty():
		return LabourRightsViolations, RuleRightsViolations
	}
	return DecentWork, RuleDecentWork
}

// trafficking is level 5, the same in both models given their elements:
// under 18, exploitation and any recruitment item or a job arranged by
// someone else (Palermo Protocol art. 3(c)); otherwise all three elements.
func trafficking(m Model, s *Scorer, f facts, expl bool) (Rule, bool) {
	if f.minor {
		if expl && (!f.items.and(s.recruitMask).empty() || f.third) {
			return RuleTraffickingChild, true
		}
		return "", false
	}
	if expl && m.element(s, RecruitmentMeans, f) && m.element(s, DestinationMeans, f) {
		return RuleTraffickingAdult, true
	}
	return "", false
}
