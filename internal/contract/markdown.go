package contract

import (
	"fmt"
	"strings"
)

// VersionRule is the rule for schema_version, said in the reference and the
// CHANGELOG.
const VersionRule = `Every JSON output carries ` + "`schema_version`" + ` (and the per-record CSV a
` + "`schema_version`" + ` column): MAJOR.MINOR, one number for all the outputs here.

- **Major** (2.0 after 1.x): a field or column is removed, renamed or given
  another type, becomes optional, or stops taking a value it took; the CSV
  layout changes in any other way than a column added. Scripts may need
  changing.
- **Minor** (1.1 after 1.0): a field, a column or a value of a listed field
  is added. Scripts that ignore what they do not know keep working.
- Texts in the output language (names, sentences) may change in any
  version; ids and values listed here do not change within a major version.

Every change of the version is listed in CHANGELOG.md. A test compares the
outputs with this reference and fails when they differ, or when the field
list changes and the version does not.`

// Markdown is the reference of every output, docs/output-reference.md.
func Markdown() []byte {
	var b strings.Builder
	b.WriteString("# Output reference\n\n")
	b.WriteString("<!-- Generated from internal/contract: edit there and run go test ./internal/contract -update. -->\n\n")
	fmt.Fprintf(&b, "The fields of every machine-readable output of continuum, schema version **%s**.\n", Version)
	b.WriteString("Each JSON output also has a JSON Schema (draft 2020-12) in [schema/](schema/).\n")
	b.WriteString("Types are JSON's; in CSV, integer and number cells parse as numbers, boolean\n")
	b.WriteString("cells are `1` (true) or `0` (false), and an optional cell may be empty.\n\n")
	b.WriteString("## Versions\n\n")
	b.WriteString(VersionRule + "\n")
	for i := range Outputs {
		o := &Outputs[i]
		fmt.Fprintf(&b, "\n## %s: `%s`\n\n", o.Title, o.Command)
		if o.Doc != "" {
			b.WriteString(o.Doc + "\n\n")
		}
		switch {
		case o.CSV:
			b.WriteString("| column | type | values | meaning |\n|---|---|---|---|\n")
			for _, c := range o.Columns() {
				name := "`" + c.Name + "`"
				if c.Keys != "" {
					name = c.Keys
				}
				mdRow(&b, name, c)
			}
		default:
			fmt.Fprintf(&b, "JSON Schema: [schema/%s.schema.json](schema/%s.schema.json)\n\n", o.ID, o.ID)
			b.WriteString("| field | type | values | meaning |\n|---|---|---|---|\n")
			mdFields(&b, "", o.Fields)
		}
	}
	return []byte(b.String())
}

func mdFields(b *strings.Builder, prefix string, fields []Field) {
	for _, f := range fields {
		mdField(b, prefix+f.Name, f)
	}
}

func mdField(b *strings.Builder, path string, f Field) {
	mdRow(b, "`"+path+"`", f)
	switch {
	case f.Value != nil:
		mdField(b, path+".<key>", *f.Value)
	case f.Items != nil && f.Items.Type == Object:
		mdFields(b, path+"[].", f.Items.Fields)
	case f.Fields != nil:
		mdFields(b, path+".", f.Fields)
	}
}

func mdRow(b *strings.Builder, name string, f Field) {
	typ := f.Type
	if f.Type == Array && f.Items != nil && f.Items.Type != Object {
		typ = "array of " + f.Items.Type
	}
	var notes []string
	if f.Optional {
		notes = append(notes, "optional")
	}
	if f.Nullable {
		notes = append(notes, "or null")
	}
	if len(notes) > 0 {
		typ += " (" + strings.Join(notes, ", ") + ")"
	}
	values := f.Values
	if values == nil && f.Items != nil {
		values = f.Items.Values
	}
	vals := ""
	if values != nil {
		vals = "`" + strings.Join(values, "`, `") + "`"
	}
	fmt.Fprintf(b, "| %s | %s | %s | %s |\n", name, typ, vals, strings.ReplaceAll(fieldDoc(f), "|", `\|`))
}
