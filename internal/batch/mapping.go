package batch

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

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
//	version: 1.1.0
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
//	missing: ["n/a", "NA", "-99"] # values that mean "not answered" (an empty cell always does)
//	reference:                  # continuum evaluate: the column of the reference outcome
//	  column: nrm_decision
//	  positive: ["conclusive", "1"] # values that mean the reference is positive
//	  negative: ["negative", "0"]   # and negative (optional: else any other value)
//
// A column is found under its full name or under what follows a group
// prefix: group_x/question, group_x.question, group_x:question,
// group_x::question or ODK Central's group_x-question (or only the
// separator given with SetGroupSeparator).
type Mapping struct {
	File    string
	Form    string
	Version string
	ID      string
	Columns map[string]string // export column (or its last path segment) -> question id
	Groups  map[string]string // export column -> grouping name
	Values  map[string]string // export value -> choice, exact
	Ignore  map[string]bool
	// Missing holds the declared missing-value codes, lower-cased.
	Missing map[string]bool
	// Reference is the reference outcome for continuum evaluate; nil when
	// the file declares none.
	Reference *ReferenceSpec

	// The fields below are set by a mapping built from the questionnaire
	// itself for exports of its own XLSForm (see package xlsform).

	// Own marks such a mapping: its answer columns are the questionnaire's
	// own names and labels, columns are matched without regard to case, and
	// a missing record id column is replaced by the row number.
	Own bool
	// FormColumns and VersionColumns hold, by preference, the columns that
	// carry each record's questionnaire id and version.
	FormColumns, VersionColumns []string
	// ConsentColumns are the names a column may have that must hold yes
	// for a record to be scored; ConsentValues translates its values
	// (folded) to yes or no.
	ConsentColumns []string
	ConsentValues  map[string]string

	fold     map[string]string // lower-cased export value -> choice
	colsFold map[string]string // folded export column -> question id (Own)
	seps     []string
}

// ReferenceSpec names the column of a reference outcome and the values that
// mean positive and negative (Negative nil: any other value is negative).
type ReferenceSpec struct {
	Column             string
	Positive, Negative []string
}

// GroupSeparators are the group separators looked through by default:
// KoboToolbox's "/" and the other strings its export takes, ODK Central's "-".
var GroupSeparators = []string{"/", "::", ".", ":", "-"}

var mapKeys = []string{"kind", "form", "version", "id", "columns", "groups", "values", "ignore", "missing", "reference"}

// NewMapping returns an empty mapping, to be filled in by code.
func NewMapping(name string) *Mapping {
	return &Mapping{File: name, Columns: map[string]string{}, Groups: map[string]string{},
		Values: map[string]string{}, Ignore: map[string]bool{}, Missing: map[string]bool{},
		ConsentValues: map[string]string{}, fold: map[string]string{}, colsFold: map[string]string{}}
}

// AddValue maps an export value to a choice, also without regard to case.
// It reports false when the value, ignoring case, already maps to another
// choice: such a value is ambiguous and is removed.
func (m *Mapping) AddValue(v, choice string) bool {
	key := strings.TrimSpace(v)
	low := foldText(key)
	if prev, ok := m.fold[low]; ok && prev != choice {
		m.fold[low] = ""
		return false
	}
	if _, ok := m.fold[low]; !ok {
		m.fold[low] = choice
	}
	return true
}

// AddColumn maps an export column to a question; with Own it is also
// matched without regard to case and runs of white space. It reports false
// when the column already names another question: it is removed.
func (m *Mapping) AddColumn(col, id string) bool {
	if prev, ok := m.Columns[col]; ok && prev != id {
		m.Columns[col] = ""
		return false
	}
	m.Columns[col] = id
	k := foldText(col)
	if prev, ok := m.colsFold[k]; ok && prev != id {
		m.colsFold[k] = ""
		return false
	}
	m.colsFold[k] = id
	return true
}

// SetGroupSeparator makes sep the only group separator looked through.
func (m *Mapping) SetGroupSeparator(sep string) { m.seps = []string{sep} }

func (m *Mapping) separators() []string {
	if m.seps != nil {
		return m.seps
	}
	return GroupSeparators
}

