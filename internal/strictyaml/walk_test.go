package strictyaml

import (
	"strings"
	"testing"
)

// walkDoc reads a small file the way a loader does: known keys at the top,
// a nested mapping, a list of mappings and each kind of scalar.
func walkDoc(w *Walker, data string) {
	root, ok := w.Parse([]byte(data), 1<<10, "a mapping")
	if !ok {
		return
	}
	top, _ := root.Map("a mapping", []string{"kind", "text", "count", "flag", "colour", "tags", "inner", "items", "free"})
	top.Require("kind", "kind: test")
	for _, k := range top.Keys() {
		v := k.Val
		switch k.Name {
		case "kind", "text":
			v.NonEmpty("text", 10)
		case "count":
			v.Int(0, 9, "a whole number from 0 to 9")
		case "flag":
			v.Bool()
		case "colour":
			v.OneOf("red or blue", "red", "blue")
		case "tags":
			v.Texts("a list of tags")
		case "inner":
			if m, _ := v.Map("a mapping with x", []string{"x"}); m != nil {
				m.Require("x", "a text x")
			}
		case "items":
			list, _ := v.List("a list of mappings")
			for _, e := range list {
				if m, _ := e.Map("a mapping with x", []string{"x"}); m != nil {
					if x, ok := m.Get("x"); ok {
						x.Text("text")
					}
				}
			}
		case "free":
			v.Map("a mapping of anything", nil)
		}
	}
}

// Every message of the walker: the line, the field, what was found in words
// and what was expected, never the value (the values carry SECRETX).
func TestWalkerMessages(t *testing.T) {
	cases := []struct{ in, want string }{
		{"kind: k\n", ""},
		{"kind: k\ncount: 3\nflag: false\ncolour: red\ntags: [a, 1]\ninner: {x: y}\nitems: [{x: 1}]\nfree: {a: 1, b: [2]}\n", ""},
		{"text: t\n", "f.yaml:1: kind: missing; expected kind: test"},
		{"kind: k\nSECRETX: 1\n", `f.yaml:2: unknown key "SECRETX"; expected one of: kind, text, count, flag, colour, tags, inner, items, free`},
		{"kind: k\ninner:\n  y: SECRETX\n", "f.yaml:3: inner: unknown key \"y\"; expected one of: x\nf.yaml:3: inner.x: missing; expected a text x"},
		{"kind: k\ntext: a\ntext: SECRETX\n", "f.yaml:3: text: given twice (first at line 2); expected each key once"},
		{"kind: k\nfree: {a: 1, a: SECRETX}\n", "f.yaml:2: free.a: given twice (first at line 2); expected each key once"},
		{"kind: k\n[a]: SECRETX\n", "f.yaml:2: found a list as a key; expected text"},
		{"kind: k\ntext: [SECRETX]\n", "f.yaml:2: text: found a list; expected text"},
		{"kind: k\ntext: {a: SECRETX}\n", "f.yaml:2: text: found a mapping; expected text"},
		{"kind: k\ntext:\n", "f.yaml:2: text: found nothing; expected text"},
		{"kind: k\ntext: \"  \"\n", "f.yaml:2: text: found empty text; expected text"},
		{"kind: k\ntext: SECRETXSECRETX\n", "f.yaml:2: text: found text longer than 10 characters; expected text"},
		{"kind: k\ncount: SECRETX\n", "f.yaml:2: count: found text; expected a whole number from 0 to 9"},
		{"kind: k\ncount: \"5\"\n", "f.yaml:2: count: found text; expected a whole number from 0 to 9"},
		{"kind: k\ncount: 1.5\n", "f.yaml:2: count: found a number; expected a whole number from 0 to 9"},
		{"kind: k\ncount: 12345\n", "f.yaml:2: count: found a number out of range; expected a whole number from 0 to 9"},
		{"kind: k\ncount: [1]\n", "f.yaml:2: count: found a list; expected a whole number from 0 to 9"},
		{"kind: k\nflag: SECRETX\n", "f.yaml:2: flag: found another value; expected true or false"},
		{"kind: k\nflag: {a: b}\n", "f.yaml:2: flag: found a mapping; expected true or false"},
		{"kind: k\nflag:\n", "f.yaml:2: flag: found nothing; expected true or false"},
		{"kind: k\ncolour: SECRETX\n", "f.yaml:2: colour: found another value; expected red or blue"},
		{"kind: k\ncolour: true\n", "f.yaml:2: colour: found true or false; expected red or blue"},
		{"kind: k\ncolour: 7\n", "f.yaml:2: colour: found a number; expected red or blue"},
		{"kind: k\nflag: 1\n", "f.yaml:2: flag: found a number; expected true or false"},
		{"kind: k\ntags: SECRETX\n", "f.yaml:2: tags: found text; expected a list of tags"},
		{"kind: k\ntags: 5\n", "f.yaml:2: tags: found a number; expected a list of tags"},
		{"kind: k\ntags:\n  - a\n  - [SECRETX]\n", "f.yaml:4: tags[1]: found a list; expected text"},
		{"kind: k\ninner: SECRETX\n", "f.yaml:2: inner: found text; expected a mapping with x"},
		{"kind: k\nitems:\n  - x: a\n  - x: [SECRETX]\n", "f.yaml:4: items[1].x: found a list; expected text"},
		{"kind: k\nitems:\n  - SECRETX\n", "f.yaml:3: items[0]: found text; expected a mapping with x"},
		{"kind: k\nitems: {a: b}\n", "f.yaml:2: items: found a mapping; expected a list of mappings"},
		{"kind: k\nfree: SECRETX\n", "f.yaml:2: free: found text; expected a mapping of anything"},
		{"- SECRETX\n", "f.yaml:1: found a list; expected a mapping at the top"},
		{"kind: &a SECRETX\n", "f.yaml:1: YAML anchors and aliases are not allowed; write the value out"},
	}
	for _, c := range cases {
		w := NewWalker("f.yaml")
		walkDoc(w, c.in)
		got := ""
		if err := w.Err(); err != nil {
			got = err.Error()
		}
		if got != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.in, got, c.want)
		}
		if strings.Contains(strings.ReplaceAll(got, `"SECRETX"`, ""), "SECRETX") {
			t.Errorf("%q: a message repeats a value: %s", c.in, got)
		}
	}
}

