package strictyaml

import (
	"fmt"
	"strings"
)

// Error is one problem in a file the tool reads: definitions, catalogues,
// referral directories, mapping files, scenarios, answer records. It names
// the file, the line (0 when the whole file) and the field when known, and
// says what was expected; it never quotes an answer value.
type Error struct {
	File  string
	Line  int
	Field string
	Msg   string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Field != "" {
		b.WriteString(": ")
		b.WriteString(e.Field)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

// Errors collects every problem found, so that one run shows them all.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Split gives each error of the list, so that each is shown on a line of
// its own. (Not Unwrap: errors.As would then find one problem of a file
// inside the list and take the whole for it.)
func (es Errors) Split() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// Add appends a problem.
func (es *Errors) Add(file string, line int, field, format string, args ...any) {
	*es = append(*es, &Error{File: file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
}

// AddProblem appends a problem found by Parse.
func (es *Errors) AddProblem(file string, p *Problem) {
	*es = append(*es, &Error{File: file, Line: p.Line, Field: p.Field, Msg: p.Msg})
}

// Err returns es as an error, or nil when it is empty.
func (es Errors) Err() error {
	if len(es) == 0 {
		return nil
	}
	return es
}
