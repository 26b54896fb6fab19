package cli

import (
	"bytes"
	"testing"

	"github.com/continuum-screening/continuum/internal/i18n"
)

// Building the command tree reads no catalogue: it happens on every run,
// --version and score included, and the help texts are filled in only when
// help is shown.
func TestBuildingTheTreeReadsNoCatalogue(t *testing.T) {
	streams := &Streams{Out: &bytes.Buffer{}, Err: &bytes.Buffer{}, Getenv: func(string) string { return "" }}
	before := i18n.Parses()
	NewRootCmd(streams)
	if n := i18n.Parses() - before; n != 0 {
		t.Errorf("building the command tree parsed %d catalogue files; expected none", n)
	}
	// The counter is real: showing help reads the catalogues.
	before = i18n.Parses()
	out, errOut, exit := runCLI(t, bytes.NewReader(nil), "evaluate", "--help")
	if exit != ExitOK || i18n.Parses() == before {
		t.Errorf("evaluate --help: exit %d, %d catalogue files parsed:\n%s%s", exit, i18n.Parses()-before, out, errOut)
	}
}
