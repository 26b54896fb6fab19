package report

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/continuum-screening/continuum/internal/batch"
	"github.com/continuum-screening/continuum/internal/contract"
	"github.com/continuum-screening/continuum/internal/i18n"
	"github.com/continuum-screening/continuum/internal/inert"
	"github.com/continuum-screening/continuum/internal/scoring"
)

// summarySinkT counts the records and writes the aggregate tables at the
// end, in one of the summary formats. Interrupted, it writes nothing: a
// partial summary would mislead.
type summarySinkT struct {
	w       *bufio.Writer
	sum     *batch.Summary
	model   scoring.Model
	minCell int
	loc     *i18n.Localizer
	write   summaryWriter
}

// summaryWriter writes the tables in one format; the human-readable ones
// take their headings, column titles and notes from loc, the CSV and JSON
// keep their English names (the contract).
type summaryWriter func(w *bufio.Writer, t *batch.SummaryTable, loc *i18n.Localizer) error

func summarySink(write summaryWriter) func(*bufio.Writer, SinkConfig) Sink {
	return func(w *bufio.Writer, c SinkConfig) Sink {
		return &summarySinkT{w: w, sum: batch.NewSummary(c.Scorer.Form(), c.By), model: c.Scorer.Model(), minCell: c.MinCell, loc: c.Loc, write: write}
	}
}

func (s *summarySinkT) Add(rec *batch.Record, res *scoring.Result) error {
	return s.sum.Add(res, rec.ID, rec.Groups)
}

func (s *summarySinkT) End() error {
	t := s.sum.Table(s.minCell)
	t.Model = s.model.Version()
	if err := s.write(s.w, t, s.loc); err != nil {
		return err
	}
	return s.w.Flush()
}

func (s *summarySinkT) Flush() error { return s.w.Flush() }

