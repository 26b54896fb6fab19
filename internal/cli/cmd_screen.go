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
		Use:   "screen",
		Short: "Run a screening session: consent, a few questions, and where the answers sit",
		Long: `Run a private screening session at this computer: the language, consent, a
danger check, the age check, then the questions one at a time (follow-up
questions only when they apply), a review where any answer can be changed,
and the result with where to find help.

Nothing is written to disk or sent anywhere. Any question can be skipped,
and the session can be stopped at any time.

Progress is shown by part ("Part 3 of 16"): a part is one of the questions
everyone is asked, with the follow-up questions it opens, so the number of
parts does not grow during the session.

Nothing is ever preselected: Enter alone answers nothing. The result opens
with a short summary; b goes back to the answers, q finishes.

Full-screen mode (a terminal): the arrows or a number, then enter, choose;
b, Backspace or Left goes back, s skips, and Esc or Ctrl+C is the quick
exit: it leaves at once, clears the screen and the scrollback, and keeps
nothing. It cannot protect against what is outside the terminal: a screen
recorder or remote-viewing software, a camera, or a person who already
looked at the screen.

Plain mode (--accessible, the ACCESSIBLE environment variable, or when stdin
is not a terminal) asks one numbered question per line for screen readers,
braille displays and scripted use: type a number, or b (back; also the
Left arrow where the terminal passes it on), s (skip), q (stop), then
Enter. End of input stops the session without a result. At a terminal,
the screen and the scrollback are cleared when the session ends, on q and
on Ctrl+C, as the quick exit does (where the terminal cannot be cleared,
it says to close the window).

At a terminal the session stops and clears the screen after --idle without
a key (10 minutes unless given; 0 never stops).

Local services come from a directory file (--directory, or
CONTINUUM_DIRECTORY): its emergency number and helplines replace the
general advice (112 in Europe). A missing or broken directory stops the
command before the first question; --no-directory runs the session without
one, by choice. --slip prints, after the result, a take-away slip of
contacts with no answer, no level and nothing that names the topic (-o FILE
writes it to a file).`,
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
	addSessionFlags(cmd, &o.sessionOptions, "show each question also in this language, for the interviewer (e.g. --lang ro --also en)")
	f.BoolVar(&o.Explain, "explain", false, "show beside each question the indicator and Delphi item it serves, and how the result was reached")
	addModelFlag(cmd, g)
	addDirectoryFlag(cmd, &o.Directory, false)
	addNoDirectoryFlag(cmd, &o.NoDirectory)
	f.BoolVar(&o.Slip, "slip", false, "after the result, print a small take-away slip in the person's language: the emergency number and the contacts of the suggested local services, with no answer, no level and no word that names the topic (needs a directory)")
	f.StringVarP(&o.Output, "output", "o", "", "with --slip: write the slip to `FILE` instead of standard output")
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
