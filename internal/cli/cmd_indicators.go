package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/continuum-screening/continuum/internal/contract"
)

type indicatorsOptions struct {
	*Globals
	ID   string
	JSON bool
}

func newIndicatorsCmd(g *Globals, runF func(*indicatorsOptions) error) *cobra.Command {
	o := &indicatorsOptions{Globals: g}
	cmd := &cobra.Command{
		Use:   "indicators [ID]",
		Short: "Explain the 11 ILO indicators of forced labour and the questions that cover each",
		Args:  cobra.MaximumNArgs(1),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			e, err := g.loadEnv()
			if err != nil {
				return nil, cobra.ShellCompDirectiveError
			}
			return e.Form.Indicators, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.ID = args[0]
			}
			if runF != nil {
				return runF(o)
			}
			return indicatorsRun(o)
		},
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "machine-readable output")
	return cmd
}

type jsonIndicator struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Explanation string   `json:"explanation"`
	Questions   []string `json:"questions"`
	Items       []string `json:"items"`
}

// jsonIndicators is the same document for all indicators and for one.
type jsonIndicators struct {
	SchemaVersion string          `json:"schema_version"`
	Indicators    []jsonIndicator `json:"indicators"`
}

func indicatorsRun(o *indicatorsOptions) error {
	e, err := o.loadEnv()
	if err != nil {
		return err
	}
	l := e.Loc
	ids := e.Form.Indicators
	if o.ID != "" {
		if !e.Form.HasIndicator(o.ID) {
			return usagef("unknown indicator %q; expected one of: %s", o.ID, l.Join(e.Form.Indicators))
		}
		ids = []string{o.ID}
	}
	var out []jsonIndicator
	for _, id := range ids {
		ji := jsonIndicator{ID: id, Name: l.T("indicator." + id + ".name"), Explanation: l.T("indicator." + id + ".explanation"),
			Questions: []string{}, Items: []string{}}
		seen := map[string]bool{}
		for _, qq := range e.Form.QuestionsFor(id) {
			ji.Questions = append(ji.Questions, qq.ID)
			if qq.Item != nil && !seen[qq.Item.ID] {
				seen[qq.Item.ID] = true
				ji.Items = append(ji.Items, qq.Item.ID)
			}
		}
		out = append(out, ji)
	}
	w := o.Streams.Out
	if o.JSON {
		return writeJSON(w, jsonIndicators{SchemaVersion: contract.Version, Indicators: out})
	}
	t := newInertText(w)
	defer t.flush()
	w = t
	for i, ji := range out {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s  [%s]\n  %s\n", ji.Name, ji.ID, ji.Explanation)
		fmt.Fprintf(w, "  %s\n", l.T("indicators.questions"))
		for _, qid := range ji.Questions {
			qq := e.Form.Question(qid)
			fmt.Fprintf(w, "    - %s  [%s, %s]\n", l.T(qq.TextID()), qid, qq.Item.ID)
		}
	}
	return nil
}
