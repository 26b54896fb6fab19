package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/continuum-screening/continuum/internal/defs"
	"github.com/continuum-screening/continuum/internal/referral"
)

// addDirectoryFlag adds --directory to a command that shows referrals.
func addDirectoryFlag(cmd *cobra.Command, p *string, persistent bool) {
	fs := cmd.Flags()
	if persistent {
		fs = cmd.PersistentFlags()
	}
	fs.StringVar(p, "directory", "", "")
	cmd.RegisterFlagCompletionFunc("directory", completeFiles(yamlExtensions...))
}

// addNoDirectoryFlag adds --no-directory to a session command: the
// interviewer's explicit choice to go on without local services when the
// directory file is missing or broken.
func addNoDirectoryFlag(cmd *cobra.Command, p *bool) {
	cmd.Flags().BoolVar(p, "no-directory", false, "")
}

// directoryPath is the directory file to use: the flag, else the environment.
func (g *Globals) directoryPath(flag string) string {
	name, _ := g.directorySource(flag)
	return name
}

// directorySource is the directory file to use and where its name came
// from: --directory, else CONTINUUM_DIRECTORY.
func (g *Globals) directorySource(flag string) (name, from string) {
	if flag != "" {
		return flag, "--directory"
	}
	if g.Streams.Getenv != nil {
		if v := g.Streams.Getenv(referral.EnvDirectory); v != "" {
			return v, referral.EnvDirectory
		}
	}
	return "", ""
}

// loadDirectory reads the directory named by flag or CONTINUUM_DIRECTORY,
// checked against rules. It returns nil and no error when none is given.
// A file that cannot be read is an error that names it and where its name
// came from; the session's result screen reads it through this helper.
func (g *Globals) loadDirectory(flag string, rules *referral.Rules) (*referral.Directory, error) {
	name, from := g.directorySource(flag)
	if name == "" {
		return nil, nil
	}
	return defs.OpenDirectory(rules, name, from)
}

// sessionDirectory is loadDirectory for a session: with --no-directory
// nothing is read; otherwise a problem with the file ends the command
// before the first question, and the message says how to go on without it.
func (g *Globals) sessionDirectory(flag string, none bool, rules *referral.Rules, command string) (*referral.Directory, error) {
	if none {
		if flag != "" {
			return nil, usagef("--directory and --no-directory: choose one")
		}
		return nil, nil
	}
	d, err := g.loadDirectory(flag, rules)
	if err != nil {
		return nil, errors.Join(err, fmt.Errorf("To run the session without local services, use: continuum %s --no-directory", command))
	}
	return d, nil
}
