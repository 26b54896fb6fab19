package batch

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/continuum-screening/continuum/internal/batch/synth"
	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/scoring"
	"github.com/continuum-screening/continuum/internal/testdefs"
)

type collect struct {
	ids    []string
	levels []scoring.Level
	stop   func() // called after the first record
}

func (c *collect) Add(rec *Record, res *scoring.Result) error {
	c.ids = append(c.ids, rec.ID)
	c.levels = append(c.levels, res.Level)
	if c.stop != nil {
		c.stop()
	}
	return nil
}

func runFixture(t *testing.T) (*q.Form, *scoring.Scorer) {
	t.Helper()
	form, err := testdefs.Form()
	if err != nil {
		t.Fatal(err)
	}
	return form, scoring.New(form)
}

// Records come out in input order across files, each scored as the scorer
// scores its answers; rejected records are reported and counted.
func TestScoreOrderAndRejects(t *testing.T) {
	form, s := runFixture(t)
	in, err := synth.Bytes(form, 3, "jsonl", 700)
	if err != nil {
		t.Fatal(err)
	}
	bad := `{"id":"x","form":"continuum-core","version":"1.1.0","answers":{"danger":"SECRETX"}}` + "\n"
	in = append(in, bad...)
	var log bytes.Buffer
	c := &collect{}
	st, err := Score(context.Background(), Config{Read: &Options{Form: form}, Scorer: s, Files: []string{"-"},
		Stdin: bytes.NewReader(in), Sink: c, Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	if st.Scored != 700 || st.Rejected != 1 || st.Interrupted {
		t.Fatalf("stats %+v", st)
	}
	g := synth.New(form, 3)
	for i, id := range c.ids {
		if id != synth.ID(i+1) {
			t.Fatalf("record %d is %s", i+1, id)
		}
		if want := s.Score(g.Answers()).Level; c.levels[i] != want {
			t.Fatalf("%s: level %d, expected %d", id, c.levels[i], want)
		}
	}
	if got := log.String(); got != "continuum: stdin:701: answers.danger: not a valid choice; expected one of: yes, no, dont-know, prefer-not-to-say\n" {
		t.Errorf("log: %q", got)
	}
}

func TestScoreMaxErrors(t *testing.T) {
	form, s := runFixture(t)
	var in strings.Builder
	for i := range 5 {
		fmt.Fprintf(&in, `{"id":"r%d","form":"continuum-core","version":"9"}`+"\n", i)
	}
	var log bytes.Buffer
	st, err := Score(context.Background(), Config{Read: &Options{Form: form}, Scorer: s, Files: []string{"-"},
		Stdin: strings.NewReader(in.String()), Sink: &collect{}, Log: &log, MaxErrors: 2})
	if err != nil {
		t.Fatal(err)
	}
	if st.Rejected != 2 || !strings.HasSuffix(log.String(), "continuum: stopped after 2 rejected records (--max-errors)\n") {
		t.Errorf("stats %+v, log:\n%s", st, log.String())
	}
}

// A cancelled run stops after the record in hand and says so.
func TestScoreInterrupted(t *testing.T) {
	form, s := runFixture(t)
	in, err := synth.Bytes(form, 1, "csv", 5000)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	c := &collect{stop: cancel}
	st, err := Score(ctx, Config{Read: &Options{Form: form}, Scorer: s, Files: []string{"-"},
		Stdin: bytes.NewReader(in), Sink: c})
	if err != nil {
		t.Fatal(err)
	}
	if !st.Interrupted || st.Scored != 1 || len(c.ids) != 1 {
		t.Errorf("stats %+v after cancelling at the first record", st)
	}
}

// lineRenderer renders a record as its id on a line.
type lineRenderer struct{ out bytes.Buffer }

func (r *lineRenderer) Add(rec *Record, res *scoring.Result) error {
	b, _ := r.Render(nil, rec, res)
	return r.Write(b)
}

func (r *lineRenderer) Render(b []byte, rec *Record, _ *scoring.Result) ([]byte, error) {
	return append(append(b, rec.ID...), '\n'), nil
}

func (r *lineRenderer) Write(b []byte) error { _, err := r.out.Write(b); return err }

// cancelWriter cancels the run when a message is logged.
type cancelWriter struct{ cancel func() }

func (w cancelWriter) Write(b []byte) (int, error) { w.cancel(); return len(b), nil }

// The records a cancelled run counts as done are the ones it wrote, when
// the workers render them and the writer writes runs of them at once: here
// the run is cancelled by the warning about a record in the middle of a
// batch, which is counted and must be written.
func TestScoreInterruptedWritesWhatItCounts(t *testing.T) {
	form, s := runFixture(t)
	var in strings.Builder
	for i := range 600 {
		id := fmt.Sprintf("r%d", i)
		if i == 300 {
			id = "r5" // a repeated id: a warning
		}
		in.WriteString(record(id, "no"))
	}
	for _, jobs := range []int{1, 4} {
		ctx, cancel := context.WithCancel(context.Background())
		r := &lineRenderer{}
		st, err := Score(ctx, Config{Read: &Options{Form: form}, Scorer: s, Files: []string{"-"},
			Stdin: strings.NewReader(in.String()), Sink: r, Jobs: jobs, Log: cancelWriter{cancel}})
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Count(r.out.String(), "\n")
		if !st.Interrupted || st.Scored != lines || lines != 301 {
			t.Errorf("jobs %d: %+v, %d lines written", jobs, st, lines)
		}
	}
}
