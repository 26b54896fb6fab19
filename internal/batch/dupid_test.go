package batch

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/continuum-screening/continuum/internal/batch/synth"
)

func record(id, answer string) string {
	return `{"id":"` + id + `","form":"continuum-core","version":"1.1.0","answers":{"danger":"` + answer + `"}}` + "\n"
}

// A record id seen twice in one run is a warning that names both places:
// two files that share an id, and the same file given twice. The id is
// named only when the output shows ids; an answer never.
func TestRepeatedIDsWarnWithBothPlaces(t *testing.T) {
	form, s := runFixture(t)
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.jsonl"), filepath.Join(dir, "b.jsonl")
	os.WriteFile(a, []byte(record("r1", "no")+record("r2", "no")), 0o600)
	os.WriteFile(b, []byte(record("r3", "no")+record("r1", "dont-know")), 0o600)
	cases := []struct {
		files   []string
		nameIDs bool
		want    []string
	}{
		{[]string{a, b}, true, []string{b + `:2: record id "r1" was already seen at ` + a + ":1; both records are counted"}},
		{[]string{a, b}, false, []string{b + ":2: the record id was already seen at " + a + ":1; both records are counted"}},
		{[]string{a, a}, true, []string{
			a + `:1: record id "r1" was already seen at ` + a + ":1 (the file is given twice); both records are counted",
			a + `:2: record id "r2" was already seen at ` + a + ":2 (the file is given twice); both records are counted"}},
		{[]string{a}, true, nil},
	}
	for _, c := range cases {
		for _, jobs := range []int{1, 4} {
			var log bytes.Buffer
			st, err := Score(context.Background(), Config{Read: &Options{Form: form}, Scorer: s, Files: c.files,
				Sink: &collect{}, Log: &log, Jobs: jobs, NameIDs: c.nameIDs})
			if err != nil {
				t.Fatal(err)
			}
			var want string
			for _, w := range c.want {
				want += "continuum: warning: " + w + "\n"
			}
			if log.String() != want || st.RepeatedIDs != len(c.want) || st.Scored != 2*len(c.files) {
				t.Errorf("%v, jobs %d, NameIDs %v: %+v, log\n%s\nwant\n%s", c.files, jobs, c.nameIDs, st, log.String(), want)
			}
			if strings.Contains(log.String(), "dont-know") || strings.Contains(log.String(), `"no"`) {
				t.Errorf("the warning quotes an answer:\n%s", log.String())
			}
		}
	}
}

// Two records of a JSON array on one line; and many repeats are named up to
// a limit, the rest counted in one line.
func TestRepeatedIDsOnOneLineAndMany(t *testing.T) {
	form, s := runFixture(t)
	var log bytes.Buffer
	arr := "[" + strings.TrimSpace(record("x", "no")) + "," + strings.TrimSpace(record("x", "no")) + "]\n"
	if _, err := Score(context.Background(), Config{Read: &Options{Form: form}, Scorer: s, Files: []string{"-"},
		Stdin: strings.NewReader(arr), Sink: &collect{}, Log: &log, NameIDs: true}); err != nil {
		t.Fatal(err)
	}
	if want := "continuum: warning: stdin:1: record id \"x\" comes twice on this line; both records are counted\n"; log.String() != want {
		t.Errorf("log %q, want %q", log.String(), want)
	}
	in, err := synth.Bytes(form, 3, "jsonl", 50)
	if err != nil {
		t.Fatal(err)
	}
	log.Reset()
	st, err := Score(context.Background(), Config{Read: &Options{Form: form}, Scorer: s, Files: []string{"-"},
		Stdin: bytes.NewReader(append(in, in...)), Sink: &collect{}, Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(log.String(), "\n"), "\n")
	if st.RepeatedIDs != 50 || len(lines) != maxDuplicateWarnings+1 ||
		lines[len(lines)-1] != fmt.Sprintf("continuum: warning: %d more record ids were seen twice (50 in all); each record needs its own id", 50-maxDuplicateWarnings) {
		t.Errorf("%+v, log:\n%s", st, log.String())
	}
}

// Memory for the ids of a large run stays small whatever their length: an
// 8-byte hash and an 8-byte place each.
func TestRepeatedIDsMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("200,000 ids")
	}
	const n = 200_000
	s := newIDSeen(false)
	rec := &Record{File: "answers.jsonl"}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range n {
		rec.ID = fmt.Sprintf("a-rather-long-record-identifier-of-a-survey-platform-%09d", i)
		rec.Line = i + 1
		if msg := s.check(rec, 0); msg != "" {
			t.Fatal(msg)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	perID := float64(after.HeapAlloc-before.HeapAlloc) / n
	t.Logf("%.1f bytes a record id", perID)
	if perID > 64 {
		t.Errorf("%.1f bytes a record id; want some 20 to 40 (a hash and a place in a map)", perID)
	}
	runtime.KeepAlive(s)
}

// The check on the ordered output side costs a hash and a map insert a
// record.
func BenchmarkRepeatedIDsCheck(b *testing.B) {
	ids := make([]string, 1<<20)
	for i := range ids {
		ids[i] = fmt.Sprintf("r%07d", i)
	}
	rec := &Record{File: "answers.jsonl"}
	var s *idSeen
	for i := 0; b.Loop(); i++ {
		if i%len(ids) == 0 {
			s = newIDSeen(false)
		}
		rec.ID, rec.Line = ids[i%len(ids)], i
		s.check(rec, 0)
	}
}
