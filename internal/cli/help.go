package cli

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/continuum-screening/continuum/internal/defs"
	"github.com/continuum-screening/continuum/internal/i18n"
)

// Every command's help comes from the catalogues (locales/*/help.yaml):
//
//	help.<command>.short        the line in lists of commands
//	help.<command>.long         the description of --help (optional)
//	help.<command>.flag.<flag>  a flag of that command
//	help.flag.<flag>            a flag several commands share
//
// where <command> is the command path without the program name, joined
// with hyphens (help.referrals-validate), and help.continuum is the program
// itself. The command tree is built on every run with no help text at all,
// so that a run reads no catalogue it does not need; the help function, the
// shell completion and the documents fill it in (localizeHelp).

// helpKey is the message id prefix of c's help.
func helpKey(c *cobra.Command) string {
	p := commandPath(c)
	if p == "" {
		p = "continuum"
	}
	return "help." + strings.ReplaceAll(p, " ", "-")
}

// flagHelpID is the message id of the usage of flag name, defined on c: the
// command's own when the catalogues have it, else the shared one.
func flagHelpID(c *cobra.Command, name string, l *i18n.Localizer) string {
	if id := helpKey(c) + ".flag." + name; l.Has(id) {
		return id
	}
	return "help.flag." + name
}

// localizeHelp gives c and every command under it their help texts, the
// usage of the flags they define and their examples, in the language of l.
func localizeHelp(c *cobra.Command, l *i18n.Localizer) {
	key := helpKey(c)
	// A missing message shows as its id (i18n), which the test of the
	// tree catches; only the long description is optional.
	c.Short = l.T(key + ".short")
	c.Long = ""
	if l.Has(key + ".long") {
		c.Long = l.T(key + ".long")
	}
	c.Example = exampleText(commandPath(c), l)
	// cobra adds --help when a command runs; the documents and the test of
	// the tree need it before.
	c.InitDefaultHelpFlag()
	c.NonInheritedFlags().VisitAll(func(f *pflag.Flag) {
		f.Usage = l.T(flagHelpID(c, f.Name, l), "Command", c.Name())
	})
	if !c.HasParent() {
		c.SetUsageTemplate(usageTemplate(l))
	}
	for _, sub := range c.Commands() {
		localizeHelp(sub, l)
	}
}

// usageHeadings are the English words of cobra's usage template and the
// messages that replace them (help.template.<key>); arg fills the
// message's {{.Command}}.
var usageHeadings = []struct{ key, text, arg string }{
	{"usage", "Usage:", ""},
	{"aliases", "\n\nAliases:\n", ""},
	{"examples", "\n\nExamples:\n", ""},
	{"commands", "\n\nAvailable Commands:", ""},
	{"additional-commands", "\n\nAdditional Commands:", ""},
	{"flags", "\n\nFlags:\n", ""},
	{"global-flags", "\n\nGlobal Flags:\n", ""},
	{"topics", "\n\nAdditional help topics:", ""},
	{"more", `Use "{{.CommandPath}} [command] --help" for more information about a command.`, "{{.CommandPath}} [command] --help"},
}

// usageTemplate is cobra's usage template with its headings in the
// language of l. cobra's own template is the base, so that its layout
// stays cobra's; TestUsageTemplateHeadings fails when cobra changes a
// heading.
func usageTemplate(l *i18n.Localizer) string {
	t := (&cobra.Command{}).UsageTemplate()
	for _, h := range usageHeadings {
		// The message replaces the words, not the line breaks around them.
		words := strings.TrimSpace(h.text)
		t = strings.Replace(t, h.text, strings.Replace(h.text, words, l.T("help.template."+h.key, "Command", h.arg), 1), 1)
	}
	return t
}

// DocumentHelp gives every command of the tree its help and examples in
// English, for the command reference and the man pages made from it.
func DocumentHelp(root *cobra.Command) error {
	b, err := defs.ShippedBundle()
	if err != nil {
		return err
	}
	localizeHelp(root, b.Localizer(i18n.Source))
	return nil
}

// helpLocalizer is the language of --help: --lang, CONTINUUM_LANG or the
// system locale among the shipped languages, else English. Help never
// fails over a language.
func (g *Globals) helpLocalizer() *i18n.Localizer {
	b, err := defs.ShippedBundle()
	if err != nil {
		return nil
	}
	code := i18n.Source
	if choice, err := b.Choose(g.Lang, g.Streams.Getenv); err == nil {
		code = choice.Code
	}
	return b.Localizer(code)
}

// localizeCompletion fills in the help of the tree for a shell completion
// request, whose descriptions are the commands' short help and the flags'
// usage. The flags are not parsed yet: --lang is looked for in args.
func (g *Globals) localizeCompletion(root *cobra.Command, args []string) {
	if len(args) == 0 || args[0] != cobra.ShellCompRequestCmd {
		return // no completion, or one without descriptions
	}
	g.Lang = langArg(args[1:])
	if l := g.helpLocalizer(); l != nil {
		localizeHelp(root, l)
	}
}

// langArg is the value of the last complete --lang in args.
func langArg(args []string) string {
	lang := ""
	for i, a := range args {
		if a == "--" {
			break
		}
		if v, ok := strings.CutPrefix(a, "--lang="); ok {
			lang = v
		} else if a == "--lang" && i+1 < len(args)-1 {
			// The last argument is the word being completed.
			lang = args[i+1]
		}
	}
	return lang
}
