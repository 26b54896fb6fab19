package interview

import (
	"context"
	"strconv"
	"strings"

	"github.com/continuum-screening/continuum/internal/i18n"
	"github.com/continuum-screening/continuum/internal/prompt"
	"github.com/continuum-screening/continuum/internal/report"
	"github.com/continuum-screening/continuum/internal/scoring"
	"github.com/continuum-screening/continuum/internal/session"
	"github.com/continuum-screening/continuum/internal/training"
)

// Training is the configuration of a training session: the conversation's
// own (its Explain, referral rules and directory are not used: explaining a
// question would give its answer away), the practice
// cases and the case chosen on the command line (nil: choose from a list).
type Training struct {
	Config
	Set      *training.Set
	Scenario *training.Scenario
}

// Train runs a training session: the choice of a case, the case, the
// questions (the screening's own screens and skip logic), the placement on
// the scale, and the comparison with the model answers. Every screen is
// labelled TRAINING. It returns nil after the comparison, or the way the
// session ended. As Screen, it first offers the choice of language when
// AskLanguage is set, and returns the language the session ended in.
func Train(ctx context.Context, t Training) (*i18n.Localizer, error) {
	lp := &labelledPrompter{Prompter: t.Prompter}
	c := t.Config
	c.Explain, c.Directory = false, nil
	ts := &trainSession{t: t, sc: t.Scenario, p: lp, r: newConversation(c, lp)}
	ts.r.reread = func(ctx context.Context) error { return lp.Show(ctx, ts.vignette()) }
	err := ts.run(ctx)
	return ts.r.loc, err
}

// labelledPrompter marks every screen as training: the label is the first
// notice line, at the top in plain mode and in the header in full screen.
type labelledPrompter struct {
	prompt.Prompter
	label string
}

func (l *labelledPrompter) notice(n []string) []string {
	return append([]string{l.label}, n...)
}

func (l *labelledPrompter) Choose(ctx context.Context, c *prompt.Choice) (prompt.Reply, error) {
	cc := *c
	cc.Notice = l.notice(c.Notice)
	return l.Prompter.Choose(ctx, &cc)
}

func (l *labelledPrompter) Show(ctx context.Context, p *prompt.Page) error {
	pp := *p
	pp.Notice = l.notice(p.Notice)
	return l.Prompter.Show(ctx, &pp)
}

func (l *labelledPrompter) Result(ctx context.Context, p *prompt.Page) (prompt.Action, error) {
	pp := *p
	pp.Notice = l.notice(p.Notice)
	return l.Prompter.Result(ctx, &pp)
}

type trainSession struct {
	t  Training
	sc *training.Scenario
	p  *labelledPrompter
	r  *conversation // asks the questions and shows the review, as screening does
}

func (t *trainSession) setLabel(title string) {
	label := t.r.text("training.label")
	s := label.Main
	if label.Also != "" && label.Also != label.Main {
		s += " / " + label.Also
	}
	if title != "" {
		s += " · " + report.OneLine(title)
	}
	t.p.label = s
}

func (t *trainSession) run(ctx context.Context) error {
	t.setLabel("")
	if t.r.c.AskLanguage {
		if err := t.r.chooseLanguage(ctx); err != nil {
			return err
		}
		t.setLabel("")
	}
	if t.sc == nil {
		if err := t.choose(ctx); err != nil {
			return err
		}
	}
	t.setLabel(t.r.loc.T(t.sc.TitleID()))
	if err := t.p.Show(ctx, t.vignette()); err != nil {
		return err
	}
	s := session.New(t.t.Form)
	for {
		placed := -1
		for placed < 0 {
			if err := t.r.answer(ctx, s); err != nil {
				return err
			}
			var err error
			if placed, err = t.place(ctx); err != nil {
				return err
			}
		}
		c := training.Compare(t.t.Scorer, t.sc, s.Answers(), scoring.Level(placed))
		act, err := t.p.Result(ctx, &prompt.Page{Lines: report.CompareText(t.t.Scorer, c, t.r.loc), Back: true})
		if err != nil || act != prompt.WentBack {
			return err
		}
		// Back to the answers: the review, the placement, the comparison.
	}
}

func (t *trainSession) choose(ctx context.Context) error {
	r := t.r
	c := &prompt.Choice{Notice: r.notices(), Title: r.text("training.choose.title"), Help: r.text("training.choose.help")}
	for _, sc := range t.t.Set.Scenarios {
		label := func(l *i18n.Localizer) string {
			return l.T("training.choose.option", "Title", report.OneLine(l.T(sc.TitleID())), "Sector", report.OneLine(l.T(sc.SectorID())))
		}
		opt := prompt.Option{ID: sc.ID, Label: prompt.Text{Main: label(r.loc)}}
		if r.bilingual() {
			opt.Label.Also = label(r.c.Also)
		}
		c.Options = append(c.Options, opt)
	}
	reply, err := t.p.Choose(ctx, c)
	if err != nil {
		return err
	}
	if reply.Action != prompt.Chose {
		return prompt.ErrStopped
	}
	t.sc = t.t.Set.Scenario(reply.ID)
	return nil
}

// vignette is the case: title, sector, text and how to answer, in the main
// language and, with --also, in the second one beneath.
func (t *trainSession) vignette() *prompt.Page {
	r, sc := t.r, t.sc
	page := func(l *i18n.Localizer) []string {
		return []string{
			l.T("training.case.sector", "Sector", l.T(sc.SectorID())), "",
			strings.TrimSpace(l.T(sc.TextID())), "",
			l.T("training.fictional"), "",
			l.T("training.instructions"),
		}
	}
	// The title is in the TRAINING label above the case, once.
	pg := &prompt.Page{Notice: r.notices(), Lines: page(r.loc)}
	if r.bilingual() {
		pg.Lines = append(pg.Lines, "", "("+r.c.Also.Lang()+") "+r.c.Also.T(sc.TitleID()))
		pg.Lines = append(pg.Lines, page(r.c.Also)...)
	}
	return pg
}

// place asks where on the scale the trainee puts the case; -1 when the
// trainee went back to the review.
func (t *trainSession) place(ctx context.Context) (int, error) {
	r := t.r
	// Numbered by level: typing 4 places the case at level 4.
	c := &prompt.Choice{Notice: r.notices(), Title: r.text("training.place.title"), Help: r.text("training.place.help"),
		Back: true, Zero: true}
	for i := range scoring.LevelIDs {
		opt := prompt.Option{ID: strconv.Itoa(i), Label: prompt.Text{Main: report.LevelName(r.loc, scoring.Level(i))}}
		if r.bilingual() {
			opt.Label.Also = report.LevelName(r.c.Also, scoring.Level(i))
		}
		c.Options = append(c.Options, opt)
	}
	reply, err := t.p.Choose(ctx, c)
	if err != nil {
		return -1, err
	}
	if reply.Action != prompt.Chose {
		return -1, nil
	}
	n, err := strconv.Atoi(reply.ID)
	if err != nil {
		return -1, nil
	}
	return n, nil
}
