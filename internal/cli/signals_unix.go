//go:build unix

package cli

import (
	"os"
	"syscall"
)

// stopSignals end a session or a batch run cleanly: Ctrl+C (SIGINT), kill
// (SIGTERM), and SIGHUP, sent when the terminal window is closed or the
// connection drops.
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}
