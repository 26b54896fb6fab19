package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os/signal"
	"time"

	"github.com/spf13/cobra"

	"github.com/continuum-screening/continuum/internal/batch"
	"github.com/continuum-screening/continuum/internal/inert"
	"github.com/continuum-screening/continuum/internal/report"
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
Records come as JSON Lines, as one JSON array, or as CSV (a header row of
question ids plus an id column; comma or semicolon; UTF-8 with or without a
byte-order mark), from files or stdin ("-" or no file), several files in one
run. A survey-platform export (KoboToolbox, ODK) is read through a mapping
file (--map) that names the question and the choice behind each export
column and value.

The input must be anonymous: columns whose names identify a person, a
device, a place or a moment (Kobo/ODK metadata such as _uuid, start, end,
deviceid; names, phone numbers, e-mail, addresses, dates of birth, document
numbers) are refused, or dropped with a warning under --drop-identifying;
answers and ids that look like e-mail addresses, phone numbers or free text
reject their record. No value is ever quoted in a message.

A rejected record is reported on stderr with its file and line; the others
are still scored, and the exit code is 3. --summary writes aggregate tables
instead of results: records per level, dimensions, ILO indicators and Delphi
items with 95% Wilson intervals, optionally by the grouping columns the
questionnaire allows (--by), with disclosure control: groups below
--min-cell (10) records are merged into (other) or the breakdown withheld,
counts below it and the cells that would give them away are hidden (x), and
every count shown carries a small deterministic noise (cell-key method).`,
		Example: `  continuum score answers.jsonl
  continuum score --format csv answers.csv > results.csv
  continuum score --map kobo-map.yaml --drop-identifying export.csv
  continuum score --summary --format markdown --by sector answers.csv`,
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
	f.StringVar(&o.Format, "format", "json", "output: json (one result per line), csv or table; with --summary: table, csv, json or markdown")
	f.StringVar(&o.Map, "map", "", "a mapping `FILE` (YAML) for survey-platform CSV exports: column to question, value to choice")
	f.BoolVar(&o.DropIdentifying, "drop-identifying", false, "drop columns whose names identify a person, with a warning, instead of refusing the file")
	f.BoolVar(&o.Summary, "summary", false, "write aggregate tables instead of one result per record")
	f.StringSliceVar(&o.By, "by", nil, "with --summary: break down by these grouping `COLUMNS` (at most 2; the questionnaire's groupings)")
	f.IntVar(&o.MinCell, "min-cell", batch.DefaultMinCell, "with --summary: hide counts and groups below `N` (disclosure control)")
	f.BoolVar(&o.AllowSmallCells, "allow-small-cells", false, "allow --min-cell below 5; 0 or 1 turns disclosure control off (risks identifying people)")
	f.IntVar(&o.MaxErrors, "max-errors", 0, "stop after `N` rejected records (0: never stop)")
	cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"json", "csv", "table", "markdown"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// check validates the flags that do not need the definitions.
func (o *scoreOptions) check() error {
	if o.Summary {
		switch o.Format {
		case "table", "csv", "json", "markdown":
		default:
			return usagef("--format %q: expected table, csv, json or markdown with --summary", o.Format)
		}
	} else {
		switch o.Format {
		case "json", "csv", "table":
		default:
			return usagef("--format %q: expected json or table, or csv for spreadsheets", o.Format)
		}
		if len(o.By) > 0 {
			return usagef("--by needs --summary")
		}
	}
	if len(o.By) > batch.MaxBy {
		return usagef("--by %d columns: expected at most %d (more would single people out)", len(o.By), batch.MaxBy)
	}
	for i, g := range o.By {
		for _, h := range o.By[:i] {
			if g == h {
				return usagef("--by %s given twice", g)
			}
		}
	}
	if o.MinCell < 0 {
		return usagef("--min-cell %d: expected a count, 10 by default", o.MinCell)
	}
	if o.MinCell < batch.SafeMinCell && !o.AllowSmallCells {
		return usagef("--min-cell %d is below %d, which risks identifying people; add --allow-small-cells to insist", o.MinCell, batch.SafeMinCell)
	}
	if o.MaxErrors < 0 {
		return usagef("--max-errors %d: expected 0 (never stop) or more", o.MaxErrors)
	}
	return nil
}

func scoreRun(o *scoreOptions) error {
	// The answers pass through memory: no core dump of them (best effort).
	_ = noCoreDumps()
	// Ctrl+C, kill and a closed terminal stop the run after the record in
	// hand, with every output line whole.
	ctx, stop := signal.NotifyContext(context.Background(), stopSignals...)
	defer stop()
	e, err := o.loadEnv()
	if err != nil {
		return err
	}
	for _, g := range o.By {
		if !contains(e.Form.Groupings, g) {
			allowed := "it declares none (groupings: in the questionnaire file)"
			if len(e.Form.Groupings) > 0 {
				allowed = "expected one of: " + joinComma(e.Form.Groupings)
			}
			return usagef("--by %s: not a grouping the questionnaire %s allows; %s", g, e.Form.ID, allowed)
		}
	}
	opts := &batch.Options{Form: e.Form, DropIdentifying: o.DropIdentifying, By: o.By}
	if o.Map != "" {
		if opts.Map, err = batch.LoadMappingFile(o.Map, e.Form); err != nil {
			return err
		}
	}
	files := o.Files
	if len(files) == 0 {
		if o.Streams.InTTY {
			return usagef("no input: give a file of answer records, or pipe them on stdin (see 'continuum score --help')")
		}
		files = []string{"-"}
	}
	out := bufio.NewWriterSize(o.Streams.Out, 64<<10)
	defer out.Flush()
	prog := newProgress(o)

	var sink recordSink
	var summary *batch.Summary
	switch {
	case o.Summary:
		summary = batch.NewSummary(e.Form, o.By)
	case o.Format == "table":
		sink = newScoreTable(out, e)
	case o.Format == "csv":
		sink = newScoreCSV(out, e)
	default:
		sink = &jsonSink{w: out, e: e}
	}

	rejected, scored := 0, 0
	done := make(chan struct{})
	defer close(done)
	records := readRecords(o, opts, files, done)
	stopped, interrupted := ctx.Done(), false
read:
	for {
		var items []readItem
		select {
		case <-stopped:
			interrupted = true
			break read
		case b, ok := <-records:
			if !ok {
				break read
			}
			items = b
		}
		for _, it := range items {
			select {
			case <-stopped:
				interrupted = true
				break read
			default:
			}
			if it.warn != "" {
				prog.println("continuum: warning: " + it.warn)
				continue
			}
			var re *batch.RecordError
			if errors.As(it.err, &re) {
				rejected++
				prog.println("continuum: " + re.Error())
				if o.MaxErrors > 0 && rejected >= o.MaxErrors {
					prog.println(fmt.Sprintf("continuum: stopped after %d rejected records (--max-errors)", rejected))
					break read
				}
				continue
			}
			if it.err != nil {
				return it.err
			}
			res := e.Scorer.Score(it.answers)
			if summary != nil {
				if err := summary.Add(res, it.rec.ID, it.rec.Groups); err != nil {
					return err
				}
			} else if err := sink.write(report.Record{ID: it.rec.ID, Result: res, Referrals: e.referralsFor(res)}); err != nil {
				return err
			}
			scored++
			prog.tick()
		}
	}
	prog.done()
	if interrupted {
		// Each record is written whole into the buffer, so what goes out is
		// whole lines only. A partial summary would mislead: none is written.
		if err := out.Flush(); err != nil {
			return err
		}
		// English, as every other message of score (for analysts).
		msg := fmt.Sprintf("interrupted after %d record(s) (%d scored, %d rejected); every line written is complete", scored+rejected, scored, rejected)
		if summary != nil {
			msg += "; no summary was written: it would count only part of the input"
		}
		prog.println("continuum: " + msg)
		return errInterrupted
	}
	if summary != nil {
		if err := writeSummary(out, o.Format, summary.Table(o.MinCell)); err != nil {
			return err
		}
	}
	if err := out.Flush(); err != nil {
		return err
	}
	if rejected > 0 {
		return errRejected(rejected)
	}
	return nil
}

// recordSink writes one scored record in the chosen format.
type recordSink interface {
	write(rec report.Record) error
}

type jsonSink struct {
	w   *bufio.Writer
	e   *env
	buf []byte
}

func (s *jsonSink) write(rec report.Record) error {
	s.buf = report.AppendJSON(s.buf[:0], s.e.Scorer, rec, s.e.Loc)
	s.buf = append(s.buf, '\n')
	_, err := s.w.Write(s.buf)
	return err
}

// progress shows records and records per second on stderr, only when stderr
// is a terminal, at most twice a second.
type progress struct {
	on         bool
	w          io.Writer
	now        func() time.Time
	start, at  time.Time
	n          int
	shown      bool
	checkEvery int
}

func newProgress(o *scoreOptions) *progress {
	now := o.now
	if now == nil {
		now = time.Now
	}
	p := &progress{on: o.Streams.ErrTTY, w: o.Streams.Err, now: now, checkEvery: 1024}
	if p.on {
		p.start = now()
		p.at = p.start
	}
	return p
}

func (p *progress) tick() {
	p.n++
	if !p.on || p.n%p.checkEvery != 0 {
		return
	}
	t := p.now()
	if t.Sub(p.at) < 500*time.Millisecond {
		return
	}
	p.at = t
	rate := float64(p.n) / t.Sub(p.start).Seconds()
	fmt.Fprintf(p.w, "\r\x1b[K%d records, %.0f records/s", p.n, rate)
	p.shown = true
}

// println writes a message line, clearing the progress line first. The
// message may name a file or a column from the input: it is made inert.
func (p *progress) println(msg string) {
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
	fmt.Fprintln(p.w, inert.Text(msg))
}

func (p *progress) done() {
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func joinComma(list []string) string {
	out := ""
	for i, s := range list {
		if i > 0 {
			out += ", "
		}
		out += s
	}
	return out
}
