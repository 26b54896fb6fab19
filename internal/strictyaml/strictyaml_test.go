package strictyaml

import (
	"bytes"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

type inner struct {
	X string `yaml:"x"`
}

type doc struct {
	Kind  string            `yaml:"kind"`
	Text  string            `yaml:"text"`
	List  []string          `yaml:"list"`
	Map   map[string]string `yaml:"map"`
	Int   int               `yaml:"int"`
	Float float64           `yaml:"float"`
	Bool  bool              `yaml:"bool"`
	Inner inner             `yaml:"inner"`
	Items []inner           `yaml:"items"`
}

func docKeys(name string) []string {
	switch name {
	case "doc":
		return []string{"kind", "text", "list", "map", "int", "float", "bool", "inner", "items"}
	case "inner":
		return []string{"x"}
	}
	return nil
}

// Every message the YAML library gives is rewritten into the project's form:
// line, field, what was found and what was expected, never the value. These
// are the first thing a new version of the library changes, so each
// rewritten message has its case here.
func TestDecodeStrictMessages(t *testing.T) {
	cases := []struct {
		in   string
		want Problem
	}{
		{"kind: k\nsecret: 1\n", Problem{Line: 2, Msg: `unknown key "secret"; expected one of: kind, text, list, map, int, float, bool, inner, items`}},
		{"kind: k\ninner:\n  y: 1\n", Problem{Line: 3, Msg: `unknown key "y"; expected one of: x`}},
		{"kind: k\ntext: [SECRETX]\n", Problem{Line: 2, Field: "text", Msg: "found a list; expected text"}},
		{"kind: k\ntext: {a: SECRETX}\n", Problem{Line: 2, Field: "text", Msg: "found a mapping; expected text"}},
		{"kind: k\nlist: SECRETX\n", Problem{Line: 2, Field: "list", Msg: "found text; expected a list"}},
		{"kind: k\nlist: {a: b}\n", Problem{Line: 2, Field: "list", Msg: "found a mapping; expected a list"}},
		{"kind: k\nmap: [SECRETX]\n", Problem{Line: 2, Field: "map", Msg: "found a list; expected a mapping"}},
		{"kind: k\nmap: SECRETX\n", Problem{Line: 2, Field: "map", Msg: "found text; expected a mapping"}},
		{"kind: k\nint: SECRETX\n", Problem{Line: 2, Field: "int", Msg: "found text; expected a number"}},
		{"kind: k\nint: true\n", Problem{Line: 2, Field: "int", Msg: "found true or false; expected a number"}},
		{"kind: k\nfloat: SECRETX\n", Problem{Line: 2, Field: "float", Msg: "found text; expected a number"}},
		{"kind: k\nbool: SECRETX\n", Problem{Line: 2, Field: "bool", Msg: "found text; expected true or false"}},
		{"kind: k\ninner: SECRETX\n", Problem{Line: 2, Field: "inner", Msg: "found text; expected a mapping"}},
		{"kind: k\nitems:\n  - x: [SECRETX]\n", Problem{Line: 3, Field: "items[0].x", Msg: "found a list; expected text"}},
		{"kind: k\ntext: \"SECRETX `with` back`ticks`\"\nint: \"SECRETX`b` into c\"\n", Problem{Line: 3, Field: "int", Msg: "found text; expected a number"}},
	}
	for _, c := range cases {
		root, p := Parse([]byte(c.in), 1<<10, "a mapping")
		if p != nil {
			t.Fatalf("%q: %+v", c.in, p)
		}
		var v doc
		ps := DecodeStrict([]byte(c.in), root, &v, docKeys)
		if len(ps) != 1 {
			t.Errorf("%q: %d problems %+v; expected one", c.in, len(ps), ps)
			continue
		}
		if ps[0] != c.want {
			t.Errorf("%q:\n got %+v\nwant %+v", c.in, ps[0], c.want)
		}
		if strings.Contains(ps[0].Msg, "SECRETX") {
			t.Errorf("%q: the message repeats a value: %s", c.in, ps[0].Msg)
		}
	}
	// Without knownKeys the message points to the documentation.
	root, _ := Parse([]byte("zz: 1\n"), 1<<10, "a mapping")
	var v doc
	if ps := DecodeStrict([]byte("zz: 1\n"), root, &v, nil); len(ps) != 1 || ps[0].Msg != `unknown key "zz"; expected one of: (see the documentation)` {
		t.Errorf("no known keys: %+v", ps)
	}
}

func TestParseMessages(t *testing.T) {
	deep := strings.Repeat("[", MaxDepth+2) + strings.Repeat("]", MaxDepth+2)
	cases := []struct {
		name, in string
		want     Problem
	}{
		{"too big", "a: " + strings.Repeat("x", 100) + "\n", Problem{Msg: "file is 104 bytes; expected at most 64"}},
		{"invalid UTF-8", "a: 1\nb: \xff\n", Problem{Line: 2, Msg: "invalid UTF-8; expected a UTF-8 text file"}},
		{"BOM inside", "a: 1\nb: \xef\xbb\xbf\n", Problem{Line: 2, Msg: "byte-order mark inside the file; expected one only at the very start, if at all"}},
		{"empty", "", Problem{Msg: "file is empty; expected a mapping with a kind key"}},
		{"only a comment", "# nothing\n", Problem{Msg: "file is empty; expected a mapping with a kind key"}},
		{"two documents", "a: 1\n---\nb: 2\n", Problem{Line: 2, Msg: "a second YAML document; expected one document per file"}},
		{"anchor", "a: &x 1\n", Problem{Line: 1, Msg: "YAML anchors and aliases are not allowed; write the value out"}},
		{"alias without its anchor", "a: 1\nb: *x\n", Problem{Line: 0, Msg: "not valid YAML (unknown anchor 'x' referenced); expected well-formed YAML"}},
		{"deep", "a: " + deep + "\n", Problem{Line: 1, Msg: "nested more than 16 levels deep; expected a flat file"}},
		{"a list at the top", "- a\n", Problem{Line: 1, Msg: "found a list; expected a mapping with a kind key at the top"}},
		{"text at the top", "SECRETX\n", Problem{Line: 1, Msg: "found text; expected a mapping with a kind key at the top"}},
		{"unclosed quote", "a: \"SECRETX\n", Problem{Line: 2, Msg: "not valid YAML (found unexpected end of stream); expected well-formed YAML"}},
		{"bad indentation", "a: 1\n  b: 2\n", Problem{Line: 2, Msg: "not valid YAML (mapping values are not allowed in this context); expected well-formed YAML"}},
		{"list after mapping", "- a\nb: 1\n", Problem{Line: 1, Msg: "not valid YAML (did not find expected '-' indicator); expected well-formed YAML"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			max := 1 << 10
			if c.name == "too big" {
				max = 64
			}
			_, p := Parse([]byte(c.in), max, "a mapping with a kind key")
			if p == nil {
				t.Fatal("no problem found")
			}
			if *p != c.want {
				t.Errorf("\n got %+v\nwant %+v", *p, c.want)
			}
			if strings.Contains(p.Msg, "SECRETX") {
				t.Errorf("the message repeats a value: %s", p.Msg)
			}
		})
	}
	// A byte-order mark at the start is skipped.
	if _, p := Parse([]byte("\xef\xbb\xbfa: 1\n"), 64, "a mapping"); p != nil {
		t.Errorf("leading BOM: %+v", p)
	}
}

func TestFieldAt(t *testing.T) {
	in := "a:\n  - x: 1\n  - x: 2\n    y: [3]\nb: {c: d}\n"
	var root yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader([]byte(in))).Decode(&root); err != nil {
		t.Fatal(err)
	}
	doc := root.Content[0]
	for _, c := range []struct {
		line int
		kind yaml.Kind
		want string
	}{
		{3, yaml.ScalarNode, "a[1].x"},
		{4, yaml.SequenceNode, "a[1].y"},
		{5, yaml.MappingNode, "b"},
		{5, yaml.ScalarNode, "b.c"},
		{9, yaml.ScalarNode, ""},
	} {
		if got := FieldAt(doc, c.line, c.kind, ""); got != c.want {
			t.Errorf("line %d kind %d: %q; want %q", c.line, c.kind, got, c.want)
		}
	}
	if MapValue(doc, "b") == nil || MapValue(doc, "z") != nil || MapValue(nil, "b") != nil {
		t.Error("MapValue")
	}
	if LineOf(doc, "b") != 5 || LineOf(nil, "b") != 0 || SeqItem(doc, "a", 1).Line != 3 || SeqItem(doc, "a", 2) != nil {
		t.Error("LineOf / SeqItem")
	}
}

func TestErrors(t *testing.T) {
	var es Errors
	if es.Err() != nil {
		t.Error("no problems, yet an error")
	}
	es.Add("f.yaml", 3, "questions[0].id", "%q is not an id", "X")
	es.Add("f.yaml", 0, "", "file is empty")
	es.AddProblem("g.yaml", &Problem{Line: 2, Field: "kind", Msg: "missing"})
	want := "f.yaml:3: questions[0].id: \"X\" is not an id\nf.yaml: file is empty\ng.yaml:2: kind: missing"
	if got := es.Err().Error(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}
