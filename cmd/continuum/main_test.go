package main

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/continuum-screening/continuum/internal/cli"
)

var update = flag.Bool("update", false, "rewrite the golden parts of testdata/script/*.txtar from the actual output")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"continuum":       func() { os.Exit(cli.Main()) },
		"platform-export": func() { os.Exit(platformExport()) },
	})
}

// TestScripts runs the end-to-end scenarios in testdata/script: each is a
// txtar file of commands and the output they must give.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "../../testdata/script",
		UpdateScripts: *update,
		Setup: func(e *testscript.Env) error {
			// A clean environment: no locale, no language, no colour.
			for _, k := range []string{"LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE", "CONTINUUM_LANG", "CONTINUUM_DIRECTORY", "ACCESSIBLE"} {
				e.Setenv(k, "")
			}
			e.Setenv("NO_COLOR", "1")
			// $REPO lets scripts read shared files under testdata/.
			repo, err := filepath.Abs("../..")
			if err != nil {
				return err
			}
			e.Setenv("REPO", repo)
			return nil
		},
	})
}
