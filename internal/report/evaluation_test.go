package report

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"slices"
	"strconv"
	"testing"

	"github.com/continuum-screening/continuum/internal/batch"
	"github.com/continuum-screening/continuum/internal/evaluate"
	"github.com/continuum-screening/continuum/internal/scoring"
)

// boundaryReport evaluates records built so that, at --min-cell 5, the
// table of levels has a count exactly at the threshold (level 4: 5
// records, all positive) and one just below it (level 0: 4 positive):
//
//	level:    0  1  2  3  4  5
//	positive: 4  0  0  0  5 10
//	negative: 20 10 0  0  0  5
func boundaryReport(t *testing.T, k int) *evaluate.Report {
	t.Helper()
	pos := [evaluate.Levels]int{4, 0, 0, 0, 5, 10}
	neg := [evaluate.Levels]int{20, 10, 0, 0, 0, 5}
	e := evaluate.New(nil)
	key := uint64(7)
	for l := range evaluate.Levels {
		for _, x := range []struct {
			n int
			o evaluate.Outcome
		}{{pos[l], evaluate.Positive}, {neg[l], evaluate.Negative}} {
			for range x.n {
				key = key*6364136223846793005 + 1442695040888963407
				if err := e.Add(scoring.Level(l), scoring.Level(l), x.o, key, nil); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	return e.Report(evaluate.Options{MinCell: k, Threshold: 4})
}

// evaluationCSV renders a report as evaluate --format csv does and reads it
// back, keyed by basis, table, row and reference.
func evaluationCSV(t *testing.T, r *evaluate.Report) (head []string, rows map[string][]string) {
	t.Helper()
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	if err := (&evalDoc{r: r}).csv(w); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	rows = map[string][]string{}
	for _, rec := range recs[1:] {
		rows[rec[0]+"|"+rec[1]+"|"+rec[2]+"|"+rec[3]] = rec
	}
	return recs[0], rows
}

// A count in the evaluation CSV is a number with its flag 0 when shown, and
// an empty cell with its flag 1 when hidden, never "x": a cell exactly at
// --min-cell is shown, one below it is hidden, and every count cell of the
// file agrees with the report's disclosure control.
func TestEvaluationCSVCountCells(t *testing.T) {
	const k = 5
	r := boundaryReport(t, k)
	head, rows := evaluationCSV(t, r)
	col := func(name string) int {
		i := slices.Index(head, name)
		if i < 0 {
			t.Fatalf("no column %s in %v", name, head)
		}
		return i
	}
	n, sup, of, ofSup := col("n"), col("suppressed"), col("of"), col("of_suppressed")
	if sup != n+1 || ofSup != of+1 {
		t.Fatalf("header %v: expected each flag right after its count", head)
	}
	check := func(key string, vi, fi int, c *batch.Cell) {
		t.Helper()
		rec, ok := rows[key]
		if !ok {
			t.Fatalf("no row %s", key)
		}
		switch {
		case c.Hidden && (rec[vi] != "" || rec[fi] != "1"):
			t.Errorf("%s: hidden count written %q, flag %q; want empty, 1", key, rec[vi], rec[fi])
		case !c.Hidden && (rec[vi] != strconv.Itoa(c.Count) || rec[fi] != "0"):
			t.Errorf("%s: count %d written %q, flag %q; want %d, 0", key, c.Count, rec[vi], rec[fi], c.Count)
		}
	}
	b := r.Groups[0].Floor
	var atK, belowK bool
	for _, bd := range b.Bands {
		for i, ref := range []string{"all", "positive", "negative"} {
			c := bd.Cells[i]
			check("floor|level|"+bandName(bd)+"|"+ref, n, sup, c)
			if c.True() == k && !c.Hidden {
				atK = true
			}
			if c.True() == k-1 {
				if !c.Hidden {
					t.Errorf("level %s %s: %d records shown at --min-cell %d", bandName(bd), ref, c.True(), k)
				}
				belowK = true
			}
		}
	}
	if !atK || !belowK {
		t.Fatalf("the test file has no shown cell of exactly %d (%v) or no cell of %d (%v)", k, atK, k-1, belowK)
	}
	for i, ref := range []string{"all", "positive", "negative"} {
		check("floor|records|records|"+ref, n, sup, b.Total[i])
	}
	for _, fg := range []struct {
		id string
		p  evaluate.Proportion
	}{{"sensitivity", b.Sensitivity}, {"specificity", b.Specificity}, {"ppv", b.PPV}, {"npv", b.NPV}} {
		check("floor|figure|"+fg.id+"|", n, sup, fg.p.Num)
		check("floor|figure|"+fg.id+"|", of, ofSup, fg.p.Den)
	}
	// Rows without a count (the AUC) leave both empty, flags 0.
	if rec := rows["floor|auc|auc|"]; rec[n] != "" || rec[sup] != "0" || rec[of] != "" || rec[ofSup] != "0" {
		t.Errorf("auc row %v: want no counts and flags 0", rec)
	}
	// Every numeric column parses as a number or is empty.
	for key, rec := range rows {
		for _, name := range []string{"n", "of", "percent", "ci95_low", "ci95_high", "value"} {
			if v := rec[col(name)]; v != "" {
				if _, err := strconv.ParseFloat(v, 64); err != nil {
					t.Errorf("%s: %s is %q, not a number", key, name, v)
				}
			}
		}
		for _, name := range []string{"suppressed", "of_suppressed"} {
			if v := rec[col(name)]; v != "0" && v != "1" {
				t.Errorf("%s: %s is %q, want 0 or 1", key, name, v)
			}
		}
	}
}

// With disclosure control off, no count is hidden: every flag is 0.
func TestEvaluationCSVNoControl(t *testing.T) {
	head, rows := evaluationCSV(t, boundaryReport(t, 1))
	sup, ofSup := slices.Index(head, "suppressed"), slices.Index(head, "of_suppressed")
	for key, rec := range rows {
		if rec[sup] != "0" || rec[ofSup] != "0" {
			t.Errorf("%s: flags %s %s with --min-cell 1", key, rec[sup], rec[ofSup])
		}
	}
	if rec := rows["floor|level|0 decent-work|positive"]; rec[slices.Index(head, "n")] != "4" {
		t.Errorf("level 0 positive = %q with --min-cell 1, want the exact 4", rec[slices.Index(head, "n")])
	}
}
