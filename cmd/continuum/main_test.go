package main

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/continuum-screening/continuum/internal/cli"
	"github.com/continuum-screening/continuum/internal/testdefs"
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
		Cmds:          map[string]func(*testscript.TestScript, bool, []string){"csvnumbers": csvNumbers, "expand": expand},
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
			// $FORM_VERSION is the shipped questionnaire's version, for
			// records of it and outputs that name it (see expand).
			e.Setenv("FORM_VERSION", testdefs.Version())
			return nil
		},
	})
}

// expand replaces each ${NAME} in the named files of the script with the
// value of the environment variable NAME, as testscript does in a command's
// arguments but not in the files of the archive:
//
//	expand FILE...
//
// A name the environment does not set is an error, not an empty value.
func expand(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: expand FILE...")
	}
	for _, name := range args {
		var unset []string
		text := braced.ReplaceAllStringFunc(ts.ReadFile(name), func(m string) string {
			v := ts.Getenv(m[2 : len(m)-1])
			if v == "" {
				unset = append(unset, m)
			}
			return v
		})
		if len(unset) > 0 {
			ts.Fatalf("expand %s: not set: %s", name, strings.Join(unset, ", "))
		}
		ts.Check(os.WriteFile(ts.MkAbs(name), []byte(text), 0o644))
	}
}

// braced is ${NAME}, the only form expand replaces.
var braced = regexp.MustCompile(`\$\{[A-Za-z_][A-Za-z0-9_]*\}`)

// csvNumbers reads a CSV file back with encoding/csv, as an analysis tool
// would, and checks that the named columns hold numbers:
//
//	csvnumbers FILE COL[?|:FLAG]...
//
// COL: every cell parses as a number. COL?: a cell may also be empty.
// COL:FLAG: a cell may be empty only where the 0/1 column FLAG is 1, and
// is a number where it is 0. A byte-order mark at the start is taken off
// and said on stdout, with the number of rows read.
func csvNumbers(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: csvnumbers FILE COL[?|:FLAG]...")
	}
	data := []byte(ts.ReadFile(args[0]))
	if rest, ok := bytes.CutPrefix(data, []byte("\ufeff")); ok {
		data = rest
		fmt.Fprintln(ts.Stdout(), "byte-order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err == nil && len(rows) == 0 {
		err = fmt.Errorf("no header")
	}
	var problems []string
	if err != nil {
		problems = append(problems, err.Error())
	}
	for _, spec := range args[1:] {
		if err != nil {
			break
		}
		col, flag, _ := strings.Cut(spec, ":")
		col, empty := strings.CutSuffix(col, "?")
		ci, fi := slices.Index(rows[0], col), -1
		if flag != "" {
			fi = slices.Index(rows[0], flag)
		}
		if ci < 0 || (flag != "" && fi < 0) {
			problems = append(problems, fmt.Sprintf("no column %s", spec))
			continue
		}
		for r, row := range rows[1:] {
			cell := row[ci]
			switch {
			case fi >= 0 && row[fi] != "0" && row[fi] != "1":
				problems = append(problems, fmt.Sprintf("row %d: %s is %q, not 0 or 1", r+2, flag, row[fi]))
			case fi >= 0 && row[fi] == "1":
				if cell != "" {
					problems = append(problems, fmt.Sprintf("row %d: %s is %q where %s is 1", r+2, col, cell, flag))
				}
			case cell == "" && empty:
			default:
				if _, perr := strconv.ParseFloat(cell, 64); perr != nil {
					problems = append(problems, fmt.Sprintf("row %d: %s is %q, not a number", r+2, col, cell))
				}
			}
		}
	}
	if len(problems) > 0 {
		if !neg {
			ts.Fatalf("%s: %s", args[0], strings.Join(problems, "; "))
		}
		return
	}
	if neg {
		ts.Fatalf("%s: every column holds numbers", args[0])
	}
	fmt.Fprintf(ts.Stdout(), "%d rows\n", len(rows)-1)
}
