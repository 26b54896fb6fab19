package batch

import (
	"strings"
	"testing"
)

// The reference column of continuum evaluate is read from CSV by its name
// (after a group prefix too) and from JSON under "reference", is never
// required by score, and must hold a coarse outcome: a value shaped like
// personal data rejects its record without being quoted.
func TestReferenceColumn(t *testing.T) {
	form := shipped(t)
	o := &Options{Form: form, Reference: "nrm"}
	recs, errs, err := readAll(t, o, "id,danger,grp/nrm\na,no,Confirmed \nb,yes,\nc,no,someone@example.org\n")
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || o.ReferenceValue(recs[0]) != "Confirmed" || o.ReferenceValue(recs[1]) != "" {
		t.Fatalf("records %+v", recs)
	}
	if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), "in.csv:4: reference.nrm: looks like an e-mail address") || strings.Contains(errs[0].Error(), "example") {
		t.Errorf("errors %v", errs)
	}

	recs, errs, err = readAll(t, o, `{"id":"a","form":"continuum-core","version":"1.1.0","answers":{"danger":"no"},"reference":{"nrm":"0","court":"1"}}`+"\n"+
		`{"id":"b","form":"continuum-core","version":"1.1.0","answers":{"danger":"no"}}`+"\n")
	if err != nil || len(errs) != 0 || len(recs) != 2 {
		t.Fatalf("JSON: %v %v %v", recs, errs, err)
	}
	if o.ReferenceValue(recs[0]) != "0" || o.ReferenceValue(recs[1]) != "" {
		t.Errorf("JSON reference values %q %q", o.ReferenceValue(recs[0]), o.ReferenceValue(recs[1]))
	}

	_, _, err = readAll(t, o, "id,danger\na,no\n")
	if err == nil || !strings.Contains(err.Error(), "no column for --reference nrm; expected a column nrm") {
		t.Errorf("missing column: %v", err)
	}
	_, _, err = readAll(t, &Options{Form: form, Reference: "date_of_decision"}, "id,danger,date_of_decision\na,no,1\n")
	if err == nil || !strings.Contains(err.Error(), "the reference column must hold a coarse outcome") {
		t.Errorf("identifying reference column name: %v", err)
	}
	// score reads a JSON record with a reference and leaves it alone.
	recs, errs, err = readAll(t, &Options{Form: form}, `{"id":"a","form":"continuum-core","version":"1.1.0","answers":{"danger":"no"},"reference":{"nrm":"x@y.org"}}`+"\n")
	if err != nil || len(errs) != 0 || len(recs) != 1 {
		t.Errorf("score with a reference: %v %v %v", recs, errs, err)
	}
}

func TestMappingReference(t *testing.T) {
	form := shipped(t)
	base := "kind: answer-map\nform: continuum-core\nversion: 1.1.0\nid: rid\ncolumns: {danger_now: danger}\n"
	m, err := LoadMapping("m.yaml", []byte(base+"reference:\n  column: outcome\n  positive: [\"1\", yes]\n  negative: [\"0\"]\n"), form)
	if err != nil {
		t.Fatal(err)
	}
	if r := m.Reference; r == nil || r.Column != "outcome" || len(r.Positive) != 2 || len(r.Negative) != 1 {
		t.Fatalf("reference %+v", m.Reference)
	}
	// score with that mapping skips the reference column; evaluate reads it.
	recs, errs, err := readAll(t, &Options{Form: form, Map: m}, "rid,danger_now,g/outcome\na,no,1\n")
	if err != nil || len(errs) != 0 || len(recs) != 1 || recs[0].Reference != nil {
		t.Fatalf("score: %v %v %v", recs, errs, err)
	}
	o := &Options{Form: form, Map: m, Reference: "outcome"}
	recs, errs, err = readAll(t, o, "rid,danger_now,g/outcome\na,no,1\n")
	if err != nil || len(errs) != 0 || len(recs) != 1 || o.ReferenceValue(recs[0]) != "1" {
		t.Fatalf("evaluate: %v %v %v", recs, errs, err)
	}
	for _, c := range []struct{ yaml, want string }{
		{"reference: outcome\n", "m.yaml:6: reference: found text; expected a mapping with column, positive"},
		{"reference:\n  column: outcome\n", "m.yaml:7: reference.positive: missing; expected the values that mean the reference is positive"},
		{"reference:\n  column: outcome\n  positive: []\n", "m.yaml:8: reference.positive: found an empty list; expected a list of values"},
		{"reference:\n  column: outcome\n  positive: [a]\n  negative: [A]\n", `reference.negative: "A" is also under positive`},
		{"reference:\n  column: danger_now\n  positive: [a]\n", `reference.column: column "danger_now" has another role`},
		{"reference:\n  column: outcome\n  positive: [a]\n  other: 1\n", `m.yaml:9: reference: unknown key "other"`},
	} {
		if _, err := LoadMapping("m.yaml", []byte(base+c.yaml), form); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q:\n got %v\nwant %s", c.yaml, err, c.want)
		}
	}
}

// An .xlsx workbook carries the reference column like CSV.
func TestReferenceColumnXLSX(t *testing.T) {
	data := workbook(t, map[string][][]any{"cases": {
		{"id", "danger", "outcome"},
		{"r1", "no", "Confirmed"},
		{"r2", "yes", 0},
		{"r3", "no"},
	}}, nil)
	o := &Options{Form: shipped(t), Reference: "outcome"}
	recs, errs, err := readAll(t, o, string(data))
	if err != nil || len(errs) != 0 || len(recs) != 3 {
		t.Fatalf("%v %v %v", recs, errs, err)
	}
	if o.ReferenceValue(recs[0]) != "Confirmed" || o.ReferenceValue(recs[1]) != "0" || o.ReferenceValue(recs[2]) != "" {
		t.Errorf("reference values %q %q %q", o.ReferenceValue(recs[0]), o.ReferenceValue(recs[1]), o.ReferenceValue(recs[2]))
	}
}
