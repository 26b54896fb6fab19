package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/continuum-screening/continuum/internal/contract"
	"github.com/continuum-screening/continuum/internal/testdefs"
)

// contractRecords writes the scenario records as JSON Lines, each with a
// sector and a period to group by, and returns the file's path.
func contractRecords(t *testing.T) string {
	t.Helper()
	files, err := filepath.Glob("../../testdata/scenarios/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenarios: %v", err)
	}
	var b bytes.Buffer
	// Enough records that the summary shows counts and hides some.
	for copy := range 3 {
		for i, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var sc struct {
				Record map[string]any `json:"record"`
			}
			if err := json.Unmarshal(data, &sc); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			sc.Record["id"] = fmt.Sprintf("%v-%d", sc.Record["id"], copy)
			sc.Record["groups"] = map[string]string{"sector": []string{"agriculture", "construction"}[i%2], "period": "2030-Q1"}
			line, _ := json.Marshal(sc.Record)
			b.Write(append(line, '\n'))
		}
	}
	// An answer behind a gate that was answered no: reported as inconsistent.
	b.WriteString(`{"id": "gate", "form": "continuum-core", "version": "` + testdefs.Version() + `", "groups": {"sector": "agriculture", "period": "2030-Q1"}, "answers": {"promise-differs": "no", "promise-pay": "yes"}}` + "\n")
	path := filepath.Join(t.TempDir(), "records.jsonl")
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// contractEvalRecords adds a reference outcome to each of the records:
// confirmed for every third, rejected for the others.
func contractEvalRecords(t *testing.T, records string) string {
	t.Helper()
	data, err := os.ReadFile(records)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	for i, line := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
		var rec map[string]any
		if err := json.Unmarshal(line, &rec); err != nil {
			t.Fatal(err)
		}
		rec["reference"] = map[string]string{"outcome": []string{"confirmed", "rejected", "rejected"}[i%3]}
		out, _ := json.Marshal(rec)
		b.Write(append(out, '\n'))
	}
	path := filepath.Join(t.TempDir(), "evaluate.jsonl")
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// Every machine-readable output, run through the real commands on
// representative inputs, has exactly the fields of the reference
// (internal/contract) with their types and values, validates against its
// JSON Schema in docs/schema, and every field of the reference is written
// by at least one of the runs: a field added to an output and not to the
// reference fails, and so does one left in the reference after it went.
func TestOutputsFollowTheReference(t *testing.T) {
	records := contractRecords(t)
	dir := "../../testdata/directory-example.yaml"
	evalRecords := contractEvalRecords(t, records)
	eval := []string{"evaluate", "--reference", "outcome", "--positive", "confirmed", "--negative", "rejected"}
	runs := []struct {
		output string
		args   []string
	}{
		{"evaluate", append(eval, "--format", "json", "--prevalence", "2%", evalRecords)},
		{"evaluate", append(eval, "--format", "json", "--by", "sector", "--min-cell", "1", "--allow-small-cells", "--prevalence", "0.07", evalRecords)},
		{"evaluate-csv", append(eval, "--format", "csv", "--prevalence", "2%", evalRecords)},
		{"evaluate-csv", append(eval, "--format", "csv", "--by", "sector", "--min-cell", "1", "--allow-small-cells", evalRecords)},
		{"score", []string{"score", records}},
		{"score", []string{"score", "--lang", "ar", records}},
		{"score-csv", []string{"score", "--format", "csv", records}},
		{"score-csv", []string{"score", "--format", "csv", "--wide", records}},
		{"summary", []string{"score", "--summary", "--format", "json", records}},
		{"summary", []string{"score", "--summary", "--format", "json", "--by", "sector", "--min-cell", "1", "--allow-small-cells", records}},
		{"summary-csv", []string{"score", "--summary", "--format", "csv", records}},
		{"summary-csv", []string{"score", "--summary", "--format", "csv", "--by", "sector,period", "--min-cell", "5", records}},
		{"questions", []string{"questions", "--json"}},
		{"indicators", []string{"indicators", "--json"}},
		{"indicators", []string{"indicators", "debt-bondage", "--json"}},
		{"referrals", []string{"referrals", "--json"}},
		{"referrals", []string{"referrals", "--json", "--directory", dir}},
		{"languages", []string{"languages", "--json"}},
		{"version", []string{"version", "--json"}},
		{"train-list", []string{"train", "--list", "--json"}},
	}
	seen := map[string]map[string]bool{}
	for _, r := range runs {
		o := contract.Find(r.output)
		if o == nil {
			t.Fatalf("no output %s in the reference", r.output)
		}
		stdout, stderr, code := runCLI(t, strings.NewReader(""), r.args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", r.args, code, stderr)
		}
		if seen[o.ID] == nil {
			seen[o.ID] = map[string]bool{}
		}
		if o.CSV {
			rows, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
			if err != nil {
				t.Fatalf("%v: %v", r.args, err)
			}
			for _, err := range contract.CheckCSV(o, rows) {
				t.Errorf("%v: %v", r.args, err)
			}
			continue
		}
		schema := loadSchema(t, o.ID)
		docs := []string{stdout}
		if o.Lines {
			docs = strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
		}
		for _, doc := range docs {
			dec := json.NewDecoder(strings.NewReader(doc))
			dec.UseNumber()
			var v any
			if err := dec.Decode(&v); err != nil {
				t.Fatalf("%v: %v", r.args, err)
			}
			for _, err := range contract.Check(o.Fields, v, seen[o.ID]) {
				t.Errorf("%v: %v", r.args, err)
			}
			for _, err := range contract.Validate(schema, v) {
				t.Errorf("%v: against docs/schema/%s.schema.json: %v", r.args, o.ID, err)
			}
		}
	}
	for _, line := range contract.FieldList() {
		parts := strings.Fields(line)
		if o := contract.Find(parts[0]); o.CSV {
			continue
		}
		if !seen[parts[0]][parts[1]] && notWritten[parts[0]+" "+parts[1]] == "" {
			t.Errorf("%s: %s is in the reference but no run wrote it; remove it from internal/contract, or add a run that writes it", parts[0], parts[1])
		}
	}
}

// notWritten are the reference fields that no run with the shipped
// definitions can write, and why.
var notWritten = map[string]string{
	"languages languages[].reviewed_by": "no shipped language is reviewed by a native speaker yet",
	"languages languages[].reviewed_on": "no shipped language is reviewed by a native speaker yet",
}

func loadSchema(t *testing.T, id string) any {
	t.Helper()
	b, err := os.ReadFile("../../docs/schema/" + id + ".schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var s any
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	if errs := contract.CheckSchema(s); len(errs) > 0 {
		t.Fatalf("docs/schema/%s.schema.json: %v", id, errs)
	}
	return s
}
