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
		Use:   "referrals",
		Short: "Show the kinds of help, the rules that suggest them, and local services",
		Long: `Show the kinds of help a result can lead to, in the order they are
suggested, with what each can do, what to know before going, the risks, and
the rules that suggest it. With a directory of local services (--directory
FILE or CONTINUUM_DIRECTORY) the services of each kind are listed too, with a
caution next to every service that shares data with immigration authorities
or may do so.

The tool never contacts a service and never writes the directory file.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(o)
			}
			return referralsRun(o)
		},
	}
	addDirectoryFlag(cmd, &o.Directory, true)
	cmd.Flags().BoolVar(&o.JSON, "json", false, "machine-readable output")

	vo := &referralsValidateOptions{referralsOptions: o}
	cmd.AddCommand(&cobra.Command{
		Use:   "validate [FILE]",
		Short: "Check a directory of local services",
		Long: `Check a directory of local services strictly: unknown keys, unknown
referral types, services without a way to reach them, values of
shares_data_with_immigration or free other than yes, no or unknown,
oversized files and YAML anchors or aliases are each reported with file,
line and what was expected.

With no FILE the directory of --directory or CONTINUUM_DIRECTORY is checked.`,
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
