package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

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

	// newPrompter builds the prompter; tests replace it.
	newPrompter func(o *sessionOptions, loc *i18n.Localizer, also string, plain bool) (prompt.Prompter, error)
}

func newSessionOptions(g *Globals) sessionOptions {
	return sessionOptions{Globals: g, newPrompter: defaultPrompter}
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
	return prompt.NewTUI(o.Streams.In, o.Streams.Err, loc, also, o.noColor()), nil
}

// alsoLocalizer is the interviewer's language of --also; nil without it.
func (o *sessionOptions) alsoLocalizer(b *i18n.Bundle) (*i18n.Localizer, error) {
	if o.Also == "" {
		return nil, nil
	}
	code := b.Match(o.Also)
	if code == "" {
		return nil, usagef("--also: language %q is not shipped; expected one of: %s", o.Also, strings.Join(b.Codes(), ", "))
	}
	return b.Localizer(code), nil
}

// prompter builds the prompter for a session in the language loc.
func (o *sessionOptions) prompter(loc, also *i18n.Localizer) (prompt.Prompter, error) {
	alsoCode := ""
	if also != nil {
		alsoCode = also.Lang()
	}
	return o.newPrompter(o, loc, alsoCode, o.plainMode())
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
	case errors.Is(err, interview.ErrDeclined):
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
