package report

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/continuum-screening/continuum/internal/batch"
	"github.com/continuum-screening/continuum/internal/contract"
	"github.com/continuum-screening/continuum/internal/evaluate"
	"github.com/continuum-screening/continuum/internal/i18n"
	"github.com/continuum-screening/continuum/internal/inert"
	"github.com/continuum-screening/continuum/internal/scoring"
)

// EvaluationFormats are the output formats of continuum evaluate.
var EvaluationFormats = []string{"table", "csv", "json", "markdown"}

// EvaluationConfig is what an evaluation sink needs.
type EvaluationConfig struct {
	Scorer *scoring.Scorer
	Loc    *i18n.Localizer
	// Reference names the reference column (for the heading).
	Reference string
	// Outcome classifies a record's reference value.
	Outcome func(rec *batch.Record) evaluate.Outcome
	By      []string
	Options evaluate.Options
}

// EvaluationSink counts scored records against their reference and writes
// the figures at the end; it never writes anything of a record.
type EvaluationSink struct {
	w      *bufio.Writer
	format string
	c      EvaluationConfig
	eval   *evaluate.Evaluation
}

// NewEvaluationSink returns the sink of a format of EvaluationFormats.
func NewEvaluationSink(format string, w io.Writer, c EvaluationConfig) (*EvaluationSink, error) {
	switch format {
	case "table", "csv", "json", "markdown":
	default:
		return nil, fmt.Errorf("unknown format %q", format)
	}
	return &EvaluationSink{w: bufio.NewWriter(w), format: format, c: c, eval: evaluate.New(c.By)}, nil
}

// Add counts one scored record.
func (s *EvaluationSink) Add(rec *batch.Record, res *scoring.Result) error {
	return s.eval.Add(res.Level, res.Ceiling, s.c.Outcome(rec), batch.RecordKey(rec.ID, res), rec.Groups)
}

// Evaluation is what has been counted so far.
func (s *EvaluationSink) Evaluation() *evaluate.Evaluation { return s.eval }

// Flush writes out what is buffered (nothing before End).
func (s *EvaluationSink) Flush() error { return s.w.Flush() }

// End writes the figures.
func (s *EvaluationSink) End() error {
	r := s.eval.Report(s.c.Options)
	d := &evalDoc{r: r, c: s.c, loc: s.c.Loc, form: s.c.Scorer.Form().ID, version: s.c.Scorer.Form().Version, model: s.c.Scorer.Model().Version()}
	var err error
	switch s.format {
	case "table":
		err = d.text(s.w, false)
	case "markdown":
		err = d.text(s.w, true)
	case "csv":
		err = d.csv(s.w)
	case "json":
		err = d.json(s.w)
	}
	if err != nil {
		return err
	}
	return s.w.Flush()
}

type evalDoc struct {
	r                    *evaluate.Report
	c                    EvaluationConfig
	loc                  *i18n.Localizer
	form, version, model string
}

const hiddenCount = "x"

func countText(c *batch.Cell) string {
	if c.Hidden {
		return hiddenCount
	}
	return strconv.Itoa(c.Count)
}

func pct(v float64) string { return strconv.FormatFloat(100*v, 'f', 1, 64) }

func prop(v float64) string { return strconv.FormatFloat(v, 'f', 3, 64) }

// groupName is a group's label: its values joined, or all records.
func (d *evalDoc) groupName(g *evaluate.Group) string {
	if g.Values == nil {
		return d.loc.T("evaluate.out.all")
	}
	var parts []string
	for i, v := range g.Values {
		parts = append(parts, d.r.By[i]+"="+v)
	}
	return strings.Join(parts, ", ")
}

func (d *evalDoc) valueText(v evaluate.Value, f func(float64) string) string {
	switch {
	case v.Suppressed:
		return hiddenCount
	case !v.Computable:
		return d.loc.T("evaluate.out.not-computable")
	}
	return f(v.V)
}

// figureCells: n, of, %, 95% CI of a proportion, as shown in a table.
func (d *evalDoc) figureCells(p evaluate.Proportion) []string {
	out := []string{countText(p.Num), countText(p.Den)}
	switch {
	case p.Suppressed:
		return append(out, hiddenCount, "")
	case !p.Computable:
		return append(out, d.loc.T("evaluate.out.not-computable"), "")
	}
	return append(out, pct(p.Value), pct(p.Lo)+"–"+pct(p.Hi))
}

