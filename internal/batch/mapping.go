package batch

import (
	"fmt"
	"io"
	"os"
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
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxMapSize+1))
	if err != nil {
		return nil, err
	}
	return LoadMapping(name, data, form)
}

// LoadMapping parses a mapping file. Every problem is reported with the
// file, line and field, and what was expected.
func LoadMapping(name string, data []byte, form *q.Form) (*Mapping, error) {
	var errs q.Errors
	add := func(line int, field, format string, args ...any) {
		errs = append(errs, &q.Error{File: name, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	root, p := strictyaml.Parse(data, MaxMapSize, "a mapping with kind: "+MapKind)
	if p != nil {
		add(p.Line, p.Field, "%s", p.Msg)
		return nil, errs
	}
	m := &Mapping{File: name, Columns: map[string]string{}, Groups: map[string]string{},
		Values: map[string]string{}, Ignore: map[string]bool{}, fold: map[string]string{}}
	seen := map[string]bool{}
	scalar := func(k, v *yaml.Node) (string, bool) {
		if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
			add(v.Line, k.Value, "expected text")
			return "", false
		}
		return v.Value, true
	}
	pairs := func(k, v *yaml.Node, each func(key, val *yaml.Node)) {
		if v.Kind != yaml.MappingNode {
			add(v.Line, k.Value, "expected a mapping of export column or value to an id")
			return
		}
		given := map[string]bool{}
		for i := 0; i+1 < len(v.Content); i += 2 {
			kk, vv := v.Content[i], v.Content[i+1]
			if kk.Kind != yaml.ScalarNode || vv.Kind != yaml.ScalarNode || vv.Tag == "!!null" {
				add(kk.Line, k.Value, "expected text: text pairs")
				continue
			}
			// YAML keeps a key given twice without a word; the second
			// would silently win.
			if given[kk.Value] {
				add(kk.Line, k.Value+"."+kk.Value, "given twice; expected each once")
				continue
			}
			given[kk.Value] = true
			each(kk, vv)
		}
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if seen[k.Value] {
			add(k.Line, k.Value, "given twice; expected each key once")
			continue
		}
		seen[k.Value] = true
		switch k.Value {
		case "kind":
			if s, ok := scalar(k, v); ok && s != MapKind {
				add(v.Line, "kind", "%s; expected %s", quote(s), MapKind)
			}
		case "form":
			if s, ok := scalar(k, v); ok {
				m.Form = s
				if form != nil && s != form.ID {
					add(v.Line, "form", "%s; expected the questionnaire in use, %q", quote(s), form.ID)
				}
			}
		case "version":
			if s, ok := scalar(k, v); ok {
				m.Version = s
				if form != nil && s != form.Version {
					add(v.Line, "version", "%s; expected the version in use, %q", quote(s), form.Version)
				}
			}
		case "id":
			if s, ok := scalar(k, v); ok {
				if strings.TrimSpace(s) == "" {
					add(v.Line, "id", "empty; expected the export column that holds the anonymous record id")
				}
				m.ID = s
			}
		case "columns":
			pairs(k, v, func(kk, vv *yaml.Node) {
				field := "columns." + kk.Value
				if form != nil && form.Question(vv.Value) == nil {
					add(vv.Line, field, "%s is not a question of %s; expected a question id", quote(vv.Value), form.ID)
					return
				}
				m.Columns[kk.Value] = vv.Value
			})
		case "groups":
			pairs(k, v, func(kk, vv *yaml.Node) {
				field := "groups." + kk.Value
				if form != nil && !slices.Contains(form.Groupings, vv.Value) {
					allowed := "none are declared"
					if len(form.Groupings) > 0 {
						allowed = "one of: " + strings.Join(form.Groupings, ", ")
					}
					add(vv.Line, field, "%s is not a grouping the questionnaire allows; expected %s", quote(vv.Value), allowed)
					return
				}
				m.Groups[kk.Value] = vv.Value
			})
		case "values":
			pairs(k, v, func(kk, vv *yaml.Node) {
				field := "values." + kk.Value
				if !slices.Contains(q.ChoiceIDs, vv.Value) {
					add(vv.Line, field, "%s; expected one of: %s", quote(vv.Value), strings.Join(q.ChoiceIDs, ", "))
					return
				}
				key := strings.TrimSpace(kk.Value)
				low := strings.ToLower(key)
				if prev, ok := m.fold[low]; ok && prev != vv.Value {
					add(kk.Line, field, "differs only in case from another value that maps to %s; expected one choice per value", prev)
					return
				}
				m.Values[key] = vv.Value
				m.fold[low] = vv.Value
			})
		case "ignore":
			if v.Kind != yaml.SequenceNode {
				add(v.Line, "ignore", "expected a list of export columns")
				continue
			}
			for j, c := range v.Content {
				if c.Kind != yaml.ScalarNode {
					add(c.Line, fmt.Sprintf("ignore[%d]", j), "expected text")
					continue
				}
				m.Ignore[c.Value] = true
			}
		default:
			add(k.Line, "", "unknown key %s; expected one of: %s", quote(k.Value), strings.Join(mapKeys, ", "))
		}
	}
	for _, req := range []string{"kind", "form", "version", "columns"} {
		if !seen[req] {
			add(root.Line, req, "missing; expected it in every mapping file")
		}
	}
	if m.ID == "" && !seen["id"] {
		m.ID = "id"
	}
	// A column can have one role only.
	cols := make([]string, 0, len(m.Ignore))
	for c := range m.Ignore {
		cols = append(cols, c)
	}
	sort.Strings(cols)
	for _, c := range cols {
		if _, ok := m.Columns[c]; ok {
			add(lineOf(root, "ignore"), "ignore", "column %s is also under columns; expected one role per column", quote(c))
		}
		if c == m.ID {
			add(lineOf(root, "ignore"), "ignore", "column %s is the id column; expected it not to be ignored", quote(c))
		}
	}
	if _, ok := m.Columns[m.ID]; ok {
		add(lineOf(root, "id"), "id", "column %s is also under columns; expected one role per column", quote(m.ID))
	}
	if len(errs) > 0 {
		sort.SliceStable(errs, func(i, j int) bool { return errs[i].Line < errs[j].Line })
		return nil, errs
	}
	return m, nil
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
