package i18n

import (
	"bytes"
	"strings"
	"testing"
)

func TestCheckFindsMissingStaleChanged(t *testing.T) {
	en, _ := parseCatalog("en.yaml", []byte("a: \"A\"\nb: \"B {{.X}}\"\nc: \"C\"\n"))
	ro, _ := parseCatalog("ro.yaml", []byte("a: \"Ar\"\nb: \"Br {{.Y}}\"\nz: \"old\"\n"))
	b, err := NewBundle([]*Catalog{en, ro})
	if err != nil {
		t.Fatal(err)
	}
	var sum bytes.Buffer
	if err := b.Stamp("ro", &sum); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sum.String(), SourceHash(en.Messages["a"])+" a\n") {
		t.Errorf("stamp = %q", sum.String())
	}
	// English a changes after the stamp.
	en2, _ := parseCatalog("en.yaml", []byte("a: \"A, reworded\"\nb: \"B {{.X}}\"\nc: \"C\"\n"))
	b2, _ := NewBundle([]*Catalog{en2, ro})
	rep := b2.Check("ro", ParseSums(sum.Bytes()))
	if strings.Join(rep.Missing, ",") != "c" || strings.Join(rep.Stale, ",") != "z" ||
		strings.Join(rep.Placeholders, ",") != "b" || strings.Join(rep.Changed, ",") != "a" || rep.OK() {
		t.Errorf("report = %+v", rep)
	}
}
