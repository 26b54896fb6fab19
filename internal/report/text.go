package report

import (
	"slices"
	"strconv"
	"strings"

	"github.com/continuum-screening/continuum/internal/i18n"
	"github.com/continuum-screening/continuum/internal/inert"
	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/referral"
	"github.com/continuum-screening/continuum/internal/scoring"
)

// ResultOptions shapes the result screen.
type ResultOptions struct {
	// Explain adds the trace: how the level was reached, item by item.
	Explain bool
	// Referrals are the lines of the referral section, already in the
	// reader's language; nil means no referral rules are configured.
	Referrals []string
	// Suggested are the referral types suggested, in order; the first is
	// named in the summary.
	Suggested []*referral.Type
	// Also is the interviewer's language (--also; nil for none): the
	// summary and the notice are given in it too.
	Also *i18n.Localizer
	// Directory is the directory of local services (nil: none): its
	// emergency number replaces the general advice (112 in Europe).
	Directory *referral.Directory
}

// Wide reports whether the unknown answers leave the result too open to
// name a level: the highest possible level is two or more above the level
// the answers show.
func Wide(r *scoring.Result) bool { return r.Ceiling-r.Level >= 2 }

// Summary is the result in a few lines: the level (or, when the range is
// wide, that the answers are not enough to place the situation), the range,
// the ILO indicators found and the first help to consider.
func Summary(r *scoring.Result, loc *i18n.Localizer, first *referral.Type) []string {
	var out []string
	if Wide(r) {
		out = append(out, loc.T("session.result.unknown", "Level", r.Level, "Ceiling", r.Ceiling),
			loc.T("session.result.known", "Level", r.Level, "Name", LevelName(loc, r.Level)))
	} else {
		out = append(out, loc.T("session.result.summary", "Level", r.Level, "Name", LevelName(loc, r.Level),
			"Short", loc.T(r.Level.ShortKey())))
	}
	if r.Ceiling > r.Level {
		out = append(out, loc.T("session.result.range", "Level", r.Ceiling, "Name", LevelName(loc, r.Ceiling)))
	}
	if len(r.Indicators) == 0 {
		out = append(out, loc.T("session.result.indicators-none"))
	} else {
		names := make([]string, len(r.Indicators))
		for i, ind := range r.Indicators {
			names[i] = loc.T("indicator." + ind + ".name")
		}
		out = append(out, loc.T("session.result.signs", "Names", loc.Join(names)))
	}
	if first != nil {
		out = append(out, loc.T("session.result.first-help", "Name", loc.T(first.NameID())))
	}
	return out
}

// ResultText renders a result for the person and the interviewer: first a
// short summary (with --also, each line in the interviewer's language
// beneath), then the level on the scale from decent work to trafficking
// (drawn with text marks, so it reads the same without colour or aloud),
// the range and the questions that could raise it, the ILO indicators found
// with the answers that showed them, the flags, the referral section and the
// screening notice. It never labels the person; it places the answers on the
// scale.
func ResultText(s *scoring.Scorer, r *scoring.Result, loc *i18n.Localizer, o ResultOptions) []string {
	var out []string
	add := func(lines ...string) { out = append(out, lines...) }
	blank := func() { out = append(out, "") }
	yes := textChoiceLabel(loc, r.Form, q.Yes)
	also := o.Also
	if also != nil && also.Lang() == loc.Lang() {
		also = nil
	}
	// both adds lines in the person's language and, beneath each, the
	// interviewer's.
	both := func(f func(l *i18n.Localizer) []string) {
		main := f(loc)
		if also == nil {
			add(main...)
			return
		}
		second := f(also)
		for i, l := range main {
			add(l)
			if i < len(second) && second[i] != l {
				add("(" + also.Lang() + ") " + second[i])
			}
		}
	}
	var first *referral.Type
	if len(o.Suggested) > 0 {
		first = o.Suggested[0]
	}

	add(loc.T("session.result.title"), "")
	if r.Danger == scoring.Yes {
		both(func(l *i18n.Localizer) []string {
			return []string{l.T("session.result.danger"), EmergencyCall(l, o.Directory)}
		})
		blank()
	}
	if r.Minor == scoring.Yes {
		both(func(l *i18n.Localizer) []string { return []string{l.T("session.result.minor")} })
		blank()
	}
	both(func(l *i18n.Localizer) []string { return Summary(r, l, first) })
	blank()
	add(loc.T("session.result.scale"))
	add(Scale(r, loc)...)

	if len(r.CouldRaise) > 0 {
		blank()
		add(loc.T("session.result.could-raise"))
		for _, qq := range r.CouldRaise {
			add("  - " + loc.T(qq.TextID()))
		}
	}

	if len(r.Indicators) > 0 {
		blank()
		add(loc.T("session.result.indicators"))
		for _, ind := range r.Indicators {
			add("  - " + loc.T("indicator."+ind+".name"))
			for _, e := range r.Present {
				if slices.Contains(e.Question.Indicators, ind) {
					add("      " + loc.T("session.result.shown-by", "Answer", yes, "Question", loc.T(e.Question.TextID())))
				}
			}
		}
	}
	var other []string
	for _, e := range r.Present {
		if len(e.Question.Indicators) == 0 {
			other = append(other, "  - "+loc.T("item."+e.Item.ID))
		}
	}
	if len(other) > 0 {
		blank()
		add(loc.T("session.result.other-signs"))
		add(other...)
	}

	blank()
	add(loc.T("session.result.referrals"))
	if o.Referrals == nil {
		add("  " + loc.T("session.result.referrals-none"))
	} else {
		for _, l := range o.Referrals {
			if l == "" {
				blank()
				continue
			}
			add("  " + l)
		}
	}

	if also != nil && len(o.Suggested) > 0 {
		// The interviewer can follow the referrals: their names in the
		// interviewer's language.
		names := make([]string, len(o.Suggested))
		for i, t := range o.Suggested {
			names[i] = also.T(t.NameID())
		}
		blank()
		add("  (" + also.Lang() + ") " + also.T("session.result.referrals") + ": " + also.Join(names))
	}

	if o.Explain {
		blank()
		add(loc.T("session.result.explain"))
		for _, l := range Trace(s, r, loc) {
			add("  " + l)
		}
	}

	blank()
	both(func(l *i18n.Localizer) []string { return []string{l.T("result.notice")} })
	add(loc.T("session.result.form", "Form", r.Form.ID, "Version", r.Form.Version, "Model", r.Model.Version()))
	return out
}