// writeSummaryCSV writes the tables long: one row per table row and group.
// Every numeric column parses as a number: a hidden count is an empty cell
// with its own 0/1 flag, never "x" or "<10" among the numbers, and a level
// row gives the level's number and id in columns of their own.
func writeSummaryCSV(w *bufio.Writer, t *batch.SummaryTable, _ *i18n.Localizer) error {
	cw := csv.NewWriter(w)
	head := append([]string{"table", "row", "level"}, t.By...)
	cw.Write(append(head, "n", "suppressed", "of", "of_suppressed", "percent", "ci95_low", "ci95_high"))
	for _, r := range summaryRows(t) {
		id, level := splitLevel(r)
		rec := append([]string{r.table, id, level}, r.groups...)
		n, of := r.n, r.of
		if r.hidden {
			n = ""
		}
		if r.ofHidden {
			of = ""
		}
		rec = append(rec, n, bit(r.hidden), of, bit(r.ofHidden), r.pct, r.lo, r.hi)
		for i := range rec {
			rec[i] = neutralise(rec[i])
		}
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

// writeSummaryMarkdown writes the tables as Markdown: the values from files
// (form, version, group names and values) escaped, the catalogue's own
// titles and notes not, but for the | of a table cell.
func writeSummaryMarkdown(w *bufio.Writer, t *batch.SummaryTable, loc *i18n.Localizer) error {
	title := loc.T("output.summary.title", "Form", markdownText(t.Form), "Version", markdownText(t.Version), "Model", t.Model)
	fmt.Fprintf(w, "## %s\n\n", inert.String(title))
	head := []string{markdownCell(loc.T("output.summary.col.table")), markdownCell(loc.T("output.summary.col.row"))}
	for _, b := range t.By {
		head = append(head, markdownText(b))
	}
	for _, c := range summaryNumberTitles(loc) {
		head = append(head, markdownCell(c))
	}
	lines := [][]string{head}
	for _, r := range summaryRows(t) {
		cells := append([]string{r.table, r.row}, r.groups...)
		cells = append(cells, r.n, r.of, r.pct, r.ci())
		for i := range cells {
			if i < 2+len(r.groups) {
				cells[i] = markdownText(cells[i])
			} else {
				cells[i] = markdownCell(cells[i])
			}
		}
		lines = append(lines, cells)
	}
	for _, l := range markdownTable(lines, len(head)-4) {
		fmt.Fprintln(w, l)
	}
	_, err := fmt.Fprintf(w, "\n%s\n", inert.String(suppressionNote(t, loc)))
	return err
}

// summaryNumberTitles are the titles of the columns of numbers: n, of, %
// and the 95% interval.
func summaryNumberTitles(loc *i18n.Localizer) []string {
	return []string{loc.T("output.summary.col.n"), loc.T("output.summary.col.of"), loc.T("output.summary.col.percent"), loc.T("output.summary.col.ci95")}
}

// writeSummaryTable writes the tables for a terminal: columns padded, the
// numbers to the right.
func writeSummaryTable(w *bufio.Writer, t *batch.SummaryTable, loc *i18n.Localizer) error {
	fmt.Fprintf(w, "%s\n", inert.String(loc.T("output.summary.title", "Form", t.Form, "Version", t.Version, "Model", t.Model)))
	head := append([]string{loc.T("output.summary.col.table"), loc.T("output.summary.col.row")}, titles(t.By)...)
	head = append(head, summaryNumberTitles(loc)...)
	lines := [][]string{head}
	for _, r := range summaryRows(t) {
		cells := append([]string{r.table, r.row}, r.groups...)
		cells = append(cells, r.n, r.of, r.pct, r.ci())
		lines = append(lines, cells)
	}
	for _, l := range lines {
		for i, c := range l {
			l[i] = inert.String(c)
		}
	}
	numbers := len(head) - 4 // the numbers to the right
	for _, l := range Align(lines, func(i int) bool { return i >= numbers }) {
		fmt.Fprintln(w, l)
	}
	_, err := fmt.Fprintln(w, inert.String(suppressionNote(t, loc)))
	return err
}

// titles are the grouping columns' names as column titles: their first
// letter upper case (a whole letter, whatever its script).
func titles(by []string) []string {
	out := make([]string, len(by))
	for i, s := range by {
		r, n := utf8.DecodeRuneInString(s)
		out[i] = string(unicode.ToUpper(r)) + s[n:]
	}
	return out
}

func suppressionNote(t *batch.SummaryTable, loc *i18n.Localizer) string {
	if t.MinCell <= 1 {
		return loc.T("output.summary.control-off", "MinCell", t.MinCell)
	}
	note := loc.T("output.summary.control", "Max", t.MinCell-1, "Noise", batch.MaxNoise)
	switch {
	case t.Withheld:
		note += " " + loc.T("output.summary.withheld", "MinCell", t.MinCell)
	case t.Merged > 0:
		note += " " + loc.N("output.summary.merged", t.Merged)
	}
	return note
}

// markdownText makes a label from a file (a group value, an org's row id)
// plain text in Markdown: every ASCII punctuation character is
// backslash-escaped (CommonMark allows it for all of them), so no raw HTML,
// link, image, emphasis or autolink ("http:", "www.", "@") can form.
func markdownText(s string) string {
	s = inert.String(s)
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 && strings.ContainsRune("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// markdownTable lays out a Markdown table with its columns padded by
// display width, so that the source lines up in a terminal or an editor too;
// the columns from numbers on are aligned right.
func markdownTable(rows [][]string, numbers int) []string {
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], Width(c), 3)
		}
	}
	line := func(r []string) string {
		var b strings.Builder
		b.WriteString("|")
		for i, c := range r {
			b.WriteString(" ")
			if i >= numbers {
				b.WriteString(PadLeft(c, widths[i]))
			} else {
				b.WriteString(PadRight(c, widths[i]))
			}
			b.WriteString(" |")
		}
		return b.String()
	}
	out := []string{line(rows[0])}
	var rule strings.Builder
	rule.WriteString("|")
	for i, w := range widths {
		if i >= numbers {
			rule.WriteString(strings.Repeat("-", w+1) + ":|")
		} else {
			rule.WriteString(strings.Repeat("-", w+2) + "|")
		}
	}
	out = append(out, rule.String())
	for _, r := range rows[1:] {
		out = append(out, line(r))
	}
	return out
}

func markdownCell(s string) string {
	s = inert.String(s)
	return strings.ReplaceAll(s, "|", `\|`)
}

// summaryRow is one rendered line: a row of a table in one group.
type summaryRow struct {
	table, row   string
	groups       []string
	n, of        string
	pct, lo, hi  string
	count, total int
	hidden       bool
	ofHidden     bool // the group's total, of, is hidden
	share        bool // a percentage is shown
	lof, hif     float64
}

