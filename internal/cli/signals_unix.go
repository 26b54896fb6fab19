//go:build unix

package cli

import (
	"os"
	"syscall"
)

// stopSignals end a session or a batch run cleanly: Ctrl+C (SIGINT), Ctrl+\
// (SIGQUIT, which would otherwise print every goroutine's stack), kill
// (SIGTERM), and SIGHUP, sent when the terminal window is closed or the
// connection drops. All give exit code 130.
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGQUIT, syscall.SIGTERM, syscall.SIGHUP}

// quitSignals would print stacks if not caught.
var quitSignals = []os.Signal{syscall.SIGQUIT}
