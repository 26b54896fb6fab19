package batch

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"sort"
	"strings"

	"golang.org/x/text/unicode/norm"

	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/scoring"
)

// Statistical disclosure control of summaries. Three published methods,
// applied in this order (the README gives the sources):
//
//  1. Table redesign (Hundepool et al., Statistical Disclosure Control,
//     Wiley 2012, §5.2): a group with fewer than k records is not shown on
//     its own but merged into one "other" group; where the records merged
//     would still be fewer than k, or a margin that another run could
//     publish would give them away by difference, more groups are merged,
//     down to no breakdown at all.
//  2. The threshold rule with complementary suppression by the hypercube
//     method (Repsilber; Giessing and Repsilber 2002, as in tau-ARGUS): a
//     count from 1 to k-1, or whose complement in its group is, is hidden,
//     and so are the three other corners of a rectangle of cells chosen so
//     that, whatever else a reader knows from totals, zeros and margins,
//     the hidden count could be 0 and could be k or more.
//  3. Cell-key perturbation (Fraser and Wooton 2005, ABS; Thompson,
//     Broadfoot and Elazar 2013; used by the ONS for Census 2021): every
//     count shown gets a small deterministic noise, a function of the keys
//     of the records it counts, so that differencing tables of two runs
//     (--by sector and --by sector,period) gives no exact count, while the
//     same set of records always shows the same value.

// DefaultMinCell is the smallest count a summary shows by default (UK ONS
// practice; the CTDC dataset uses 11, the OECD 3 to 5).
const DefaultMinCell = 10

// SafeMinCell is the lowest threshold allowed without an explicit opt-in.
const SafeMinCell = 5

// MaxGroups bounds the number of distinct groups a summary keeps: grouping
// columns are meant to be coarse.
const MaxGroups = 1000

// MaxBy bounds the number of grouping columns: a cross-tabulation over more
// quasi-identifiers singles people out.
const MaxBy = 2

// OtherGroup labels the group that holds the records of every group too
// small to be shown on its own. The parentheses keep it apart from a value
// of a grouping column, which is a single coarse word.
const OtherGroup = "(other)"

// MaxNoise is the largest change cell-key perturbation makes to a count.
const MaxNoise = 2

// Summary aggregates scored records. Memory grows with the number of groups,
// never with the number of records.
type Summary struct {
	form   *q.Form
	by     []string
	all    *tally
	groups map[string]*tally
	indIdx map[string]int
	items  []*q.Item // items some question asks, in definition order
}

// acc is one count with the sum of the keys of the records it counts (its
// cell key, modulo 2^64).
type acc struct {
	n   int
	key uint64
}

func (a *acc) add(k uint64) { a.n++; a.key += k }
func (a *acc) merge(b acc)  { a.n += b.n; a.key += b.key }

type tally struct {
	vals        []string
	n           acc
	floor, ceil [len(scoring.LevelIDs)]acc
	dims        []acc
	inds        []acc
	items       []acc
}

// NewSummary starts an empty summary broken down by the given grouping
// columns (none for the overall table only).
func NewSummary(form *q.Form, by []string) *Summary {
	s := &Summary{form: form, by: by, groups: map[string]*tally{}, indIdx: map[string]int{}}
	for i, id := range form.Indicators {
		s.indIdx[id] = i
	}
	asked := map[*q.Item]bool{}
	for _, qq := range form.Questions {
		if qq.Item != nil {
			asked[qq.Item] = true
		}
	}
	for _, it := range form.Items {
		if asked[it] {
			s.items = append(s.items, it)
		}
	}
	s.all = s.newTally(nil)
	return s
}

func (s *Summary) newTally(vals []string) *tally {
	return &tally{vals: vals, dims: make([]acc, len(s.form.Dimensions)), inds: make([]acc, len(s.form.Indicators)), items: make([]acc, len(s.items))}
}

// RecordKey is a record's key for cell-key perturbation: a hash of its id
// and its answers after skip logic. The same record always has the same key,
// so repeated runs show the same counts; a reader who knows ids but not the
// answers cannot work the keys out.
func RecordKey(id string, r *scoring.Result) uint64 {
	h := sha256.New()
	h.Write([]byte("continuum record key 1\x00"))
	h.Write([]byte(id))
	h.Write([]byte{0})
	for _, st := range r.States {
		h.Write([]byte{byte(st)})
	}
	return binary.BigEndian.Uint64(h.Sum(nil))
}

