// Package evaluate measures how well the screening agrees with a reference
// outcome learnt later (a referral decision, a court, a labour inspection):
// sensitivity, specificity and predictive values with 95% Wilson intervals,
// the table of levels against the reference, the ROC points of every
// threshold with the area under the curve, and predictive values at another
// prevalence. It counts; it never keeps a record.
//
// The figures are published under the disclosure control of summaries
// (package batch): groups too small to show are merged, counts from 1 to
// k-1 and the cells that would give them away are hidden, and every count
// shown carries the cell-key noise. Every figure is computed from the counts
// shown, so a reader can redo the arithmetic from the output alone.
package evaluate

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/continuum-screening/continuum/internal/batch"
	"github.com/continuum-screening/continuum/internal/scoring"
)

// Levels is the number of levels of the scale (0 to 5).
const Levels = scoring.NumLevels

// DefaultThreshold is the lowest level counted as a positive screen unless
// told otherwise: level 4, indicators consistent with forced labour.
const DefaultThreshold = 4

// Outcome is what the reference says of a record.
type Outcome int8

const (
	// Unknown: no reference value, or one that is neither positive nor
	// negative. Such a record is counted apart and left out of every
	// figure.
	Unknown Outcome = iota
	Positive
	Negative
)

// Reference classifies reference values: a value in the positive list is
// positive, one in the negative list negative; without a negative list,
// every other value that is not empty is negative. Values are compared
// ignoring case and runs of white space.
type Reference struct {
	pos, neg map[string]bool
}

// NewReference checks the lists: at least one positive value, no value in
// both lists, no empty value.
func NewReference(positive, negative []string) (*Reference, error) {
	r := &Reference{pos: map[string]bool{}}
	if len(positive) == 0 {
		return nil, fmt.Errorf("no positive reference value; expected at least one")
	}
	for _, v := range positive {
		f := batch.FoldText(v)
		if f == "" {
			return nil, fmt.Errorf("an empty positive reference value; expected text")
		}
		r.pos[f] = true
	}
	if negative != nil {
		r.neg = map[string]bool{}
		for _, v := range negative {
			f := batch.FoldText(v)
			if f == "" {
				return nil, fmt.Errorf("an empty negative reference value; expected text")
			}
			if r.pos[f] {
				return nil, fmt.Errorf("a value is both positive and negative; expected each value in one list")
			}
			r.neg[f] = true
		}
	}
	return r, nil
}

// Classify returns what a reference value says.
func (r *Reference) Classify(v string) Outcome {
	f := batch.FoldText(v)
	switch {
	case f == "":
		return Unknown
	case r.pos[f]:
		return Positive
	case r.neg == nil || r.neg[f]:
		return Negative
	}
	return Unknown
}

// acc is a count with the sum of its records' keys (cell-key method).
type acc struct {
	n   int
	key uint64
}

func (a *acc) add(k uint64)     { a.n++; a.key += k }
func (a *acc) merge(b acc)      { a.n += b.n; a.key += b.key }
func (a acc) cell() *batch.Cell { return batch.NewCell(a.n, a.key) }

// tally counts one group: records by level (floor and ceiling) and
// reference (0 positive, 1 negative).
type tally struct {
	vals        []string
	n           acc
	floor, ceil [Levels][2]acc
}

func (t *tally) merge(o *tally) {
	t.n.merge(o.n)
	for l := range Levels {
		for r := range 2 {
			t.floor[l][r].merge(o.floor[l][r])
			t.ceil[l][r].merge(o.ceil[l][r])
		}
	}
}

// Evaluation accumulates records. Memory grows with the number of groups,
// never with the number of records.
type Evaluation struct {
	by     []string
	all    *tally
	groups map[string]*tally
	// Unknown counts the records left out for an unknown reference.
	Unknown int
}

// New starts an evaluation broken down by the given grouping columns (none
// for the overall figures only).
func New(by []string) *Evaluation {
	return &Evaluation{by: by, all: &tally{}, groups: map[string]*tally{}}
}

