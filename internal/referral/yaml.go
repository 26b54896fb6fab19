package referral

import (
	"regexp"
	"unicode/utf8"

	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/strictyaml"
)

// MaxFileSize bounds a rules or directory file, like a definitions file: a
// larger file is a mistake or an attack, and is refused before parsing.
const MaxFileSize = q.MaxFileSize

// maxText bounds one text value of a directory (a name, a note), so that a
// single field cannot flood the result screen.
const maxText = 2000

// parse checks size, encoding and structure and returns the root mapping
// (see strictyaml.Parse); every problem of the file goes to the walker w.
func parse(f q.File, w *strictyaml.Walker) (strictyaml.Value, bool) {
	return w.Parse(f.Data, MaxFileSize, "a mapping with a kind key")
}

// PeekKind returns the kind key of a YAML file, or "" when it has none or
// cannot be read.
func PeekKind(f q.File) string {
	return strictyaml.PeekText(f.Data, MaxFileSize, "kind")
}

// text reads a non-empty, bounded text.
func text(v strictyaml.Value) (string, bool) { return v.NonEmpty("text", maxText) }

// idRE is the shape of every id: lower-case words joined by '-' or '.'.
var idRE = regexp.MustCompile(`^[a-z0-9]+(?:[.-][a-z0-9]+)*$`)

// clip shortens an id named in a message.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	r := []rune(s)
	return string(r[:40]) + "…"
}