// text writes the figures for a terminal (padded columns) or as Markdown.
func (d *evalDoc) text(w *bufio.Writer, md bool) error {
	loc := d.loc
	// Values from files and flags (ids, column names, group values) are
	// escaped in Markdown; the catalogue's own sentences are not.
	v := func(s string) string {
		if md {
			return markdownText(s)
		}
		return s
	}
	head := func(level int, s string) {
		if md {
			fmt.Fprintf(w, "%s %s\n\n", strings.Repeat("#", level), inert.String(s))
		} else {
			fmt.Fprintf(w, "%s\n", inert.String(s))
			if level <= 3 {
				// Underlined to the heading's display width, whatever its script.
				fmt.Fprintf(w, "%s\n", strings.Repeat("=-~"[level-1:level], Width(inert.String(s))))
			}
		}
	}
	para := func(s string) { fmt.Fprintf(w, "%s\n\n", inert.String(s)) }
	table := func(header []string, rows [][]string) {
		if md {
			writeMarkdownTable(w, header, rows)
		} else {
			writePadded(w, header, rows)
		}
		fmt.Fprintln(w)
	}
	head(2, loc.T("evaluate.out.title", "Form", v(d.form), "Version", v(d.version), "Model", d.model))
	para(loc.T("evaluate.out.reference", "Column", v(d.c.Reference), "Threshold", d.r.Threshold))
	for _, g := range d.r.Groups {
		if len(d.r.Groups) > 1 || g.Values != nil {
			head(2, loc.T("evaluate.out.group", "Group", v(d.groupName(g))))
		}
		f := g.Floor
		para(loc.T("evaluate.out.records", "N", countText(f.Total[evaluate.ColAll]),
			"Positive", countText(f.Total[evaluate.ColPositive]), "Negative", countText(f.Total[evaluate.ColNegative])))
		for bi, b := range []*evaluate.Basis{g.Floor, g.Ceiling} {
			title := loc.T("evaluate.out.floor")
			if bi == 1 {
				title = loc.T("evaluate.out.ceiling")
			}
			head(3, title)
			head(4, loc.T("evaluate.out.figures", "Threshold", d.r.Threshold))
			var rows [][]string
			for _, fg := range []struct {
				id string
				p  evaluate.Proportion
			}{{"sensitivity", b.Sensitivity}, {"specificity", b.Specificity}, {"ppv", b.PPV}, {"npv", b.NPV}} {
				rows = append(rows, append([]string{loc.T("evaluate.out.figure." + fg.id)}, d.figureCells(fg.p)...))
			}
			table([]string{loc.T("evaluate.out.col.figure"), loc.T("evaluate.out.col.n"), loc.T("evaluate.out.col.of"),
				loc.T("evaluate.out.col.percent"), loc.T("evaluate.out.col.ci95")}, rows)

			head(4, loc.T("evaluate.out.levels"))
			rows = nil
			for _, bd := range b.Bands {
				c := bd.Cells
				rows = append(rows, []string{bandName(bd), countText(c[0]), countText(c[1]), countText(c[2])})
			}
			rows = append(rows, []string{"0–5", countText(b.Total[0]), countText(b.Total[1]), countText(b.Total[2])})
			table([]string{loc.T("evaluate.out.col.level"), loc.T("evaluate.out.col.all"), loc.T("evaluate.out.col.positive"), loc.T("evaluate.out.col.negative")}, rows)

			head(4, loc.T("evaluate.out.roc"))
			rows = nil
			for _, p := range b.ROC {
				rows = append(rows, []string{strconv.Itoa(p.Threshold), d.valueText(p.TPR, prop), d.valueText(p.FPR, prop)})
			}
			table([]string{loc.T("evaluate.out.col.threshold"), loc.T("evaluate.out.col.sensitivity"), loc.T("evaluate.out.col.fpr")}, rows)
			para(loc.T("evaluate.out.auc", "AUC", d.valueText(b.AUC, prop)))

			if len(b.AtPrevalence) > 0 {
				head(4, loc.T("evaluate.out.prevalence-heading"))
				rows = nil
				var sentences []string
				for _, p := range b.AtPrevalence {
					rows = append(rows, []string{percentText(p.Prevalence) + "%", d.valueText(p.PPV, prop), d.valueText(p.NPV, prop)})
					if p.PPV.Computable {
						n, of := evaluate.PerScreens(p.PPV.V)
						sentences = append(sentences, loc.T("evaluate.out.prevalence", "Prevalence", percentText(p.Prevalence), "N", n, "Of", of))
					}
				}
				table([]string{loc.T("evaluate.out.col.prevalence"), loc.T("evaluate.out.col.ppv"), loc.T("evaluate.out.col.npv")}, rows)
				for _, s := range sentences {
					para(s)
				}
			}
		}
	}
	para(d.controlNote())
	_, err := fmt.Fprintf(w, "%s\n", inert.String(loc.T("evaluate.out.advice")))
	return err
}

