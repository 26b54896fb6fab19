// Package cli wires the commands: one file per command, each with an options
// struct and a run function that tests can call with in-memory streams.
package cli

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/continuum-screening/continuum/internal/defs"
	"github.com/continuum-screening/continuum/internal/i18n"
	"github.com/continuum-screening/continuum/internal/inert"
	"github.com/continuum-screening/continuum/internal/noprobe"
	"github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/referral"
	"github.com/continuum-screening/continuum/internal/scoring"
)

// The environment as the user gave it, once lipgloss has initialised (see
// noprobe).
func init() { noprobe.Restore() }

// Main runs the command line and returns the exit code.
func Main() int {
	guardProcess()
	return Run(os.Args[1:], SystemStreams())
}

// Run runs the command line with the given arguments and streams.
func Run(args []string, s *Streams) int {
	// Much of what is printed comes from files: definitions, catalogues,
	// directories, answers, file names. Whatever path it took, it reaches
	// the terminal inert: stdout passes through inert.Writer (line breaks
	// and tabs kept; in JSON the escapes mean the same), and so does every
	// error message. Stderr is not filtered as a whole, since the
	// full-screen session draws on it.
	out := inert.NewWriter(s.Out)
	streams := *s
	streams.Out = out
	root, g := newRootCmd(&streams)
	g.localizeCompletion(root, args)
	root.SetArgs(args)
	err := root.Execute()
	// Every write to stdout counts: output that did not arrive (a full
	// disk, a closed file) is an error, whichever command wrote it.
	if werr := out.Flush(); werr != nil && err == nil {
		err = fmt.Errorf("standard output: cannot write: %w", werr)
	}
	for _, line := range errorLines(err) {
		fmt.Fprintln(s.Err, "continuum: "+line)
	}
	return exitCode(err)
}

// errorLines is how every error reaches the user: one line per error of a
// list (a file's problems, errors.Join), each made inert with any line
// break in it shown as \x0a, so that a name from outside (a file name, a
// column, a key) can never start a line of its own and forge a message.
func errorLines(err error) []string {
	if err == nil {
		return nil
	}
	var list []error
	switch e := err.(type) {
	case interface{ Split() []error }: // a file's problems
		list = e.Split()
	case interface{ Unwrap() []error }: // errors.Join
		list = e.Unwrap()
	}
	if list != nil {
		var out []string
		for _, e := range list {
			out = append(out, errorLines(e)...)
		}
		return out
	}
	if msg := err.Error(); msg != "" {
		return []string{inert.String(msg)}
	}
	return nil
}

// Globals are the flags every command shares.
type Globals struct {
	Lang       string
	Indicators string
	NoColor    bool
	// Model is the scoring model of --model (nil: the default), for the
	// commands that make results.
	Model   scoring.Model
	Streams *Streams
	version bool // --version on the root command
}

// NewRootCmd builds the command tree.
func NewRootCmd(s *Streams) *cobra.Command {
	root, _ := newRootCmd(s)
	return root
}

func newRootCmd(s *Streams) (*cobra.Command, *Globals) {
	g := &Globals{Streams: s}
	root := &cobra.Command{
		Use: "continuum",
		// Anything left after the flags is a command name that does not
		// exist: a usage error (exit 2), with the nearest commands.
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return nil
			}
			msg := fmt.Sprintf("unknown command %q", args[0])
			near := cmd.SuggestionsFor(args[0])
			// The nearest first, whatever order the commands are kept in.
			slices.SortStableFunc(near, func(a, b string) int {
				return editDistance(args[0], a) - editDistance(args[0], b)
			})
			if len(near) > 0 {
				msg += "; did you mean " + strings.Join(near, " or ") + "?"
			}
			return usagef("%s (see '%s --help')", msg, cmd.CommandPath())
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if g.version {
				return versionRun(&versionOptions{Globals: g})
			}
			return cmd.Help()
		},
		SilenceUsage:  true,
		SilenceErrors: true,
		// As cobra's own suggestions: names at most two edits away.
		SuggestionsMinimumDistance: 2,
	}
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.Err)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &usageError{fmt.Errorf("%w (see '%s --help')", err, c.CommandPath())}
	})
	pf := root.PersistentFlags()
	pf.StringVar(&g.Lang, "lang", "", "")
	pf.StringVar(&g.Indicators, "indicators", "", "")
	pf.BoolVar(&g.NoColor, "no-color", false, "")
	root.Flags().BoolVar(&g.version, "version", false, "")
	root.RegisterFlagCompletionFunc("lang", completeLanguages)
	root.RegisterFlagCompletionFunc("indicators", completeFiles(yamlExtensions...))
	root.AddCommand(
		newScreenCmd(g, nil),
		newScoreCmd(g, nil),
		newEvaluateCmd(g, nil),
		newQuestionsCmd(g, nil),
		newIndicatorsCmd(g, nil),
		newValidateCmd(g, nil),
		newLanguagesCmd(g, nil),
		newVersionCmd(g, nil),
		newReferralsCmd(g, nil, nil),
		newHandoutCmd(g, nil),
		newTrainCmd(g, nil),
		newExportCmd(g, nil),
	)
	// The completion command is part of the tree from the start, so that it
	// has examples and documentation like the others.
	root.InitDefaultCompletionCmd()
	// --help shows the help in the language of the user; the documents made
	// from the tree ask for it in English (DocumentHelp). Reading the
	// catalogues here would cost every run, --help or not.
	help := root.HelpFunc()
	root.SetHelpFunc(func(c *cobra.Command, args []string) {
		if l := g.helpLocalizer(); l != nil {
			localizeHelp(c.Root(), l)
		}
		help(c, args)
	})
	return root, g
}

// env is what most commands need: the definitions, the scorer, the
// catalogues and a localizer in the chosen language.
type env struct {
	Defs   *defs.Set
	Form   *questionnaire.Form
	Scorer *scoring.Scorer
	Bundle *i18n.Bundle
	Loc    *i18n.Localizer
	Rules  *referral.Rules // referral types and the rules that suggest them
	// LangChosen: the language was chosen explicitly (--lang or
	// CONTINUUM_LANG), not taken from the locale or the default.
	LangChosen bool
}

// loadEnv loads the definitions (shipped or --indicators) with their
// catalogues and chooses the language.
func (g *Globals) loadEnv() (*env, error) {
	set, err := defs.Load(g.Indicators)
	if err != nil {
		return nil, err
	}
	choice, err := set.Bundle.Choose(g.Lang, g.Streams.Getenv)
	if err != nil {
		var ue *i18n.UnknownLanguageError
		if errors.As(err, &ue) && ue.From == "--lang" {
			return nil, &usageError{err}
		}
		return nil, err
	}
	model := g.Model
	if model == nil {
		model = scoring.Default
	}
	return &env{Defs: set, Form: set.Form, Scorer: scoring.NewModel(set.Form, model), Bundle: set.Bundle,
		Loc: set.Bundle.Localizer(choice.Code), Rules: set.Rules,
		LangChosen: choice.From == "--lang" || choice.From == "CONTINUUM_LANG"}, nil
}

// editDistance is the Levenshtein distance of a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
