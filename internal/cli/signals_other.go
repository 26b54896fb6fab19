//go:build !unix

package cli

import "os"

// stopSignals end a session or a batch run cleanly; elsewhere than on Unix
// only Ctrl+C (os.Interrupt) is delivered to a program.
var stopSignals = []os.Signal{os.Interrupt}

// quitSignals would print stacks if not caught: none here.
var quitSignals []os.Signal
