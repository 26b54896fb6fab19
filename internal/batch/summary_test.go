package batch

import (
	"math"
	"testing"
)

func TestWilson(t *testing.T) {
	cases := []struct {
		x, n   int
		lo, hi float64
	}{
		{0, 0, 0, 0},
		{0, 10, 0, 0.2775},
		{10, 10, 0.7225, 1},
		{5, 10, 0.2366, 0.7634},
		{1, 100, 0.0018, 0.0545},
		{50, 100, 0.4038, 0.5962},
		{81, 263, 0.2553, 0.3662},
	}
	for _, c := range cases {
		lo, hi := Wilson(c.x, c.n)
		if math.Abs(lo-c.lo) > 5e-5 || math.Abs(hi-c.hi) > 5e-5 {
			t.Errorf("Wilson(%d, %d) = %.4f, %.4f; want %.4f, %.4f", c.x, c.n, lo, hi, c.lo, c.hi)
		}
		if lo > hi || lo < 0 || hi > 1 {
			t.Errorf("Wilson(%d, %d) = %v, %v: not an interval in [0, 1]", c.x, c.n, lo, hi)
		}
	}
}

// table builds a one-column (no groups) level table with the given counts.
func levelTable(counts ...int) *SummaryTable {
	n := 0
	for _, c := range counts {
		n += c
	}
	t := &SummaryTable{Groups: []Group{{N: &Cell{Count: n}}}}
	t.Rows = append(t.Rows, Row{Table: "records", Cells: []*Cell{t.Groups[0].N}})
	for _, c := range counts {
		t.Rows = append(t.Rows, Row{Table: "level", Share: true, Cells: []*Cell{{Count: c}}})
	}
	return t
}

func hidden(t *SummaryTable, table string) []bool {
	var out []bool
	for _, r := range t.Rows {
		if r.Table == table {
			out = append(out, r.Cells[0].Hidden)
		}
	}
	return out
}

func TestPrimarySuppressionBoundaries(t *testing.T) {
	for _, c := range []struct {
		k, v int
		want bool
	}{
		{10, 0, false}, {10, 1, true}, {10, 9, true}, {10, 10, false},
		{5, 4, true}, {5, 5, false}, {1, 1, false}, {0, 3, false},
	} {
		// A big second cell keeps the complement large; a third keeps
		// secondary suppression away from the cell under test.
		tb := levelTable(c.v, 1000, 1000)
		tb.suppress(c.k)
		if got := tb.Rows[1].Cells[0].Hidden; got != c.want {
			t.Errorf("k=%d count=%d: hidden=%v, want %v", c.k, c.v, got, c.want)
		}
	}
}

func TestComplementSuppression(t *testing.T) {
	// 95 of 100 have it: the 5 without it would follow from the total.
	tb := levelTable(95, 5)
	tb.suppress(10)
	if h := hidden(tb, "level"); !h[0] || !h[1] {
		t.Errorf("hidden = %v; want both (the complement of 95 in 100 is 5)", h)
	}
}

func TestSecondarySuppression(t *testing.T) {
	// 25 + 5 + 10 = 40: hiding the 5 alone, the total gives it away; the
	// smallest other non-zero cell (10) is hidden as well, not the zero.
	tb := levelTable(25, 5, 10, 0)
	tb.suppress(10)
	want := []bool{false, true, true, false}
	got := hidden(tb, "level")
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("hidden = %v; want %v", got, want)
		}
	}
	// Nothing small: nothing hidden.
	tb = levelTable(25, 15, 10, 0)
	tb.suppress(10)
	for i, h := range hidden(tb, "level") {
		if h {
			t.Errorf("cell %d hidden with no small count", i)
		}
	}
}

func TestSecondarySuppressionAcrossGroups(t *testing.T) {
	// Two groups; in one row one group's count is small. The row adds up to
	// the all-records column, so another cell of the row must be hidden,
	// and then the columns it sits in need a second hidden cell too.
	mk := func(v int) *Cell { return &Cell{Count: v} }
	t1 := &SummaryTable{Groups: []Group{{N: mk(60)}, {Values: []string{"a"}, N: mk(30)}, {Values: []string{"b"}, N: mk(30)}}}
	t1.Rows = []Row{
		{Table: "records", Cells: []*Cell{t1.Groups[0].N, t1.Groups[1].N, t1.Groups[2].N}},
		{Table: "level", Share: true, Cells: []*Cell{mk(33), mk(15), mk(18)}},
		{Table: "level", Share: true, Cells: []*Cell{mk(27), mk(15), mk(12)}},
	}
	t1.Rows[1].Cells[2].Count, t1.Rows[2].Cells[2].Count = 26, 4 // b: 26 + 4 = 30
	t1.Rows[1].Cells[0].Count, t1.Rows[2].Cells[0].Count = 41, 19
	t1.suppress(10)
	for _, line := range [][]*Cell{
		{t1.Groups[0].N, t1.Rows[1].Cells[0], t1.Rows[2].Cells[0]},
		{t1.Groups[1].N, t1.Rows[1].Cells[1], t1.Rows[2].Cells[1]},
		{t1.Groups[2].N, t1.Rows[1].Cells[2], t1.Rows[2].Cells[2]},
		t1.Rows[1].Cells, t1.Rows[2].Cells, t1.Rows[0].Cells,
	} {
		n := 0
		for _, c := range line {
			if c.Hidden {
				n++
			}
		}
		if n == 1 {
			t.Errorf("a line with exactly one hidden cell gives it away: %+v", line)
		}
	}
	if !t1.Rows[2].Cells[2].Hidden {
		t.Error("the count of 4 is not hidden")
	}
}
