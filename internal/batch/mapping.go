package batch

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/strictyaml"
)

// MapKind is the kind of a mapping file.
const MapKind = "answer-map"

// MaxMapSize bounds a mapping file; a real one is a few KiB.
const MaxMapSize = 1 << 20

// Mapping translates a survey-platform export (KoboToolbox, ODK, LimeSurvey)
// into the questionnaire's terms: export column to question id, export value
// to answer choice. It is loaded from a strict YAML file:
//
//	kind: answer-map
//	form: continuum-core        # the questionnaire the export answers
//	version: 1.0.0
//	id: record                  # the column holding the anonymous record id
//	columns:                    # export column -> question id
//	  danger_now: danger        #   a Kobo group prefix (group_x/danger_now) is looked through
//	groups:                     # export column -> a grouping the questionnaire allows
//	  work_sector: sector
//	values:                     # export value -> choice (also matched ignoring case)
//	  "1": "yes"
//	  "0": "no"
//	ignore:                     # columns with nothing to score and nothing identifying
//	  - _index
type Mapping struct {
	File    string
	Form    string
	Version string
	ID      string
	Columns map[string]string // export column (or its last path segment) -> question id
	Groups  map[string]string // export column -> grouping name
	Values  map[string]string // export value -> choice, exact
	Ignore  map[string]bool

	fold map[string]string // lower-cased export value -> choice
}

var mapKeys = []string{"kind", "form", "version", "id", "columns", "groups", "values", "ignore"}

// LoadMappingFile reads and checks a mapping file against the form.
func LoadMappingFile(name string, form *q.Form) (*Mapping, error) {
	data, err := strictyaml.ReadPath(name, MaxMapSize, "a mapping file (YAML)")
	if err != nil {
		return nil, err
	}
	return LoadMapping(name, data, form)
}

// LoadMapping parses a mapping file. Every problem is reported with the
// file, line and field, and what was expected.
func LoadMapping(name string, data []byte, form *q.Form) (*Mapping, error) {
	l := &mapLoader{name: name, form: form, seen: map[string]bool{}}
	root, p := strictyaml.Parse(data, MaxMapSize, "a mapping with kind: "+MapKind)
	if p != nil {
		l.errs.AddProblem(name, p)
		return nil, l.errs
	}
	l.m = &Mapping{File: name, Columns: map[string]string{}, Groups: map[string]string{},
		Values: map[string]string{}, Ignore: map[string]bool{}, fold: map[string]string{}}
	for i := 0; i+1 < len(root.Content); i += 2 {
		l.key(root.Content[i], root.Content[i+1])
	}
	l.required(root)
	l.oneRolePerColumn(root)
	if len(l.errs) > 0 {
		sort.SliceStable(l.errs, func(i, j int) bool { return l.errs[i].Line < l.errs[j].Line })
		return nil, l.errs
	}
	return l.m, nil
}

// mapLoader checks a mapping file one top-level key at a time.
type mapLoader struct {
	name string
	form *q.Form
	m    *Mapping
	seen map[string]bool
	errs q.Errors
}

func (l *mapLoader) add(line int, field, format string, args ...any) {
	l.errs.Add(l.name, line, field, format, args...)
}

// key checks one top-level key and its value.
func (l *mapLoader) key(k, v *yaml.Node) {
	if l.seen[k.Value] {
		l.add(k.Line, k.Value, "given twice; expected each key once")
		return
	}
	l.seen[k.Value] = true
	switch k.Value {
	case "kind":
		if s, ok := l.scalar(k, v); ok && s != MapKind {
			l.add(v.Line, "kind", "%s; expected %s", quote(s), MapKind)
		}
	case "form":
		if s, ok := l.scalar(k, v); ok {
			l.m.Form = s
			if l.form != nil && s != l.form.ID {
				l.add(v.Line, "form", "%s; expected the questionnaire in use, %q", quote(s), l.form.ID)
			}
		}
	case "version":
		if s, ok := l.scalar(k, v); ok {
			l.m.Version = s
			if l.form != nil && s != l.form.Version {
				l.add(v.Line, "version", "%s; expected the version in use, %q", quote(s), l.form.Version)
			}
		}
	case "id":
		if s, ok := l.scalar(k, v); ok {
			if strings.TrimSpace(s) == "" {
				l.add(v.Line, "id", "empty; expected the export column that holds the anonymous record id")
			}
			l.m.ID = s
		}
	case "columns":
		l.pairs(k, v, l.column)
	case "groups":
		l.pairs(k, v, l.group)
	case "values":
		l.pairs(k, v, l.value)
	case "ignore":
		l.ignore(v)
	default:
		l.add(k.Line, "", "unknown key %s; expected one of: %s", quote(k.Value), strings.Join(mapKeys, ", "))
	}
}

func (l *mapLoader) scalar(k, v *yaml.Node) (string, bool) {
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
		l.add(v.Line, k.Value, "expected text")
		return "", false
	}
	return v.Value, true
}

// pairs walks a mapping of text to text, refusing a key given twice (YAML
// keeps it without a word, and the second would silently win).
func (l *mapLoader) pairs(k, v *yaml.Node, each func(key, val *yaml.Node)) {
	if v.Kind != yaml.MappingNode {
		l.add(v.Line, k.Value, "expected a mapping of export column or value to an id")
		return
	}
	given := map[string]bool{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		kk, vv := v.Content[i], v.Content[i+1]
		if kk.Kind != yaml.ScalarNode || vv.Kind != yaml.ScalarNode || vv.Tag == "!!null" {
			l.add(kk.Line, k.Value, "expected text: text pairs")
			continue
		}
		if given[kk.Value] {
			l.add(kk.Line, k.Value+"."+kk.Value, "given twice; expected each once")
			continue
		}
		given[kk.Value] = true
		each(kk, vv)
	}
}

