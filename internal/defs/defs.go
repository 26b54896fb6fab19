// Package defs assembles the definitions the tool works with, in one place:
// the questionnaire with its Delphi items and ILO indicators, the message
// catalogues, the referral rules and the practice scenarios. They come from
// the files shipped in the binary, completed or replaced by an
// organisation's own (--indicators, a folder with an optional locales/
// folder, or one file). The packages that understand each kind of file only
// parse what they are given; this package finds the files and reads every
// one of them through strictyaml.ReadFile.
package defs

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	continuum "github.com/continuum-screening/continuum"
	"github.com/continuum-screening/continuum/internal/i18n"
	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/referral"
	"github.com/continuum-screening/continuum/internal/strictyaml"
	"github.com/continuum-screening/continuum/internal/training"
)

// Where the shipped files sit in the embedded data.
const (
	shippedDefs    = "indicators"
	shippedLocales = "locales"
	localesDir     = "locales" // beside an organisation's own definitions
)

// expectDefs says what a definitions file should be, for the message when it
// is not a regular file.
const expectDefs = "a definitions file (YAML)"

// Set is one assembled definition set.
type Set struct {
	Form   *q.Form
	Bundle *i18n.Bundle
	Rules  *referral.Rules

	scenarios func() (*training.Set, error)
}

// Shipped assembles the definitions shipped in the binary.
func Shipped() (*Set, error) { return Load("") }

// Load assembles the definitions for --indicators: the shipped ones when
// indicators is "", otherwise the folder or file it names, completed with
// the shipped files of the kinds it does not provide. The English text of
// every message the questionnaire and the referral rules name must exist.
func Load(indicators string) (*Set, error) {
	own, err := openOwn(indicators)
	if err != nil {
		return nil, err
	}
	return assemble(continuum.Data, own)
}

// own is an organisation's definitions: a folder of fsys, or one file in it.
type own struct {
	fsys    fs.FS
	display string // the folder as given, for messages
	file    string // the one file, when --indicators names a file
}

func openOwn(indicators string) (*own, error) {
	if indicators == "" {
		return nil, nil
	}
	info, err := os.Stat(indicators)
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return &own{fsys: os.DirFS(indicators), display: indicators}, nil
	}
	dir := filepath.Dir(indicators)
	return &own{fsys: os.DirFS(dir), display: dir, file: indicators}, nil
}

func assemble(shipped fs.FS, o *own) (*Set, error) {
	shippedFiles, err := readYAMLFiles(shipped, shippedDefs, shippedDefs)
	if err != nil {
		return nil, err
	}
	files := shippedFiles
	var ownFiles []file
	if o != nil {
		if ownFiles, err = o.definitions(); err != nil {
			return nil, err
		}
		files = complete(ownFiles, shippedFiles)
	}
	form, err := q.Build(plain(files))
	if err != nil {
		return nil, err
	}
	bundle, err := i18n.Open(shipped, shippedLocales)
	if err != nil {
		return nil, err
	}
	if o != nil {
		if err := o.overlayLocales(bundle); err != nil {
			return nil, err
		}
	}
	if err := checkEnglish(bundle, form.MessageIDs(), firstOr(form.Files, "locales/en")); err != nil {
		return nil, err
	}
	rulesFile, err := pickRules(shippedFiles, ownFiles, o)
	if err != nil {
		return nil, err
	}
	rules, err := referral.Parse(form, rulesFile)
	if err != nil {
		return nil, err
	}
	if err := checkEnglish(bundle, rules.MessageIDs(), rules.File); err != nil {
		return nil, err
	}
	s := &Set{Form: form, Bundle: bundle, Rules: rules}
	s.scenarios = sync.OnceValues(func() (*training.Set, error) {
		f, err := onlyOfKind(shippedFiles, training.Kind)
		if err != nil {
			return nil, err
		}
		return training.Parse(f.Name, f.Data, form)
	})
	return s, nil
}

// Scenarios returns the shipped practice scenarios, checked against the
// set's questionnaire; they are read the first time they are asked for.
func (s *Set) Scenarios() (*training.Set, error) { return s.scenarios() }

// definitions reads the organisation's definition files: the one file, or
// every *.yaml and *.yml file directly in the folder.
func (o *own) definitions() ([]file, error) {
	if o.file != "" {
		data, err := strictyaml.ReadPath(o.file, q.MaxFileSize, expectDefs)
		if err != nil {
			return nil, err
		}
		return []file{newFile(o.file, data)}, nil
	}
	files, err := readYAMLFiles(o.fsys, ".", o.display)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, q.Errors{{File: o.display, Msg: "no .yaml files; expected at least a questionnaire"}}
	}
	return files, nil
}

// readYAMLFiles reads every *.yaml and *.yml entry of dir in fsys that is
// not a folder, in name order; display names dir in messages. Anything
// else under such a name (a named pipe, a device, a link to one) is refused
// by the reader.
func readYAMLFiles(fsys fs.FS, dir, display string) ([]file, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var files []file
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !isYAML(name) {
			continue
		}
		shown := filepath.Join(display, name)
		data, err := strictyaml.ReadFile(fsys, path.Join(dir, name), shown, q.MaxFileSize, expectDefs)
		if err != nil {
			return nil, err
		}
		files = append(files, newFile(shown, data))
	}
	return files, nil
}

