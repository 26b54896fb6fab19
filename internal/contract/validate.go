package contract

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Check compares a decoded JSON value (from encoding/json with UseNumber)
// with the fields of an output: every field written must be in the
// reference with its type and one of its values, and every field not
// optional must be written. seen, when not nil, collects the paths of the
// reference met (as in FieldList), so that a test can tell a reference
// field no output ever writes.
func Check(fields []Field, v any, seen map[string]bool) []error {
	var errs []error
	checkObject(&errs, "", fields, v, seen)
	return errs
}

func checkObject(errs *[]error, path string, fields []Field, v any, seen map[string]bool) {
	obj, ok := v.(map[string]any)
	if !ok {
		*errs = append(*errs, fmt.Errorf("%s: %s; expected an object", orRoot(path), jsonType(v)))
		return
	}
	for _, f := range fields {
		fv, has := obj[f.Name]
		if !has {
			if !f.Optional {
				*errs = append(*errs, fmt.Errorf("%s%s: missing; the reference says it is always written", path, f.Name))
			}
			continue
		}
		checkField(errs, path+f.Name, f, fv, seen)
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !slices.ContainsFunc(fields, func(f Field) bool { return f.Name == k }) {
			*errs = append(*errs, fmt.Errorf("%s%s: a field the reference does not list", path, k))
		}
	}
}

func checkField(errs *[]error, path string, f Field, v any, seen map[string]bool) {
	if seen != nil {
		seen[path] = true
	}
	if v == nil {
		if !f.Nullable {
			*errs = append(*errs, fmt.Errorf("%s: null; expected %s", path, f.Type))
		}
		return
	}
	if got := jsonType(v); got != f.Type && !(f.Type == Number && got == Integer) {
		*errs = append(*errs, fmt.Errorf("%s: %s; expected %s", path, got, f.Type))
		return
	}
	switch f.Type {
	case String:
		if f.Values != nil && !slices.Contains(f.Values, v.(string)) {
			*errs = append(*errs, fmt.Errorf("%s: %q; expected one of %s", path, v, strings.Join(f.Values, ", ")))
		}
	case Array:
		for _, e := range v.([]any) {
			checkField(errs, path+"[]", *f.Items, e, seen)
		}
	case Object:
		if f.Value != nil {
			obj := v.(map[string]any)
			for _, e := range obj {
				checkField(errs, path+".*", *f.Value, e, seen)
			}
			return
		}
		checkObject(errs, path+".", f.Fields, v, seen)
	}
}

func orRoot(path string) string {
	if path == "" {
		return "(document)"
	}
	return strings.TrimSuffix(path, ".")
}

// jsonType names the JSON type of a decoded value; a number without a
// fraction or exponent is an integer.
func jsonType(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return String
	case bool:
		return Boolean
	case json.Number:
		if _, err := x.Int64(); err == nil {
			return Integer
		}
		return Number
	case float64:
		if x == math.Trunc(x) {
			return Integer
		}
		return Number
	case []any:
		return Array
	case map[string]any:
		return Object
	}
	return fmt.Sprintf("%T", v)
}

// schemaKeywords are the JSON Schema keywords the generated schemas use and
// ValidateSchema understands; a schema with any other is refused, so that
// no constraint is silently skipped.
var schemaKeywords = []string{"$schema", "$id", "title", "description", "type", "properties", "required", "additionalProperties", "items", "enum"}

var schemaTypes = []string{"null", Boolean, Object, Array, Number, String, Integer}

// CheckSchema checks that a JSON Schema (decoded from its file) is well
// formed in the subset of draft 2020-12 it uses: known keywords only, known
// types, required names among the properties, enum values of the type.
func CheckSchema(s any) []error {
	var errs []error
	checkSchema(&errs, "#", s, true)
	return errs
}

func checkSchema(errs *[]error, at string, s any, root bool) {
	m, ok := s.(map[string]any)
	if !ok {
		*errs = append(*errs, fmt.Errorf("%s: %s; expected a schema object", at, jsonType(s)))
		return
	}
	for k := range m {
		if !slices.Contains(schemaKeywords, k) || (!root && (k == "$schema" || k == "$id")) {
			*errs = append(*errs, fmt.Errorf("%s: keyword %q is not one the schemas use", at, k))
		}
	}
	types := schemaTypeList(m["type"])
	if len(types) == 0 {
		*errs = append(*errs, fmt.Errorf("%s: type: missing or not a type name", at))
	}
	for _, t := range types {
		if !slices.Contains(schemaTypes, t) {
			*errs = append(*errs, fmt.Errorf("%s: type %q: expected one of %s", at, t, strings.Join(schemaTypes, ", ")))
		}
	}
	for _, k := range []string{"title", "description", "$schema", "$id"} {
		if v, has := m[k]; has {
			if _, ok := v.(string); !ok {
				*errs = append(*errs, fmt.Errorf("%s: %s: expected a string", at, k))
			}
		}
	}
	props, hasProps := m["properties"]
	if hasProps {
		pm, ok := props.(map[string]any)
		if !ok {
			*errs = append(*errs, fmt.Errorf("%s: properties: expected an object", at))
		}
		for name, ps := range pm {
			checkSchema(errs, at+"/properties/"+name, ps, false)
		}
	}
	if req, has := m["required"]; has {
		list, ok := req.([]any)
		if !ok {
			*errs = append(*errs, fmt.Errorf("%s: required: expected an array", at))
		}
		pm, _ := props.(map[string]any)
		for _, r := range list {
			name, ok := r.(string)
			if _, defined := pm[name]; !ok || !defined {
				*errs = append(*errs, fmt.Errorf("%s: required %v: not among the properties", at, r))
			}
		}
	}
	if ap, has := m["additionalProperties"]; has {
		if _, isBool := ap.(bool); !isBool {
			checkSchema(errs, at+"/additionalProperties", ap, false)
		}
	}
	if it, has := m["items"]; has {
		checkSchema(errs, at+"/items", it, false)
	}
	if (hasProps || m["additionalProperties"] != nil) && !slices.Contains(types, Object) {
		*errs = append(*errs, fmt.Errorf("%s: properties on a schema that is not an object", at))
	}
	if _, has := m["items"]; has != slices.Contains(types, Array) {
		*errs = append(*errs, fmt.Errorf("%s: an array schema needs items, and only an array schema has them", at))
	}
	if en, has := m["enum"]; has {
		list, ok := en.([]any)
		if !ok || len(list) == 0 {
			*errs = append(*errs, fmt.Errorf("%s: enum: expected a non-empty array", at))
		}
		for _, e := range list {
			if !slices.Contains(types, jsonType(e)) {
				*errs = append(*errs, fmt.Errorf("%s: enum value %v is not of the schema's type", at, e))
			}
		}
	}
}