// A long unknown key is shortened in the message.
func TestWalkerClipsKeys(t *testing.T) {
	w := NewWalker("f.yaml")
	walkDoc(w, "kind: k\n"+strings.Repeat("k", 100)+": 1\n")
	if err := w.Err(); err == nil || !strings.Contains(err.Error(), `"`+strings.Repeat("k", 40)+`…"`) {
		t.Errorf("%v", err)
	}
}

func TestWalkerMapHelpers(t *testing.T) {
	w := NewWalker("f.yaml")
	root, ok := w.Parse([]byte("a: 1\nb:\n  c: 2\n"), 64, "a mapping")
	if !ok {
		t.Fatal(w.Err())
	}
	m, ok := root.Map("a mapping", nil)
	if !ok || m.Len() != 2 || !m.Has("a") || m.Has("z") || m.KeyLine("b") != 2 || m.KeyLine("z") != 1 {
		t.Errorf("map helpers: %+v", m)
	}
	b, _ := m.Get("b")
	if b.Path != "b" || b.Line() != 3 || b.Child("c") != "b.c" || b.IsNull() {
		t.Errorf("value helpers: %+v", b)
	}
	var none *Map
	if _, ok := none.Get("a"); ok || none.Len() != 0 || none.Has("a") || none.KeyLine("a") != 0 {
		t.Error("nil map has a key")
	}
	if _, ok := none.Require("a", "a"); ok || w.Err() != nil {
		t.Error("nil map: Require")
	}
	if w.Err() != nil {
		t.Error(w.Err())
	}
}
