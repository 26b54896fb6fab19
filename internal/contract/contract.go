// Package contract is the reference of every machine-readable output: the
// fields of each JSON document and CSV file, their types, values and
// meaning, and the schema version they carry. The per-record JSON and CSV of
// `continuum score` are written from the Record list here; the Markdown
// reference and the JSON Schema files in docs/ are generated from it, and
// tests run the real commands and compare what they write with it.
package contract

// Version is the schema version every JSON output carries as
// schema_version (and the per-record CSV as a column). MAJOR.MINOR: a
// removed, renamed or retyped field, or a value no longer written, raises
// the major number; an added field, column or value raises the minor
// number. A test compares the field list with the one pinned for this
// version (testdata/fields.txt) and says which kind of raise a change needs.
const Version = "3.0"

// The JSON types of fields (JSON Schema's names). In a CSV file a field is a
// cell: "integer" and "number" cells parse as numbers, "boolean" cells are
// 1 or 0.
const (
	String  = "string"
	Integer = "integer"
	Number  = "number"
	Boolean = "boolean"
	Array   = "array"
	Object  = "object"
)

// Field is one field of a JSON object, or one column of a CSV file.
type Field struct {
	Name string
	Type string
	Doc  string
	// Values are the only values a string field takes (nil: any text).
	Values []string
	// Optional: the field is left out when it does not apply; in CSV, the
	// cell may be empty.
	Optional bool
	// Nullable: the value may be null.
	Nullable bool
	// Items is the element of an array.
	Items *Field
	// Fields are the properties of an object with fixed keys.
	Fields []Field
	// Keys, for an object whose keys come from the definitions (dimension
	// ids, grouping columns), says what the keys are; Value is the value of
	// each key.
	Keys  string
	Value *Field
	// CSV says how a field of the per-record JSON becomes CSV columns.
	CSV CSVForm
}

// CSVForm is how a per-record field is written in the CSV.
type CSVForm int

const (
	// CSVCell: one column named after the field.
	CSVCell CSVForm = iota
	// CSVJoined: a list in one cell, its items joined by spaces; an array of
	// question/gate pairs as question<gate items.
	CSVJoined
	// CSVPerKey: one column per key, named by the key.
	CSVPerKey
	// CSVNone: JSON only (sentences fit a spreadsheet badly).
	CSVNone
)

// Output is one machine-readable output.
type Output struct {
	// ID names the schema file: docs/schema/<ID>.schema.json.
	ID      string
	Title   string
	Command string
	Doc     string
	// Lines: JSON Lines, one object per line; CSV: a CSV file with a header
	// row; otherwise one JSON document.
	Lines, CSV bool
	Fields     []Field
}

func str(name, doc string, values ...string) Field {
	return Field{Name: name, Type: String, Doc: doc, Values: values}
}

func integer(name, doc string) Field { return Field{Name: name, Type: Integer, Doc: doc} }

func boolean(name, doc string) Field { return Field{Name: name, Type: Boolean, Doc: doc} }

func texts(name, doc string, values ...string) Field {
	return Field{Name: name, Type: Array, Doc: doc, Items: &Field{Type: String, Values: values}}
}

func object(name, doc string, fields ...Field) Field {
	return Field{Name: name, Type: Object, Doc: doc, Fields: fields}
}

func list(name, doc string, fields ...Field) Field {
	return Field{Name: name, Type: Array, Doc: doc, Items: &Field{Type: Object, Fields: fields}}
}

func optional(f Field) Field { f.Optional = true; return f }

func schemaVersion() Field {
	return str("schema_version", "The version of this reference the output follows, MAJOR.MINOR (see \"Versions\").")
}
