// Package scoring places a set of answers on the continuum from decent work to
// trafficking, and keeps the evidence for every step so that a person can read
// why. The items, their grades and the dimension rule are the ILO/European
// Commission operational indicators of trafficking in human beings (Delphi
// survey, 2009); the levels between decent work and trafficking are the
// project's scoring model, described in the README ("How the scoring works").
//
// It is pure: no I/O, no language, no clock. Same form and answers, same result.
package scoring

import (
	"math/bits"
	"strconv"

	"github.com/continuum-screening/continuum/internal/questionnaire"
)

// Level is a place on the continuum, from 0 (decent work) to 5 (indicators
// consistent with trafficking). It prints as its number.
type Level int

// The levels, from the bottom.
const (
	DecentWork Level = iota
	LabourRightsViolations
	LabourExploitation
	SevereExploitation
	ForcedLabour
	Trafficking
)

// NumLevels is the number of levels; every level l has 0 <= l < NumLevels.
const NumLevels = len(LevelIDs)

// LevelIDs are stable machine names of the levels, indexed by level.
var LevelIDs = [...]string{"decent-work", "labour-rights-violations", "labour-exploitation", "severe-exploitation", "forced-labour", "trafficking"}

// Levels lists every level from the bottom.
func Levels() []Level {
	out := make([]Level, NumLevels)
	for i := range out {
		out[i] = Level(i)
	}
	return out
}

// Valid reports whether l is one of the levels.
func (l Level) Valid() bool { return l >= 0 && int(l) < NumLevels }

// ID is the level's stable machine name, such as "forced-labour".
func (l Level) ID() string { return LevelIDs[l] }

// NameKey is the message id of the level's name in the catalogues.
func (l Level) NameKey() string { return "level." + strconv.Itoa(int(l)) + ".name" }

// ShortKey is the message id of the level's one-line explanation.
func (l Level) ShortKey() string { return "level." + strconv.Itoa(int(l)) + ".short" }

// Tri is a yes/no/unknown value.
type Tri int8

const (
	No Tri = iota
	Unknown
	Yes
)

func (t Tri) String() string { return [...]string{"no", "unknown", "yes"}[t] }

// Status is the state of a dimension, an element or the strict Delphi rule.
type Status int8

const (
	// Negative: not met even if every unknown answer were yes.
	Negative Status = iota
	// Undetermined: not met now, but unknown answers could meet it.
	Undetermined
	// Positive: met by the yes answers alone.
	Positive
)

func (s Status) String() string { return [...]string{"negative", "undetermined", "positive"}[s] }

// The four elements of the scoring model, each pooling dimensions: the act and
// means of the Palermo Protocol (art. 3(a)) at recruitment and at destination,
// the purpose (exploitation), and the menace of a penalty of the forced-labour
// definition (ILO Convention No. 29, art. 2(1)).
const (
	RecruitmentMeans = iota
	Exploitation
	DestinationMeans
	Coercion
	numElements
)

// ElementIDs are the stable names of the elements, indexed like Result.Elements.
var ElementIDs = [numElements]string{"recruitment-means", "exploitation", "destination-means", "coercion"}

// Rule names the condition that decided a level; the report turns it into a
// sentence in the reader's language.
type Rule string

const (
	RuleTraffickingAdult  Rule = "level-5-adult"
	RuleTraffickingChild  Rule = "level-5-child"
	RuleForcedLabourAdult Rule = "level-4-adult" // model 1
	RuleForcedLabourChild Rule = "level-4-child" // model 1
	// Model 2: a coercion sign and an involuntariness sign; under 18, a
	// coercion sign.
	RuleForcedLabourSigns     Rule = "level-4-signs"
	RuleForcedLabourChildSign Rule = "level-4-child-sign"
	RuleSevereCoercion        Rule = "level-3-coercion"
	RuleSevereVulnerability   Rule = "level-3-vulnerability"
	RuleExploitation          Rule = "level-2"
	RuleRightsViolations      Rule = "level-1"
	RuleDecentWork            Rule = "level-0"
)