// splitLevel splits the row of a level table ("2 labour-exploitation")
// into the level's id and number; other rows have no number.
func splitLevel(r summaryRow) (id, level string) {
	if r.table == "level" || r.table == "level_ceiling" {
		if n, id, ok := strings.Cut(r.row, " "); ok {
			return id, n
		}
	}
	return r.row, ""
}

func (r summaryRow) ci() string {
	if r.lo == "" {
		return ""
	}
	return r.lo + "–" + r.hi
}

func summaryRows(t *batch.SummaryTable) []summaryRow {
	var out []summaryRow
	const hiddenText = "x"
	for g, grp := range t.Groups {
		vals := grp.Values
		if vals == nil {
			vals = make([]string, len(t.By))
			for i := range vals {
				vals[i] = "all"
			}
		}
		for _, r := range t.Rows {
			c := r.Cells[g]
			sr := summaryRow{table: r.Table, row: r.ID, groups: vals, count: c.Count, total: grp.N.Count, hidden: c.Hidden}
			if c.Hidden {
				sr.n = hiddenText
			} else {
				sr.n = strconv.Itoa(c.Count)
			}
			if r.Share {
				if grp.N.Hidden {
					sr.of, sr.ofHidden = hiddenText, true
				} else {
					sr.of = strconv.Itoa(grp.N.Count)
				}
				if !c.Hidden && !grp.N.Hidden && grp.N.Count > 0 {
					lo, hi := batch.Wilson(c.Count, grp.N.Count)
					sr.share, sr.lof, sr.hif = true, lo, hi
					sr.pct = strconv.FormatFloat(100*float64(c.Count)/float64(grp.N.Count), 'f', 1, 64)
					sr.lo = strconv.FormatFloat(100*lo, 'f', 1, 64)
					sr.hi = strconv.FormatFloat(100*hi, 'f', 1, 64)
				}
			}
			out = append(out, sr)
		}
	}
	return out
}

// writeSummaryJSON writes the tables as one indented JSON document.
func writeSummaryJSON(w *bufio.Writer, t *batch.SummaryTable, _ *i18n.Localizer) error {
	rows := summaryRows(t)
	type jrow struct {
		Table      string            `json:"table"`
		Row        string            `json:"row"`
		Level      *int              `json:"level,omitempty"`
		Groups     map[string]string `json:"groups,omitempty"`
		N          *int              `json:"n"`
		Suppressed bool              `json:"suppressed"`
		Of         *int              `json:"of,omitempty"`
		Percent    *float64          `json:"percent,omitempty"`
		CI95       []float64         `json:"ci95,omitempty"`
	}
	type doc struct {
		SchemaVersion string   `json:"schema_version"`
		Form          string   `json:"form"`
		FormVersion   string   `json:"form_version"`
		ModelVersion  string   `json:"model_version"`
		MinCell       int      `json:"min_cell"`
		By            []string `json:"by"`
		Rows          []jrow   `json:"rows"`
	}
	d := doc{SchemaVersion: contract.Version, Form: t.Form, FormVersion: t.Version, ModelVersion: t.Model, MinCell: t.MinCell, By: t.By, Rows: []jrow{}}
	if d.By == nil {
		d.By = []string{}
	}
	round := func(f float64) float64 { v, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'f', 4, 64), 64); return v }
	for _, r := range rows {
		id, level := splitLevel(r)
		jr := jrow{Table: r.table, Row: id, Suppressed: r.hidden}
		if level != "" {
			l, _ := strconv.Atoi(level)
			jr.Level = &l
		}
		if len(t.By) > 0 {
			jr.Groups = map[string]string{}
			for i, b := range t.By {
				jr.Groups[b] = r.groups[i]
			}
		}
		if !r.hidden {
			n := r.count
			jr.N = &n
		}
		if r.of != "" && r.of != "x" {
			of := r.total
			jr.Of = &of
		}
		if r.share {
			p100 := round(100 * float64(r.count) / float64(r.total))
			jr.Percent = &p100
			jr.CI95 = []float64{round(100 * r.lof), round(100 * r.hif)}
		}
		d.Rows = append(d.Rows, jr)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(d)
}
