// Package testdefs gives tests the shipped definitions, parsed straight from
// the embedded files, without the defs package, so that the packages defs
// builds on (scoring, referral, training) can use it in their own tests.
// Only tests import it.
package testdefs

import (
	"io/fs"
	"path"
	"strings"

	continuum "github.com/continuum-screening/continuum"
	"github.com/continuum-screening/continuum/internal/i18n"
	q "github.com/continuum-screening/continuum/internal/questionnaire"
)

// Files returns the shipped definition files.
func Files() ([]q.File, error) {
	entries, err := fs.ReadDir(continuum.Data, "indicators")
	if err != nil {
		return nil, err
	}
	var files []q.File
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".yaml") {
			continue
		}
		p := path.Join("indicators", e.Name())
		data, err := fs.ReadFile(continuum.Data, p)
		if err != nil {
			return nil, err
		}
		files = append(files, q.File{Name: p, Data: data})
	}
	return files, nil
}

// File returns one shipped definition file of the given kind.
func File(kind string) (q.File, error) {
	files, err := Files()
	if err != nil {
		return q.File{}, err
	}
	for _, f := range files {
		if q.PeekKind(f) == kind {
			return f, nil
		}
	}
	return q.File{}, fs.ErrNotExist
}

// Form returns the shipped questionnaire.
func Form() (*q.Form, error) {
	files, err := Files()
	if err != nil {
		return nil, err
	}
	return q.Build(files)
}

// Bundle returns the shipped catalogues.
func Bundle() (*i18n.Bundle, error) { return i18n.Open(continuum.Data, "locales") }

// Version returns the version of the shipped questionnaire, for tests that
// write records of it or expect it in an output, so that a new version of
// the questionnaire does not mean editing them. It panics when the shipped
// definitions do not load, which their own tests report first.
func Version() string {
	f, err := Form()
	if err != nil {
		panic("testdefs: the shipped questionnaire does not load: " + err.Error())
	}
	return f.Version
}
