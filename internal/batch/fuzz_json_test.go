package batch

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/testdefs"
)

// secretMark is planted in answer values of seeds; no message may echo it.
const secretMark = "SECRETMARK"

// addSeedDir adds the files of dir (testdata/fuzz/<target> at the root of
// the module: seeds and regression inputs found by earlier runs; or the
// bad-input catalogue) whose names end in one of exts (any, when none) to the
// corpus.
func addSeedDir(f *testing.F, dir string, exts ...string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		f.Fatalf("seed corpus: %v", err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		if len(exts) > 0 && !slices.Contains(exts, filepath.Ext(e.Name())) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

func fuzzForm(t testing.TB) *q.Form {
	t.Helper()
	form, err := testdefs.Form()
	if err != nil {
		t.Fatal(err)
	}
	return form
}

// FuzzJSONReader reads JSON Lines and JSON arrays through Open, as score
// does, and checks every record it accepts. No input may panic, every
// rejection names the file and a line, and no message repeats an answer.
func FuzzJSONReader(f *testing.F) {
	form := fuzzForm(f)
	addSeedDir(f, "../../testdata/fuzz/FuzzJSONReader")
	addSeedDir(f, "../../testdata/bad/answers", ".jsonl", ".json")
	f.Add([]byte(`{"id":"a","form":"continuum-core","version":"1.1.0","answers":{"danger":"` + secretMark + `"}}` + "\n"))
	f.Add([]byte(`[{"id":"a","form":"continuum-core","version":"1.1.0","answers":{"danger":"no"},"groups":{"x":"` + secretMark + `"}}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		o := &Options{Form: form}
		rd, err := Open("fuzz.jsonl", strings.NewReader(string(data)), o)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.jsonl") {
				t.Errorf("error does not name the file: %v", err)
			}
			return
		}
		for i := 0; i < 10000; i++ {
			rec, err := rd.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			var re *RecordError
			if err == nil {
				var answers []string
				answers, err = o.Check(rec)
				if err == nil {
					if len(answers) != len(form.Questions) {
						t.Fatalf("%d answers for %d questions", len(answers), len(form.Questions))
					}
					for _, a := range answers {
						if a != "" && !form.IsChoice(a) {
							t.Errorf("accepted answer %q is not a choice", a)
						}
					}
					continue
				}
				if errors.As(err, &re) && leaks(rec, err.Error()) {
					t.Errorf("message echoes an answer value: %v", err)
				}
			}
			if !errors.As(err, &re) {
				if !strings.HasPrefix(err.Error(), "fuzz.jsonl") {
					t.Errorf("error does not name the file: %v", err)
				}
				return
			}
			if re.File != "fuzz.jsonl" || re.Line < 1 {
				t.Errorf("rejection without file and line: %+v", re)
			}
		}
	})
}

// leaks reports whether msg repeats the marker when it was only in answer or
// group values (ids and keys may be named).
func leaks(rec *Record, msg string) bool {
	if !strings.Contains(msg, secretMark) {
		return false
	}
	if strings.Contains(rec.ID, secretMark) || strings.Contains(rec.Form, secretMark) || strings.Contains(rec.Version, secretMark) {
		return false
	}
	for k := range rec.Answers {
		if strings.Contains(k, secretMark) {
			return false
		}
	}
	for k := range rec.Groups {
		if strings.Contains(k, secretMark) {
			return false
		}
	}
	return true
}
