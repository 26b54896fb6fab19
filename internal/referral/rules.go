// Package referral decides which kinds of help fit a screening result, from
// rules kept as data (indicators/referrals.yaml), and reads an organisation's
// own directory of local services. It never contacts a service and never
// writes a file.
package referral

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/scoring"
	"github.com/continuum-screening/continuum/internal/strictyaml"
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
	var buf [maxTypes]hit
	hits := rs.hits(res, buf[:0])
	out := make([]*Type, len(hits))
	for i, h := range hits {
		out[i] = h.t
	}
	return out
}

// hit is a type whose rules hold, with the lowest rank among them.
type hit struct {
	t    *Type
	rank int
}

// hits appends the types whose rules hold to dst, in the order of Suggest.
func (rs *Rules) hits(res *scoring.Result, dst []hit) []hit {
	for _, t := range rs.Types {
		best, ok := 0, false
		for _, r := range t.Rules {
			if r.Holds(res) && (!ok || r.Rank < best) {
				best, ok = r.Rank, true
			}
		}
		if ok {
			dst = append(dst, hit{t, best})
		}
	}
	slices.SortStableFunc(dst, func(a, b hit) int { return cmp.Compare(a.rank, b.rank) })
	return dst
}

// SuggestIDs is Suggest as type ids, for the machine interface. It is never
// nil, so that JSON shows an empty list.
func (rs *Rules) SuggestIDs(res *scoring.Result) []string {
	var buf [maxTypes]hit
	hits := rs.hits(res, buf[:0])
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.t.ID
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
	w := strictyaml.NewWalker(f.Name)
	root, ok := parse(f, w)
	if !ok {
		return nil, w.Err()
	}
	top, _ := root.Map("a mapping with a kind key", rulesKeys)
	rs := &Rules{File: f.Name, byID: map[string]*Type{}}
	if v, ok := top.Require("kind", KindRules); ok {
		v.OneOf(KindRules, KindRules)
	}
	if v, ok := top.Require("version", "a version such as 1"); ok {
		rs.Version, _ = text(v)
	}
	if v, ok := top.Get("source"); ok {
		rs.Source, _ = text(v)
	}
	if tv, ok := top.Require("types", "the list of referral types"); ok {
		types, ok := tv.List("a non-empty list of referral types")
		switch {
		case !ok:
		case len(types) == 0:
			tv.Problem("found an empty list; expected a non-empty list of referral types")
		case len(types) > maxTypes:
			tv.Problem("found %d types; expected at most %d", len(types), maxTypes)
		default:
			for i, tn := range types {
				t := parseType(form, tn)
				if t == nil {
					continue
				}
				if prev := rs.byID[t.ID]; prev != nil {
					w.Add(t.Line, fmt.Sprintf("types[%d].id", i), "duplicate type %q; first at line %d", t.ID, prev.Line)
					continue
				}
				t.Index = len(rs.Types)
				rs.byID[t.ID] = t
				rs.Types = append(rs.Types, t)
			}
		}
	}
	if err := w.Err(); err != nil {
		return nil, err
	}
	return rs, nil
}

