package batch

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadMappingKoboExample(t *testing.T) {
	form := shipped(t)
	form.Groupings = []string{"sector", "language", "period"}
	m, err := LoadMappingFile("../../testdata/batch/kobo/map.yaml", form)
	if err != nil {
		t.Fatal(err)
	}
	if m.ID != "_index" || m.Columns["danger_now"] != "danger" || m.Groups["group_context/sector"] != "sector" {
		t.Errorf("mapping = %+v", m)
	}
	for v, want := range map[string]string{"1": "yes", "OUI": "yes", " non ": "no", "dk": "dont-know", "dont-know": "dont-know"} {
		if got, ok := m.Choice(v); !ok || got != want {
			t.Errorf("Choice(%q) = %q, %v; want %q", v, got, ok, want)
		}
	}
	if _, ok := m.Choice("2"); ok {
		t.Error(`Choice("2") accepted`)
	}
	if id, ok := m.column("group_opening/danger_now"); !ok || id != "danger" {
		t.Errorf("group prefix not looked through: %q %v", id, ok)
	}
}

func TestLoadMappingErrors(t *testing.T) {
	form := shipped(t)
	cases := []struct{ yaml, want string }{
		{"", "m.yaml: file is empty"},
		{"kind: answer-map\nform: continuum-core\nversion: 1.1.0\ncolumns: {a: danger}\nextra: 1\n", `m.yaml:5: unknown key "extra"; expected one of: kind, form`},
		{"kind: other\nform: continuum-core\nversion: 1.1.0\ncolumns: {a: danger}\n", `m.yaml:1: kind: found another value; expected answer-map`},
		{"kind: answer-map\nform: other\nversion: 1.1.0\ncolumns: {a: danger}\n", `m.yaml:2: form: found another value; expected the questionnaire in use, "continuum-core"`},
		{"kind: answer-map\nform: continuum-core\nversion: 9\ncolumns: {a: danger}\n", `m.yaml:3: version: found a number; expected the version in use, "1.1.0"`},
		{"kind: answer-map\nform: continuum-core\nversion: 1.1.0\ncolumns:\n  a: no-such\n", `m.yaml:5: columns.a: "no-such" is not a question of continuum-core`},
		{"kind: answer-map\nform: continuum-core\nversion: 1.1.0\ncolumns: {a: danger}\nvalues:\n  \"1\": maybe\n", `m.yaml:6: values.1: found another value; expected one of: yes, no, dont-know, prefer-not-to-say`},
		{"kind: answer-map\nform: continuum-core\nversion: 1.1.0\ncolumns: {a: danger}\ngroups: {s: nationality}\n", `m.yaml:5: groups.s: "nationality" is not a grouping the questionnaire allows; expected one of: sector, language, period`},
		{"kind: answer-map\nform: continuum-core\nversion: 1.1.0\ncolumns: {a: danger}\nvalues: {Oui: \"yes\", oui: \"no\"}\n", `values.oui: differs only in case`},
		{"kind: answer-map\nform: continuum-core\nversion: 1.1.0\ncolumns: &x {a: danger}\n", "m.yaml:4: YAML anchors and aliases are not allowed"},
		{"kind: answer-map\nform: continuum-core\nversion: 1.1.0\n", "m.yaml:1: columns: missing"},
		{"kind: answer-map\nform: continuum-core\nversion: 1.1.0\ncolumns: {a: danger}\nignore: [a]\n", `column "a" is also under columns`},
		{"kind: answer-map\nform: continuum-core\nversion: 1.1.0\ncolumns: [a]\n", "m.yaml:4: columns: found a list; expected a mapping of export column to question id"},
		{"kind: answer-map\n  bad: [\n", "not valid YAML"},
		{"kind: answer-map\n---\nkind: answer-map\n", "a second YAML document"},
	}
	for _, c := range cases {
		_, err := LoadMapping("m.yaml", []byte(c.yaml), form)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q:\n got %v\nwant %s", c.yaml, err, c.want)
		}
	}
}

func FuzzLoadMapping(f *testing.F) {
	form := shipped(f)
	form.Groupings = []string{"sector", "language", "period"}
	if data, err := os.ReadFile("../../testdata/batch/kobo/map.yaml"); err == nil {
		f.Add(data)
	}
	f.Add([]byte("kind: answer-map\nform: continuum-core\nversion: 1.1.0\ncolumns: {a: danger}\nvalues: {\"1\": \"yes\"}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := LoadMapping("fuzz.yaml", data, form)
		if err != nil {
			return
		}
		for _, id := range m.Columns {
			if form.Question(id) == nil {
				t.Errorf("column maps to unknown question %q", id)
			}
		}
		for _, c := range m.Values {
			if canonicalChoice(c) == "" {
				t.Errorf("value maps to non-choice %q", c)
			}
		}
	})
}

func FuzzCSVReader(f *testing.F) {
	form := shipped(f)
	form.Groupings = []string{"sector", "language", "period"}
	m, err := LoadMappingFile("../../testdata/batch/kobo/map.yaml", form)
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte("id,danger,long-hours\na,no,yes\nb,,dont-know\n"), false)
	f.Add([]byte("\ufeffid;danger\n\"a\";\"no\"\n\"b;no\n"), false)
	if data, err := os.ReadFile("../../testdata/batch/kobo/export.csv"); err == nil {
		f.Add(data, true)
	}
	f.Fuzz(func(t *testing.T, data []byte, useMap bool) {
		o := &Options{Form: form, DropIdentifying: true}
		if useMap {
			o.Map = m
		}
		rd, err := Open("fuzz.csv", strings.NewReader(string(data)), o)
		if err != nil {
			return
		}
		for i := 0; i < 10000; i++ {
			rec, err := rd.Next()
			if err != nil {
				if _, ok := err.(*RecordError); ok {
					continue
				}
				return
			}
			if rec.Line < 1 {
				t.Errorf("record at line %d", rec.Line)
			}
			for _, v := range rec.Values {
				if v != "" && canonicalChoice(v) == "" {
					t.Errorf("answer %q is not a choice", v)
				}
			}
		}
	})
}

func TestUseMapping(t *testing.T) {
	form := shipped(t)
	o := &Options{Form: form}
	made := 0
	if err := o.UseMapping("", ":", func() *Mapping { made++; return NewMapping("own") }); err != nil || o.Map != nil || made != 0 {
		t.Fatalf("own mapping made before it is needed: %v %d", err, made)
	}
	if m := o.Own(); made != 1 || o.Own() != m || len(m.seps) != 1 || m.seps[0] != ":" {
		t.Errorf("own mapping: made %d times, separators %q", made, m.seps)
	}
	if err := (&Options{Form: form}).UseMapping(filepath.Join(t.TempDir(), "none.yaml"), "", nil); err == nil {
		t.Error("a missing mapping file accepted")
	}
}
