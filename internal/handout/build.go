package handout

import (
	"fmt"
	"sort"
	"strings"

	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/scoring"
	"github.com/continuum-screening/continuum/internal/training"
)

// doc is a handout ready to render: every text already in its languages.
type doc struct {
	Kind  string
	Lang  string
	Dir   string
	Paper string
	Title Multi
	Label Multi // TRAINING, on scenario sheets
	// Meta is the questionnaire id and version; its ids and numbers are
	// between ltrStart and ltrEnd (see ltrMark).
	Meta Multi
	// Tip says how to print without the browser's header and footer; on
	// screen only.
	Tip     Multi
	Notices []Multi
	Consent []Multi // title, text, question: read aloud before the questions
	// ConsentChoices are the yes and no boxes of the consent question.
	ConsentChoices []Multi
	Intro          []Multi
	Choices        []Multi
	Cards          []indicatorCard
	Qs             []questionBlock
	End            Multi
	Cases          []scenarioCard
	missing        []string
	Bilingual      bool
}

type indicatorCard struct {
	ID          string
	Name        Multi
	Explanation Multi
	Cover       Multi
	Questions   []questionRef
}

type questionRef struct {
	Num  string
	Text Multi
}

type questionBlock struct {
	Num   string
	ID    string
	Depth int
	Text  Multi
	Help  Multi
	Notes []Multi
}

type scenarioCard struct {
	ID        string
	Title     Multi
	Sector    Multi
	Fictional Multi
	Text      Multi
	// With answers only.
	Answers      bool
	AnswersTitle Multi
	ColQuestion  Multi
	ColAnswer    Multi
	Rows         []answerRow
	Rest         Multi
	ResultTitle  Multi
	Result       []Multi
	NoteTitle    Multi
	Note         Multi
}

type answerRow struct {
	Num    string
	Text   Multi
	Answer Multi
}

func build(o Options) (*doc, error) {
	if o.Form == nil || o.Bundle == nil {
		return nil, fmt.Errorf("handout: no questionnaire or catalogues")
	}
	b := &builder{o: o, missing: map[string]bool{}}
	codes := []string{o.Lang}
	if o.Also != "" {
		codes = append(codes, o.Also)
	}
	for _, c := range codes {
		l, err := b.lang(c)
		if err != nil {
			return nil, err
		}
		b.langs = append(b.langs, l)
	}
	paper := o.Paper
	if paper == "" {
		paper = PaperA4
	}
	d := &doc{Kind: o.Kind, Lang: b.langs[0].cat.Code, Dir: b.langs[0].dir, Paper: paper, Bilingual: len(b.langs) > 1}
	d.Tip = b.t("handout.print-tip")
	model := scoring.Default
	if o.Scorer != nil {
		model = o.Scorer.Model()
	}
	d.Meta = (b.tf("handout.form", func(*lang) []any {
		return []any{"ID", ltrMark(o.Form.ID), "Version", ltrMark(o.Form.Version), "Model", ltrMark(model.Version())}
	}))
	switch o.Kind {
	case KindIndicators:
		b.indicators(d)
	case KindQuestionnaire:
		b.questionnaire(d)
	case KindScenarios:
		if err := b.scenarios(d); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("unknown handout kind %q", o.Kind)
	}
	for id := range b.missing {
		d.missing = append(d.missing, id)
	}
	sort.Strings(d.missing)
	return d, nil
}

// numbers gives each question its printed number, the one a session shows:
// a session counts parts ("Part 4 of 16"), a part being a question asked
// whatever the answers with the follow-ups it opens. So a question asked of
// everyone carries its part's number (4), and its follow-ups the same number
// with a letter (4a, 4b), in form order.
func numbers(f *q.Form) map[*q.Question]string {
	m := make(map[*q.Question]string, len(f.Questions))
	part, sub := 0, 0
	for _, qq := range f.Questions {
		if qq.ShowIf == nil {
			part, sub = part+1, 0
			m[qq] = itoa(part)
			continue
		}
		sub++
		m[qq] = itoa(part) + subLetter(sub)
	}
	return m
}

// subLetter is a, b, ... z for the follow-ups of a part, then .27, .28.
func subLetter(n int) string {
	if n >= 1 && n <= 26 {
		return string(rune('a' + n - 1))
	}
	return "." + itoa(n)
}

// ltrStart and ltrEnd mark a value written left to right (an id, a version)
// inside a message. In a right-to-left line such a value and the punctuation
// around it are reordered by the bidirectional algorithm ("1.0.0." shows as
// ".1.0.0"); the renderers turn the marks into an isolate (<bdi dir="ltr">),
// or drop them where no isolate is needed. They are private-use characters:
// catalogue text never carries them.
const (
	ltrStart = "\ue000"
	ltrEnd   = "\ue001"
)

