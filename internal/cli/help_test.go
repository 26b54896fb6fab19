package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/continuum-screening/continuum/internal/defs"
	"github.com/continuum-screening/continuum/internal/handout"
	"github.com/continuum-screening/continuum/internal/i18n"
	"github.com/continuum-screening/continuum/internal/report"
)

// Building the command tree reads no catalogue: it happens on every run,
// --version and score included, and the help texts are filled in only when
// help is shown.
func TestBuildingTheTreeReadsNoCatalogue(t *testing.T) {
	streams := &Streams{Out: &bytes.Buffer{}, Err: &bytes.Buffer{}, Getenv: func(string) string { return "" }}
	before := i18n.Parses()
	NewRootCmd(streams)
	if n := i18n.Parses() - before; n != 0 {
		t.Errorf("building the command tree parsed %d catalogue files; expected none", n)
	}
	// The counter is real: showing help reads the catalogues.
	before = i18n.Parses()
	out, errOut, exit := runCLI(t, bytes.NewReader(nil), "evaluate", "--help")
	if exit != ExitOK || i18n.Parses() == before {
		t.Errorf("evaluate --help: exit %d, %d catalogue files parsed:\n%s%s", exit, i18n.Parses()-before, out, errOut)
	}
}

// helpTree is the command tree as --help sees it: with cobra's help command
// and the --help flag of every command.
func helpTree() *cobra.Command {
	root := NewRootCmd(&Streams{Out: &bytes.Buffer{}, Err: &bytes.Buffer{}, Getenv: func(string) string { return "" }})
	root.InitDefaultHelpCmd()
	return root
}

// walkHelp calls fn for every command that help shows.
func walkHelp(c *cobra.Command, fn func(*cobra.Command)) {
	if c.Hidden {
		return
	}
	fn(c)
	for _, sub := range c.Commands() {
		walkHelp(sub, fn)
	}
}

// fromCobra: the commands and flags cobra itself adds, with English texts
// that the catalogues replace.
func fromCobra(c *cobra.Command) bool {
	return c.Name() == "help" || c.Name() == "completion" || c.HasParent() && c.Parent().Name() == "completion"
}

// Every help text of every command and flag comes from the catalogues: the
// tree is built without any text of its own (no English left in Go), and
// the English catalogue has a message for each command's short help and
// for each flag (help.<command>.flag.<flag>, or help.flag.<flag> shared).
// Every help message is used by a command or a flag.
func TestEveryHelpTextFromCatalogue(t *testing.T) {
	b, err := defs.ShippedBundle()
	if err != nil {
		t.Fatal(err)
	}
	en := b.Catalog(i18n.Source)
	root := helpTree()
	n := 0
	walkHelp(root, func(c *cobra.Command) {
		n++
		if !fromCobra(c) && (c.Short != "" || c.Long != "") {
			t.Errorf("%s: help text written in Go (%q); expected it in locales/en/help.yaml under %s", c.CommandPath(), c.Short+c.Long, helpKey(c))
		}
		c.NonInheritedFlags().VisitAll(func(f *pflag.Flag) {
			if f.Usage != "" && !fromCobra(c) && f.Name != "help" {
				t.Errorf("%s --%s: usage written in Go (%q); expected it in locales/en/help.yaml", c.CommandPath(), f.Name, f.Usage)
			}
		})
	})
	if n < 20 {
		t.Fatalf("%d commands; expected the whole tree", n)
	}
	localizeHelp(root, b.Localizer(i18n.Source))
	used := map[string]bool{}
	walkHelp(root, func(c *cobra.Command) {
		key := helpKey(c)
		used[key+".short"], used[key+".long"] = true, true
		if en.Messages[key+".short"] == nil || c.Short == "" {
			t.Errorf("%s: no %s.short in locales/en", c.CommandPath(), key)
		}
		c.NonInheritedFlags().VisitAll(func(f *pflag.Flag) {
			id := flagHelpID(c, f.Name, b.Localizer(i18n.Source))
			used[id] = true
			if en.Messages[id] == nil || f.Usage == "" {
				t.Errorf("%s --%s: no %s or help.flag.%s in locales/en", c.CommandPath(), f.Name, key+".flag."+f.Name, f.Name)
			}
		})
	})
	for _, h := range usageHeadings {
		used["help.template."+h.key] = true
	}
	for id := range en.Messages {
		if strings.HasPrefix(id, "help.") && !used[id] {
			t.Errorf("%s: no command or flag uses it", id)
		}
	}
}

// In every language a flag keeps the name of its value (`FILE`, `N`), which
// --help shows after the flag, as typed.
func TestFlagValueNamesKept(t *testing.T) {
	b, err := defs.ShippedBundle()
	if err != nil {
		t.Fatal(err)
	}
	names := func(code string) map[string]string {
		out := map[string]string{}
		root := helpTree()
		localizeHelp(root, b.Localizer(code))
		walkHelp(root, func(c *cobra.Command) {
			c.NonInheritedFlags().VisitAll(func(f *pflag.Flag) {
				name, _ := pflag.UnquoteUsage(f)
				out[c.CommandPath()+" --"+f.Name] = name
			})
		})
		return out
	}
	want := names(i18n.Source)
	for _, code := range b.Codes() {
		for flag, name := range names(code) {
			if name != want[flag] {
				t.Errorf("%s: %s shows its value as %q; expected %q (keep the `NAME` in backquotes)", code, flag, name, want[flag])
			}
		}
	}
}

// The usage of a flag that takes one of a list of values names every value
// the code knows.
func TestFlagHelpNamesEveryValue(t *testing.T) {
	b, err := defs.ShippedBundle()
	if err != nil {
		t.Fatal(err)
	}
	l := b.Localizer(i18n.Source)
	for id, values := range map[string][]string{
		"help.score.flag.format":    append(report.Formats(false), report.Formats(true)...),
		"help.evaluate.flag.format": report.EvaluationFormats,
		"help.handout.flag.kind":    handout.Kinds,
		"help.handout.flag.format":  handout.Formats,
		"help.handout.flag.paper":   handout.Papers,
	} {
		for _, v := range values {
			if !strings.Contains(l.T(id), v) {
				t.Errorf("%s: %q does not name %s", id, l.T(id), v)
			}
		}
	}
}

// The headings of --help (Usage:, Flags: ...) are in the user's language:
// each English heading of cobra's template is found and replaced.
func TestUsageTemplateHeadings(t *testing.T) {
	b, err := defs.ShippedBundle()
	if err != nil {
		t.Fatal(err)
	}
	cobraTemplate := (&cobra.Command{}).UsageTemplate()
	for _, h := range usageHeadings {
		if !strings.Contains(cobraTemplate, h.text) {
			t.Errorf("cobra's usage template has no %q any more; update usageHeadings", h.text)
		}
	}
	if got := usageTemplate(b.Localizer(i18n.Source)); got != cobraTemplate {
		t.Errorf("the English usage template differs from cobra's:\n%s", got)
	}
	for _, code := range b.Codes() {
		l := b.Localizer(code)
		got := usageTemplate(l)
		for _, h := range usageHeadings {
			if want := l.T("help.template."+h.key, "Command", h.arg); !strings.Contains(got, want) {
				t.Errorf("%s: the usage template lacks %q", code, want)
			}
		}
	}
	out, _, _ := runCLI(t, strings.NewReader(""), "score", "--help", "--lang", "ro")
	for _, w := range []string{"Usage:", "Examples:", "Flags:", "Global Flags:"} {
		if strings.Contains(out, w) {
			t.Errorf("score --help --lang ro shows %q", w)
		}
	}
}
