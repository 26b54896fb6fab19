package report

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/continuum-screening/continuum/internal/batch/synth"
	"github.com/continuum-screening/continuum/internal/i18n"
	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/scoring"
	"github.com/continuum-screening/continuum/internal/testdefs"
)

// The trace renders each sentence once and reuses it; in every language it
// must read exactly as rendering every sentence afresh does.
func TestTraceCachedIsExact(t *testing.T) {
	f, s, _ := setup(t)
	b, err := testdefs.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range b.Codes() {
		loc := b.Localizer(code)
		g := synth.New(f, 9)
		for i := range 400 {
			r := s.Score(g.Answers())
			want := traceReference(s, r, loc)
			if got := Trace(s, r, loc); !slices.Equal(got, want) {
				t.Fatalf("%s, record %d:\n%q\nexpected\n%q", code, i, got, want)
			}
			// The JSON array, written from the pieces escaped once, is the
			// array of the sentences escaped whole.
			if got, want := appendTrace([]byte("x"), s, r, loc), appendStrings([]byte("x"), want); !bytes.Equal(got, want) {
				t.Fatalf("%s, record %d: JSON trace\n%s\nexpected\n%s", code, i, got, want)
			}
		}
	}
}

// traceReference is Trace rendering every sentence afresh.
func traceReference(s *scoring.Scorer, r *scoring.Result, loc *i18n.Localizer) []string {
	c := cacheFor(loc)
	out := []string{
		loc.T("trace.level", "Level", r.Level, "Name", c.levelName(loc, r.Level)),
		loc.T("trace." + string(r.LevelRule)),
	}
	element := func(e int) {
		name := loc.T("element." + scoring.ElementIDs[e])
		status := loc.T("status." + r.Elements[e].String())
		if ev := r.ElementEvidence(s, e); len(ev) > 0 {
			out = append(out, loc.T("trace.element", "Element", name, "Status", status, "Evidence", evidence(loc, ev)))
		} else {
			out = append(out, loc.T("trace.element-empty", "Element", name, "Status", status))
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
				out = append(out, loc.T("trace.third-party", "Question", tq.ID))
			}
		}
		element(scoring.RecruitmentMeans)
		element(scoring.Exploitation)
	case scoring.RuleForcedLabourAdult:
		element(scoring.Coercion)
		out = append(out, loc.T("trace.involuntary", "Evidence", evidence(loc, r.InvoluntaryEvidence(s))))
	case scoring.RuleForcedLabourSigns:
		out = append(out, loc.T("trace.coercion-sign", "Evidence", evidence(loc, r.CoercionEvidence(s))))
		inv := evidenceParts(loc, r.InvoluntaryEvidence(s))
		for _, qq := range r.SignAnswers {
			inv = append(inv, loc.T("trace.sign-answer", "Question", qq.ID))
		}
		out = append(out, loc.T("trace.involuntary", "Evidence", strings.Join(inv, loc.T("list.separator"))))
	case scoring.RuleForcedLabourChildSign:
		out = append(out, loc.T("trace.coercion-sign", "Evidence", evidence(loc, r.CoercionEvidence(s))))
	case scoring.RuleForcedLabourChild, scoring.RuleSevereCoercion:
		element(scoring.Coercion)
	case scoring.RuleSevereVulnerability:
		element(scoring.Exploitation)
		for _, id := range []string{q.VulnerabilityRecruitment, q.VulnerabilityDestination} {
			d := r.Form.Dimension(id)
			if r.Dimensions[d.Index] == scoring.Positive {
				out = append(out, loc.T("trace.element", "Element", loc.T("dimension."+id), "Status",
					loc.T("status.positive"), "Evidence", evidence(loc, filterDim(r.Present, id))))
			}
		}
	case scoring.RuleExploitation:
		element(scoring.Exploitation)
	case scoring.RuleRightsViolations:
		out = append(out, evidence(loc, r.Present)+".")
	}
	if r.Ceiling > r.Level {
		out = append(out, loc.T("trace.ceiling", "Level", r.Ceiling, "Name", c.levelName(loc, r.Ceiling)))
		ids := make([]string, len(r.CouldRaise))
		for i, qq := range r.CouldRaise {
			ids[i] = qq.ID
		}
		out = append(out, loc.N("trace.could-raise", len(ids), "Questions", loc.Join(ids)))
	}
	out = append(out, loc.T("trace.delphi-strict", "Status", loc.T("status."+r.Delphi.String())))
	switch r.Minor {
	case scoring.Yes:
		out = append(out, loc.T("trace.minor"))
	case scoring.Unknown:
		out = append(out, loc.T("trace.minor-unknown"))
	}
	switch r.Danger {
	case scoring.Yes:
		out = append(out, loc.T("trace.danger"))
	case scoring.Unknown:
		out = append(out, loc.T("trace.danger-unknown"))
	}
	for _, in := range r.Inconsistent {
		out = append(out, loc.T("trace.inconsistent", "Question", in.Question.ID, "Gate", in.Gate.ID))
	}
	return out
}

// evidence and evidenceParts render the evidence phrases afresh.
func evidence(loc *i18n.Localizer, ev []scoring.Evidence) string {
	return strings.Join(evidenceParts(loc, ev), loc.T("list.separator"))
}

func evidenceParts(loc *i18n.Localizer, ev []scoring.Evidence) []string {
	parts := make([]string, len(ev))
	for i, e := range ev {
		parts[i] = loc.T("trace.evidence", "Item", e.Item.ID, "Grade", loc.T("grade."+e.Item.Grade.String()), "Question", e.Question.ID)
	}
	return parts
}