func ltrMark(s string) string { return ltrStart + s + ltrEnd }

// unmarkLTR replaces the marks of ltrMark in already escaped text.
func unmarkLTR(s string, isolate bool) string {
	if !isolate {
		return strings.NewReplacer(ltrStart, "", ltrEnd, "").Replace(s)
	}
	return strings.NewReplacer(ltrStart, `<bdi dir="ltr">`, ltrEnd, "</bdi>").Replace(s)
}

func (b *builder) indicators(d *doc) {
	f := b.o.Form
	num := numbers(f)
	d.Title = b.t("handout.title.indicators")
	d.Intro = []Multi{b.t("handout.intro.indicators"), b.t("handout.numbering")}
	for _, id := range f.Indicators {
		c := indicatorCard{ID: id, Name: b.t("indicator." + id + ".name"),
			Explanation: b.t("indicator." + id + ".explanation"), Cover: b.t("handout.questions-cover")}
		for _, qq := range f.QuestionsFor(id) {
			c.Questions = append(c.Questions, questionRef{Num: num[qq], Text: b.t(qq.TextID())})
		}
		d.Cards = append(d.Cards, c)
	}
}

// choiceLabels renders answer ids as their labels joined with "or" in l's
// language ("No or I prefer not to say").
func (b *builder) choiceLabels(l *lang, ids []string) string {
	var labels []string
	for _, c := range b.o.Form.Choices {
		for _, id := range ids {
			if c.ID == id {
				labels = append(labels, l.loc.T(c.Label))
			}
		}
	}
	if len(labels) <= 1 {
		return strings.Join(labels, "")
	}
	return strings.Join(labels[:len(labels)-1], l.loc.T("list.separator")) + l.loc.T("handout.or") + labels[len(labels)-1]
}

func (b *builder) questionnaire(d *doc) {
	f := b.o.Form
	num := numbers(f)
	d.Title = b.t("handout.title.questionnaire")
	d.Intro = []Multi{b.t("handout.intro.questionnaire"), b.t("handout.numbering")}
	d.Notices = append(d.Notices, b.t("handout.privacy"))
	d.Consent = []Multi{b.t(f.Consent.Title), b.t(f.Consent.Text), b.t(f.Consent.Ask)}
	for _, c := range f.Choices {
		d.Choices = append(d.Choices, b.t(c.Label))
		if c.ID == q.Yes || c.ID == q.No {
			d.ConsentChoices = append(d.ConsentChoices, b.t(c.Label))
		}
	}
	for _, qq := range f.Questions {
		qb := questionBlock{Num: num[qq], ID: qq.ID, Depth: qq.Depth, Text: b.t(qq.TextID()), Help: b.t(qq.HelpID())}
		if qq.ShowIf != nil {
			gate, answers := qq.ShowIf.Gate, qq.ShowIf.Answers
			qb.Notes = append(qb.Notes, b.tf("handout.asked-when", func(l *lang) []any {
				return []any{"Number", num[gate], "Answers", b.choiceLabels(l, answers)}
			}))
		}
		switch qq.Role {
		case q.RoleDanger:
			qb.Notes = append(qb.Notes, b.t("handout.danger-note"))
		case q.RoleMinor:
			qb.Notes = append(qb.Notes, b.t("handout.minor-note"))
		}
		if qq.Sign == q.SignInvoluntariness {
			qb.Notes = append(qb.Notes, b.t("handout.involuntariness-note"))
		}
		if skip := skipAnswers(f, qq); len(skip) > 0 {
			target := nextOutside(f, qq)
			if target == nil {
				qb.Notes = append(qb.Notes, b.tf("handout.skip-end", func(l *lang) []any {
					return []any{"Answers", b.choiceLabels(l, skip)}
				}))
			} else {
				qb.Notes = append(qb.Notes, b.tf("handout.skip", func(l *lang) []any {
					return []any{"Answers", b.choiceLabels(l, skip), "Number", num[target]}
				}))
			}
		}
		d.Qs = append(d.Qs, qb)
	}
	d.End = b.t("handout.end")
}

