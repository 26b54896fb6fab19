package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/continuum-screening/continuum/internal/i18n"
)

type languagesOptions struct {
	*Globals
	JSON  bool
	Check bool
	Stamp string
	Codes []string
}

func newLanguagesCmd(g *Globals, runF func(*languagesOptions) error) *cobra.Command {
	o := &languagesOptions{Globals: g}
	cmd := &cobra.Command{
		Use:   "languages",
		Short: "List the shipped languages with their native names, coverage and review status",
		Long: `List the shipped languages with their native names, coverage and review status.

For translators (see TRANSLATING.md):
  --check [CODE...]  list, per language, the messages that are missing, empty,
                     stale (no longer in English), with other placeholders than
                     English, or whose English text changed since the
                     translation was stamped; exits 1 if any language has work
  --stamp CODE       print the language's source.sum (hashes of the English
                     texts it is translated from) to stdout`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Codes = args
			if len(args) > 0 && !o.Check {
				return usagef("language codes are only taken with --check")
			}
			if runF != nil {
				return runF(o)
			}
			return languagesRun(o)
		},
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "machine-readable output")
	cmd.Flags().BoolVar(&o.Check, "check", false, "list what translators have to do, per language")
	cmd.Flags().StringVar(&o.Stamp, "stamp", "", "print the source.sum of a language to stdout")
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
	if o.Stamp != "" {
		if e.Bundle.Catalog(o.Stamp) == nil {
			return usagef("language %q is not shipped; expected one of: %s", o.Stamp, strings.Join(e.Bundle.Codes(), ", "))
		}
		return e.Bundle.Stamp(o.Stamp, o.Streams.Out)
	}
	if o.Check {
		return languagesCheck(o, e)
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
		return writeJSON(w, out)
	}
	l := e.Loc
	fmt.Fprintf(w, "%-4s %-22s %-22s %-9s %s\n", l.T("languages.code"), l.T("languages.name"), l.T("languages.native"), l.T("languages.coverage"), l.T("languages.status"))
	for _, j := range out {
		fmt.Fprintf(w, "%-4s %-22s %-22s %3d%%      %s\n", j.Code, j.Name, j.NativeName, j.Messages*100/max(j.Total, 1), l.T("languages.status-"+j.ReviewStatus))
	}
	return nil
}

func languagesCheck(o *languagesOptions, e *env) error {
	codes := o.Codes
	if len(codes) == 0 {
		codes = e.Bundle.Codes()
	}
	w := o.Streams.Out
	work := 0
	for _, code := range codes {
		if e.Bundle.Catalog(code) == nil {
			return usagef("language %q is not shipped; expected one of: %s", code, strings.Join(e.Bundle.Codes(), ", "))
		}
		if code == "en" {
			continue
		}
		rep := e.Bundle.Check(code, i18n.ShippedSums(code))
		if rep.OK() {
			note := ""
			if rep.Unstamped {
				note = " (no source.sum: changed English texts cannot be detected)"
			}
			fmt.Fprintf(w, "%s: ok%s\n", code, note)
			continue
		}
		work++
		for _, l := range []struct {
			what string
			ids  []string
		}{{"missing", rep.Missing}, {"empty", rep.Empty}, {"stale", rep.Stale}, {"placeholders differ", rep.Placeholders}, {"English changed", rep.Changed}} {
			for _, id := range l.ids {
				fmt.Fprintf(w, "%s: %s: %s\n", code, l.what, id)
			}
		}
	}
	if work > 0 {
		return &exitError{code: ExitError, msg: fmt.Sprintf("%d language(s) need translation work", work)}
	}
	return nil
}
