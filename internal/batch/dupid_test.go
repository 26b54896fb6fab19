package batch

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/continuum-screening/continuum/internal/batch/synth"
	q "github.com/continuum-screening/continuum/internal/questionnaire"
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

// smallIDCheck makes the exact part of the repeated-id check hold only a
// few ids and the filter the given number of blocks, for one test.
func smallIDCheck(t *testing.T, exact, blocks int) {
	t.Helper()
	e, b := idExact, idFilterBlocks
	idExact, idFilterBlocks = exact, blocks
	t.Cleanup(func() { idExact, idFilterBlocks = e, b })
}

// Beyond the ids kept with their places, repeats are found by the filter
// and confirmed by a second reading of the files, which names the first
// place and drops the filter's false alarms: with a filter of one block,
// nearly every id is a false alarm, and only the true repeats are named.
func TestRepeatedIDsBeyondTheExactOnes(t *testing.T) {
	smallIDCheck(t, 4, 1)
	form, s := runFixture(t)
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.jsonl"), filepath.Join(dir, "b.jsonl")
	var in strings.Builder
	for i := range 30 {
		in.WriteString(record(fmt.Sprintf("a%02d", i), "no"))
	}
	os.WriteFile(a, []byte(in.String()), 0o600)
	in.Reset()
	for i := range 30 {
		in.WriteString(record(fmt.Sprintf("b%02d", i), "no"))
	}
	in.WriteString(record("a02", "no") + record("a20", "no") + record("b17", "no"))
	os.WriteFile(b, []byte(in.String()), 0o600)
	want := "continuum: warning: " + b + `:31: record id "a02" was already seen at ` + a + ":3; both records are counted\n" +
		"continuum: warning: " + b + `:32: record id "a20" was already seen at ` + a + ":21; both records are counted\n" +
		"continuum: warning: " + b + `:33: record id "b17" was already seen at ` + b + ":18; both records are counted\n"
	for _, jobs := range []int{1, 4} {
		var log bytes.Buffer
		st, err := Score(context.Background(), Config{Read: &Options{Form: form}, Scorer: s, Files: []string{a, b},
			Sink: &collect{}, Log: &log, Jobs: jobs, NameIDs: true})
		if err != nil {
			t.Fatal(err)
		}
		if log.String() != want || st.RepeatedIDs != 3 || st.Scored != 63 {
			t.Errorf("jobs %d: %+v, log\n%s\nwant\n%s", jobs, st, log.String(), want)
		}
	}
}

