package cli

import (
	"github.com/spf13/cobra"

	"github.com/continuum-screening/continuum/internal/report"
)

type indicatorsOptions struct {
	*Globals
	ID   string
	JSON bool
}

func newIndicatorsCmd(g *Globals, runF func(*indicatorsOptions) error) *cobra.Command {
	o := &indicatorsOptions{Globals: g}
	cmd := &cobra.Command{
		Use:  "indicators [ID]",
		Args: cobra.MaximumNArgs(1),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			e, err := g.loadEnv()
			if err != nil {
				return nil, cobra.ShellCompDirectiveError
			}
			return e.Form.Indicators, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.ID = args[0]
			}
			if runF != nil {
				return runF(o)
			}
			return indicatorsRun(o)
		},
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "")
	return cmd
}

func indicatorsRun(o *indicatorsOptions) error {
	e, err := o.loadEnv()
	if err != nil {
		return err
	}
	ids := e.Form.Indicators
	if o.ID != "" {
		if !e.Form.HasIndicator(o.ID) {
			return usagef("unknown indicator %q; expected one of: %s", o.ID, e.Loc.Join(e.Form.Indicators))
		}
		ids = []string{o.ID}
	}
	doc := report.NewIndicators(e.Loc, e.Form, ids)
	if o.JSON {
		return writeJSON(o.Streams.Out, doc)
	}
	t := newInertText(o.Streams.Out)
	doc.WriteText(t, e.Loc, e.Form)
	return t.flush()
}
