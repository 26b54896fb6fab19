package handout

import (
	"bytes"
	"fmt"
	"strings"
)

// renderMarkdown writes the handout as CommonMark. Catalogue text is escaped
// so that it cannot turn into markup (links, HTML, emphasis, tables). A
// right-to-left handout is wrapped in a <div dir="rtl">, which renderers
// that allow HTML (GitHub, Pandoc) honour.
func renderMarkdown(d *doc) ([]byte, error) {
	var w bytes.Buffer
	if d.Dir == "rtl" {
		fmt.Fprintf(&w, "<div dir=\"rtl\" lang=\"%s\">\n\n", d.Lang)
	}
	if len(d.Label) > 0 {
		fmt.Fprintf(&w, "**%s**\n\n", inline(d.Label))
	}
	fmt.Fprintf(&w, "# %s\n\n", inline(d.Title))
	for _, n := range d.Notices {
		for _, t := range n {
			fmt.Fprintf(&w, "> %s\n>\n", esc(t.S))
		}
		trimQuote(&w)
	}
	if len(d.Meta) > 0 {
		// Isolated only in a right-to-left handout, which is HTML-wrapped
		// already; elsewhere the marks are dropped.
		fmt.Fprintf(&w, "%s\n\n", unmarkLTR(inline(d.Meta), d.Dir == "rtl"))
	}
	for _, in := range d.Intro {
		block(&w, "", in)
	}
	if len(d.Consent) == 3 {
		fmt.Fprintf(&w, "## %s\n\n", inline(d.Consent[0]))
		block(&w, "", d.Consent[1])
		fmt.Fprintf(&w, "**%s**\n\n", inline(d.Consent[2]))
		for _, c := range d.ConsentChoices {
			fmt.Fprintf(&w, "- [ ] %s\n", inline(c))
		}
		w.WriteString("\n")
	}
	for _, c := range d.Cards {
		fmt.Fprintf(&w, "## %s\n\n", inline(c.Name))
		block(&w, "", c.Explanation)
		fmt.Fprintf(&w, "**%s**\n\n", inline(c.Cover))
		for _, r := range c.Questions {
			fmt.Fprintf(&w, "- %s. %s\n", r.Num, inline(r.Text))
		}
		w.WriteString("\n")
	}
	for _, qb := range d.Qs {
		indent := strings.Repeat(">", qb.Depth)
		if indent != "" {
			indent += " "
		}
		fmt.Fprintf(&w, "%s**%s. %s**\n", indent, qb.Num, inline(qb.Text))
		fmt.Fprintf(&w, "%s\n", strings.TrimSpace(indent))
		fmt.Fprintf(&w, "%s%s\n", indent, inline(qb.Help))
		fmt.Fprintf(&w, "%s\n", strings.TrimSpace(indent))
		for _, c := range d.Choices {
			fmt.Fprintf(&w, "%s- [ ] %s\n", indent, inline(c))
		}
		for _, n := range qb.Notes {
			fmt.Fprintf(&w, "%s\n%s*%s*\n", strings.TrimSpace(indent), indent, inline(n))
		}
		w.WriteString("\n")
	}
	if len(d.End) > 0 {
		fmt.Fprintf(&w, "**%s**\n\n", inline(d.End))
	}
	for _, c := range d.Cases {
		fmt.Fprintf(&w, "## %s\n\n", inline(c.Title))
		fmt.Fprintf(&w, "*%s*\n\n", inline(c.Sector))
		block(&w, "", c.Text)
		if c.Answers {
			fmt.Fprintf(&w, "### %s\n\n", inline(c.AnswersTitle))
			fmt.Fprintf(&w, "| # | %s | %s |\n|---|---|---|\n", inline(c.ColQuestion), inline(c.ColAnswer))
			for _, r := range c.Rows {
				fmt.Fprintf(&w, "| %s | %s | %s |\n", r.Num, inline(r.Text), inline(r.Answer))
			}
			w.WriteString("\n")
			block(&w, "", c.Rest)
			fmt.Fprintf(&w, "### %s\n\n", inline(c.ResultTitle))
			for _, r := range c.Result {
				fmt.Fprintf(&w, "- %s\n", inline(r))
			}
			w.WriteString("\n")
			fmt.Fprintf(&w, "### %s\n\n", inline(c.NoteTitle))
			block(&w, "", c.Note)
		}
		fmt.Fprintf(&w, "*%s*\n\n", inline(c.Fictional))
		w.WriteString("---\n\n")
	}
	if d.Dir == "rtl" {
		w.WriteString("</div>\n")
	}
	return w.Bytes(), nil
}

// block writes each language of a text as its own paragraph.
func block(w *bytes.Buffer, indent string, m Multi) {
	for _, t := range m {
		fmt.Fprintf(w, "%s%s\n\n", indent, esc(t.S))
	}
}

// inline joins the languages of a short text with " / ".
func inline(m Multi) string {
	parts := make([]string, len(m))
	for i, t := range m {
		parts[i] = esc(t.S)
	}
	return strings.Join(parts, " / ")
}

func trimQuote(w *bytes.Buffer) {
	b := w.Bytes()
	if bytes.HasSuffix(b, []byte(">\n")) {
		w.Truncate(len(b) - 2)
	}
	w.WriteString("\n")
}

// esc escapes the characters that CommonMark could read as markup, and
// folds line breaks, so that catalogue text always stays text.
func esc(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	var b strings.Builder
	for i, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '~', '#', '&', '!', '{', '}':
			b.WriteByte('\\')
		case '-', '+', '=':
			if i == 0 {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
	}
	out := b.String()
	// "1. " at the start would begin a list.
	if j := strings.IndexFunc(out, func(r rune) bool { return r < '0' || r > '9' }); j > 0 && j < len(out) && (out[j] == '.' || out[j] == ')') {
		out = out[:j] + "\\" + out[j:]
	}
	return out
}
