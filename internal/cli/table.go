package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/continuum-screening/continuum/internal/report"
	"github.com/continuum-screening/continuum/internal/scoring"
)

// tableWriter writes score results as a fixed-width table, one row per
// record, streaming.
type tableWriter struct {
	w io.Writer
	e *env
}

func newScoreTable(w io.Writer, e *env) *tableWriter {
	l := e.Loc
	fmt.Fprintf(w, "%-14s %-5s %-7s %-6s %-6s %s\n", l.T("table.id"), l.T("table.level"), l.T("table.range"),
		l.T("table.danger"), l.T("table.minor"), l.T("table.name"))
	return &tableWriter{w: w, e: e}
}

func (t *tableWriter) row(id string, r *scoring.Result) {
	l := t.e.Loc
	flag := func(v scoring.Tri) string { return l.T("table.flag-" + v.String()) }
	fmt.Fprintf(t.w, "%-14s %-5d %-7s %-6s %-6s %s\n", sanitize(id), r.Level, fmt.Sprintf("%d–%d", r.Level, r.Ceiling),
		flag(r.Danger), flag(r.Minor), report.LevelName(l, r.Level))
}

// sanitize makes text from an input file inert on a terminal: control
// characters and escape sequences are shown as visible escapes.
func sanitize(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			fmt.Fprintf(&b, "\\x%02x", r)
		case r == '\u2028' || r == '\u2029' || (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069'):
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
