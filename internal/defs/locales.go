package defs

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/continuum-screening/continuum/internal/i18n"
	"github.com/continuum-screening/continuum/internal/strictyaml"
)

// Locales are the catalogues translators work on, with each language's sum
// file (see i18n.SumFile): the shipped ones, or a locales folder on disk
// (languages --locales; --stamp and --confirm write there).
type Locales struct {
	Bundle *i18n.Bundle
	// Dir is the folder on disk; "" for the shipped catalogues.
	Dir string
}

// ShippedLocales are the shipped catalogues, b, with their sum files.
func ShippedLocales(b *i18n.Bundle) *Locales { return &Locales{Bundle: b} }

// OpenLocales reads the catalogues of a locales folder on disk.
func OpenLocales(dir string) (*Locales, error) {
	cats, err := ReadLocales(dir)
	if err != nil {
		return nil, err
	}
	b, err := i18n.NewBundle(cats)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", dir, err)
	}
	return &Locales{Bundle: b, Dir: dir}, nil
}

// SumPath is the sum file of a language on disk.
func (l *Locales) SumPath(code string) string { return filepath.Join(l.Dir, code, i18n.SumFile) }

// Sums reads a language's sum file: nil when the language has none yet. An
// empty file on disk is refused: it is what a shell leaves when the output
// of a command is redirected into the file it reads, and stamping from it
// would record every translation as made from today's English.
func (l *Locales) Sums(code string) (i18n.Sums, error) {
	if l.Dir == "" {
		return ShippedSums(code)
	}
	p := l.SumPath(code)
	data, err := strictyaml.ReadPath(p, i18n.MaxSumSize, "a sum file")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if len(data) == 0 {
		return nil, fmt.Errorf("%s: empty file; expected the header and one line per message. If a command's output was redirected into it, restore it from version control; --stamp and --confirm write the file themselves", p)
	}
	return i18n.ParseSums(p, data)
}

// WriteSums replaces a language's sum file on disk through a temporary
// file in the same folder, so that an interrupted write leaves the old
// file whole.
func (l *Locales) WriteSums(code string, sums i18n.Sums) error {
	p := l.SumPath(code)
	f, err := os.CreateTemp(filepath.Dir(p), "."+i18n.SumFile+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	name := l.Bundle.Catalog(code).Meta.Name
	if err := i18n.WriteSums(f, name+" ("+code+") "+i18n.SumFile, code, sums); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), p)
}
