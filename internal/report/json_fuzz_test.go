package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/continuum-screening/continuum/internal/batch"
	"github.com/continuum-screening/continuum/internal/batch/synth"
	"github.com/continuum-screening/continuum/internal/inert"
	"github.com/continuum-screening/continuum/internal/testdefs"
)

// The JSON sink writes past the scan of inert.Writer (Format.inert): that is
// sound only if inert.Writer would leave every byte it writes as it is. Any
// text, in any language, goes through appendString as a valid JSON string
// that inert.Writer does not change and that reads back as the text (each
// byte that is not UTF-8 as U+FFFD).
func FuzzAppendStringInert(f *testing.F) {
	for _, s := range []string{"", "r1", "a\x1b[2J\"\\\u2028\xff", "\u202eevil\u2066\ufeff\u0085\x7f", "日本 ăî\t\n\r", "\xe6\x97"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		line := appendString(nil, s)
		var back string
		if err := json.Unmarshal(line, &back); err != nil {
			t.Fatalf("%q: invalid JSON %s: %v", s, line, err)
		}
		if want := string([]rune(s)); back != want {
			t.Fatalf("%q reads back as %q, expected %q", s, back, want)
		}
		var out bytes.Buffer
		w := inert.NewWriter(&out)
		w.Write(line)
		w.Flush()
		if !bytes.Equal(out.Bytes(), line) {
			t.Fatalf("%q: inert.Writer changes %s to %s", s, line, out.Bytes())
		}
	})
}

// Through the inert shortcut the JSON sink writes what the full scan would
// have written, for records with hostile ids, in every language.
func TestJSONSinkInertShortcut(t *testing.T) {
	f, s, _ := setup(t)
	b, err := testdefs.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{"r1", "a\x1b[2J\"\\\u2028\xff", "\u202eevil\u2066\ufeff\u0085\x7f", "x\xe6\x97"}
	for _, code := range b.Codes() {
		loc := b.Localizer(code)
		g := synth.New(f, 5)
		var direct, scanned strings.Builder
		dw, sw := inert.NewWriter(&direct), inert.NewWriter(&scanned)
		ds, err := NewSink("json", false, dw, SinkConfig{Scorer: s, Loc: loc})
		if err != nil {
			t.Fatal(err)
		}
		ss := newJSONSink(bufio.NewWriter(sw), SinkConfig{Scorer: s, Loc: loc})
		for i := range 200 {
			rec := &batch.Record{ID: ids[i%len(ids)]}
			r := s.Score(g.Answers())
			if err := ds.Add(rec, r); err != nil {
				t.Fatal(err)
			}
			if err := ss.Add(rec, r); err != nil {
				t.Fatal(err)
			}
		}
		if err := ds.End(); err != nil {
			t.Fatal(err)
		}
		if err := ss.End(); err != nil {
			t.Fatal(err)
		}
		dw.Flush()
		sw.Flush()
		if direct.String() != scanned.String() {
			t.Fatalf("%s: the shortcut writes other bytes than the scan", code)
		}
	}
}
