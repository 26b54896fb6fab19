package referral

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	q "github.com/continuum-screening/continuum/internal/questionnaire"
)

// MaxFileSize bounds a rules or directory file, like a definitions file: a
// larger file is a mistake or an attack, and is refused before parsing.
const MaxFileSize = q.MaxFileSize

// maxDepth bounds nesting; neither file needs more than a few levels.
const maxDepth = 12

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

// parse checks size, encoding and structure and returns the root mapping.
// Anchors, aliases, several documents and deep nesting are refused: these
// files are read by people and must say what they mean.
func parse(f q.File, e *errs) *yaml.Node {
	if len(f.Data) > MaxFileSize {
		e.add(0, "", "file is %d bytes; expected at most %d", len(f.Data), MaxFileSize)
		return nil
	}
	data := bytes.TrimPrefix(f.Data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		i := 0
		for i < len(data) {
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			i += n
		}
		e.add(1+bytes.Count(data[:i], []byte("\n")), "", "invalid UTF-8; expected a UTF-8 text file")
		return nil
	}
	if i := bytes.Index(data, []byte("\xef\xbb\xbf")); i >= 0 {
		e.add(1+bytes.Count(data[:i], []byte("\n")), "", "byte-order mark inside the file; expected one only at the very start, if at all")
		return nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var root yaml.Node
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			e.add(0, "", "file is empty; expected a mapping with a kind key")
		} else {
			addYAMLError(err, e)
		}
		return nil
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		e.add(extra.Line, "", "a second YAML document; expected one document per file")
		return nil
	} else if !errors.Is(err, io.EOF) {
		addYAMLError(err, e)
		return nil
	}
	if !checkNodes(&root, 0, e) {
		return nil
	}
	doc := &root
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		doc = doc.Content[0]
	}
	if doc.Kind != yaml.MappingNode {
		e.add(doc.Line, "", "expected a mapping with a kind key at the top")
		return nil
	}
	return doc
}

func checkNodes(n *yaml.Node, depth int, e *errs) bool {
	if depth > maxDepth {
		e.add(n.Line, "", "nested more than %d levels deep; expected a flat file", maxDepth)
		return false
	}
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		e.add(n.Line, "", "YAML anchors and aliases are not allowed; write the value out")
		return false
	}
	for _, c := range n.Content {
		if !checkNodes(c, depth+1, e) {
			return false
		}
	}
	return true
}

var lineRE = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

func addYAMLError(err error, e *errs) {
	m := err.Error()
	line := 0
	if sm := lineRE.FindStringSubmatch(m); sm != nil {
		line, _ = strconv.Atoi(sm[1])
		m = sm[2]
	}
	e.add(line, "", "not valid YAML: %s", strings.TrimPrefix(m, "yaml: "))
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

// value returns the value node for key in a mapping node, or nil.
func value(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

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
		if !contains(known, k.Value) {
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

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// idRE is the shape of every id: lower-case words joined by '-' or '.'.
var idRE = regexp.MustCompile(`^[a-z0-9]+(?:[.-][a-z0-9]+)*$`)
