// Package i18n loads the message catalogues and renders messages in the
// reader's language. A message missing from a language shows the English text,
// never an id or a blank, and is recorded so that it can be reported.
package i18n

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

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

func parseCatalogCode(name, code string, data []byte) (*Catalog, error) {
	if !codeRE.MatchString(code) {
		return nil, fmt.Errorf("%s: expected a language code such as ro (locales/ro/*.yaml or locales/ro.yaml)", name)
	}
	tag, err := language.Parse(code)
	if err != nil {
		return nil, fmt.Errorf("%s: file name: %q is not a language code", name, code)
	}
	if len(data) > MaxCatalogSize {
		return nil, fmt.Errorf("%s: file is %d bytes; expected at most %d", name, len(data), MaxCatalogSize)
	}
	var root yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&root); err != nil {
		return nil, fmt.Errorf("%s: %v", name, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	c := &Catalog{Code: code, Tag: tag, Messages: map[string]*Message{}, Files: []string{name}}
	if len(root.Content) == 0 {
		return nil, fmt.Errorf("%s: empty catalogue", name)
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: expected a mapping of message ids", name, doc.Line)
	}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, v := doc.Content[i], doc.Content[i+1]
		if k.Value == "meta" {
			if err := c.parseMeta(name, v); err != nil {
				return nil, err
			}
			continue
		}
		if err := c.walk(name, k.Value, v, 1); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func (c *Catalog) parseMeta(name string, n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("%s:%d: meta: expected a mapping", name, n.Line)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if v.Kind != yaml.ScalarNode {
			return fmt.Errorf("%s:%d: meta.%s: expected text", name, v.Line, k.Value)
		}
		switch k.Value {
		case "name":
			c.Meta.Name = v.Value
		case "native-name":
			c.Meta.NativeName = v.Value
		case "direction":
			if v.Value != "ltr" && v.Value != "rtl" {
				return fmt.Errorf("%s:%d: meta.direction: %q; expected ltr or rtl", name, v.Line, v.Value)
			}
			c.Meta.Direction = v.Value
		case "variety":
			c.Meta.Variety = v.Value
		case "review-status":
			switch v.Value {
			case StatusSource, StatusDraft, StatusReviewed:
			default:
				return fmt.Errorf("%s:%d: meta.review-status: %q; expected source, draft or reviewed", name, v.Line, v.Value)
			}
			c.Meta.ReviewStatus = v.Value
		case "reviewed-by":
			c.Meta.ReviewedBy = v.Value
		case "reviewed-on":
			c.Meta.ReviewedOn = v.Value
		default:
			return fmt.Errorf("%s:%d: meta: unknown key %q; expected name, native-name, direction, variety, review-status, reviewed-by, reviewed-on", name, k.Line, k.Value)
		}
	}
	return nil
}

func (c *Catalog) walk(file, id string, n *yaml.Node, depth int) error {
	if depth > 8 {
		return fmt.Errorf("%s:%d: %s: nested too deep", file, n.Line, id)
	}
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return fmt.Errorf("%s:%d: %s: anchors and aliases are not allowed; write the text out", file, n.Line, id)
	}
	switch n.Kind {
	case yaml.ScalarNode:
		return c.add(file, &Message{ID: id, Text: n.Value, File: file, Line: n.Line})
	case yaml.MappingNode:
		if isPluralMap(n) {
			m := &Message{ID: id, Plural: map[string]string{}, File: file, Line: n.Line}
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i+1].Kind != yaml.ScalarNode {
					return fmt.Errorf("%s:%d: %s.%s: expected text", file, n.Content[i+1].Line, id, n.Content[i].Value)
				}
				m.Plural[n.Content[i].Value] = n.Content[i+1].Value
			}
			return c.add(file, m)
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if err := c.walk(file, id+"."+n.Content[i].Value, n.Content[i+1], depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("%s:%d: %s: expected text or a mapping", file, n.Line, id)
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

func (c *Catalog) add(file string, m *Message) error {
	if prev := c.Messages[m.ID]; prev != nil {
		return fmt.Errorf("%s:%d: %s: defined twice (also at line %d)", file, m.Line, m.ID, prev.Line)
	}
	texts := []string{m.Text}
	for _, t := range m.Plural {
		texts = append(texts, t)
	}
	for _, t := range texts {
		for _, a := range anyActionRE.FindAllString(t, -1) {
			if !placeholderRE.MatchString(a) {
				return fmt.Errorf("%s:%d: %s: %q is not a placeholder; expected {{.Name}}", file, m.Line, m.ID, a)
			}
		}
	}
	m.parts = compile(m.Text)
	c.Messages[m.ID] = m
	return nil
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
				return nil, fmt.Errorf("%s:%d: %s: defined twice (also %s:%d)", m.File, m.Line, id, prev.File, prev.Line)
			}
			cat.Messages[id] = m
		}
		if c.Meta != (Meta{}) {
			if cat.Meta != (Meta{}) {
				return nil, fmt.Errorf("%s: meta: defined twice; keep it in one file of %s", name, shown)
			}
			cat.Meta = c.Meta
		}
		cat.Files = append(cat.Files, name)
	}
	return cat, nil
}
