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
)

type scoreOptions struct {
	*Globals
	inputOptions
	Format  string
	Summary bool
	Wide    bool
	Fields  []string
	BOM     bool

	// now is the clock of the progress line; tests replace it.
	now func() time.Time
}

func newScoreCmd(g *Globals, runF func(*scoreOptions) error) *cobra.Command {
	o := &scoreOptions{Globals: g}
	cmd := &cobra.Command{
		Use: "score [FILE...]",
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
	f.StringVar(&o.Format, "format", "json", "")
	f.BoolVar(&o.Summary, "summary", false, "")
	f.BoolVar(&o.Wide, "wide", false, "")
	f.StringSliceVar(&o.Fields, "fields", nil, "")
	f.BoolVar(&o.BOM, "bom", false, "")
	o.addFlags(cmd, g)
	addModelFlag(cmd, g)
	cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(report.AllFormats(), cobra.ShellCompDirectiveNoFileComp))
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
	if msg := o.checkBy(e.Form, e.Loc); msg != "" {
		return &usageError{errors.New(msg)}
	}
	if err := o.checkCSVFlags(e); err != nil {
		return err
	}
	read, err := o.read(e)
	if err != nil {
		return err
	}
	files, ok := o.files(o.Streams)
	if !ok {
		return usagef("no input: give a file of answer records, or pipe them on stdin (see 'continuum score --help')")
	}
	sink, err := report.NewSink(o.Format, o.Summary, o.Streams.Out,
		report.SinkConfig{Scorer: e.Scorer, Loc: e.Loc, Rules: e.Rules, By: o.By, MinCell: o.MinCell,
			Wide: o.Wide, Fields: o.Fields, BOM: o.BOM})
	if err != nil {
		return err
	}
	run := o.config(o.Streams, e, read, files, sink)
	run.Now = o.now
	// A summary shows no ids: a warning about a repeated one does not name
	// it either.
	run.NameIDs = !o.Summary
	st, err := batch.Score(ctx, run)
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
