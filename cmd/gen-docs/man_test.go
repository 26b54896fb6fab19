package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/continuum-screening/continuum/internal/cli"
)

// Every man page has its examples and the shared sections, exit codes,
// environment and files, before SEE ALSO; every exit code of the program is
// in them.
func TestManPageSections(t *testing.T) {
	dir := t.TempDir()
	if err := run("", dir); err != nil {
		t.Fatal(err)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "*.1"))
	if len(pages) < 14 {
		t.Fatalf("%d man pages; expected one per command", len(pages))
	}
	for _, p := range pages {
		page, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(p)
		last := -1
		for _, sec := range []string{".SH EXAMPLE", ".SH EXIT CODES", ".SH ENVIRONMENT", ".SH FILES", ".SH SEE ALSO"} {
			at := bytes.Index(page, []byte("\n"+sec+"\n"))
			// cobra's pages of the completion scripts explain their use
			// in the description, without examples.
			if at < 0 && (sec == ".SH SEE ALSO" || sec == ".SH EXAMPLE" && strings.HasPrefix(name, "continuum-completion-")) {
				continue
			}
			if at <= last {
				t.Errorf("%s: %s missing or out of order", name, sec)
			}
			last = at
		}
		for _, c := range cli.ExitCodes {
			if !bytes.Contains(page, []byte(".TP\n\\fB"+strconv.Itoa(c.Code)+"\\fP\n")) {
				t.Errorf("%s: exit code %d not in EXIT CODES", name, c.Code)
			}
		}
		for _, v := range []string{"CONTINUUM_LANG", "NO_COLOR"} {
			if !bytes.Contains(page, []byte(v)) {
				t.Errorf("%s: %s not in ENVIRONMENT", name, v)
			}
		}
	}
}
