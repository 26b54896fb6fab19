package report

import (
	"strings"

	"github.com/continuum-screening/continuum/internal/i18n"
	"github.com/continuum-screening/continuum/internal/scoring"
	"github.com/continuum-screening/continuum/internal/training"
)

// CompareText is the reveal: the levels, the model scale, the indicators and
// items found, missed and added with the answers that show them, the answers
// that differ, the teaching note and the trace of the model result.
func CompareText(s *scoring.Scorer, c *training.Comparison, loc *i18n.Localizer) []string {
	var out []string
	add := func(lines ...string) { out = append(out, lines...) }
	blank := func() { out = append(out, "") }
	m, tr := c.Model, c.Trainee
	choice := func(id string) string {
		if id == "" {
			return loc.T("session.review.not-answered")
		}
		for _, ch := range m.Form.Choices {
			if ch.ID == id {
				return loc.T(ch.Label)
			}
		}
		return id
	}
	at := func(list []string, i int) string {
		if i < len(list) {
			return list[i]
		}
		return ""
	}
	item := func(e scoring.Evidence) string {
		return loc.T("session.explain.item", "Item", e.Item.ID, "Grade", loc.T("grade."+e.Item.Grade.String()), "Name", loc.T("item."+e.Item.ID))
	}
	pair := func(i int) string {
		return loc.T("training.compare.answer-pair", "Model", choice(at(c.Scenario.AnswerList, i)), "Yours", choice(at(c.TraineeAnswers, i)))
	}
	levels := func(key string, r *scoring.Result) {
		add(loc.T(key, "Level", r.Level, "Name", LevelName(loc, r.Level)))
		if r.Ceiling > r.Level {
			add("  " + loc.T("training.compare.range", "Level", r.Ceiling, "Name", LevelName(loc, r.Ceiling)))
		}
	}

	add(loc.T("training.compare.title"), "")
	add(loc.T("training.compare.placed", "Level", c.Placed, "Name", LevelName(loc, c.Placed)))
	levels("training.compare.model", m)
	add(loc.T("training.compare.placement." + c.Placement.String()))
	levels("training.compare.yours", tr)
	blank()
	add(loc.T("session.result.scale"))
	add(ScalePlaced(m, loc, c.Placed)...)

	blank()
	add(loc.N("training.compare.indicator-count", len(m.Indicators)))
	if len(c.Indicators) == 0 {
		add(loc.T("training.compare.indicators-none"))
	}
	for _, mk := range []training.Mark{training.Found, training.Missed, training.Added} {
		if c.Count(mk) == 0 {
			continue
		}
		blank()
		add(loc.T("training.compare.indicators-" + mk.String()))
		for _, im := range c.Indicators {
			if im.Mark != mk {
				continue
			}
			add("  - " + loc.T("training.compare.indicator", "Name", loc.T("indicator."+im.ID+".name"), "Grade", loc.T("grade."+im.Grade.String())))
			add("    " + loc.T("indicator."+im.ID+".explanation"))
			for _, e := range im.Evidence {
				add("      "+loc.T(e.Question.TextID()), "        "+pair(e.Question.Index)+" · "+item(e))
			}
		}
	}

	blank()
	if len(c.Items) == 0 {
		add(loc.T("training.compare.items-none"))
	}
	for _, mk := range []training.Mark{training.Found, training.Missed, training.Added} {
		var lines []string
		for _, it := range c.Items {
			if it.Mark == mk && len(it.Evidence) > 0 {
				lines = append(lines, "  - "+item(it.Evidence[0]))
			}
		}
		if len(lines) > 0 {
			add(loc.T("training.compare.items-" + mk.String()))
			add(lines...)
		}
	}

	blank()
	if len(c.Answers) == 0 {
		add(loc.T("training.compare.answers-same"))
	} else {
		add(loc.T("training.compare.answers-differ"))
		for _, d := range c.Answers {
			add("  - "+loc.T(d.Question.TextID()), "      "+pair(d.Question.Index))
		}
	}

	blank()
	add(loc.T("training.compare.why"))
	add(strings.TrimSpace(loc.T(c.Scenario.NoteID())))
	blank()
	add(loc.T("session.result.explain"))
	for _, l := range Trace(s, m, loc) {
		add("  " + l)
	}
	blank()
	add(loc.T("session.result.form", "Form", m.Form.ID, "Version", m.Form.Version, "Model", m.Model.Version()))
	return out
}