// foldText lower-cases a text and collapses its runs of white space, the
// ways an export may differ from the label it was given.
func foldText(s string) string { return FoldText(s) }

// FoldText lower-cases a text and collapses its runs of white space, for
// matching export columns and values without regard to case.
func FoldText(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

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
	w := strictyaml.NewWalker(name)
	root, ok := w.Parse(data, MaxMapSize, "a mapping with kind: "+MapKind)
	if !ok {
		return nil, w.Err()
	}
	l := &mapLoader{form: form, m: NewMapping(name)}
	top, _ := root.Map("a mapping with kind: "+MapKind, mapKeys)
	l.header(top)
	l.tables(top)
	l.oneRolePerColumn(top)
	if len(w.Errs) > 0 {
		sort.SliceStable(w.Errs, func(i, j int) bool { return w.Errs[i].Line < w.Errs[j].Line })
		return nil, w.Errs
	}
	return l.m, nil
}

// mapLoader checks a mapping file in steps: the header (kind, form,
// version, id), the tables (columns, groups, values, missing, ignore), and
// then that each column has one role.
type mapLoader struct {
	form *q.Form
	m    *Mapping
}

// header reads kind, form, version and id; kind, form and version are
// required, and the id column is called id unless the file says otherwise.
func (l *mapLoader) header(top *strictyaml.Map) {
	if v, ok := top.Require("kind", "kind: "+MapKind+" in every mapping file"); ok {
		v.OneOf(MapKind, MapKind)
	}
	if v, ok := top.Require("form", "the id of the questionnaire the export answers"); ok {
		l.m.Form, _ = l.mustBe(v, "the questionnaire in use, %q", func(f *q.Form) string { return f.ID })
	}
	if v, ok := top.Require("version", "the version of the questionnaire the export answers"); ok {
		l.m.Version, _ = l.mustBe(v, "the version in use, %q", func(f *q.Form) string { return f.Version })
	}
	l.m.ID = "id"
	if v, ok := top.Get("id"); ok {
		const expect = "the export column that holds the anonymous record id"
		l.m.ID, ok = v.Text(expect)
		if ok && strings.TrimSpace(l.m.ID) == "" {
			v.Problem("found empty text; expected %s", expect)
		}
	}
}

// mustBe reads text that must equal what the form in use has (when one is
// given).
func (l *mapLoader) mustBe(v strictyaml.Value, expect string, want func(*q.Form) string) (string, bool) {
	if l.form == nil {
		return v.Text("text")
	}
	return v.OneOf(fmt.Sprintf(expect, want(l.form)), want(l.form))
}

// tables reads the columns, groups, values, missing and ignore entries.
func (l *mapLoader) tables(top *strictyaml.Map) {
	if v, ok := top.Require("columns", "a mapping of export column to question id"); ok {
		l.pairs(v, "a mapping of export column to question id", l.column)
	}
	if v, ok := top.Get("groups"); ok {
		l.pairs(v, "a mapping of export column to grouping", l.group)
	}
	if v, ok := top.Get("values"); ok {
		l.pairs(v, "a mapping of export value to answer choice", l.value)
	}
	if v, ok := top.Get("missing"); ok {
		l.missing(v)
	}
	if v, ok := top.Get("ignore"); ok {
		codes, _, _ := v.Texts("a list of export columns")
		for _, c := range codes {
			l.m.Ignore[c] = true
		}
	}
	if v, ok := top.Get("reference"); ok {
		l.reference(v)
	}
}

