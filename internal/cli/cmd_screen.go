package cli

import (
	"fmt"

	"github.com/spf13/cobra"
)

type screenOptions struct {
	*Globals
}

// The interactive session is built in its own issue; until then `screen`
// prints the questionnaire and says how to score answers.
func newScreenCmd(g *Globals, runF func(*screenOptions) error) *cobra.Command {
	o := &screenOptions{Globals: g}
	return &cobra.Command{
		Use:   "screen",
		Short: "Run a screening session",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(o)
			}
			return screenRun(o)
		},
	}
}

func screenRun(o *screenOptions) error {
	if err := questionsRun(&questionsOptions{Globals: o.Globals}); err != nil {
		return err
	}
	e, err := o.loadEnv()
	if err != nil {
		return err
	}
	fmt.Fprintln(o.Streams.Out)
	fmt.Fprintln(o.Streams.Out, e.Loc.T("screen.interim"))
	return nil
}
