package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// The progress line appears only when stderr is a terminal, and is cleared
// at the end so that only results reach stdout.
func TestScoreProgressOnlyOnTerminal(t *testing.T) {
	in := benchInput(t, "jsonl", 3000)
	for _, tty := range []bool{false, true} {
		var out, errb bytes.Buffer
		s := &Streams{In: bytes.NewReader(in), Out: &out, Err: &errb, Getenv: func(string) string { return "" }, ErrTTY: tty}
		clock := time.Unix(0, 0)
		o := &scoreOptions{Globals: &Globals{Streams: s}, Format: "json", inputOptions: inputOptions{MinCell: 10},
			now: func() time.Time { clock = clock.Add(time.Second); return clock }}
		if err := scoreRun(o); err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(out.String(), "\n"); n != 3000 {
			t.Fatalf("tty=%v: %d results", tty, n)
		}
		got := errb.String()
		if !tty && got != "" {
			t.Errorf("progress without a terminal: %q", got)
		}
		if tty && (!strings.Contains(got, "\r\x1b[K1024 records, ") || !strings.HasSuffix(got, "\r\x1b[K")) {
			t.Errorf("progress on a terminal: %q", got)
		}
	}
}

// Any number of workers gives the same bytes as one, in every format, with
// rejected records and warnings in their places.
func TestScoreJobsSameOutput(t *testing.T) {
	in := benchInput(t, "jsonl", 3000)
	// A record of another version, a blank line and a line that is not
	// UTF-8: rejected in their places, with their line numbers.
	bad := []byte(`{"id":"x","form":"continuum-core","version":"9","answers":{}}` + "\n\n{\"id\":\"\xff\"}\n")
	var mixed []byte
	for i, l := range bytes.SplitAfter(in, []byte("\n")) {
		mixed = append(mixed, l...)
		if i%397 == 0 {
			mixed = append(mixed, bad...)
		}
	}
	csvIn := benchInput(t, "csv", 2000)
	for _, c := range []struct {
		in   []byte
		args []string
	}{
		{mixed, []string{"score"}},
		{mixed, []string{"score", "--format", "csv"}},
		{mixed, []string{"score", "--format", "table"}},
		{mixed, []string{"score", "--summary", "--format", "json"}},
		{mixed, []string{"score", "--max-errors", "4"}},
		{csvIn, []string{"score"}},
	} {
		var outs, errs []string
		for _, jobs := range []string{"1", "2", "5"} {
			stdout, stderr, _ := runCLI(t, bytes.NewReader(c.in), append(c.args, "--jobs", jobs)...)
			outs, errs = append(outs, stdout), append(errs, stderr)
		}
		if len(outs[0]) < 1000 {
			t.Fatalf("%v: little output:\n%s%s", c.args, outs[0], errs[0])
		}
		for i := 1; i < len(outs); i++ {
			if outs[i] != outs[0] || errs[i] != errs[0] {
				t.Errorf("%v: output differs between --jobs 1 and more", c.args)
			}
		}
	}
}
