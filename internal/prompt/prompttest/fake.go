// Package prompttest has a prompter for tests: it replays replies and
// records the screens it was given.
package prompttest

import (
	"context"

	"github.com/continuum-screening/continuum/internal/i18n"
	"github.com/continuum-screening/continuum/internal/prompt"
)

// Fake replays Replies and records what was shown. When the replies run
// out it returns prompt.ErrEndOfInput.
type Fake struct {
	Replies []prompt.Reply
	ErrAt   int   // return Err at this Choose call (1-based); 0 = never
	Err     error // the error to return
	Calls   int
	Choices []*prompt.Choice
	Pages   []*prompt.Page // the pages of Show
	Events  []string       // "choose:<title>", "show:<title>", "result"
	Final   *prompt.Page   // the page of Result
	Locs    []string       // the languages set with SetLocalizer
	Closed  bool
	// ResultActions are replayed by Result (Done when they run out);
	// Results counts the result pages shown.
	ResultActions []prompt.Action
	Results       int
}

var _ prompt.Prompter = (*Fake)(nil)

func (f *Fake) SetLocalizer(l *i18n.Localizer) { f.Locs = append(f.Locs, l.Lang()) }

func (f *Fake) Choose(_ context.Context, c *prompt.Choice) (prompt.Reply, error) {
	f.Calls++
	f.Choices = append(f.Choices, c)
	f.Events = append(f.Events, "choose:"+c.Title.Main)
	if f.ErrAt == f.Calls {
		return prompt.Reply{}, f.Err
	}
	if len(f.Replies) == 0 {
		return prompt.Reply{}, prompt.ErrEndOfInput
	}
	r := f.Replies[0]
	f.Replies = f.Replies[1:]
	return r, nil
}

func (f *Fake) Show(_ context.Context, p *prompt.Page) error {
	f.Events = append(f.Events, "show:"+p.Title)
	f.Pages = append(f.Pages, p)
	return nil
}

// Result records the page and replays the next of ResultActions; Done when
// there is none.
func (f *Fake) Result(_ context.Context, p *prompt.Page) (prompt.Action, error) {
	f.Events = append(f.Events, "result")
	f.Final = p
	f.Results++
	if len(f.ResultActions) == 0 {
		return prompt.Done, nil
	}
	a := f.ResultActions[0]
	f.ResultActions = f.ResultActions[1:]
	return a, nil
}

func (f *Fake) Close() error { f.Closed = true; return nil }

// Chose is a reply choosing each of ids in turn.
func Chose(ids ...string) []prompt.Reply {
	out := make([]prompt.Reply, len(ids))
	for i, id := range ids {
		out[i] = prompt.Reply{Action: prompt.Chose, ID: id}
	}
	return out
}
