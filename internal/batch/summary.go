package batch

import (
	"fmt"
	"math"
	"sort"
	"strings"

	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/scoring"
)

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

// Summary aggregates scored records. Memory grows with the number of groups,
// never with the number of records.
type Summary struct {
	form   *q.Form
	by     []string
	all    *tally
	groups map[string]*tally
	keys   map[string][]string
	indIdx map[string]int
	items  []*q.Item // items some question asks, in definition order
}

type tally struct {
	n           int
	floor, ceil [6]int
	dims        []int
	inds        []int
	items       []int
}

// NewSummary starts an empty summary broken down by the given grouping
// columns (none for the overall table only).
func NewSummary(form *q.Form, by []string) *Summary {
	s := &Summary{form: form, by: by, groups: map[string]*tally{}, keys: map[string][]string{}, indIdx: map[string]int{}}
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
	s.all = s.newTally()
	return s
}

func (s *Summary) newTally() *tally {
	return &tally{dims: make([]int, len(s.form.Dimensions)), inds: make([]int, len(s.form.Indicators)), items: make([]int, len(s.items))}
}

// Add counts one result; groups holds the record's values of the grouping
// columns, in the order given to NewSummary.
func (s *Summary) Add(r *scoring.Result, groups map[string]string) error {
	s.all.add(s, r)
	if len(s.by) == 0 {
		return nil
	}
	vals := make([]string, len(s.by))
	for i, g := range s.by {
		vals[i] = groups[g]
	}
	key := strings.Join(vals, "\x00")
	t := s.groups[key]
	if t == nil {
		if len(s.groups) >= MaxGroups {
			return fmt.Errorf("more than %d distinct groups for --by %s; expected coarse groups such as sectors", MaxGroups, strings.Join(s.by, ","))
		}
		t = s.newTally()
		s.groups[key] = t
		s.keys[key] = vals
	}
	t.add(s, r)
	return nil
}

func (t *tally) add(s *Summary, r *scoring.Result) {
	t.n++
	t.floor[r.Level]++
	t.ceil[r.Ceiling]++
	for i, d := range r.Dimensions {
		if d == scoring.Positive {
			t.dims[i]++
		}
	}
	for _, id := range r.Indicators {
		t.inds[s.indIdx[id]]++
	}
	for i, it := range s.items {
		if r.ItemPresent(it) {
			t.items[i]++
		}
	}
}

// Cell is one count of a summary table.
type Cell struct {
	Count  int
	Hidden bool // suppressed: shown as "<k"
}

// Group is one column of the summary: all records, or one group.
type Group struct {
	Values []string // nil for all records
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

// SummaryTable is a summary ready to render, with small cells suppressed.
type SummaryTable struct {
	Form, Version string
	By            []string
	MinCell       int
	Groups        []Group // Groups[0] is all records
	Rows          []Row
}

// Table builds the tables and applies small-cell suppression with threshold
// k (no suppression when k <= 1).
func (s *Summary) Table(k int) *SummaryTable {
	t := &SummaryTable{Form: s.form.ID, Version: s.form.Version, By: s.by, MinCell: k}
	tallies := []*tally{s.all}
	t.Groups = []Group{{N: &Cell{Count: s.all.n}}}
	keys := make([]string, 0, len(s.groups))
	for key := range s.groups {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	for _, key := range keys {
		tallies = append(tallies, s.groups[key])
		t.Groups = append(t.Groups, Group{Values: s.keys[key], N: &Cell{Count: s.groups[key].n}})
	}
	row := func(table, id string, share bool, get func(*tally) int) {
		r := Row{Table: table, ID: id, Share: share, Cells: make([]*Cell, len(tallies))}
		for i, tl := range tallies {
			r.Cells[i] = &Cell{Count: get(tl)}
		}
		t.Rows = append(t.Rows, r)
	}
	nRow := Row{Table: "records", ID: "records", Cells: make([]*Cell, len(tallies))}
	for i := range t.Groups {
		nRow.Cells[i] = t.Groups[i].N
	}
	t.Rows = append(t.Rows, nRow)
	for l := range scoring.LevelIDs {
		row("level", fmt.Sprintf("%d %s", l, scoring.LevelIDs[l]), true, func(tl *tally) int { return tl.floor[l] })
	}
	for l := range scoring.LevelIDs {
		row("level_ceiling", fmt.Sprintf("%d %s", l, scoring.LevelIDs[l]), true, func(tl *tally) int { return tl.ceil[l] })
	}
	for i, d := range s.form.Dimensions {
		row("dimension", d.ID, true, func(tl *tally) int { return tl.dims[i] })
	}
	for i, id := range s.form.Indicators {
		row("ilo_indicator", id, true, func(tl *tally) int { return tl.inds[i] })
	}
	for i, it := range s.items {
		row("delphi_item", it.ID, true, func(tl *tally) int { return tl.items[i] })
	}
	t.suppress(k)
	return t
}

// suppress hides every count from 1 to k-1 (primary suppression), and every
// share whose complement in its group (records without it) is from 1 to k-1.
// Then, wherever counts add up to a total that is shown or derivable, a line
// with exactly one hidden cell would give that cell away; the smallest other
// cell of the line is hidden too (secondary suppression), until no line has
// exactly one hidden cell.
func (t *SummaryTable) suppress(k int) {
	if k <= 1 {
		return
	}
	small := func(v int) bool { return v >= 1 && v < k }
	for _, r := range t.Rows {
		for i, c := range r.Cells {
			if small(c.Count) || (r.Share && small(t.Groups[i].N.Count-c.Count)) {
				c.Hidden = true
			}
		}
	}
	// The lines: each level table adds up, in each group, to the group's
	// records; each row adds up across groups to the all-records column.
	var lines [][]*Cell
	for _, table := range []string{"level", "level_ceiling"} {
		for g := range t.Groups {
			line := []*Cell{t.Groups[g].N}
			for _, r := range t.Rows {
				if r.Table == table {
					line = append(line, r.Cells[g])
				}
			}
			lines = append(lines, line)
		}
	}
	if len(t.Groups) > 1 {
		for _, r := range t.Rows {
			lines = append(lines, r.Cells)
		}
	}
	for changed := true; changed; {
		changed = false
		for _, line := range lines {
			hidden := 0
			for _, c := range line {
				if c.Hidden {
					hidden++
				}
			}
			if hidden != 1 {
				continue
			}
			// Prefer the smallest non-zero cell that is not the line's total
			// (line[0]); a hidden zero protects little.
			var pick *Cell
			for _, c := range line[1:] {
				if !c.Hidden && c.Count > 0 && (pick == nil || c.Count < pick.Count) {
					pick = c
				}
			}
			if pick == nil {
				for _, c := range line[1:] {
					if !c.Hidden {
						pick = c
						break
					}
				}
			}
			if pick == nil && !line[0].Hidden {
				pick = line[0]
			}
			if pick != nil {
				pick.Hidden = true
				changed = true
			}
		}
	}
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
