package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/continuum-screening/continuum/internal/i18n"
	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/scoring"
	"github.com/continuum-screening/continuum/internal/testdefs"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from the actual output")

type scenario struct {
	Why string `json:"why"`
	// SinceModel marks a scenario written for a later model: it is checked
	// under every model but kept out of the earlier models' golden files,
	// which stay the record of their release.
	SinceModel string `json:"since_model"`
	Record     struct {
		ID      string            `json:"id"`
		Form    string            `json:"form"`
		Version string            `json:"version"`
		Answers map[string]string `json:"answers"`
	} `json:"record"`
	// Expect is the result under the default model (2); ExpectModel1, when
	// given, under model 1, where it differs.
	Expect       expect  `json:"expect"`
	ExpectModel1 *expect `json:"expect_model1"`
}

type expect struct {
	Level      scoring.Level `json:"level"`
	Ceiling    scoring.Level `json:"ceiling"`
	Minor      bool          `json:"minor"`
	Danger     bool          `json:"danger"`
	Delphi     string        `json:"delphi"`
	Items      []string      `json:"items"`
	CouldRaise []string      `json:"could_raise"`
	Trace      []string      `json:"trace"`
}

func setup(t testing.TB) (*q.Form, *scoring.Scorer, *i18n.Localizer) {
	t.Helper()
	f, err := testdefs.Form()
	if err != nil {
		t.Fatal(err)
	}
	b, err := testdefs.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	return f, scoring.New(f), b.Localizer("en")
}

// goldenFiles holds the golden JSON of the scenarios per model.
var goldenFiles = map[scoring.Model]string{
	scoring.Model1: "../../testdata/golden/scenarios.jsonl",
	scoring.Model2: "../../testdata/golden/scenarios-model2.jsonl",
}

// TestScenarios scores the written scenarios in testdata/scenarios, whose
// expected levels were worked out by hand from the scoring rules (README, "How the scoring works"), and
// checks the level, the range, the flags, the items and that the trace names
// the right items. The JSON output of all of them is kept as a golden file.
func TestScenarios(t *testing.T) {
	for _, m := range scoring.Models {
		t.Run("model"+m.Version(), func(t *testing.T) { testScenarios(t, m) })
	}
}

func testScenarios(t *testing.T, m scoring.Model) {
	f, _, loc := setup(t)
	s := scoring.NewModel(f, m)
	paths, _ := filepath.Glob("../../testdata/scenarios/*.json")
	if len(paths) < 12 {
		t.Fatalf("%d scenarios, want at least 12", len(paths))
	}
	levels := map[scoring.Level]bool{}
	var golden bytes.Buffer
	for _, p := range paths {
		var sc scenario
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, &sc); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		t.Run(filepath.Base(p), func(t *testing.T) {
			a, err := f.Answers(sc.Record.Answers)
			if err != nil {
				t.Fatal(err)
			}
			r := s.Score(a)
			e := sc.Expect
			if m == scoring.Model1 && sc.ExpectModel1 != nil {
				e = *sc.ExpectModel1
			}
			if r.Model != m {
				t.Fatalf("model %s, want %s", r.Model.Version(), m.Version())
			}
			levels[r.Level] = true
			if r.Level != e.Level || r.Ceiling != e.Ceiling {
				t.Errorf("range %d..%d, want %d..%d", r.Level, r.Ceiling, e.Level, e.Ceiling)
			}
			if (r.Minor == scoring.Yes) != e.Minor || (r.Danger == scoring.Yes) != e.Danger {
				t.Errorf("minor %v danger %v, want %v %v", r.Minor, r.Danger, e.Minor, e.Danger)
			}
			if e.Delphi != "" && r.Delphi.String() != e.Delphi {
				t.Errorf("strict Delphi rule %v, want %s", r.Delphi, e.Delphi)
			}
			if got := r.Items(); !reflect.DeepEqual(nonNil(got), nonNil(e.Items)) {
				t.Errorf("items %v, want %v", got, e.Items)
			}
			if e.CouldRaise != nil {
				var ids []string
				for _, qq := range r.CouldRaise {
					ids = append(ids, qq.ID)
				}
				if !reflect.DeepEqual(ids, e.CouldRaise) {
					t.Errorf("could raise %v, want %v", ids, e.CouldRaise)
				}
			}
			trace := strings.Join(Trace(s, r, loc), "\n")
			for _, want := range e.Trace {
				if !strings.Contains(trace, want) {
					t.Errorf("trace lacks %q:\n%s", want, trace)
				}
			}
			if sc.SinceModel > m.Version() {
				return
			}
			golden.Write(AppendJSON(nil, s, Record{ID: sc.Record.ID, Result: r}, loc))
			golden.WriteByte('\n')
		})
	}
	for _, l := range scoring.Levels() {
		if !levels[l] {
			t.Errorf("no scenario at level %d", l)
		}
	}
	checkGolden(t, goldenFiles[m], golden.Bytes())
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/report -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := range gl {
			if i >= len(wl) || gl[i] != wl[i] {
				w := ""
				if i < len(wl) {
					w = wl[i]
				}
				t.Fatalf("%s differs at line %d:\ngot  %s\nwant %s\n(go test ./internal/report -update rewrites it after a deliberate change)", path, i+1, gl[i], w)
			}
		}
		t.Fatalf("%s differs (length)", path)
	}
}

// Output is valid JSON, one object per line, and escapes control characters.
func TestAppendJSONValidAndInert(t *testing.T) {
	f, s, loc := setup(t)
	r := s.Score(make([]string, len(f.Questions)))
	line := AppendJSON(nil, s, Record{ID: "a\x1b[2J\"\\\u2028\xff", Result: r, Referrals: []string{"x"}}, loc)
	var m map[string]any
	if err := json.Unmarshal(line, &m); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, line)
	}
	if bytes.ContainsAny(line, "\x1b\n") {
		t.Errorf("raw control characters in output: %q", line)
	}
	if m["id"] != "a\x1b[2J\"\\\u2028\ufffd" {
		t.Errorf("id round trip = %q", m["id"])
	}
	for _, k := range []string{"id", "form", "form_version", "model_version", "level", "level_ceiling", "level_name", "dimensions", "items", "ilo_indicators", "minor", "danger", "trace", "referrals"} {
		if _, ok := m[k]; !ok {
			t.Errorf("field %s missing", k)
		}
	}
}
