// Command gen-docs writes the Markdown command reference and the man pages
// of continuum. It is kept out of the main binary.
//
//	go run ./cmd/gen-docs -markdown docs/reference -man dist/man
package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"

	"github.com/continuum-screening/continuum/internal/cli"
)

func main() {
	md := flag.String("markdown", "", "directory for the Markdown reference")
	man := flag.String("man", "", "directory for the man pages")
	flag.Parse()
	if *md == "" && *man == "" {
		fmt.Fprintln(os.Stderr, "usage: gen-docs [-markdown DIR] [-man DIR]")
		os.Exit(2)
	}
	if err := run(*md, *man); err != nil {
		fmt.Fprintln(os.Stderr, "gen-docs:", err)
		os.Exit(1)
	}
}

func run(md, man string) error {
	root, err := Root()
	if err != nil {
		return err
	}
	if md != "" {
		if err := os.MkdirAll(md, 0o755); err != nil {
			return err
		}
		if err := doc.GenMarkdownTree(root, md); err != nil {
			return err
		}
	}
	if man != "" {
		if err := os.MkdirAll(man, 0o755); err != nil {
			return err
		}
		header := &doc.GenManHeader{Title: "CONTINUUM", Section: "1", Source: "continuum", Manual: "continuum manual", Date: sourceDate()}
		if err := genMan(root, header, man); err != nil {
			return err
		}
	}
	return nil
}

// Root returns the command tree with the generator's date line switched off,
// so that the same source gives the same documents.
func Root() (*cobra.Command, error) {
	root := cli.NewRootCmd(cli.SystemStreams())
	root.DisableAutoGenTag = true
	if err := cli.DocumentHelp(root); err != nil {
		return nil, err
	}
	for _, c := range root.Commands() {
		c.DisableAutoGenTag = true
	}
	return root, nil
}

// sourceDate is SOURCE_DATE_EPOCH when set (reproducible builds), else a
// fixed date, never the clock.
func sourceDate() *time.Time {
	t := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			t = time.Unix(n, 0).UTC()
		}
	}
	return &t
}
