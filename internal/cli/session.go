package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/continuum-screening/continuum/internal/i18n"
	"github.com/continuum-screening/continuum/internal/interview"
	"github.com/continuum-screening/continuum/internal/prompt"
)

// sessionOptions are the options of the commands that hold a conversation
// at the terminal (screen, train): the interviewer's language and the mode.
type sessionOptions struct {
	*Globals
	Also       string
	Accessible bool
	// Idle ends the session, clearing the screen as the quick exit does,
	// when no key comes for that long; idleSet says whether --idle was
	// given (without it: defaultIdle at a terminal, never elsewhere).
	Idle    time.Duration
	idleSet bool

	// newPrompter builds the prompter; tests replace it.
	newPrompter func(o *sessionOptions, loc *i18n.Localizer, also string, plain bool) (prompt.Prompter, error)
}

func newSessionOptions(g *Globals) sessionOptions {
	return sessionOptions{Globals: g, newPrompter: defaultPrompter}
}

// defaultIdle is the idle time at a terminal without --idle: long enough
// for a slow conversation on one question, short enough that a laptop left
// alone does not show the answers for long.
const defaultIdle = 10 * time.Minute

// addSessionFlags adds the flags screen and train share.
func addSessionFlags(cmd *cobra.Command, o *sessionOptions) {
	f := cmd.Flags()
	f.StringVar(&o.Also, "also", "", "")
	cmd.RegisterFlagCompletionFunc("also", completeLanguages)
	f.BoolVar(&o.Accessible, "accessible", false, "")
	f.DurationVar(&o.Idle, "idle", defaultIdle, "")
}

// idle is the idle time in effect.
func (o *sessionOptions) idle() time.Duration {
	if o.idleSet {
		return max(o.Idle, 0)
	}
	if o.Streams.InTTY && o.Streams.ErrTTY {
		return defaultIdle
	}
	return 0
}

// interactive: a person types at this terminal (the plain mode then clears
// the screen at the end as the quick exit does).
func (o *sessionOptions) interactive() bool { return o.Streams.InTTY && o.Streams.ErrTTY }

// envTrue reads a yes/no environment variable such as ACCESSIBLE.
func envTrue(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "0", "false", "no", "off":
		return false
	}
	return true
}

// plainMode decides between the full-screen and the plain prompter.
func (o *sessionOptions) plainMode() bool {
	s := o.Streams
	return o.Accessible || envTrue(s.Getenv("ACCESSIBLE")) || !s.InTTY || !s.ErrTTY || s.Getenv("TERM") == "dumb"
}

func (o *sessionOptions) noColor() bool {
	return o.NoColor || o.Streams.Getenv("NO_COLOR") != ""
}

func defaultPrompter(o *sessionOptions, loc *i18n.Localizer, also string, plain bool) (prompt.Prompter, error) {
	if plain {
		return prompt.NewPlain(o.Streams.In, o.Streams.Err, o.Streams.Out, loc, also), nil
	}
	t := prompt.NewTUI(o.Streams.In, o.Streams.Err, loc, also, o.noColor())
	t.SetEnv(o.Streams.Getenv)
	return t, nil
}

// sessionConfig is what screen and train give a conversation: the
// definitions and the languages, each resolved once: the person's in
// loadEnv (with whether to offer the choice first), the interviewer's from
// --also here. The command adds the prompter and its own options.
func (o *sessionOptions) sessionConfig(e *env) (interview.Config, error) {
	c := interview.Config{Form: e.Form, Scorer: e.Scorer, Bundle: e.Bundle, Loc: e.Loc, Rules: e.Rules,
		// Ask for the language unless it was chosen explicitly.
		AskLanguage: !e.LangChosen && len(e.Bundle.Codes()) > 1}
	if o.Also != "" {
		code, err := e.Bundle.MatchFlag("--also", o.Also)
		if err != nil {
			return c, &usageError{err}
		}
		c.Also = e.Bundle.Localizer(code)
	}
	p, err := o.prompter(c.Loc, c.Also)
	c.Prompter = p
	return c, err
}

// prompter builds the prompter for a session in the language loc.
func (o *sessionOptions) prompter(loc, also *i18n.Localizer) (prompt.Prompter, error) {
	alsoCode := ""
	if also != nil {
		alsoCode = also.Lang()
	}
	p, err := o.newPrompter(o, loc, alsoCode, o.plainMode())
	if err != nil {
		return nil, err
	}
	if d := o.idle(); d > 0 {
		if ip, ok := p.(interface{ SetIdle(time.Duration) }); ok {
			ip.SetIdle(d)
		}
	}
	return p, nil
}

// clearScreen clears the screen and the scrollback after a plain session at
// a terminal, as the quick exit does; where the terminal cannot be cleared
// it says to close the window.
func (o *sessionOptions) clearScreen(loc *i18n.Localizer) {
	if !o.plainMode() || !o.interactive() {
		return
	}
	if o.Streams.Getenv("TERM") == "dumb" {
		fmt.Fprintln(o.Streams.Err, "\n"+loc.T("session.close-window"))
		return
	}
	fmt.Fprint(o.Streams.Err, prompt.ClearAll)
}

// endSession turns the way a session (screen or train) ended into its exit:
// the terminal has been restored (closeErr is from closing the prompter); a
// signal, a stop, the idle time or the quick exit give 130, the end of the
// input 1, a declined consent 0, each with its localised message or none.
// A plain session at a terminal is cleared as the quick exit clears.
func endSession(ctx context.Context, o *sessionOptions, loc *i18n.Localizer, err, closeErr error) error {
	s := o.Streams
	if err == nil || (ctx.Err() == nil && !errors.Is(err, interview.ErrDeclined) && !errors.Is(err, prompt.ErrQuickExit)) {
		o.clearScreen(loc)
	}
	switch {
	case err == nil:
		return closeErr
	case ctx.Err() != nil && s.ErrTTY:
		// A signal, in either mode: the screen and the scrollback are
		// cleared, whichever of the prompter and the signal came first.
		fmt.Fprint(s.Err, prompt.ClearAll)
		return errInterrupted
	case errors.Is(err, interview.ErrDeclined):
		fmt.Fprintln(s.Err, loc.T("session.consent.declined"))
		return nil
	case errors.Is(err, prompt.ErrQuickExit):
		// Say nothing: the screen was cleared on purpose.
		return errInterrupted
	case errors.Is(err, prompt.ErrIdle):
		// Cleared as by the quick exit; plain mode says why, for a
		// screen reader.
		if o.plainMode() {
			fmt.Fprintln(s.Err, "\n"+loc.T("session.idle"))
		}
		return errInterrupted
	case errors.Is(err, prompt.ErrStopped), errors.Is(err, context.Canceled):
		fmt.Fprintln(s.Err, "\n"+loc.T("session.stopped"))
		return errInterrupted
	case errors.Is(err, prompt.ErrEndOfInput):
		return &exitError{code: ExitError, msg: loc.T("session.end-of-input")}
	}
	return err
}