// Add counts one record: its floor and ceiling levels, its reference
// outcome, its key (batch.RecordKey) and its values of the grouping columns.
func (e *Evaluation) Add(floor, ceiling scoring.Level, o Outcome, key uint64, groups map[string]string) error {
	if o == Unknown {
		e.Unknown++
		return nil
	}
	if floor < 0 || int(floor) >= Levels || ceiling < 0 || int(ceiling) >= Levels {
		return fmt.Errorf("level out of range")
	}
	ri := 0
	if o == Negative {
		ri = 1
	}
	add := func(t *tally) {
		t.n.add(key)
		t.floor[floor][ri].add(key)
		t.ceil[ceiling][ri].add(key)
	}
	add(e.all)
	if len(e.by) == 0 {
		return nil
	}
	vals := make([]string, len(e.by))
	for i, g := range e.by {
		// As summaries: a value typed composed or decomposed is one group.
		vals[i] = norm.NFC.String(groups[g])
	}
	k := strings.Join(vals, "\x00")
	t := e.groups[k]
	if t == nil {
		if len(e.groups) >= batch.MaxGroups {
			return fmt.Errorf("more than %d distinct groups for --by %s; expected coarse groups such as sectors", batch.MaxGroups, strings.Join(e.by, ","))
		}
		t = &tally{vals: vals}
		e.groups[k] = t
	}
	add(t)
	return nil
}

// Records is the number of records counted with a known reference.
func (e *Evaluation) Records() int { return e.all.n.n }

// Positives is the number of records with a positive reference.
func (e *Evaluation) Positives() int {
	n := 0
	for l := range Levels {
		n += e.all.floor[l][0].n
	}
	return n
}

// Options say how to report.
type Options struct {
	// MinCell is the disclosure threshold k: none when k <= 1.
	MinCell int
	// Threshold is the lowest level counted as a positive screen (1 to 5).
	Threshold int
	// Prevalences are the settings (proportions, 0 < p < 1) at which the
	// predictive values are recomputed.
	Prevalences []float64
}

// Columns of a block: all records with a known reference, reference
// positive, reference negative.
const (
	ColAll = iota
	ColPositive
	ColNegative
)

// Report is an evaluation ready to render, with disclosure control applied.
type Report struct {
	By          []string
	MinCell     int
	Threshold   int
	Prevalences []float64
	Groups      []*Group // Groups[0] is all records
	// Merged counts the groups too small to be shown on their own; their
	// records are in the batch.OtherGroup group or, when Withheld, the
	// breakdown is not shown at all.
	Merged   int
	Withheld bool
}

// Group is the figures of all records or of one group.
type Group struct {
	Values         []string // nil for all records
	Floor, Ceiling *Basis
}

// Basis is the figures for one of the two levels of a result: the floor
// (the level the answers show) or the ceiling (the level they could reach
// with the answers not given).
type Basis struct {
	// Total[c]: records with a known reference (ColAll), positive, negative.
	Total [3]*batch.Cell
	// Bands are the rows of the table of levels against the reference:
	// one level each, or neighbouring levels merged where a level alone
	// has fewer than k records (table redesign).
	Bands []Band
	// Screen[t][s][c] for the thresholds t from 1 to 5 that start a band
	// (nil for the others: they would split a band): s = 0 the positive
	// screens (level t or more), s = 1 the negative ones.
	Screen [Levels]*[2][3]*batch.Cell
	// The figures at the report's threshold.
	Sensitivity, Specificity, PPV, NPV Proportion
	// ROC holds the points of thresholds 6 (no positive screen) down to 0
	// (every record positive).
	ROC []Point
	AUC Value
	// AtPrevalence holds the predictive values at each prevalence asked.
	AtPrevalence []Predictive
}

// Band is a row of the table of levels: the records from level From to To.
type Band struct {
	From, To int
	Cells    [3]*batch.Cell
}

// Proportion is a share of published counts with its 95% Wilson interval.
type Proportion struct {
	Num, Den *batch.Cell
	// Suppressed: the numerator or the denominator is hidden.
	Suppressed bool
	// Computable: shown and with a denominator above 0; Value, Lo and Hi
	// are meaningful only then.
	Computable    bool
	Value, Lo, Hi float64
}

func proportion(num, den *batch.Cell) Proportion {
	p := Proportion{Num: num, Den: den, Suppressed: num.Hidden || den.Hidden}
	if p.Suppressed || den.Count <= 0 {
		return p
	}
	x := min(num.Count, den.Count)
	p.Computable = true
	p.Value = float64(x) / float64(den.Count)
	p.Lo, p.Hi = batch.Wilson(x, den.Count)
	return p
}

// Value is a figure that may not be computable or may be suppressed.
type Value struct {
	Computable, Suppressed bool
	V                      float64
}

// Point is a point of the ROC curve: the records screened positive at a
// threshold among the reference positives (sensitivity, TPR) and among the
// negatives (1 - specificity, FPR).
type Point struct {
	Threshold int
	TPR, FPR  Value
}

// Predictive is the positive and negative predictive value at a prevalence,
// by Bayes' rule from the sensitivity and specificity.
type Predictive struct {
	Prevalence float64
	PPV, NPV   Value
}

