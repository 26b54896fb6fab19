package report

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"slices"
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
// spreadsheet (lists joined by spaces; the trace stays in JSON), with
// --wide one 0/1 column per ILO indicator and per Delphi item, and with
// --fields only the columns chosen.
type csvSink struct {
	out   *bufio.Writer
	w     *csv.Writer
	c     SinkConfig
	items []string // the Delphi items of the wide columns
	sel   []int    // the columns written, as indices of the full row; nil: all
	full  []string
	row   []string
	err   error // writing the header
}

func newCSVSink(w *bufio.Writer, c SinkConfig) Sink {
	s := &csvSink{out: w, w: csv.NewWriter(w), c: c}
	f := c.Scorer.Form()
	if c.Wide {
		s.items = WideItems(f)
	}
	head := csvHeader(f, c.Wide)
	if c.Fields != nil {
		sel, err := selectColumns(f, c.Wide, c.Fields)
		if err != nil {
			s.err = err
			return s
		}
		s.sel = sel
		picked := make([]string, len(sel))
		for i, k := range sel {
			picked[i] = head[k]
		}
		head = picked
	}
	s.err = s.w.Write(head)
	return s
}

// WideItems lists the Delphi items of the --wide columns: those some
// question asks about, in definition order, as the summary counts them.
func WideItems(f *q.Form) []string {
	asked := map[*q.Item]bool{}
	for _, qq := range f.Questions {
		if qq.Item != nil {
			asked[qq.Item] = true
		}
	}
	var ids []string
	for _, it := range f.Items {
		if asked[it] {
			ids = append(ids, it.ID)
		}
	}
	return ids
}

// csvHeader names the CSV columns after the JSON fields: a keyed field gives
// one column per key; --wide adds ilo.<id> and item.<id>.
func csvHeader(f *q.Form, wide bool) []string {
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
	if wide {
		for _, id := range f.Indicators {
			head = append(head, "ilo."+id)
		}
		for _, id := range WideItems(f) {
			head = append(head, "item."+id)
		}
	}
	return head
}

// UnknownFieldError is a --fields name that is neither a field nor a column
// of the CSV.
type UnknownFieldError struct {
	Name  string
	Valid []string // the field names
}

func (e *UnknownFieldError) Error() string {
	return fmt.Sprintf("--fields %s: not a field of the results; expected one of: %s", e.Name, strings.Join(e.Valid, ", "))
}

// CSVFieldNames lists the names --fields takes besides single column names:
// the fields of the CSV (a keyed field stands for all its columns), and
// with --wide ilo and item for all the wide columns of each kind.
func CSVFieldNames(wide bool) []string {
	var out []string
	for _, fd := range resultFields {
		if !fd.jsonOnly {
			out = append(out, fd.name)
		}
	}
	if wide {
		out = append(out, "ilo", "item")
	}
	return out
}

// CheckFields says whether selectColumns takes these --fields names: nil, or
// an *UnknownFieldError.
func CheckFields(f *q.Form, wide bool, names []string) error {
	_, err := selectColumns(f, wide, names)
	return err
}

// selectColumns turns --fields names into indices of the full row, in the
// order given: a field name, a keyed field's name (all its columns), a
// single column's name, or with --wide ilo or item (all of that kind).
func selectColumns(f *q.Form, wide bool, names []string) ([]int, error) {
	head := csvHeader(f, wide)
	// The columns of each name that stands for several.
	groups := map[string][]int{}
	k := 0
	for _, fd := range resultFields {
		switch {
		case fd.jsonOnly:
		case fd.keyed != nil:
			for range fd.keys(f) {
				groups[fd.name] = append(groups[fd.name], k)
				k++
			}
		default:
			k++
		}
	}
	for ; k < len(head); k++ {
		kind, _, _ := strings.Cut(head[k], ".")
		groups[kind] = append(groups[kind], k)
	}
	var sel []int
	for _, n := range names {
		if cols, ok := groups[n]; ok && (n != "ilo" && n != "item" || wide) {
			sel = append(sel, cols...)
			continue
		}
		if i := slices.Index(head, n); i >= 0 {
			sel = append(sel, i)
			continue
		}
		return nil, &UnknownFieldError{Name: n, Valid: CSVFieldNames(wide)}
	}
	return sel, nil
}

func (s *csvSink) Add(rec *batch.Record, res *scoring.Result) error {
	if s.err != nil {
		return s.err
	}
	x := &recordView{Record: Record{ID: rec.ID, Result: res, Referrals: s.c.referralIDs(res)}, s: s.c.Scorer, loc: s.c.Loc, cache: cacheFor(s.c.Loc)}
	row := s.full[:0]
	for i := range resultFields {
		fd := &resultFields[i]
		switch {
		case fd.jsonOnly:
		case fd.text != nil:
			row = append(row, fd.text(x))
		case fd.number != nil:
			row = append(row, strconv.Itoa(fd.number(x)))
		case fd.flag != nil:
			row = append(row, bit(fd.flag(x)))
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
	if s.c.Wide {
		for _, id := range res.Form.Indicators {
			row = append(row, bit(slices.Contains(res.Indicators, id)))
		}
		present := res.Items()
		for _, id := range s.items {
			row = append(row, bit(slices.Contains(present, id)))
		}
	}
	s.full = row
	if s.sel != nil {
		picked := s.row[:0]
		for _, k := range s.sel {
			picked = append(picked, row[k])
		}
		s.row, row = picked, picked
	}
	for i, c := range row {
		row[i] = neutralise(c)
	}
	return s.w.Write(row)
}

// bit writes a flag as 1 or 0, which every analysis tool reads as a number.
func bit(b bool) string {
	if b {
		return "1"
	}
	return "0"
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
