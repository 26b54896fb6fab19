package cli

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/continuum-screening/continuum/internal/handout"
	"github.com/continuum-screening/continuum/internal/inert"
	"github.com/continuum-screening/continuum/internal/report"
)

type handoutOptions struct {
	*Globals
	Kind      string
	Format    string
	Paper     string
	Also      string
	Answers   bool
	Output    string
	Scenarios []string // scenario ids to print; all when empty

	formatSet bool
}

func newHandoutCmd(g *Globals, runF func(*handoutOptions) error) *cobra.Command {
	o := &handoutOptions{Globals: g}
	cmd := &cobra.Command{
		Use:  "handout --kind indicators|questionnaire|scenarios [SCENARIO...]",
		Args: cobra.ArbitraryArgs,
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			e, err := g.loadEnv()
			if err != nil {
				return nil, cobra.ShellCompDirectiveError
			}
			set, err := e.Defs.Scenarios()
			if err != nil {
				return nil, cobra.ShellCompDirectiveError
			}
			return set.IDs(), cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Scenarios = args
			o.formatSet = cmd.Flags().Changed("format")
			if runF != nil {
				return runF(o)
			}
			return handoutRun(o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Kind, "kind", "", "")
	f.StringVar(&o.Format, "format", handout.FormatHTML, "")
	f.StringVar(&o.Paper, "paper", handout.PaperA4, "")
	f.StringVar(&o.Also, "also", "", "")
	f.BoolVar(&o.Answers, "answers", false, "")
	addModelFlag(cmd, g)
	f.StringVarP(&o.Output, "output", "o", "", "")
	cmd.RegisterFlagCompletionFunc("kind", fixedCompletion(handout.Kinds))
	cmd.RegisterFlagCompletionFunc("format", fixedCompletion(handout.Formats))
	cmd.RegisterFlagCompletionFunc("paper", fixedCompletion(handout.Papers))
	cmd.RegisterFlagCompletionFunc("also", completeLanguages)
	cmd.RegisterFlagCompletionFunc("output", completeFiles("html", "md"))
	return cmd
}

func fixedCompletion(values []string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return values, cobra.ShellCompDirectiveNoFileComp
	}
}

func oneOf(flag, value string, allowed []string) error {
	for _, a := range allowed {
		if value == a {
			return nil
		}
	}
	return usagef("--%s: %q; expected one of: %s", flag, value, strings.Join(allowed, ", "))
}

func handoutRun(o *handoutOptions) error {
	// Check the command line before loading anything.
	if o.Kind == "" {
		return usagef("--kind: missing; expected one of: %s", strings.Join(handout.Kinds, ", "))
	}
	if err := oneOf("kind", o.Kind, handout.Kinds); err != nil {
		return err
	}
	if !o.formatSet && o.Output != "" {
		switch strings.ToLower(filepath.Ext(o.Output)) {
		case ".md", ".markdown":
			o.Format = handout.FormatMarkdown
		}
	}
	if err := oneOf("format", o.Format, handout.Formats); err != nil {
		return err
	}
	if err := oneOf("paper", o.Paper, handout.Papers); err != nil {
		return err
	}
	if o.Kind != handout.KindScenarios {
		if o.Answers {
			return usagef("--answers: only for --kind scenarios")
		}
		if len(o.Scenarios) > 0 {
			return usagef("scenario ids are only for --kind scenarios; got %s", strings.Join(o.Scenarios, " "))
		}
	}
	e, err := o.loadEnv()
	if err != nil {
		return err
	}
	also := ""
	if o.Also != "" {
		if also, err = e.Bundle.MatchFlag("--also", o.Also); err != nil {
			return &usageError{err}
		}
		if also == e.Loc.Lang() {
			return usagef("--also: %q is already the language of the handout; expected another language", o.Also)
		}
	}
	opts := handout.Options{Kind: o.Kind, Format: o.Format, Paper: o.Paper, Form: e.Form, Scorer: e.Scorer,
		Answers: o.Answers, Bundle: e.Bundle, Lang: e.Loc.Lang(), Also: also}
	if o.Kind == handout.KindScenarios {
		set, err := e.Defs.Scenarios()
		if err != nil {
			if o.Indicators != "" {
				return errors.Join(errors.New("the practice scenarios do not fit the questionnaire from --indicators:"), err)
			}
			return err
		}
		if len(o.Scenarios) == 0 {
			opts.Scenarios = set.Scenarios
		}
		for _, id := range o.Scenarios {
			sc := set.Scenario(id)
			if sc == nil {
				return usagef("unknown scenario %q; expected one of: %s", id, strings.Join(set.IDs(), ", "))
			}
			opts.Scenarios = append(opts.Scenarios, sc)
		}
	}
	var buf bytes.Buffer
	missing, err := handout.Render(&buf, opts)
	if err != nil {
		return err
	}
	for _, line := range report.MissingTranslations(e.Loc, e.Bundle, e.Bundle.Codes(), missing) {
		fmt.Fprintln(o.Streams.Err, line)
	}
	if err := o.Streams.writeOutput(o.Output, buf.Bytes()); err != nil || o.Output == "" {
		return err
	}
	// Say where it went: stdout stays empty, and a typo in the name would
	// otherwise go unnoticed.
	fmt.Fprintln(o.Streams.Err, e.Loc.T("handout.written", "File", inert.Line(o.Output)))
	return nil
}
