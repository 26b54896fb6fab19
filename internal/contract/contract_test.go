package contract

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/output-reference.md, docs/schema and testdata/fields.txt from the reference")

const (
	docsDir    = "../../docs"
	pinnedFile = "testdata/fields.txt"
)

// generated maps each generated file (under docs/) to its content.
func generated() map[string][]byte {
	files := map[string][]byte{"output-reference.md": Markdown()}
	for i := range Outputs {
		if o := &Outputs[i]; !o.CSV {
			files["schema/"+o.ID+".schema.json"] = o.SchemaFile()
		}
	}
	return files
}

// The Markdown reference and the JSON Schema files are generated from the
// reference here; a file edited by hand, or left behind by a change here,
// fails.
func TestGeneratedFiles(t *testing.T) {
	files := generated()
	if *update {
		os.MkdirAll(filepath.Join(docsDir, "schema"), 0o755)
		for name, b := range files {
			if err := os.WriteFile(filepath.Join(docsDir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(docsDir, name))
		if err != nil {
			t.Errorf("%v (run go test ./internal/contract -update)", err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("docs/%s differs from the reference in internal/contract; run go test ./internal/contract -update", name)
		}
	}
	entries, err := os.ReadDir(filepath.Join(docsDir, "schema"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if _, ok := files["schema/"+e.Name()]; !ok {
			t.Errorf("docs/schema/%s: no output has this schema; remove it", e.Name())
		}
	}
}

// Every schema file is well formed in the subset of JSON Schema it uses.
func TestSchemaFilesWellFormed(t *testing.T) {
	for name, b := range generated() {
		if !strings.HasSuffix(name, ".json") {
			continue
		}
		var s any
		if err := json.Unmarshal(b, &s); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, err := range CheckSchema(s) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// CheckSchema refuses what it cannot check.
func TestCheckSchemaRefuses(t *testing.T) {
	for _, c := range []string{
		`{"type": "object", "properties": {"a": {"type": "string", "pattern": "x"}}}`,
		`{"type": "object", "properties": {"a": {"type": "text"}}}`,
		`{"type": "object", "properties": {}, "required": ["a"]}`,
		`{"type": "array"}`,
		`{"type": "string", "enum": [1]}`,
		`{"type": "string", "items": {"type": "string"}}`,
		`{"properties": {}}`,
	} {
		var s any
		if err := json.Unmarshal([]byte(c), &s); err != nil {
			t.Fatal(err)
		}
		if len(CheckSchema(s)) == 0 {
			t.Errorf("%s: accepted", c)
		}
	}
}

// Check and Validate each catch a field not in the reference, a missing
// field, a wrong type and a value not listed.
func TestCheckAndValidateCatchDrift(t *testing.T) {
	o := Find("indicators")
	var schema any
	json.Unmarshal(o.SchemaFile(), &schema)
	good := `{"schema_version": "1.0", "indicators": [{"id": "a", "name": "b", "explanation": "c", "questions": [], "items": ["x"]}]}`
	for _, c := range []string{
		good,
		strings.Replace(good, `"items"`, `"extra": 1, "items"`, 1),
		strings.Replace(good, `"name": "b", `, ``, 1),
		strings.Replace(good, `"items": ["x"]`, `"items": [1]`, 1),
		strings.Replace(good, `"schema_version": "1.0"`, `"schema_version": 1`, 1),
	} {
		dec := json.NewDecoder(strings.NewReader(c))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		cerrs, verrs := Check(o.Fields, v, nil), Validate(schema, v)
		if c == good {
			if len(cerrs)+len(verrs) > 0 {
				t.Errorf("good document refused: %v %v", cerrs, verrs)
			}
			continue
		}
		if len(cerrs) == 0 || len(verrs) == 0 {
			t.Errorf("%s: Check %v, Validate %v; expected both to refuse", c, cerrs, verrs)
		}
	}
	var v any
	json.Unmarshal([]byte(`{"direction": "up"}`), &v)
	lang := Find("languages").Fields[1].Items.Fields
	if errs := Check(lang, v, nil); !slices.ContainsFunc(errs, func(e error) bool { return strings.Contains(e.Error(), `"up"`) }) {
		t.Errorf("a value not listed passed: %v", errs)
	}
}

// The field list is pinned to the schema version in testdata/fields.txt: a
// change of the list needs a change of the version, of the kind the rule
// says (major for a field removed, renamed, retyped, made optional, or a
// value dropped; minor for a field or value added).
func TestVersionPinned(t *testing.T) {
	cur := FieldList()
	b, err := os.ReadFile(pinnedFile)
	if os.IsNotExist(err) && *update {
		writePinned(t, cur)
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	pinnedVersion, ok := strings.CutPrefix(lines[0], "schema_version ")
	if !ok {
		t.Fatalf("%s:1: expected schema_version MAJOR.MINOR", pinnedFile)
	}
	pinned := lines[1:]
	if slices.Equal(cur, pinned) {
		if Version != pinnedVersion {
			t.Fatalf("schema version %s, but the field list is that of %s: the version changes only with the fields", Version, pinnedVersion)
		}
		return
	}
	major, _ := Bump(pinned, cur)
	need := Next(pinnedVersion, major)
	pm, pn, err := ParseVersion(pinnedVersion)
	if err != nil {
		t.Fatal(err)
	}
	cm, cn, err := ParseVersion(Version)
	if err != nil {
		t.Fatal(err)
	}
	enough := (cm == pm+1 && cn == 0) || (!major && cm == pm && cn == pn+1)
	if !enough {
		t.Fatalf("the fields of the outputs changed, but schema_version is %s; it must be %s (%s). Changes:\n%s\nRaise Version in internal/contract, say so in CHANGELOG.md, then run go test ./internal/contract -update",
			Version, need, map[bool]string{true: "major: a field removed, renamed, retyped or made optional, a value dropped or a column moved", false: "minor: fields or values added"}[major], strings.Join(Diff(pinned, cur), "\n"))
	}
	if !*update {
		t.Fatalf("schema version %s: %s is out of date; run go test ./internal/contract -update", Version, pinnedFile)
	}
	writePinned(t, cur)
}

func writePinned(t *testing.T, cur []string) {
	out := "schema_version " + Version + "\n" + strings.Join(cur, "\n") + "\n"
	if err := os.WriteFile(pinnedFile, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestBump(t *testing.T) {
	base := []string{"a x string", "a y integer", "a z string values=p|q"}
	for _, c := range []struct {
		cur          []string
		major, minor bool
	}{
		{[]string{"a x string", "a y integer", "a z string values=p|q", "a w boolean"}, false, true},
		{[]string{"a x string", "a z string values=p|q"}, true, false},
		{[]string{"a x string", "a y number", "a z string values=p|q"}, true, false},
		{[]string{"a x string optional", "a y integer", "a z string values=p|q"}, true, false},
		{[]string{"a x string", "a y integer", "a z string values=p|q|r"}, false, true},
		{[]string{"a x string", "a y integer", "a z string values=p"}, true, false},
		{[]string{"a y integer", "a x string", "a z string values=p|q"}, true, false}, // CSV column order
	} {
		if major, minor := Bump(base, c.cur); major != c.major || minor != c.minor {
			t.Errorf("%v: major %v minor %v; want %v %v", c.cur, major, minor, c.major, c.minor)
		}
	}
	if got := Next("1.3", true); got != "2.0" {
		t.Errorf("Next major of 1.3: %s", got)
	}
	if got := Next("1.3", false); got != "1.4" {
		t.Errorf("Next minor of 1.3: %s", got)
	}
}

// The per-record fields map onto CSV as the CSV form says.
func TestRecordCSVForms(t *testing.T) {
	for _, f := range Record {
		switch f.CSV {
		case CSVPerKey:
			if f.Type != Object || f.Value == nil {
				t.Errorf("%s: one column per key needs an object keyed by the definitions", f.Name)
			}
		case CSVJoined:
			if f.Type != Array {
				t.Errorf("%s: joined in one cell needs an array", f.Name)
			}
		case CSVCell:
			if f.Type == Array || f.Type == Object {
				t.Errorf("%s: a %s does not fit one cell", f.Name, f.Type)
			}
		}
	}
	if Record[0].Name != "schema_version" {
		t.Errorf("the first field of a result is %s; expected schema_version", Record[0].Name)
	}
	for _, o := range Outputs {
		if !o.CSV && o.Fields[0].Name != "schema_version" {
			t.Errorf("%s: the first field is %s; expected schema_version", o.ID, o.Fields[0].Name)
		}
	}
}
