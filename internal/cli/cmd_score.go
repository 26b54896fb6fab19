package cli

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/continuum-screening/continuum/internal/batch"
	"github.com/continuum-screening/continuum/internal/inert"
	"github.com/continuum-screening/continuum/internal/report"
	"github.com/continuum-screening/continuum/internal/xlsform"
)

type scoreOptions struct {
	*Globals
	Files           []string
	Format          string
	Map             string
	DropIdentifying bool
	Summary         bool
	By              []string
	MinCell         int
	AllowSmallCells bool
	MaxErrors       int
	Jobs            int
	Sheet           string
	GroupSep        string
	Wide            bool
	Fields          []string
	BOM             bool

	// now is the clock of the progress line; tests replace it.
	now func() time.Time
}

func newScoreCmd(g *Globals, runF func(*scoreOptions) error) *cobra.Command {
	o := &scoreOptions{Globals: g}
	cmd := &cobra.Command{
		Use:   "score [FILE...]",
		Short: "Score answer records (JSON Lines, a JSON array or CSV) and write one result per line, or a summary",
		Long: `Score answer records and write one JSON result per line to stdout.

Each record is {"id": "...", "form": "<questionnaire id>", "version": "...",
"answers": {"<question id>": "yes|no|dont-know|prefer-not-to-say"}}.
Records come as JSON Lines, as one JSON array, as CSV (a header row of
question ids plus an id column; comma, semicolon or tab; UTF-8 with or
without a byte-order mark, or UTF-16 with one) or as an .xlsx workbook (the
first sheet, or --sheet), from files or stdin ("-" or no file), several
files in one run.

A KoboToolbox or ODK Central export (CSV or XLSX) of the form written by
'continuum export xlsform' is recognised and read as it is: XML names or
labels in any shipped language, any group prefix, n/a, NA and -99 read as
not answered; its form id and version must be those of the questionnaire
in use. Any other survey-platform export is read through a mapping file
(--map) that names the question and the choice behind each export column
and value.

The input must be anonymous: columns whose names identify a person, a
device, a place or a moment (Kobo/ODK metadata such as _uuid, start, end,
deviceid, SubmitterName, KEY; names, phone numbers, e-mail, addresses, dates
of birth, ID numbers, employers, places, in the 12 shipped languages) are
refused, or dropped with a warning under --drop-identifying. A column read as
an answer is judged by its values, never dropped; the id and grouping columns
are never dropped. Answers and ids that look like e-mail addresses, phone
numbers, bank accounts, ID numbers, dates, positions or free text reject
their record. No value is ever quoted in a message.

A rejected record is reported on stderr with its file and line; the others
are still scored, and the exit code is 3. A record id seen twice in one run
(the same file given twice, two files that share ids) is a warning naming
both places; both records are counted. --summary writes aggregate tables
instead of results: records per level, dimensions, ILO indicators and Delphi
items with 95% Wilson intervals, optionally by the grouping columns the
questionnaire allows (--by), with disclosure control: groups below
--min-cell (10) records are merged into (other) or the breakdown withheld,
counts below it and the cells that would give them away are hidden (x; in
CSV an empty cell with suppressed 1), and every count shown carries a small
deterministic noise (cell-key method).

For analysis, --format csv gives the level and the ceiling each as a number
and an id, flags as 1 or 0, with --wide one 0/1 column per ILO indicator
and per Delphi item, with --fields only the columns named, and with --bom a
byte-order mark for spreadsheets. docs/output-reference.md lists every field
and column; every output carries a schema_version.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Files = args
			if !cmd.Flags().Changed("format") && o.Summary {
				o.Format = "table"
			}
			if err := o.check(); err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return scoreRun(o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Format, "format", "json", "output: "+report.FormatHelp(false)+"; with --summary: "+report.FormatHelp(true))
	f.StringVar(&o.Map, "map", "", "a mapping `FILE` (YAML) for survey-platform CSV exports: column to question, value to choice")
	f.BoolVar(&o.DropIdentifying, "drop-identifying", false, "drop columns whose names identify a person, with a warning, instead of refusing the file")
	f.BoolVar(&o.Summary, "summary", false, "write aggregate tables instead of one result per record")
	f.StringSliceVar(&o.By, "by", nil, "with --summary: break down by these grouping `COLUMNS` (at most 2; the questionnaire's groupings)")
	f.IntVar(&o.MinCell, "min-cell", batch.DefaultMinCell, "with --summary: hide counts and groups below `N` (disclosure control)")
	f.BoolVar(&o.AllowSmallCells, "allow-small-cells", false, "allow --min-cell below 5; 0 or 1 turns disclosure control off (risks identifying people)")
	f.IntVar(&o.MaxErrors, "max-errors", 0, "stop after `N` rejected records (0: never stop)")
	f.IntVar(&o.Jobs, "jobs", 0, "score on `N` cores at once (0: every core); the output is the same for any N")
	f.StringVar(&o.Sheet, "sheet", "", "the worksheet of an .xlsx input to read (default: the first)")
	f.StringVar(&o.GroupSep, "group-sep", "", "the group separator of an export's column names, such as / . : :: - or _ (default: any of / :: . : -)")
	f.BoolVar(&o.Wide, "wide", false, "with --format csv: add one 0/1 column per ILO indicator (ilo.ID) and per Delphi item (item.ID)")
	f.StringSliceVar(&o.Fields, "fields", nil, "with --format csv: write only these `FIELDS` or columns, in this order (see docs/output-reference.md)")
	f.BoolVar(&o.BOM, "bom", false, "with --format csv: start with a UTF-8 byte-order mark, so that spreadsheets show non-Latin text correctly")
	addModelFlag(cmd, g)
	cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(report.AllFormats(), cobra.ShellCompDirectiveNoFileComp))
	cmd.RegisterFlagCompletionFunc("map", completeFiles(yamlExtensions...))
	cmd.RegisterFlagCompletionFunc("by", g.completeGroupings(func() []string { return o.By }))
	cmd.RegisterFlagCompletionFunc("sheet", cobra.NoFileCompletions)
	cmd.RegisterFlagCompletionFunc("group-sep", cobra.NoFileCompletions)
	cmd.ValidArgsFunction = completeFiles(answerExtensions...)
	return cmd
}

// check validates the flags that do not need the definitions.
func (o *scoreOptions) check() error {
	if !slices.Contains(report.Formats(o.Summary), o.Format) {
		if o.Summary {
			return usagef("--format %q: expected %s with --summary", o.Format, report.FormatChoices(true))
		}
		return usagef("--format %q: expected %s", o.Format, report.FormatChoices(false))
	}
	if !o.Summary && len(o.By) > 0 {
		return usagef("--by needs --summary")
	}
	if len(o.By) > batch.MaxBy {
		return usagef("--by %d columns: expected at most %d (more would single people out)", len(o.By), batch.MaxBy)
	}
	for i, g := range o.By {
		if slices.Contains(o.By[:i], g) {
			return usagef("--by %s given twice", g)
		}
	}
	if o.MinCell < 0 {
		return usagef("--min-cell %d: expected a count, 10 by default", o.MinCell)
	}
	if o.MinCell < batch.SafeMinCell && !o.AllowSmallCells {
		return usagef("--min-cell %d is below %d, which risks identifying people; add --allow-small-cells to insist", o.MinCell, batch.SafeMinCell)
	}
	if o.GroupSep != "" && strings.TrimSpace(o.GroupSep) != o.GroupSep {
		return usagef("--group-sep %q: expected the separator without spaces around it", o.GroupSep)
	}
	if o.MaxErrors < 0 {
		return usagef("--max-errors %d: expected 0 (never stop) or more", o.MaxErrors)
	}
	if o.Jobs < 0 {
		return usagef("--jobs %d: expected a number of cores, or 0 for every core", o.Jobs)
	}
	return nil
}

// checkCSVFlags checks --wide, --fields and --bom, in the user's language.
func (o *scoreOptions) checkCSVFlags(e *env) error {
	l := e.Loc
	for _, fl := range []struct {
		name      string
		set       bool
		perRecord bool // not with --summary
	}{{"--wide", o.Wide, true}, {"--fields", o.Fields != nil, true}, {"--bom", o.BOM, false}} {
		switch {
		case !fl.set:
		case fl.perRecord && o.Summary:
			return &usageError{errors.New(l.T("output.per-record-only", "Flag", fl.name))}
		case o.Format != "csv":
			return &usageError{errors.New(l.T("output.csv-only", "Flag", fl.name))}
		}
	}
	if o.Fields != nil {
		var unknown *report.UnknownFieldError
		if err := report.CheckFields(e.Form, o.Wide, o.Fields); errors.As(err, &unknown) {
			return &usageError{errors.New(l.T("output.fields-unknown", "Name", unknown.Name, "Fields", l.Join(unknown.Valid)))}
		} else if err != nil {
			return err
		}
	}
	return nil
}

func scoreRun(o *scoreOptions) error {
	// The answers pass through memory: no core dump of them (best effort).
	_ = noCoreDumps()
	// Ctrl+C, kill and a closed terminal stop the run after the record in
	// hand, with every output line whole.
	ctx, stop := notifyStop()
	defer stop()
	e, err := o.loadEnv()
	if err != nil {
		return err
	}
	if err := batch.CheckBy(e.Form, o.By); err != nil {
		return &usageError{err}
	}
	if err := o.checkCSVFlags(e); err != nil {
		return err
	}
	read := &batch.Options{Form: e.Form, DropIdentifying: o.DropIdentifying, By: o.By, Sheet: o.Sheet}
	// Without --map, an export of the questionnaire's own XLSForm needs no
	// mapping file.
	own := func() *batch.Mapping { return xlsform.OwnMapping(e.Form, e.Bundle) }
	if err := read.UseMapping(o.Map, o.GroupSep, own); err != nil {
		return err
	}
	files := o.Files
	if len(files) == 0 {
		if o.Streams.InTTY {
			return usagef("no input: give a file of answer records, or pipe them on stdin (see 'continuum score --help')")
		}
		files = []string{"-"}
	}
	sink, err := report.NewSink(o.Format, o.Summary, o.Streams.Out,
		report.SinkConfig{Scorer: e.Scorer, Loc: e.Loc, Rules: e.Rules, By: o.By, MinCell: o.MinCell,
			Wide: o.Wide, Fields: o.Fields, BOM: o.BOM})
	if err != nil {
		return err
	}
	st, err := batch.Score(ctx, batch.Config{
		Read: read, Scorer: e.Scorer, Files: files, Stdin: o.Streams.In, Sink: sink,
		MaxErrors: o.MaxErrors, Log: o.Streams.Err, Progress: o.Streams.ErrTTY, Now: o.now, Jobs: o.Jobs,
		// A summary shows no ids: a warning about a repeated one does not
		// name it either.
		NameIDs: !o.Summary,
	})
	if err != nil {
		sink.Flush()
		return err
	}
	if st.Interrupted {
		// Each record is written whole, so what goes out is whole lines
		// only. A partial summary would mislead: none is written.
		if err := sink.Flush(); err != nil {
			return err
		}
		// English, as every other message of score (for analysts).
		msg := fmt.Sprintf("interrupted after %d record(s) (%d scored, %d rejected); every line written is complete", st.Scored+st.Rejected, st.Scored, st.Rejected)
		if o.Summary {
			msg += "; no summary was written: it would count only part of the input"
		}
		fmt.Fprintln(o.Streams.Err, inert.Text("continuum: "+msg))
		return errInterrupted
	}
	if err := sink.End(); err != nil {
		return err
	}
	if st.Rejected > 0 {
		return errRejected(st.Rejected)
	}
	return nil
}
