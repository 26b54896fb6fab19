// Package report renders a scoring result for people (in their language) and
// for machines.
package report

import (
	"unicode/utf8"

	"github.com/continuum-screening/continuum/internal/i18n"
	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/scoring"
)

// LevelName returns the localised name of a level.
func LevelName(loc *i18n.Localizer, level scoring.Level) string {
	return loc.T(level.NameKey())
}

// Trace explains a result in sentences: the level and the rule that gave it,
// the elements and the answers behind them, the range, the strict Delphi rule,
// the flags and any inconsistent answers. Items and questions are named by
// id, so that a trace can be searched and compared across languages.
func Trace(s *scoring.Scorer, r *scoring.Result, loc *i18n.Localizer) []string {
	t := traceOut{}
	writeTrace(&t, s, r, loc)
	return t.lines
}

// appendTrace appends the trace as a JSON array of strings: the same text as
// Trace, written from the cached pieces already escaped, so that a batch
// escapes each sentence once rather than once per record.
func appendTrace(b []byte, s *scoring.Scorer, r *scoring.Result, loc *i18n.Localizer) []byte {
	start := len(b)
	t := traceOut{json: true, b: append(b, '[')}
	writeTrace(&t, s, r, loc)
	if t.bad {
		// A piece that is not valid UTF-8 might join its neighbour into
		// one character: escape the whole sentences instead.
		return appendStrings(t.b[:start], Trace(s, r, loc))
	}
	return append(t.b, ']')
}

// traceOut receives the sentences of a trace, each made of cached pieces
// and the odd id: as plain text (lines), or straight into a JSON array (b).
type traceOut struct {
	json  bool
	b     []byte   // JSON: the array so far; text: the sentence in hand
	lines []string // text: the sentences
	n     int      // sentences begun
	bad   bool     // JSON: a piece was not valid UTF-8
}

func (t *traceOut) begin() {
	if t.json {
		if t.n > 0 {
			t.b = append(t.b, ',')
		}
		t.b = append(t.b, '"')
	} else {
		t.b = t.b[:0]
	}
	t.n++
}

func (t *traceOut) end() {
	if t.json {
		t.b = append(t.b, '"')
	} else {
		t.lines = append(t.lines, string(t.b))
	}
}

// put adds a cached piece to the sentence in hand.
func (t *traceOut) put(c *ctext) {
	if t.json {
		t.b = append(t.b, c.j...)
		t.bad = t.bad || !c.ok
	} else {
		t.b = append(t.b, c.s...)
	}
}

// raw adds a text that is not cached (an id).
func (t *traceOut) raw(s string) {
	if t.json {
		t.b = appendEscaped(t.b, s)
		t.bad = t.bad || !utf8.ValidString(s)
	} else {
		t.b = append(t.b, s...)
	}
}

// whole adds a sentence of one piece.
func (t *traceOut) whole(c *ctext) {
	t.begin()
	t.put(c)
	t.end()
}

// framed adds a sentence of a frame with arg written into its hole.
func (t *traceOut) framed(frame []*ctext, arg func()) {
	t.begin()
	for i, p := range frame {
		if i > 0 {
			arg()
		}
		t.put(p)
	}
	t.end()
}

// evidence adds the phrases of the evidence, joined by the list separator.
func (t *traceOut) evidence(c *textCache, loc *i18n.Localizer, ev []scoring.Evidence) {
	for i, e := range ev {
		if i > 0 {
			t.put(c.sep)
		}
		t.put(c.evidenceText(loc, e))
	}
}

var fullStop = newCtext(".")

