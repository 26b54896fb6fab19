package cli

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/continuum-screening/continuum/internal/i18n"
)

// example is one example in a command's help: what it does, a message of
// the catalogues, and the command line, which stays as it is typed.
type example struct{ key, line string }

// examples are the Examples sections of every command, by command path
// without the program name ("" for continuum itself). A command without
// them fails TestEveryCommandHasExamples.
var examples = map[string][]example{
	"": {
		{"screen", "continuum screen"},
		{"bilingual", "continuum screen --lang ro --also en --directory services.yaml"},
		{"train", "continuum train --lang polski"},
	},
	"screen": {
		{"start", "continuum screen"},
		{"bilingual", "continuum screen --lang ro --also en"},
		{"accessible", "continuum screen --accessible --explain"},
		{"slip", "continuum screen --directory services.yaml --slip -o slip.txt"},
	},
	"score": {
		{"jsonl", "continuum score answers.jsonl"},
		{"csv", "continuum score --format csv answers.csv > results.csv"},
		{"map", "continuum score --map kobo-map.yaml --drop-identifying export.csv"},
		{"summary", "continuum score --summary --format markdown --by sector answers.csv"},
	},
	"questions": {
		{"list", "continuum questions"},
		{"json", "continuum questions --json --lang ar"},
	},
	"indicators": {
		{"all", "continuum indicators"},
		{"one", "continuum indicators debt-bondage"},
	},
	"validate": {
		{"shipped", "continuum validate"},
		{"own", "continuum validate our-definitions/"},
	},
	"languages": {
		{"list", "continuum languages"},
		{"check", "continuum languages --check ro"},
		{"stamp", "continuum languages --stamp ro"},
	},
	"version": {
		{"text", "continuum version"},
		{"json", "continuum version --json"},
	},
	"referrals": {
		{"list", "continuum referrals"},
		{"directory", "continuum referrals --directory services.yaml"},
	},
	"referrals validate": {
		{"file", "continuum referrals validate services.yaml"},
	},
	"handout": {
		{"questionnaire", "continuum handout --kind questionnaire --lang ro --also en -o questionnaire.html"},
		{"indicators", "continuum handout --kind indicators --format markdown"},
		{"scenarios", "continuum handout --kind scenarios --answers trawler-debt hotel-rooms"},
	},
	"train": {
		{"choose", "continuum train"},
		{"case", "continuum train car-wash-long-days --lang ro --also en"},
		{"list", "continuum train --list --lang uk"},
	},
	"evaluate": {
		{"reference", "continuum evaluate --reference outcome --positive confirmed --negative rejected cases.csv"},
		{"prevalence", "continuum evaluate --reference outcome --positive 1 --negative 0 --prevalence 2%,7%,17% --format markdown cases.csv"},
		{"map", "continuum evaluate --map kobo-map.yaml --by sector --format json export.xlsx"},
	},
	"export": {
		{"xlsform", "continuum export xlsform -o continuum.xlsx"},
	},
	"export xlsform": {
		{"all", "continuum export xlsform -o continuum.xlsx"},
		{"bilingual", "continuum export xlsform --lang ro,en -o continuum-ro.xlsx"},
	},
	"completion": {
		{"bash", "source <(continuum completion bash)"},
		{"zsh", `continuum completion zsh > "${fpath[1]}/_continuum"`},
		{"fish", "continuum completion fish > ~/.config/fish/completions/continuum.fish"},
	},
}

// commandPath is c's path without the program name.
func commandPath(c *cobra.Command) string {
	p := c.CommandPath()
	if i := strings.IndexByte(p, ' '); i >= 0 {
		return p[i+1:]
	}
	return ""
}

// exampleID is the message id of an example's description:
// example.score.summary, example.referrals-validate.file,
// example.continuum.screen for the program itself.
func exampleID(path, key string) string {
	if path == "" {
		path = "continuum"
	}
	return "example." + strings.ReplaceAll(path, " ", "-") + "." + key
}

// exampleText is the Examples section of the command at path in the
// language of l: each command line under a comment saying what it does.
func exampleText(path string, l *i18n.Localizer) string {
	var b strings.Builder
	for i, ex := range examples[path] {
		if i > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString("  # " + l.T(exampleID(path, ex.key)) + "\n  " + ex.line)
	}
	return b.String()
}
