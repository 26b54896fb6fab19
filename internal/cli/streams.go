package cli

import (
	"fmt"
	"io"
	"os"

	"golang.org/x/term"
)

// Streams are the command's input and outputs, so that tests can run a
// command with buffers and a fake terminal.
type Streams struct {
	In     io.Reader
	Out    io.Writer
	Err    io.Writer
	Getenv func(string) string

	// InTTY, OutTTY and ErrTTY say whether each stream is a terminal.
	InTTY, OutTTY, ErrTTY bool
}

// SystemStreams returns the process's standard streams.
func SystemStreams() *Streams {
	return &Streams{
		In: os.Stdin, Out: os.Stdout, Err: os.Stderr, Getenv: os.Getenv,
		InTTY:  term.IsTerminal(int(os.Stdin.Fd())),
		OutTTY: term.IsTerminal(int(os.Stdout.Fd())),
		ErrTTY: term.IsTerminal(int(os.Stderr.Fd())),
	}
}

// writeOutput writes what a command made to the file named with -o, or to
// standard output when name is "". A file is written only when the user
// asks for it, and never holds an answer.
func (s *Streams) writeOutput(name string, data []byte) error {
	if name == "" {
		_, err := s.Out.Write(data)
		return err
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		return fmt.Errorf("-o: %w", err)
	}
	return nil
}