// Report builds the figures and applies disclosure control.
func (e *Evaluation) Report(o Options) *Report {
	k := o.MinCell
	r := &Report{By: e.by, MinCell: k, Threshold: o.Threshold, Prevalences: o.Prevalences}
	cols := []*tally{e.all}
	if len(e.by) > 0 {
		keys := make([]string, 0, len(e.groups))
		for key := range e.groups {
			keys = append(keys, key)
		}
		sort.Strings(keys)
		hidden := map[string]bool{}
		if k > 1 {
			hidden = batch.HideGroups(keys, func(key string) (int, []string) { g := e.groups[key]; return g.n.n, g.vals }, len(e.by), k)
		}
		var shown []*tally
		var other *tally
		for _, key := range keys {
			if !hidden[key] {
				shown = append(shown, e.groups[key])
				continue
			}
			if other == nil {
				vals := make([]string, len(e.by))
				for i := range vals {
					vals[i] = batch.OtherGroup
				}
				other = &tally{vals: vals}
			}
			other.merge(e.groups[key])
			r.Merged++
		}
		if len(shown) == 0 && other != nil {
			r.Withheld = true
		} else {
			cols = append(cols, shown...)
			if other != nil {
				cols = append(cols, other)
			}
		}
	}
	floorBands, ceilBands := bands(&e.all.floor, k), bands(&e.all.ceil, k)
	for _, c := range cols {
		r.Groups = append(r.Groups, &Group{Values: c.vals, Floor: newBasis(&c.floor, floorBands), Ceiling: newBasis(&c.ceil, ceilBands)})
	}
	for _, basis := range []func(*Group) *Basis{func(g *Group) *Basis { return g.Floor }, func(g *Group) *Basis { return g.Ceiling }} {
		bs := make([]*Basis, len(r.Groups))
		for i, g := range r.Groups {
			bs[i] = basis(g)
		}
		suppress(bs, k)
		for _, b := range bs {
			b.publish(k)
			b.figures(o)
		}
	}
	return r
}

// bands merges neighbouring levels so that every band of all records has
// 0 or at least k records: from level 0 up, a band grows until it has k
// records (a level with none is a band of its own); a last band short of k
// joins the one before. With k <= 1 every
// level is a band.
func bands(c *[Levels][2]acc, k int) [][2]int {
	var out [][2]int
	from, n := 0, 0
	for l := range Levels {
		n += c[l][0].n + c[l][1].n
		// An empty band gives nothing away: it stays on its own.
		if k <= 1 || n >= k || n == 0 {
			out = append(out, [2]int{from, l})
			from, n = l+1, 0
		}
	}
	if from < Levels {
		if n == 0 || len(out) == 0 {
			out = append(out, [2]int{from, Levels - 1})
		} else {
			out[len(out)-1][1] = Levels - 1
		}
	}
	return out
}

func newBasis(c *[Levels][2]acc, bands [][2]int) *Basis {
	b := &Basis{}
	var tot [2]acc
	for l := range Levels {
		tot[0].merge(c[l][0])
		tot[1].merge(c[l][1])
	}
	all := tot[0]
	all.merge(tot[1])
	b.Total = [3]*batch.Cell{all.cell(), tot[0].cell(), tot[1].cell()}
	for _, bd := range bands {
		var pos, neg acc
		for l := bd[0]; l <= bd[1]; l++ {
			pos.merge(c[l][0])
			neg.merge(c[l][1])
		}
		a := pos
		a.merge(neg)
		b.Bands = append(b.Bands, Band{From: bd[0], To: bd[1], Cells: [3]*batch.Cell{a.cell(), pos.cell(), neg.cell()}})
	}
	for i := 1; i < len(b.Bands); i++ {
		t := b.Bands[i].From
		sc := &[2][3]*batch.Cell{}
		for col := range 3 {
			var pos, neg []*batch.Cell
			for _, bd := range b.Bands {
				if bd.From >= t {
					pos = append(pos, bd.Cells[col])
				} else {
					neg = append(neg, bd.Cells[col])
				}
			}
			sc[0][col] = batch.Sum(pos...)
			sc[1][col] = batch.Sum(neg...)
		}
		b.Screen[t] = sc
	}
	return b
}

