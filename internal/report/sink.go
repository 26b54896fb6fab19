package report

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/continuum-screening/continuum/internal/batch"
	"github.com/continuum-screening/continuum/internal/i18n"
	"github.com/continuum-screening/continuum/internal/inert"
	"github.com/continuum-screening/continuum/internal/referral"
	"github.com/continuum-screening/continuum/internal/scoring"
)

// A Sink writes the scored records of a batch run in one output format: one
// result per record as it comes, or aggregate tables at the end.
type Sink interface {
	// Add takes one scored record, in input order.
	Add(rec *batch.Record, res *scoring.Result) error
	// End writes what follows the last record (a summary) and flushes.
	End() error
	// Flush writes out every whole record added so far, and nothing that
	// needs the rest of the input (after an interruption or an error).
	Flush() error
}

// SinkConfig is what a sink may need.
type SinkConfig struct {
	Scorer *scoring.Scorer
	Loc    *i18n.Localizer
	// Rules suggest the referral types of each result; nil: none.
	Rules *referral.Rules
	// By and MinCell shape a summary: its grouping columns and the
	// smallest count it shows.
	By      []string
	MinCell int
	// Wide adds to a per-record CSV one 0/1 column per ILO indicator and per
	// Delphi item; Fields, when not nil, chooses its columns (names from
	// CSVFieldNames or single column names); BOM starts a CSV file with a
	// UTF-8 byte-order mark, so that spreadsheets read non-Latin text right.
	Wide   bool
	Fields []string
	BOM    bool
}

// Format is one output format of `continuum score`.
type Format struct {
	Name string
	// Summary formats write aggregate tables; the others one result per
	// record.
	Summary bool
	// Note is said after the name in the help text, Hint after it in the
	// message for a format name not in the list ("" for nothing).
	Note, Hint string
	new        func(w *bufio.Writer, c SinkConfig) Sink
	// inert: every byte the format writes is inert already (JSON strings
	// escaped by appendString), so it skips the scan of inert.Writer.
	inert bool
}

// formats is the one list of output formats: a new format is a sink and a
// line here.
var formats = []Format{
	{Name: "json", Note: "one result per line", new: newJSONSink, inert: true},
	{Name: "csv", Hint: "for spreadsheets", new: newCSVSink},
	{Name: "table", new: newTableSink},
	{Name: "table", Summary: true, new: summarySink(writeSummaryTable)},
	{Name: "csv", Summary: true, new: summarySink(writeSummaryCSV)},
	{Name: "json", Summary: true, new: summarySink(writeSummaryJSON)},
	{Name: "markdown", Summary: true, new: summarySink(writeSummaryMarkdown)},
}

// Formats lists the names of the per-record formats (summary false) or of
// the summary formats, in the order of the help text.
func Formats(summary bool) []string {
	var out []string
	for _, f := range formats {
		if f.Summary == summary {
			out = append(out, f.Name)
		}
	}
	return out
}

// AllFormats lists every format name once, for shell completion.
func AllFormats() []string {
	var out []string
	for _, f := range formats {
		if !slices.Contains(out, f.Name) {
			out = append(out, f.Name)
		}
	}
	return out
}

// FormatHelp describes the formats of one kind for a help text:
// "json (one result per line), csv or table".
func FormatHelp(summary bool) string {
	var names []string
	for _, f := range formats {
		if f.Summary == summary {
			n := f.Name
			if f.Note != "" {
				n += " (" + f.Note + ")"
			}
			names = append(names, n)
		}
	}
	return orList(names)
}

// FormatChoices says which formats of one kind there are, for a message
// about a name that is none of them: "json or table, or csv for
// spreadsheets".
func FormatChoices(summary bool) string {
	var plain, hinted []string
	for _, f := range formats {
		switch {
		case f.Summary != summary:
		case f.Hint != "":
			hinted = append(hinted, f.Name+" "+f.Hint)
		default:
			plain = append(plain, f.Name)
		}
	}
	out := orList(plain)
	for _, h := range hinted {
		out += ", or " + h
	}
	return out
}

// orList joins names as "a, b or c".
func orList(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// NewSink returns the sink of the named format writing to w; it buffers and
// flushes its own writer.
func NewSink(name string, summary bool, w io.Writer, c SinkConfig) (Sink, error) {
	for _, f := range formats {
		if f.Name == name && f.Summary == summary {
			if c.BOM && f.Name == "csv" {
				if err := writeBOM(w); err != nil {
					return nil, err
				}
			}
			if iw, ok := w.(*inert.Writer); ok && f.inert {
				w = iw.Inert()
			}
			return f.new(bufio.NewWriterSize(w, 64<<10), c), nil
		}
	}
	return nil, fmt.Errorf("unknown format %q", name)
}

// writeBOM starts w with a UTF-8 byte-order mark. A writer that makes its
// output inert (the command line's standard output) would escape the mark
// in a Write, so it is asked to write it.
func writeBOM(w io.Writer) error {
	if b, ok := w.(interface{ BOM() error }); ok {
		return b.BOM()
	}
	_, err := io.WriteString(w, "\ufeff")
	return err
}

// referralIDs returns the suggested referral type ids for a result; never
// nil, so that the JSON has a list.
func (c SinkConfig) referralIDs(r *scoring.Result) []string {
	if c.Rules == nil {
		return []string{}
	}
	return c.Rules.SuggestIDs(r)
}