func writeTrace(t *traceOut, s *scoring.Scorer, r *scoring.Result, loc *i18n.Localizer) {
	c := cacheFor(loc)
	t.whole(c.sentence(sentenceKey{id: "trace.level", n: int(r.Level)}, func() string {
		return loc.T("trace.level", "Level", r.Level, "Name", c.levelName(loc, r.Level))
	}))
	t.whole(c.sentence(sentenceKey{id: "trace.<rule>", a: string(r.LevelRule)}, func() string { return loc.T("trace." + string(r.LevelRule)) }))
	element := func(e int) {
		st := r.Elements[e]
		render := func(evidence string) string {
			name := loc.T("element." + scoring.ElementIDs[e])
			status := loc.T("status." + st.String())
			if evidence == "" {
				return loc.T("trace.element-empty", "Element", name, "Status", status)
			}
			return loc.T("trace.element", "Element", name, "Status", status, "Evidence", evidence)
		}
		if ev := r.ElementEvidence(s, e); len(ev) > 0 {
			t.framed(c.frame(sentenceKey{id: "trace.element", a: scoring.ElementIDs[e], n: int(st)}, render), func() { t.evidence(c, loc, ev) })
		} else {
			t.whole(c.sentence(sentenceKey{id: "trace.element-empty", a: scoring.ElementIDs[e], n: int(st)}, func() string { return render("") }))
		}
	}
	involuntary := func() []*ctext {
		return c.frame(sentenceKey{id: "trace.involuntary"}, func(ev string) string {
			return loc.T("trace.involuntary", "Evidence", ev)
		})
	}
	switch r.LevelRule {
	case scoring.RuleTraffickingAdult:
		element(scoring.RecruitmentMeans)
		element(scoring.Exploitation)
		element(scoring.DestinationMeans)
	case scoring.RuleTraffickingChild:
		if r.ThirdParty == scoring.Yes {
			if tq := r.Form.RoleQuestion(q.RoleThirdParty); tq != nil {
				t.whole(c.sentence(sentenceKey{id: "trace.third-party", a: tq.ID}, func() string {
					return loc.T("trace.third-party", "Question", tq.ID)
				}))
			}
		}
		element(scoring.RecruitmentMeans)
		element(scoring.Exploitation)
	case scoring.RuleForcedLabourAdult:
		element(scoring.Coercion)
		ev := r.InvoluntaryEvidence(s)
		t.framed(involuntary(), func() { t.evidence(c, loc, ev) })
	case scoring.RuleForcedLabourSigns:
		coercionSign(t, c, loc, r, s)
		ev := r.InvoluntaryEvidence(s)
		t.framed(involuntary(), func() {
			t.evidence(c, loc, ev)
			for i, qq := range r.SignAnswers {
				if i > 0 || len(ev) > 0 {
					t.put(c.sep)
				}
				t.put(c.sentence(sentenceKey{id: "trace.sign-answer", a: qq.ID}, func() string {
					return loc.T("trace.sign-answer", "Question", qq.ID)
				}))
			}
		})
	case scoring.RuleForcedLabourChildSign:
		coercionSign(t, c, loc, r, s)
	case scoring.RuleForcedLabourChild, scoring.RuleSevereCoercion:
		element(scoring.Coercion)
	case scoring.RuleSevereVulnerability:
		element(scoring.Exploitation)
		for _, id := range []string{q.VulnerabilityRecruitment, q.VulnerabilityDestination} {
			d := r.Form.Dimension(id)
			if r.Dimensions[d.Index] == scoring.Positive {
				ev := filterDim(r.Present, id)
				t.framed(c.frame(sentenceKey{id: "trace.element", b: id}, func(ev string) string {
					return loc.T("trace.element", "Element", loc.T("dimension."+id), "Status", loc.T("status.positive"), "Evidence", ev)
				}), func() { t.evidence(c, loc, ev) })
			}
		}
	case scoring.RuleExploitation:
		element(scoring.Exploitation)
	case scoring.RuleRightsViolations:
		t.begin()
		t.evidence(c, loc, r.Present)
		t.put(fullStop)
		t.end()
	}
	if r.Ceiling > r.Level {
		t.whole(c.sentence(sentenceKey{id: "trace.ceiling", n: int(r.Ceiling)}, func() string {
			return loc.T("trace.ceiling", "Level", r.Ceiling, "Name", c.levelName(loc, r.Ceiling))
		}))
		n := len(r.CouldRaise)
		t.framed(c.frame(sentenceKey{id: "trace.could-raise", n: n}, func(list string) string {
			return loc.N("trace.could-raise", n, "Questions", list)
		}), func() {
			for i, qq := range r.CouldRaise {
				if i > 0 {
					t.put(c.sep)
				}
				t.raw(qq.ID)
			}
		})
	}
	t.whole(c.sentence(sentenceKey{id: "trace.delphi-strict", n: int(r.Delphi)}, func() string {
		return loc.T("trace.delphi-strict", "Status", loc.T("status."+r.Delphi.String()))
	}))
	switch r.Minor {
	case scoring.Yes:
		t.whole(c.sentence(sentenceKey{id: "trace.minor"}, func() string { return loc.T("trace.minor") }))
	case scoring.Unknown:
		t.whole(c.sentence(sentenceKey{id: "trace.minor-unknown"}, func() string { return loc.T("trace.minor-unknown") }))
	}
	switch r.Danger {
	case scoring.Yes:
		t.whole(c.sentence(sentenceKey{id: "trace.danger"}, func() string { return loc.T("trace.danger") }))
	case scoring.Unknown:
		t.whole(c.sentence(sentenceKey{id: "trace.danger-unknown"}, func() string { return loc.T("trace.danger-unknown") }))
	}
	for _, in := range r.Inconsistent {
		t.whole(c.sentence(sentenceKey{id: "trace.inconsistent", a: in.Question.ID, b: in.Gate.ID}, func() string {
			return loc.T("trace.inconsistent", "Question", in.Question.ID, "Gate", in.Gate.ID)
		}))
	}
}

func filterDim(ev []scoring.Evidence, dim string) []scoring.Evidence {
	var out []scoring.Evidence
	for _, e := range ev {
		if e.Item.Dimension.ID == dim {
			out = append(out, e)
		}
	}
	return out
}

// coercionSign names the coercion items that decided a model-2 level 4.
func coercionSign(t *traceOut, c *textCache, loc *i18n.Localizer, r *scoring.Result, s *scoring.Scorer) {
	ev := r.CoercionEvidence(s)
	t.framed(c.frame(sentenceKey{id: "trace.coercion-sign"}, func(ev string) string {
		return loc.T("trace.coercion-sign", "Evidence", ev)
	}), func() { t.evidence(c, loc, ev) })
}
