package cli

import (
	"context"
	"fmt"
	"os/signal"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/continuum-screening/continuum/internal/i18n"
	"github.com/continuum-screening/continuum/internal/prompt"
	"github.com/continuum-screening/continuum/internal/report"
	"github.com/continuum-screening/continuum/internal/scoring"
	"github.com/continuum-screening/continuum/internal/session"
	"github.com/continuum-screening/continuum/internal/training"
)

type trainOptions struct {
	// screenOptions gives the same prompters, modes and --also as screen.
	screenOptions
	Scenario string
	List     bool
	JSON     bool
}

func newTrainCmd(g *Globals, runF func(*trainOptions) error) *cobra.Command {
	o := &trainOptions{screenOptions: screenOptions{Globals: g, newPrompter: defaultPrompter}}
	cmd := &cobra.Command{
		Use:   "train [SCENARIO]",
		Short: "Practise with a fictional case: answer, place it on the scale, compare with the model",
		Long: `Practise screening with the fictional cases of the trainers' handouts. The
case is shown first; answer the questions as the case tells it, place the
case on the scale from decent work (0) to the most serious signs (5), and
see the model answers next to yours: the ILO indicators and Delphi items
found, missed and added, with their explanation and strength, the questions
that show them, the level you chose against the model level and range, and
why the level is what it is.

Without SCENARIO, choose a case from a list; --list prints the cases. Every
screen is marked TRAINING. Nothing is written to disk or sent anywhere.

The keys are those of continuum screen: in full-screen mode Esc or Ctrl+C is
the quick exit; plain mode (--accessible, ACCESSIBLE, or when stdin is not
a terminal) reads one numbered answer per line, b (back), s (skip), q (stop).`,
		Example: `  continuum train
  continuum train car-wash-long-days --lang ro --also en
  continuum train --list --lang uk`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usagef("train takes at most one SCENARIO, got %d (see '%s --list')", len(args), cmd.CommandPath())
			}
			return nil
		},
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			e, err := g.loadEnv()
			if err != nil {
				return nil, cobra.ShellCompDirectiveError
			}
			set, err := training.Shipped(e.Form)
			if err != nil {
				return nil, cobra.ShellCompDirectiveError
			}
			var out []string
			for _, sc := range set.Scenarios {
				out = append(out, sc.ID+"\t"+oneLine(e.Loc.T(sc.TitleID())))
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.Scenario = args[0]
			}
			if runF != nil {
				return runF(o)
			}
			return trainRun(o)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.List, "list", false, "list the practice cases with their sector and title")
	f.BoolVar(&o.JSON, "json", false, "with --list: machine-readable output")
	f.StringVar(&o.Also, "also", "", "show each screen also in this language (e.g. --lang ro --also en)")
	f.BoolVar(&o.Accessible, "accessible", false, "plain line-based mode for screen readers and scripts (also ACCESSIBLE=1)")
	return cmd
}

func oneLine(s string) string { return sanitize(strings.Join(strings.Fields(s), " ")) }

func trainRun(o *trainOptions) error {
	if o.JSON && !o.List {
		return usagef("--json goes with --list")
	}
	if o.List && o.Scenario != "" {
		return usagef("--list takes no scenario; got %q", o.Scenario)
	}
	// As in screen: the answers live only in memory (no core dump), and
	// Ctrl+C in plain mode, kill and a closed terminal are caught from the
	// start and end the session as the quick exit does.
	_ = noCoreDumps()
	ctx, stop := signal.NotifyContext(context.Background(), stopSignals...)
	defer stop()
	e, err := o.loadEnv()
	if err != nil {
		return err
	}
	set, err := training.Shipped(e.Form)
	if err != nil {
		if o.Indicators != "" {
			return fmt.Errorf("the practice scenarios do not fit the questionnaire from --indicators:\n%w", err)
		}
		return err
	}
	if o.List {
		return trainList(o, e, set)
	}
	var sc *training.Scenario
	if o.Scenario != "" {
		if sc = set.Scenario(o.Scenario); sc == nil {
			return usagef("unknown scenario %q; expected one of: %s", o.Scenario, strings.Join(set.IDs(), ", "))
		}
	}
	var also *i18n.Localizer
	alsoCode := ""
	if o.Also != "" {
		code := i18n.Normalize(o.Also)
		if e.Bundle.Catalog(code) == nil {
			return usagef("--also: language %q is not shipped; expected one of: %s", o.Also, strings.Join(e.Bundle.Codes(), ", "))
		}
		also = e.Bundle.Localizer(code)
		alsoCode = also.Lang()
	}
	p, err := o.newPrompter(&o.screenOptions, e.Loc, alsoCode, o.plainMode())
	if err != nil {
		return err
	}
	lp := &labelledPrompter{Prompter: p}
	t := &trainSession{o: o, e: e, set: set, sc: sc, p: lp,
		r: &screenSession{o: &screenOptions{Globals: o.Globals}, e: e, p: lp, loc: e.Loc, also: also}}
	err = t.run(ctx)
	return endSession(ctx, o.Streams, e.Loc, err, p.Close())
}

type jsonScenario struct {
	ID         string `json:"id"`
	Sector     string `json:"sector"`
	SectorName string `json:"sector_name"`
	Title      string `json:"title"`
}

type jsonScenarioList struct {
	Language  string         `json:"language"`
	Scenarios []jsonScenario `json:"scenarios"`
}