func parseType(form *q.Form, n strictyaml.Value) *Type {
	kv, ok := n.Map("a mapping with the keys "+strings.Join(typeKeys, ", "), typeKeys)
	if kv == nil {
		return nil
	}
	t := &Type{Line: n.Line(), Consent: ConsentAlways}
	if v, has := kv.Require("id", "a type id such as legal-aid"); !has {
		ok = false
	} else if s, good := v.Text("a type id such as legal-aid"); !good {
		ok = false
	} else if !idRE.MatchString(s) {
		v.Problem("not an id; expected lower-case words joined by '-'")
		ok = false
	} else {
		t.ID, t.Line = s, kv.KeyLine("id")
	}
	if v, has := kv.Require("rank", "a number (lower comes first)"); !has {
		ok = false
	} else if r, good := rank(v); good {
		t.Rank = r
	} else {
		ok = false
	}
	if v, has := kv.Get("consent"); has {
		if c, good := v.OneOf("always, unless-life-at-risk or reporting-may-be-mandatory",
			string(ConsentAlways), string(ConsentUnlessLifeAtRisk), string(ConsentMayBeMandatory)); good {
			t.Consent = Consent(c)
		} else {
			ok = false
		}
	}
	if v, has := kv.Get("firewall"); has {
		b, good := v.Bool()
		t.Firewall, ok = b, ok && good
	}
	if v, has := kv.Require("suggest_when", "the list of conditions under which this type is suggested"); !has {
		ok = false
	} else if rules, good := v.List("a non-empty list of conditions"); !good {
		ok = false
	} else if len(rules) == 0 {
		v.Problem("found an empty list; expected a non-empty list of conditions")
		ok = false
	} else {
		for _, rn := range rules {
			r := parseRule(form, rn, t.Rank)
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

func rank(v strictyaml.Value) (int, bool) {
	return v.Int(0, 1000, "a whole number from 0 to 1000")
}

func parseRule(form *q.Form, n strictyaml.Value, typeRank int) *Rule {
	kv, ok := n.Map("a mapping of conditions: "+strings.Join(ruleKeys, ", "), ruleKeys)
	if kv == nil {
		return nil
	}
	r := &Rule{Rank: typeRank, Line: n.Line()}
	level := func(key string) *scoring.Level {
		v, has := kv.Get(key)
		if !has {
			return nil
		}
		l, good := v.Int(int(scoring.DecentWork), int(scoring.Trafficking), fmt.Sprintf("a level from %d to %d", scoring.DecentWork, scoring.Trafficking))
		if !good {
			ok = false
			return nil
		}
		lv := scoring.Level(l)
		return &lv
	}
	r.LevelAtLeast = level("level_at_least")
	r.CeilingAtLeast = level("ceiling_at_least")
	tri := func(key string) *scoring.Tri {
		v, has := kv.Get(key)
		if !has {
			return nil
		}
		s, good := v.OneOf("yes, no or unknown", "yes", "no", "unknown")
		if !good {
			ok = false
			return nil
		}
		t := triNames[s]
		return &t
	}
	r.Danger = tri("danger")
	r.Minor = tri("minor")
	if v, has := kv.Get("items_any"); has {
		ids, elems, good := v.Texts("a list of Delphi item ids")
		ok = ok && good
		if good && len(ids) == 0 {
			v.Problem("found an empty list; expected at least one Delphi item id")
			ok = false
		}
		for i, id := range ids {
			if form.Item(id) == nil {
				elems[i].Problem("unknown Delphi item %q; expected an id from the delphi-items file", clip(id))
				ok = false
				continue
			}
			r.ItemsAny = append(r.ItemsAny, id)
		}
	}
	if v, has := kv.Get("indicators_any"); has {
		ids, elems, good := v.Texts("a list of ILO indicator ids")
		ok = ok && good
		if good && len(ids) == 0 {
			v.Problem("found an empty list; expected at least one ILO indicator id")
			ok = false
		}
		for i, id := range ids {
			if !form.HasIndicator(id) {
				elems[i].Problem("unknown ILO indicator %q; expected one of: %s", clip(id), strings.Join(form.Indicators, ", "))
				ok = false
				continue
			}
			r.IndicatorsAny = append(r.IndicatorsAny, id)
		}
	}
	if v, has := kv.Get("rank"); has {
		if rk, good := rank(v); good {
			r.Rank = rk
		} else {
			ok = false
		}
	}
	if kv.Len() == 0 || (kv.Len() == 1 && kv.Has("rank")) {
		n.Problem("no condition; expected at least one of: %s", strings.Join(ruleKeys[:len(ruleKeys)-1], ", "))
		ok = false
	}
	if !ok {
		return nil
	}
	return r
}
