package batch

import (
	"fmt"
	"math"
	"math/rand"
	"testing"

	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/scoring"
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

// answersAll answers every question the skip logic opens with choice.
func answersAll(form *q.Form, choice string) []string {
	a := make([]string, len(form.Questions))
	for i, qq := range form.Questions {
		if qq.ShowIf != nil && !qq.ShowIf.Opens(a[qq.ShowIf.Gate.Index]) {
			continue
		}
		a[i] = choice
	}
	return a
}

type rec struct {
	id     string
	res    *scoring.Result
	groups map[string]string
}

func summarise(t *testing.T, form *q.Form, by []string, recs []rec, k int) *SummaryTable {
	t.Helper()
	s := NewSummary(form, by)
	for _, r := range recs {
		if err := s.Add(r.res, r.id, r.groups); err != nil {
			t.Fatal(err)
		}
	}
	return s.Table(k)
}

// column finds the group with the given values, or -1.
func column(t *SummaryTable, vals ...string) int {
	for g, grp := range t.Groups {
		if fmt.Sprint(grp.Values) == fmt.Sprint(vals) {
			return g
		}
	}
	return -1
}

// An attacker who reads one summary and knows that sector b has one worker
// tries to work out that worker's level and indicators: from b's own
// column (its zeros, and its level table adding up to its records) and from
// all records minus every other group shown.
func TestLoneWorkerCannotBeSingledOut(t *testing.T) {
	form := shipped(t)
	sc := scoring.New(form)
	var recs []rec
	for i := range 30 {
		recs = append(recs, rec{fmt.Sprintf("a%02d", i), sc.Score(answersAll(form, q.No)), map[string]string{"sector": "a"}})
	}
	lone := sc.Score(answersAll(form, q.Yes))
	recs = append(recs, rec{"b00", lone, map[string]string{"sector": "b"}})
	if lone.Level < 3 || len(lone.Indicators) == 0 {
		t.Fatalf("the lone worker scores level %d with %d indicators; the test needs a high level", lone.Level, len(lone.Indicators))
	}
	tb := summarise(t, form, []string{"sector"}, recs, DefaultMinCell)

	// The attacker knows the true value of every cell shown and how the
	// tables add up.
	iv := propagate(tb, func(c *Cell) int { return c.Count })
	if b := column(tb, "b"); b >= 0 {
		for _, r := range tb.Rows {
			in := iv[r.Cells[b]]
			switch {
			case r.Table == "level" && levelOf(r.ID) == int(lone.Level) && in[0] >= 1:
				t.Errorf("the lone worker's level %d follows from the table", lone.Level)
			case r.Table == "ilo_indicator" && (in[0] >= 1 || in[1] == 0):
				t.Errorf("whether the lone worker has indicator %s follows from the table", r.ID)
			}
		}
	}
	if !tb.Withheld || len(tb.Groups) != 1 {
		t.Errorf("groups of 30 and 1 records: breakdown shown with %d columns; want it withheld", len(tb.Groups))
	}
}

func levelOf(id string) int {
	var l int
	fmt.Sscanf(id, "%d", &l)
	return l
}

// Two runs on the same file, --by sector and --by sector,period: a reader
// takes the shown (sector, period) groups away from the sector's column and
// gets the records of the hidden groups exactly.
func TestDifferencingTwoRunsGivesNoExactCount(t *testing.T) {
	form := shipped(t)
	sc := scoring.New(form)
	g := newSynth(form)
	var recs []rec
	add := func(n int, sector, period string) {
		for range n {
			recs = append(recs, rec{fmt.Sprintf("r%04d", len(recs)), sc.Score(g()), map[string]string{"sector": sector, "period": period}})
		}
	}
	add(40, "a", "p1")
	add(6, "a", "p2") // hidden in the second run: too few
	add(35, "b", "p1")
	add(30, "b", "p2")
	one := summarise(t, form, []string{"sector"}, recs, DefaultMinCell)
	two := summarise(t, form, []string{"sector", "period"}, recs, DefaultMinCell)

	for _, sector := range []string{"a", "b"} {
		sc := column(one, sector)
		if sc < 0 {
			continue
		}
		var shown []int
		for g, grp := range two.Groups {
			if g > 0 && grp.Values[0] == sector && !grp.N.Hidden {
				shown = append(shown, g)
			}
		}
		// The records of the sector in no shown group, and their true
		// counts.
		inShown := map[string]bool{}
		for _, g := range shown {
			inShown[two.Groups[g].Values[1]] = true
		}
		var rest []rec
		for _, r := range recs {
			if r.groups["sector"] == sector && !inShown[r.groups["period"]] {
				rest = append(rest, r)
			}
		}
		if len(rest) > 0 && len(rest) < DefaultMinCell {
			t.Errorf("sector %s minus its shown periods leaves %d records; want 0 or at least %d", sector, len(rest), DefaultMinCell)
		}
		truth := summarise(t, form, nil, rest, 0)
		exact, derived := 0, 0
		for i, r := range one.Rows {
			if r.Table == "records" {
				continue
			}
			if r.Cells[sc].Hidden {
				continue
			}
			d := r.Cells[sc].Count
			ok := true
			for _, g := range shown {
				if two.Rows[i].Cells[g].Hidden {
					ok = false
					break
				}
				d -= two.Rows[i].Cells[g].Count
			}
			if !ok {
				continue
			}
			derived++
			if d == truth.Rows[i].Cells[0].Count {
				exact++
			}
		}
		if derived > 0 && exact == derived {
			t.Errorf("sector %s: all %d counts of the hidden records derived exactly by differencing the two runs", sector, derived)
		}
	}
}

func newSynth(form *q.Form) func() []string {
	rng := rand.New(rand.NewSource(7))
	return func() []string {
		yes := []float64{0, 0.1, 0.3, 0.6}[rng.Intn(4)]
		a := make([]string, len(form.Questions))
		for i, qq := range form.Questions {
			if qq.ShowIf != nil && !qq.ShowIf.Opens(a[qq.ShowIf.Gate.Index]) {
				continue
			}
			a[i] = q.No
			if rng.Float64() < yes {
				a[i] = q.Yes
			}
		}
		return a
	}
}

// A hidden cell must say nothing about its size: the old rendering showed a
// complementary-suppressed 25 as "<10". Hidden cells carry no count, and
// every group shown has at least k records.
func TestHiddenCellsAndGroupSizes(t *testing.T) {
	form := shipped(t)
	sc := scoring.New(form)
	g := newSynth(form)
	var recs []rec
	for i := range 200 {
		s := []string{"a", "b", "c", "d"}[i%4]
		if i >= 190 {
			s = "e" // 10 records
		}
		if i == 199 {
			s = "f"
		}
		recs = append(recs, rec{fmt.Sprintf("r%03d", i), sc.Score(g()), map[string]string{"sector": s}})
	}
	tb := summarise(t, form, []string{"sector"}, recs, DefaultMinCell)
	for g, grp := range tb.Groups {
		if grp.N.Hidden || grp.N.a.n < DefaultMinCell {
			t.Errorf("group %v shown with %d records", grp.Values, grp.N.a.n)
		}
		if g > 0 && grp.Values[0] == "f" {
			t.Errorf("a group of 1 record shown")
		}
	}
	if column(tb, OtherGroup) < 0 || tb.Merged == 0 {
		t.Errorf("no %s group for the small ones", OtherGroup)
	}
	checkProtected(t, tb, DefaultMinCell)
}

// checkProtected plays an attacker who knows how the tables add up (each
// level table to its group's records, each row across groups to all
// records, each share and its complement to the group's records) and the
// true value of every cell shown, and narrows each hidden cell to an
// interval by propagating those sums until nothing changes. Every count
// from 1 to k-1 must keep an interval that reaches both 0 and k.
func checkProtected(t *testing.T, tb *SummaryTable, k int) {
	t.Helper()
	iv := propagate(tb, func(c *Cell) int { return c.a.n })
	for _, r := range tb.Rows {
		for _, c := range r.Cells {
			in, ok := iv[c]
			if v := c.a.n; ok && v >= 1 && v < k && (in[0] > 0 || in[1] < k) {
				t.Errorf("row %s: a count of %d (hidden=%v) narrowed to %v", r.ID, v, c.Hidden, in)
			}
		}
	}
}

// propagate returns the interval each cell of a block is known to lie in,
// given value for the cells shown.
func propagate(tb *SummaryTable, value func(*Cell) int) map[*Cell][2]int {
	out := map[*Cell][2]int{}
	type blk [][]*Cell
	var blocks []blk
	var level, ceil blk
	for _, r := range tb.Rows {
		switch r.Table {
		case "records":
		case "level":
			level = append(level, r.Cells)
		case "level_ceiling":
			ceil = append(ceil, r.Cells)
		default:
			rest := make([]*Cell, len(r.Cells))
			for g, c := range r.Cells {
				rest[g] = &Cell{Hidden: c.Hidden || tb.Groups[g].N.Hidden}
				if !rest[g].Hidden {
					rest[g].Count = value(tb.Groups[g].N) - value(c)
					rest[g].a.n = rest[g].Count
				}
			}
			blocks = append(blocks, blk{r.Cells, rest})
		}
	}
	blocks = append(blocks, level, ceil)
	// Group sizes: shown, or known only to add up to all records.
	nlo := make([]int, len(tb.Groups))
	nhi := make([]int, len(tb.Groups))
	for g, grp := range tb.Groups {
		if grp.N.Hidden {
			nlo[g], nhi[g] = 0, value(tb.Groups[0].N)
			if tb.Groups[0].N.Hidden {
				nhi[g] = 1 << 30
			}
		} else {
			nlo[g], nhi[g] = value(grp.N), value(grp.N)
		}
	}
	// Group sizes hidden: their sum is all records less the ones shown.
	rest := value(tb.Groups[0].N)
	for g := 1; g < len(tb.Groups); g++ {
		if !tb.Groups[g].N.Hidden {
			rest -= nlo[g]
		}
	}
	for g := 1; g < len(tb.Groups); g++ {
		if tb.Groups[g].N.Hidden && !tb.Groups[0].N.Hidden {
			nhi[g] = rest
		}
	}
	type ref struct{ i, c, sign int }
	for _, b := range blocks {
		if len(b) == 0 {
			continue
		}
		cols := len(b[0])
		lo := make([][]int, len(b))
		hi := make([][]int, len(b))
		for i, row := range b {
			lo[i], hi[i] = make([]int, cols), make([]int, cols)
			for c, cell := range row {
				if cell.Hidden {
					lo[i][c], hi[i][c] = 0, nhi[c]
				} else {
					lo[i][c], hi[i][c] = value(cell), value(cell)
				}
			}
		}
		// A line: signed cells whose sum lies in [tlo, thi].
		var lines [][]ref
		var tlo, thi []int
		for c := range cols {
			var l []ref
			for i := range b {
				l = append(l, ref{i, c, 1})
			}
			lines, tlo, thi = append(lines, l), append(tlo, nlo[c]), append(thi, nhi[c])
		}
		if cols > 1 {
			for i := range b {
				l := []ref{{i, 0, 1}}
				for c := 1; c < cols; c++ {
					l = append(l, ref{i, c, -1})
				}
				lines, tlo, thi = append(lines, l), append(tlo, 0), append(thi, 0)
			}
		}
		for changed := true; changed; {
			changed = false
			for li, l := range lines {
				for j, x := range l {
					// sign*x lies in [tlo - max(others), thi - min(others)].
					mn, mx := tlo[li], thi[li]
					for j2, y := range l {
						if j2 == j {
							continue
						}
						if y.sign > 0 {
							mn -= hi[y.i][y.c]
							mx -= lo[y.i][y.c]
						} else {
							mn += lo[y.i][y.c]
							mx += hi[y.i][y.c]
						}
					}
					if x.sign < 0 {
						mn, mx = -mx, -mn
					}
					if mn > lo[x.i][x.c] {
						lo[x.i][x.c], changed = mn, true
					}
					if mx < hi[x.i][x.c] {
						hi[x.i][x.c], changed = mx, true
					}
				}
			}
		}
		for i, row := range b {
			for c, cell := range row {
				out[cell] = [2]int{lo[i][c], hi[i][c]}
			}
		}
	}
	return out
}

func TestProtectRandomTables(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for n := range 300 {
		k := []int{5, 10, 11}[n%3]
		groups := 1 + rng.Intn(4)
		rows := 2 + rng.Intn(5)
		tb := &SummaryTable{MinCell: k}
		all := &Cell{}
		tb.Groups = append(tb.Groups, Group{N: all})
		counts := make([][]int, rows)
		for i := range counts {
			counts[i] = make([]int, groups)
		}
		for g := range groups {
			size := k + rng.Intn(40)
			for range size {
				// skewed: small cells are common
				i := 0
				for i < rows-1 && rng.Float64() < 0.3 {
					i++
				}
				counts[i][g]++
			}
			tb.Groups = append(tb.Groups, Group{Values: []string{fmt.Sprint(g)}, N: &Cell{a: acc{n: size}}})
			all.a.n += size
		}
		tb.Rows = append(tb.Rows, Row{Table: "records"})
		for i := range rows {
			r := Row{Table: "level", Share: true, Cells: []*Cell{{}}}
			for g := range groups {
				r.Cells = append(r.Cells, &Cell{a: acc{n: counts[i][g]}})
				r.Cells[0].a.n += counts[i][g]
			}
			tb.Rows = append(tb.Rows, r)
		}
		// One share row too: the first level's count as a share.
		sh := Row{Table: "ilo_indicator", Share: true}
		for _, c := range tb.Rows[1].Cells {
			sh.Cells = append(sh.Cells, &Cell{a: c.a})
		}
		tb.Rows = append(tb.Rows, sh)
		tb.suppress(k)
		checkProtected(t, tb, k)
		if t.Failed() {
			t.Fatalf("table %d: groups %d, rows %d, k %d: %v", n, groups, rows, k, counts)
		}
	}
}

func TestPerturb(t *testing.T) {
	seen := map[int]int{}
	for key := uint64(0); key < 10000; key++ {
		p := Perturb(50, key*0x9e3779b97f4a7c15, 10)
		if p < 50-MaxNoise || p > 50+MaxNoise {
			t.Fatalf("Perturb(50) = %d: more than %d away", p, MaxNoise)
		}
		seen[p-50]++
		if Perturb(50, key, 10) != Perturb(50, key, 10) {
			t.Fatal("not deterministic")
		}
		if p := Perturb(10, key, 10); p < 10 {
			t.Fatalf("Perturb(10) = %d: below k", p)
		}
	}
	if Perturb(0, 12345, 10) != 0 {
		t.Error("a zero perturbed")
	}
	for d, want := range map[int]int{-2: 1000, -1: 2000, 0: 4000, 1: 2000, 2: 1000} {
		if math.Abs(float64(seen[d]-want)) > 250 {
			t.Errorf("noise %d drawn %d times in 10000; want about %d", d, seen[d], want)
		}
	}
}

// The same records give the same published counts, in any order and in
// any breakdown; suppression off gives exact counts.
func TestSummaryDeterministicAndExactWhenOff(t *testing.T) {
	form := shipped(t)
	sc := scoring.New(form)
	g := newSynth(form)
	var recs []rec
	for i := range 120 {
		recs = append(recs, rec{fmt.Sprintf("r%03d", i), sc.Score(g()), map[string]string{"sector": []string{"a", "b"}[i%2]}})
	}
	a := summarise(t, form, []string{"sector"}, recs, 10)
	rev := make([]rec, len(recs))
	for i, r := range recs {
		rev[len(recs)-1-i] = r
	}
	b := summarise(t, form, nil, rev, 10)
	for i := range a.Rows {
		if a.Rows[i].Cells[0].Hidden || b.Rows[i].Cells[0].Hidden {
			continue
		}
		if a.Rows[i].Cells[0].Count != b.Rows[i].Cells[0].Count {
			t.Fatalf("row %s: all-records count differs between runs", a.Rows[i].ID)
		}
	}
	off := summarise(t, form, []string{"sector"}, recs, 1)
	for _, r := range off.Rows {
		for _, c := range r.Cells {
			if c.Hidden || c.Count != c.a.n {
				t.Fatalf("row %s: suppression off but count %d of %d (hidden %v)", r.ID, c.Count, c.a.n, c.Hidden)
			}
		}
	}
}

// A group value typed two ways, é as one character (NFC) or as e and a
// combining accent (NFD), is one group, shown composed.
func TestGroupsComparedAfterNormalisation(t *testing.T) {
	form := shipped(t)
	sc := scoring.New(form)
	composed, decomposed := "c\u00e0 ph\u00ea", "ca\u0300 phe\u0302"
	var recs []rec
	for i := range 30 {
		v := composed
		if i%2 == 1 {
			v = decomposed
		}
		recs = append(recs, rec{fmt.Sprintf("r%02d", i), sc.Score(answersAll(form, q.No)), map[string]string{"sector": v}})
	}
	tb := summarise(t, form, []string{"sector"}, recs, 1)
	if len(tb.Groups) != 2 {
		t.Fatalf("%d columns, want all records and one group", len(tb.Groups))
	}
	if g := tb.Groups[1]; g.Values[0] != composed || g.N.Count != 30 {
		t.Errorf("group %q with %d records; want %q with 30", g.Values[0], g.N.Count, composed)
	}
}
