package cli

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/continuum-screening/continuum/internal/testtool"
)

// tmuxTerm drives the full-screen mode in a real terminal emulator (tmux):
// keys go in with send-keys, the screen and the scrollback come out with
// capture-pane. It runs on a private socket, so it never touches the user's
// tmux sessions.
type tmuxTerm struct {
	t      *testing.T
	socket string
	keys   int
}

func (m *tmuxTerm) tmux(args ...string) (string, error) {
	out, err := exec.Command("tmux", append([]string{"-L", m.socket, "-f", "/dev/null"}, args...)...).CombinedOutput()
	return string(out), err
}

// screen is the visible screen; all adds the whole scrollback.
func (m *tmuxTerm) screen(all bool) string {
	args := []string{"capture-pane", "-p", "-t", "s"}
	if all {
		args = append(args, "-S", "-", "-E", "-")
	}
	out, err := m.tmux(args...)
	if err != nil {
		m.t.Fatalf("capture-pane: %v: %s", err, out)
	}
	return out
}

func (m *tmuxTerm) send(key string) {
	m.t.Helper()
	m.keys++
	if out, err := m.tmux("send-keys", "-t", "s", key); err != nil {
		m.t.Fatalf("send-keys %s: %v: %s", key, err, out)
	}
}

// wait waits until the screen shows want.
func (m *tmuxTerm) wait(want string) time.Duration {
	m.t.Helper()
	start := time.Now()
	for time.Since(start) < 10*time.Second {
		if strings.Contains(m.screen(false), want) {
			return time.Since(start)
		}
		time.Sleep(10 * time.Millisecond)
	}
	m.t.Fatalf("the screen never showed %q; it shows:\n%s", want, m.screen(false))
	return 0
}

// The binary the terminal tests run, built once for the package (each
// build takes seconds on a busy machine) and removed by TestMain.
var built struct {
	once sync.Once
	dir  string
	bin  string
	err  error
	out  []byte
}

func buildContinuum(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "continuum-cli-test-"); built.err != nil {
			return
		}
		built.bin = filepath.Join(built.dir, "continuum")
		cmd := exec.Command("go", "build", "-o", built.bin, "github.com/continuum-screening/continuum/cmd/continuum")
		built.out, built.err = cmd.CombinedOutput()
	})
	if built.err != nil {
		t.Fatalf("go build: %v\n%s", built.err, built.out)
	}
	return built.bin
}

// terminalBinary is the set-up of a test that drives the full-screen mode in
// a terminal: skipped with -short, and without tmux where tmux is not
// required; it returns the binary to run.
func terminalBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary and drives a terminal")
	}
	testtool.Need(t, "tmux", "tmux")
	return buildContinuum(t)
}

// leftNothing waits for the program to exit with code and checks that the
// screen and the scrollback hold nothing but the shell's EXIT= line.
func (m *tmuxTerm) leftNothing(code int) {
	m.t.Helper()
	exit := fmt.Sprintf("EXIT=%d", code)
	m.wait(exit)
	if all := strings.TrimSpace(m.screen(true)); all != exit {
		m.t.Errorf("after %s the terminal holds:\n%s", exit, all)
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

func startTmux(t *testing.T, bin string, args ...string) *tmuxTerm {
	t.Helper()
	return startTmuxSize(t, 100, 40, bin, args...)
}

// startTmuxSize starts the binary in a terminal of width × height cells.
func startTmuxSize(t *testing.T, width, height int, bin string, args ...string) *tmuxTerm {
	t.Helper()
	testtool.Need(t, "tmux", "tmux")
	m := &tmuxTerm{t: t, socket: fmt.Sprintf("continuum-test-%d-%d", os.Getpid(), time.Now().UnixNano())}
	// A clean environment: no locale, no colour settings, no ACCESSIBLE.
	shell := fmt.Sprintf("env -i PATH=/usr/bin:/bin TERM=xterm-256color %s %s; echo EXIT=$?; sleep 30",
		bin, strings.Join(args, " "))
	if out, err := m.tmux("new-session", "-d", "-s", "s", "-x", strconv.Itoa(width), "-y", strconv.Itoa(height), shell); err != nil {
		t.Skipf("tmux cannot start a session here: %v: %s", err, out)
	}
	t.Cleanup(func() { m.tmux("kill-server") })
	return m
}

// TestScreenFullScreen goes a short path in the full-screen mode, goes back
// and changes an answer, then leaves with the quick-exit key and checks that
// nothing of the session remains on the screen or in the scrollback.
func TestScreenFullScreen(t *testing.T) {
	bin := terminalBinary(t)
	m := startTmux(t, bin, "screen", "--lang", "en")
	m.wait("Before we start")
	m.wait("esc: quick exit")
	m.send("1") // consent
	m.wait("Part 1 of 16")
	m.send("2") // not in danger
	m.wait("Part 2 of 16")
	m.send("2") // not under 18
	m.wait("Part 3 of 16")
	m.send("BTab") // back to the age question: the answer given is named
	m.wait("Part 2 of 16")
	m.wait("Your answer was: No")
	if s := m.screen(false); strings.Contains(s, "> 2. No") {
		t.Fatalf("going back preselected the given answer:\n%s", s)
	}
	m.send("1") // change it: under 18
	m.wait("keep you from going to school")
	m.send("2") // the school question, asked of a child: no
	m.wait("Part 3 of 16")
	m.send("1") // someone else arranged the job
	m.wait("Part 4 of 16")
	m.send("1") // promise differs: five follow-ups open, in the same part
	m.wait("Is the work itself, the place or the employer different")
	m.wait("Part 4 of 16")

	start := time.Now()
	m.send("Escape")
	m.wait("EXIT=130")
	took := time.Since(start)
	if took > time.Second {
		t.Errorf("the quick exit took %v; expected under a second", took)
	}
	all := m.screen(true)
	for _, s := range []string{"Question", "Before we start", "under 18", "Yes", "No", "I don't know", "danger", "quick exit", "promise"} {
		if strings.Contains(all, s) {
			t.Errorf("after the quick exit the terminal still shows %q:\n%s", s, all)
		}
	}
	if got := strings.TrimSpace(all); got != "EXIT=130" {
		t.Errorf("after the quick exit the screen and scrollback hold:\n%s\nexpected only the shell's EXIT=130", got)
	}
	t.Logf("quick exit: %v from the key to the shell", took.Round(time.Millisecond))
}

// TestScreenFullScreenShortestPath measures the shortest path: consent, the
// sixteen questions answered no, the review, the result, finish. It reports
// the keystrokes and the seconds (waiting for each screen, as a person would).
func TestScreenFullScreenShortestPath(t *testing.T) {
	bin := terminalBinary(t)
	m := startTmux(t, bin, "screen", "--lang", "en")
	m.wait("Before we start")
	m.wait("esc: quick exit")
	start := time.Now()
	m.send("1")
	for i := 1; i <= 16; i++ {
		m.wait(fmt.Sprintf("Part %d of 16", i))
		m.send("2")
	}
	m.wait("Your answers")
	m.send("0") // "See the result" is option 0
	m.wait("Result of the screening")
	m.wait("Decent work")
	took := time.Since(start)
	m.send("q") // finish
	m.wait("EXIT=0")
	if m.keys != 19 {
		t.Errorf("%d keystrokes; expected 19", m.keys)
	}
	// Leaving the result leaves nothing behind either.
	m.leftNothing(0)
	t.Logf("shortest path: %d keystrokes (18 to the result, 1 to finish), %.2f s to the result", m.keys, took.Seconds())
}
