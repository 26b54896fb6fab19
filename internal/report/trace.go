// Package report renders a scoring result for people (in their language) and
// for machines.
package report

import (
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
	c := cacheFor(loc)
	out := make([]string, 0, 8)
	out = append(out,
		c.sentence(sentenceKey{id: "trace.level", n: int(r.Level)}, func() string {
			return loc.T("trace.level", "Level", r.Level, "Name", c.levelName(loc, r.Level))
		}),
		c.sentence(sentenceKey{id: "trace." + string(r.LevelRule)}, func() string { return loc.T("trace." + string(r.LevelRule)) }),
	)
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
			out = append(out, c.framed(sentenceKey{id: "trace.element", a: scoring.ElementIDs[e], n: int(st)}, evidence(loc, ev), render))
		} else {
			out = append(out, c.sentence(sentenceKey{id: "trace.element-empty", a: scoring.ElementIDs[e], n: int(st)}, func() string { return render("") }))
		}
	}
	switch r.LevelRule {
	case scoring.RuleTraffickingAdult:
		element(scoring.RecruitmentMeans)
		element(scoring.Exploitation)
		element(scoring.DestinationMeans)
	case scoring.RuleTraffickingChild:
		if r.ThirdParty == scoring.Yes {
			if tq := r.Form.RoleQuestion(q.RoleThirdParty); tq != nil {
				out = append(out, c.sentence(sentenceKey{id: "trace.third-party", a: tq.ID}, func() string {
					return loc.T("trace.third-party", "Question", tq.ID)
				}))
			}
		}
		element(scoring.RecruitmentMeans)
		element(scoring.Exploitation)
	case scoring.RuleForcedLabourAdult:
		element(scoring.Coercion)
		out = append(out, c.framed(sentenceKey{id: "trace.involuntary"}, evidence(loc, r.InvoluntaryEvidence(s)), func(ev string) string {
			return loc.T("trace.involuntary", "Evidence", ev)
		}))
	case scoring.RuleForcedLabourSigns:
		out = append(out, coercionSign(c, loc, r, s))
		inv := evidenceParts(loc, r.InvoluntaryEvidence(s))
		for _, qq := range r.SignAnswers {
			inv = append(inv, c.sentence(sentenceKey{id: "trace.sign-answer", a: qq.ID}, func() string {
				return loc.T("trace.sign-answer", "Question", qq.ID)
			}))
		}
		out = append(out, c.framed(sentenceKey{id: "trace.involuntary"}, c.join(inv), func(ev string) string {
			return loc.T("trace.involuntary", "Evidence", ev)
		}))
	case scoring.RuleForcedLabourChildSign:
		out = append(out, coercionSign(c, loc, r, s))
	case scoring.RuleForcedLabourChild, scoring.RuleSevereCoercion:
		element(scoring.Coercion)
	case scoring.RuleSevereVulnerability:
		element(scoring.Exploitation)
		for _, id := range []string{q.VulnerabilityRecruitment, q.VulnerabilityDestination} {
			d := r.Form.Dimension(id)
			if r.Dimensions[d.Index] == scoring.Positive {
				out = append(out, c.framed(sentenceKey{id: "trace.element", b: id}, evidence(loc, filterDim(r.Present, id)), func(ev string) string {
					return loc.T("trace.element", "Element", loc.T("dimension."+id), "Status", loc.T("status.positive"), "Evidence", ev)
				}))
			}
		}
	case scoring.RuleExploitation:
		element(scoring.Exploitation)
	case scoring.RuleRightsViolations:
		out = append(out, evidence(loc, r.Present)+".")
	}
	if r.Ceiling > r.Level {
		out = append(out, c.sentence(sentenceKey{id: "trace.ceiling", n: int(r.Ceiling)}, func() string {
			return loc.T("trace.ceiling", "Level", r.Ceiling, "Name", c.levelName(loc, r.Ceiling))
		}))
		ids := make([]string, len(r.CouldRaise))
		for i, qq := range r.CouldRaise {
			ids[i] = qq.ID
		}
		n := len(ids)
		out = append(out, c.framed(sentenceKey{id: "trace.could-raise", n: n}, c.join(ids), func(list string) string {
			return loc.N("trace.could-raise", n, "Questions", list)
		}))
	}
	out = append(out, c.sentence(sentenceKey{id: "trace.delphi-strict", n: int(r.Delphi)}, func() string {
		return loc.T("trace.delphi-strict", "Status", loc.T("status."+r.Delphi.String()))
	}))
	switch r.Minor {
	case scoring.Yes:
		out = append(out, c.sentence(sentenceKey{id: "trace.minor"}, func() string { return loc.T("trace.minor") }))
	case scoring.Unknown:
		out = append(out, c.sentence(sentenceKey{id: "trace.minor-unknown"}, func() string { return loc.T("trace.minor-unknown") }))
	}
	switch r.Danger {
	case scoring.Yes:
		out = append(out, c.sentence(sentenceKey{id: "trace.danger"}, func() string { return loc.T("trace.danger") }))
	case scoring.Unknown:
		out = append(out, c.sentence(sentenceKey{id: "trace.danger-unknown"}, func() string { return loc.T("trace.danger-unknown") }))
	}
	for _, in := range r.Inconsistent {
		out = append(out, c.sentence(sentenceKey{id: "trace.inconsistent", a: in.Question.ID, b: in.Gate.ID}, func() string {
			return loc.T("trace.inconsistent", "Question", in.Question.ID, "Gate", in.Gate.ID)
		}))
	}
	return out
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

func evidence(loc *i18n.Localizer, ev []scoring.Evidence) string {
	return cacheFor(loc).join(evidenceParts(loc, ev))
}

func evidenceParts(loc *i18n.Localizer, ev []scoring.Evidence) []string {
	c := cacheFor(loc)
	parts := make([]string, len(ev))
	for i, e := range ev {
		parts[i] = c.evidenceText(loc, e)
	}
	return parts
}

// coercionSign names the coercion items that decided a model-2 level 4.
func coercionSign(c *textCache, loc *i18n.Localizer, r *scoring.Result, s *scoring.Scorer) string {
	return c.framed(sentenceKey{id: "trace.coercion-sign"}, evidence(loc, r.CoercionEvidence(s)), func(ev string) string {
		return loc.T("trace.coercion-sign", "Evidence", ev)
	})
}
