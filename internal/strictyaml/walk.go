package strictyaml

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Walker reads the node tree of one file, as Parse returns it, the way every
// loader of the project does: mappings with known keys given once, lists,
// and scalars decoded with what was expected. Each problem is an *Error of
// the file, in one form: "file:line: field: found …; expected …". A message
// names keys and the kinds of what was found, never a value of the file.
type Walker struct {
	File string
	Errs Errors
}

// NewWalker returns a walker for the file named file in messages.
func NewWalker(file string) *Walker { return &Walker{File: file} }

// Add records a problem at line, in field.
func (w *Walker) Add(line int, field, format string, args ...any) {
	w.Errs.Add(w.File, line, field, format, args...)
}

// AddProblem records a problem found by Parse.
func (w *Walker) AddProblem(p *Problem) { w.Errs.AddProblem(w.File, p) }

// Err returns the problems found, or nil.
func (w *Walker) Err() error { return w.Errs.Err() }

// Parse parses data (see Parse) and returns its root mapping as a Value, or
// false after recording the problem.
func (w *Walker) Parse(data []byte, maxSize int, top string) (Value, bool) {
	root, p := Parse(data, maxSize, top)
	if p != nil {
		w.AddProblem(p)
		return Value{}, false
	}
	return w.Root(root), true
}

// Root returns n, the top of a file, as a Value with no field path.
func (w *Walker) Root(n *yaml.Node) Value { return Value{W: w, Node: n} }

// Value is one node of the file with its field path, such as
// "services[2].name".
type Value struct {
	W    *Walker
	Node *yaml.Node
	Path string
}

// Line is the line the value starts on.
func (v Value) Line() int { return v.Node.Line }

// Problem records a problem with this value, at its line and under its path.
func (v Value) Problem(format string, args ...any) {
	v.W.Add(v.Node.Line, v.Path, format, args...)
}

// Child returns the path of key under this value.
func (v Value) Child(key string) string {
	if v.Path == "" {
		return key
	}
	return v.Path + "." + key
}

// found says in words what a node is, without its value.
func found(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode {
		switch n.Tag {
		case "!!null":
			return "nothing"
		case "!!int", "!!float":
			return "a number"
		case "!!bool":
			return "true or false"
		}
	}
	return NodeName(n)
}

// IsNull reports whether the value is empty (key: with nothing after it).
func (v Value) IsNull() bool { return v.Node.Kind == yaml.ScalarNode && v.Node.Tag == "!!null" }

// Text returns a scalar as text; a list, a mapping or nothing is a problem.
// A number or true/false is read as the text it is written as. expect says
// what the value should be ("a message id").
func (v Value) Text(expect string) (string, bool) {
	if v.Node.Kind != yaml.ScalarNode || v.IsNull() {
		v.Problem("found %s; expected %s", found(v.Node), expect)
		return "", false
	}
	return v.Node.Value, true
}

// NonEmpty is Text that also refuses blank text and text longer than max
// characters (0: no limit); the text is trimmed.
func (v Value) NonEmpty(expect string, max int) (string, bool) {
	s, ok := v.Text(expect)
	if !ok {
		return "", false
	}
	s = strings.TrimSpace(s)
	if s == "" {
		v.Problem("found empty text; expected %s", expect)
		return "", false
	}
	if max > 0 && utf8.RuneCountInString(s) > max {
		v.Problem("found text longer than %d characters; expected %s", max, expect)
		return "", false
	}
	return s, true
}

// OneOf returns a scalar that is one of choices; expect says them in words
// ("yes, no or unknown"), or, when empty, they are listed.
func (v Value) OneOf(expect string, choices ...string) (string, bool) {
	if expect == "" {
		expect = "one of: " + strings.Join(choices, ", ")
	}
	s, ok := v.Text(expect)
	if !ok {
		return "", false
	}
	if !slices.Contains(choices, s) {
		what := "another value"
		if v.Node.Tag != "!!str" {
			what = found(v.Node)
		}
		v.Problem("found %s; expected %s", what, expect)
		return "", false
	}
	return s, true
}

// Int returns a whole number from min to max written as a number (not in
// quotes). expect says what it is ("a level from 1 to 5").
func (v Value) Int(min, max int, expect string) (int, bool) {
	if v.Node.Kind != yaml.ScalarNode || v.Node.Tag != "!!int" {
		v.Problem("found %s; expected %s", found(v.Node), expect)
		return 0, false
	}
	n, err := strconv.Atoi(v.Node.Value)
	if err != nil || n < min || n > max {
		v.Problem("found a number out of range; expected %s", expect)
		return 0, false
	}
	return n, true
}

