// Package strictyaml reads the project's hand-written YAML files (definitions,
// referral directories, scenarios, mapping files) the same strict way: a size
// limit, UTF-8 only, one document, no anchors or aliases, bounded nesting,
// and messages that give the line and say what was expected.
package strictyaml

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
)

// MaxDepth bounds nesting; no file of the project needs more than a handful.
const MaxDepth = 16

// Problem is one thing wrong with a file: its line (0 when the whole file),
// the field when known, and a message that says what was expected.
type Problem struct {
	Line  int
	Field string
	Msg   string
}

func problem(line int, format string, args ...any) *Problem {
	return &Problem{Line: line, Msg: fmt.Sprintf(format, args...)}
}

var bom = []byte("\xef\xbb\xbf")

// Parse checks a file's size, encoding and structure and returns its root
// mapping node. top describes what the file must hold at the top, for the
// message when it does not ("a mapping with a kind key").
func Parse(data []byte, maxSize int, top string) (*yaml.Node, *Problem) {
	if len(data) > maxSize {
		return nil, problem(0, "file is %d bytes; expected at most %d", len(data), maxSize)
	}
	data = bytes.TrimPrefix(data, bom)
	if !utf8.Valid(data) {
		return nil, problem(lineAt(data, firstInvalid(data)), "invalid UTF-8; expected a UTF-8 text file")
	}
	if i := bytes.Index(data, bom); i >= 0 {
		return nil, problem(lineAt(data, i), "byte-order mark inside the file; expected one only at the very start, if at all")
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var root yaml.Node
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, problem(0, "file is empty; expected %s", top)
		}
		return nil, &Problems(err, nil, nil)[0]
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, problem(extra.Line, "a second YAML document; expected one document per file")
	} else if !errors.Is(err, io.EOF) {
		return nil, &Problems(err, nil, nil)[0]
	}
	if p := check(&root, 0); p != nil {
		return nil, p
	}
	doc := &root
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		doc = doc.Content[0]
	}
	if doc.Kind != yaml.MappingNode {
		return nil, problem(doc.Line, "found %s; expected %s at the top", NodeName(doc), top)
	}
	return doc, nil
}

func lineAt(data []byte, i int) int { return 1 + bytes.Count(data[:i], []byte("\n")) }

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

func check(n *yaml.Node, depth int) *Problem {
	if depth > MaxDepth {
		return problem(n.Line, "nested more than %d levels deep; expected a flat file", MaxDepth)
	}
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return problem(n.Line, "YAML anchors and aliases are not allowed; write the value out")
	}
	for _, c := range n.Content {
		if p := check(c, depth+1); p != nil {
			return p
		}
	}
	return nil
}

// DecodeStrict decodes data into v, refusing keys v does not have. root is
// the file's node tree from Parse, used to name the field of a type error;
// knownKeys lists the keys of a Go type by name, for the message about an
// unknown key.
func DecodeStrict(data []byte, root *yaml.Node, v any, knownKeys func(typeName string) []string) []Problem {
	dec := yaml.NewDecoder(bytes.NewReader(bytes.TrimPrefix(data, bom)))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return Problems(err, root, knownKeys)
	}
	return nil
}

var (
	lineRE     = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	notFoundRE = regexp.MustCompile(`^field (\S+) not found in type (\S+)$`)
	// The value between backticks may itself hold backticks and " into ";
	// it is never repeated.
	unmarshRE = regexp.MustCompile(`(?s)^cannot unmarshal !!(\w+) (?:` + "`.*`" + ` )?into (\S+)$`)
)

// Problems turns the YAML library's messages into the project's form: the
// line, the field when root lets it be found, what was found and what was
// expected. It never quotes a value from the file.
func Problems(err error, root *yaml.Node, knownKeys func(typeName string) []string) []Problem {
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	out := make([]Problem, 0, len(msgs))
	for _, m := range msgs {
		line := 0
		if sm := lineRE.FindStringSubmatch(m); sm != nil {
			line, _ = strconv.Atoi(sm[1])
			m = sm[2]
		}
		m = strings.TrimPrefix(m, "yaml: ")
		p := Problem{Line: line}
		switch {
		case notFoundRE.MatchString(m):
			sm := notFoundRE.FindStringSubmatch(m)
			keys := []string{"(see the documentation)"}
			if knownKeys != nil {
				if k := knownKeys(sm[2][strings.LastIndex(sm[2], ".")+1:]); len(k) > 0 {
					keys = k
				}
			}
			p.Msg = fmt.Sprintf("unknown key %q; expected one of: %s", sm[1], strings.Join(keys, ", "))
		case unmarshRE.MatchString(m):
			sm := unmarshRE.FindStringSubmatch(m)
			p.Msg = fmt.Sprintf("found %s; expected %s", tagName(sm[1]), goTypeName(sm[2]))
			if root != nil {
				p.Field = FieldAt(root, line, nodeKind(sm[1]), "")
			}
		default:
			p.Msg = "not valid YAML (" + m + "); expected well-formed YAML"
		}
		out = append(out, p)
	}
	return out
}

func tagName(tag string) string {
	switch tag {
	case "seq":
		return "a list"
	case "map":
		return "a mapping"
	case "str":
		return "text"
	case "int", "float":
		return "a number"
	case "bool":
		return "true or false"
	case "null":
		return "nothing"
	}
	return tag
}

func goTypeName(t string) string {
	switch {
	case t == "string":
		return "text"
	case t == "int" || t == "float64":
		return "a number"
	case t == "bool":
		return "true or false"
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case strings.HasPrefix(t, "map["), strings.Contains(t, "."):
		return "a mapping"
	}
	return t
}

func nodeKind(tag string) yaml.Kind {
	switch tag {
	case "seq":
		return yaml.SequenceNode
	case "map":
		return yaml.MappingNode
	}
	return yaml.ScalarNode
}

// NodeName says in words what a node is: "a list", "a mapping", "text".
func NodeName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.AliasNode:
		return "an alias"
	}
	if n.Tag == "!!null" {
		return "nothing"
	}
	return "text"
}

// FieldAt returns the path of the deepest value of the given kind that starts
// on line, such as "questions[2].item", or "" when there is none.
func FieldAt(n *yaml.Node, line int, kind yaml.Kind, path string) string {
	var children []*yaml.Node
	var paths []string
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			p := n.Content[i].Value
			if path != "" {
				p = path + "." + p
			}
			children, paths = append(children, n.Content[i+1]), append(paths, p)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			children, paths = append(children, c), append(paths, fmt.Sprintf("%s[%d]", path, i))
		}
	}
	for i, c := range children {
		if f := FieldAt(c, line, kind, paths[i]); f != "" {
			return f
		}
		if c.Line == line && c.Kind == kind {
			return paths[i]
		}
	}
	return ""
}

// MapValue returns the value node for key in a mapping node, or nil.
func MapValue(n *yaml.Node, key string) *yaml.Node {
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

// LineOf returns the line of key in mapping n, or of n itself.
func LineOf(n *yaml.Node, key string) int {
	if n == nil {
		return 0
	}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				return n.Content[i].Line
			}
		}
	}
	return n.Line
}

// SeqItem returns the i-th element of the sequence under key in mapping n.
func SeqItem(n *yaml.Node, key string, i int) *yaml.Node {
	s := MapValue(n, key)
	if s == nil || s.Kind != yaml.SequenceNode || i >= len(s.Content) {
		return nil
	}
	return s.Content[i]
}
