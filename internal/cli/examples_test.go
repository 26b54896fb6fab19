package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/continuum-screening/continuum/internal/defs"
)

// helpCommands are the commands whose help the project writes: every
// command but cobra's help and the shell scripts under completion.
func helpCommands(t *testing.T) []*cobra.Command {
	t.Helper()
	root := NewRootCmd(&Streams{Out: &bytes.Buffer{}, Err: &bytes.Buffer{}, Getenv: func(string) string { return "" }})
	var out []*cobra.Command
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Name() == "help" || c.Parent() != nil && c.Parent().Name() == "completion" {
			return
		}
		out = append(out, c)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	return out
}

// Every command's --help has an Examples section in every shipped language:
// each example's description is a message of that language's catalogue,
// shown in that language, above the command line.
func TestEveryCommandHasExamples(t *testing.T) {
	b, err := defs.ShippedBundle()
	if err != nil {
		t.Fatal(err)
	}
	cmds := helpCommands(t)
	if len(cmds) < 14 {
		t.Fatalf("%d commands; expected every command of continuum", len(cmds))
	}
	for _, c := range cmds {
		path := commandPath(c)
		for _, code := range b.Codes() {
			l := b.Localizer(code)
			args := append(strings.Fields(path), "--help", "--lang", code)
			out, errOut, exit := runCLI(t, strings.NewReader(""), args...)
			if exit != ExitOK || !strings.Contains(out, "\n"+l.T("help.template.examples")+"\n") {
				t.Errorf("continuum %s: exit %d, no Examples section:\n%s%s", strings.Join(args, " "), exit, out, errOut)
				continue
			}
			for _, ex := range examples[path] {
				id := exampleID(path, ex.key)
				if _, ok := b.Catalog(code).Messages[id]; !ok {
					t.Errorf("%s: %s is missing", code, id)
				}
				if want := "  # " + l.T(id) + "\n  " + ex.line + "\n"; !strings.Contains(out, want) {
					t.Errorf("continuum %s: no\n%s", strings.Join(args, " "), want)
				}
			}
		}
	}
}

// An example id names a command that exists: no examples are left behind
// when a command goes.
func TestExamplesBelongToCommands(t *testing.T) {
	have := map[string]bool{}
	for _, c := range helpCommands(t) {
		have[commandPath(c)] = true
	}
	for path := range examples {
		if !have[path] {
			t.Errorf("examples for %q, which is not a command", path)
		}
	}
}

// Help in a language that is not shipped is English, and help never fails
// over the language.
func TestHelpExamplesFallBackToEnglish(t *testing.T) {
	out, _, code := runCLI(t, strings.NewReader(""), "score", "--help", "--lang", "xx")
	if code != ExitOK || !strings.Contains(out, "  # Tables of counts by sector, in Markdown\n") {
		t.Errorf("score --help --lang xx: exit %d\n%s", code, out)
	}
}
