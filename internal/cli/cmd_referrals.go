package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/continuum-screening/continuum/internal/defs"
	"github.com/continuum-screening/continuum/internal/inert"
	"github.com/continuum-screening/continuum/internal/report"
)

type referralsOptions struct {
	*Globals
	Directory string
	JSON      bool
}

type referralsValidateOptions struct {
	*referralsOptions
	File string
}

func newReferralsCmd(g *Globals, runF func(*referralsOptions) error, validateF func(*referralsValidateOptions) error) *cobra.Command {
	o := &referralsOptions{Globals: g}
	cmd := &cobra.Command{
		Use:  "referrals",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(o)
			}
			return referralsRun(o)
		},
	}
	addDirectoryFlag(cmd, &o.Directory, true)
	cmd.Flags().BoolVar(&o.JSON, "json", false, "")

	vo := &referralsValidateOptions{referralsOptions: o}
	cmd.AddCommand(&cobra.Command{
		Use:               "validate [FILE]",
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: completeFiles(yamlExtensions...),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				vo.File = args[0]
			}
			if validateF != nil {
				return validateF(vo)
			}
			return referralsValidateRun(vo)
		},
	})
	return cmd
}

func referralsRun(o *referralsOptions) error {
	e, err := o.loadEnv()
	if err != nil {
		return err
	}
	dir, err := o.loadDirectory(o.Directory, e.Rules)
	if err != nil {
		return err
	}
	list := report.NewReferralList(e.Loc, e.Rules, dir)
	if o.JSON {
		return writeJSON(o.Streams.Out, list)
	}
	t := newInertText(o.Streams.Out)
	list.WriteText(t, e.Loc, e.Rules, dir)
	return t.flush()
}

func referralsValidateRun(o *referralsValidateOptions) error {
	name := o.File
	if name == "" {
		name = o.directoryPath(o.Directory)
	}
	if name == "" {
		return usagef("no directory file: give FILE, --directory FILE or CONTINUUM_DIRECTORY (see 'continuum referrals validate --help')")
	}
	e, err := o.loadEnv()
	if err != nil {
		return err
	}
	dir, err := defs.ReadDirectory(e.Rules, name)
	if err != nil {
		return err
	}
	fmt.Fprintln(o.Streams.Out, e.Loc.N("referral.validate.ok", len(dir.Services), "File", inert.Line(name)))
	return nil
}