func schemaTypeList(t any) []string {
	switch x := t.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// Validate checks a decoded JSON value against a JSON Schema that
// CheckSchema accepts.
func Validate(s, v any) []error {
	var errs []error
	validate(&errs, "", s.(map[string]any), v)
	return errs
}

func validate(errs *[]error, path string, s map[string]any, v any) {
	types := schemaTypeList(s["type"])
	got := jsonType(v)
	if !slices.Contains(types, got) && !(got == Integer && slices.Contains(types, Number)) {
		*errs = append(*errs, fmt.Errorf("%s: %s; the schema expects %s", orRoot(path), got, strings.Join(types, " or ")))
		return
	}
	if en, has := s["enum"]; has && !slices.ContainsFunc(en.([]any), func(e any) bool { return e == v }) {
		*errs = append(*errs, fmt.Errorf("%s: %v is not in the schema's enum", orRoot(path), v))
	}
	switch x := v.(type) {
	case []any:
		if it, ok := s["items"].(map[string]any); ok {
			for _, e := range x {
				validate(errs, path+"[]", it, e)
			}
		}
	case map[string]any:
		if path != "" {
			path += "."
		}
		props, _ := s["properties"].(map[string]any)
		if req, ok := s["required"].([]any); ok {
			for _, r := range req {
				if _, has := x[r.(string)]; !has {
					*errs = append(*errs, fmt.Errorf("%s%s: required by the schema, missing", path, r))
				}
			}
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if ps, ok := props[k].(map[string]any); ok {
				validate(errs, path+k, ps, x[k])
				continue
			}
			switch ap := s["additionalProperties"].(type) {
			case bool:
				if !ap {
					*errs = append(*errs, fmt.Errorf("%s%s: not allowed by the schema", path, k))
				}
			case map[string]any:
				validate(errs, path+k, ap, x[k])
			}
		}
	}
}

// CheckCSV compares a CSV output with its reference: the header names the
// columns in order (a column with Keys stands for a run of columns named by
// keys, up to the next named column), and every cell parses as its type: an
// integer or a number as a number, a boolean as 0 or 1, a listed
// value as one of them; only an optional cell may be empty.
func CheckCSV(o *Output, rows [][]string) []error {
	if len(rows) == 0 {
		return []error{fmt.Errorf("%s: no header row", o.ID)}
	}
	head := rows[0]
	cols := o.Columns()
	var of []Field // the reference column of each header column
	i := 0
	for ci, c := range cols {
		if c.Keys == "" {
			if i >= len(head) || head[i] != c.Name {
				return []error{fmt.Errorf("%s: header column %d is %q; expected %s", o.ID, i+1, at(head, i), c.Name)}
			}
			of = append(of, c)
			i++
			continue
		}
		// The run ends at the next named column; a run right after another
		// keyed run is empty (their cells are checked as the first's).
		next := ""
		for _, n := range cols[ci+1:] {
			if n.Keys == "" {
				next = n.Name
				break
			}
		}
		for i < len(head) && head[i] != next {
			of = append(of, c)
			i++
		}
	}
	if i != len(head) {
		return []error{fmt.Errorf("%s: header column %d %q: a column the reference does not list", o.ID, i+1, head[i])}
	}
	var errs []error
	for r, row := range rows[1:] {
		if len(row) != len(head) {
			errs = append(errs, fmt.Errorf("%s: row %d: %d cells; the header has %d", o.ID, r+2, len(row), len(head)))
			continue
		}
		for k, cell := range row {
			if err := checkCell(of[k], cell); err != nil {
				errs = append(errs, fmt.Errorf("%s: row %d, column %s: %v", o.ID, r+2, head[k], err))
			}
		}
	}
	return errs
}

func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return ""
}

func checkCell(c Field, cell string) error {
	if cell == "" {
		if c.Optional {
			return nil
		}
		return fmt.Errorf("empty; the reference says it always has a value")
	}
	switch c.Type {
	case Integer:
		if _, err := strconv.ParseInt(cell, 10, 64); err != nil {
			return fmt.Errorf("%q is not an integer", cell)
		}
	case Number:
		if _, err := strconv.ParseFloat(cell, 64); err != nil {
			return fmt.Errorf("%q is not a number", cell)
		}
	case Boolean:
		if cell != "0" && cell != "1" {
			return fmt.Errorf("%q; expected 0 or 1", cell)
		}
	}
	if c.Values != nil && !slices.Contains(c.Values, cell) {
		return fmt.Errorf("%q; expected one of %s", cell, strings.Join(c.Values, ", "))
	}
	return nil
}
