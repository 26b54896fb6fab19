package i18n

import (
	"bytes"
	"fmt"
	"path"
	"strings"
	"testing"

	continuum "github.com/continuum-screening/continuum"
)

func catalogs(t *testing.T, en, ro string) *Bundle {
	t.Helper()
	e, err := parseCatalog("en.yaml", []byte(en))
	if err != nil {
		t.Fatal(err)
	}
	r, err := parseCatalog("ro.yaml", []byte(ro))
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewBundle([]*Catalog{e, r})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func roundTrip(t *testing.T, s Sums) Sums {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteSums(&buf, "ro.sum", "ro", s); err != nil {
		t.Fatal(err)
	}
	got, err := ParseSums("ro.sum", buf.Bytes())
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	return got
}

func TestCheckFindsMissingRemovedPlaceholders(t *testing.T) {
	b := catalogs(t, "a: \"A\"\nb: \"B {{.X}}\"\nc: \"C\"\ne: \"E\"\n", "a: \"Ar\"\nb: \"Br {{.Y}}\"\nz: \"old\"\ne: \"\"\n")
	res, err := b.Stamp("ro", nil)
	if err != nil {
		t.Fatal(err)
	}
	rep := b.Check("ro", roundTrip(t, res.Sums))
	if strings.Join(rep.Missing, ",") != "c" || strings.Join(rep.Removed, ",") != "z" || strings.Join(rep.Empty, ",") != "e" ||
		strings.Join(rep.Placeholders, ",") != "b" || len(rep.Stale)+len(rep.Unstamped) != 0 || rep.OK() {
		t.Errorf("report = %+v", rep)
	}
	if _, ok := res.Sums["z"]; ok {
		t.Errorf("stamped a message English does not have")
	}
}

// The life of one message: a changed English text makes exactly its
// translation stale; --stamp leaves it stale; a new translation or an
// explicit confirmation clears it; editing a translation needs a stamp.
func TestStalenessPerMessage(t *testing.T) {
	en1 := "a: \"A\"\nb: \"B\"\nn:\n  one: \"{{.Count}} thing\"\n  other: \"{{.Count}} things\"\n"
	ro1 := "a: \"Ar\"\nb: \"Br\"\nn:\n  one: \"{{.Count}} lucru\"\n  other: \"{{.Count}} lucruri\"\n"
	b := catalogs(t, en1, ro1)
	res, _ := b.Stamp("ro", nil)
	sums := roundTrip(t, res.Sums)
	if len(res.Stamped) != 3 || !b.Check("ro", sums).OK() {
		t.Fatalf("first stamp: %+v, check %+v", res, b.Check("ro", sums))
	}

	// English a and the plural n change.
	en2 := strings.Replace(strings.Replace(en1, "\"A\"", "\"A, reworded\"", 1), "things", "items", 1)
	b = catalogs(t, en2, ro1)
	rep := b.Check("ro", sums)
	if fmt.Sprint(rep.Stale) != "[a n]" || len(rep.Unstamped) != 0 || rep.OK() {
		t.Fatalf("after English changed: %+v", rep)
	}
	// Stamping blesses nothing: nobody touched the translations.
	res, _ = b.Stamp("ro", sums)
	sums = roundTrip(t, res.Sums)
	if len(res.Stamped) != 0 || fmt.Sprint(res.Stale) != "[a n]" || fmt.Sprint(b.Check("ro", sums).Stale) != "[a n]" {
		t.Fatalf("stamp blessed untouched translations: %+v", res)
	}

	// The translator redoes a: unstamped until stamped, then ok; n is
	// checked and left as it is, and confirmed.
	ro2 := strings.Replace(ro1, "\"Ar\"", "\"Ar, reformulat\"", 1)
	b = catalogs(t, en2, ro2)
	rep = b.Check("ro", sums)
	if fmt.Sprint(rep.Unstamped) != "[a]" || fmt.Sprint(rep.Stale) != "[n]" {
		t.Fatalf("after translating a: %+v", rep)
	}
	res, _ = b.Stamp("ro", sums)
	sums = roundTrip(t, res.Sums)
	if fmt.Sprint(res.Stamped) != "[a]" || fmt.Sprint(b.Check("ro", sums).Stale) != "[n]" {
		t.Fatalf("stamp after translating a: %+v", res)
	}
	res, err := b.Confirm("ro", sums, []string{"n"})
	if err != nil {
		t.Fatal(err)
	}
	sums = roundTrip(t, res.Sums)
	if rep := b.Check("ro", sums); !rep.OK() {
		t.Fatalf("after confirming n: %+v", rep)
	}

	// A typo fixed in b, English unchanged: not stamped until stamped.
	ro3 := strings.Replace(ro2, "\"Br\"", "\"Br.\"", 1)
	b = catalogs(t, en2, ro3)
	if rep := b.Check("ro", sums); fmt.Sprint(rep.Unstamped) != "[b]" || len(rep.Stale) != 0 {
		t.Fatalf("after editing b: %+v", rep)
	}
	if _, err := b.Confirm("ro", sums, []string{"nope"}); err == nil {
		t.Errorf("confirmed a message English does not have")
	}
}

func TestParseSumsRejects(t *testing.T) {
	for _, bad := range []string{
		"807a4f302e7b choice.yes\n",                                  // the old format, without the translation hash
		"807a4f302e7b 745eff8bce6d\n",                                // no id
		"807A4F302E7B 745eff8bce6d a\n",                              // upper case
		"807a4f302e 745eff8bce6d a\n",                                // short
		"807a4f302e7b 745eff8bce6d a b\n",                            // id with a space
		"807a4f302e7b 745eff8bce6d a\n807a4f302e7b 745eff8bce6d a\n", // twice
	} {
		if _, err := ParseSums("x.sum", []byte(bad)); err == nil || !strings.HasPrefix(err.Error(), "x.sum:") {
			t.Errorf("ParseSums(%q) = %v, want an error naming file and line", bad, err)
		}
	}
	got, err := ParseSums("x.sum", []byte("# comment\n\n807a4f302e7b 745eff8bce6d a.b\n"))
	if err != nil || got["a.b"] != (Sum{"807a4f302e7b", "745eff8bce6d"}) {
		t.Errorf("ParseSums = %v, %v", got, err)
	}
}

func FuzzParseSums(f *testing.F) {
	f.Add([]byte("# c\n807a4f302e7b 745eff8bce6d a.b\n"))
	f.Add([]byte("807a4f302e7b a\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseSums("f.sum", data)
		if err != nil {
			return
		}
		if got := roundTrip(t, s); len(got) != len(s) {
			t.Errorf("round trip lost lines: %v -> %v", s, got)
		}
	})
}

// Every shipped translation is recorded against the English it was made
// from: a stale or unstamped message fails here with the command to run.
func TestShippedTranslationsCurrent(t *testing.T) {
	b := shipped(t)
	for _, code := range b.Codes() {
		if code == Source {
			continue
		}
		sums, err := ReadSums(continuum.Data, path.Join("locales", code))
		if err != nil {
			t.Fatal(err)
		}
		if sums == nil {
			t.Errorf("%s: no locales/%s/%s; run: go run ./cmd/continuum languages --stamp %s", code, code, SumFile, code)
			continue
		}
		rep := b.Check(code, sums)
		for _, id := range rep.Stale {
			t.Errorf("%s: %s: the English text changed since it was translated; translate it again, or check it and run: go run ./cmd/continuum languages --confirm %s %s", code, id, code, id)
		}
		for _, id := range rep.Unstamped {
			t.Errorf("%s: %s: translation not recorded; run: go run ./cmd/continuum languages --stamp %s", code, id, code)
		}
	}
}

// The messages of a sum file and a catalogue have the form of every file
// the tool reads: file, line, field, what was found and what was expected.
func TestSumAndCatalogueMessages(t *testing.T) {
	if _, err := ParseSums("x.sum", []byte("807a4f302e7b 745eff8bce6d a\nSECRETX\n807a4f302e7b 745eff8bce6d a\n")); err == nil ||
		err.Error() != "x.sum:2: found a line of another shape; expected \"<English hash> <translation hash> <message id>\" with 12-digit hex hashes; regenerate the line with 'continuum languages --confirm'\n"+
			"x.sum:3: a: given twice (first at line 1); expected each message id once" {
		t.Errorf("sum file: %v", err)
	}
	cases := map[string]string{
		"a: x\na: SECRETX\n":                             "en.yaml:2: a: given twice (first at line 1); expected each key once",
		"a:\n  b: x\na.b: SECRETX\n":                     "en.yaml:3: a.b: given twice (first at line 2); expected each message id once",
		"a: [SECRETX]\n":                                 "en.yaml:1: a: found a list; expected text or a mapping of message ids",
		"a:\n  one: [SECRETX]\n  other: y\n":             "en.yaml:2: a.one: found a list; expected text",
		"meta: {direction: SECRETX}\n":                   "en.yaml:1: meta.direction: found another value; expected ltr or rtl",
		"meta: {colour: red}\n":                          `en.yaml:1: meta: unknown key "colour"; expected one of: name, native-name, direction, variety, review-status, reviewed-by, reviewed-on`,
		"meta: SECRETX\n":                                "en.yaml:1: meta: found text; expected a mapping with the keys name, native-name, direction, variety, review-status, reviewed-by, reviewed-on",
		"- SECRETX\n":                                    "en.yaml:1: found a list; expected a mapping of message ids at the top",
		"a: \"{{call .X}}\"\n":                           `en.yaml:1: a: "{{call .X}}" is not a placeholder; expected {{.Name}}`,
		"a: {b: {c: {d: {e: {f: {g: {h: {i: x}}}}}}}}\n": "en.yaml:1: a.b.c.d.e.f.g.h.i: nested more than 8 deep; expected message ids of at most 8 parts",
	}
	for in, want := range cases {
		_, err := parseCatalog("en.yaml", []byte(in))
		if err == nil || err.Error() != want {
			t.Errorf("%q:\n got %v\nwant %s", in, err, want)
		}
	}
}

// FuzzParseCatalog feeds the catalogue reader arbitrary files: it never
// panics, and every problem is an error naming the file.
func FuzzParseCatalog(f *testing.F) {
	f.Add([]byte("meta: {name: English, direction: ltr, review-status: source}\na: \"A {{.X}}\"\nn:\n  one: o\n  other: x\n"))
	f.Add([]byte("a:\n  b: x\na.b: y\n"))
	f.Add([]byte("a: &x [*x]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := parseCatalog("f.yaml", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.yaml") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for id, m := range c.Messages {
			if m.ID != id || m.File != "f.yaml" {
				t.Fatalf("message %q: %+v", id, m)
			}
		}
	})
}
