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
	l := &mapLoader{name: name, form: form, seen: map[string]bool{}}
	root, p := strictyaml.Parse(data, MaxMapSize, "a mapping with kind: "+MapKind)
	if p != nil {
		l.errs.AddProblem(name, p)
		return nil, l.errs
	}
	l.m = NewMapping(name)
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
	case "missing":
		l.missing(v)
	case "ignore":
		l.ignore(v)
	case "reference":
		l.reference(k, v)
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
	low := foldText(key)
	if prev, ok := l.m.fold[low]; ok && prev != vv.Value {
		l.add(kk.Line, field, "differs only in case from another value that maps to %s; expected one choice per value", prev)
		return
	}
	l.m.Values[key] = vv.Value
	l.m.fold[low] = vv.Value
}

// missing reads the declared missing-value codes: values read as not
// answered, such as n/a, NA or -99.
func (l *mapLoader) missing(v *yaml.Node) {
	if v.Kind != yaml.SequenceNode {
		l.add(v.Line, "missing", "expected a list of values that mean not answered, such as [\"n/a\", \"NA\", \"-99\"]")
		return
	}
	for j, c := range v.Content {
		if c.Kind != yaml.ScalarNode || c.Tag == "!!null" {
			l.add(c.Line, fmt.Sprintf("missing[%d]", j), "expected text")
			continue
		}
		if canonicalChoice(strings.TrimSpace(c.Value)) != "" {
			l.add(c.Line, fmt.Sprintf("missing[%d]", j), "%s is an answer; expected a code that means not answered", quote(c.Value))
			continue
		}
		l.m.Missing[foldText(c.Value)] = true
	}
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

// reference reads the reference outcome: its column and the values that
// mean positive and negative.
func (l *mapLoader) reference(key, v *yaml.Node) {
	if v.Kind != yaml.MappingNode {
		l.add(v.Line, "reference", "expected a mapping with column, positive and optionally negative")
		return
	}
	spec := &ReferenceSpec{}
	seen := map[string]bool{}
	list := func(k, n *yaml.Node) []string {
		field := "reference." + k.Value
		if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
			l.add(n.Line, field, "expected a list of values, such as [\"1\", \"confirmed\"]")
			return nil
		}
		var out []string
		for j, c := range n.Content {
			if c.Kind != yaml.ScalarNode || c.Tag == "!!null" || strings.TrimSpace(c.Value) == "" {
				l.add(c.Line, fmt.Sprintf("%s[%d]", field, j), "expected text")
				continue
			}
			out = append(out, c.Value)
		}
		return out
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, n := v.Content[i], v.Content[i+1]
		if seen[k.Value] {
			l.add(k.Line, "reference."+k.Value, "given twice; expected each key once")
			continue
		}
		seen[k.Value] = true
		switch k.Value {
		case "column":
			if n.Kind != yaml.ScalarNode || n.Tag == "!!null" || strings.TrimSpace(n.Value) == "" {
				l.add(n.Line, "reference.column", "expected the export column that holds the reference outcome")
				continue
			}
			spec.Column = n.Value
		case "positive":
			spec.Positive = list(k, n)
		case "negative":
			spec.Negative = list(k, n)
		default:
			l.add(k.Line, "reference", "unknown key %s; expected column, positive or negative", quote(k.Value))
		}
	}
	for _, req := range []string{"column", "positive"} {
		if !seen[req] {
			l.add(key.Line, "reference."+req, "missing; expected it in reference")
		}
	}
	pos := map[string]bool{}
	for _, p := range spec.Positive {
		pos[foldText(p)] = true
	}
	for _, n := range spec.Negative {
		if pos[foldText(n)] {
			l.add(v.Line, "reference.negative", "%s is also under positive; expected each value in one list", quote(n))
		}
	}
	l.m.Reference = spec
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
	codes := make([]string, 0, len(l.m.Missing))
	for c := range l.m.Missing {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	for _, c := range codes {
		if l.m.fold[c] != "" {
			l.add(lineOf(root, "missing"), "missing", "%s is also under values; expected a code that means not answered", quote(c))
		}
	}
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
	if ref := l.m.Reference; ref != nil && ref.Column != "" {
		_, scored := l.m.Columns[ref.Column]
		_, grouped := l.m.Groups[ref.Column]
		if scored || grouped || l.m.Ignore[ref.Column] || ref.Column == l.m.ID {
			l.add(lineOf(root, "reference"), "reference.column", "column %s has another role in this mapping; expected one role per column", quote(ref.Column))
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

var lineOf = strictyaml.LineOf

func quote(s string) string { return fmt.Sprintf("%q", truncate(s, 60)) }