// reference reads the reference outcome: its column and the values that
// mean positive and negative.
func (l *mapLoader) reference(v strictyaml.Value) {
	m, _ := v.Map("a mapping with column, positive and optionally negative", []string{"column", "positive", "negative"})
	if m == nil {
		return
	}
	spec := &ReferenceSpec{}
	const column = "the export column that holds the reference outcome"
	if c, ok := m.Require("column", column); ok {
		spec.Column, _ = c.NonEmpty(column, 0)
	}
	list := func(n strictyaml.Value) []string {
		const expect = "a list of values, such as [\"1\", \"confirmed\"]"
		elems, ok := n.List(expect)
		if ok && len(elems) == 0 {
			n.Problem("found an empty list; expected %s", expect)
		}
		var out []string
		for _, e := range elems {
			if s, ok := e.NonEmpty("text", 0); ok {
				out = append(out, s)
			}
		}
		return out
	}
	if p, ok := m.Require("positive", "the values that mean the reference is positive"); ok {
		spec.Positive = list(p)
	}
	if n, ok := m.Get("negative"); ok {
		spec.Negative = list(n)
	}
	pos := map[string]bool{}
	for _, p := range spec.Positive {
		pos[foldText(p)] = true
	}
	for _, n := range spec.Negative {
		if pos[foldText(n)] {
			v.W.Add(m.KeyLine("negative"), v.Child("negative"), "%s is also under positive; expected each value in one list", quote(n))
		}
	}
	l.m.Reference = spec
}

// pairs walks a mapping of text to text; the walker refuses a key given
// twice (YAML keeps it without a word, and the second would silently win).
func (l *mapLoader) pairs(v strictyaml.Value, expect string, each func(key string, val strictyaml.Value, s string)) {
	m, _ := v.Map(expect, nil)
	for _, k := range m.Keys() {
		if s, ok := k.Val.Text("text"); ok {
			each(k.Name, k.Val, s)
		}
	}
}

func (l *mapLoader) column(key string, v strictyaml.Value, id string) {
	if l.form != nil && l.form.Question(id) == nil {
		v.Problem("%s is not a question of %s; expected a question id", quote(id), l.form.ID)
		return
	}
	l.m.Columns[key] = id
}

func (l *mapLoader) group(key string, v strictyaml.Value, g string) {
	if l.form != nil && !slices.Contains(l.form.Groupings, g) {
		allowed := "none are declared"
		if len(l.form.Groupings) > 0 {
			allowed = "one of: " + strings.Join(l.form.Groupings, ", ")
		}
		v.Problem("%s is not a grouping the questionnaire allows; expected %s", quote(g), allowed)
		return
	}
	l.m.Groups[key] = g
}

func (l *mapLoader) value(key string, v strictyaml.Value, _ string) {
	choice, ok := v.OneOf("", q.ChoiceIDs...)
	if !ok {
		return
	}
	key = strings.TrimSpace(key)
	low := foldText(key)
	if prev, ok := l.m.fold[low]; ok && prev != choice {
		v.Problem("differs only in case from another value that maps to %s; expected one choice per value", prev)
		return
	}
	l.m.Values[key] = choice
	l.m.fold[low] = choice
}

// missing reads the declared missing-value codes: values read as not
// answered, such as n/a, NA or -99.
func (l *mapLoader) missing(v strictyaml.Value) {
	codes, elems, _ := v.Texts("a list of values that mean not answered, such as [\"n/a\", \"NA\", \"-99\"]")
	for i, c := range codes {
		if canonicalChoice(strings.TrimSpace(c)) != "" {
			elems[i].Problem("found an answer choice; expected a code that means not answered")
			continue
		}
		l.m.Missing[foldText(c)] = true
	}
}

// oneRolePerColumn refuses a column that is both scored and ignored, or
// both the id and something else, and a missing-value code that is also
// a value.
func (l *mapLoader) oneRolePerColumn(top *strictyaml.Map) {
	add := func(key, format string, args ...any) {
		top.W.Add(top.KeyLine(key), key, format, args...)
	}
	for _, c := range slices.Sorted(maps.Keys(l.m.Missing)) {
		if l.m.fold[c] != "" {
			add("missing", "%s is also under values; expected a code that means not answered", quote(c))
		}
	}
	for _, c := range slices.Sorted(maps.Keys(l.m.Ignore)) {
		if _, ok := l.m.Columns[c]; ok {
			add("ignore", "column %s is also under columns; expected one role per column", quote(c))
		}
		if c == l.m.ID {
			add("ignore", "column %s is the id column; expected it not to be ignored", quote(c))
		}
	}
	if _, ok := l.m.Columns[l.m.ID]; ok {
		add("id", "column %s is also under columns; expected one role per column", quote(l.m.ID))
	}
	if ref := l.m.Reference; ref != nil && ref.Column != "" {
		_, scored := l.m.Columns[ref.Column]
		_, grouped := l.m.Groups[ref.Column]
		if scored || grouped || l.m.Ignore[ref.Column] || ref.Column == l.m.ID {
			top.W.Add(top.KeyLine("reference"), "reference.column", "column %s has another role in this mapping; expected one role per column", quote(ref.Column))
		}
	}
}