// trainList lists the cases without their levels, which would give the
// answer away.
func trainList(o *trainOptions, e *env, set *training.Set) error {
	l := e.Loc
	if o.JSON {
		out := jsonScenarioList{Language: l.Lang(), Scenarios: []jsonScenario{}}
		for _, sc := range set.Scenarios {
			out.Scenarios = append(out.Scenarios, jsonScenario{ID: sc.ID, Sector: sc.Sector,
				SectorName: oneLine(l.T(sc.SectorID())), Title: oneLine(l.T(sc.TitleID()))})
		}
		return writeJSON(o.Streams.Out, out)
	}
	tw := tabwriter.NewWriter(o.Streams.Out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\t%s\t%s\n", l.T("training.list.id"), l.T("training.list.sector"), l.T("training.list.title"))
	for _, sc := range set.Scenarios {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", sc.ID, oneLine(l.T(sc.SectorID())), oneLine(l.T(sc.TitleID())))
	}
	return tw.Flush()
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

func (l *labelledPrompter) Result(ctx context.Context, p *prompt.Page) error {
	pp := *p
	pp.Notice = l.notice(p.Notice)
	return l.Prompter.Result(ctx, &pp)
}

// trainSession is one run: the choice of a case, the case, the questions
// (the screen session's own screens and skip logic), the placement on the
// scale, and the comparison with the model answers.
type trainSession struct {
	o   *trainOptions
	e   *env
	set *training.Set
	sc  *training.Scenario
	p   *labelledPrompter
	r   *screenSession // asks the questions and shows the review, as screen does
}

func (t *trainSession) setLabel(title string) {
	r := t.r
	label := r.text("training.label")
	s := label.Main
	if label.Also != "" && label.Also != label.Main {
		s += " / " + label.Also
	}
	if title != "" {
		s += " · " + oneLine(title)
	}
	t.p.label = s
}

func (t *trainSession) run(ctx context.Context) error {
	t.setLabel("")
	if t.sc == nil {
		if err := t.choose(ctx); err != nil {
			return err
		}
	}
	t.setLabel(t.r.loc.T(t.sc.TitleID()))
	if err := t.p.Show(ctx, t.vignette()); err != nil {
		return err
	}
	s := session.New(t.e.Form)
	placed := -1
	for placed < 0 {
		if s.Phase() == session.Reviewing {
			done, err := t.r.review(ctx, s)
			if err != nil {
				return err
			}
			if !done {
				continue
			}
			if placed, err = t.place(ctx); err != nil {
				return err
			}
			continue
		}
		if err := t.r.ask(ctx, s); err != nil {
			return err
		}
	}
	c := training.Compare(t.e.Scorer, t.sc, s.Answers(), placed)
	return t.p.Result(ctx, &prompt.Page{Lines: compareText(t.e.Scorer, c, t.r.loc)})
}

func (t *trainSession) choose(ctx context.Context) error {
	r := t.r
	c := &prompt.Choice{Notice: r.notices(), Title: r.text("training.choose.title"), Help: r.text("training.choose.help")}
	for _, sc := range t.set.Scenarios {
		label := func(l *i18n.Localizer) string {
			return l.T("training.choose.option", "Title", oneLine(l.T(sc.TitleID())), "Sector", oneLine(l.T(sc.SectorID())))
		}
		opt := prompt.Option{ID: sc.ID, Label: prompt.Text{Main: label(r.loc)}}
		if r.also != nil && r.also.Lang() != r.loc.Lang() {
			opt.Label.Also = label(r.also)
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
	t.sc = t.set.Scenario(reply.ID)
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
	pg := &prompt.Page{Notice: r.notices(), Title: r.loc.T(sc.TitleID()), Lines: page(r.loc)}
	if r.also != nil && r.also.Lang() != r.loc.Lang() {
		pg.Lines = append(pg.Lines, "", "("+r.also.Lang()+") "+r.also.T(sc.TitleID()))
		pg.Lines = append(pg.Lines, page(r.also)...)
	}
	return pg
}

// place asks where on the scale the trainee puts the case; -1 when the
// trainee went back to the review.
func (t *trainSession) place(ctx context.Context) (int, error) {
	r := t.r
	c := &prompt.Choice{Notice: r.notices(), Title: r.text("training.place.title"), Help: r.text("training.place.help"), Back: true}
	for i := range scoring.LevelIDs {
		opt := prompt.Option{ID: strconv.Itoa(i), Label: prompt.Text{
			Main: r.loc.T("training.place.option", "Level", i, "Name", report.LevelName(r.loc, i))}}
		if r.also != nil && r.also.Lang() != r.loc.Lang() {
			opt.Label.Also = report.LevelName(r.also, i)
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

// compareText is the reveal: the levels, the model scale, the indicators and
// items found, missed and added with the answers that show them, the answers
// that differ, the teaching note and the trace of the model result.
func compareText(s *scoring.Scorer, c *training.Comparison, loc *i18n.Localizer) []string {
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
		add(loc.T(key, "Level", r.Level, "Name", report.LevelName(loc, r.Level)))
		if r.Ceiling > r.Level {
			add("  " + loc.T("training.compare.range", "Level", r.Ceiling, "Name", report.LevelName(loc, r.Ceiling)))
		}
	}

	add(loc.T("training.compare.title"), "")
	add(loc.T("training.compare.placed", "Level", c.Placed, "Name", report.LevelName(loc, c.Placed)))
	levels("training.compare.model", m)
	add(loc.T("training.compare.placement." + c.Placement.String()))
	levels("training.compare.yours", tr)
	blank()
	add(loc.T("session.result.scale"))
	add(report.Scale(m, loc)...)

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
	for _, l := range report.Trace(s, m, loc) {
		add("  " + l)
	}
	blank()
	add(loc.T("session.result.form", "Form", m.Form.ID, "Version", m.Form.Version, "Model", scoring.ModelVersion))
	return out
}
