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
		o := &scoreOptions{Globals: &Globals{Streams: s}, Format: "json", MinCell: 10,
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
