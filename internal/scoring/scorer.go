package scoring

import (
	q "github.com/continuum-screening/continuum/internal/questionnaire"
)

// Scorer scores answers against one form. Build it once with New; it is safe
// for concurrent use.
type Scorer struct {
	form *q.Form

	strong, medium, weak itemSet
	dimMask              []itemSet // indexed like form.Dimensions
	elemMask             [numElements]itemSet
	recruitMask          itemSet // any item of the three recruitment dimensions
	coercionItemMask     itemSet // any item of coercive-recruitment or coercion-destination
	involuntaryMask      itemSet // exploitative-conditions or deceptive-recruitment items
	// The six dimensions of the ILO/EC indicators.
	deceptiveRecruitment, coerciveRecruitment, vulnerabilityRecruitment   itemSet
	exploitativeConditions, coercionDestination, vulnerabilityDestination itemSet

	danger, minor, third *q.Question

	// indMask holds, per question, its ILO indicators as bits over
	// form.Indicators (when there are at most 64, as in the shipped set);
	// descendants, per question, the questions its skip logic leads to.
	indMask     []uint64
	descendants [][]int
}

// New prepares a scorer for form.
func New(form *q.Form) *Scorer {
	s := &Scorer{form: form, dimMask: make([]itemSet, len(form.Dimensions))}
	for _, it := range form.Items {
		switch it.Grade {
		case q.Strong:
			s.strong.add(it.Index)
		case q.Medium:
			s.medium.add(it.Index)
		case q.Weak:
			s.weak.add(it.Index)
		}
		s.dimMask[it.Dimension.Index].add(it.Index)
	}
	dim := func(id string) itemSet { return s.dimMask[form.Dimension(id).Index] }
	s.deceptiveRecruitment = dim(q.DeceptiveRecruitment)
	s.coerciveRecruitment = dim(q.CoerciveRecruitment)
	s.vulnerabilityRecruitment = dim(q.VulnerabilityRecruitment)
	s.exploitativeConditions = dim(q.ExploitativeConditions)
	s.coercionDestination = dim(q.CoercionDestination)
	s.vulnerabilityDestination = dim(q.VulnerabilityDestination)
	s.elemMask[RecruitmentMeans] = s.deceptiveRecruitment.or(s.coerciveRecruitment).or(s.vulnerabilityRecruitment)
	s.elemMask[Exploitation] = s.exploitativeConditions
	s.elemMask[DestinationMeans] = s.coercionDestination.or(s.vulnerabilityDestination)
	s.elemMask[Coercion] = s.coerciveRecruitment.or(s.coercionDestination)
	s.recruitMask = s.elemMask[RecruitmentMeans]
	s.coercionItemMask = s.elemMask[Coercion]
	s.involuntaryMask = s.exploitativeConditions.or(s.deceptiveRecruitment)
	if len(form.Indicators) <= 64 {
		index := map[string]int{}
		for i, ind := range form.Indicators {
			index[ind] = i
		}
		s.indMask = make([]uint64, len(form.Questions))
		for i, qq := range form.Questions {
			for _, ind := range qq.Indicators {
				s.indMask[i] |= 1 << index[ind]
			}
		}
	}
	s.descendants = make([][]int, len(form.Questions))
	for i, qq := range form.Questions {
		var walk func(*q.Question)
		walk = func(g *q.Question) {
			for _, fu := range g.FollowUps {
				s.descendants[i] = append(s.descendants[i], fu.Index)
				walk(fu)
			}
		}
		walk(qq)
	}
	s.danger = form.RoleQuestion(q.RoleDanger)
	s.minor = form.RoleQuestion(q.RoleMinor)
	s.third = form.RoleQuestion(q.RoleThirdParty)
	return s
}

// Form returns the form the scorer was built for.
func (s *Scorer) Form() *q.Form { return s.form }

// positive applies the dimension rule of the ILO/EC operational indicators
// (Delphi survey, 2009) to the items of set that fall in mask: at least 2 strong; or 1 strong and at least
// 1 medium or weak; or at least 3 medium; or 2 medium and at least 1 weak.
func (s *Scorer) positive(set, mask itemSet) bool {
	in := set.and(mask)
	st := in.and(s.strong).count()
	md := in.and(s.medium).count()
	wk := in.and(s.weak).count()
	return st >= 2 || (st >= 1 && md+wk >= 1) || md >= 3 || (md >= 2 && wk >= 1)
}