// suppress applies the threshold rule with complementary suppression to the
// linked tables of one basis in every group (bs[0] is all records, the sum
// of the others), in the modular way of tau-ARGUS: each two-dimensional
// table is protected on its own, and the tables are protected again until
// no cell is added. The tables: in each group, levels by reference column
// (and the two screens by reference column at each threshold, and the
// reference totals); across groups, levels by group for each reference
// column (and the screens and totals likewise).
func suppress(bs []*Basis, k int) {
	if k <= 1 {
		return
	}
	if n := bs[0].Total[ColAll].True(); n > 0 && n < k {
		// Too few records for any table: every count is hidden.
		for _, b := range bs {
			b.each(func(c *batch.Cell) { c.Hidden = c.True() > 0 })
			for _, c := range b.Total {
				c.Hidden = true
			}
		}
		return
	}
	var blocks [][][]*batch.Cell
	for _, b := range bs {
		conf := make([][]*batch.Cell, len(b.Bands))
		for i := range b.Bands {
			conf[i] = b.Bands[i].Cells[:]
		}
		blocks = append(blocks, conf)
		for _, sc := range b.Screen {
			if sc != nil {
				blocks = append(blocks, [][]*batch.Cell{sc[0][:], sc[1][:]})
			}
		}
	}
	if len(bs) > 1 {
		for col := range 3 {
			conf := make([][]*batch.Cell, len(bs[0].Bands))
			for i := range conf {
				conf[i] = make([]*batch.Cell, len(bs))
				for g, b := range bs {
					conf[i][g] = b.Bands[i].Cells[col]
				}
			}
			blocks = append(blocks, conf)
			for t, sc0 := range bs[0].Screen {
				if sc0 == nil {
					continue
				}
				sc := make([][]*batch.Cell, 2)
				for s := range 2 {
					sc[s] = make([]*batch.Cell, len(bs))
					for g, b := range bs {
						sc[s][g] = b.Screen[t][s][col]
					}
				}
				blocks = append(blocks, sc)
			}
		}
		tot := make([][]*batch.Cell, 2)
		for s := range 2 {
			tot[s] = make([]*batch.Cell, len(bs))
			for g, b := range bs {
				tot[s][g] = b.Total[ColPositive+s]
			}
		}
		blocks = append(blocks, tot)
	}
	// The reference totals of each group: positive and negative add up to
	// the group's records.
	for _, b := range bs {
		blocks = append(blocks, [][]*batch.Cell{{b.Total[ColPositive]}, {b.Total[ColNegative]}})
	}
	for {
		before := hiddenCount(bs)
		for _, blk := range blocks {
			if len(blk) > 0 {
				batch.Protect(blk, k)
			}
		}
		linked(bs)
		if hiddenCount(bs) == before {
			return
		}
	}
}

// linked hides what the sums between the tables would give away: a count
// whose line (the reference columns of a level, the levels of a column, the
// two screens of a threshold) has exactly one hidden cell could be worked
// out by difference, so the smallest other count in that line is hidden
// too. The cell-key noise of the counts shown covers the rest.
func linked(bs []*Basis) {
	fix := func(line []*batch.Cell) {
		hidden, pick := 0, -1
		for i, c := range line {
			if c.Hidden {
				hidden++
			} else if c.True() > 0 && (pick < 0 || c.True() < line[pick].True()) {
				pick = i
			}
		}
		if hidden == 1 && pick >= 0 {
			line[pick].Hidden = true
		}
	}
	for _, b := range bs {
		for _, bd := range b.Bands {
			fix(bd.Cells[:])
		}
		for col := range 3 {
			line := []*batch.Cell{b.Total[col]}
			for _, bd := range b.Bands {
				line = append(line, bd.Cells[col])
			}
			fix(line)
			for _, sc := range b.Screen {
				if sc != nil {
					fix([]*batch.Cell{b.Total[col], sc[0][col], sc[1][col]})
				}
			}
		}
		fix(b.Total[:])
	}
}

func hiddenCount(bs []*Basis) int {
	n := 0
	for _, b := range bs {
		b.each(func(c *batch.Cell) {
			if c.Hidden {
				n++
			}
		})
	}
	return n
}

// each calls f with every cell of the basis.
func (b *Basis) each(f func(*batch.Cell)) {
	for _, c := range b.Total {
		f(c)
	}
	for _, bd := range b.Bands {
		for _, c := range bd.Cells {
			f(c)
		}
	}
	for _, sc := range b.Screen {
		if sc == nil {
			continue
		}
		for s := range 2 {
			for _, c := range sc[s] {
				f(c)
			}
		}
	}
}

func (b *Basis) publish(k int) {
	b.each(func(c *batch.Cell) { batch.PublishCells(k, c) })
}

