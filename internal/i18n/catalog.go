// Package i18n loads the message catalogues and renders messages in the
// reader's language. A message missing from a language shows the English text,
// never an id or a blank, and is recorded so that it can be reported.
package i18n

import (
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync/atomic"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"

	"github.com/continuum-screening/continuum/internal/strictyaml"
)

// Source is the language every other catalogue is translated from.
const Source = "en"

// PluralForms are the CLDR plural categories a plural message may have.
var PluralForms = []string{"zero", "one", "two", "few", "many", "other"}

// Review statuses of a catalogue.
const (
	StatusSource   = "source"
	StatusDraft    = "draft"
	StatusReviewed = "reviewed"
)

// Meta describes a catalogue: its language's names, writing direction, the
// variety of the language it is written in, and review status.
type Meta struct {
	Name         string
	NativeName   string
	Direction    string // ltr or rtl
	Variety      string // which variety, and the ones many workers speak instead
	ReviewStatus string
	ReviewedBy   string
	ReviewedOn   string
}

// Message is one message: a single text, or one text per plural form.
type Message struct {
	ID     string
	Text   string            // for a plain message
	Plural map[string]string // for a plural message, by CLDR form
	File   string
	Line   int
	parts  []part
}

// IsPlural reports whether the message has plural forms.
func (m *Message) IsPlural() bool { return m.Plural != nil }

