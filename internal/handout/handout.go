// Package handout renders printable material for trainers and for outreach
// on paper: the 11 indicator cards, a blank questionnaire with its skip
// instructions written out, and the practice scenario cards. Output is a
// self-contained HTML page (inline CSS, no scripts, no external resources,
// print styles for A4 and Letter) or Markdown. Every text comes from the
// catalogues; the HTML is built with html/template, so catalogue text is
// always escaped.
package handout

import (
	"fmt"
	"io"
	"strconv"

	"github.com/continuum-screening/continuum/internal/i18n"
	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/report"
	"github.com/continuum-screening/continuum/internal/scoring"
	"github.com/continuum-screening/continuum/internal/training"
)

// The kinds of handout.
const (
	KindIndicators    = "indicators"
	KindQuestionnaire = "questionnaire"
	KindScenarios     = "scenarios"
)

// Kinds lists the kinds of handout.
var Kinds = []string{KindIndicators, KindQuestionnaire, KindScenarios}

// The output formats.
const (
	FormatHTML     = "html"
	FormatMarkdown = "markdown"
)

// Formats lists the output formats.
var Formats = []string{FormatHTML, FormatMarkdown}

// Paper sizes for the HTML print styles.
const (
	PaperA4     = "a4"
	PaperLetter = "letter"
)

// Papers lists the paper sizes.
var Papers = []string{PaperA4, PaperLetter}

// Options say what to render.
type Options struct {
	Kind   string
	Format string
	Paper  string

	Form   *q.Form
	Scorer *scoring.Scorer // needed for scenarios with answers
	// Scenarios are the cards to print, in order (kind scenarios).
	Scenarios []*training.Scenario
	// Answers adds the model answers and teaching notes to scenario cards.
	Answers bool

	Bundle *i18n.Bundle
	// Lang is the language of the handout; Also, when not empty, a second
	// language printed under the first (a bilingual sheet).
	Lang, Also string
}

// Render writes the handout to w. It renders the whole document before
// writing, so an error leaves nothing half-written. It returns the message
// ids ("lang: id") that a language of the handout does not have yet and that
// are shown in English, so the caller can say so.
func Render(w io.Writer, o Options) (missing []string, err error) {
	d, err := build(o)
	if err != nil {
		return nil, err
	}
	var out []byte
	switch o.Format {
	case FormatHTML, "":
		out, err = renderHTML(d)
	case FormatMarkdown:
		out, err = renderMarkdown(d)
	default:
		err = fmt.Errorf("unknown format %q", o.Format)
	}
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(out); err != nil {
		return nil, err
	}
	return d.missing, nil
}

// Text is one string in one language, with the language and direction to
// mark it with: a message the language lacks is shown in English and marked
// as English, so that it lays out left to right inside an Arabic page.
type Text struct {
	S, Lang, Dir string
	// Fallback marks English shown because the language lacks the message:
	// it is set left to right inside a box laid out like the language around
	// it (AroundLang, AroundDir), so it aligns with the rest of the page.
	Fallback              bool
	AroundLang, AroundDir string
}

// Multi is one text in the handout's language, then in the second language
// when the sheet is bilingual.
type Multi []Text

// lang is one language of the handout.
type lang struct {
	loc *i18n.Localizer
	cat *i18n.Catalog
	src *i18n.Catalog
	dir string
}

func (l *lang) text(id string, args ...any) Text {
	s := l.loc.T(id, args...)
	if m := l.cat.Messages[id]; m != nil && (m.Text != "" || m.Plural != nil) {
		return Text{S: s, Lang: l.cat.Code, Dir: l.dir}
	}
	if l.src != nil && l.src.Messages[id] != nil {
		return Text{S: s, Lang: i18n.Source, Dir: "ltr", Fallback: l.cat.Code != i18n.Source, AroundLang: l.cat.Code, AroundDir: l.dir}
	}
	return Text{S: s, Lang: l.cat.Code, Dir: l.dir}
}

// builder turns options into a document.
type builder struct {
	o       Options
	langs   []*lang
	missing map[string]bool
}

func (b *builder) lang(code string) (*lang, error) {
	cat := b.o.Bundle.Catalog(code)
	if cat == nil {
		return nil, fmt.Errorf("language %q is not in the bundle", code)
	}
	dir := "ltr"
	if cat.Meta.Direction == "rtl" {
		dir = "rtl"
	}
	return &lang{loc: b.o.Bundle.Localizer(code), cat: cat, src: b.o.Bundle.Catalog(i18n.Source), dir: dir}, nil
}

// t renders a message in every language of the handout.
func (b *builder) t(id string, args ...any) Multi {
	out := make(Multi, len(b.langs))
	for i, l := range b.langs {
		out[i] = l.text(id, args...)
		if out[i].Lang != l.cat.Code {
			b.missing[l.cat.Code+": "+id] = true
		}
	}
	return out
}

// tf renders a message whose arguments depend on the language: args(l)
// returns the name, value pairs for language l.
func (b *builder) tf(id string, args func(l *lang) []any) Multi {
	out := make(Multi, len(b.langs))
	for i, l := range b.langs {
		out[i] = l.text(id, args(l)...)
		if out[i].Lang != l.cat.Code {
			b.missing[l.cat.Code+": "+id] = true
		}
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }

// levelName is the name of a level in l's language.
func levelName(l *lang, level scoring.Level) string { return report.LevelName(l.loc, level) }
