package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"

	"github.com/continuum-screening/continuum/internal/cli"
)

// genMan writes the man page of cmd and every command under it, named as
// cobra's GenManTree names them (continuum-score.1), each with the
// sections every page shares (exit codes, environment, files) before SEE
// ALSO.
func genMan(cmd *cobra.Command, header *doc.GenManHeader, dir string) error {
	for _, c := range cmd.Commands() {
		if !c.IsAvailableCommand() || c.IsAdditionalHelpTopicCommand() {
			continue
		}
		if err := genMan(c, header, dir); err != nil {
			return err
		}
	}
	var page bytes.Buffer
	h := *header
	if err := doc.GenMan(cmd, &h, &page); err != nil {
		return err
	}
	name := filepath.Join(dir, strings.ReplaceAll(cmd.CommandPath(), " ", "-")+"."+header.Section)
	return os.WriteFile(name, withSections(page.Bytes(), manSections()), 0o644)
}

// manSections renders the shared sections in roff.
func manSections() []byte {
	var b bytes.Buffer
	for _, s := range cli.ManSections() {
		b.WriteString(".SH " + s.Title + "\n")
		for _, e := range s.Entries {
			b.WriteString(".TP\n\\fB" + roff(e.Term) + "\\fP\n" + roff(e.Text) + "\n")
		}
		b.WriteString("\n")
	}
	return b.Bytes()
}

// withSections puts the sections before SEE ALSO, or at the end.
func withSections(page, sections []byte) []byte {
	at := bytes.Index(page, []byte("\n.SH SEE ALSO"))
	if at < 0 {
		return append(append(page, '\n'), sections...)
	}
	at++
	out := append([]byte{}, page[:at]...)
	out = append(out, sections...)
	return append(out, page[at:]...)
}

// roff escapes text for a man page: a backslash is \e, a hyphen \-, and a
// line may not start with a control character.
func roff(s string) string {
	s = strings.NewReplacer(`\`, `\e`, "-", `\-`).Replace(s)
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = `\&` + s
	}
	return s
}
