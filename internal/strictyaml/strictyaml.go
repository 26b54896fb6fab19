// Package strictyaml reads the project's hand-written YAML files (definitions,
// catalogues, referral rules and directories, scenarios, mapping files) the
// same strict way: a size limit, UTF-8 only, one document, no anchors or
// aliases, bounded nesting (Parse); then one Walker reads what the file holds:
// known keys given once, lists and typed scalars. Every problem is one Error:
// "file:line: field: found …; expected …", never quoting a value.
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
		return nil, syntaxProblem(err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, problem(extra.Line, "a second YAML document; expected one document per file")
	} else if !errors.Is(err, io.EOF) {
		return nil, syntaxProblem(err)
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

var lineRE = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// syntaxProblem turns the YAML library's message about a file it cannot
// parse into the project's form: the line, and what was expected. (What the
// file holds is read by the Walker, which says so in its own words; only
// the library's syntax messages need rewriting, and they are the first
// thing a new version of the library changes: each has its case in the
// tests.)
func syntaxProblem(err error) *Problem {
	m := err.Error()
	line := 0
	if sm := lineRE.FindStringSubmatch(m); sm != nil {
		line, _ = strconv.Atoi(sm[1])
		m = sm[2]
	}
	m = strings.TrimPrefix(m, "yaml: ")
	return &Problem{Line: line, Msg: "not valid YAML (" + m + "); expected well-formed YAML"}
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
