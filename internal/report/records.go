package report

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"

	"github.com/continuum-screening/continuum/internal/batch"
	"github.com/continuum-screening/continuum/internal/inert"
	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/scoring"
)

// jsonSink writes one JSON result per line.
type jsonSink struct {
	w   *bufio.Writer
	c   SinkConfig
	buf []byte
}

func newJSONSink(w *bufio.Writer, c SinkConfig) Sink { return &jsonSink{w: w, c: c} }

func (s *jsonSink) Add(rec *batch.Record, res *scoring.Result) error {
	s.buf, _ = s.Render(s.buf[:0], rec, res)
	return s.Write(s.buf)
}

// Render appends the record's line to b; safe for concurrent use, so that
// a batch run renders on several cores (batch.Renderer).
func (s *jsonSink) Render(b []byte, rec *batch.Record, res *scoring.Result) ([]byte, error) {
	b = AppendJSON(b, s.c.Scorer, Record{ID: rec.ID, Result: res, Referrals: s.c.referralIDs(res)}, s.c.Loc)
	return append(b, '\n'), nil
}

// Write writes rendered lines.
func (s *jsonSink) Write(b []byte) error {
	_, err := s.w.Write(b)
	return err
}

func (s *jsonSink) End() error   { return s.w.Flush() }
func (s *jsonSink) Flush() error { return s.w.Flush() }

// csvSink writes one result per row: the fields of the JSON that fit a
// spreadsheet (lists joined by spaces; the trace stays in JSON).
type csvSink struct {
	out *bufio.Writer
	w   *csv.Writer
	c   SinkConfig
	row []string
	err error // writing the header
}

func newCSVSink(w *bufio.Writer, c SinkConfig) Sink {
	s := &csvSink{out: w, w: csv.NewWriter(w), c: c}
	s.err = s.w.Write(csvHeader(c.Scorer.Form()))
	return s
}

// csvHeader names the CSV columns after the JSON fields: a keyed field gives
// one column per key.
func csvHeader(f *q.Form) []string {
	var head []string
	for _, fd := range resultFields {
		switch {
		case fd.jsonOnly:
		case fd.keyed != nil:
			head = append(head, fd.keys(f)...)
		default:
			head = append(head, fd.name)
		}
	}
	return head
}

func (s *csvSink) Add(rec *batch.Record, res *scoring.Result) error {
	if s.err != nil {
		return s.err
	}
	x := &recordView{Record: Record{ID: rec.ID, Result: res, Referrals: s.c.referralIDs(res)}, s: s.c.Scorer, loc: s.c.Loc, cache: cacheFor(s.c.Loc)}
	row := s.row[:0]
	for i := range resultFields {
		fd := &resultFields[i]
		switch {
		case fd.jsonOnly:
		case fd.text != nil:
			row = append(row, fd.text(x))
		case fd.number != nil:
			row = append(row, strconv.Itoa(fd.number(x)))
		case fd.flag != nil:
			row = append(row, strconv.FormatBool(fd.flag(x)))
		case fd.list != nil:
			row = append(row, strings.Join(fd.list(x), " "))
		case fd.keyed != nil:
			for k := range fd.keys(res.Form) {
				row = append(row, fd.keyed(x, k))
			}
		case fd.pairs != nil:
			ps := fd.pairs(x)
			items := make([]string, len(ps))
			for k, in := range ps {
				items[k] = in.Question.ID + "<" + in.Gate.ID
			}
			row = append(row, strings.Join(items, " "))
		}
	}
	for i, c := range row {
		row[i] = neutralise(c)
	}
	s.row = row
	return s.w.Write(row)
}

func (s *csvSink) End() error { return s.Flush() }

func (s *csvSink) Flush() error {
	s.w.Flush()
	if err := s.w.Error(); err != nil {
		return err
	}
	return s.out.Flush()
}

// neutralise keeps a spreadsheet from running a cell as a formula (CSV
// injection): a cell starting with = + - @, a tab or a carriage return gets
// a leading apostrophe. Control characters are made visible.
func neutralise(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		s = "'" + s
	}
	// C1 controls and bidirectional overrides too, not only C0.
	if !inert.Safe(s) {
		return inert.String(s)
	}
	return s
}

// tableSink writes score results as a table, one row per record,
// streaming: the columns are as wide as their (translated) headings, at
// least, measured by display width; a longer id pushes its own row only.
type tableSink struct {
	w      *bufio.Writer
	c      SinkConfig
	widths [5]int
	err    error // writing the header
}

func newTableSink(w *bufio.Writer, c SinkConfig) Sink {
	l := c.Loc
	t := &tableSink{w: w, c: c, widths: [5]int{14, 5, 7, 6, 6}}
	head := []string{l.T("table.id"), l.T("table.level"), l.T("table.range"), l.T("table.danger"), l.T("table.minor"), l.T("table.name")}
	for i := range t.widths {
		t.widths[i] = max(t.widths[i], Width(head[i]))
	}
	_, t.err = t.w.WriteString(t.row(head))
	return t
}

// row pads every cell but the last.
func (t *tableSink) row(cells []string) string {
	var b strings.Builder
	for i, c := range cells {
		if i == len(cells)-1 {
			b.WriteString(Cell(c))
			break
		}
		b.WriteString(PadRight(Cell(c), t.widths[i]))
		b.WriteByte(' ')
	}
	b.WriteByte('\n')
	return b.String()
}

func (t *tableSink) Add(rec *batch.Record, r *scoring.Result) error {
	if t.err != nil {
		return t.err
	}
	l := t.c.Loc
	flag := func(v scoring.Tri) string { return l.T("table.flag-" + v.String()) }
	_, err := t.w.WriteString(t.row([]string{inert.String(rec.ID), strconv.Itoa(int(r.Level)), fmt.Sprintf("%d–%d", r.Level, r.Ceiling),
		flag(r.Danger), flag(r.Minor), LevelName(l, r.Level)}))
	return err
}

func (t *tableSink) End() error   { return t.w.Flush() }
func (t *tableSink) Flush() error { return t.w.Flush() }