func (l *mapLoader) column(kk, vv *yaml.Node) {
	if l.form != nil && l.form.Question(vv.Value) == nil {
		l.add(vv.Line, "columns."+kk.Value, "%s is not a question of %s; expected a question id", quote(vv.Value), l.form.ID)
		return
	}
	l.m.Columns[kk.Value] = vv.Value
}

func (l *mapLoader) group(kk, vv *yaml.Node) {
	if l.form != nil && !slices.Contains(l.form.Groupings, vv.Value) {
		allowed := "none are declared"
		if len(l.form.Groupings) > 0 {
			allowed = "one of: " + strings.Join(l.form.Groupings, ", ")
		}
		l.add(vv.Line, "groups."+kk.Value, "%s is not a grouping the questionnaire allows; expected %s", quote(vv.Value), allowed)
		return
	}
	l.m.Groups[kk.Value] = vv.Value
}

func (l *mapLoader) value(kk, vv *yaml.Node) {
	field := "values." + kk.Value
	if !slices.Contains(q.ChoiceIDs, vv.Value) {
		l.add(vv.Line, field, "%s; expected one of: %s", quote(vv.Value), strings.Join(q.ChoiceIDs, ", "))
		return
	}
	key := strings.TrimSpace(kk.Value)
	low := strings.ToLower(key)
	if prev, ok := l.m.fold[low]; ok && prev != vv.Value {
		l.add(kk.Line, field, "differs only in case from another value that maps to %s; expected one choice per value", prev)
		return
	}
	l.m.Values[key] = vv.Value
	l.m.fold[low] = vv.Value
}

func (l *mapLoader) ignore(v *yaml.Node) {
	if v.Kind != yaml.SequenceNode {
		l.add(v.Line, "ignore", "expected a list of export columns")
		return
	}
	for j, c := range v.Content {
		if c.Kind != yaml.ScalarNode {
			l.add(c.Line, fmt.Sprintf("ignore[%d]", j), "expected text")
			continue
		}
		l.m.Ignore[c.Value] = true
	}
}

// required reports the keys every mapping file needs; the id column is
// called id unless the file says otherwise.
func (l *mapLoader) required(root *yaml.Node) {
	for _, req := range []string{"kind", "form", "version", "columns"} {
		if !l.seen[req] {
			l.add(root.Line, req, "missing; expected it in every mapping file")
		}
	}
	if l.m.ID == "" && !l.seen["id"] {
		l.m.ID = "id"
	}
}

// oneRolePerColumn refuses a column that is both scored and ignored, or
// both the id and something else.
func (l *mapLoader) oneRolePerColumn(root *yaml.Node) {
	cols := make([]string, 0, len(l.m.Ignore))
	for c := range l.m.Ignore {
		cols = append(cols, c)
	}
	sort.Strings(cols)
	for _, c := range cols {
		if _, ok := l.m.Columns[c]; ok {
			l.add(lineOf(root, "ignore"), "ignore", "column %s is also under columns; expected one role per column", quote(c))
		}
		if c == l.m.ID {
			l.add(lineOf(root, "ignore"), "ignore", "column %s is the id column; expected it not to be ignored", quote(c))
		}
	}
	if _, ok := l.m.Columns[l.m.ID]; ok {
		l.add(lineOf(root, "id"), "id", "column %s is also under columns; expected one role per column", quote(l.m.ID))
	}
}

// Choice translates an export value; ok is false for a value the mapping
// does not know and that is not itself a choice id.
func (m *Mapping) Choice(v string) (string, bool) {
	if c, ok := m.Values[v]; ok {
		return c, true
	}
	t := strings.TrimSpace(v)
	if c, ok := m.fold[strings.ToLower(t)]; ok {
		return c, true
	}
	if c := canonicalChoice(t); c != "" {
		return c, true
	}
	return "", false
}

// column returns the question id of an export column, looking through a
// KoboToolbox group prefix.
func (m *Mapping) column(name string) (string, bool) {
	if id, ok := m.Columns[name]; ok {
		return id, true
	}
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		id, ok := m.Columns[name[i+1:]]
		return id, ok
	}
	return "", false
}

func (m *Mapping) ignored(name string) bool {
	if m.Ignore[name] {
		return true
	}
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		return m.Ignore[name[i+1:]]
	}
	return false
}

func (m *Mapping) group(name string) (string, bool) {
	if g, ok := m.Groups[name]; ok {
		return g, true
	}
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		g, ok := m.Groups[name[i+1:]]
		return g, ok
	}
	return "", false
}

// canonicalChoice returns the choice id v spells, or "".
func canonicalChoice(v string) string {
	switch v {
	case q.Yes:
		return q.Yes
	case q.No:
		return q.No
	case q.DontKnow:
		return q.DontKnow
	case q.PreferNot:
		return q.PreferNot
	}
	return ""
}

var lineOf = strictyaml.LineOf

func quote(s string) string { return fmt.Sprintf("%q", truncate(s, 60)) }