// Add counts one result. id is the record's id (for its key); groups holds
// the record's values of the grouping columns.
func (s *Summary) Add(r *scoring.Result, id string, groups map[string]string) error {
	k := RecordKey(id, r)
	s.all.add(s, r, k)
	if len(s.by) == 0 {
		return nil
	}
	vals := make([]string, len(s.by))
	for i, g := range s.by {
		// The same word typed two ways (é as one character or as e and a
		// combining accent, as keyboards and platforms differ) is one
		// group, shown in its composed form.
		vals[i] = norm.NFC.String(groups[g])
	}
	key := strings.Join(vals, "\x00")
	t := s.groups[key]
	if t == nil {
		if len(s.groups) >= MaxGroups {
			return fmt.Errorf("more than %d distinct groups for --by %s; expected coarse groups such as sectors", MaxGroups, strings.Join(s.by, ","))
		}
		t = s.newTally(vals)
		s.groups[key] = t
	}
	t.add(s, r, k)
	return nil
}

func (t *tally) add(s *Summary, r *scoring.Result, k uint64) {
	t.n.add(k)
	t.floor[r.Level].add(k)
	t.ceil[r.Ceiling].add(k)
	for i, d := range r.Dimensions {
		if d == scoring.Positive {
			t.dims[i].add(k)
		}
	}
	for _, id := range r.Indicators {
		t.inds[s.indIdx[id]].add(k)
	}
	for i, it := range s.items {
		if r.ItemPresent(it) {
			t.items[i].add(k)
		}
	}
}

func (t *tally) merge(o *tally) {
	t.n.merge(o.n)
	for i := range t.floor {
		t.floor[i].merge(o.floor[i])
		t.ceil[i].merge(o.ceil[i])
	}
	for i := range t.dims {
		t.dims[i].merge(o.dims[i])
	}
	for i := range t.inds {
		t.inds[i].merge(o.inds[i])
	}
	for i := range t.items {
		t.items[i].merge(o.items[i])
	}
}

// Cell is one count of a summary table, as published: perturbed, or hidden.
type Cell struct {
	Count  int  // the published count; meaningless when Hidden
	Hidden bool // suppressed: shown as x, with nothing about its size

	a acc // the true count and its cell key
}

// Group is one column of the summary: all records, or one group.
type Group struct {
	Values []string // nil for all records; OtherGroup for merged groups
	N      *Cell
}

// Row is one line of a summary table: a count in each group.
type Row struct {
	Table string // records, level, level_ceiling, dimension, ilo_indicator, delphi_item
	ID    string
	Cells []*Cell // indexed like SummaryTable.Groups
	// Share says whether the count is a share of the group's records (it
	// gets a percentage and a Wilson interval).
	Share bool
}

// SummaryTable is a summary ready to render, with disclosure control
// applied.
type SummaryTable struct {
	Form, Version string
	Model         string // the scoring model's version, set by the caller
	By            []string
	MinCell       int
	Groups        []Group // Groups[0] is all records
	Rows          []Row
	// Merged counts the groups too small to be shown on their own; their
	// records are in the OtherGroup column, or, when Withheld, the
	// breakdown is not shown at all.
	Merged   int
	Withheld bool
}

// Table builds the tables and applies disclosure control with threshold k:
// none when k <= 1 (exact counts, every group).
func (s *Summary) Table(k int) *SummaryTable {
	t := &SummaryTable{Form: s.form.ID, Version: s.form.Version, By: s.by, MinCell: k}
	cols := []*tally{s.all}
	if len(s.by) > 0 {
		shown, other, merged := s.publishable(k)
		t.Merged = merged
		if len(shown) == 0 && other != nil {
			t.Withheld = true
		} else {
			cols = append(cols, shown...)
			if other != nil {
				cols = append(cols, other)
			}
		}
	}
	for _, c := range cols {
		t.Groups = append(t.Groups, Group{Values: c.vals, N: &Cell{a: c.n}})
	}
	row := func(table, id string, get func(*tally) acc) {
		r := Row{Table: table, ID: id, Share: true, Cells: make([]*Cell, len(cols))}
		for i, c := range cols {
			r.Cells[i] = &Cell{a: get(c)}
		}
		t.Rows = append(t.Rows, r)
	}
	nRow := Row{Table: "records", ID: "records", Cells: make([]*Cell, len(cols))}
	for i := range t.Groups {
		nRow.Cells[i] = t.Groups[i].N
	}
	t.Rows = append(t.Rows, nRow)
	for l := range scoring.LevelIDs {
		row("level", fmt.Sprintf("%d %s", l, scoring.LevelIDs[l]), func(c *tally) acc { return c.floor[l] })
	}
	for l := range scoring.LevelIDs {
		row("level_ceiling", fmt.Sprintf("%d %s", l, scoring.LevelIDs[l]), func(c *tally) acc { return c.ceil[l] })
	}
	for i, d := range s.form.Dimensions {
		row("dimension", d.ID, func(c *tally) acc { return c.dims[i] })
	}
	for i, id := range s.form.Indicators {
		row("ilo_indicator", id, func(c *tally) acc { return c.inds[i] })
	}
	for i, it := range s.items {
		row("delphi_item", it.ID, func(c *tally) acc { return c.items[i] })
	}
	t.suppress(k)
	t.publish(k)
	return t
}

