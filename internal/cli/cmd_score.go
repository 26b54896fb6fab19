package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/continuum-screening/continuum/internal/batch"
	"github.com/continuum-screening/continuum/internal/report"
)

type scoreOptions struct {
	*Globals
	Files  []string
	Format string
}

func newScoreCmd(g *Globals, runF func(*scoreOptions) error) *cobra.Command {
	o := &scoreOptions{Globals: g}
	cmd := &cobra.Command{
		Use:   "score [FILE...]",
		Short: "Score answer records (JSON Lines or a JSON array) and write one result per line",
		Long: `Score answer records and write one JSON result per line to stdout.

Each record is {"id": "...", "form": "<questionnaire id>", "version": "...",
"answers": {"<question id>": "yes|no|dont-know|prefer-not-to-say"}}.
Records come as JSON Lines or as one JSON array, from files or stdin ("-" or
no file). A rejected record is reported on stderr with its file and line; the
others are still scored, and the exit code is 3.`,
		Example: `  continuum score answers.jsonl
  continuum score --format table < answers.jsonl`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Files = args
			switch o.Format {
			case "json", "table":
			default:
				return usagef("--format %q: expected json or table", o.Format)
			}
			if runF != nil {
				return runF(o)
			}
			return scoreRun(o)
		},
	}
	cmd.Flags().StringVar(&o.Format, "format", "json", "output: json (one result per line) or table")
	cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"json", "table"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func scoreRun(o *scoreOptions) error {
	e, err := o.loadEnv()
	if err != nil {
		return err
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
	var table *tableWriter
	if o.Format == "table" {
		table = newScoreTable(out, e)
	}
	rejected := 0
	var buf []byte
	for _, name := range files {
		var r io.Reader
		display := name
		if name == "-" {
			r, display = o.Streams.In, "stdin"
		} else {
			f, err := os.Open(name)
			if err != nil {
				return err
			}
			defer f.Close()
			r = f
		}
		rd := batch.NewReader(display, r)
		for {
			rec, err := rd.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			var re *batch.RecordError
			if errors.As(err, &re) {
				rejected++
				fmt.Fprintln(o.Streams.Err, "continuum: "+re.Error())
				continue
			}
			if err != nil {
				return err
			}
			answers, err := checkRecord(e, rec)
			if err != nil {
				rejected++
				fmt.Fprintln(o.Streams.Err, "continuum: "+err.Error())
				continue
			}
			res := e.Scorer.Score(answers)
			if table != nil {
				table.row(rec.ID, res)
				continue
			}
			buf = report.AppendJSON(buf[:0], e.Scorer, report.Record{ID: rec.ID, Result: res, Referrals: e.referralsFor(res)}, e.Loc)
			buf = append(buf, '\n')
			if _, err := out.Write(buf); err != nil {
				return err
			}
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

// checkRecord checks the record's id, form and version against the loaded
// definitions and converts its answers.
func checkRecord(e *env, rec *batch.Record) ([]string, error) {
	fail := func(field, format string, args ...any) error {
		return &batch.RecordError{File: rec.File, Line: rec.Line, Field: field, Msg: fmt.Sprintf(format, args...)}
	}
	switch {
	case strings.TrimSpace(rec.ID) == "":
		return nil, fail("id", "missing; expected an anonymous record id")
	case rec.Form == "":
		return nil, fail("form", "missing; expected %q", e.Form.ID)
	case rec.Form != e.Form.ID:
		return nil, fail("form", "answers a different questionnaire; expected %q", e.Form.ID)
	case rec.Version == "":
		return nil, fail("version", "missing; expected %q", e.Form.Version)
	case rec.Version != e.Form.Version:
		return nil, fail("version", "answers another version of %s; expected %q", e.Form.ID, e.Form.Version)
	}
	answers, err := e.Form.Answers(rec.Answers)
	if err != nil {
		return nil, &batch.RecordError{File: rec.File, Line: rec.Line, Msg: err.Error()}
	}
	return answers, nil
}
