package cli

import (
	"github.com/spf13/cobra"

	"github.com/continuum-screening/continuum/internal/referral"
)

// addDirectoryFlag adds --directory to a command that shows referrals.
func addDirectoryFlag(cmd *cobra.Command, p *string, persistent bool) {
	fs := cmd.Flags()
	if persistent {
		fs = cmd.PersistentFlags()
	}
	fs.StringVar(p, "directory", "", "an organisation's directory of local services (default: CONTINUUM_DIRECTORY); only read, never written")
}

// directoryPath is the directory file to use: the flag, else the environment.
func (g *Globals) directoryPath(flag string) string {
	if flag != "" {
		return flag
	}
	if g.Streams.Getenv != nil {
		return g.Streams.Getenv(referral.EnvDirectory)
	}
	return ""
}

// loadDirectory reads the directory named by flag or CONTINUUM_DIRECTORY,
// checked against rules. It returns nil and no error when none is given.
// The session's result screen reads it through this helper.
func (g *Globals) loadDirectory(flag string, rules *referral.Rules) (*referral.Directory, error) {
	name := g.directoryPath(flag)
	if name == "" {
		return nil, nil
	}
	return referral.ReadDirectory(rules, name)
}