func isYAML(name string) bool {
	return strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")
}

// complete adds to an organisation's files the shipped files of the kinds
// they do not provide (the Delphi items or the ILO indicators, typically), so
// that a questionnaire alone is enough.
func complete(ownFiles, shipped []file) []file {
	have := map[string]bool{}
	for _, f := range ownFiles {
		have[f.kind] = true
	}
	files := append([]file{}, ownFiles...)
	for _, f := range shipped {
		if !have[f.kind] {
			files = append(files, f)
		}
	}
	return files
}

// file is a definitions file with its kind, peeked once.
type file struct {
	q.File
	kind string
}

func newFile(name string, data []byte) file {
	f := q.File{Name: name, Data: data}
	return file{f, q.PeekKind(f)}
}

func plain(files []file) []q.File {
	out := make([]q.File, len(files))
	for i, f := range files {
		out[i] = f.File
	}
	return out
}

// pickRules chooses the referral rules: a referral-rules file in the
// organisation's folder if there is one, otherwise the shipped rules.
func pickRules(shipped, ownFiles []file, o *own) (q.File, error) {
	if o != nil && o.file == "" {
		var found []q.File
		for _, f := range ownFiles {
			if f.kind == referral.KindRules {
				found = append(found, f.File)
			}
		}
		switch len(found) {
		case 1:
			return found[0], nil
		case 0:
		default:
			return q.File{}, q.Errors{{File: found[1].Name, Field: "kind", Msg: fmt.Sprintf("a second %s file; the first is %s", referral.KindRules, found[0].Name)}}
		}
	}
	return onlyOfKind(shipped, referral.KindRules)
}

// onlyOfKind returns the one shipped file of a kind.
func onlyOfKind(shipped []file, kind string) (q.File, error) {
	var found []q.File
	for _, f := range shipped {
		if f.kind == kind {
			found = append(found, f.File)
		}
	}
	if len(found) != 1 {
		return q.File{}, fmt.Errorf("%s: %d %s files embedded; expected one", shippedDefs, len(found), kind)
	}
	return found[0], nil
}

// overlayLocales layers the catalogues of a locales/ folder beside the
// organisation's definitions over the shipped ones.
func (o *own) overlayLocales(b *i18n.Bundle) error {
	info, err := fs.Stat(o.fsys, localesDir)
	if err != nil || !info.IsDir() {
		return nil
	}
	cats, err := i18n.LoadFS(o.fsys, localesDir, filepath.Join(o.display, localesDir))
	if err != nil {
		return err
	}
	return b.Overlay(cats)
}

// checkEnglish refuses definitions that refer to texts the English
// catalogue does not have: every question, every referral type needs its
// words.
func checkEnglish(b *i18n.Bundle, ids []string, file string) error {
	en := b.Localizer(i18n.Source)
	var errs q.Errors
	for _, id := range ids {
		if !en.Has(id) {
			errs = append(errs, &q.Error{File: file, Field: id, Msg: "no English text for this message id; expected it in locales/en/*.yaml"})
		}
	}
	return errs.Err()
}

func firstOr(list []string, def string) string {
	if len(list) > 0 {
		return list[0]
	}
	return def
}

// ShippedBundle returns the shipped catalogues alone, for completing
// language names before any definitions are read.
func ShippedBundle() (*i18n.Bundle, error) {
	return i18n.Open(continuum.Data, shippedLocales)
}

// ShippedSums returns the translation stamps of a shipped language; nil when
// it has none.
func ShippedSums(code string) (i18n.Sums, error) {
	return i18n.ReadSums(continuum.Data, path.Join(shippedLocales, code))
}

// ReadLocales reads the catalogues of a locales folder on disk, for
// translators (languages --locales).
func ReadLocales(dir string) ([]*i18n.Catalog, error) {
	return i18n.LoadFS(os.DirFS(dir), ".", dir)
}

// ReadDirectory reads and validates an organisation's directory of local
// services (referrals --directory, CONTINUUM_DIRECTORY) against rules.
func ReadDirectory(rules *referral.Rules, name string) (*referral.Directory, error) {
	data, err := strictyaml.ReadPath(name, referral.MaxFileSize, "a directory file (YAML)")
	if err != nil {
		return nil, err
	}
	return referral.ParseDirectory(rules, q.File{Name: name, Data: data})
}

// OpenDirectory is ReadDirectory for the directory a session or a listing
// uses, whose name came from from (--directory, CONTINUUM_DIRECTORY): a file
// that cannot be opened is an error that says so in words, names where its
// name came from and what was expected.
func OpenDirectory(rules *referral.Rules, name, from string) (*referral.Directory, error) {
	d, err := ReadDirectory(rules, name)
	var pe *fs.PathError
	if err == nil || !errors.As(err, &pe) {
		return d, err
	}
	what := "cannot be read"
	switch {
	case errors.Is(err, fs.ErrNotExist):
		what = "no such file"
	case errors.Is(err, fs.ErrPermission):
		what = "not allowed to read it"
	}
	return nil, fmt.Errorf("%s: %s (the directory of local services, from %s); expected a referral-directory file, see 'continuum referrals validate --help'", name, what, from)
}
