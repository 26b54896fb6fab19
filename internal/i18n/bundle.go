package i18n

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Bundle holds the catalogues of every shipped language, with an
// organisation's own catalogues layered on top. A shipped language is parsed
// the first time it is used, so a session in one language does not pay for
// the other eleven at start-up.
type Bundle struct {
	mu       sync.Mutex
	codes    []string
	pending  map[string]func() (*Catalog, error) // shipped, not yet parsed
	overlays map[string][]*Catalog               // for languages not yet parsed
	catalogs map[string]*Catalog
	plural   *goi18n.Bundle
	forms    map[formKey]string
}

type formKey struct {
	code string
	n    int
}

// Open returns the catalogues in dir of fsys, one folder per language
// (locales/ro/*.yaml). English is parsed at once; every other language when
// it is first used.
func Open(fsys fs.FS, dir string) (*Bundle, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	b := newBundle()
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		code, langDir := e.Name(), path.Join(dir, e.Name())
		if !codeRE.MatchString(code) {
			return nil, fmt.Errorf("%s: expected a language code such as ro", langDir)
		}
		b.pending[code] = func() (*Catalog, error) { return loadLangDir(fsys, langDir, code, langDir) }
		b.addCode(code)
	}
	if b.Catalog(Source) == nil {
		return nil, fmt.Errorf("%s: no %s catalogue; the source catalogue is required", dir, Source)
	}
	return b, b.loadErr(Source)
}

// NewBundle builds a bundle from parsed catalogues; it needs the source
// (English) catalogue.
func NewBundle(cats []*Catalog) (*Bundle, error) {
	b := newBundle()
	for _, c := range cats {
		b.merge(c)
	}
	if b.catalogs[Source] == nil {
		return nil, fmt.Errorf("locales: no %s catalogue; the source catalogue is required", Source)
	}
	return b, nil
}

func newBundle() *Bundle {
	return &Bundle{pending: map[string]func() (*Catalog, error){}, overlays: map[string][]*Catalog{},
		catalogs: map[string]*Catalog{}, plural: goi18n.NewBundle(language.English), forms: map[formKey]string{}}
}

// Overlay adds an organisation's catalogues: their messages replace or extend
// the shipped ones, language by language.
func (b *Bundle) Overlay(cats []*Catalog) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, c := range cats {
		if b.pending[c.Code] != nil {
			b.overlays[c.Code] = append(b.overlays[c.Code], c)
			continue
		}
		b.merge(c)
	}
	return nil
}

func (b *Bundle) addCode(code string) {
	if slices.Contains(b.codes, code) {
		return
	}
	b.codes = append(b.codes, code)
	sort.Slice(b.codes, func(i, j int) bool {
		// English first, then by code.
		if (b.codes[i] == Source) != (b.codes[j] == Source) {
			return b.codes[i] == Source
		}
		return b.codes[i] < b.codes[j]
	})
}

func (b *Bundle) merge(c *Catalog) {
	have := b.catalogs[c.Code]
	if have == nil {
		b.catalogs[c.Code] = c
		b.addCode(c.Code)
		b.addProbe(c)
		return
	}
	for id, m := range c.Messages {
		have.Messages[id] = m
	}
	if c.Meta != (Meta{}) {
		have.Meta = c.Meta
	}
	have.Files = append(have.Files, c.Files...)
}

// probeID names a message with one text per CLDR form, each text the form's
// own name: localising it for a count tells which form the count takes in a
// language. go-i18n stays the authority on the CLDR rules, and messages are
// then rendered by plain substitution like every other message.
const probeID = "_plural-form"

func (b *Bundle) addProbe(c *Catalog) {
	b.plural.MustAddMessages(c.Tag, &goi18n.Message{ID: probeID,
		Zero: "zero", One: "one", Two: "two", Few: "few", Many: "many", Other: "other"})
}

// PluralForm returns the CLDR plural form ("one", "few", …) that count n
// takes in a language.
func (b *Bundle) PluralForm(code string, n int) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	k := formKey{code, n}
	if f, ok := b.forms[k]; ok {
		return f
	}
	f, err := goi18n.NewLocalizer(b.plural, code).Localize(&goi18n.LocalizeConfig{MessageID: probeID, PluralCount: n})
	if err != nil {
		f = "other"
	}
	if len(b.forms) < 4096 {
		b.forms[k] = f
	}
	return f
}

// parse parses a pending shipped language with its overlays. Called with mu held.
func (b *Bundle) parse(code string) error {
	load := b.pending[code]
	if load == nil {
		return nil
	}
	delete(b.pending, code)
	c, err := load()
	if err != nil {
		return err
	}
	if c == nil {
		c = &Catalog{Code: code, Messages: map[string]*Message{}}
		if tag, err := language.Parse(code); err == nil {
			c.Tag = tag
		}
	}
	b.merge(c)
	for _, o := range b.overlays[code] {
		b.merge(o)
	}
	delete(b.overlays, code)
	return nil
}

func (b *Bundle) loadErr(code string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.parse(code)
}

// Codes lists the languages in the bundle, English first.
func (b *Bundle) Codes() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.codes...)
}

// Catalog returns a language's catalogue, parsing it on first use; nil when
// the language is not in the bundle or its catalogue cannot be read (the
// shipped catalogues are checked by the tests; LoadAll reports the error).
func (b *Bundle) Catalog(code string) *Catalog {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.parse(code); err != nil {
		return nil
	}
	return b.catalogs[code]
}

// LoadAll parses every language now and returns the first error.
func (b *Bundle) LoadAll() error {
	for _, code := range b.Codes() {
		if err := b.loadErr(code); err != nil {
			return err
		}
	}
	return nil
}

// Localizer renders messages in one language.
type Localizer struct {
	b       *Bundle
	cat     *Catalog
	src     *Catalog
	mu      sync.Mutex
	missing map[string]bool
}

// Localizer returns a localizer for a language in the bundle (English when
// code is not one).
func (b *Bundle) Localizer(code string) *Localizer {
	src := b.Catalog(Source)
	cat := b.Catalog(code)
	if cat == nil {
		cat = src
	}
	return &Localizer{b: b, cat: cat, src: src, missing: map[string]bool{}}
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
	args = append(args, "Count", n)
	if !m.IsPlural() {
		return render(m.parts, args)
	}
	code := l.cat.Code
	if l.cat.Messages[id] == nil {
		code = Source
	}
	form := l.b.PluralForm(code, n)
	txt, ok := m.Plural[form]
	if !ok {
		// The language lacks the form this count needs: fall back to "other".
		l.mu.Lock()
		l.missing[id] = true
		l.mu.Unlock()
		txt = m.Plural["other"]
	}
	return render(compile(txt), args)
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
	cat, src := b.Catalog(code), b.Catalog(Source)
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
