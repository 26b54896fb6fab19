package cli

import (
	"github.com/spf13/cobra"

	"github.com/continuum-screening/continuum/internal/scoring"
)

// modelValue is the --model flag: a scoring-model version, checked when it
// is parsed so that a wrong one is a usage error before anything runs.
type modelValue struct{ m *scoring.Model }

func (v modelValue) String() string {
	if *v.m == nil {
		return scoring.Default.Version()
	}
	return (*v.m).Version()
}

func (v modelValue) Set(s string) error {
	m, err := scoring.ModelByVersion(s)
	if err != nil {
		return err
	}
	*v.m = m
	return nil
}

func (modelValue) Type() string { return "1|2" }

// addModelFlag gives a command that makes results the --model flag.
func addModelFlag(cmd *cobra.Command, g *Globals) {
	cmd.Flags().Var(modelValue{&g.Model}, "model", "")
}
