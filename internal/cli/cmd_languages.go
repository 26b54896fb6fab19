package cli

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"
)

type languagesOptions struct {
	*Globals
	JSON bool
}

func newLanguagesCmd(g *Globals, runF func(*languagesOptions) error) *cobra.Command {
	o := &languagesOptions{Globals: g}
	cmd := &cobra.Command{
		Use:   "languages",
		Short: "List the shipped languages with their native names, coverage and review status",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(o)
			}
			return languagesRun(o)
		},
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "machine-readable output")
	return cmd
}

type jsonLanguage struct {
	Code         string `json:"code"`
	Name         string `json:"name"`
	NativeName   string `json:"native_name"`
	Direction    string `json:"direction"`
	Messages     int    `json:"messages"`
	Total        int    `json:"total"`
	ReviewStatus string `json:"review_status"`
	ReviewedBy   string `json:"reviewed_by,omitempty"`
	ReviewedOn   string `json:"reviewed_on,omitempty"`
}

func languagesRun(o *languagesOptions) error {
	e, err := o.loadEnv()
	if err != nil {
		return err
	}
	var out []jsonLanguage
	for _, code := range e.Bundle.Codes() {
		c := e.Bundle.Catalog(code)
		have, total := e.Bundle.Coverage(code)
		out = append(out, jsonLanguage{Code: code, Name: c.Meta.Name, NativeName: c.Meta.NativeName, Direction: c.Meta.Direction,
			Messages: have, Total: total, ReviewStatus: c.Meta.ReviewStatus, ReviewedBy: c.Meta.ReviewedBy, ReviewedOn: c.Meta.ReviewedOn})
	}
	w := o.Streams.Out
	if o.JSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	l := e.Loc
	fmt.Fprintf(w, "%-4s %-22s %-22s %-9s %s\n", l.T("languages.code"), l.T("languages.name"), l.T("languages.native"), l.T("languages.coverage"), l.T("languages.status"))
	for _, j := range out {
		fmt.Fprintf(w, "%-4s %-22s %-22s %3d%%      %s\n", j.Code, j.Name, j.NativeName, j.Messages*100/max(j.Total, 1), l.T("languages.status-"+j.ReviewStatus))
	}
	return nil
}
