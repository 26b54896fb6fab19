package scoring

import (
	q "github.com/continuum-screening/continuum/internal/questionnaire"
)

// Scorer scores answers against one form with one model. Build it once with
// New or NewModel; it is safe for concurrent use.
type Scorer struct {
	form  *q.Form
	model Model

	strong, medium, weak itemSet
	allItems             itemSet
	dimMask              []itemSet // indexed like form.Dimensions
	elemMask             [numElements]itemSet
	recruitMask          itemSet // any item of the three recruitment dimensions
	coercionItemMask     itemSet // any item of coercive-recruitment or coercion-destination
	// involuntaryMask1 holds what model 1 reads as work not freely chosen:
	// items of exploitative conditions or deceptive recruitment.
	involuntaryMask1 itemSet
	// involuntaryMask2 holds model 2's involuntariness signs: those items,
	// confinement or a debt that ties the person (cr.isolation, cd.isolation,
	// cr.debt, cd.debt), and a yes to a declared question (answerBit).
	involuntaryMask2 itemSet
	// childExploitation holds the items that are exploitation under 18 in
	// model 2: forced criminal activity and forced tasks.
	childExploitation itemSet

	// The six dimensions of the ILO/EC indicators.
	deceptiveRecruitment, coerciveRecruitment, vulnerabilityRecruitment   itemSet
	exploitativeConditions, coercionDestination, vulnerabilityDestination itemSet

	danger, minor, third *q.Question

	// bit holds, per question, the bit its yes adds to the items: its item's
	// index, answerBit for a declared sign, or -1.
	bit []int
	// indMask holds, per question, its ILO indicators as bits over
	// form.Indicators (when there are at most 64, as in the shipped set);
	// descendants, per question, the questions its skip logic leads to.
	indMask     []uint64
	descendants [][]int
}

// New prepares a scorer for form with the default model.
func New(form *q.Form) *Scorer { return NewModel(form, Default) }

