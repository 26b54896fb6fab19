// Package cli wires the commands: one file per command, each with an options
// struct and a run function that tests can call with in-memory streams.
package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/continuum-screening/continuum/internal/i18n"
	"github.com/continuum-screening/continuum/internal/inert"
	"github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/referral"
	"github.com/continuum-screening/continuum/internal/scoring"
)

// Main runs the command line and returns the exit code.
func Main() int {
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
	root := NewRootCmd(&streams)
	root.SetArgs(args)
	err := root.Execute()
	out.Flush()
	if err != nil {
		if msg := inert.Text(err.Error()); msg != "" {
			fmt.Fprintln(s.Err, "continuum: "+strings.ReplaceAll(msg, "\n", "\ncontinuum: "))
		}
	}
	return exitCode(err)
}

// Globals are the flags every command shares.
type Globals struct {
	Lang       string
	Indicators string
	NoColor    bool
	Streams    *Streams
}

// NewRootCmd builds the command tree.
func NewRootCmd(s *Streams) *cobra.Command {
	g := &Globals{Streams: s}
	root := &cobra.Command{
		Use:   "continuum",
		Short: "Screen a work situation between decent work and forced labour or trafficking",
		Long: `continuum helps find out, in a short private conversation, where a work
situation sits between decent work and forced labour or trafficking, and
what help fits. It is a screening, not an identification: a trained person
should confirm every result. Nothing is written to disk or sent anywhere.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.Err)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &usageError{fmt.Errorf("%w (see '%s --help')", err, c.CommandPath())}
	})
	pf := root.PersistentFlags()
	pf.StringVar(&g.Lang, "lang", "", "language of the questions and results (default: CONTINUUM_LANG, then the locale, then en)")
	pf.StringVar(&g.Indicators, "indicators", "", "an organisation's own definitions: a directory (YAML files, optional locales/) or one questionnaire file")
	pf.BoolVar(&g.NoColor, "no-color", false, "plain text without colour (also NO_COLOR)")
	root.RegisterFlagCompletionFunc("lang", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		b, err := i18n.Shipped()
		if err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		var out []string
		for _, c := range b.Codes() {
			out = append(out, c+"\t"+b.Catalog(c).Meta.NativeName)
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	})
	root.AddCommand(
		newScreenCmd(g, nil),
		newScoreCmd(g, nil),
		newQuestionsCmd(g, nil),
		newIndicatorsCmd(g, nil),
		newValidateCmd(g, nil),
		newLanguagesCmd(g, nil),
		newVersionCmd(g, nil),
		newReferralsCmd(g, nil, nil),
		newHandoutCmd(g, nil),
		newTrainCmd(g, nil),
	)
	return root
}

// env is what most commands need: the definitions, the scorer, the
// catalogues and a localizer in the chosen language.
type env struct {
	Form   *questionnaire.Form
	Scorer *scoring.Scorer
	Bundle *i18n.Bundle
	Loc    *i18n.Localizer
	Rules  *referral.Rules // referral types and the rules that suggest them
	// LangChosen: the language was chosen explicitly (--lang or
	// CONTINUUM_LANG), not taken from the locale or the default.
	LangChosen bool
}

// loadEnv loads the definitions (shipped or --indicators) and the catalogues,
// and chooses the language.
func (g *Globals) loadEnv() (*env, error) {
	var form *questionnaire.Form
	var err error
	if g.Indicators == "" {
		form, err = questionnaire.Shipped()
	} else {
		form, err = questionnaire.Load(g.Indicators)
	}
	if err != nil {
		return nil, err
	}
	bundle, err := i18n.Shipped()
	if err != nil {
		return nil, err
	}
	if g.Indicators != "" {
		dir := filepath.Join(g.Indicators, "locales")
		if info, statErr := os.Stat(g.Indicators); statErr == nil && !info.IsDir() {
			dir = filepath.Join(filepath.Dir(g.Indicators), "locales")
		}
		if info, statErr := os.Stat(dir); statErr == nil && info.IsDir() {
			cats, err := i18n.LoadDir(dir)
			if err != nil {
				return nil, err
			}
			if err := bundle.Overlay(cats); err != nil {
				return nil, err
			}
		}
	}
	if err := checkMessages(form, bundle); err != nil {
		return nil, err
	}
	choice, err := i18n.Resolve(g.Lang, g.Streams.Getenv, bundle.Codes())
	if err != nil {
		var ue *i18n.UnknownLanguageError
		if errors.As(err, &ue) && ue.From == "--lang" {
			return nil, &usageError{err}
		}
		return nil, err
	}
	rules, err := loadReferralRules(form, bundle, g.Indicators)
	if err != nil {
		return nil, err
	}
	return &env{Form: form, Scorer: scoring.New(form), Bundle: bundle, Loc: bundle.Localizer(choice.Code), Rules: rules,
		LangChosen: choice.From == "--lang" || choice.From == "CONTINUUM_LANG"}, nil
}

// checkMessages refuses definitions that refer to texts the English
// catalogue does not have: every question needs its words.
func checkMessages(form *questionnaire.Form, b *i18n.Bundle) error {
	en := b.Localizer(i18n.Source)
	var errs questionnaire.Errors
	for _, id := range form.MessageIDs() {
		if !en.Has(id) {
			file := "locales/en"
			if len(form.Files) > 0 {
				file = form.Files[0]
			}
			errs = append(errs, &questionnaire.Error{File: file, Field: id, Msg: "no English text for this message id; expected it in locales/en/*.yaml"})
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}