// Standard input cannot be read a second time: a repeat found by the filter
// there is counted and named as most likely, without the first place; one
// whose first place is in a file is confirmed.
func TestRepeatedIDsOnStdinBeyondTheExactOnes(t *testing.T) {
	smallIDCheck(t, 4, 1<<10)
	form, s := runFixture(t)
	a := filepath.Join(t.TempDir(), "a.jsonl")
	var in strings.Builder
	for i := range 10 {
		in.WriteString(record(fmt.Sprintf("a%02d", i), "no"))
	}
	os.WriteFile(a, []byte(in.String()), 0o600)
	stdin := record("s1", "no") + record("a07", "no") + record("s1", "no")
	var log bytes.Buffer
	st, err := Score(context.Background(), Config{Read: &Options{Form: form}, Scorer: s, Files: []string{a, "-"},
		Stdin: strings.NewReader(stdin), Sink: &collect{}, Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	want := "continuum: warning: stdin:2: the record id was already seen at " + a + ":8; both records are counted\n" +
		"continuum: warning: stdin:3: the record id was most likely seen before, but stdin cannot be read a second time to say where; both records are counted\n"
	if log.String() != want || st.RepeatedIDs != 2 {
		t.Errorf("%+v, log\n%s\nwant\n%s", st, log.String(), want)
	}
}

// A file that changes between the two readings leaves the filter's
// candidates unconfirmed, and says so.
func TestRepeatedIDsFileChanged(t *testing.T) {
	smallIDCheck(t, 2, 1)
	a := filepath.Join(t.TempDir(), "a.jsonl")
	s := newIDSeen(false)
	for i, id := range []string{"r1", "r2", "r3", "r4", "r3"} {
		if msg := s.check(&Record{File: a, Line: i + 1, ID: id}, 0, s.hash(id)); msg != "" {
			t.Fatal(msg)
		}
	}
	if len(s.cands) == 0 {
		t.Fatal("the filter misses a repeated id")
	}
	form, _ := runFixture(t)
	os.WriteFile(a, []byte(record("x1", "no")+record("x2", "no")+record("x3", "no")+record("x4", "no")+record("x5", "no")), 0o600)
	msgs := s.finish([]string{a}, &Options{Form: form})
	s.release()
	if len(msgs) != len(s.cands) || s.count != len(s.cands) ||
		!strings.HasSuffix(msgs[0], "the record id was most likely seen before, but the input changed while it was read; both records are counted") {
		t.Errorf("count %d, candidates %d, messages %q", s.count, len(s.cands), msgs)
	}
}

// A file cut short between the two readings has changed too.
func TestRepeatedIDsFileCut(t *testing.T) {
	smallIDCheck(t, 2, 1)
	a := filepath.Join(t.TempDir(), "a.jsonl")
	s := newIDSeen(false)
	for i, id := range []string{"r1", "r2", "r3", "r4", "r3"} {
		s.check(&Record{File: a, Line: i + 1, ID: id}, 0, s.hash(id))
	}
	form, _ := runFixture(t)
	os.WriteFile(a, []byte(record("r1", "no")+record("r2", "no")+record("r3", "no")), 0o600)
	msgs := s.finish([]string{a}, &Options{Form: form})
	s.release()
	if len(msgs) != 1 || s.count != 1 || !strings.HasSuffix(msgs[0], "but the input changed while it was read; both records are counted") {
		t.Errorf("count %d, messages %q", s.count, msgs)
	}
}

// settings copies every option the caller sets, and none of the state.
func TestOptionsSettings(t *testing.T) {
	o := &Options{Form: &q.Form{}, Map: &Mapping{}, Own: func() *Mapping { return nil }, DropIdentifying: true,
		Sheet: "s", By: []string{"sector"}, Reference: "ref", Warn: func(string) {}}
	c := o.settings()
	v, w := reflect.ValueOf(o).Elem(), reflect.ValueOf(c).Elem()
	for i := range v.NumField() {
		f := v.Type().Field(i)
		switch {
		case !f.IsExported():
		case f.Name == "Warn":
			if !w.Field(i).IsNil() {
				t.Error("settings keeps Warn")
			}
		case w.Field(i).IsZero():
			t.Errorf("settings leaves out %s", f.Name)
		}
	}
}

// The filter has no false alarm among a million random ids (there are 13
// at two million, some thousands at five).
func TestIDFilterFalseAlarms(t *testing.T) {
	if testing.Short() {
		t.Skip("a million ids")
	}
	f := newIDFilter(idFilterBlocks)
	defer f.release()
	r := rand.New(rand.NewPCG(1, 2))
	hits := 0
	for range 1_000_000 {
		if f.add(r.Uint64()) {
			hits++
		}
	}
	if hits > 2 {
		t.Errorf("%d false alarms among a million ids", hits)
	}
	for range 1000 {
		h := r.Uint64()
		if f.add(h); !f.add(h) {
			t.Fatalf("the filter misses %x", h)
		}
	}
}

// The memory of the check is fixed: a million ids take what two hundred
// thousand take, whatever their length.
func TestRepeatedIDsMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("a million ids")
	}
	s := newIDSeen(false)
	rec := &Record{File: "answers.jsonl"}
	var before, mid, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	check := func(from, to int) {
		for i := from; i < to; i++ {
			rec.ID = fmt.Sprintf("a-rather-long-record-identifier-of-a-survey-platform-%09d", i)
			rec.Line = i + 1
			if msg := s.check(rec, 0, s.hash(rec.ID)); msg != "" {
				t.Fatal(msg)
			}
		}
	}
	check(0, 200_000)
	runtime.GC()
	runtime.ReadMemStats(&mid)
	check(200_000, 1_000_000)
	runtime.GC()
	runtime.ReadMemStats(&after)
	// The filter's memory may be outside the heap.
	filter := int64(len(s.filter.mem))
	if s.filter.free == nil {
		filter = 0
	}
	at200k := int64(mid.HeapAlloc-before.HeapAlloc) + filter
	at1M := int64(after.HeapAlloc-before.HeapAlloc) + filter
	t.Logf("%.1f MiB at 200,000 ids, %.1f MiB at 1,000,000", float64(at200k)/(1<<20), float64(at1M)/(1<<20))
	if at1M > 10<<20 || at1M-at200k > 256<<10 {
		t.Errorf("%d bytes at 200,000 ids, %d at 1,000,000; want at most 10 MiB, the same at both", at200k, at1M)
	}
	s.release()
}

// The check on the ordered output side costs a hash and a map insert or a
// filter probe a record.
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
		s.check(rec, 0, s.hash(rec.ID))
	}
}