// bandName names a row of the table of levels: "4 forced-labour", or
// "2–3" for merged levels.
func bandName(b evaluate.Band) string {
	if b.From == b.To {
		return strconv.Itoa(b.From) + " " + scoring.LevelIDs[b.From]
	}
	return strconv.Itoa(b.From) + "–" + strconv.Itoa(b.To)
}

// percentText writes a prevalence as a percentage, without trailing zeros.
func percentText(p float64) string {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(100*p, 'f', 6, 64), 64)
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func (d *evalDoc) controlNote() string {
	loc := d.loc
	if d.r.MinCell <= 1 {
		return loc.T("evaluate.out.control-off", "MinCell", d.r.MinCell)
	}
	note := loc.T("evaluate.out.control", "Max", d.r.MinCell-1, "Noise", batch.MaxNoise)
	if d.merged() {
		note += " " + loc.T("evaluate.out.bands", "MinCell", d.r.MinCell)
	}
	switch {
	case d.r.Withheld:
		note += " " + loc.T("evaluate.out.withheld")
	case d.r.Merged > 0:
		note += " " + loc.N("evaluate.out.merged", d.r.Merged)
	}
	return note
}

// merged reports whether some levels share a row.
func (d *evalDoc) merged() bool {
	for _, b := range []*evaluate.Basis{d.r.Groups[0].Floor, d.r.Groups[0].Ceiling} {
		if len(b.Bands) < evaluate.Levels {
			return true
		}
	}
	return false
}

func writeMarkdownTable(w *bufio.Writer, header []string, rows [][]string) {
	for i := range header {
		header[i] = markdownCell(header[i])
	}
	fmt.Fprintf(w, "| %s |\n", strings.Join(header, " | "))
	fmt.Fprintf(w, "|%s\n", strings.Repeat("---|", len(header)))
	for _, r := range rows {
		cells := make([]string, len(r))
		for i, c := range r {
			if i == 0 {
				cells[i] = markdownText(c)
			} else {
				cells[i] = markdownCell(c)
			}
		}
		fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
	}
}

// writePadded writes columns padded to their display widths, the first to
// the left and the numbers to the right.
func writePadded(w *bufio.Writer, header []string, rows [][]string) {
	lines := append([][]string{header}, rows...)
	for _, l := range lines {
		for i, c := range l {
			l[i] = inert.String(c)
		}
	}
	for _, l := range Align(lines, func(col int) bool { return col > 0 }) {
		fmt.Fprintln(w, l)
	}
}

// csvCount is a count's two CSV cells, as in the summary CSV: the number
// and a 0/1 flag; a hidden count is an empty cell with the flag 1, never
// text among the numbers; no count (nil) is empty with the flag 0.
func csvCount(c *batch.Cell) []string {
	switch {
	case c == nil:
		return []string{"", "0"}
	case c.Hidden:
		return []string{"", "1"}
	}
	return []string{strconv.Itoa(c.Count), "0"}
}

