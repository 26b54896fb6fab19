package cli

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/continuum-screening/continuum/internal/report"
	"github.com/continuum-screening/continuum/internal/xlsform"
)

type exportOptions struct {
	*Globals
	Output string
}

func newExportCmd(g *Globals, runF func(*exportOptions) error) *cobra.Command {
	cmd := &cobra.Command{
		Use: "export",
	}
	cmd.AddCommand(newExportXLSFormCmd(g, runF))
	return cmd
}

func newExportXLSFormCmd(g *Globals, runF func(*exportOptions) error) *cobra.Command {
	o := &exportOptions{Globals: g}
	cmd := &cobra.Command{
		Use:  "xlsform -o FILE.xlsx",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(o)
			}
			return exportXLSFormRun(o)
		},
	}
	cmd.Flags().StringVarP(&o.Output, "output", "o", "", "")
	cmd.RegisterFlagCompletionFunc("output", completeFiles("xlsx"))
	return cmd
}

func exportXLSFormRun(o *exportOptions) error {
	if o.Output == "" {
		return usagef("-o: missing; expected the file to write, such as continuum.xlsx")
	}
	if o.Output == "-" && o.Streams.OutTTY {
		return usagef("-o -: standard output is a terminal; expected a file name or a pipe (the workbook is binary)")
	}
	// --lang takes a list here: the languages of the form. The first is the
	// form's default and the language of this command's own messages.
	var langs []string
	if strings.TrimSpace(o.Lang) != "" {
		for _, l := range strings.Split(o.Lang, ",") {
			if l = strings.TrimSpace(l); l != "" {
				langs = append(langs, l)
			}
		}
	}
	g := *o.Globals
	if len(langs) > 0 {
		g.Lang = langs[0]
	}
	e, err := g.loadEnv()
	if err != nil {
		return err
	}
	if len(langs) > 0 {
		if _, err := xlsform.Langs(e.Bundle, langs); err != nil {
			return usagef("--lang: %v", err)
		}
	}
	wb, err := xlsform.Build(xlsform.Options{Form: e.Form, Bundle: e.Bundle, Langs: langs})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := wb.Write(&buf); err != nil {
		return err
	}
	// The form holds no answer: it is the questionnaire itself.
	target := o.Output
	if target == "-" {
		target = ""
	}
	if err := o.Streams.writeOutput(target, buf.Bytes()); err != nil {
		return err
	}
	used, _ := xlsform.Langs(e.Bundle, langs)
	for _, line := range report.MissingTranslations(e.Loc, e.Bundle, used, wb.Missing) {
		fmt.Fprintln(o.Streams.Err, line)
	}
	names := make([]string, len(used))
	for i, c := range used {
		names[i] = e.Bundle.Catalog(c).Meta.NativeName
	}
	if target == "" {
		target = "stdout"
	}
	fmt.Fprintln(o.Streams.Err, e.Loc.T("export.xlsform-written",
		"File", target, "Form", e.Form.ID, "Version", e.Form.Version,
		"Languages", e.Loc.Join(names), "Default", xlsform.LangColumn(e.Bundle, used[0])))
	return nil
}
