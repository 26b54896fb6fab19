package cli

import (
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/continuum-screening/continuum/internal/batch"
	"github.com/continuum-screening/continuum/internal/i18n"
	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/xlsform"
)

// inputOptions are the options of the commands that read files of answer
// records (score and evaluate): how the records are read, grouped and
// counted, and how the run goes. Each command checks them with its own
// messages.
type inputOptions struct {
	Files           []string
	Map             string
	DropIdentifying bool
	By              []string
	MinCell         int
	AllowSmallCells bool
	MaxErrors       int
	Jobs            int
	Sheet           string
	GroupSep        string
}

// addFlags registers the flags of in on cmd, with their completion. The help
// texts are filled in when help is shown (help.go).
func (in *inputOptions) addFlags(cmd *cobra.Command, g *Globals) {
	f := cmd.Flags()
	f.StringVar(&in.Map, "map", "", "")
	f.BoolVar(&in.DropIdentifying, "drop-identifying", false, "")
	f.StringSliceVar(&in.By, "by", nil, "")
	f.IntVar(&in.MinCell, "min-cell", batch.DefaultMinCell, "")
	f.BoolVar(&in.AllowSmallCells, "allow-small-cells", false, "")
	f.IntVar(&in.MaxErrors, "max-errors", 0, "")
	f.IntVar(&in.Jobs, "jobs", 0, "")
	f.StringVar(&in.Sheet, "sheet", "", "")
	f.StringVar(&in.GroupSep, "group-sep", "", "")
	cmd.RegisterFlagCompletionFunc("map", completeFiles(yamlExtensions...))
	cmd.RegisterFlagCompletionFunc("by", g.completeGroupings(func() []string { return in.By }))
	cmd.RegisterFlagCompletionFunc("sheet", cobra.NoFileCompletions)
	cmd.RegisterFlagCompletionFunc("group-sep", cobra.NoFileCompletions)
	cmd.ValidArgsFunction = completeFiles(answerExtensions...)
}

// read is how the records are read: with --map, or else, for an export of
// the questionnaire's own XLSForm, with the mapping that form implies.
func (in *inputOptions) read(e *env) (*batch.Options, error) {
	read := &batch.Options{Form: e.Form, DropIdentifying: in.DropIdentifying, By: in.By, Sheet: in.Sheet}
	own := func() *batch.Mapping { return xlsform.OwnMapping(e.Form, e.Bundle) }
	if err := read.UseMapping(in.Map, in.GroupSep, own); err != nil {
		return nil, err
	}
	return read, nil
}

// files are the files to read: the arguments, or stdin when there are none
// and it is not a terminal (false: no input at all).
func (in *inputOptions) files(s *Streams) ([]string, bool) {
	if len(in.Files) > 0 {
		return in.Files, true
	}
	return []string{"-"}, !s.InTTY
}

// config is the run of the batch: the files read by read into sink, with
// the options of in.
func (in *inputOptions) config(s *Streams, e *env, read *batch.Options, files []string, sink batch.Sink) batch.Config {
	return batch.Config{
		Read: read, Scorer: e.Scorer, Files: files, Stdin: s.In, Sink: sink,
		MaxErrors: in.MaxErrors, Log: s.Err, Progress: s.ErrTTY, Jobs: in.Jobs,
	}
}

// checkBy checks the grouping columns (--by) against the questionnaire, in
// the language of l: at most batch.MaxBy, each once, each one of the
// questionnaire's groupings and none named like personal data. score and
// evaluate give its message as their usage error.
func (in *inputOptions) checkBy(form *q.Form, l *i18n.Localizer) string {
	if len(in.By) > batch.MaxBy {
		return l.T("output.by.count", "Max", batch.MaxBy)
	}
	for i, g := range in.By {
		switch {
		case slices.Contains(in.By[:i], g):
			return l.T("output.by.twice", "Column", g)
		case len(form.Groupings) == 0:
			return l.T("output.by.none", "Column", g)
		case !slices.Contains(form.Groupings, g):
			return l.T("output.by.unknown", "Column", g, "Allowed", strings.Join(form.Groupings, ", "))
		}
		if _, bad := batch.IdentifyingColumn(g); bad {
			return l.T("output.by.name", "Column", g)
		}
	}
	return ""
}
