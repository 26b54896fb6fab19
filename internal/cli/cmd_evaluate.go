package cli

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/continuum-screening/continuum/internal/batch"
	"github.com/continuum-screening/continuum/internal/evaluate"
	"github.com/continuum-screening/continuum/internal/i18n"
	"github.com/continuum-screening/continuum/internal/inert"
	"github.com/continuum-screening/continuum/internal/report"
)

type evaluateOptions struct {
	*Globals
	inputOptions
	Format      string
	Reference   string
	Positive    []string
	Negative    []string
	negativeSet bool
	Threshold   int
	Prevalence  []string
}

func newEvaluateCmd(g *Globals, runF func(*evaluateOptions) error) *cobra.Command {
	o := &evaluateOptions{Globals: g}
	cmd := &cobra.Command{
		Use:  "evaluate [FILE...]",
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Files = args
			o.negativeSet = cmd.Flags().Changed("negative")
			if runF != nil {
				return runF(o)
			}
			return evaluateRun(o)
		},
	}
	// The help texts are filled in when help is shown (help.go).
	f := cmd.Flags()
	f.StringVar(&o.Reference, "reference", "", "")
	f.StringSliceVar(&o.Positive, "positive", nil, "")
	f.StringSliceVar(&o.Negative, "negative", nil, "")
	f.IntVar(&o.Threshold, "threshold", evaluate.DefaultThreshold, "")
	f.StringSliceVar(&o.Prevalence, "prevalence", nil, "")
	f.StringVar(&o.Format, "format", "table", "")
	o.addFlags(cmd, g)
	addModelFlag(cmd, g)
	cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(report.EvaluationFormats, cobra.ShellCompDirectiveNoFileComp))
	cmd.RegisterFlagCompletionFunc("threshold", cobra.FixedCompletions([]string{"1", "2", "3", "4", "5"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// evaluateUsage is a usage error in the user's language.
func evaluateUsage(loc *i18n.Localizer, id string, args ...any) error {
	return evaluateUsageText(loc.T("evaluate.error."+id, args...))
}

// evaluateUsageText is a usage error of evaluate with a message already in
// the user's language.
func evaluateUsageText(msg string) error {
	return &usageError{fmt.Errorf("%s (see 'continuum evaluate --help')", msg)}
}

// check validates the flags against the definitions and returns how the
// reference values are sorted.
func (o *evaluateOptions) check(e *env, m *batch.Mapping) (*evaluate.Reference, []float64, error) {
	loc := e.Loc
	if !slices.Contains(report.EvaluationFormats, o.Format) {
		return nil, nil, evaluateUsage(loc, "format", "Value", strconv.Quote(o.Format))
	}
	if o.Threshold < 1 || o.Threshold >= evaluate.Levels {
		return nil, nil, evaluateUsage(loc, "threshold", "Value", o.Threshold)
	}
	var prev []float64
	for _, s := range o.Prevalence {
		p, ok := parsePrevalence(s)
		if !ok {
			return nil, nil, evaluateUsage(loc, "prevalence", "Value", strconv.Quote(s))
		}
		prev = append(prev, p)
	}
	if msg := o.checkBy(e.Form, loc); msg != "" {
		return nil, nil, evaluateUsageText(msg)
	}
	for _, c := range []struct {
		flag string
		n    int
	}{{"--min-cell", o.MinCell}, {"--max-errors", o.MaxErrors}, {"--jobs", o.Jobs}} {
		if c.n < 0 {
			return nil, nil, evaluateUsage(loc, "count", "Flag", c.flag, "Value", c.n)
		}
	}
	if o.MinCell < batch.SafeMinCell && !o.AllowSmallCells {
		return nil, nil, evaluateUsage(loc, "small-cells", "Value", o.MinCell, "Safe", batch.SafeMinCell)
	}
	if o.GroupSep != "" && strings.TrimSpace(o.GroupSep) != o.GroupSep {
		return nil, nil, evaluateUsage(loc, "group-sep")
	}
	// The reference: from the flags or from the mapping file, not both.
	flags := o.Reference != "" || len(o.Positive) > 0 || o.negativeSet
	if m != nil && m.Reference != nil {
		if flags {
			return nil, nil, evaluateUsage(loc, "reference-twice", "File", m.File)
		}
		o.Reference, o.Positive, o.Negative, o.negativeSet = m.Reference.Column, m.Reference.Positive, m.Reference.Negative, m.Reference.Negative != nil
	}
	if strings.TrimSpace(o.Reference) == "" {
		return nil, nil, evaluateUsage(loc, "no-reference")
	}
	ref := o.Reference
	if ref == "id" || ref == "form" || ref == "version" || e.Form.Question(ref) != nil || slices.Contains(e.Form.Groupings, ref) || (m != nil && ref == m.ID) {
		return nil, nil, evaluateUsage(loc, "reference-role", "Column", ref)
	}
	if _, bad := batch.IdentifyingColumn(ref); bad {
		return nil, nil, evaluateUsage(loc, "reference-name", "Column", ref)
	}
	if harmless, _ := batch.PlatformColumn(ref); harmless {
		return nil, nil, evaluateUsage(loc, "reference-name", "Column", ref)
	}
	if len(o.Positive) == 0 {
		return nil, nil, evaluateUsage(loc, "no-positive", "Column", ref)
	}
	var neg []string
	if o.negativeSet {
		neg = append([]string{}, o.Negative...)
	}
	for _, v := range append(append([]string{}, o.Positive...), neg...) {
		if strings.TrimSpace(v) == "" {
			return nil, nil, evaluateUsage(loc, "value-empty")
		}
	}
	if o.negativeSet && len(neg) == 0 {
		return nil, nil, evaluateUsage(loc, "value-empty")
	}
	r, err := evaluate.NewReference(o.Positive, neg)
	if err != nil {
		return nil, nil, evaluateUsage(loc, "value-both")
	}
	return r, prev, nil
}

// parsePrevalence reads 0.02 or 2%: a proportion strictly between 0 and 1.
func parsePrevalence(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	scale := 1.0
	if t, ok := strings.CutSuffix(s, "%"); ok {
		s, scale = strings.TrimSpace(t), 100
	}
	p, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false
	}
	p /= scale
	return p, p > 0 && p < 1
}

func evaluateRun(o *evaluateOptions) error {
	_ = noCoreDumps()
	ctx, stop := notifyStop()
	defer stop()
	e, err := o.loadEnv()
	if err != nil {
		return err
	}
	read, err := o.read(e)
	if err != nil {
		return err
	}
	ref, prev, err := o.check(e, read.Map)
	if err != nil {
		return err
	}
	read.Reference = o.Reference
	files, ok := o.files(o.Streams)
	if !ok {
		return evaluateUsage(e.Loc, "no-input")
	}
	sink, err := report.NewEvaluationSink(o.Format, o.Streams.Out, report.EvaluationConfig{
		Scorer: e.Scorer, Loc: e.Loc, Reference: o.Reference, By: o.By,
		Outcome: func(rec *batch.Record) evaluate.Outcome { return ref.Classify(read.ReferenceValue(rec)) },
		Options: evaluate.Options{MinCell: o.MinCell, Threshold: o.Threshold, Prevalences: prev},
	})
	if err != nil {
		return err
	}
	st, err := batch.Score(ctx, o.config(o.Streams, e, read, files, sink))
	if err != nil {
		return err
	}
	note := func(s string) { fmt.Fprintln(o.Streams.Err, inert.Text("continuum: "+s)) }
	if st.Interrupted {
		note(e.Loc.T("evaluate.note.interrupted"))
		return errInterrupted
	}
	ev := sink.Evaluation()
	if ev.Unknown > 0 {
		note(e.Loc.N("evaluate.note.unknown", ev.Unknown))
	}
	switch {
	case ev.Records() == 0:
		note(e.Loc.T("evaluate.note.no-records"))
	case ev.Positives() == 0:
		note(e.Loc.T("evaluate.note.no-positive"))
	case ev.Positives() == ev.Records():
		note(e.Loc.T("evaluate.note.no-negative"))
	}
	if err := sink.End(); err != nil {
		return err
	}
	if st.Rejected > 0 {
		return errRejected(st.Rejected)
	}
	return nil
}
