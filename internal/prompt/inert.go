package prompt

import "github.com/continuum-screening/continuum/internal/inert"

// Every text a prompter shows may come from an organisation's own
// definitions or directory; escape sequences and control characters in it
// are made inert before they reach the terminal. Line breaks stay.

func inertText(t Text) Text { return Text{Main: inert.Text(t.Main), Also: inert.Text(t.Also)} }

func inertChoice(c *Choice) *Choice {
	out := *c
	out.Notice = inert.Lines(c.Notice)
	out.Progress = inert.Text(c.Progress)
	out.Title = inertText(c.Title)
	out.Help = inertText(c.Help)
	out.Current = inertText(c.Current)
	out.Explain = inert.Lines(c.Explain)
	out.Options = make([]Option, len(c.Options))
	for i, o := range c.Options {
		out.Options[i] = Option{ID: o.ID, Label: inertText(o.Label)}
	}
	return &out
}

func inertPage(p *Page) *Page {
	return &Page{Notice: inert.Lines(p.Notice), Title: inert.Text(p.Title), Lines: inert.Lines(p.Lines), Back: p.Back}
}
