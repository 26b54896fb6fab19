package cli

import (
	"fmt"

	"github.com/spf13/cobra"
)

type validateOptions struct {
	*Globals
	Path string
}

func newValidateCmd(g *Globals, runF func(*validateOptions) error) *cobra.Command {
	o := &validateOptions{Globals: g}
	cmd := &cobra.Command{
		Use:               "validate [PATH]",
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: completeFiles(yamlExtensions...),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.Path = args[0]
			}
			if runF != nil {
				return runF(o)
			}
			return validateRun(o)
		},
	}
	return cmd
}

func validateRun(o *validateOptions) error {
	g := *o.Globals
	if o.Path != "" {
		g.Indicators = o.Path
	}
	e, err := g.loadEnv()
	if err != nil {
		return err
	}
	short, long := e.Form.PathLengths()
	fmt.Fprintf(o.Streams.Out, "ok: %s %s: %d questions; %d when nothing is found, %d at most; %d of %d Delphi items asked\n",
		e.Form.ID, e.Form.Version, len(e.Form.Questions), short, long,
		len(e.Form.Items)-len(e.Form.ItemsNotAsked()), len(e.Form.Items))
	return nil
}
