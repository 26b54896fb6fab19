package cli

import (
	"encoding/json"
	"io"
	"strings"

	"github.com/continuum-screening/continuum/internal/inert"
)

// writeJSON writes v as indented JSON with every control character escaped,
// the C1 controls and bidirectional overrides too, which encoding/json
// leaves as they are: an organisation's definitions, catalogues and
// directories are read from files, and the JSON may be shown on a terminal.
func writeJSON(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	b = append(inert.JSON(b), '\n')
	_, err = w.Write(b)
	return err
}

// inertText collects a command's text output and writes it with escape
// sequences and control characters made inert (line breaks and tabs kept),
// since much of it comes from files: texts of an organisation's own
// catalogues, names in a directory of services.
type inertText struct {
	strings.Builder
	w io.Writer
}

func newInertText(w io.Writer) *inertText { return &inertText{w: w} }

func (t *inertText) flush() error {
	_, err := io.WriteString(t.w, inert.Text(t.String()))
	t.Reset()
	return err
}
