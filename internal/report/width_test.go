package report

import (
	"bufio"
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/continuum-screening/continuum/internal/batch"
	"github.com/continuum-screening/continuum/internal/batch/synth"
)

func TestWidth(t *testing.T) {
	cases := []struct {
		s    string
		want int
	}{
		{"", 0},
		{"sector", 6},
		{"农业", 4},               // zh: wide
		{"建設業", 6},              // ja: wide
		{"Vi\u1ec7t", 4},        // vi precomposed
		{"Vie\u0323\u0302t", 4}, // vi decomposed: combining marks take no cell
		{"زراعة", 5},            // ar
		{"\u200eزراعة\u200e", 5},
	}
	for _, c := range cases {
		if got := Width(c.s); got != c.want {
			t.Errorf("Width(%q) = %d, want %d", c.s, got, c.want)
		}
	}
}

func TestCellKeepsRightToLeftInItsColumn(t *testing.T) {
	for _, s := range []string{"زراعة", "בנייה", "x زراعة"} {
		if got := Cell(s); got != "\u200e"+s+"\u200e" {
			t.Errorf("Cell(%q) = %q, want it between left-to-right marks", s, got)
		}
	}
	for _, s := range []string{"", "sector", "农业", "Vie\u0323\u0302t", "Українська"} {
		if got := Cell(s); got != s {
			t.Errorf("Cell(%q) = %q, want it unchanged", s, got)
		}
	}
}

// fieldEnds gives the display width from the start of the line to the end of
// each cell (cells never hold two spaces in a row).
var cellRe = regexp.MustCompile(`\S+( \S+)*`)

func fieldEnds(line string) []int {
	var out []int
	for _, m := range cellRe.FindAllStringIndex(line, -1) {
		out = append(out, Width(line[:m[1]]))
	}
	return out
}

func TestAlignByDisplayWidth(t *testing.T) {
	rows := [][]string{
		{"Group", "n", "Note"},
		{"农业", "12", "zh"},
		{"建設業", "7", "ja"},
		{"Vie\u0323\u0302t Nam", "130", "vi"},
		{"Vi\u1ec7t Nam", "5", "vi"},
		{"زراعة", "44", "ar"},
	}
	lines := Align(rows, func(i int) bool { return i == 1 })
	want := fieldEnds(lines[0])
	for _, l := range lines {
		got := fieldEnds(l)
		// Column 0 is aligned left: its start is fixed; the number column
		// ends at the same cell, and so does the last column start.
		if len(got) != 3 || got[1] != want[1] || Width(l)-Width(lastCell(l)) != Width(lines[0])-Width("Note") {
			t.Errorf("line %q: cell ends %v, want number column ending at %d", l, got, want[1])
		}
	}
}

func lastCell(l string) string {
	m := cellRe.FindAllString(l, -1)
	return m[len(m)-1]
}

// Summaries in a terminal and in Markdown line up by display width, with
// group values in Chinese, Japanese, Vietnamese (typed composed and
// decomposed: one group) and Arabic.
func TestSummaryAlignedByDisplayWidth(t *testing.T) {
	f, s, loc := setup(t)
	g := synth.New(f, 7)
	values := []string{"农业", "建設業", "c\u00e0 ph\u00ea", "ca\u0300 phe\u0302", "زراعة"}
	for _, format := range []string{"table", "markdown"} {
		t.Run(format, func(t *testing.T) {
			var out bytes.Buffer
			sink, err := NewSink(format, true, &out, SinkConfig{Scorer: s, Loc: loc, By: []string{"sector"}, MinCell: 10})
			if err != nil {
				t.Fatal(err)
			}
			for i := range 100 {
				rec := &batch.Record{ID: synth.ID(i + 1), Groups: batch.GroupMap{"sector": values[i%len(values)]}}
				if err := sink.Add(rec, s.Score(g.Answers())); err != nil {
					t.Fatal(err)
				}
			}
			if err := sink.End(); err != nil {
				t.Fatal(err)
			}
			text := out.String()
			if strings.Contains(text, "ca\u0300 phe\u0302") || !strings.Contains(text, "c\u00e0 ph\u00ea") {
				t.Errorf("the decomposed group is not merged into the composed one:\n%s", text)
			}
			var table []string
			sc := bufio.NewScanner(strings.NewReader(text))
			for sc.Scan() {
				l := sc.Text()
				if format == "markdown" && strings.HasPrefix(l, "|") || format == "table" && strings.HasPrefix(l, "records ") {
					table = append(table, l)
				}
			}
			if len(table) < 5 {
				t.Fatalf("%d table lines:\n%s", len(table), text)
			}
			for _, l := range table {
				if format == "markdown" {
					if Width(l) != Width(table[0]) {
						t.Errorf("Markdown line %q is %d cells wide, the header %d", l, Width(l), Width(table[0]))
					}
					continue
				}
				// records, records, group, n: n ends at the same cell.
				if e, e0 := fieldEnds(l), fieldEnds(table[0]); len(e) < 4 || e[3] != e0[3] {
					t.Errorf("line %q: cell ends %v, want n ending where %q has it", l, e, table[0])
				}
			}
		})
	}
}

// The score table pads by display width: a wide or right-to-left id keeps
// the level under its heading.
func TestScoreTableByDisplayWidth(t *testing.T) {
	f, s, loc := setup(t)
	g := synth.New(f, 3)
	var out bytes.Buffer
	sink, err := NewSink("table", false, &out, SinkConfig{Scorer: s, Loc: loc})
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{"r1", "记录-1", "レコード-2", "ba\u0301n-3", "سجل-4"}
	for _, id := range ids {
		if err := sink.Add(&batch.Record{ID: id}, s.Score(g.Answers())); err != nil {
			t.Fatal(err)
		}
	}
	if err := sink.End(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 6 {
		t.Fatalf("%d lines:\n%s", len(lines), out.String())
	}
	for i, id := range ids {
		l := lines[i+1]
		head, ok := strings.CutPrefix(l, Cell(id))
		pad := len(head) - len(strings.TrimLeft(head, " "))
		if !ok || Width(id)+pad != 15 {
			t.Errorf("line %q: the level does not start at cell 16", l)
		}
	}
}
