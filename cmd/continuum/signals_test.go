package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/continuum-screening/continuum/internal/testdefs"
)

// Interruptions: SIGINT, SIGQUIT (Ctrl+\), SIGTERM and SIGHUP (a closed
// terminal) stop a command cleanly, with exit code 130, and never print
// goroutine stacks, which may hold answers: the tests run with
// GOTRACEBACK=all, under which an unhandled SIGQUIT dumps every stack. The
// helpers here serve the batch test below and the session tests.

var stopSignals = []struct {
	name string
	sig  syscall.Signal
}{{"SIGINT", syscall.SIGINT}, {"SIGQUIT", syscall.SIGQUIT}, {"SIGTERM", syscall.SIGTERM}, {"SIGHUP", syscall.SIGHUP}}

// noStacks fails when stderr holds a stack dump.
func noStacks(t *testing.T, stderr string) {
	t.Helper()
	for _, w := range []string{"goroutine ", "SIGQUIT: quit", "panic:", ".go:"} {
		if strings.Contains(stderr, w) {
			t.Errorf("stderr holds a stack dump (%q):\n%.3000s", w, stderr)
			return
		}
	}
}

// syncBuffer is a buffer a running process writes while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "continuum")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestSignalsScore stops a batch run that is busy reading an endless stream:
// it finishes the record in hand, writes whole lines only, says how many
// records were done (as many as there are lines), and exits with 130.
func TestSignalsScore(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	rec := `{"id":"r%d","form":"continuum-core","version":"` + testdefs.Version() + `","answers":{"danger":"no","under-18":"no","arranged-by-other":"yes"}}` + "\n"
	doneRE := regexp.MustCompile(`continuum: interrupted after (\d+) record\(s\) \((\d+) scored, (\d+) rejected\); every line written is complete\n$`)
	for _, s := range stopSignals {
		for _, format := range []string{"json", "csv"} {
			t.Run(s.name+"/"+format, func(t *testing.T) {
				cmd := exec.Command(bin, "score", "--format", format)
				cmd.Env = []string{"PATH=/usr/bin:/bin", "GOTRACEBACK=all"}
				in, err := cmd.StdinPipe()
				if err != nil {
					t.Fatal(err)
				}
				var out, errOut syncBuffer
				cmd.Stdout, cmd.Stderr = &out, &errOut
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				stopFeeding := make(chan struct{})
				go func() {
					for i := 0; ; i++ {
						select {
						case <-stopFeeding:
							in.Close()
							return
						default:
						}
						if _, err := fmt.Fprintf(in, rec, i); err != nil {
							return
						}
					}
				}()
				// Wait for output: the run is in full swing.
				waitFor(t, "output", func() bool { return len(out.String()) > 200<<10 })
				cmd.Process.Signal(s.sig)
				err = cmd.Wait()
				close(stopFeeding)
				code := -1
				if ee, ok := err.(*exec.ExitError); ok {
					code = ee.ExitCode()
				}
				if code != 130 {
					t.Fatalf("exit %d (%v); expected 130\nstderr:\n%s", code, err, errOut.String())
				}
				noStacks(t, errOut.String())
				m := doneRE.FindStringSubmatch(errOut.String())
				if m == nil {
					t.Fatalf("stderr does not say how many records were done:\n%s", errOut.String())
				}
				o := out.String()
				if !strings.HasSuffix(o, "\n") {
					t.Errorf("the last line is cut: %q", o[max(0, len(o)-200):])
				}
				lines := strings.Split(strings.TrimSuffix(o, "\n"), "\n")
				if format == "csv" {
					lines = lines[1:] // the header
				}
				if fmt.Sprint(len(lines)) != m[2] {
					t.Errorf("%d lines written; stderr says %s records were scored", len(lines), m[2])
				}
				for i, l := range lines {
					if format == "json" && !json.Valid([]byte(l)) {
						t.Fatalf("line %d is not whole JSON: %.200s", i+1, l)
					}
					if format == "csv" && strings.Count(l, ",") != strings.Count(lines[0], ",") {
						t.Fatalf("line %d is not a whole CSV row: %.200s", i+1, l)
					}
				}
				t.Logf("%s after %s records", s.name, m[1])
			})
		}
	}
}