// Evidence ties an item to the question whose answer showed it.
type Evidence struct {
	Item     *questionnaire.Item
	Question *questionnaire.Question
}

// Inconsistency is an answer to a question that its gate did not open. It is
// reported and not scored.
type Inconsistency struct {
	Question *questionnaire.Question
	Gate     *questionnaire.Question
}

// Result is where the answers sit on the continuum, and why.
type Result struct {
	Form  *questionnaire.Form
	Model Model

	// Level is the floor (unknown answers read as no); Ceiling reads every
	// unknown answer as yes. Level <= Ceiling always.
	Level, Ceiling            Level
	LevelRule, CeilingRule    Rule
	Dimensions                []Status // indexed like Form.Dimensions
	Elements                  [numElements]Status
	Delphi                    Status // the strict per-dimension ILO/EC rule
	Danger, Minor, ThirdParty Tri

	// Present lists the yes answers that evidence an item, in form order;
	// Possible the unknown ones (not answered, don't know, prefer not to say,
	// or behind a gate that was not answered).
	Present, Possible []Evidence
	// SignAnswers lists the questions declared as an involuntariness sign
	// that were answered yes, in form order. They evidence no item.
	SignAnswers []*questionnaire.Question
	// Indicators lists the ILO indicators present, in form order.
	Indicators []string
	// CouldRaise lists the unknown questions that could raise the level: on
	// their own (a yes would raise the floor) or because the ceiling needs them.
	CouldRaise   []*questionnaire.Question
	Inconsistent []Inconsistency

	// States holds each question's value after skip logic, indexed like
	// Form.Questions.
	States []Tri

	floor, ceil itemSet
}

// Items lists the ids of the items present, in definition order.
func (r *Result) Items() []string { return r.AppendItems(nil) }

// AppendItems appends the ids of the items present to dst, in definition
// order.
func (r *Result) AppendItems(dst []string) []string {
	return r.appendIDs(dst, r.floor)
}

// appendIDs appends the ids of the items in set, in definition order (an
// item's Index is its place in Form.Items).
func (r *Result) appendIDs(dst []string, set itemSet) []string {
	for w, word := range set {
		for word != 0 {
			i := w*64 + bits.TrailingZeros64(word)
			word &= word - 1
			if i < len(r.Form.Items) {
				dst = append(dst, r.Form.Items[i].ID)
			}
		}
	}
	return dst
}

// ItemPresent reports whether the item is present (a yes answer shows it).
func (r *Result) ItemPresent(it *questionnaire.Item) bool { return r.floor.has(it.Index) }

// ElementEvidence lists the present evidence that counts towards element e.
// Under 18, model 2 counts forced criminal activity and forced tasks towards
// exploitation.
func (r *Result) ElementEvidence(s *Scorer, e int) []Evidence {
	return filterEvidence(r.Present, s.model.evidence(s, e, r.Minor == Yes))
}

// InvoluntaryEvidence lists the present items that show the work was not
// freely chosen under the result's model: deceptive recruitment and
// exploitative conditions; for model 2 also confinement and a debt that ties
// the person. The declared answers are in SignAnswers.
func (r *Result) InvoluntaryEvidence(s *Scorer) []Evidence {
	return filterEvidence(r.Present, s.model.involuntary(s))
}

// CoercionEvidence lists the present items of coercive recruitment and
// coercion at destination: the signs of a menace of penalty.
func (r *Result) CoercionEvidence(s *Scorer) []Evidence {
	return filterEvidence(r.Present, s.coercionItemMask)
}

func filterEvidence(ev []Evidence, mask itemSet) []Evidence {
	var out []Evidence
	for _, e := range ev {
		if mask.has(e.Item.Index) {
			out = append(out, e)
		}
	}
	return out
}

// UnknownItems lists the ids of items that unknown answers could show and no
// yes answer shows, in definition order.
func (r *Result) UnknownItems() []string { return r.AppendUnknownItems(nil) }

// AppendUnknownItems appends the ids of UnknownItems to dst.
func (r *Result) AppendUnknownItems(dst []string) []string {
	return r.appendIDs(dst, r.ceil.andNot(r.floor))
}
