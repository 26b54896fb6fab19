package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/continuum-screening/continuum/internal/contract"
	"github.com/continuum-screening/continuum/internal/scoring"
)

// Version and Commit are set at release build time with -ldflags -X; without
// them the module version and VCS data from the build info are used.
var (
	Version = ""
	Commit  = ""
)

func buildVersion() (version, commit string) {
	version, commit = Version, Commit
	if info, ok := debug.ReadBuildInfo(); ok {
		if version == "" && info.Main.Version != "" {
			version = info.Main.Version
		}
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && commit == "" {
				commit = s.Value
			}
		}
	}
	if version == "" {
		version = "(devel)"
	}
	if commit == "" {
		commit = "unknown"
	}
	return version, commit
}

type versionOptions struct {
	*Globals
	JSON bool
}

func newVersionCmd(g *Globals, runF func(*versionOptions) error) *cobra.Command {
	o := &versionOptions{Globals: g}
	cmd := &cobra.Command{
		Use:  "version",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(o)
			}
			return versionRun(o)
		},
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "")
	return cmd
}

func versionRun(o *versionOptions) error {
	e, err := o.loadEnv()
	if err != nil {
		return err
	}
	v, c := buildVersion()
	if o.JSON {
		return writeJSON(o.Streams.Out, map[string]any{
			"schema_version": contract.Version, "version": v, "commit": c, "form": e.Form.ID, "form_version": e.Form.Version,
			"model_version": scoring.Default.Version(), "model_versions": scoring.ModelVersions(),
			"go": runtime.Version(), "os": runtime.GOOS, "arch": runtime.GOARCH})
	}
	// The toolchain and platform: fixed for a given build, so reproducible
	// builds stay byte-identical.
	fmt.Fprintf(o.Streams.Out, "continuum %s (commit %s)\nbuilt with %s for %s/%s\nquestionnaire %s %s\nscoring model %s (default; models %s with --model)\n",
		v, c, runtime.Version(), runtime.GOOS, runtime.GOARCH, e.Form.ID, e.Form.Version, scoring.Default.Version(), strings.Join(scoring.ModelVersions(), ", "))
	return nil
}
