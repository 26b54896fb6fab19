package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/continuum-screening/continuum/internal/defs"
)

// scenarioRecords reads the answer records of the written scenarios in
// testdata/scenarios that model 1's golden file covers (those without
// since_model), as JSON Lines.
func scenarioRecords(t *testing.T) []byte {
	t.Helper()
	paths, err := filepath.Glob("../../testdata/scenarios/*.json")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no scenarios: %v", err)
	}
	var b bytes.Buffer
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var sc struct {
			SinceModel string          `json:"since_model"`
			Record     json.RawMessage `json:"record"`
		}
		if err := json.Unmarshal(data, &sc); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if sc.SinceModel != "" {
			continue
		}
		if err := json.Compact(&b, sc.Record); err != nil {
			t.Fatal(err)
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// score --model 1 reproduces the golden file of model 1's results with the
// shipped questionnaire byte for byte, apart from the referrals, which the
// golden file leaves out
// (it is written by the scorer and the JSON writer alone, and score adds the
// referral suggestions of the shipped rules).
func TestScoreModel1ReproducesGolden(t *testing.T) {
	want, err := os.ReadFile("../../testdata/golden/scenarios.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runCLI(t, bytes.NewReader(scenarioRecords(t)), "score", "--model", "1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	noReferrals := regexp.MustCompile(`"referrals":\[[^\]]*\]`)
	got := noReferrals.ReplaceAllString(stdout, `"referrals":[]`)
	sameLines(t, got, string(want))
	// The default is model 2, and says so in every result.
	stdout, _, _ = runCLI(t, bytes.NewReader(scenarioRecords(t)), "score")
	if n := strings.Count(stdout, `"model_version":"2"`); n != strings.Count(string(want), "\n") {
		t.Errorf("%d results of model 2 by default", n)
	}
}

// --model names a model that exists, or the command does not run.
func TestModelFlag(t *testing.T) {
	for _, args := range [][]string{
		{"score", "--model", "3"}, {"score", "--model", ""}, {"screen", "--model", "v2"},
		{"train", "--model", "0"}, {"handout", "--kind", "questionnaire", "--model", "x"},
	} {
		stdout, stderr, code := runCLI(t, strings.NewReader(""), args...)
		if code != ExitUsage || stdout != "" || !strings.Contains(stderr, "expected 1 or 2") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
	for _, args := range [][]string{{"train", "--model", "1", "--list"}, {"handout", "--kind", "questionnaire", "--model", "1", "--format", "markdown"}} {
		if _, stderr, code := runCLI(t, strings.NewReader(""), args...); code != 0 {
			t.Errorf("%v: exit %d: %s", args, code, stderr)
		}
	}
	stdout, _, _ := runCLI(t, strings.NewReader(""), "handout", "--kind", "questionnaire", "--model", "1", "--format", "markdown")
	if !strings.Contains(stdout, "Scoring model 1.") {
		t.Errorf("handout with --model 1 does not name model 1:\n%.300s", stdout)
	}
}

// The first release's results stay reproducible byte for byte: score
// --model 1 with the 1.0.0 questionnaire (kept in testdata/golden/release-1.0.0)
// on the scenarios' records as they were for 1.0.0 gives that release's
// golden file. A record of 1.1.0 becomes its 1.0.0 record by its version and
// by leaving out the answers to the follow-ups 1.1.0 added; if a scenario
// answered one of them yes, or model 1 or the JSON writer changed, the
// output would differ. Only the layout that later schema versions added is
// not compared: schema_version itself and the ceiling_id field (schema 2.0),
// which repeats the ceiling level as an id; the results are.
func TestScoreModel1ReproducesFirstRelease(t *testing.T) {
	const dir = "../../testdata/golden/release-1.0.0"
	old, err := defs.Load(filepath.Join(dir, "questionnaire.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if old.Form.Version != "1.0.0" {
		t.Fatalf("the kept questionnaire is version %s", old.Form.Version)
	}
	asked := map[string]bool{}
	for _, qq := range old.Form.Questions {
		asked[qq.ID] = true
	}
	var in bytes.Buffer
	dropped := 0
	for _, line := range bytes.Split(bytes.TrimSpace(scenarioRecords(t)), []byte("\n")) {
		var rec struct {
			ID      string            `json:"id"`
			Form    string            `json:"form"`
			Version string            `json:"version"`
			Answers map[string]string `json:"answers"`
		}
		if err := json.Unmarshal(line, &rec); err != nil {
			t.Fatal(err)
		}
		rec.Version = old.Form.Version
		for id := range rec.Answers {
			if !asked[id] {
				delete(rec.Answers, id)
				dropped++
			}
		}
		b, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		in.Write(b)
		in.WriteByte('\n')
	}
	if dropped == 0 {
		t.Error("no answer to a follow-up of 1.1.0 left out: the scenarios do not answer 1.1.0")
	}
	want, err := os.ReadFile(filepath.Join(dir, "scenarios-model1.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runCLI(t, &in, "score", "--model", "1", "--indicators", filepath.Join(dir, "questionnaire.yaml"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got := regexp.MustCompile(`"referrals":\[[^\]]*\]`).ReplaceAllString(stdout, `"referrals":[]`)
	got = regexp.MustCompile(`"ceiling_id":"[a-z-]*",`).ReplaceAllString(got, "")
	schema := regexp.MustCompile(`^\{"schema_version":"[0-9.]+",`)
	var gotLines, wantLines []string
	for _, l := range strings.Split(got, "\n") {
		gotLines = append(gotLines, schema.ReplaceAllString(l, "{"))
	}
	for _, l := range strings.Split(string(want), "\n") {
		wantLines = append(wantLines, schema.ReplaceAllString(l, "{"))
	}
	got, want = strings.Join(gotLines, "\n"), []byte(strings.Join(wantLines, "\n"))
	sameLines(t, got, string(want))
}

// sameLines fails the test at the first line where got and want differ.
func sameLines(t *testing.T, got, want string) {
	t.Helper()
	if got == want {
		return
	}
	gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(gl), len(wl)) {
		if gl[i] != wl[i] {
			t.Fatalf("line %d differs:\ngot  %s\nwant %s", i+1, gl[i], wl[i])
		}
	}
	t.Fatalf("%d lines, want %d", len(gl), len(wl))
}
