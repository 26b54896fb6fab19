package referral

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/strictyaml"
)

// MaxFileSize bounds a rules or directory file, like a definitions file: a
// larger file is a mistake or an attack, and is refused before parsing.
const MaxFileSize = q.MaxFileSize

// maxText bounds one text value of a directory (a name, a note), so that a
// single field cannot flood the result screen.
const maxText = 2000

// errs collects problems in the project's form (questionnaire.Error): file,
// line, field and what was expected. Values from the file are named only
// when they are ids or fixed choices, never free text.
type errs struct {
	file string
	list q.Errors
}

func (e *errs) add(line int, field, format string, args ...any) {
	e.list = append(e.list, &q.Error{File: e.file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
}

func (e *errs) err() error {
	if len(e.list) == 0 {
		return nil
	}
	return e.list
}

// parse checks size, encoding and structure and returns the root mapping
// (see strictyaml.Parse).
func parse(f q.File, e *errs) *yaml.Node {
	root, p := strictyaml.Parse(f.Data, MaxFileSize, "a mapping with a kind key")
	if p != nil {
		e.add(p.Line, p.Field, "%s", p.Msg)
		return nil
	}
	return root
}

// PeekKind returns the kind key of a YAML file, or "" when it has none or
// cannot be read.
func PeekKind(f q.File) string {
	e := &errs{file: f.Name}
	if v := value(parse(f, e), "kind"); v != nil && v.Kind == yaml.ScalarNode {
		return v.Value
	}
	return ""
}

var value = strictyaml.MapValue

// fields walks a mapping node: it refuses keys not in known and duplicate
// keys, and returns each known key's key and value nodes.
type field struct{ key, val *yaml.Node }

func fields(n *yaml.Node, path string, known []string, e *errs) (map[string]field, bool) {
	if n.Kind != yaml.MappingNode {
		e.add(n.Line, path, "found %s; expected a mapping with the keys %s", kindName(n), strings.Join(known, ", "))
		return nil, false
	}
	out := map[string]field{}
	ok := true
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		p := join(path, k.Value)
		if k.Kind != yaml.ScalarNode {
			e.add(k.Line, path, "a key that is not text; expected one of: %s", strings.Join(known, ", "))
			ok = false
			continue
		}
		if !slices.Contains(known, k.Value) {
			e.add(k.Line, path, "unknown key %q; expected one of: %s", clip(k.Value), strings.Join(known, ", "))
			ok = false
			continue
		}
		if _, dup := out[k.Value]; dup {
			e.add(k.Line, p, "given twice; expected it once")
			ok = false
			continue
		}
		out[k.Value] = field{k, v}
	}
	return out, ok
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return "a single value"
	}
	return "something else"
}

// text reads a scalar as text; an empty or over-long value is refused.
func text(f field, path string, e *errs) (string, bool) {
	if f.val.Kind != yaml.ScalarNode || f.val.Tag == "!!null" {
		e.add(f.val.Line, path, "found %s; expected text", kindName(f.val))
		return "", false
	}
	s := strings.TrimSpace(f.val.Value)
	if s == "" {
		e.add(f.val.Line, path, "empty; expected text")
		return "", false
	}
	if utf8.RuneCountInString(s) > maxText {
		e.add(f.val.Line, path, "longer than %d characters; expected a short text", maxText)
		return "", false
	}
	return s, true
}

// list reads a list of scalars.
func list(f field, path string, e *errs) ([]string, []int, bool) {
	if f.val.Kind != yaml.SequenceNode {
		e.add(f.val.Line, path, "found %s; expected a list such as [a, b]", kindName(f.val))
		return nil, nil, false
	}
	var out []string
	var lines []int
	ok := true
	for i, c := range f.val.Content {
		if c.Kind != yaml.ScalarNode || c.Tag == "!!null" || strings.TrimSpace(c.Value) == "" {
			e.add(c.Line, fmt.Sprintf("%s[%d]", path, i), "found %s; expected a single value", kindName(c))
			ok = false
			continue
		}
		out = append(out, strings.TrimSpace(c.Value))
		lines = append(lines, c.Line)
	}
	return out, lines, ok
}

// clip shortens a value named in a message (an unknown key or id).
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	r := []rune(s)
	return string(r[:40]) + "…"
}

// idRE is the shape of every id: lower-case words joined by '-' or '.'.
var idRE = regexp.MustCompile(`^[a-z0-9]+(?:[.-][a-z0-9]+)*$`)