// figures computes every figure from the published counts. A threshold
// that would split a band has no figures: they would give the band's
// levels away.
func (b *Basis) figures(o Options) {
	t := o.Threshold
	if t < 1 || t >= Levels {
		t = DefaultThreshold
	}
	if sc := b.Screen[t]; sc != nil {
		b.Sensitivity = proportion(sc[0][ColPositive], b.Total[ColPositive])
		b.Specificity = proportion(sc[1][ColNegative], b.Total[ColNegative])
		b.PPV = proportion(sc[0][ColPositive], sc[0][ColAll])
		b.NPV = proportion(sc[1][ColNegative], sc[1][ColAll])
	} else {
		b.Sensitivity, b.Specificity, b.PPV, b.NPV = merged(), merged(), merged(), merged()
	}
	// ROC: from no positive screen (threshold 6) to every record positive
	// (threshold 0), at the thresholds that start a band.
	hasPos, hasNeg := b.Total[ColPositive].Count > 0, b.Total[ColNegative].Count > 0
	b.ROC = []Point{{Threshold: Levels, TPR: Value{Computable: hasPos}, FPR: Value{Computable: hasNeg}}}
	for t := Levels - 1; t >= 1; t-- {
		if b.Screen[t] == nil {
			continue
		}
		b.ROC = append(b.ROC, Point{Threshold: t,
			TPR: value(proportion(b.Screen[t][0][ColPositive], b.Total[ColPositive])),
			FPR: value(proportion(b.Screen[t][0][ColNegative], b.Total[ColNegative]))})
	}
	b.ROC = append(b.ROC, Point{Threshold: 0, TPR: Value{Computable: hasPos, V: 1}, FPR: Value{Computable: hasNeg, V: 1}})
	for i := range b.ROC {
		p := &b.ROC[i]
		if b.Total[ColPositive].Hidden {
			p.TPR = Value{Suppressed: true}
		}
		if b.Total[ColNegative].Hidden {
			p.FPR = Value{Suppressed: true}
		}
	}
	b.AUC = AUC(b.ROC)
	b.AtPrevalence = nil
	for _, p := range o.Prevalences {
		b.AtPrevalence = append(b.AtPrevalence, AtPrevalence(p, b.Sensitivity, b.Specificity))
	}
}

// merged is a figure withheld because its threshold splits a band.
func merged() Proportion {
	h := batch.NewCell(0, 0)
	h.Hidden = true
	return Proportion{Num: h, Den: h, Suppressed: true}
}

func value(p Proportion) Value {
	return Value{Computable: p.Computable, Suppressed: p.Suppressed, V: p.Value}
}

// AUC is the area under the ROC curve by the trapezoid rule, over points
// in order of threshold (from (0,0) to (1,1)). It is suppressed when a
// point is, and not computable when a point is not.
func AUC(points []Point) Value {
	var a Value
	for _, p := range points {
		if p.TPR.Suppressed || p.FPR.Suppressed {
			return Value{Suppressed: true}
		}
		if !p.TPR.Computable || !p.FPR.Computable {
			return Value{}
		}
	}
	if len(points) < 2 {
		return Value{}
	}
	a.Computable = true
	for i := 1; i < len(points); i++ {
		p, q := points[i-1], points[i]
		a.V += (q.FPR.V - p.FPR.V) * (q.TPR.V + p.TPR.V) / 2
	}
	return a
}

// AtPrevalence recomputes the predictive values for a setting with
// prevalence p, by Bayes' rule:
//
//	PPV = sens·p / (sens·p + (1−spec)·(1−p))
//	NPV = spec·(1−p) / (spec·(1−p) + (1−sens)·p)
func AtPrevalence(p float64, sens, spec Proportion) Predictive {
	out := Predictive{Prevalence: p}
	if sens.Suppressed || spec.Suppressed {
		out.PPV.Suppressed, out.NPV.Suppressed = true, true
		return out
	}
	if !sens.Computable || !spec.Computable {
		return out
	}
	se, sp := sens.Value, spec.Value
	if d := se*p + (1-sp)*(1-p); d > 0 {
		out.PPV = Value{Computable: true, V: se * p / d}
	}
	if d := sp*(1-p) + (1-se)*p; d > 0 {
		out.NPV = Value{Computable: true, V: sp * (1 - p) / d}
	}
	return out
}

// PerScreens says a predictive value as "about n of every of": of is 10,
// or 100 or 1000 when fewer than one in 10 (or 100) would be.
func PerScreens(v float64) (n, of int) {
	for _, of := range []int{10, 100, 1000} {
		if n := int(math.Round(v * float64(of))); n >= 1 || of == 1000 {
			return n, of
		}
	}
	return 0, 1000
}
