package batch

import (
	"bytes"
	"maps"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/continuum-screening/continuum/internal/batch/synth"
)

// fastAgrees checks the fast path against the full decoder on one line:
// whatever the fast path accepts, the full decoder accepts with the same
// id, form, version, groups and answers.
func fastAgrees(t *testing.T, o *Options, line []byte) (accepted bool) {
	t.Helper()
	fast := &Record{File: "f", Line: 1}
	if !o.fastDecoder().decode(fast, line, make([]string, len(o.Form.Questions))) {
		return false
	}
	full, err := decodeRecord(nil, "f", 1, line)
	if err != nil {
		t.Fatalf("fast path accepts what the full decoder rejects (%v):\n%s", err, line)
	}
	a1, err1 := o.Check(fast)
	a2, err2 := o.Check(full)
	if (err1 == nil) != (err2 == nil) || (err1 != nil && err1.Error() != err2.Error()) {
		t.Fatalf("checks differ: %v / %v\n%s", err1, err2, line)
	}
	if fast.ID != full.ID || fast.Form != full.Form || fast.Version != full.Version ||
		!maps.Equal(fast.Groups, full.Groups) || !slices.Equal(a1, a2) {
		t.Fatalf("records differ:\nfast %+v %q\nfull %+v %q\n%s", fast, a1, full, a2, line)
	}
	return true
}

// The synthetic records all take the fast path, and small changes to them
// either keep the same reading or leave the line to the full decoder.
func TestFastJSONAgrees(t *testing.T) {
	form := fuzzForm(t)
	o := &Options{Form: form}
	data, err := synth.Bytes(form, 5, "jsonl", 200)
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimSpace(data), []byte("\n"))
	for _, l := range lines {
		if !fastAgrees(t, o, l) {
			t.Fatalf("a plain record misses the fast path:\n%s", l)
		}
	}
	edits := [][2]string{
		{`"answers"`, `"Answers"`}, {`"id"`, `"ID"`}, {`"no"`, `"No"`}, {`"yes"`, `"yes\u0020"`},
		{`{"id"`, `{"answers":{},"id"`}, {`"danger"`, `"dang\u0065r"`}, {`}}`, `},"groups":{"sector":"a","sector":"b"}}`},
		{`}}`, `},"groups":{"sector":"a"}}`}, {`}}`, `},"groups":{"Sector":"a"}}`}, {`"form"`, `"form" `},
		{`,"`, ` , "`}, {`}}`, `}} {}`}, {`"r0`, `"\"r0`}, {`"` + form.Version + `"`, `"2"`}, {`"` + form.Version + `"`, `null`},
		{`"dont-know"`, `"dont-know","danger":"no"`}, {`}}`, `,}}`}, {`"id":"r`, `"id":"` + "\t" + `r`},
		{`}}`, `},"reference":{"nrm":"positive"}}`}, {`}}`, `},"reference":{"nrm":"a","nrm":"b"}}`}, {`}}`, `},"reference":["x"]}`},
	}
	n := 0
	for _, e := range edits {
		for _, l := range lines[:20] {
			if fastAgrees(t, o, bytes.Replace(l, []byte(e[0]), []byte(e[1]), 1)) {
				n++
			}
		}
	}
	t.Logf("%d edited lines took the fast path", n)
}

// FuzzFastJSON: on any line, the fast path agrees with the full decoder.
func FuzzFastJSON(f *testing.F) {
	form := fuzzForm(f)
	data, err := synth.Bytes(form, 5, "jsonl", 20)
	if err != nil {
		f.Fatal(err)
	}
	for _, l := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
		f.Add(l)
	}
	addSeedDir(f, "../../testdata/bad/answers", ".jsonl")
	f.Fuzz(func(t *testing.T, line []byte) {
		if !utf8.Valid(line) {
			return
		}
		fastAgrees(t, &Options{Form: form}, line)
	})
}
