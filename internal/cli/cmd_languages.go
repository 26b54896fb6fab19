package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/continuum-screening/continuum/internal/contract"
	"github.com/continuum-screening/continuum/internal/defs"
	"github.com/continuum-screening/continuum/internal/i18n"
	"github.com/continuum-screening/continuum/internal/report"
	"github.com/continuum-screening/continuum/internal/strictyaml"
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
		Use:   "languages",
		Short: "List the shipped languages with their native names, coverage and review status",
		Long: `List the shipped languages with their native names, coverage and review status.

For translators (see TRANSLATING.md):
  --check [CODE...]        list, per language and message, what is missing,
                           empty, removed from English, with other
                           placeholders than English, stale (the English text
                           changed since the translation was made) or not
                           stamped (the translation changed since it was
                           recorded); exits 1 if any language has work
  --stamp [CODE...]        record in locales/CODE/source.sum the messages whose
                           translation was written or changed since the last
                           stamp; a stale message whose translation nobody
                           touched stays stale
  --confirm CODE ID...     record that these translations were checked against
                           today's English and are right as they are

--check reads the shipped catalogues unless --locales is given; --stamp and
--confirm read and write the catalogues in --locales (default: locales).`,
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
	cmd.Flags().BoolVar(&o.JSON, "json", false, "machine-readable output")
	cmd.Flags().BoolVar(&o.Check, "check", false, "list what translators have to do, per language and message")
	cmd.Flags().BoolVar(&o.Stamp, "stamp", false, "record the translations written or changed since the last stamp")
	cmd.Flags().BoolVar(&o.Confirm, "confirm", false, "record that translations were checked and are right as they are")
	cmd.Flags().StringVar(&o.Locales, "locales", "", "folder of the catalogues on disk, one folder per language (for --check, --stamp, --confirm)")
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

// translatorBundle returns the catalogues and a function reading a
// language's sum file: from the folder on disk when dir is set, else the
// shipped ones.
func translatorBundle(dir string, shipped *i18n.Bundle) (*i18n.Bundle, func(code string) (i18n.Sums, error), error) {
	if dir == "" {
		return shipped, defs.ShippedSums, nil
	}
	cats, err := defs.ReadLocales(dir)
	if err != nil {
		return nil, nil, err
	}
	b, err := i18n.NewBundle(cats)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %v", dir, err)
	}
	return b, func(code string) (i18n.Sums, error) { return readSums(dir, code) }, nil
}

// readSums reads locales/CODE/source.sum from disk: nil when the language
// has none yet. An empty file is refused: it is what a shell leaves when the
// output of a command is redirected into the file it reads, and stamping
// from it would record every translation as made from today's English.
func readSums(dir, code string) (i18n.Sums, error) {
	p := filepath.Join(dir, code, i18n.SumFile)
	data, err := strictyaml.ReadPath(p, i18n.MaxCatalogSize, "a sum file")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if len(data) == 0 {
		return nil, fmt.Errorf("%s: empty file; expected the header and one line per message. If a command's output was redirected into it, restore it from version control; --stamp and --confirm write the file themselves", p)
	}
	return i18n.ParseSums(p, data)
}

func languagesStamp(o *languagesOptions) error {
	dir := o.Locales
	if dir == "" {
		dir = "locales"
	}
	if info, err := os.Stat(filepath.Join(dir, i18n.Source)); err != nil || !info.IsDir() {
		return usagef("%s: no %s folder; run from the top of the source tree or give --locales DIR", dir, i18n.Source)
	}
	b, sumsOf, err := translatorBundle(dir, nil)
	if err != nil {
		return err
	}
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
		old, err := sumsOf(code)
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
		p := filepath.Join(dir, code, i18n.SumFile)
		if err := writeSumFile(p, code, b.Catalog(code).Meta.Name, res.Sums); err != nil {
			return err
		}
		for _, id := range res.Stamped {
			fmt.Fprintf(w, "%s: stamped: %s\n", code, id)
		}
		for _, id := range res.Stale {
			fmt.Fprintf(w, "%s: still stale: %s\n", code, id)
		}
		fmt.Fprintf(w, "%s: %s: %d stamped, %d still stale\n", code, p, len(res.Stamped), len(res.Stale))
	}
	return nil
}

// writeSumFile replaces a sum file through a temporary file in the same
// folder, so that an interrupted write leaves the old file whole.
func writeSumFile(p, code, name string, sums i18n.Sums) error {
	f, err := os.CreateTemp(filepath.Dir(p), "."+i18n.SumFile+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if err := i18n.WriteSums(f, name+" ("+code+") "+i18n.SumFile, code, sums); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), p)
}

func languagesCheck(o *languagesOptions, e *env) error {
	b, sumsOf, err := translatorBundle(o.Locales, e.Bundle)
	if err != nil {
		return err
	}
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
		sums, err := sumsOf(code)
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