// Placeholders returns the sorted set of {{.Name}} placeholders the message uses.
func (m *Message) Placeholders() []string {
	seen := map[string]bool{}
	texts := []string{m.Text}
	for _, t := range m.Plural {
		texts = append(texts, t)
	}
	for _, t := range texts {
		for _, sm := range placeholderRE.FindAllStringSubmatch(t, -1) {
			seen[sm[1]] = true
		}
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Catalog is one language's messages.
type Catalog struct {
	Code     string
	Tag      language.Tag
	Meta     Meta
	Messages map[string]*Message
	Files    []string
}

var (
	placeholderRE = regexp.MustCompile(`\{\{\s*\.([A-Za-z][A-Za-z0-9]*)\s*\}\}`)
	anyActionRE   = regexp.MustCompile(`\{\{.*?\}\}`)
	codeRE        = regexp.MustCompile(`^[a-z]{2,3}$`)
)

// MaxCatalogSize bounds a catalogue file.
const MaxCatalogSize = 1 << 20

// parseCatalog reads one catalogue file. Keys nest with '.'; a mapping whose
// keys are all CLDR plural forms is a plural message; the top-level meta
// mapping describes the catalogue.
func parseCatalog(name string, data []byte) (*Catalog, error) {
	return parseCatalogCode(name, strings.TrimSuffix(strings.TrimSuffix(path.Base(filepath.ToSlash(name)), ".yaml"), ".yml"), data)
}

// parses counts the catalogue files parsed, for the tests that prove a
// path (building the command tree) reads none.
var parses atomic.Int64

// Parses returns how many catalogue files were parsed since the program
// started.
func Parses() int64 { return parses.Load() }

func parseCatalogCode(name, code string, data []byte) (*Catalog, error) {
	parses.Add(1)
	if !codeRE.MatchString(code) {
		return nil, &strictyaml.Error{File: name, Msg: "file name; expected a language code such as ro (locales/ro/*.yaml or locales/ro.yaml)"}
	}
	tag, err := language.Parse(code)
	if err != nil {
		return nil, &strictyaml.Error{File: name, Msg: "file name is not a language code; expected a code such as ro (locales/ro/*.yaml or locales/ro.yaml)"}
	}
	w := strictyaml.NewWalker(name)
	root, ok := w.Parse(data, MaxCatalogSize, "a mapping of message ids")
	if !ok {
		return nil, w.Err()
	}
	c := &Catalog{Code: code, Tag: tag, Messages: map[string]*Message{}, Files: []string{name}}
	top, _ := root.Map("a mapping of message ids", nil)
	for _, k := range top.Keys() {
		if k.Name == "meta" {
			c.parseMeta(k.Val)
			continue
		}
		c.walk(k.Name, k.Val, 1)
	}
	if err := w.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

var metaKeys = []string{"name", "native-name", "direction", "variety", "review-status", "reviewed-by", "reviewed-on"}

func (c *Catalog) parseMeta(n strictyaml.Value) {
	m, _ := n.Map("a mapping with the keys "+strings.Join(metaKeys, ", "), metaKeys)
	for _, k := range m.Keys() {
		v := k.Val
		switch k.Name {
		case "name":
			c.Meta.Name, _ = v.Text("the language's name in English")
		case "native-name":
			c.Meta.NativeName, _ = v.Text("the language's name in the language")
		case "direction":
			c.Meta.Direction, _ = v.OneOf("ltr or rtl", "ltr", "rtl")
		case "variety":
			c.Meta.Variety, _ = v.Text("text")
		case "review-status":
			c.Meta.ReviewStatus, _ = v.OneOf("source, draft or reviewed", StatusSource, StatusDraft, StatusReviewed)
		case "reviewed-by":
			c.Meta.ReviewedBy, _ = v.Text("text")
		case "reviewed-on":
			c.Meta.ReviewedOn, _ = v.Text("a date")
		}
	}
}

// maxIDParts bounds the nesting of message ids.
const maxIDParts = 8

// walk reads the message id, or the mapping of ids under it, at v. A
// scalar is a message (an empty value is an empty message, left
// untranslated); a mapping of plural forms is a plural message.
func (c *Catalog) walk(id string, v strictyaml.Value, depth int) {
	if depth > maxIDParts {
		v.Problem("nested more than %d deep; expected message ids of at most %d parts", maxIDParts, maxIDParts)
		return
	}
	switch v.Node.Kind {
	case yaml.ScalarNode:
		c.add(v, &Message{ID: id, Text: v.Node.Value, File: v.W.File, Line: v.Line()})
		return
	case yaml.MappingNode:
		m, _ := v.Map("a mapping of message ids", nil)
		if isPluralMap(v.Node) {
			msg := &Message{ID: id, Plural: map[string]string{}, File: v.W.File, Line: v.Line()}
			for _, k := range m.Keys() {
				if t, ok := k.Val.Text("text"); ok {
					msg.Plural[k.Name] = t
				}
			}
			c.add(v, msg)
			return
		}
		for _, k := range m.Keys() {
			c.walk(id+"."+k.Name, k.Val, depth+1)
		}
		return
	}
	v.Problem("found %s; expected text or a mapping of message ids", strictyaml.NodeName(v.Node))
}

func isPluralMap(n *yaml.Node) bool {
	if len(n.Content) == 0 {
		return false
	}
	for i := 0; i < len(n.Content); i += 2 {
		k := n.Content[i].Value
		ok := false
		for _, f := range PluralForms {
			ok = ok || k == f
		}
		if !ok {
			return false
		}
	}
	return true
}

func (c *Catalog) add(v strictyaml.Value, m *Message) {
	if prev := c.Messages[m.ID]; prev != nil {
		v.W.Add(m.Line, m.ID, "given twice (first at line %d); expected each message id once", prev.Line)
		return
	}
	texts := []string{m.Text}
	for _, t := range m.Plural {
		texts = append(texts, t)
	}
	for _, t := range texts {
		for _, a := range anyActionRE.FindAllString(t, -1) {
			if !placeholderRE.MatchString(a) {
				v.W.Add(m.Line, m.ID, "%q is not a placeholder; expected {{.Name}}", a)
				return
			}
		}
	}
	m.parts = compile(m.Text)
	c.Messages[m.ID] = m
}

// LoadFS reads every catalogue in dir of fsys: a language's messages are the
// files of its folder (locales/ro/*.yaml), split by area so that each area
// can be translated and reviewed on its own; a single file (locales/ro.yaml)
// works too. Files of one language are merged; an id defined twice is an error.
// shown is the name of dir in messages and in Catalog.Files (the folder as
// the user gave it); "" keeps the names of fsys.
func LoadFS(fsys fs.FS, dir, shown string) ([]*Catalog, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var out []*Catalog
	for _, e := range entries {
		p := path.Join(dir, e.Name())
		if e.IsDir() {
			c, err := loadLangDir(fsys, p, e.Name(), shownName(dir, shown, p))
			if err != nil {
				return nil, err
			}
			if c != nil {
				out = append(out, c)
			}
			continue
		}
		if !isYAML(e.Name()) {
			continue
		}
		name := shownName(dir, shown, p)
		data, err := readLimited(fsys, p, name)
		if err != nil {
			return nil, err
		}
		c, err := parseCatalog(name, data)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

func isYAML(name string) bool {
	return strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")
}

// shownName is the name of p, a path under dir in fsys, in messages: under
// shown when it is given.
func shownName(dir, shown, p string) string {
	if shown == "" {
		return p
	}
	rel := p
	if dir != "." {
		rel = strings.TrimPrefix(strings.TrimPrefix(p, dir), "/")
	}
	return filepath.Join(shown, filepath.FromSlash(rel))
}

func readLimited(fsys fs.FS, p, name string) ([]byte, error) {
	return strictyaml.ReadFile(fsys, p, name, MaxCatalogSize, "a catalogue file (YAML)")
}

// loadLangDir reads the files of one language's folder dir, named shown in
// messages.
func loadLangDir(fsys fs.FS, dir, code, shown string) (*Catalog, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var cat *Catalog
	for _, e := range entries {
		if e.IsDir() || !isYAML(e.Name()) {
			continue
		}
		p := path.Join(dir, e.Name())
		name := shownName(dir, shown, p)
		data, err := readLimited(fsys, p, name)
		if err != nil {
			return nil, err
		}
		c, err := parseCatalogCode(name, code, data)
		if err != nil {
			return nil, err
		}
		if cat == nil {
			cat = c
			continue
		}
		for id, m := range c.Messages {
			if prev := cat.Messages[id]; prev != nil {
				return nil, &strictyaml.Error{File: m.File, Line: m.Line, Field: id,
					Msg: fmt.Sprintf("given twice (first at %s:%d); expected each message id once", prev.File, prev.Line)}
			}
			cat.Messages[id] = m
		}
		if c.Meta != (Meta{}) {
			if cat.Meta != (Meta{}) {
				return nil, &strictyaml.Error{File: name, Field: "meta", Msg: "given twice; expected it in one file of " + shown}
			}
			cat.Meta = c.Meta
		}
		cat.Files = append(cat.Files, name)
	}
	return cat, nil
}
