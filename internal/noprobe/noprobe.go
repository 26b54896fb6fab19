// Package noprobe keeps the colour library from probing the terminal while
// the program's packages initialise. lipgloss detects the colour profile of
// standard output in a package variable; on a terminal that reads the
// terminfo database, which looks the user up (with the C library, a
// connection to the nscd socket), and inside tmux it runs "tmux info",
// another program that talks to the tmux server's socket. NO_COLOR ends the
// detection before any of that.
//
// This package sets NO_COLOR in its init and Restore puts the environment
// back. Go initialises packages in import-path order, each once its own
// imports are done: this package imports only os, and lipgloss imports
// packages whose paths sort after this one's (github.com/rivo/uniseg,
// golang.org/x/sys), so this init runs first. cli calls Restore from its
// own init, which runs after lipgloss's, since cli imports it. The colours
// of a session are set from the environment without a probe (prompt). The
// no-trace test runs a session inside tmux and fails on any probe.
package noprobe

import "os"

var set bool

func init() {
	if _, ok := os.LookupEnv("NO_COLOR"); !ok {
		os.Setenv("NO_COLOR", "1")
		set = true
	}
}

// Restore undoes what init did: NO_COLOR is unset again unless the user set
// it.
func Restore() {
	if set {
		os.Unsetenv("NO_COLOR")
		set = false
	}
}