// level evaluates the levels from the top; the first that holds is the level.
func (s *Scorer) level(items itemSet, minor, third bool) (Level, Rule) {
	expl := s.positive(items, s.elemMask[Exploitation])
	if minor {
		if expl && (!items.and(s.recruitMask).empty() || third) {
			return Trafficking, RuleTraffickingChild
		}
	} else if expl && s.positive(items, s.elemMask[RecruitmentMeans]) && s.positive(items, s.elemMask[DestinationMeans]) {
		return Trafficking, RuleTraffickingAdult
	}
	if s.positive(items, s.elemMask[Coercion]) {
		if minor {
			return ForcedLabour, RuleForcedLabourChild
		}
		if !items.and(s.involuntaryMask).empty() {
			return ForcedLabour, RuleForcedLabourAdult
		}
	}
	if !items.and(s.coercionItemMask).empty() {
		return SevereExploitation, RuleSevereCoercion
	}
	if expl && (s.positive(items, s.vulnerabilityRecruitment) || s.positive(items, s.vulnerabilityDestination)) {
		return SevereExploitation, RuleSevereVulnerability
	}
	if expl {
		return LabourExploitation, RuleExploitation
	}
	if !items.empty() {
		return LabourRightsViolations, RuleRightsViolations
	}
	return DecentWork, RuleDecentWork
}

// delphi applies the strict rule of the ILO/EC operational indicators (Delphi
// survey, 2009), each dimension on its own: for an adult, a positive
// recruitment dimension (deceptive, coercive or abuse of vulnerability) and
// positive exploitative conditions and a positive destination dimension
// (coercion or abuse of vulnerability). Under 18 the means are not required
// (Palermo Protocol art. 3(c)): recruitment by someone else and exploitation.
func (s *Scorer) delphi(items itemSet, minor, third bool) bool {
	expl := s.positive(items, s.exploitativeConditions)
	if minor {
		return expl && (third || !items.and(s.recruitMask).empty())
	}
	rec := s.positive(items, s.deceptiveRecruitment) || s.positive(items, s.coerciveRecruitment) || s.positive(items, s.vulnerabilityRecruitment)
	dest := s.positive(items, s.coercionDestination) || s.positive(items, s.vulnerabilityDestination)
	return rec && expl && dest
}

func status(floor, ceil bool) Status {
	switch {
	case floor:
		return Positive
	case ceil:
		return Undetermined
	}
	return Negative
}

// Score scores one set of answers, indexed like the form's questions ("" for
// no answer). Callers check the answers first (questionnaire.Form.Answers);
// an answer the scorer does not know counts as unknown.
func (s *Scorer) Score(answers []string) *Result {
	form := s.form
	n := len(form.Questions)
	r := &Result{Form: form, States: make([]Tri, n), Dimensions: make([]Status, len(form.Dimensions))}
	get := func(qq *q.Question) string { return answers[qq.Index] }
	vis := form.Visibilities(get, make([]q.Visibility, n))

	for i, qq := range form.Questions {
		a := answers[i]
		var st Tri
		switch vis[i] {
		case q.Shown:
			switch a {
			case q.Yes:
				st = Yes
			case q.No:
				st = No
			default:
				st = Unknown
			}
		case q.Hidden:
			st = No
		case q.Unopened:
			st = Unknown
		}
		if vis[i] != q.Shown && a != "" {
			r.Inconsistent = append(r.Inconsistent, Inconsistency{Question: qq, Gate: qq.ShowIf.Gate})
		}
		r.States[i] = st
		if qq.Item != nil {
			switch st {
			case Yes:
				r.floor.add(qq.Item.Index)
				r.ceil.add(qq.Item.Index)
				r.Present = append(r.Present, Evidence{qq.Item, qq})
			case Unknown:
				r.ceil.add(qq.Item.Index)
				r.Possible = append(r.Possible, Evidence{qq.Item, qq})
			}
		}
	}
	flag := func(qq *q.Question) Tri {
		if qq == nil {
			return No
		}
		return r.States[qq.Index]
	}
	r.Danger, r.Minor, r.ThirdParty = flag(s.danger), flag(s.minor), flag(s.third)

	minorLo, minorHi := r.Minor == Yes, r.Minor != No
	thirdLo, thirdHi := r.ThirdParty == Yes, r.ThirdParty != No
	r.Level, r.LevelRule = s.level(r.floor, minorLo, thirdLo)
	r.Ceiling, r.CeilingRule = s.level(r.ceil, minorHi, thirdHi)
	for i := range form.Dimensions {
		r.Dimensions[i] = status(s.positive(r.floor, s.dimMask[i]), s.positive(r.ceil, s.dimMask[i]))
	}
	for e := range r.Elements {
		r.Elements[e] = status(s.positive(r.floor, s.elemMask[e]), s.positive(r.ceil, s.elemMask[e]))
	}
	r.Delphi = status(s.delphi(r.floor, minorLo, thirdLo), s.delphi(r.ceil, minorHi, thirdHi))

	r.Indicators = s.indicators(r.Present)
	if r.Ceiling > r.Level {
		r.CouldRaise = s.couldRaise(r, vis)
	}
	return r
}

