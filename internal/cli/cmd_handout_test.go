package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func handoutStreams() (*Streams, *bytes.Buffer, *bytes.Buffer) {
	var out, errb bytes.Buffer
	return &Streams{In: strings.NewReader(""), Out: &out, Err: &errb, Getenv: func(string) string { return "" }}, &out, &errb
}

// Flags reach the options struct as given.
func TestHandoutFlags(t *testing.T) {
	s, _, _ := handoutStreams()
	var got *handoutOptions
	cmd := newHandoutCmd(&Globals{Streams: s}, func(o *handoutOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"--kind", "scenarios", "--format", "markdown", "--paper", "letter", "--also", "ar", "--answers", "-o", "x.md", "trawler-debt", "hotel-rooms"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Kind != "scenarios" || got.Format != "markdown" || got.Paper != "letter" || got.Also != "ar" || !got.Answers ||
		got.Output != "x.md" || strings.Join(got.Scenarios, ",") != "trawler-debt,hotel-rooms" || !got.formatSet {
		t.Errorf("options %+v", got)
	}
}

// Usage mistakes exit with code 2 before anything is printed or written.
func TestHandoutUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"handout"},
		{"handout", "--kind", "x"},
		{"handout", "--kind", "indicators", "--format", "pdf"},
		{"handout", "--kind", "indicators", "--paper", "a3"},
		{"handout", "--kind", "questionnaire", "--also", "xx"},
		{"handout", "--kind", "questionnaire", "--answers"},
		{"handout", "--kind", "scenarios", "no-such"},
	} {
		s, out, errb := handoutStreams()
		if code := Run(args, s); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d; stderr %s", args, code, ExitUsage, errb)
		}
		if out.Len() > 0 {
			t.Errorf("%v: printed %d bytes", args, out.Len())
		}
	}
}

// -o writes the file and nothing to standard output.
func TestHandoutOutputFile(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "q.md")
	s, out, errb := handoutStreams()
	if code := Run([]string{"handout", "--kind", "questionnaire", "-o", name}, s); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb)
	}
	if out.Len() > 0 {
		t.Errorf("printed %d bytes as well as writing the file", out.Len())
	}
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("# Screening questionnaire")) {
		t.Errorf("a .md file should get Markdown; starts %q", data[:min(len(data), 80)])
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("%d files in the directory; want only the one asked for", len(entries))
	}
}
