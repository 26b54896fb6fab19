package cli

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"sync/atomic"
)

// claimed counts the commands running that end cleanly on a stop signal
// (a session restores and clears the terminal, score finishes the record
// in hand).
var claimed atomic.Int32

// notifyStop returns a context cancelled by any of stopSignals, for a command
// that ends cleanly on it. Caught from the start of the command, so that no
// signal ends the process before the terminal is restored.
func notifyStop() (context.Context, context.CancelFunc) {
	ctx, stop := signal.NotifyContext(context.Background(), stopSignals...)
	claimed.Add(1)
	return ctx, func() {
		stop()
		claimed.Add(-1)
	}
}

// guardProcess is set once, by Main, for the whole process. A crash never
// prints goroutine stacks, whose arguments may hold answers (GOTRACEBACK
// above "none" in the environment still wins for panics, so the signals
// that dump stacks are caught here as well). SIGQUIT (Ctrl+\) never dumps
// them either: in a command that stops cleanly it is one of stopSignals;
// in any other it ends the process with the exit code of an interruption.
func guardProcess() {
	debug.SetTraceback("none")
	if len(quitSignals) == 0 {
		return
	}
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, quitSignals...)
	go func() {
		for range ch {
			if claimed.Load() == 0 {
				os.Exit(ExitInterrupted)
			}
		}
	}()
}
