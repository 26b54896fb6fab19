package inert

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestString(t *testing.T) {
	cases := []struct{ in, str, line, text string }{
		{"plain text, ăîșț, 日本, عربى", "plain text, ăîșț, 日本, عربى", "plain text, ăîșț, 日本, عربى", "plain text, ăîșț, 日本, عربى"},
		{"\x1b[2J\x1b]0;title\x07", `\x1b[2J\x1b]0;title\x07`, `\x1b[2J\x1b]0;title\x07`, `\x1b[2J\x1b]0;title\x07`},
		{"a\nb\tc\rd", `a\x0ab\x09c\x0dd`, "a b c d", "a\nb\tc\\x0dd"},
		{"\u009b31m C1 CSI, \u0085 NEL", `\x9b31m C1 CSI, \x85 NEL`, `\x9b31m C1 CSI, \x85 NEL`, `\x9b31m C1 CSI, \x85 NEL`},
		{"bad \x9b byte, \xff", `bad \x9b byte, \xff`, `bad \x9b byte, \xff`, `bad \x9b byte, \xff`},
		{"safe\u202eevil\u2066\u2028\ufeff", `safe\u202eevil\u2066\u2028\ufeff`, `safe\u202eevil\u2066\u2028\ufeff`, `safe\u202eevil\u2066\u2028\ufeff`},
		{"del\x7f nul\x00", `del\x7f nul\x00`, `del\x7f nul\x00`, `del\x7f nul\x00`},
	}
	for _, c := range cases {
		if got := String(c.in); got != c.str {
			t.Errorf("String(%q) = %q; want %q", c.in, got, c.str)
		}
		if got := Line(c.in); got != c.line {
			t.Errorf("Line(%q) = %q; want %q", c.in, got, c.line)
		}
		if got := Text(c.in); got != c.text {
			t.Errorf("Text(%q) = %q; want %q", c.in, got, c.text)
		}
		for _, out := range []string{String(c.in), Line(c.in)} {
			if !Safe(out) {
				t.Errorf("output of %q is not safe: %q", c.in, out)
			}
		}
		if !Safe(strings.NewReplacer("\n", "", "\t", "").Replace(Text(c.in))) {
			t.Errorf("Text(%q) is not safe: %q", c.in, Text(c.in))
		}
	}
}

func TestJSON(t *testing.T) {
	v := map[string]string{"k\u0085": "a\u009b[31m\x7f\u202e\ufeff\x1b\u2028 ok ăî"}
	raw, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	out := JSON(raw)
	for _, r := range string(out) {
		if Unsafe(r) && r != '\n' {
			t.Errorf("unsafe %U left in %s", r, out)
		}
	}
	var back map[string]string
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatalf("not JSON any more: %v\n%s", err, out)
	}
	if back["k\u0085"] != v["k\u0085"] {
		t.Errorf("value changed: %q", back)
	}
	plain := []byte(`{"a": "b"}`)
	if got := JSON(plain); string(got) != string(plain) {
		t.Errorf("JSON changed plain input: %s", got)
	}
}

func FuzzString(f *testing.F) {
	f.Add("\x1b[31m\u009b\u202e\n\xff")
	f.Fuzz(func(t *testing.T, s string) {
		for _, out := range []string{String(s), Line(s)} {
			if !Safe(out) || !utf8.ValidString(out) {
				t.Fatalf("unsafe output %q for %q", out, s)
			}
		}
		if Safe(s) && (String(s) != s || Text(s) != s) {
			t.Fatalf("safe text changed: %q", s)
		}
	})
}

