package contract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// JSONSchema returns the JSON Schema (draft 2020-12) of a JSON output: of
// the document, or of one line of a JSON Lines output. CSV outputs have
// none.
func (o *Output) JSONSchema() map[string]any {
	s := objectSchema(o.Fields)
	out := map[string]any{
		"$schema":     "https://json-schema.org/draft/2020-12/schema",
		"$id":         o.ID + ".schema.json",
		"title":       "continuum: " + o.Command,
		"description": describe(o),
	}
	for k, v := range s {
		out[k] = v
	}
	return out
}

func describe(o *Output) string {
	d := o.Title + ", schema version " + Version + "."
	if o.Doc != "" {
		d += " " + o.Doc
	}
	if o.Lines {
		d += " This schema describes one line."
	}
	return d
}

func objectSchema(fields []Field) map[string]any {
	props := map[string]any{}
	required := []string{}
	for _, f := range fields {
		props[f.Name] = fieldSchema(f)
		if !f.Optional {
			required = append(required, f.Name)
		}
	}
	return map[string]any{"type": "object", "properties": props, "required": required, "additionalProperties": false}
}

func fieldSchema(f Field) map[string]any {
	var s map[string]any
	switch {
	case f.Type == Object && f.Value != nil:
		s = map[string]any{"type": "object", "additionalProperties": fieldSchema(*f.Value)}
	case f.Type == Object:
		s = objectSchema(f.Fields)
	case f.Type == Array:
		s = map[string]any{"type": "array", "items": fieldSchema(*f.Items)}
	default:
		s = map[string]any{"type": f.Type}
		if f.Values != nil {
			s["enum"] = f.Values
		}
	}
	if f.Nullable {
		s["type"] = []string{s["type"].(string), "null"}
	}
	if d := fieldDoc(f); d != "" {
		s["description"] = d
	}
	return s
}

func fieldDoc(f Field) string {
	d := f.Doc
	if f.Keys != "" {
		d += " Keys: " + f.Keys + "."
	}
	return strings.TrimSpace(d)
}

// SchemaFile is the content of docs/schema/<id>.schema.json.
func (o *Output) SchemaFile() []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(o.JSONSchema()); err != nil {
		panic(err) // maps of strings, slices and bools always encode
	}
	return b.Bytes()
}

// FieldList is the field list that pins the schema to its version: one line
// per field, "output path type[ optional][ nullable][ values=a|b]", with
// nested fields as path.child, array elements as path[] and the values of an
// object keyed by the definitions as path.*.
func FieldList() []string {
	var out []string
	for _, o := range Outputs {
		if o.CSV {
			for _, c := range o.csvColumns() {
				out = append(out, o.ID+" "+c)
			}
			continue
		}
		out = appendFields(out, o.ID+" ", o.Fields)
	}
	return out
}

func appendFields(out []string, prefix string, fields []Field) []string {
	for _, f := range fields {
		out = appendField(out, prefix+f.Name, f)
	}
	return out
}

func appendField(out []string, path string, f Field) []string {
	line := path + " " + f.Type
	if f.Optional {
		line += " optional"
	}
	if f.Nullable {
		line += " nullable"
	}
	if f.Values != nil {
		line += " values=" + strings.Join(f.Values, "|")
	}
	out = append(out, line)
	switch {
	case f.Value != nil:
		out = appendField(out, path+".*", *f.Value)
	case f.Items != nil:
		out = appendField(out, path+"[]", *f.Items)
	case f.Fields != nil:
		out = appendFields(out, path+".", f.Fields)
	}
	return out
}

// csvColumns describes the columns of a CSV output for the field list: a
// column "name type", a run of columns named by keys "<keys> type".
func (o *Output) csvColumns() []string {
	var out []string
	for _, c := range o.Columns() {
		name := c.Name
		if c.Keys != "" {
			name = "<" + c.Name + ">"
		}
		line := name + " " + c.Type
		if c.Optional {
			line += " optional"
		}
		if c.Values != nil {
			line += " values=" + strings.Join(c.Values, "|")
		}
		out = append(out, line)
	}
	return out
}

// Columns lists the columns of a CSV output in order. A column with Keys
// stands for a run of columns named by keys. For the per-record CSV they
// come from the fields of the record: a list becomes one text cell, an
// object keyed by the definitions one column per key.
func (o *Output) Columns() []Field {
	if !o.CSV {
		return nil
	}
	if !sameFields(o.Fields, Record) {
		return o.Fields
	}
	var out []Field
	for _, f := range o.Fields {
		switch f.CSV {
		case CSVNone:
		case CSVPerKey:
			out = append(out, Field{Name: f.Name, Type: f.Value.Type, Values: f.Value.Values, Keys: f.Keys, Doc: f.Doc})
		case CSVJoined:
			out = append(out, Field{Name: f.Name, Type: String, Doc: f.Doc, Optional: true})
		default:
			out = append(out, f)
		}
	}
	return append(out, WideColumns...)
}

func sameFields(a, b []Field) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// ParseVersion splits MAJOR.MINOR.
func ParseVersion(v string) (major, minor int, err error) {
	if _, err := fmt.Sscanf(v, "%d.%d", &major, &minor); err != nil || fmt.Sprintf("%d.%d", major, minor) != v {
		return 0, 0, fmt.Errorf("schema version %q: expected MAJOR.MINOR", v)
	}
	return major, minor, nil
}