// indicators lists the ILO indicators of the present evidence, in form order.
func (s *Scorer) indicators(present []Evidence) []string {
	form := s.form
	var out []string
	if s.indMask != nil {
		var mask uint64
		for _, e := range present {
			mask |= s.indMask[e.Question.Index]
		}
		for i, ind := range form.Indicators {
			if mask&(1<<i) != 0 {
				out = append(out, ind)
			}
		}
		return out
	}
	seen := map[string]bool{}
	for _, e := range present {
		for _, ind := range e.Question.Indicators {
			seen[ind] = true
		}
	}
	for _, ind := range form.Indicators {
		if seen[ind] {
			out = append(out, ind)
		}
	}
	return out
}

// couldRaise finds the unknown questions that matter: a yes to the question
// alone would raise the floor, or the ceiling would fall without it (and
// without the follow-ups it left unopened). When the ceiling can be reached in
// several ways, no single question is decisive; then every unknown question
// that adds something the floor lacks is listed, since together they could
// raise it.
func (s *Scorer) couldRaise(r *Result, vis []q.Visibility) []*q.Question {
	if out := s.decisiveUnknowns(r, vis); len(out) > 0 {
		return out
	}
	var out []*q.Question
	for i, qq := range s.form.Questions {
		if r.States[i] != Unknown || vis[i] == q.Unopened {
			continue
		}
		if (qq.Item != nil && !r.floor.has(qq.Item.Index)) || qq == s.minor || qq == s.third || len(qq.FollowUps) > 0 {
			out = append(out, qq)
		}
	}
	return out
}

func (s *Scorer) decisiveUnknowns(r *Result, vis []q.Visibility) []*q.Question {
	form := s.form
	var out []*q.Question
	// cnt counts, per item, the questions whose value is not no that
	// evidence it: the ceiling's support.
	var cnt [q.MaxItems]uint8
	for j, qq := range form.Questions {
		if qq.Item != nil && r.States[j] != No {
			cnt[qq.Item.Index]++
		}
	}
	for i, qq := range form.Questions {
		// A follow-up its gate left unopened is reached through the gate,
		// which is listed instead.
		if r.States[i] != Unknown || vis[i] == q.Unopened {
			continue
		}
		// Alone sufficient: read this one answer as yes.
		floor := r.floor
		minor, third := r.Minor == Yes, r.ThirdParty == Yes
		if qq.Item != nil {
			floor.add(qq.Item.Index)
		}
		switch qq {
		case s.minor:
			minor = true
		case s.third:
			third = true
		}
		if lvl, _ := s.level(floor, minor, third); lvl > r.Level {
			out = append(out, qq)
			continue
		}
		// Necessary for the ceiling: read it as no, with what it left
		// unopened. An item leaves the ceiling when no other question that
		// is not read as no still evidences it.
		removed := itemSet{}
		drop := func(j int) {
			if it := form.Questions[j].Item; it != nil && r.States[j] != No {
				if cnt[it.Index]--; cnt[it.Index] == 0 {
					removed.add(it.Index)
				}
			}
		}
		undo := func(j int) {
			if it := form.Questions[j].Item; it != nil && r.States[j] != No {
				cnt[it.Index]++
			}
		}
		drop(i)
		for _, d := range s.descendants[i] {
			if vis[d] == q.Unopened {
				drop(d)
			}
		}
		ceil := itemSet{r.ceil[0] &^ removed[0], r.ceil[1] &^ removed[1]}
		undo(i)
		for _, d := range s.descendants[i] {
			if vis[d] == q.Unopened {
				undo(d)
			}
		}
		minorHi, thirdHi := r.Minor != No && qq != s.minor, r.ThirdParty != No && qq != s.third
		if lvl, _ := s.level(ceil, minorHi, thirdHi); lvl < r.Ceiling {
			out = append(out, qq)
		}
	}
	return out
}