// skipAnswers lists the answers to a gate that open none of its follow-ups
// (and so skip every question below it), in choice order. Answers that open
// some follow-ups and not others are covered by the follow-ups' own notes.
func skipAnswers(f *q.Form, gate *q.Question) []string {
	if len(gate.FollowUps) == 0 {
		return nil
	}
	var out []string
	for _, c := range f.Choices {
		opens := false
		for _, fu := range gate.FollowUps {
			if fu.ShowIf.Opens(c.ID) {
				opens = true
				break
			}
		}
		if !opens {
			out = append(out, c.ID)
		}
	}
	return out
}

// nextOutside returns the first question after gate that does not depend on
// it, or nil when the questionnaire ends first.
func nextOutside(f *q.Form, gate *q.Question) *q.Question {
	for _, qq := range f.Questions[gate.Index+1:] {
		if !below(qq, gate) {
			return qq
		}
	}
	return nil
}

func below(qq, gate *q.Question) bool {
	for c := qq.ShowIf; c != nil; c = c.Gate.ShowIf {
		if c.Gate == gate {
			return true
		}
	}
	return false
}

func (b *builder) scenarios(d *doc) error {
	o := b.o
	if o.Answers {
		d.Title = b.t("handout.title.scenarios-answers")
	} else {
		d.Title = b.t("handout.title.scenarios")
	}
	d.Label = b.t("training.label")
	d.Intro = []Multi{b.t("training.instructions")}
	if o.Answers {
		d.Intro = append(d.Intro, b.t("handout.numbering"))
	}
	if o.Answers && o.Scorer == nil {
		return fmt.Errorf("handout: scenarios with answers need a scorer")
	}
	num := numbers(o.Form)
	for _, sc := range o.Scenarios {
		c := scenarioCard{ID: sc.ID, Title: b.t(sc.TitleID()), Sector: b.tf("handout.sector", func(l *lang) []any {
			return []any{"Sector", l.loc.T(sc.SectorID())}
		}), Fictional: b.t("training.fictional"), Text: b.t(sc.TextID())}
		if o.Answers {
			if err := b.answers(&c, sc, num); err != nil {
				return err
			}
		}
		d.Cases = append(d.Cases, c)
	}
	return nil
}

func (b *builder) answers(c *scenarioCard, sc *training.Scenario, num map[*q.Question]string) error {
	o := b.o
	f := o.Form
	if len(sc.AnswerList) != len(f.Questions) {
		return fmt.Errorf("scenario %s: answers were checked against another questionnaire", sc.ID)
	}
	c.Answers = true
	c.AnswersTitle = b.t("handout.model-answers")
	c.ColQuestion = b.t("handout.col-question")
	c.ColAnswer = b.t("handout.col-answer")
	labels := map[string]string{}
	for _, ch := range f.Choices {
		labels[ch.ID] = ch.Label
	}
	for i, qq := range f.Questions {
		a := sc.AnswerList[i]
		if a == "" || a == q.No {
			continue
		}
		c.Rows = append(c.Rows, answerRow{Num: num[qq], Text: b.t(qq.TextID()), Answer: b.t(labels[a])})
	}
	c.Rest = b.t("handout.answers-rest")
	r := o.Scorer.Score(sc.AnswerList)
	c.ResultTitle = b.t("handout.result")
	c.Result = append(c.Result, b.tf("handout.level", func(l *lang) []any {
		return []any{"Level", r.Level, "Name", levelName(l, r.Level)}
	}))
	if r.Ceiling > r.Level {
		c.Result = append(c.Result, b.tf("handout.range", func(l *lang) []any {
			return []any{"Floor", r.Level, "Ceiling", r.Ceiling, "Name", levelName(l, r.Ceiling)}
		}))
		var nums []string
		for _, qq := range r.CouldRaise {
			nums = append(nums, num[qq])
		}
		c.Result = append(c.Result, b.tf("handout.could-raise", func(l *lang) []any {
			return []any{"Questions", l.loc.Join(nums)}
		}))
	}
	if len(r.Indicators) == 0 {
		c.Result = append(c.Result, b.t("handout.indicators-none"))
	} else {
		inds := r.Indicators
		c.Result = append(c.Result, b.tf("handout.indicators-present", func(l *lang) []any {
			names := make([]string, len(inds))
			for i, id := range inds {
				names[i] = l.loc.T("indicator." + id + ".name")
			}
			return []any{"Indicators", l.loc.Join(names)}
		}))
	}
	if r.Minor == scoring.Yes {
		c.Result = append(c.Result, b.t("trace.minor"))
	}
	if r.Danger == scoring.Yes {
		c.Result = append(c.Result, b.t("trace.danger"))
	}
	c.NoteTitle = b.t("handout.teaching-note")
	c.Note = b.t(sc.NoteID())
	return nil
}