// Scale draws the continuum as one line per level, marking the level of the
// answers and, when unknown answers could raise it, the highest possible level
// and the levels in between. The marks are characters and words, not colour.
func Scale(r *scoring.Result, loc *i18n.Localizer) []string { return ScalePlaced(r, loc, -1) }

// ScalePlaced is Scale with, when placed is a level, the trainee's
// placement marked beside it ("← your placement").
func ScalePlaced(r *scoring.Result, loc *i18n.Localizer, placed scoring.Level) []string {
	names := make([]string, scoring.NumLevels)
	width := 0
	for _, l := range scoring.Levels() {
		names[l] = LevelName(loc, l)
		width = max(width, len([]rune(names[l])))
	}
	out := make([]string, len(names))
	for _, i := range scoring.Levels() {
		name := names[i]
		mark := "   "
		switch {
		case i == r.Level:
			mark = ">> "
		case i > r.Level && i <= r.Ceiling:
			mark = " : "
		}
		line := mark + strconv.Itoa(int(i)) + "  " + name
		note := ""
		switch {
		case i == r.Level:
			note = loc.T("session.result.here")
		case i == r.Ceiling && r.Ceiling > r.Level:
			note = loc.T("session.result.ceiling")
		}
		if i == placed {
			if note != "" {
				note += " · "
			}
			note += loc.T("training.compare.placed-here")
		}
		if note != "" {
			line += strings.Repeat(" ", width-len([]rune(name))+2) + note
		}
		out[i] = line
	}
	return out
}

func textChoiceLabel(loc *i18n.Localizer, f *q.Form, id string) string {
	for _, c := range f.Choices {
		if c.ID == id {
			return loc.T(c.Label)
		}
	}
	return id
}

// OneLine is a text from a catalogue on one line, made inert, for labels
// and lists.
func OneLine(s string) string { return inert.String(strings.Join(strings.Fields(s), " ")) }

// QuestionExplain says what a question serves, for trainers (--explain):
// its role, the Delphi item, the ILO indicators, the follow-ups it opens.
func QuestionExplain(l *i18n.Localizer, qq *q.Question) []string {
	var out []string
	if qq.Role != q.RoleNone {
		out = append(out, l.T("questions.role."+string(qq.Role)))
	}
	if it := qq.Item; it != nil {
		out = append(out, l.T("session.explain.item", "Item", it.ID, "Grade", l.T("grade."+it.Grade.String()), "Name", l.T("item."+it.ID)))
	}
	if len(qq.Indicators) > 0 {
		names := make([]string, len(qq.Indicators))
		for i, ind := range qq.Indicators {
			names[i] = l.T("indicator." + ind + ".name")
		}
		out = append(out, l.T("session.explain.indicators", "Names", l.Join(names)))
	}
	if len(qq.FollowUps) > 0 {
		ids := make([]string, len(qq.FollowUps))
		for i, fu := range qq.FollowUps {
			ids[i] = fu.ID
		}
		out = append(out, l.T("session.explain.gate", "Questions", l.Join(ids)))
	}
	return out
}

// MissingTranslations says, for each language of codes in which some of
// what was rendered fell back to English, how many texts did; missing
// holds "code: message id" entries.
func MissingTranslations(l *i18n.Localizer, b *i18n.Bundle, codes, missing []string) []string {
	count := map[string]int{}
	for _, m := range missing {
		code, _, _ := strings.Cut(m, ": ")
		count[code]++
	}
	var out []string
	for _, code := range codes {
		if n := count[code]; n > 0 {
			out = append(out, l.N("handout.missing-translation", n, "Language", b.Catalog(code).Meta.Name))
		}
	}
	return out
}
