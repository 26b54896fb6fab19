package cli

import (
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/continuum-screening/continuum/internal/defs"
)

// Shell completion of the values that name files or come from the
// definitions.

// answerExtensions are the answer files score reads.
var answerExtensions = []string{"jsonl", "json", "csv", "tsv", "xlsx"}

// yamlExtensions are the definition, directory and mapping files.
var yamlExtensions = []string{"yaml", "yml"}

// completeFiles offers the files with these extensions, and directories.
func completeFiles(exts ...string) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return exts, cobra.ShellCompDirectiveFilterFileExt
	}
}

// completeDirs offers directories only.
func completeDirs(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return nil, cobra.ShellCompDirectiveFilterDirs
}

// completeLanguages offers the shipped languages, a code with its native
// name.
func completeLanguages(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	b, err := defs.ShippedBundle()
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	var out []string
	for _, c := range b.Codes() {
		out = append(out, c+"\t"+b.Catalog(c).Meta.NativeName)
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeGroupings offers the groupings of the questionnaire in use (the
// shipped one, or --indicators) for --by: a list separated by commas,
// without the groupings already chosen (in earlier --by flags, given by
// chosen, or before the last comma).
func (g *Globals) completeGroupings(chosen func() []string) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		set, err := defs.Load(g.Indicators)
		if err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		have := slices.Clone(chosen())
		prefix := ""
		if i := strings.LastIndexByte(toComplete, ','); i >= 0 {
			prefix = toComplete[:i+1]
			have = append(have, strings.Split(toComplete[:i], ",")...)
		}
		var out []string
		for _, gr := range set.Form.Groupings {
			if !slices.Contains(have, gr) {
				out = append(out, prefix+gr)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}
