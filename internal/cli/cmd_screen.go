package cli

import (
	"context"
	"errors"
	"fmt"
	"os/signal"
	"strings"

	"github.com/spf13/cobra"

	"github.com/continuum-screening/continuum/internal/i18n"
	"github.com/continuum-screening/continuum/internal/prompt"
	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/referral"
	"github.com/continuum-screening/continuum/internal/report"
	"github.com/continuum-screening/continuum/internal/session"
)

type screenOptions struct {
	*Globals
	Also       string
	Accessible bool
	Explain    bool
	Directory  string // a directory of local services, for the referrals

	// newPrompter builds the prompter; tests replace it.
	newPrompter func(o *screenOptions, loc *i18n.Localizer, also string, plain bool) (prompt.Prompter, error)
}

func newScreenCmd(g *Globals, runF func(*screenOptions) error) *cobra.Command {
	o := &screenOptions{Globals: g, newPrompter: defaultPrompter}
	cmd := &cobra.Command{
		Use:   "screen",
		Short: "Run a screening session: consent, a few questions, and where the answers sit",
		Long: `Run a private screening session at this computer: the language, consent, a
danger check, the age check, then the questions one at a time (follow-up
questions only when they apply), a review where any answer can be changed,
and the result with where to find help.

Nothing is written to disk or sent anywhere. Any question can be skipped,
and the session can be stopped at any time.

Full-screen mode (a terminal): enter chooses, shift+tab goes back, s skips,
and Esc or Ctrl+C is the quick exit: it leaves at once, clears the screen
and the scrollback, and keeps nothing. It cannot protect against what is
outside the terminal: a screen recorder or remote-viewing software, a
camera, or a person who already looked at the screen.

Plain mode (--accessible, the ACCESSIBLE environment variable, or when stdin
is not a terminal) asks one numbered question per line for screen readers,
braille displays and scripted use: type a number, or b (back), s (skip),
q (stop). End of input stops the session without a result. Ctrl+C in a
terminal clears the screen and the scrollback, as the quick exit does.`,
		Example: `  continuum screen
  continuum screen --lang ro --also en
  continuum screen --accessible --explain`,
		Args: func(cmd *cobra.Command, args []string) error {
			// Answers are asked one at a time, never taken from the command
			// line, where they would stay in the shell history; the
			// arguments are not repeated either.
			if len(args) > 0 {
				return usagef("screen takes no arguments; the questions are asked one at a time (see 'continuum screen --help')")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(o)
			}
			return screenRun(o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Also, "also", "", "show each question also in this language, for the interviewer (e.g. --lang ro --also en)")
	f.BoolVar(&o.Accessible, "accessible", false, "plain line-based mode for screen readers and scripts (also ACCESSIBLE=1)")
	f.BoolVar(&o.Explain, "explain", false, "show beside each question the indicator and Delphi item it serves, and how the result was reached")
	addDirectoryFlag(cmd, &o.Directory, false)
	return cmd
}

// envTrue reads a yes/no environment variable such as ACCESSIBLE.
func envTrue(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "0", "false", "no", "off":
		return false
	}
	return true
}

// plainMode decides between the full-screen and the plain prompter.
func (o *screenOptions) plainMode() bool {
	s := o.Streams
	return o.Accessible || envTrue(s.Getenv("ACCESSIBLE")) || !s.InTTY || !s.ErrTTY || s.Getenv("TERM") == "dumb"
}

func (o *screenOptions) noColor() bool {
	_, set := lookupEnv(o.Streams.Getenv, "NO_COLOR")
	return o.NoColor || set
}

func lookupEnv(getenv func(string) string, k string) (string, bool) {
	v := getenv(k)
	return v, v != ""
}

func defaultPrompter(o *screenOptions, loc *i18n.Localizer, also string, plain bool) (prompt.Prompter, error) {
	if plain {
		return prompt.NewPlain(o.Streams.In, o.Streams.Err, o.Streams.Out, loc, also), nil
	}
	return prompt.NewTUI(o.Streams.In, o.Streams.Err, loc, also, o.noColor()), nil
}

// errDeclined: consent was not given; the session ends, keeping nothing.
var errDeclined = errors.New("declined")

func screenRun(o *screenOptions) error {
	// Best effort: where the system refuses, the session still runs.
	_ = noCoreDumps()
	// Ctrl+C in plain mode, kill (SIGTERM) and a closed terminal (SIGHUP)
	// arrive as signals: each ends the session as the quick exit does. The
	// full-screen mode reads Ctrl+C as a key. Caught from the start, so that
	// no signal ends the process before the terminal is restored.
	ctx, stop := signal.NotifyContext(context.Background(), stopSignals...)
	defer stop()
	e, err := o.loadEnv()
	if err != nil {
		return err
	}
	// Read the directory before the first question, so that a broken file
	// is found before the person has answered anything.
	dir, err := o.loadDirectory(o.Directory, e.Rules)
	if err != nil {
		return err
	}
	var also *i18n.Localizer
	if o.Also != "" {
		code := i18n.Normalize(o.Also)
		if e.Bundle.Catalog(code) == nil {
			return usagef("--also: language %q is not shipped; expected one of: %s", o.Also, strings.Join(e.Bundle.Codes(), ", "))
		}
		also = e.Bundle.Localizer(code)
	}
	// Ask for the language unless it was chosen explicitly.
	choice, _ := i18n.Resolve(o.Lang, o.Streams.Getenv, e.Bundle.Codes())
	askLang := choice.From != "--lang" && choice.From != "CONTINUUM_LANG" && len(e.Bundle.Codes()) > 1

	alsoCode := ""
	if also != nil {
		alsoCode = also.Lang()
	}
	p, err := o.newPrompter(o, e.Loc, alsoCode, o.plainMode())
	if err != nil {
		return err
	}
	r := &screenSession{o: o, e: e, p: p, loc: e.Loc, also: also, askLang: askLang, dir: dir}
	err = r.run(ctx)
	return endSession(ctx, o.Streams, r.loc, err, p.Close())
}

// endSession turns the way a session (screen or train) ended into its exit:
// the terminal has been restored (closeErr is from closing the prompter); a
// signal, a stop or the quick exit give 130, the end of the input 1, a
// declined consent 0, each with its localised message or none.
func endSession(ctx context.Context, s *Streams, loc *i18n.Localizer, err, closeErr error) error {
	switch {
	case err == nil:
		return closeErr
	case ctx.Err() != nil && s.ErrTTY:
		// A signal, in either mode: the screen and the scrollback are
		// cleared, whichever of the prompter and the signal came first.
		fmt.Fprint(s.Err, prompt.ClearAll)
		return errInterrupted
	case errors.Is(err, errDeclined):
		fmt.Fprintln(s.Err, loc.T("session.consent.declined"))
		return nil
	case errors.Is(err, prompt.ErrQuickExit):
		// Say nothing: the screen was cleared on purpose.
		return errInterrupted
	case errors.Is(err, prompt.ErrStopped), errors.Is(err, context.Canceled):
		fmt.Fprintln(s.Err, "\n"+loc.T("session.stopped"))
		return errInterrupted
	case errors.Is(err, prompt.ErrEndOfInput):
		return &exitError{code: ExitError, msg: loc.T("session.end-of-input")}
	}
	return err
}

// screenSession is one run of the flow: language, consent, the questions
// with the danger check and the age check first, the review, the result.
type screenSession struct {
	o       *screenOptions
	e       *env
	p       prompt.Prompter
	loc     *i18n.Localizer
	also    *i18n.Localizer
	askLang bool
	dir     *referral.Directory // nil: no directory given
}

func (r *screenSession) text(id string, args ...any) prompt.Text {
	t := prompt.Text{Main: r.loc.T(id, args...)}
	if r.also != nil && r.also.Lang() != r.loc.Lang() {
		t.Also = r.also.T(id, args...)
	}
	return t
}

func (r *screenSession) notices() []string {
	if r.loc.Meta().ReviewStatus == i18n.StatusDraft {
		return []string{r.loc.T("session.draft-notice")}
	}
	return nil
}

func (r *screenSession) run(ctx context.Context) error {
	if r.askLang {
		if err := r.chooseLanguage(ctx); err != nil {
			return err
		}
	}
	if err := r.consent(ctx); err != nil {
		return err
	}
	s := session.New(r.e.Form)
	for {
		if s.Phase() == session.Reviewing {
			done, err := r.review(ctx, s)
			if err != nil {
				return err
			}
			if done {
				break
			}
			continue
		}
		if err := r.ask(ctx, s); err != nil {
			return err
		}
	}
	res := r.e.Scorer.Score(s.Answers())
	lines := report.ResultText(r.e.Scorer, res, r.loc, report.ResultOptions{Explain: r.o.Explain,
		Referrals: sessionReferrals(r.loc, r.e.Rules, res, r.dir)})
	return r.p.Result(ctx, &prompt.Page{Lines: lines})
}

func (r *screenSession) chooseLanguage(ctx context.Context) error {
	c := &prompt.Choice{Title: prompt.Text{Main: r.loc.T("session.language.title")},
		Help: prompt.Text{Main: r.loc.T("session.language.help")}, Default: r.loc.Lang()}
	for _, code := range r.e.Bundle.Codes() {
		m := r.e.Bundle.Catalog(code).Meta
		label := m.NativeName
		if label == "" {
			label = code
		}
		if m.Name != "" && m.Name != label {
			label += " (" + m.Name + ")"
		}
		c.Options = append(c.Options, prompt.Option{ID: code, Label: prompt.Text{Main: label}})
	}
	reply, err := r.p.Choose(ctx, c)
	if err != nil {
		return err
	}
	if reply.Action == prompt.Chose {
		r.loc = r.e.Bundle.Localizer(reply.ID)
		r.p.SetLocalizer(r.loc)
	}
	return nil
}

func (r *screenSession) consent(ctx context.Context) error {
	f := r.e.Form
	help := r.text(f.Consent.Text)
	ask := r.text(f.Consent.Ask)
	help.Main += "\n\n" + ask.Main
	if help.Also != "" {
		help.Also += "\n\n" + ask.Also
	}
	c := &prompt.Choice{Notice: r.notices(), Title: r.text(f.Consent.Title), Help: help,
		Options: []prompt.Option{
			{ID: q.Yes, Label: r.text("session.consent.yes")},
			{ID: q.No, Label: r.text("session.consent.no")},
		}}
	reply, err := r.p.Choose(ctx, c)
	if err != nil {
		return err
	}
	if reply.Action != prompt.Chose || reply.ID != q.Yes {
		return errDeclined
	}
	return nil
}

func (r *screenSession) ask(ctx context.Context, s *session.Session) error {
	qq := s.Current()
	n, total := s.Progress()
	progress := r.loc.T("session.progress", "Number", n, "Total", total)
	if s.Changing() {
		progress = r.loc.T("session.changing") + " · " + progress
	}
	c := &prompt.Choice{Notice: r.notices(), Progress: progress, Title: r.text(qq.TextID()), Help: r.text(qq.HelpID()),
		Default: s.Answer(qq), Back: n > 1 || s.Changing(), Skip: true}
	for _, ch := range r.e.Form.Choices {
		c.Options = append(c.Options, prompt.Option{ID: ch.ID, Label: r.text(ch.Label)})
	}
	if r.o.Explain {
		c.Explain = r.explain(qq)
	}
	reply, err := r.p.Choose(ctx, c)
	if err != nil {
		return err
	}
	switch reply.Action {
	case prompt.WentBack:
		s.Back()
	case prompt.Skipped:
		s.Skip()
	case prompt.Chose:
		s.Respond(reply.ID)
		if qq.Role == q.RoleDanger && reply.ID == q.Yes {
			// Emergency help at once, before anything else; then the
			// session goes on.
			return r.p.Show(ctx, &prompt.Page{Title: r.loc.T("session.emergency.title"),
				Lines: []string{r.loc.T("session.emergency.text")}})
		}
	}
	return nil
}

// explain says what a question serves, for trainers.
func (r *screenSession) explain(qq *q.Question) []string {
	l := r.loc
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

const reviewResult = "\x00result"

func (r *screenSession) review(ctx context.Context, s *session.Session) (done bool, err error) {
	c := &prompt.Choice{Notice: r.notices(), Title: r.text("session.review.title"), Help: r.text("session.review.help"),
		Back: true, Default: reviewResult}
	c.Options = append(c.Options, prompt.Option{ID: reviewResult, Label: r.text("session.review.result")})
	for _, qq := range s.Review() {
		c.Options = append(c.Options, prompt.Option{ID: qq.ID, Label: r.reviewLabel(qq, s.Answer(qq))})
	}
	reply, err := r.p.Choose(ctx, c)
	if err != nil {
		return false, err
	}
	switch {
	case reply.Action == prompt.WentBack:
		s.Back()
	case reply.Action == prompt.Chose && reply.ID == reviewResult:
		return true, nil
	case reply.Action == prompt.Chose:
		s.Change(r.e.Form.Question(reply.ID))
	}
	return false, nil
}

func (r *screenSession) reviewLabel(qq *q.Question, answer string) prompt.Text {
	label := func(l *i18n.Localizer) string {
		a := l.T("session.review.not-answered")
		for _, ch := range r.e.Form.Choices {
			if ch.ID == answer {
				a = l.T(ch.Label)
			}
		}
		return l.T("session.review.item", "Question", l.T(qq.TextID()), "Answer", a)
	}
	t := prompt.Text{Main: label(r.loc)}
	if r.also != nil && r.also.Lang() != r.loc.Lang() {
		t.Also = label(r.also)
	}
	return t
}
