package cli

import (
	"errors"
	"fmt"
)

// Exit codes. They are part of the interface and documented in the README.
const (
	ExitOK          = 0
	ExitError       = 1
	ExitUsage       = 2
	ExitRejected    = 3 // a batch finished but some records were rejected
	ExitInterrupted = 130
)

// usageError marks a mistake in the command line itself.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

// exitError carries a specific exit code with an optional message; an empty
// message means the command has already said what happened.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// errRejected reports that some records were rejected.
func errRejected(n int) error {
	return &exitError{code: ExitRejected, msg: fmt.Sprintf("%d record(s) rejected", n)}
}

// errInterrupted is returned when the user stops a command.
var errInterrupted = &exitError{code: ExitInterrupted, msg: ""}

func exitCode(err error) int {
	var ue *usageError
	var ee *exitError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ue):
		return ExitUsage
	case errors.As(err, &ee):
		return ee.code
	}
	return ExitError
}
