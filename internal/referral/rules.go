// Package referral decides which kinds of help fit a screening result, from
// rules kept as data (indicators/referrals.yaml), and reads an organisation's
// own directory of local services. It never contacts a service and never
// writes a file.
package referral

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/scoring"
)

// KindRules is the kind of the rules file; the questionnaire loader passes
// over it (questionnaire.OtherKinds).
const KindRules = "referral-rules"

// Consent says when a referral needs the person's agreement.
type Consent string

const (
	// ConsentAlways: only with the person's agreement.
	ConsentAlways Consent = "always"
	// ConsentUnlessLifeAtRisk: only with agreement, unless a life is at risk.
	ConsentUnlessLifeAtRisk Consent = "unless-life-at-risk"
	// ConsentMayBeMandatory: in many countries a professional must report
	// the situation (a child at risk), agreement or not; the person is told.
	ConsentMayBeMandatory Consent = "reporting-may-be-mandatory"
)

// Type is one kind of help, such as legal aid.
type Type struct {
	ID string
	// Rank orders the suggestions: lower comes first. A rule may give its own.
	Rank    int
	Consent Consent
	// Firewall marks services that in many countries pass data to
	// immigration enforcement (PICUM on the firewall between services and
	// immigration control); the caution is always shown.
	Firewall bool
	Rules    []*Rule
	Index    int // position in the file
	Line     int
}

// Message ids of the type's texts.
func (t *Type) NameID() string   { return "referral.type." + t.ID + ".name" }
func (t *Type) HelpsID() string  { return "referral.type." + t.ID + ".helps" }
func (t *Type) BeforeID() string { return "referral.type." + t.ID + ".before" }
func (t *Type) RisksID() string  { return "referral.type." + t.ID + ".risks" }

// Rule is one condition under which a type is suggested. Every criterion
// given must hold; a type is suggested when any of its rules holds.
type Rule struct {
	LevelAtLeast   *scoring.Level // the floor of the range
	CeilingAtLeast *scoring.Level // the ceiling of the range
	Danger, Minor  *scoring.Tri
	ItemsAny       []string // any of these Delphi items present
	IndicatorsAny  []string // any of these ILO indicators present
	Rank           int      // the type's rank unless the rule gives one
	Line           int
}

