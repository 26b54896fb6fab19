package cli

import (
	"fmt"
	"io"

	"github.com/continuum-screening/continuum/internal/inert"
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

// sanitize makes text from an input file inert on one line of a table or a
// cell: control characters and escape sequences, line breaks included, are
// shown as visible escapes (package inert holds the one implementation).
func sanitize(s string) string { return inert.String(s) }
