package report

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
	"golang.org/x/text/unicode/bidi"
)

// Width is the number of terminal cells s takes: East Asian wide characters
// count two, combining marks none (grapheme clusters, not runes or bytes).
// Every table padded for a terminal measures its cells with it.
func Width(s string) int { return ansi.StringWidth(s) }

// lrm is the left-to-right mark: zero width, strongly left to right.
const lrm = "\u200e"

// rightToLeft reports whether s holds a right-to-left letter (Arabic,
// Hebrew, …).
func rightToLeft(s string) bool {
	for _, r := range s {
		if r < 0x0590 {
			continue
		}
		p, _ := bidi.LookupRune(r)
		if c := p.Class(); c == bidi.R || c == bidi.AL {
			return true
		}
	}
	return false
}

// Cell makes s a table cell that keeps its place in a left-to-right table:
// right-to-left text is closed by a left-to-right mark, so that a terminal
// that reorders bidirectional text does not carry the padding or the next
// column's numbers into it, and a line that starts with it stays left to
// right. Other text is returned as it is.
func Cell(s string) string {
	if rightToLeft(s) {
		return lrm + s + lrm
	}
	return s
}

// PadRight pads s with spaces to width cells (by Width); a wider s is
// returned as it is.
func PadRight(s string, width int) string {
	if n := width - Width(s); n > 0 {
		return s + strings.Repeat(" ", n)
	}
	return s
}

// PadLeft pads s on the left to width cells, for numbers.
func PadLeft(s string, width int) string {
	if n := width - Width(s); n > 0 {
		return strings.Repeat(" ", n) + s
	}
	return s
}

// Align lays out rows of cells as columns padded by display width, two
// spaces apart; the columns whose index is in right are aligned right.
// Trailing spaces are dropped. Cells must already be inert.
func Align(rows [][]string, right func(col int) bool) []string {
	var widths []int
	for _, r := range rows {
		for i, c := range r {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], Width(c))
		}
	}
	out := make([]string, len(rows))
	var b strings.Builder
	for j, r := range rows {
		b.Reset()
		for i, c := range r {
			if i > 0 {
				b.WriteString("  ")
			}
			if right != nil && right(i) {
				b.WriteString(PadLeft(Cell(c), widths[i]))
			} else {
				b.WriteString(PadRight(Cell(c), widths[i]))
			}
		}
		out[j] = strings.TrimRight(b.String(), " ")
	}
	return out
}
