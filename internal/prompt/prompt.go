// Package prompt shows the screens of a session and reads the person's
// choices: a full-screen implementation built on huh, and the project's own
// plain line-based one for screen readers, braille displays, dumb terminals
// and scripted use. Both are driven one screen at a time by the command, which
// keeps the flow and the skip logic (package session); a prompter knows only
// how to show a screen and read a reply.
package prompt

import (
	"context"
	"errors"

	"github.com/continuum-screening/continuum/internal/i18n"
)

// Text is a text in the person's language and, for bilingual display, in the
// interviewer's language (Also; "" when there is none).
type Text struct {
	Main, Also string
}

// Option is one choice of a screen.
type Option struct {
	ID    string
	Label Text
}

// Choice is a screen where one option is chosen: the language, the consent,
// a question, the review.
type Choice struct {
	Notice   []string // short lines above the screen (a draft-translation notice)
	Progress string   // "Question 4 of 14"; "" for none
	Title    Text
	Help     Text     // the longer explanation, shown beneath the title
	Explain  []string // for trainers (--explain): what the question serves
	// Current says what the answer given before is ("Your answer was:
	// No"), when the person came back to a question; nothing is
	// preselected, so Enter alone never answers.
	Current Text
	Options []Option
	Zero    bool // the options are numbered from 0 (levels of the scale), not 1
	Back    bool // going back is possible
	Skip    bool // the screen may be skipped (a question)
	Reread  bool // the case can be shown again (training)
}

// Page is a screen to read: emergency help, the result.
type Page struct {
	Notice []string // short lines above the page (a TRAINING label), as on a Choice
	Title  string
	Lines  []string
	// Back offers a way back (from the result to the answers); only
	// Result reads it.
	Back bool
}

// Action is what the person did on a Choice screen.
type Action int

const (
	Chose Action = iota
	Skipped
	WentBack
	Reread // show the case again (Choice.Reread)
	Done   // the person finished reading the result
)

// Reply is the outcome of a Choice screen.
type Reply struct {
	Action Action
	ID     string // the chosen option, when Action is Chose
}

var (
	// ErrStopped: the person asked to stop; nothing is kept.
	ErrStopped = errors.New("stopped")
	// ErrQuickExit: the quick-exit key or Ctrl+C; the screen has been cleared.
	ErrQuickExit = errors.New("quick exit")
	// ErrEndOfInput: the input ended before the session did.
	ErrEndOfInput = errors.New("end of input")
	// ErrIdle: no key for the idle time; the screen has been cleared as by
	// the quick exit.
	ErrIdle = errors.New("idle")
)

// Prompter shows screens and reads replies. Every method may return
// ErrStopped, ErrQuickExit, ErrEndOfInput or the context's error.
type Prompter interface {
	// SetLocalizer changes the language of the prompter's own words (key
	// help, hints), e.g. after the language was chosen.
	SetLocalizer(loc *i18n.Localizer)
	// Choose shows a Choice screen and returns the reply.
	Choose(ctx context.Context, c *Choice) (Reply, error)
	// Show shows a Page and returns when the person goes on.
	Show(ctx context.Context, p *Page) error
	// Result shows the final page. The plain prompter writes it to the
	// result stream; the full-screen one keeps it on the alternate screen
	// until the person closes it, so it never stays in the scrollback.
	// Finishing takes an explicit key (Done); with p.Back the person may go
	// back to the answers instead (WentBack).
	Result(ctx context.Context, p *Page) (Action, error)
	// Close restores the terminal. It is safe to call more than once.
	Close() error
}

var (
	_ Prompter = (*Plain)(nil)
	_ Prompter = (*TUI)(nil)
)
