package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// The committed Markdown reference matches the commands: a change to a
// command's help that is not regenerated fails here.
func TestReferenceUpToDate(t *testing.T) {
	dir := t.TempDir()
	if err := run(dir, ""); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.md"))
	if len(files) == 0 {
		t.Fatal("no reference generated")
	}
	for _, f := range files {
		got, _ := os.ReadFile(f)
		want, err := os.ReadFile(filepath.Join("../../docs/reference", filepath.Base(f)))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("docs/reference/%s is out of date; run: go run ./cmd/gen-docs -markdown docs/reference", filepath.Base(f))
		}
	}
	committed, _ := filepath.Glob("../../docs/reference/*.md")
	if len(committed) != len(files) {
		t.Errorf("docs/reference has %d files, the commands give %d; regenerate it", len(committed), len(files))
	}
}

func TestManPagesBuild(t *testing.T) {
	dir := t.TempDir()
	if err := run("", dir); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(dir, "continuum-score.1"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(page, []byte(".TH \"CONTINUUM\" \"1\"")) {
		t.Errorf("man page header: %.200s", page)
	}
}
