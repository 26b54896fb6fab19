package i18n

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	continuum "github.com/continuum-screening/continuum"
)

// Bundle holds the catalogues of every shipped language, with an
// organisation's own catalogues layered on top.
type Bundle struct {
	catalogs map[string]*Catalog
	codes    []string
	plural   *goi18n.Bundle
}

// Shipped loads the catalogues embedded in the binary.
func Shipped() (*Bundle, error) {
	cats, err := LoadFS(continuum.Data, "locales")
	if err != nil {
		return nil, err
	}
	return NewBundle(cats)
}

// NewBundle builds a bundle; it needs the source (English) catalogue.
func NewBundle(cats []*Catalog) (*Bundle, error) {
	b := &Bundle{catalogs: map[string]*Catalog{}}
	for _, c := range cats {
		if err := b.merge(c); err != nil {
			return nil, err
		}
	}
	if b.catalogs[Source] == nil {
		return nil, fmt.Errorf("locales: no %s.yaml; the source catalogue is required", Source)
	}
	b.rebuildPlural()
	return b, nil
}

// Overlay adds an organisation's catalogues: their messages replace or extend
// the shipped ones, language by language.
func (b *Bundle) Overlay(cats []*Catalog) error {
	for _, c := range cats {
		if err := b.merge(c); err != nil {
			return err
		}
	}
	b.rebuildPlural()
	return nil
}

func (b *Bundle) merge(c *Catalog) error {
	have := b.catalogs[c.Code]
	if have == nil {
		b.catalogs[c.Code] = c
		b.codes = append(b.codes, c.Code)
		sort.Slice(b.codes, func(i, j int) bool {
			// English first, then by code.
			if (b.codes[i] == Source) != (b.codes[j] == Source) {
				return b.codes[i] == Source
			}
			return b.codes[i] < b.codes[j]
		})
		return nil
	}
	for id, m := range c.Messages {
		have.Messages[id] = m
	}
	if c.Meta != (Meta{}) {
		have.Meta = c.Meta
	}
	have.Files = append(have.Files, c.Files...)
	return nil
}

func (b *Bundle) rebuildPlural() {
	b.plural = goi18n.NewBundle(language.English)
	for _, c := range b.catalogs {
		for _, m := range c.Messages {
			if m.IsPlural() {
				b.plural.MustAddMessages(c.Tag, m.goMessage())
			}
		}
	}
}

// Codes lists the languages in the bundle, English first.
func (b *Bundle) Codes() []string { return append([]string(nil), b.codes...) }

// Catalog returns a language's catalogue, or nil.
func (b *Bundle) Catalog(code string) *Catalog { return b.catalogs[code] }

// Localizer renders messages in one language.
type Localizer struct {
	b       *Bundle
	cat     *Catalog
	src     *Catalog
	plural  *goi18n.Localizer
	mu      sync.Mutex
	missing map[string]bool
}

// Localizer returns a localizer for a language in the bundle (English when
// code is not one).
func (b *Bundle) Localizer(code string) *Localizer {
	cat := b.catalogs[code]
	if cat == nil {
		cat = b.catalogs[Source]
	}
	return &Localizer{b: b, cat: cat, src: b.catalogs[Source],
		plural: goi18n.NewLocalizer(b.plural, cat.Code), missing: map[string]bool{}}
}

// Lang returns the localizer's language code.
func (l *Localizer) Lang() string { return l.cat.Code }

// Meta returns the catalogue's description.
func (l *Localizer) Meta() Meta { return l.cat.Meta }

// RTL reports whether the language is written right to left.
func (l *Localizer) RTL() bool { return l.cat.Meta.Direction == "rtl" }

// Has reports whether the message exists in the language or in English.
func (l *Localizer) Has(id string) bool {
	return l.cat.Messages[id] != nil || l.src.Messages[id] != nil
}

func (l *Localizer) lookup(id string) *Message {
	if m := l.cat.Messages[id]; m != nil && (m.Text != "" || m.Plural != nil) {
		return m
	}
	l.mu.Lock()
	l.missing[id] = true
	l.mu.Unlock()
	return l.src.Messages[id]
}

// T renders a plain message; args are name, value pairs for its placeholders.
// A message missing in the language falls back to English and is recorded;
// one missing in English too renders as its id, so the gap is visible.
func (l *Localizer) T(id string, args ...any) string {
	m := l.lookup(id)
	if m == nil {
		return id
	}
	if m.IsPlural() {
		return l.N(id, 1, args...)
	}
	return render(m.parts, args)
}

// N renders a plural message for count n, choosing the language's CLDR form.
// The count is available to the text as {{.Count}}.
func (l *Localizer) N(id string, n int, args ...any) string {
	m := l.lookup(id)
	if m == nil {
		return id
	}
	if !m.IsPlural() {
		return render(m.parts, append(args, "Count", n))
	}
	data := argMap(args)
	data["Count"] = n
	loc := l.plural
	if l.cat.Messages[id] == nil {
		loc = goi18n.NewLocalizer(l.b.plural, Source)
	}
	s, err := loc.Localize(&goi18n.LocalizeConfig{MessageID: id, PluralCount: n, TemplateData: data})
	if err != nil {
		// The language lacks the form this count needs: fall back to "other".
		l.mu.Lock()
		l.missing[id] = true
		l.mu.Unlock()
		return render(compile(m.Plural["other"]), append(args, "Count", n))
	}
	return s
}

// Missing lists the message ids that fell back to English, sorted.
func (l *Localizer) Missing() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]string, 0, len(l.missing))
	for id := range l.missing {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// Coverage returns how many of the English message ids the language has.
func (b *Bundle) Coverage(code string) (have, total int) {
	cat, src := b.catalogs[code], b.catalogs[Source]
	for id := range src.Messages {
		total++
		if m := cat.Messages[id]; m != nil && (m.Text != "" || m.Plural != nil) {
			have++
		}
	}
	return have, total
}

// Join renders a list in the language ("a, b, c").
func (l *Localizer) Join(items []string) string {
	return strings.Join(items, l.T("list.separator"))
}
