package report

import (
	"bufio"
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/continuum-screening/continuum/internal/batch"
	"github.com/continuum-screening/continuum/internal/batch/synth"
	"github.com/continuum-screening/continuum/internal/testdefs"
)

// The human-readable summary and evaluation are written in every shipped
// language: no English heading, column title or note is left in them (the
// catalogue has each message), and the tables stay aligned by display
// width whatever the script of the titles (Cyrillic, Arabic, Vietnamese).
// The CSV is the same in every language.
func TestReportsInEveryLanguage(t *testing.T) {
	f, s, _ := setup(t)
	b, err := testdefs.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	if err := b.LoadAll(); err != nil {
		t.Fatal(err)
	}
	english := []string{"Summary:", "scoring model", "Counts from", "Table  ", "95% CI"}
	var csvEN string
	for _, code := range b.Codes() {
		loc := b.Localizer(code)
		t.Run(code, func(t *testing.T) {
			out := map[string]string{}
			for _, format := range []string{"table", "markdown", "csv"} {
				g := synth.New(f, 11)
				var buf bytes.Buffer
				sink, err := NewSink(format, true, &buf, SinkConfig{Scorer: s, Loc: loc, By: []string{"sector"}, MinCell: 10})
				if err != nil {
					t.Fatal(err)
				}
				for i := range 120 {
					rec := &batch.Record{ID: synth.ID(i + 1), Groups: batch.GroupMap{"sector": []string{"farm", "care"}[i%2]}}
					if err := sink.Add(rec, s.Score(g.Answers())); err != nil {
						t.Fatal(err)
					}
				}
				if err := sink.End(); err != nil {
					t.Fatal(err)
				}
				out[format] = buf.String()
			}
			if m := loc.Missing(); len(m) > 0 {
				t.Errorf("messages fall back to English: %v", m)
			}
			if code != "en" {
				for _, format := range []string{"table", "markdown"} {
					for _, e := range english {
						if strings.Contains(out[format], e) {
							t.Errorf("%s summary holds the English %q:\n%s", format, e, out[format])
						}
					}
				}
			}
			if code == "en" {
				csvEN = out["csv"]
			} else if csvEN != "" && out["csv"] != csvEN {
				t.Errorf("the summary CSV differs from the English one")
			}
			// The table: header and rows end their number columns at the
			// same display cell.
			lines := strings.Split(out["table"], "\n")
			head := fieldEnds(lines[1])
			if len(head) != 7 {
				t.Fatalf("header %q: %d columns, want 7", lines[1], len(head))
			}
			rows := 0
			for _, l := range lines[2:] {
				if !strings.HasPrefix(l, "level ") && !strings.HasPrefix(l, "records ") {
					continue
				}
				rows++
				e := fieldEnds(l)
				if e[3] != head[3] || len(e) == 7 && !slices.Equal(e[3:], head[3:]) {
					t.Errorf("line %q: cells end at %v, the header's at %v", l, e, head)
				}
			}
			if rows < 10 {
				t.Fatalf("%d table rows:\n%s", rows, out["table"])
			}
		})
	}
}

// The evaluation's table of figures lines up under its translated column
// titles in every language.
func TestEvaluationTableInEveryLanguage(t *testing.T) {
	_, s, _ := setup(t)
	b, err := testdefs.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	if err := b.LoadAll(); err != nil {
		t.Fatal(err)
	}
	r := boundaryReport(t, 1)
	for _, code := range b.Codes() {
		loc := b.Localizer(code)
		t.Run(code, func(t *testing.T) {
			var buf bytes.Buffer
			w := bufio.NewWriter(&buf)
			d := &evalDoc{r: r, c: EvaluationConfig{Reference: "outcome"}, loc: loc, form: s.Form().ID, version: s.Form().Version, model: s.Model().Version()}
			if err := d.text(w, false); err != nil {
				t.Fatal(err)
			}
			w.Flush()
			if m := loc.Missing(); len(m) > 0 {
				t.Errorf("messages fall back to English: %v", m)
			}
			lines := strings.Split(buf.String(), "\n")
			title := Cell(loc.T("evaluate.out.col.figure"))
			i := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, title+" ") })
			if i < 0 || i+4 >= len(lines) {
				t.Fatalf("no table of figures:\n%s", buf.String())
			}
			head := fieldEnds(lines[i])
			for _, l := range lines[i+1 : i+5] {
				if e := fieldEnds(l); !slices.Equal(e[len(e)-4:], head[len(head)-4:]) {
					t.Errorf("line %q: cells end at %v, the header %q at %v", l, e, lines[i], head)
				}
			}
			// Every heading is underlined to its display width.
			for j := 1; j < len(lines); j++ {
				if u := lines[j]; u != "" && strings.Trim(u, "=-~") == "" && Width(u) != Width(lines[j-1]) {
					t.Errorf("heading %q (%d cells) underlined with %d", lines[j-1], Width(lines[j-1]), Width(u))
				}
			}
		})
	}
}

// A grouping column's title starts with a capital in any script, and
// never splits a letter.
func TestTitles(t *testing.T) {
	got := titles([]string{"sector", "сектор", "ngành", "قطاع"})
	want := []string{"Sector", "Сектор", "Ngành", "قطاع"}
	if !slices.Equal(got, want) {
		t.Errorf("titles = %q, want %q", got, want)
	}
}
