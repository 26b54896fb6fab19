package cli

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The exit codes of the manual are the Exit constants of exit.go, every one
// of them, and the README's table lists the same codes.
func TestExitCodesDocumented(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "exit.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var want []int
	ast.Inspect(f, func(n ast.Node) bool {
		if vs, ok := n.(*ast.ValueSpec); ok {
			for i, name := range vs.Names {
				if i >= len(vs.Values) || !strings.HasPrefix(name.Name, "Exit") {
					continue
				}
				if lit, ok := vs.Values[i].(*ast.BasicLit); ok {
					v, _ := strconv.Atoi(lit.Value)
					want = append(want, v)
				}
			}
		}
		return true
	})
	var got []int
	for _, c := range ExitCodes {
		got = append(got, c.Code)
	}
	if len(want) < 5 || !slices.Equal(got, want) {
		t.Errorf("manual exit codes %v, exit.go has %v", got, want)
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, _ := strings.Cut(string(readme), "| exit code | meaning |\n")
	table, _, _ = strings.Cut(table, "\n\n")
	rows := regexp.MustCompile(`(?m)^\| (\d+) \| `).FindAllStringSubmatch(table, -1)
	var inReadme []int
	for _, r := range rows {
		v, _ := strconv.Atoi(r[1])
		inReadme = append(inReadme, v)
	}
	if !slices.Equal(inReadme, want) {
		t.Errorf("README's exit codes %v, exit.go has %v", inReadme, want)
	}
}

// Every environment variable the program reads is in the manual's
// ENVIRONMENT section.
func TestEnvironmentDocumented(t *testing.T) {
	documented := map[string]bool{}
	for _, e := range Environment {
		for _, name := range strings.Split(e.Term, ", ") {
			documented[name] = true
		}
	}
	// Read by the tests' tool checks only.
	notForUsers := map[string]bool{"CONTINUUM_REQUIRE_TOOLS": true}
	read := regexp.MustCompile(`Getenv\("([A-Z_]+)"\)|"(CONTINUUM_[A-Z_]+)"`)
	found := 0
	err := filepath.WalkDir("..", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range read.FindAllStringSubmatch(string(src), -1) {
			name := m[1] + m[2]
			found++
			if !documented[name] && !notForUsers[name] {
				t.Errorf("%s reads %s, which the manual's ENVIRONMENT section does not list", p, name)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 3 {
		t.Fatalf("found %d environment variables in the code; the scan is broken", found)
	}
}
