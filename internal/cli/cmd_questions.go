package cli

import (
	"github.com/spf13/cobra"

	"github.com/continuum-screening/continuum/internal/report"
)

type questionsOptions struct {
	*Globals
	JSON bool
}

func newQuestionsCmd(g *Globals, runF func(*questionsOptions) error) *cobra.Command {
	o := &questionsOptions{Globals: g}
	cmd := &cobra.Command{
		Use:  "questions",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(o)
			}
			return questionsRun(o)
		},
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "")
	return cmd
}

func questionsRun(o *questionsOptions) error {
	e, err := o.loadEnv()
	if err != nil {
		return err
	}
	doc := report.NewQuestionnaire(e.Loc, e.Form, e.Scorer.Model().Version())
	if o.JSON {
		return writeJSON(o.Streams.Out, doc)
	}
	t := newInertText(o.Streams.Out)
	doc.WriteText(t, e.Loc, e.Form)
	return t.flush()
}
