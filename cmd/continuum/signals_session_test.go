package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/continuum-screening/continuum/internal/testtool"
)

// Interruptions of a session: SIGINT, SIGQUIT (Ctrl+\), SIGTERM and SIGHUP
// end it at once with
// exit code 130, keep nothing (no result is written), and leave the terminal
// as it was: out of the alternate screen, cursor shown, line mode and echo
// back on, the screen and the scrollback cleared.

// TestSignalsPlainSession interrupts a plain session (stdin a pipe) in the
// middle of the questions.
func TestSignalsPlainSession(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	for _, s := range stopSignals {
		t.Run(s.name, func(t *testing.T) {
			cmd := exec.Command(bin, "screen", "--lang", "en")
			cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + t.TempDir(), "GOTRACEBACK=all"}
			in, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			var out, errOut syncBuffer
			cmd.Stdout, cmd.Stderr = &out, &errOut
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			io.WriteString(in, "1\n2\n") // consent, not in danger
			waitFor(t, "question 2", func() bool { return strings.Contains(errOut.String(), "Part 2 of") })
			start := time.Now()
			cmd.Process.Signal(s.sig)
			err = cmd.Wait()
			took := time.Since(start)
			in.Close()
			code := -1
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else if err == nil {
				code = 0
			}
			if code != 130 {
				t.Errorf("exit %d (%v); expected 130\nstderr:\n%s", code, err, errOut.String())
			}
			if out.String() != "" {
				t.Errorf("something was written to stdout:\n%s", out.String())
			}
			noStacks(t, errOut.String())
			if !strings.HasSuffix(errOut.String(), "\nStopped. Nothing was kept.\n") {
				t.Errorf("stderr does not end with the stopped message:\n%s", errOut.String())
			}
			if took > 2*time.Second {
				t.Errorf("took %v to stop", took)
			}
		})
	}
}

// TestSignalsFullScreenSession interrupts a full-screen session in a real
// terminal (tmux) and checks what the terminal holds afterwards.
func TestSignalsFullScreenSession(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and drives a terminal")
	}
	testtool.Need(t, "tmux", "tmux")
	bin := buildBinary(t)
	type stopCase struct {
		name  string
		sig   syscall.Signal // sent with kill; 0: the key is typed
		key   string         // tmux send-keys name
		plain bool           // the plain mode in the same terminal
	}
	var cases []stopCase
	for _, s := range stopSignals {
		cases = append(cases, stopCase{name: s.name, sig: s.sig})
	}
	// Ctrl+\ typed: a key in full screen (raw mode), SIGQUIT from the
	// terminal in the plain mode (line mode).
	cases = append(cases, stopCase{name: "Ctrl+backslash", key: `C-\`},
		stopCase{name: "Ctrl+backslash plain", key: `C-\`, plain: true},
		stopCase{name: "SIGQUIT plain", sig: syscall.SIGQUIT, plain: true})
	for _, s := range cases {
		t.Run(s.name, func(t *testing.T) {
			dir := t.TempDir()
			pidFile := filepath.Join(dir, "pid")
			mode := ""
			if s.plain {
				mode = " --accessible"
			}
			socket := fmt.Sprintf("continuum-signal-%d-%d", os.Getpid(), time.Now().UnixNano())
			tmux := func(args ...string) string {
				out, _ := exec.Command("tmux", append([]string{"-L", socket, "-f", "/dev/null"}, args...)...).CombinedOutput()
				return string(out)
			}
			// After the program: its exit code, and whether the terminal is
			// back in line mode with echo.
			shell := fmt.Sprintf(`env -i PATH=/usr/bin:/bin TERM=xterm-256color HOME=%s GOTRACEBACK=all sh -c 'echo $$ > %s; exec %s screen --lang en%s'; `+
				`echo EXIT=$?; stty -a | tr ' ;' '\n\n' | grep -E '^-?(icanon|echo)$' | tr '\n' ' '; echo; sleep 60`, dir, pidFile, bin, mode)
			if out, err := exec.Command("tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "s", "-x", "100", "-y", "40", shell).CombinedOutput(); err != nil {
				if testtool.Required() {
					t.Fatalf("tmux: %v: %s", err, out)
				}
				t.Skipf("tmux cannot start a session here: %v: %s", err, out)
			}
			defer tmux("kill-server")
			screen := func() string { return tmux("capture-pane", "-p", "-t", "s") }
			answer := func(k string) {
				if s.plain {
					tmux("send-keys", "-t", "s", k, "Enter")
				} else {
					tmux("send-keys", "-t", "s", k)
				}
			}
			if s.plain {
				waitFor(t, "the consent", func() bool { return strings.Contains(screen(), "Before we start") })
			} else {
				waitFor(t, "the consent screen", func() bool { return strings.Contains(screen(), "esc: quick exit") })
			}
			answer("1")
			waitFor(t, "question 1", func() bool { return strings.Contains(screen(), "Part 1 of 16") })
			answer("2")
			waitFor(t, "question 2", func() bool { return strings.Contains(screen(), "Part 2 of 16") })
			if !s.plain && tmux("display", "-p", "-t", "s", "#{alternate_on}") != "1\n" {
				t.Fatal("the session is not on the alternate screen")
			}
			if s.key != "" {
				tmux("send-keys", "-t", "s", s.key)
			} else {
				data, err := os.ReadFile(pidFile)
				if err != nil {
					t.Fatal(err)
				}
				var pid int
				fmt.Sscan(string(data), &pid)
				if err := syscall.Kill(pid, s.sig); err != nil {
					t.Fatal(err)
				}
			}
			waitFor(t, "the exit", func() bool { return strings.Contains(screen(), "EXIT=") })
			waitFor(t, "stty", func() bool { return strings.Contains(screen(), "icanon") })
			all := strings.TrimSpace(tmux("capture-pane", "-p", "-t", "s", "-S", "-", "-E", "-"))
			lines := strings.Split(all, "\n")
			if len(lines) != 2 || lines[0] != "EXIT=130" {
				t.Errorf("the screen and scrollback hold:\n%s\nexpected only EXIT=130 and the terminal modes", all)
			}
			if modes := strings.Fields(lines[len(lines)-1]); strings.Join(modes, " ") != "icanon echo" {
				t.Errorf("terminal modes after the signal: %v; expected icanon echo (line mode and echo restored)", modes)
			}
			if got := tmux("display", "-p", "-t", "s", "#{alternate_on} #{cursor_flag}"); got != "0 1\n" {
				t.Errorf("alternate screen, cursor shown = %q; expected \"0 1\"", got)
			}
			for _, w := range []string{"Part 1", "danger", "Before we start"} {
				if strings.Contains(all, w) {
					t.Errorf("the terminal still shows %q", w)
				}
			}
		})
	}
}