// publishable decides which groups are shown (table redesign). Every group
// shown has k records or more, and so has every remainder a reader could
// work out by taking shown groups away from a total that this or another
// run publishes: the whole file, and for a breakdown by two columns each
// value of either column and the "other" group of a breakdown by that
// column alone. Each such remainder must be 0 or at least k records; where
// one is not, the smallest group still shown in it is merged too.
func (s *Summary) publishable(k int) (shown []*tally, other *tally, merged int) {
	keys := make([]string, 0, len(s.groups))
	for key := range s.groups {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	if k <= 1 {
		for _, key := range keys {
			shown = append(shown, s.groups[key])
		}
		return shown, nil, 0
	}
	hidden := HideGroups(keys, func(key string) (int, []string) { g := s.groups[key]; return g.n.n, g.vals }, len(s.by), k)
	for _, key := range keys {
		if !hidden[key] {
			shown = append(shown, s.groups[key])
			continue
		}
		if other == nil {
			vals := make([]string, len(s.by))
			for i := range vals {
				vals[i] = OtherGroup
			}
			other = s.newTally(vals)
		}
		other.merge(s.groups[key])
		merged++
	}
	return shown, other, merged
}

// HideGroups is the table redesign of a breakdown (see publishable): given
// the groups' keys in a fixed order, each group's size and values, the
// number of grouping columns and the threshold k > 1, it returns the groups
// that must not be shown on their own and are merged into OtherGroup.
func HideGroups(keys []string, group func(key string) (n int, vals []string), nBy, k int) map[string]bool {
	groupSize := func(key string) int { n, _ := group(key); return n }
	groupVals := func(key string) []string { _, v := group(key); return v }
	hidden := map[string]bool{}
	for _, key := range keys {
		if groupSize(key) < k {
			hidden[key] = true
		}
	}
	// Lines: sets of groups whose union a reader may know the size of.
	lines := [][]string{keys}
	if nBy == 2 {
		for col := 0; col < 2; col++ {
			byVal := map[string][]string{}
			size := map[string]int{}
			var vals []string
			for _, key := range keys {
				v := groupVals(key)[col]
				if _, ok := byVal[v]; !ok {
					vals = append(vals, v)
				}
				byVal[v] = append(byVal[v], key)
				size[v] += groupSize(key)
			}
			// The "other" group of a breakdown by this column alone, as
			// that run would form it.
			small := map[string]bool{}
			for _, v := range vals {
				if size[v] < k {
					small[v] = true
				}
			}
			for {
				rest, pick := 0, ""
				for _, v := range vals {
					if small[v] {
						rest += size[v]
					} else if pick == "" || size[v] < size[pick] {
						pick = v
					}
				}
				if rest == 0 || rest >= k || pick == "" {
					break
				}
				small[pick] = true
			}
			var otherLine []string
			for _, v := range vals {
				lines = append(lines, byVal[v])
				if small[v] {
					otherLine = append(otherLine, byVal[v]...)
				}
			}
			if len(otherLine) > 0 {
				lines = append(lines, otherLine)
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for _, line := range lines {
			rest, pick := 0, ""
			for _, key := range line {
				if hidden[key] {
					rest += groupSize(key)
				} else if pick == "" || groupSize(key) < groupSize(pick) {
					pick = key
				}
			}
			if rest > 0 && rest < k && pick != "" {
				hidden[pick] = true
				changed = true
			}
		}
	}
	return hidden
}

// suppress applies the threshold rule and complementary suppression.
func (t *SummaryTable) suppress(k int) {
	if k <= 1 {
		return
	}
	if n := t.Groups[0].N.a.n; n > 0 && n < k {
		// Too few records for any table: every count is hidden.
		for _, r := range t.Rows {
			for _, c := range r.Cells {
				c.Hidden = c.a.n > 0 || r.Table == "records"
			}
		}
		return
	}
	// Each level table adds up to the records of its group; every other row
	// is a share with its complement (records without it) implied.
	var level, ceiling []int
	for i, r := range t.Rows {
		switch r.Table {
		case "records":
		case "level":
			level = append(level, i)
		case "level_ceiling":
			ceiling = append(ceiling, i)
		default:
			rest := Row{Cells: make([]*Cell, len(r.Cells))}
			for g, c := range r.Cells {
				n := t.Groups[g].N.a
				rest.Cells[g] = &Cell{a: acc{n: n.n - c.a.n, key: n.key - c.a.key}}
			}
			protect([][]*Cell{r.Cells, rest.Cells}, k)
			for g, c := range rest.Cells {
				if c.Hidden {
					r.Cells[g].Hidden = true
				}
			}
		}
	}
	for _, rows := range [][]int{level, ceiling} {
		b := make([][]*Cell, len(rows))
		for i, ri := range rows {
			b[i] = t.Rows[ri].Cells
		}
		protect(b, k)
	}
}

// protect hides, in one block of rows that add up to each group's records
// (cells[row][col]; column 0 is all records, the sum of the other columns),
// every count from 1 to k-1 and a rectangle of cells around it (hypercube
// method): moving +d, -d, -d, +d round the corners keeps every total, so
// the hidden count is known only to lie between the limits of that move.
// A rectangle is taken only if that range reaches 0 and k; where none
// does, the whole block is hidden, leaving only the group sizes.
func protect(cells [][]*Cell, k int) {
	rows := len(cells)
	if rows < 2 {
		return
	}
	cols := len(cells[0])
	v := func(r, c int) int { return cells[r][c].a.n }
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			x := v(r, c)
			if x < 1 || x >= k {
				continue
			}
			type corner struct{ r, c, sign int }
			best, bestCost := []corner(nil), math.MaxInt
			for r2 := 0; r2 < rows; r2++ {
				if r2 == r {
					continue
				}
				for c2 := 0; c2 < cols; c2++ {
					var cs []corner
					switch {
					case cols == 1:
						if c2 > 0 {
							continue
						}
						cs = []corner{{r, c, 1}, {r2, c, -1}}
					case c2 == c:
						continue
					default:
						sigma := -1
						if c == 0 || c2 == 0 {
							sigma = 1
						}
						cs = []corner{{r, c, 1}, {r2, c, -1}, {r, c2, sigma}, {r2, c2, -sigma}}
					}
					up, down := math.MaxInt, math.MaxInt
					for _, cr := range cs {
						if cr.sign < 0 {
							up = min(up, v(cr.r, cr.c))
						} else {
							down = min(down, v(cr.r, cr.c))
						}
					}
					if down < x || x+up < k {
						continue
					}
					// Fewest new cells, the all-records column last (a run
					// with no breakdown shows it), then the smallest counts.
					cost := 0
					for _, cr := range cs {
						if !cells[cr.r][cr.c].Hidden {
							cost += 1<<20 + v(cr.r, cr.c)
							if cr.c == 0 && cols > 1 {
								cost += 1 << 25
							}
						}
					}
					if cost < bestCost {
						best, bestCost = cs, cost
					}
				}
			}
			if best == nil {
				for _, row := range cells {
					for _, cell := range row {
						cell.Hidden = true
					}
				}
				return
			}
			for _, cr := range best {
				cells[cr.r][cr.c].Hidden = true
			}
		}
	}
}

// publish sets the count each shown cell publishes: the true count plus the
// cell-key noise (never below k for a count of k or more; zero stays zero).
func (t *SummaryTable) publish(k int) {
	for _, r := range t.Rows {
		for _, c := range r.Cells {
			c.Count = c.a.n
			if k > 1 && !c.Hidden {
				c.Count = Perturb(c.a.n, c.a.key, k)
			}
		}
	}
	// A share never shows more than its group's records.
	for _, r := range t.Rows {
		if !r.Share {
			continue
		}
		for g, c := range r.Cells {
			c.Count = min(c.Count, t.Groups[g].N.Count)
		}
	}
}

// Perturb returns the published value of a count n with cell key key: n
// plus a noise from -MaxNoise to +MaxNoise drawn from the key (probabilities
// 0.1, 0.2, 0.4, 0.2, 0.1: mean 0, variance 1.2), kept at k or above for a
// count of k or more. A count of 0 is an empty set and stays 0.
func Perturb(n int, key uint64, k int) int {
	if n <= 0 {
		return n
	}
	// splitmix64 finalizer: spreads the sum of keys over every bit.
	z := key + 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	z ^= z >> 31
	var d int
	switch u := z % 10; {
	case u < 1:
		d = -2
	case u < 3:
		d = -1
	case u < 7:
		d = 0
	case u < 9:
		d = 1
	default:
		d = 2
	}
	p := n + d
	if n >= k && p < k {
		p = k
	}
	if p < 1 {
		p = 1
	}
	return p
}

// Wilson returns the 95% Wilson score interval for x successes out of n, as
// proportions. For n = 0 it returns 0, 0.
func Wilson(x, n int) (lo, hi float64) {
	if n <= 0 {
		return 0, 0
	}
	const z = 1.959963984540054
	nf := float64(n)
	p := float64(x) / nf
	z2 := z * z
	den := 1 + z2/nf
	centre := (p + z2/(2*nf)) / den
	half := z / den * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	lo, hi = centre-half, centre+half
	if lo < 0 || x == 0 {
		lo = 0
	}
	if hi > 1 || x == n {
		hi = 1
	}
	return lo, hi
}