// csv writes the figures long: one row per figure, count or point. Every
// numeric column parses as a number.
func (d *evalDoc) csv(w *bufio.Writer) error {
	cw := csv.NewWriter(w)
	head := []string{"basis", "table", "row", "reference", "prevalence"}
	head = append(head, d.r.By...)
	cw.Write(append(head, "n", "suppressed", "of", "of_suppressed", "percent", "ci95_low", "ci95_high", "value"))
	for _, g := range d.r.Groups {
		vals := g.Values
		if vals == nil {
			vals = make([]string, len(d.r.By))
			for i := range vals {
				vals[i] = "all"
			}
		}
		for bi, b := range []*evaluate.Basis{g.Floor, g.Ceiling} {
			basis := "floor"
			if bi == 1 {
				basis = "ceiling"
			}
			// row writes one line: n and of are counts (nil: none), the
			// rest the figure's columns.
			row := func(table, id, ref, prev string, n, of *batch.Cell, rest ...string) {
				rec := append([]string{basis, table, id, ref, prev}, vals...)
				rec = append(rec, csvCount(n)...)
				rec = append(rec, csvCount(of)...)
				rec = append(rec, rest...)
				for i := range rec {
					rec[i] = neutralise(rec[i])
				}
				cw.Write(rec)
			}
			num := func(v evaluate.Value) string {
				if v.Suppressed || !v.Computable {
					return ""
				}
				return strconv.FormatFloat(v.V, 'f', 4, 64)
			}
			for i, id := range []string{"all", "positive", "negative"} {
				row("records", "records", id, "", b.Total[i], nil, "", "", "", "")
			}
			for _, fg := range []struct {
				id string
				p  evaluate.Proportion
			}{{"sensitivity", b.Sensitivity}, {"specificity", b.Specificity}, {"ppv", b.PPV}, {"npv", b.NPV}} {
				p := fg.p
				per, lo, hi, v := "", "", "", ""
				if p.Computable {
					per, lo, hi = strconv.FormatFloat(100*p.Value, 'f', 1, 64), strconv.FormatFloat(100*p.Lo, 'f', 1, 64), strconv.FormatFloat(100*p.Hi, 'f', 1, 64)
					v = strconv.FormatFloat(p.Value, 'f', 4, 64)
				}
				row("figure", fg.id, "", "", p.Num, p.Den, per, lo, hi, v)
			}
			for _, bd := range b.Bands {
				for i, id := range []string{"all", "positive", "negative"} {
					row("level", bandName(bd), id, "", bd.Cells[i], nil, "", "", "", "")
				}
			}
			for _, p := range b.ROC {
				t := strconv.Itoa(p.Threshold)
				var pn, pof, nn, nof *batch.Cell
				if p.Threshold >= 1 && p.Threshold < evaluate.Levels && b.Screen[p.Threshold] != nil {
					sc := b.Screen[p.Threshold][0]
					pn, pof = sc[evaluate.ColPositive], b.Total[evaluate.ColPositive]
					nn, nof = sc[evaluate.ColNegative], b.Total[evaluate.ColNegative]
				}
				row("roc", t, "positive", "", pn, pof, "", "", "", num(p.TPR))
				row("roc", t, "negative", "", nn, nof, "", "", "", num(p.FPR))
			}
			row("auc", "auc", "", "", nil, nil, "", "", "", num(b.AUC))
			for _, p := range b.AtPrevalence {
				pv := strconv.FormatFloat(p.Prevalence, 'f', -1, 64)
				row("prevalence", "ppv", "", pv, nil, nil, "", "", "", num(p.PPV))
				row("prevalence", "npv", "", pv, nil, nil, "", "", "", num(p.NPV))
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// json writes the figures as one indented JSON document: counts are null
// when hidden, figures null when hidden or not computable, with the reason.
func (d *evalDoc) json(w *bufio.Writer) error {
	round := func(f float64) float64 { v, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'f', 4, 64), 64); return v }
	count := func(c *batch.Cell) *int {
		if c.Hidden {
			return nil
		}
		n := c.Count
		return &n
	}
	type jvalue struct {
		Value      *float64 `json:"value"`
		Computable bool     `json:"computable"`
		Suppressed bool     `json:"suppressed"`
	}
	val := func(v evaluate.Value) jvalue {
		j := jvalue{Computable: v.Computable && !v.Suppressed, Suppressed: v.Suppressed}
		if j.Computable {
			x := round(v.V)
			j.Value = &x
		}
		return j
	}
	type jfigure struct {
		N          *int      `json:"n"`
		Of         *int      `json:"of"`
		Percent    *float64  `json:"percent"`
		CI95       []float64 `json:"ci95"`
		Computable bool      `json:"computable"`
		Suppressed bool      `json:"suppressed"`
	}
	fig := func(p evaluate.Proportion) jfigure {
		j := jfigure{N: count(p.Num), Of: count(p.Den), Computable: p.Computable, Suppressed: p.Suppressed}
		if p.Computable {
			x := round(100 * p.Value)
			j.Percent = &x
			j.CI95 = []float64{round(100 * p.Lo), round(100 * p.Hi)}
		}
		return j
	}
	type jlevel struct {
		From     int    `json:"from"`
		To       int    `json:"to"`
		ID       string `json:"id,omitempty"`
		All      *int   `json:"all"`
		Positive *int   `json:"positive"`
		Negative *int   `json:"negative"`
	}
	type jpoint struct {
		Threshold         int    `json:"threshold"`
		Sensitivity       jvalue `json:"sensitivity"`
		FalsePositiveRate jvalue `json:"false_positive_rate"`
	}
	type jprev struct {
		Prevalence float64 `json:"prevalence"`
		PPV        jvalue  `json:"ppv"`
		NPV        jvalue  `json:"npv"`
	}
	type jbasis struct {
		Records           *int     `json:"records"`
		ReferencePositive *int     `json:"reference_positive"`
		ReferenceNegative *int     `json:"reference_negative"`
		Sensitivity       jfigure  `json:"sensitivity"`
		Specificity       jfigure  `json:"specificity"`
		PPV               jfigure  `json:"ppv"`
		NPV               jfigure  `json:"npv"`
		Levels            []jlevel `json:"levels"`
		ROC               []jpoint `json:"roc"`
		AUC               jvalue   `json:"auc"`
		AtPrevalence      []jprev  `json:"at_prevalence"`
	}
	basis := func(b *evaluate.Basis) jbasis {
		j := jbasis{Records: count(b.Total[0]), ReferencePositive: count(b.Total[1]), ReferenceNegative: count(b.Total[2]),
			Sensitivity: fig(b.Sensitivity), Specificity: fig(b.Specificity), PPV: fig(b.PPV), NPV: fig(b.NPV), AUC: val(b.AUC),
			Levels: []jlevel{}, ROC: []jpoint{}, AtPrevalence: []jprev{}}
		for _, bd := range b.Bands {
			c := bd.Cells
			jl := jlevel{From: bd.From, To: bd.To, All: count(c[0]), Positive: count(c[1]), Negative: count(c[2])}
			if bd.From == bd.To {
				jl.ID = scoring.LevelIDs[bd.From]
			}
			j.Levels = append(j.Levels, jl)
		}
		for _, p := range b.ROC {
			j.ROC = append(j.ROC, jpoint{Threshold: p.Threshold, Sensitivity: val(p.TPR), FalsePositiveRate: val(p.FPR)})
		}
		for _, p := range b.AtPrevalence {
			j.AtPrevalence = append(j.AtPrevalence, jprev{Prevalence: p.Prevalence, PPV: val(p.PPV), NPV: val(p.NPV)})
		}
		return j
	}
	type jgroup struct {
		Groups  map[string]string `json:"groups,omitempty"`
		Floor   jbasis            `json:"floor"`
		Ceiling jbasis            `json:"ceiling"`
	}
	type doc struct {
		SchemaVersion     string    `json:"schema_version"`
		Form              string    `json:"form"`
		FormVersion       string    `json:"form_version"`
		ModelVersion      string    `json:"model_version"`
		Reference         string    `json:"reference"`
		Threshold         int       `json:"threshold"`
		Prevalences       []float64 `json:"prevalences"`
		MinCell           int       `json:"min_cell"`
		By                []string  `json:"by"`
		MergedGroups      int       `json:"merged_groups"`
		BreakdownWithheld bool      `json:"breakdown_withheld"`
		Groups            []jgroup  `json:"groups"`
	}
	dd := doc{SchemaVersion: contract.Version, Form: d.form, FormVersion: d.version, ModelVersion: d.model, Reference: d.c.Reference, Threshold: d.r.Threshold,
		Prevalences: d.r.Prevalences, MinCell: d.r.MinCell, By: d.r.By, MergedGroups: d.r.Merged, BreakdownWithheld: d.r.Withheld}
	if dd.By == nil {
		dd.By = []string{}
	}
	if dd.Prevalences == nil {
		dd.Prevalences = []float64{}
	}
	for _, g := range d.r.Groups {
		jg := jgroup{Floor: basis(g.Floor), Ceiling: basis(g.Ceiling)}
		if g.Values != nil {
			jg.Groups = map[string]string{}
			for i, b := range d.r.By {
				jg.Groups[b] = g.Values[i]
			}
		}
		dd.Groups = append(dd.Groups, jg)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(dd)
}
