package defs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A locales folder on disk: its sum files are written whole and read back;
// a missing one is none yet, an empty one is refused.
func TestLocalesSums(t *testing.T) {
	dir := t.TempDir()
	for code, text := range map[string]string{"en": "meta: {name: English}\na: A\n", "ro": "meta: {name: Romanian}\na: Ra\n"} {
		os.MkdirAll(filepath.Join(dir, code), 0o700)
		os.WriteFile(filepath.Join(dir, code, "m.yaml"), []byte(text), 0o600)
	}
	l, err := OpenLocales(dir)
	if err != nil {
		t.Fatal(err)
	}
	if s, err := l.Sums("ro"); s != nil || err != nil {
		t.Errorf("no sum file yet: %v %v", s, err)
	}
	res, err := l.Bundle.Stamp("ro", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.WriteSums("ro", res.Sums); err != nil {
		t.Fatal(err)
	}
	got, err := l.Sums("ro")
	if err != nil || len(got) != 1 || got["a"] != res.Sums["a"] {
		t.Errorf("read back %v %v; want %v", got, err, res.Sums)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "ro"))
	if len(entries) != 2 {
		t.Errorf("files left in the folder: %v", entries)
	}
	os.WriteFile(l.SumPath("ro"), nil, 0o600)
	if _, err := l.Sums("ro"); err == nil || !strings.Contains(err.Error(), "empty file") {
		t.Errorf("empty sum file: %v", err)
	}
	if s, err := ShippedLocales(nil).Sums("ro"); err != nil || len(s) == 0 {
		t.Errorf("shipped sums: %d, %v", len(s), err)
	}
}

// A directory file that cannot be opened is named with where its name came
// from and what was expected.
func TestOpenDirectoryMissing(t *testing.T) {
	set, err := Shipped()
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(t.TempDir(), "nope.yaml")
	_, err = OpenDirectory(set.Rules, name, "CONTINUUM_DIRECTORY")
	want := name + ": no such file (the directory of local services, from CONTINUUM_DIRECTORY); expected a referral-directory file, see 'continuum referrals validate --help'"
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}
