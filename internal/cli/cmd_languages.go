package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/continuum-screening/continuum/internal/contract"
	"github.com/continuum-screening/continuum/internal/defs"
	"github.com/continuum-screening/continuum/internal/i18n"
	"github.com/continuum-screening/continuum/internal/report"
)

type languagesOptions struct {
	*Globals
	JSON    bool
	Check   bool
	Stamp   bool
	Confirm bool
	Locales string
	Args    []string
}

func newLanguagesCmd(g *Globals, runF func(*languagesOptions) error) *cobra.Command {
	o := &languagesOptions{Globals: g}
	cmd := &cobra.Command{
		Use:  "languages",
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Args = args
			modes := 0
			for _, m := range []bool{o.Check, o.Stamp, o.Confirm} {
				if m {
					modes++
				}
			}
			switch {
			case modes > 1:
				return usagef("--check, --stamp and --confirm go one at a time")
			case len(args) > 0 && modes == 0:
				return usagef("language codes are only taken with --check, --stamp or --confirm")
			case o.Confirm && len(args) < 2:
				return usagef("--confirm takes a language code and one or more message ids")
			case o.Locales != "" && modes == 0:
				return usagef("--locales is only taken with --check, --stamp or --confirm")
			}
			if runF != nil {
				return runF(o)
			}
			return languagesRun(o)
		},
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "")
	cmd.Flags().BoolVar(&o.Check, "check", false, "")
	cmd.Flags().BoolVar(&o.Stamp, "stamp", false, "")
	cmd.Flags().BoolVar(&o.Confirm, "confirm", false, "")
	cmd.Flags().StringVar(&o.Locales, "locales", "", "")
	cmd.RegisterFlagCompletionFunc("locales", completeDirs)
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

type jsonLanguages struct {
	SchemaVersion string         `json:"schema_version"`
	Languages     []jsonLanguage `json:"languages"`
}

func languagesRun(o *languagesOptions) error {
	if o.Stamp || o.Confirm {
		return languagesStamp(o)
	}
	e, err := o.loadEnv()
	if err != nil {
		return err
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
		return writeJSON(w, jsonLanguages{SchemaVersion: contract.Version, Languages: out})
	}
	l := e.Loc
	rows := [][]string{{l.T("languages.code"), l.T("languages.name"), l.T("languages.native"), l.T("languages.coverage"), l.T("languages.status")}}
	for _, j := range out {
		rows = append(rows, []string{j.Code, j.Name, j.NativeName, strconv.Itoa(j.Messages*100/max(j.Total, 1)) + "%", l.T("languages.status-" + j.ReviewStatus)})
	}
	// Names come from catalogues (an organisation's too): measured by
	// display width, right-to-left names kept in their column.
	for _, line := range report.Align(rows, func(i int) bool { return i == 3 }) {
		fmt.Fprintln(w, line)
	}
	return nil
}

func languagesStamp(o *languagesOptions) error {
	dir := o.Locales
	if dir == "" {
		dir = "locales"
	}
	if info, err := os.Stat(filepath.Join(dir, i18n.Source)); err != nil || !info.IsDir() {
		return usagef("%s: no %s folder; run from the top of the source tree or give --locales DIR", dir, i18n.Source)
	}
	loc, err := defs.OpenLocales(dir)
	if err != nil {
		return err
	}
	b := loc.Bundle
	codes, ids := o.Args, []string(nil)
	if o.Confirm {
		codes, ids = o.Args[:1], o.Args[1:]
	}
	if len(codes) == 0 {
		codes = b.Codes()
	}
	w := o.Streams.Out
	for _, code := range codes {
		if b.Catalog(code) == nil {
			return usagef("language %q is not in %s; expected one of: %s", code, dir, strings.Join(b.Codes(), ", "))
		}
		if code == i18n.Source {
			if len(o.Args) > 0 {
				return usagef("%s is the source language; it has no %s", code, i18n.SumFile)
			}
			continue
		}
		old, err := loc.Sums(code)
		if err != nil {
			return err
		}
		var res i18n.StampResult
		if o.Confirm {
			res, err = b.Confirm(code, old, ids)
		} else {
			res, err = b.Stamp(code, old)
		}
		if err != nil {
			return usagef("%v", err)
		}
		if err := loc.WriteSums(code, res.Sums); err != nil {
			return err
		}
		for _, id := range res.Stamped {
			fmt.Fprintf(w, "%s: stamped: %s\n", code, id)
		}
		for _, id := range res.Stale {
			fmt.Fprintf(w, "%s: still stale: %s\n", code, id)
		}
		fmt.Fprintf(w, "%s: %s: %d stamped, %d still stale\n", code, loc.SumPath(code), len(res.Stamped), len(res.Stale))
	}
	return nil
}

func languagesCheck(o *languagesOptions, e *env) error {
	loc := defs.ShippedLocales(e.Bundle)
	if o.Locales != "" {
		var err error
		if loc, err = defs.OpenLocales(o.Locales); err != nil {
			return err
		}
	}
	b := loc.Bundle
	codes := o.Args
	if len(codes) == 0 {
		codes = b.Codes()
	}
	w := o.Streams.Out
	work := 0
	for _, code := range codes {
		if b.Catalog(code) == nil {
			return usagef("language %q is not shipped; expected one of: %s", code, strings.Join(b.Codes(), ", "))
		}
		if code == i18n.Source {
			continue
		}
		sums, err := loc.Sums(code)
		if err != nil {
			return err
		}
		rep := b.Check(code, sums)
		if rep.OK() {
			note := ""
			if rep.NoSumFile {
				note = " (no " + i18n.SumFile + ": stale translations cannot be detected)"
			}
			fmt.Fprintf(w, "%s: ok%s\n", code, note)
			continue
		}
		work++
		for _, l := range []struct {
			what string
			ids  []string
		}{{"missing", rep.Missing}, {"empty", rep.Empty}, {"removed from English", rep.Removed},
			{"placeholders differ", rep.Placeholders}, {"stale (English changed)", rep.Stale}, {"not stamped", rep.Unstamped}} {
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