// NewModel prepares a scorer for form with model m.
func NewModel(form *q.Form, m Model) *Scorer {
	s := &Scorer{form: form, model: m, dimMask: make([]itemSet, len(form.Dimensions))}
	for _, it := range form.Items {
		s.allItems.add(it.Index)
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
	s.involuntaryMask1 = s.exploitativeConditions.or(s.deceptiveRecruitment)
	s.involuntaryMask2 = s.involuntaryMask1
	s.involuntaryMask2.add(answerBit)
	for _, id := range []string{"cr.isolation", "cd.isolation", "cr.debt", "cd.debt"} {
		if it := form.Item(id); it != nil {
			s.involuntaryMask2.add(it.Index)
		}
	}
	for _, id := range []string{"cd.illicit-activities", "cd.forced-tasks"} {
		if it := form.Item(id); it != nil {
			s.childExploitation.add(it.Index)
		}
	}
	s.bit = make([]int, len(form.Questions))
	for i, qq := range form.Questions {
		switch {
		case qq.Item != nil:
			s.bit[i] = qq.Item.Index
		case qq.Sign == q.SignInvoluntariness:
			s.bit[i] = answerBit
		default:
			s.bit[i] = -1
		}
	}
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

// Model returns the model the scorer applies.
func (s *Scorer) Model() Model { return s.model }

// vulnerable reports whether abuse of vulnerability at recruitment or at
// destination is positive, each dimension on its own.
func (s *Scorer) vulnerable(items itemSet) bool {
	return s.positive(items, s.vulnerabilityRecruitment) || s.positive(items, s.vulnerabilityDestination)
}

// positive applies the dimension rule of the ILO/EC operational indicators
// (Delphi survey, 2009) to the items of set that fall in mask: at least 2 strong; or 1 strong and at least
// 1 medium or weak; or at least 3 medium; or 2 medium and at least 1 weak.
func (s *Scorer) positive(set, mask itemSet) bool {
	in := set.and(mask)
	if in.count() < 2 {
		// Every case of the rule needs two items at least.
		return false
	}
	st := in.and(s.strong).count()
	md := in.and(s.medium).count()
	wk := in.and(s.weak).count()
	return st >= 2 || (st >= 1 && md+wk >= 1) || md >= 3 || (md >= 2 && wk >= 1)
}

func (s *Scorer) level(items itemSet, minor, third bool) (Level, Rule) {
	return s.model.level(s, facts{items, minor, third})
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
	// One allocation holds the result and, for a form of common size, its
	// per-question states and dimensions and the first pieces of evidence.
	return s.score(new(resultBlock), answers)
}

// Scratch is the memory of one result, for a caller that scores records one
// after the other and is done with each result before the next: a batch
// worker that renders each record as soon as it is scored.
type Scratch struct{ blk resultBlock }

// ScoreInto scores like Score, into scratch: the result is valid until the
// next call with the same scratch.
func (s *Scorer) ScoreInto(scratch *Scratch, answers []string) *Result {
	scratch.blk = resultBlock{}
	return s.score(&scratch.blk, answers)
}

func (s *Scorer) score(blk *resultBlock, answers []string) *Result {
	form := s.form
	n := len(form.Questions)
	r := &blk.r
	r.Form, r.Model = form, s.model
	r.States = sliceOf(blk.states[:], n)
	r.Dimensions = sliceOf(blk.dims[:], len(form.Dimensions))
	r.Present, r.Possible = blk.present[:0], blk.possible[:0]
	defer func() {
		if len(r.Present) == 0 {
			r.Present = nil
		}
		if len(r.Possible) == 0 {
			r.Possible = nil
		}
	}()
	get := func(qq *q.Question) string { return answers[qq.Index] }
	var visBuf [64]q.Visibility
	vis := form.Visibilities(get, visBuf[:0])

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
		if b := s.bit[i]; b >= 0 {
			switch st {
			case Yes:
				r.floor.add(b)
				r.ceil.add(b)
				if qq.Item != nil {
					r.Present = append(r.Present, Evidence{qq.Item, qq})
				} else {
					r.SignAnswers = append(r.SignAnswers, qq)
				}
			case Unknown:
				r.ceil.add(b)
				if qq.Item != nil {
					r.Possible = append(r.Possible, Evidence{qq.Item, qq})
				}
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
	lo, hi := facts{r.floor, minorLo, thirdLo}, facts{r.ceil, minorHi, thirdHi}
	for e := range r.Elements {
		r.Elements[e] = status(s.model.element(s, e, lo), s.model.element(s, e, hi))
	}
	r.Delphi = status(s.delphi(r.floor, minorLo, thirdLo), s.delphi(r.ceil, minorHi, thirdHi))

	r.Indicators = s.indicators(blk.indicators[:0], r.Present)
	if len(r.Indicators) == 0 {
		r.Indicators = nil
	}
	if r.Ceiling > r.Level {
		r.CouldRaise = s.couldRaise(r, vis)
	}
	return r
}

// resultBlock is a Result with room for its slices on a common form.
type resultBlock struct {
	r                 Result
	states            [64]Tri
	dims              [8]Status
	present, possible [16]Evidence
	indicators        [11]string
}

// sliceOf returns buf[:n], or a new slice when buf is too short.
func sliceOf[T any](buf []T, n int) []T {
	if n <= len(buf) {
		return buf[:n:n]
	}
	return make([]T, n)
}

// indicators appends to out the ILO indicators of the present evidence, in
// form order.
func (s *Scorer) indicators(out []string, present []Evidence) []string {
	form := s.form
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
	reads := s.model.reads(s)
	for i, qq := range s.form.Questions {
		if r.States[i] != Unknown || vis[i] == q.Unopened {
			continue
		}
		if b := s.bit[i]; (b >= 0 && reads.has(b) && !r.floor.has(b)) || qq == s.minor || qq == s.third || len(qq.FollowUps) > 0 {
			out = append(out, qq)
		}
	}
	return out
}

func (s *Scorer) decisiveUnknowns(r *Result, vis []q.Visibility) []*q.Question {
	form := s.form
	var out []*q.Question
	// cnt counts, per bit, the questions whose value is not no that
	// evidence it: the ceiling's support.
	var cnt [answerBit + 1]uint8
	for j, b := range s.bit {
		if b >= 0 && r.States[j] != No {
			cnt[b]++
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
		if b := s.bit[i]; b >= 0 {
			floor.add(b)
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
			if b := s.bit[j]; b >= 0 && r.States[j] != No {
				if cnt[b]--; cnt[b] == 0 {
					removed.add(b)
				}
			}
		}
		undo := func(j int) {
			if b := s.bit[j]; b >= 0 && r.States[j] != No {
				cnt[b]++
			}
		}
		drop(i)
		for _, d := range s.descendants[i] {
			if vis[d] == q.Unopened {
				drop(d)
			}
		}
		ceil := r.ceil.andNot(removed)
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
