package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/continuum-screening/continuum/internal/i18n"
	"github.com/continuum-screening/continuum/internal/inert"
	"github.com/continuum-screening/continuum/internal/interview"
	"github.com/continuum-screening/continuum/internal/referral"
	"github.com/continuum-screening/continuum/internal/report"
)

type screenOptions struct {
	sessionOptions
	Explain     bool
	Directory   string // a directory of local services, for the referrals
	NoDirectory bool   // go on without one, even when CONTINUUM_DIRECTORY names one
	Slip        bool   // after the result, a take-away slip of contacts
	Output      string // write the slip to this file instead of stdout
}

func newScreenCmd(g *Globals, runF func(*screenOptions) error) *cobra.Command {
	o := &screenOptions{sessionOptions: newSessionOptions(g)}
	cmd := &cobra.Command{
		Use: "screen",
		Args: func(cmd *cobra.Command, args []string) error {
			// Answers are asked one at a time, never taken from the command
			// line, where they would stay in the shell history; the
			// arguments are not repeated either.
			if len(args) > 0 {
				return usagef("screen takes no arguments; the questions are asked one at a time (see 'continuum screen --help')")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.idleSet = cmd.Flags().Changed("idle")
			if runF != nil {
				return runF(o)
			}
			return screenRun(o)
		},
	}
	f := cmd.Flags()
	addSessionFlags(cmd, &o.sessionOptions)
	f.BoolVar(&o.Explain, "explain", false, "")
	addModelFlag(cmd, g)
	addDirectoryFlag(cmd, &o.Directory, false)
	addNoDirectoryFlag(cmd, &o.NoDirectory)
	f.BoolVar(&o.Slip, "slip", false, "")
	f.StringVarP(&o.Output, "output", "o", "", "")
	return cmd
}

func screenRun(o *screenOptions) error {
	// Best effort: where the system refuses, the session still runs.
	_ = noCoreDumps()
	// Ctrl+C in plain mode, kill (SIGTERM) and a closed terminal (SIGHUP)
	// arrive as signals: each ends the session as the quick exit does. The
	// full-screen mode reads Ctrl+C as a key. Caught from the start, so that
	// no signal ends the process before the terminal is restored.
	ctx, stop := notifyStop()
	defer stop()
	if o.Output != "" && !o.Slip {
		return usagef("-o goes with --slip: it names the file for the slip")
	}
	if o.Slip && (o.NoDirectory || o.directoryPath(o.Directory) == "") {
		return usagef("--slip needs a directory of local services: --directory FILE or CONTINUUM_DIRECTORY")
	}
	e, err := o.loadEnv()
	if err != nil {
		return err
	}
	// Read the directory before the first question, so that a broken file
	// is found before the person has answered anything.
	dir, err := o.sessionDirectory(o.Directory, o.NoDirectory, e.Rules, "screen")
	if err != nil {
		return err
	}
	c, err := o.sessionConfig(e)
	if err != nil {
		return err
	}
	var suggested []*referral.Type
	c.Explain, c.Directory = o.Explain, dir
	c.OnResult = func(ts []*referral.Type) { suggested = ts }
	loc, err := interview.Screen(ctx, c)
	finished := err == nil
	if err := endSession(ctx, &o.sessionOptions, loc, err, c.Prompter.Close()); err != nil || !finished || !o.Slip {
		return err
	}
	return writeSlip(o, loc, report.SlipLines(loc, suggested, dir))
}

// writeSlip writes the slip after the session, once the screen is restored:
// to standard output, or to the file the user named with -o (the only file
// the session writes, and only when asked; it holds contacts, no answer).
func writeSlip(o *screenOptions, loc *i18n.Localizer, lines []string) error {
	text := strings.Join(lines, "\n") + "\n"
	if err := o.Streams.writeOutput(o.Output, []byte(text)); err != nil || o.Output == "" {
		return err
	}
	fmt.Fprintln(o.Streams.Err, loc.T("session.slip.written", "File", inert.Line(o.Output)))
	return nil
}