// Bool returns true or false.
func (v Value) Bool() (bool, bool) {
	if v.Node.Kind == yaml.ScalarNode {
		switch v.Node.Value {
		case "true":
			return true, true
		case "false":
			return false, true
		}
	}
	what := found(v.Node)
	if v.Node.Kind == yaml.ScalarNode && v.Node.Tag == "!!str" {
		what = "another value"
	}
	v.Problem("found %s; expected true or false", what)
	return false, false
}

// List returns the elements of a list, each with its path ("answers[2]").
// expect says what the list should hold ("a list of question ids").
func (v Value) List(expect string) ([]Value, bool) {
	if v.Node.Kind != yaml.SequenceNode {
		v.Problem("found %s; expected %s", found(v.Node), expect)
		return nil, false
	}
	out := make([]Value, len(v.Node.Content))
	for i, c := range v.Node.Content {
		out[i] = Value{W: v.W, Node: c, Path: fmt.Sprintf("%s[%d]", v.Path, i)}
	}
	return out, true
}

// Texts returns a list of texts; an element that is not text is a problem
// and left out. ok is false when anything was wrong.
func (v Value) Texts(expect string) (texts []string, elems []Value, ok bool) {
	list, ok := v.List(expect)
	for _, e := range list {
		s, good := e.Text("text")
		if !good {
			ok = false
			continue
		}
		texts, elems = append(texts, s), append(elems, e)
	}
	return texts, elems, ok
}

// Map is a mapping read by Value.Map: its keys in file order, each given
// once.
type Map struct {
	Value
	keys []Key
}

// Key is one entry of a mapping: the key's name and line, and the value.
type Key struct {
	Name string
	Line int
	Val  Value
}

// Map reads a mapping. A key given twice, a key that is not text and, when
// known is not nil, a key not in known are problems (the entry is left out
// and ok is false). expect says what the mapping should hold, for the
// message when the value is not a mapping.
func (v Value) Map(expect string, known []string) (*Map, bool) {
	if v.Node.Kind != yaml.MappingNode {
		v.Problem("found %s; expected %s", found(v.Node), expect)
		return nil, false
	}
	m := &Map{Value: v}
	ok := true
	first := map[string]int{}
	for i := 0; i+1 < len(v.Node.Content); i += 2 {
		k, val := v.Node.Content[i], v.Node.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			v.W.Add(k.Line, v.Path, "found %s as a key; expected text", found(k))
			ok = false
			continue
		}
		if known != nil && !slices.Contains(known, k.Value) {
			v.W.Add(k.Line, v.Path, "unknown key %q; expected one of: %s", clip(k.Value), strings.Join(known, ", "))
			ok = false
			continue
		}
		if line, dup := first[k.Value]; dup {
			v.W.Add(k.Line, v.Child(k.Value), "given twice (first at line %d); expected each key once", line)
			ok = false
			continue
		}
		first[k.Value] = k.Line
		m.keys = append(m.keys, Key{Name: k.Value, Line: k.Line, Val: Value{W: v.W, Node: val, Path: v.Child(k.Value)}})
	}
	return m, ok
}

// Keys returns the entries in file order. The methods of Map may be called
// on the nil *Map that Value.Map returns for what is not a mapping: it has
// no keys, and the problem has been recorded already.
func (m *Map) Keys() []Key {
	if m == nil {
		return nil
	}
	return m.keys
}

// Len is the number of entries.
func (m *Map) Len() int { return len(m.Keys()) }

// Get returns the value of key.
func (m *Map) Get(key string) (Value, bool) {
	for _, k := range m.Keys() {
		if k.Name == key {
			return k.Val, true
		}
	}
	return Value{}, false
}

// Has reports whether key is given.
func (m *Map) Has(key string) bool {
	_, ok := m.Get(key)
	return ok
}

// KeyLine returns the line of key, or of the mapping when it is not given.
func (m *Map) KeyLine(key string) int {
	if m == nil {
		return 0
	}
	for _, k := range m.keys {
		if k.Name == key {
			return k.Line
		}
	}
	return m.Line()
}

// Require returns the value of key; when it is not given, that is a
// problem: "missing; expected …", at the mapping's line.
func (m *Map) Require(key, expect string) (Value, bool) {
	v, ok := m.Get(key)
	if !ok && m != nil {
		m.W.Add(m.Line(), m.Child(key), "missing; expected %s", expect)
	}
	return v, ok
}

// clip shortens a key named in a message.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	r := []rune(s)
	return string(r[:40]) + "…"
}

// PeekText returns the text under key at the top of a file, or "" when the
// file cannot be parsed or has no such text. It lets a caller see a file's
// kind before reading it.
func PeekText(data []byte, maxSize int, key string) string {
	root, p := Parse(data, maxSize, "")
	if p != nil {
		return ""
	}
	if v := MapValue(root, key); v != nil && v.Kind == yaml.ScalarNode {
		return v.Value
	}
	return ""
}
