package report

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"strconv"
	"testing"

	"github.com/continuum-screening/continuum/internal/batch"
	"github.com/continuum-screening/continuum/internal/batch/synth"
)

// A count in the summary CSV is a number with its flag 0 when shown and an
// empty cell with its flag 1 when hidden, for n and for of, at the
// boundary: 40 synthetic records in two sectors have, at --min-cell 5, a
// cell of exactly 5 that is shown and a cell of 4 that is hidden; 4 records
// alone are below 5, so that every count, their total (of) too, is hidden.
// Every cell of the file agrees with the table's disclosure control.
func TestSummaryCSVCountCells(t *testing.T) {
	const k = 5
	t.Run("boundary", func(t *testing.T) {
		atK, belowK, _ := checkSummaryCSV(t, k, 40, []string{"sector"})
		if !atK || !belowK {
			t.Fatalf("the test file has no shown cell of exactly %d (%v) or no cell of %d (%v)", k, atK, k-1, belowK)
		}
	})
	t.Run("too few records", func(t *testing.T) {
		if _, _, ofHidden := checkSummaryCSV(t, k, k-1, nil); !ofHidden {
			t.Fatalf("%d records at --min-cell %d: the total is shown", k-1, k)
		}
	})
}

// checkSummaryCSV writes the summary of n synthetic records as CSV and
// compares each count cell with the table: it says whether a cell of
// exactly k is shown, one of k-1 was met, and a group's total is hidden.
func checkSummaryCSV(t *testing.T, k, n int, by []string) (atK, belowK, ofHidden bool) {
	t.Helper()
	f, s, _ := setup(t)
	sum := batch.NewSummary(f, by)
	g := synth.New(f, 1)
	for i := range n {
		groups := map[string]string{}
		if len(by) > 0 {
			groups["sector"] = []string{"farm", "care"}[i%2]
		}
		if err := sum.Add(s.Score(g.Answers()), synth.ID(i+1), groups); err != nil {
			t.Fatal(err)
		}
	}
	tab := sum.Table(k)
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	if err := writeSummaryCSV(w, tab, nil); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := recs[0]
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	recs = recs[1:]
	i := 0
	for gi, grp := range tab.Groups {
		for _, r := range tab.Rows {
			if i >= len(recs) {
				t.Fatalf("%d rows, fewer than the table's", len(recs))
			}
			rec := recs[i]
			i++
			c := r.Cells[gi]
			where := rec[col["table"]] + " " + rec[col["row"]] + " " + rec[col["level"]]
			if len(by) > 0 {
				where += " " + rec[col["sector"]]
			}
			check := func(name, flag string, c *batch.Cell) {
				t.Helper()
				switch {
				case c.Hidden && (rec[col[name]] != "" || rec[col[flag]] != "1"):
					t.Errorf("%s: hidden %s written %q, %s %q; want empty, 1", where, name, rec[col[name]], flag, rec[col[flag]])
				case !c.Hidden && (rec[col[name]] != strconv.Itoa(c.Count) || rec[col[flag]] != "0"):
					t.Errorf("%s: %s %d written %q, %s %q; want %d, 0", where, name, c.Count, rec[col[name]], flag, rec[col[flag]], c.Count)
				}
			}
			check("n", "suppressed", c)
			if r.Share {
				check("of", "of_suppressed", grp.N)
				ofHidden = ofHidden || grp.N.Hidden
			} else if rec[col["of"]] != "" || rec[col["of_suppressed"]] != "0" {
				t.Errorf("%s: of %q, of_suppressed %q in the records row; want empty, 0", where, rec[col["of"]], rec[col["of_suppressed"]])
			}
			if c.True() == k && !c.Hidden {
				atK = true
			}
			if c.True() == k-1 {
				if !c.Hidden {
					t.Errorf("%s: %d records shown at --min-cell %d", where, c.True(), k)
				}
				belowK = true
			}
		}
	}
	if i != len(recs) {
		t.Errorf("%d rows, the table has %d", len(recs), i)
	}
	return atK, belowK, ofHidden
}