// TestWriter writes hostile text split at every byte: the output is the same
// however it was split, and safe.
func TestWriter(t *testing.T) {
	in := "ok ăî 日本\n\x1b[2J\u009b31m\u202eevil\ttab\x7f \xff end ü"
	want := "ok ăî 日本\n\\u001b[2J\\u009b31m\\u202eevil\ttab\\u007f \\xff end ü"
	for split := 0; split <= len(in); split++ {
		var b strings.Builder
		w := NewWriter(&b)
		w.Write([]byte(in[:split]))
		w.Write([]byte(in[split:]))
		w.Flush()
		if b.String() != want {
			t.Fatalf("split at %d:\n got %q\nwant %q", split, b.String(), want)
		}
	}
	var b strings.Builder
	w := NewWriter(&b)
	w.Write([]byte("cut \xe6\x97"))
	w.Flush()
	if b.String() != `cut \xe6\x97` {
		t.Errorf("an incomplete last character: %q", b.String())
	}
}

func TestWriterKeepsJSONValid(t *testing.T) {
	raw, _ := json.Marshal(map[string]string{"id": "a\u0085\u009b\u202e\x7f"})
	var b strings.Builder
	w := NewWriter(&b)
	w.Write(raw)
	var back map[string]string
	if err := json.Unmarshal([]byte(b.String()), &back); err != nil || back["id"] != "a\u0085\u009b\u202e\x7f" {
		t.Errorf("%s: %v %q", b.String(), err, back)
	}
}

func FuzzWriter(f *testing.F) {
	f.Add([]byte("\x1b[31m\u009b\u202e\n\xff"), 3)
	f.Fuzz(func(t *testing.T, data []byte, split int) {
		if split < 0 || split > len(data) {
			split = len(data) / 2
		}
		var b strings.Builder
		w := NewWriter(&b)
		w.Write(data[:split])
		w.Write(data[split:])
		w.Flush()
		out := strings.NewReplacer("\n", "", "\t", "").Replace(b.String())
		if !Safe(out) {
			t.Fatalf("unsafe output %q for %q", b.String(), data)
		}
	})
}

func BenchmarkWriter(b *testing.B) {
	line := []byte(`{"id":"r1","form":"continuum-core","form_version":"1.0.0","level":3,"level_name":"Labour exploitation","trace":["Level 3: … ăîș"]}` + "\n")
	chunk := bytes.Repeat(line, (64<<10)/len(line))
	w := NewWriter(io.Discard)
	b.SetBytes(int64(len(chunk)))
	for b.Loop() {
		w.Write(chunk)
	}
}

// Inert writes through, in order with what Write holds back, and keeps the
// first error for Flush.
func TestWriterInert(t *testing.T) {
	var b strings.Builder
	w := NewWriter(&b)
	w.Write([]byte("a \xe6\x97"))
	w.Inert().Write([]byte("\xa5 b\n"))
	w.Inert().Write([]byte("c\n"))
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if b.String() != "a 日 b\nc\n" {
		t.Errorf("got %q", b.String())
	}
	w = NewWriter(failWriter{})
	if _, err := w.Inert().Write([]byte("x")); err == nil {
		t.Fatal("no error from a failing writer")
	}
	if w.Flush() == nil {
		t.Error("Flush forgot the error of an inert write")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// A byte-order mark passes only as the very start of the output, asked for
// with BOM; written as text it is escaped like any other invisible
// character.
func TestWriterBOM(t *testing.T) {
	var b strings.Builder
	w := NewWriter(&b)
	if err := w.BOM(); err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("a\ufeffb"))
	if err := w.BOM(); err == nil {
		t.Error("a second byte-order mark was written")
	}
	if got := b.String(); got != "\ufeffa\\ufeffb" {
		t.Errorf("got %q", got)
	}
	var c strings.Builder
	w = NewWriter(&c)
	w.Write([]byte("x"))
	if err := w.BOM(); err == nil || c.String() != "x" {
		t.Errorf("a byte-order mark after the start: %v, %q", err, c.String())
	}
	var d strings.Builder
	w = NewWriter(&d)
	w.Inert().Write([]byte("y"))
	if err := w.BOM(); err == nil || d.String() != "y" {
		t.Errorf("a byte-order mark after an inert write: %v, %q", err, d.String())
	}
}