// Holds reports whether the rule holds for a result.
func (r *Rule) Holds(res *scoring.Result) bool {
	if r.LevelAtLeast != nil && res.Level < *r.LevelAtLeast {
		return false
	}
	if r.CeilingAtLeast != nil && res.Ceiling < *r.CeilingAtLeast {
		return false
	}
	if r.Danger != nil && res.Danger != *r.Danger {
		return false
	}
	if r.Minor != nil && res.Minor != *r.Minor {
		return false
	}
	if len(r.ItemsAny) > 0 {
		found := false
		for _, id := range r.ItemsAny {
			if it := res.Form.Item(id); it != nil && res.ItemPresent(it) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	if len(r.IndicatorsAny) > 0 {
		found := false
		for _, id := range r.IndicatorsAny {
			if slices.Contains(res.Indicators, id) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// Rules is a loaded, validated set of referral types.
type Rules struct {
	Version string
	Source  string // where the practice comes from
	Types   []*Type
	File    string
	byID    map[string]*Type
}

// Type returns the type with the given id, or nil.
func (rs *Rules) Type(id string) *Type { return rs.byID[id] }

// IDs lists the type ids in file order.
func (rs *Rules) IDs() []string {
	out := make([]string, len(rs.Types))
	for i, t := range rs.Types {
		out[i] = t.ID
	}
	return out
}

// Suggest lists the types whose rules hold for the result, in order: by the
// lowest rank among the rules that hold, then by their place in the file.
// It is pure: same rules and result, same list.
func (rs *Rules) Suggest(res *scoring.Result) []*Type {
	type hit struct {
		t    *Type
		rank int
	}
	var hits []hit
	for _, t := range rs.Types {
		best, ok := 0, false
		for _, r := range t.Rules {
			if r.Holds(res) && (!ok || r.Rank < best) {
				best, ok = r.Rank, true
			}
		}
		if ok {
			hits = append(hits, hit{t, best})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].rank < hits[j].rank })
	out := make([]*Type, len(hits))
	for i, h := range hits {
		out[i] = h.t
	}
	return out
}

// SuggestIDs is Suggest as type ids, for the machine interface. It is never
// nil, so that JSON shows an empty list.
func (rs *Rules) SuggestIDs(res *scoring.Result) []string {
	ts := rs.Suggest(res)
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.ID
	}
	return out
}

// MessageIDs lists the message ids the rules refer to, so that a caller can
// check them against the catalogues.
func (rs *Rules) MessageIDs() []string {
	var ids []string
	for _, t := range rs.Types {
		ids = append(ids, t.NameID(), t.HelpsID(), t.BeforeID(), t.RisksID())
	}
	return ids
}

var (
	rulesKeys = []string{"kind", "version", "source", "types"}
	typeKeys  = []string{"id", "rank", "consent", "firewall", "suggest_when"}
	ruleKeys  = []string{"level_at_least", "ceiling_at_least", "danger", "minor", "items_any", "indicators_any", "rank"}
	triNames  = map[string]scoring.Tri{"yes": scoring.Yes, "no": scoring.No, "unknown": scoring.Unknown}
)

// maxTypes bounds the number of types; the practice knows eight.
const maxTypes = 64

// Parse reads and validates a rules file against form: every item and
// indicator named must be one of the form's. All problems are returned as
// questionnaire.Errors naming file, line and field.
func Parse(form *q.Form, f q.File) (*Rules, error) {
	e := &errs{file: f.Name}
	root := parse(f, e)
	if root == nil {
		return nil, e.err()
	}
	top, _ := fields(root, "", rulesKeys, e)
	rs := &Rules{File: f.Name, byID: map[string]*Type{}}
	if kf, ok := top["kind"]; !ok {
		e.add(root.Line, "kind", "missing; expected %s", KindRules)
	} else if kf.val.Value != KindRules {
		e.add(kf.val.Line, "kind", "%q; expected %s", clip(kf.val.Value), KindRules)
	}
	if vf, ok := top["version"]; !ok {
		e.add(root.Line, "version", "missing; expected a version such as 1")
	} else if v, ok := text(vf, "version", e); ok {
		rs.Version = v
	}
	if sf, ok := top["source"]; ok {
		rs.Source, _ = text(sf, "source", e)
	}
	tf, ok := top["types"]
	switch {
	case !ok:
		e.add(root.Line, "types", "missing; expected the list of referral types")
	case tf.val.Kind != yaml.SequenceNode || len(tf.val.Content) == 0:
		e.add(tf.val.Line, "types", "found %s; expected a non-empty list of referral types", kindName(tf.val))
	case len(tf.val.Content) > maxTypes:
		e.add(tf.val.Line, "types", "%d types; expected at most %d", len(tf.val.Content), maxTypes)
	default:
		for i, tn := range tf.val.Content {
			if t := parseType(form, tn, fmt.Sprintf("types[%d]", i), e); t != nil {
				if prev := rs.byID[t.ID]; prev != nil {
					e.add(t.Line, fmt.Sprintf("types[%d].id", i), "duplicate type %q; first at line %d", t.ID, prev.Line)
					continue
				}
				t.Index = len(rs.Types)
				rs.byID[t.ID] = t
				rs.Types = append(rs.Types, t)
			}
		}
	}
	if err := e.err(); err != nil {
		return nil, err
	}
	return rs, nil
}

func parseType(form *q.Form, n *yaml.Node, p string, e *errs) *Type {
	kv, ok := fields(n, p, typeKeys, e)
	if kv == nil {
		return nil
	}
	t := &Type{Line: n.Line, Consent: ConsentAlways}
	if f, has := kv["id"]; !has {
		e.add(n.Line, p+".id", "missing; expected a type id such as legal-aid")
		ok = false
	} else if !idRE.MatchString(f.val.Value) || f.val.Kind != yaml.ScalarNode {
		e.add(f.val.Line, p+".id", "%q is not an id; expected lower-case words joined by '-'", clip(f.val.Value))
		ok = false
	} else {
		t.ID, t.Line = f.val.Value, f.key.Line
	}
	if f, has := kv["rank"]; !has {
		e.add(n.Line, p+".rank", "missing; expected a number (lower comes first)")
		ok = false
	} else if r, good := rank(f, p+".rank", e); good {
		t.Rank = r
	} else {
		ok = false
	}
	if f, has := kv["consent"]; has {
		switch Consent(f.val.Value) {
		case ConsentAlways, ConsentUnlessLifeAtRisk, ConsentMayBeMandatory:
			t.Consent = Consent(f.val.Value)
		default:
			e.add(f.val.Line, p+".consent", "%q; expected always, unless-life-at-risk or reporting-may-be-mandatory", clip(f.val.Value))
			ok = false
		}
	}
	if f, has := kv["firewall"]; has {
		switch f.val.Value {
		case "true":
			t.Firewall = true
		case "false":
		default:
			e.add(f.val.Line, p+".firewall", "%q; expected true or false", clip(f.val.Value))
			ok = false
		}
	}
	f, has := kv["suggest_when"]
	switch {
	case !has:
		e.add(n.Line, p+".suggest_when", "missing; expected the list of conditions under which this type is suggested")
		ok = false
	case f.val.Kind != yaml.SequenceNode || len(f.val.Content) == 0:
		e.add(f.val.Line, p+".suggest_when", "found %s; expected a non-empty list of conditions", kindName(f.val))
		ok = false
	default:
		for i, rn := range f.val.Content {
			r := parseRule(form, rn, fmt.Sprintf("%s.suggest_when[%d]", p, i), t.Rank, e)
			if r == nil {
				ok = false
				continue
			}
			t.Rules = append(t.Rules, r)
		}
	}
	if !ok {
		return nil
	}
	return t
}

func rank(f field, p string, e *errs) (int, bool) {
	n, err := strconv.Atoi(f.val.Value)
	if f.val.Kind != yaml.ScalarNode || err != nil || n < 0 || n > 1000 {
		e.add(f.val.Line, p, "%q; expected a whole number from 0 to 1000", clip(f.val.Value))
		return 0, false
	}
	return n, true
}

func parseRule(form *q.Form, n *yaml.Node, p string, typeRank int, e *errs) *Rule {
	kv, ok := fields(n, p, ruleKeys, e)
	if kv == nil {
		return nil
	}
	r := &Rule{Rank: typeRank, Line: n.Line}
	level := func(key string) *scoring.Level {
		f, has := kv[key]
		if !has {
			return nil
		}
		n, err := strconv.Atoi(f.val.Value)
		v := scoring.Level(n)
		if f.val.Kind != yaml.ScalarNode || err != nil || !v.Valid() {
			e.add(f.val.Line, p+"."+key, "%q; expected a level from %d to %d", clip(f.val.Value), scoring.DecentWork, scoring.Trafficking)
			ok = false
			return nil
		}
		return &v
	}
	r.LevelAtLeast = level("level_at_least")
	r.CeilingAtLeast = level("ceiling_at_least")
	tri := func(key string) *scoring.Tri {
		f, has := kv[key]
		if !has {
			return nil
		}
		v, good := triNames[f.val.Value]
		if !good || f.val.Kind != yaml.ScalarNode {
			e.add(f.val.Line, p+"."+key, "%q; expected yes, no or unknown", clip(f.val.Value))
			ok = false
			return nil
		}
		return &v
	}
	r.Danger = tri("danger")
	r.Minor = tri("minor")
	if f, has := kv["items_any"]; has {
		ids, lines, good := list(f, p+".items_any", e)
		ok = ok && good
		if good && len(ids) == 0 {
			e.add(f.val.Line, p+".items_any", "empty; expected at least one Delphi item id")
			ok = false
		}
		for i, id := range ids {
			if form.Item(id) == nil {
				e.add(lines[i], fmt.Sprintf("%s.items_any[%d]", p, i), "unknown Delphi item %q; expected an id from the delphi-items file", clip(id))
				ok = false
				continue
			}
			r.ItemsAny = append(r.ItemsAny, id)
		}
	}
	if f, has := kv["indicators_any"]; has {
		ids, lines, good := list(f, p+".indicators_any", e)
		ok = ok && good
		if good && len(ids) == 0 {
			e.add(f.val.Line, p+".indicators_any", "empty; expected at least one ILO indicator id")
			ok = false
		}
		for i, id := range ids {
			if !form.HasIndicator(id) {
				e.add(lines[i], fmt.Sprintf("%s.indicators_any[%d]", p, i), "unknown ILO indicator %q; expected one of: %s", clip(id), strings.Join(form.Indicators, ", "))
				ok = false
				continue
			}
			r.IndicatorsAny = append(r.IndicatorsAny, id)
		}
	}
	if f, has := kv["rank"]; has {
		if v, good := rank(f, p+".rank", e); good {
			r.Rank = v
		} else {
			ok = false
		}
	}
	if len(kv) == 0 || (len(kv) == 1 && kv["rank"] != (field{})) {
		e.add(n.Line, p, "no condition; expected at least one of: %s", strings.Join(ruleKeys[:len(ruleKeys)-1], ", "))
		ok = false
	}
	if !ok {
		return nil
	}
	return r
}