// Choice translates an export value; ok is false for a value the mapping
// does not know and that is not itself a choice id.
func (m *Mapping) Choice(v string) (string, bool) {
	if c, ok := m.Values[v]; ok {
		return c, true
	}
	t := strings.TrimSpace(v)
	if c := m.fold[foldText(t)]; c != "" {
		return c, true
	}
	if c := canonicalChoice(t); c != "" {
		return c, true
	}
	return "", false
}

// missing reports whether a value is a declared missing-value code.
func (m *Mapping) missing(v string) bool {
	return len(m.Missing) > 0 && m.Missing[foldText(v)]
}

// find looks a column up under its full name, then under what follows each
// group separator in it, the longest such tail first.
func (m *Mapping) find(name string, get func(string) (string, bool)) (string, bool) {
	if v, ok := get(name); ok {
		return v, true
	}
	seps := m.separators()
	for i := 0; i < len(name); i++ {
		for _, sep := range seps {
			if sep != "" && strings.HasPrefix(name[i:], sep) && i+len(sep) < len(name) {
				if v, ok := get(name[i+len(sep):]); ok {
					return v, true
				}
			}
		}
	}
	return "", false
}

// column returns the question id of an export column, looking through a
// group prefix.
func (m *Mapping) column(name string) (string, bool) {
	return m.find(name, func(s string) (string, bool) {
		if id, ok := m.Columns[s]; ok {
			return id, id != ""
		}
		if m.Own {
			id := m.colsFold[foldText(s)]
			return id, id != ""
		}
		return "", false
	})
}

func (m *Mapping) ignored(name string) bool {
	_, ok := m.find(name, func(s string) (string, bool) {
		if m.Ignore[s] || (m.Own && m.Ignore[strings.ToLower(s)]) {
			return "", true
		}
		return "", false
	})
	return ok
}

func (m *Mapping) group(name string) (string, bool) {
	return m.find(name, func(s string) (string, bool) {
		g, ok := m.Groups[s]
		return g, ok
	})
}

// Recognises reports whether a header is that of an export of the form
// this mapping was built from: it has the form's id or version field, or a
// column known only under the form's XLSForm names or labels.
func (m *Mapping) Recognises(header []string) bool {
	for _, h := range header {
		h = strings.TrimSpace(h)
		if m.anyOf(h, m.FormColumns) || m.anyOf(h, m.VersionColumns[:min(1, len(m.VersionColumns))]) {
			return true
		}
		// A question id, bare or after a "/" group prefix, is read as
		// such by a plain answer file too.
		plain := func(s string) bool { id, ok := m.Columns[s]; return ok && id == s }
		if _, ok := m.column(h); ok && !plain(h) && !plain(lastSegment(h)) {
			return true
		}
	}
	return false
}

// firstPresent returns the header column that is the first of cols present.
func (m *Mapping) firstPresent(cols []string, header []string) string {
	for _, c := range cols {
		for _, h := range header {
			h = strings.TrimSpace(h)
			if m.is(h, c) {
				return h
			}
		}
	}
	return ""
}

func (m *Mapping) anyOf(name string, cols []string) bool {
	for _, c := range cols {
		if m.is(name, c) {
			return true
		}
	}
	return false
}

// is reports whether an export column is the given one, looking through a
// group prefix (and case, for the questionnaire's own mapping).
func (m *Mapping) is(name, col string) bool {
	if col == "" {
		return false
	}
	_, ok := m.find(name, func(s string) (string, bool) {
		return "", s == col || (m.Own && strings.EqualFold(s, col))
	})
	return ok
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

func quote(s string) string { return fmt.Sprintf("%q", truncate(s, 60)) }
