package questionnaire

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// MaxFileSize bounds a definitions file. The shipped files are a few KiB; a
// larger file is a mistake or an attack, and is refused before parsing.
const MaxFileSize = 1 << 20

// maxDepth bounds nesting; no definition file needs more than a handful.
const maxDepth = 16

// File is one definitions file.
type File struct {
	Name string
	Data []byte
}

// parseYAML checks a file's size, encoding and structure and returns its root
// mapping node. Anchors, aliases, several documents and deep nesting are
// refused: definitions are read by people and must say what they mean.
func parseYAML(f File, errs *Errors) *yaml.Node {
	if len(f.Data) > MaxFileSize {
		errs.add(f.Name, 0, "", "file is %d bytes; expected at most %d", len(f.Data), MaxFileSize)
		return nil
	}
	data := f.Data
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		data = data[3:]
	}
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:firstInvalidUTF8(data)], []byte("\n"))
		errs.add(f.Name, line, "", "invalid UTF-8; expected a UTF-8 text file")
		return nil
	}
	if i := bytes.Index(data, []byte("\xef\xbb\xbf")); i >= 0 {
		errs.add(f.Name, 1+bytes.Count(data[:i], []byte("\n")), "", "byte-order mark inside the file; expected one only at the very start, if at all")
		return nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var root yaml.Node
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			errs.add(f.Name, 0, "", "file is empty; expected a mapping with a kind key")
		} else {
			addYAMLError(f.Name, err, errs)
		}
		return nil
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		errs.add(f.Name, extra.Line, "", "a second YAML document; expected one document per file")
		return nil
	} else if !errors.Is(err, io.EOF) {
		addYAMLError(f.Name, err, errs)
		return nil
	}
	if !checkNodes(f.Name, &root, 0, errs) {
		return nil
	}
	doc := &root
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		doc = doc.Content[0]
	}
	if doc.Kind != yaml.MappingNode {
		errs.add(f.Name, doc.Line, "", "expected a mapping with a kind key at the top")
		return nil
	}
	return doc
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

func checkNodes(file string, n *yaml.Node, depth int, errs *Errors) bool {
	if depth > maxDepth {
		errs.add(file, n.Line, "", "nested more than %d levels deep; expected a flat definitions file", maxDepth)
		return false
	}
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		errs.add(file, n.Line, "", "YAML anchors and aliases are not allowed in definitions; write the value out")
		return false
	}
	for _, c := range n.Content {
		if !checkNodes(file, c, depth+1, errs) {
			return false
		}
	}
	return true
}

// decodeStrict decodes data into v, refusing unknown keys. root is the
// file's parsed node tree, used to name the field of a type error.
func decodeStrict(f File, root *yaml.Node, v any, errs *Errors) bool {
	data := bytes.TrimPrefix(f.Data, []byte("\xef\xbb\xbf"))
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		addYAMLErrorAt(f.Name, err, errs, root)
		return false
	}
	return true
}

// fieldAt returns the path of the deepest value of the given kind that
// starts on line, such as "questions[2].item", or "" when there is none.
func fieldAt(n *yaml.Node, line int, kind yaml.Kind, path string) string {
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
		if f := fieldAt(c, line, kind, paths[i]); f != "" {
			return f
		}
		if c.Line == line && c.Kind == kind {
			return paths[i]
		}
	}
	return ""
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

var (
	lineRE     = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	notFoundRE = regexp.MustCompile(`^field (\S+) not found in type (\S+)$`)
	unmarshRE  = regexp.MustCompile(`^cannot unmarshal !!(\w+) (?:` + "`[^`]*`" + ` )?into (\S+)$`)
)

// addYAMLError turns the YAML library's messages into the project's form:
// file, line, what was found and what was expected.
func addYAMLError(file string, err error, errs *Errors) { addYAMLErrorAt(file, err, errs, nil) }

func addYAMLErrorAt(file string, err error, errs *Errors, root *yaml.Node) {
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	for _, m := range msgs {
		line := 0
		if sm := lineRE.FindStringSubmatch(m); sm != nil {
			line, _ = strconv.Atoi(sm[1])
			m = sm[2]
		}
		m = strings.TrimPrefix(m, "yaml: ")
		field := ""
		if sm := notFoundRE.FindStringSubmatch(m); sm != nil {
			m = fmt.Sprintf("unknown key %q; expected one of: %s", sm[1], strings.Join(knownKeys(sm[2]), ", "))
		} else if sm := unmarshRE.FindStringSubmatch(m); sm != nil {
			m = fmt.Sprintf("found %s; expected %s", yamlKindName(sm[1]), goTypeName(sm[2]))
			if root != nil {
				field = fieldAt(root, line, nodeKind(sm[1]), "")
			}
		} else {
			m = "not valid YAML (" + m + "); expected well-formed YAML"
		}
		errs.add(file, line, field, "%s", m)
	}
}

func yamlKindName(tag string) string {
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
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case strings.HasPrefix(t, "map["):
		return "a mapping"
	case strings.Contains(t, "."):
		return "a mapping"
	}
	return t
}

// knownKeys lists the yaml keys of one of this package's raw types.
func knownKeys(typeName string) []string {
	name := typeName[strings.LastIndex(typeName, ".")+1:]
	for _, t := range rawTypes {
		if t.Name() == name {
			var keys []string
			for i := 0; i < t.NumField(); i++ {
				tag := strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0]
				if tag != "" && tag != "-" {
					keys = append(keys, tag)
				}
			}
			return keys
		}
	}
	return []string{"(see the documentation)"}
}

var rawTypes = []reflect.Type{
	reflect.TypeOf(rawQuestionnaire{}), reflect.TypeOf(rawQuestion{}), reflect.TypeOf(rawCondition{}),
	reflect.TypeOf(rawChoice{}), reflect.TypeOf(rawConsent{}), reflect.TypeOf(rawDelphi{}),
	reflect.TypeOf(rawDimension{}), reflect.TypeOf(rawItem{}), reflect.TypeOf(rawILO{}),
}

// mapValue returns the value node for key in a mapping node.
func mapValue(n *yaml.Node, key string) *yaml.Node {
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

// lineOf returns the line of key in mapping n, or of n itself.
func lineOf(n *yaml.Node, key string) int {
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

// seqItem returns the i-th element of the sequence under key in mapping n.
func seqItem(n *yaml.Node, key string, i int) *yaml.Node {
	s := mapValue(n, key)
	if s == nil || s.Kind != yaml.SequenceNode || i >= len(s.Content) {
		return nil
	}
	return s.Content[i]
}
