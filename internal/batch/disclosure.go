package batch

// The disclosure control of summaries, for other aggregate outputs (the
// figures of continuum evaluate): the same threshold rule, complementary
// suppression and cell-key perturbation, applied to cells built elsewhere.

// NewCell returns an unpublished cell that counts n records whose keys (see
// RecordKey) add up to key, modulo 2^64.
func NewCell(n int, key uint64) *Cell { return &Cell{a: acc{n: n, key: key}} }

// Sum returns an unpublished cell that counts the records of all the cells
// given: its key is the sum of theirs.
func Sum(cells ...*Cell) *Cell {
	s := &Cell{}
	for _, c := range cells {
		s.a.merge(c.a)
	}
	return s
}

// True is the count before disclosure control. It is for deciding what may
// be shown, never for showing.
func (c *Cell) True() int { return c.a.n }

// Protect hides, in a block of cells whose rows add up to each column and
// whose column 0 is the sum of the other columns, every count from 1 to k-1
// and the cells that would give it away (the hypercube method of
// summaries). Cells already hidden are reused first.
func Protect(block [][]*Cell, k int) {
	if k > 1 {
		protect(block, k)
	}
}

// PublishCells sets the count each cell publishes: the true count with the
// cell-key noise when k > 1 and the cell is shown, the true count when
// disclosure control is off (k <= 1).
func PublishCells(k int, cells ...*Cell) {
	for _, c := range cells {
		c.Count = c.a.n
		if k > 1 && !c.Hidden {
			c.Count = Perturb(c.a.n, c.a.key, k)
		}
	}
}
