package strictyaml

import (
	"bytes"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

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

func TestNodeHelpers(t *testing.T) {
	in := "a:\n  - x: 1\n  - x: 2\n    y: [3]\nb: {c: d}\n"
	var root yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader([]byte(in))).Decode(&root); err != nil {
		t.Fatal(err)
	}
	doc := root.Content[0]
	if MapValue(doc, "b") == nil || MapValue(doc, "z") != nil || MapValue(nil, "b") != nil {
		t.Error("MapValue")
	}
	if LineOf(doc, "b") != 5 || LineOf(nil, "b") != 0 || SeqItem(doc, "a", 1).Line != 3 || SeqItem(doc, "a", 2) != nil {
		t.Error("LineOf / SeqItem")
	}
	if PeekText([]byte("kind: k\n"), 64, "kind") != "k" || PeekText([]byte("kind: [k]\n"), 64, "kind") != "" || PeekText([]byte("- k\n"), 64, "kind") != "" {
		t.Error("PeekText")
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
