package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/continuum-screening/continuum/internal/testdefs"
	"github.com/continuum-screening/continuum/internal/testtool"
)

// The no-trace test runs the real binary under strace and reads every system
// call that touches a file, a descriptor or the network. A session, a batch
// run and a handout must not create, write, rename, remove or link any file
// (the terminal, /dev/null and the inherited stdout and stderr aside), must
// not open a socket and must not start another program. CI installs strace
// (Debian/Ubuntu package: strace) and tmux, and sets CONTINUUM_REQUIRE_TOOLS=1
// so that a missing strace fails instead of skipping.

// traceSet is what strace records: every call on files, descriptors and the
// network, and the calls that switch core dumps off.
const traceSet = "trace=%file,%network,%desc,prlimit64,setrlimit,prctl"

var (
	// pid, then the call and its arguments; or a resumed call, which adds
	// only results.
	callRE     = regexp.MustCompile(`^(?:\[pid\s+)?(\d+)\]?\s+([a-z_0-9]+)\((.*)$`)
	writeFlags = regexp.MustCompile(`\bO_(?:WRONLY|RDWR|CREAT|TRUNC|APPEND|TMPFILE)\b`)
	firstPath  = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"`)
	// The terminal and /dev/null may be opened for writing.
	allowedPath = regexp.MustCompile(`^/dev/(?:null|tty|pts/\d+)$`)
)

// forbidden lists what a call may never do, by name.
var forbidden = map[string]string{
	"creat":  "creates a file",
	"rename": "renames a file", "renameat": "renames a file", "renameat2": "renames a file",
	"unlink": "removes a file", "unlinkat": "removes a file", "rmdir": "removes a directory",
	"mkdir": "creates a directory", "mkdirat": "creates a directory",
	"link": "links a file", "linkat": "links a file", "symlink": "links a file", "symlinkat": "links a file",
	"mknod": "creates a file", "mknodat": "creates a file",
	"truncate": "truncates a file", "ftruncate": "truncates a file",
	"chmod": "changes a file", "fchmod": "changes a file", "fchmodat": "changes a file", "fchmodat2": "changes a file",
	"chown": "changes a file", "fchown": "changes a file", "lchown": "changes a file", "fchownat": "changes a file",
	"utime": "changes a file", "utimes": "changes a file", "utimensat": "changes a file", "futimesat": "changes a file",
	"setxattr": "changes a file", "lsetxattr": "changes a file", "fsetxattr": "changes a file",
	"removexattr": "changes a file", "lremovexattr": "changes a file", "fremovexattr": "changes a file",
	"socket": "opens a socket", "socketpair": "opens a socket", "connect": "connects to the network",
	"bind": "opens a socket", "listen": "opens a socket", "accept": "opens a socket", "accept4": "opens a socket",
	"sendto": "sends on a socket", "sendmsg": "sends on a socket", "sendmmsg": "sends on a socket",
	"execveat": "starts another program",
}

// traceViolations reads an strace -f log and returns one line per forbidden
// call. The first execve starts the program under test; any other starts
// another program, which is forbidden too.
func traceViolations(log string) []string {
	var bad []string
	execs := 0
	for _, line := range strings.Split(log, "\n") {
		line = strings.TrimSpace(line)
		m := callRE.FindStringSubmatch(line)
		if m == nil {
			continue // signals, exits, resumed calls
		}
		name, args := m[2], m[3]
		switch name {
		case "open", "openat", "openat2", "open_by_handle_at":
			if !writeFlags.MatchString(args) {
				continue
			}
			p := firstPath.FindStringSubmatch(args)
			if p != nil && allowedPath.MatchString(p[1]) {
				continue
			}
			bad = append(bad, "opens a file for writing: "+line)
		case "execve":
			execs++
			if execs > 1 {
				bad = append(bad, "starts another program: "+line)
			}
		default:
			if why, ok := forbidden[name]; ok {
				bad = append(bad, why+": "+line)
			}
		}
	}
	return bad
}

// coreDumpsOff reports whether the log shows the core size limit set to zero.
func coreDumpsOff(log string) bool {
	return regexp.MustCompile(`(?:prlimit64\(0, RLIMIT_CORE, \{rlim_cur=0, rlim_max=0\}|setrlimit\(RLIMIT_CORE, \{rlim_cur=0, rlim_max=0\})`).MatchString(log) &&
		strings.Contains(log, "prctl(PR_SET_DUMPABLE, SUID_DUMP_DISABLE")
}

func TestTraceViolations(t *testing.T) {
	// Lines as strace -f prints them: allowed calls first, then a write to
	// a file, a socket and the rest of what the test must catch.
	log := `12345 execve("/tmp/x/continuum", ["continuum", "screen"], 0x7ffd /* 3 vars */) = 0
12345 openat(AT_FDCWD, "/sys/kernel/mm/transparent_hugepage/hpage_pmd_size", O_RDONLY) = 3
12345 read(3, "2097152\n", 20)          = 8
12345 close(3)                          = 0
12346 openat(AT_FDCWD, "/dev/null", O_WRONLY|O_CLOEXEC <unfinished ...>
12345 openat(AT_FDCWD, "/dev/tty", O_RDWR|O_CLOEXEC) = 4
12345 openat(AT_FDCWD, "/dev/pts/3", O_RDWR|O_NOCTTY) = 5
12346 <... openat resumed>)             = 6
12345 write(1, "{\"id\":\"r1\"}\n", 12) = 12
--- SIGURG {si_signo=SIGURG, si_code=SI_TKILL, si_pid=12345, si_uid=0} ---
12345 openat(AT_FDCWD, "/home/u/.continuum_history", O_WRONLY|O_CREAT|O_APPEND|O_CLOEXEC, 0600) = 7
12345 openat(AT_FDCWD, "/tmp/answers.tmp", O_RDWR|O_CREAT|O_EXCL, 0600) = -1 EACCES (Permission denied)
[pid 12347] open("/var/tmp/x", O_TRUNC) = 8
12345 openat2(AT_FDCWD, "/tmp/y", {flags=O_WRONLY|O_CLOEXEC, mode=0, resolve=0}, 24) = 9
12345 creat("/tmp/z", 0644)             = 10
12345 socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, IPPROTO_IP) = 11
12345 connect(11, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("192.0.2.1")}, 16) = -1 EINPROGRESS
12345 renameat2(AT_FDCWD, "/tmp/a", AT_FDCWD, "/tmp/b", RENAME_NOREPLACE) = 0
12345 unlinkat(AT_FDCWD, "/tmp/a", 0)  = 0
12345 mkdirat(AT_FDCWD, "/tmp/d", 0700) = 0
12345 linkat(AT_FDCWD, "/tmp/a", AT_FDCWD, "/tmp/c", 0) = 0
12345 execve("/bin/sh", ["sh"], 0x7ffd /* 3 vars */) = 0
12345 +++ exited with 0 +++
`
	got := traceViolations(log)
	want := []string{
		"opens a file for writing: 12345 openat(AT_FDCWD, \"/home/u/.continuum_history\"",
		"opens a file for writing: 12345 openat(AT_FDCWD, \"/tmp/answers.tmp\"",
		"opens a file for writing: [pid 12347] open(\"/var/tmp/x\"",
		"opens a file for writing: 12345 openat2(",
		"creates a file: 12345 creat(",
		"opens a socket: 12345 socket(AF_INET",
		"connects to the network: 12345 connect(",
		"renames a file: 12345 renameat2(",
		"removes a file: 12345 unlinkat(",
		"creates a directory: 12345 mkdirat(",
		"links a file: 12345 linkat(",
		"starts another program: 12345 execve(\"/bin/sh\"",
	}
	if len(got) != len(want) {
		t.Fatalf("%d violations; expected %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("violation %d:\n got %s\nwant %s…", i, got[i], want[i])
		}
	}
	clean := "1 execve(\"/x\", [], 0x0) = 0\n1 openat(AT_FDCWD, \"/etc/x\", O_RDONLY|O_CLOEXEC) = 3\n"
	if v := traceViolations(clean); len(v) != 0 {
		t.Errorf("a clean trace has violations: %v", v)
	}
	if coreDumpsOff(clean) {
		t.Error("core dumps reported off in a trace without the calls")
	}
	on := "1 prlimit64(0, RLIMIT_CORE, {rlim_cur=0, rlim_max=0}, NULL) = 0\n1 prctl(PR_SET_DUMPABLE, SUID_DUMP_DISABLE) = 0\n"
	if !coreDumpsOff(on) {
		t.Error("core dumps not reported off")
	}
}

// tracer runs the binary under strace, in a working directory, home and
// temporary directory of its own, which must stay empty.
type tracer struct {
	t       *testing.T
	bin     string
	traces  string // outside the directories the program sees
	work    string
	env     []string
	scratch []string
}

func newTracer(t *testing.T) *tracer {
	t.Helper()
	testtool.Need(t, "strace", "strace")
	if out, err := exec.Command("strace", "-f", "-o", "/dev/null", "true").CombinedOutput(); err != nil {
		if testtool.Required() {
			t.Fatalf("strace cannot trace here (ptrace denied? a container needs CAP_SYS_PTRACE): %v: %s", err, out)
		}
		t.Skipf("strace cannot trace here (ptrace denied? a container needs CAP_SYS_PTRACE): %v: %s", err, out)
	}
	tr := &tracer{t: t, traces: t.TempDir()}
	tr.bin = filepath.Join(t.TempDir(), "continuum")
	// The README's own build: plain go build, with cgo where a C compiler
	// is, so that a user lookup would go through the C library (and nscd).
	build := exec.Command("go", "build", "-o", tr.bin, ".")
	if _, err := exec.LookPath("gcc"); err == nil {
		build.Env = append(os.Environ(), "CGO_ENABLED=1")
	}
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	tr.work = t.TempDir()
	home, tmp := t.TempDir(), t.TempDir()
	tr.scratch = []string{tr.work, home, tmp}
	tr.env = []string{"PATH=/usr/bin:/bin", "HOME=" + home, "TMPDIR=" + tmp, "XDG_CONFIG_HOME=" + home + "/.config",
		"XDG_CACHE_HOME=" + home + "/.cache", "XDG_STATE_HOME=" + home + "/.local/state", "NO_COLOR=1"}
	return tr
}

// command returns strace running the binary with args, its log in a new file.
func (tr *tracer) command(name string, args ...string) (*exec.Cmd, string) {
	log := filepath.Join(tr.traces, name+".trace")
	full := append([]string{"-f", "-qq", "-s", "256", "-e", traceSet, "-o", log, "--", tr.bin}, args...)
	cmd := exec.Command("strace", full...)
	cmd.Dir = tr.work
	cmd.Env = tr.env
	return cmd, log
}

// check reads a log and fails on every forbidden call and on anything left
// in the program's directories.
func (tr *tracer) check(name, log string, wantCoreOff bool) {
	t := tr.t
	t.Helper()
	data, err := os.ReadFile(log)
	if err != nil {
		t.Fatalf("%s: no trace: %v", name, err)
	}
	s := string(data)
	if !strings.Contains(s, "execve(\""+tr.bin) {
		t.Fatalf("%s: the trace does not show the program starting:\n%.2000s", name, s)
	}
	violations := traceViolations(s)
	for _, v := range violations {
		t.Errorf("%s: %s", name, v)
	}
	if wantCoreOff && !coreDumpsOff(s) {
		t.Errorf("%s: core dumps were not switched off (no prlimit64/setrlimit RLIMIT_CORE 0 and prctl PR_SET_DUMPABLE 0 in the trace)", name)
	}
	for _, d := range tr.scratch {
		entries, _ := os.ReadDir(d)
		for _, e := range entries {
			t.Errorf("%s: left %s in %s", name, e.Name(), d)
		}
	}
	if len(violations) == 0 {
		t.Logf("%s: %d traced calls, none forbidden", name, strings.Count(s, "\n"))
	}
}

// run runs the binary with stdin and returns its stdout, stderr and exit code.
func (tr *tracer) run(name, stdin string, args ...string) (string, string, int) {
	cmd, log := tr.command(name, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	code := 0
	if err := cmd.Run(); err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			tr.t.Fatalf("%s: %v", name, err)
		}
		code = ee.ExitCode()
	}
	tr.check(name, log, strings.HasPrefix(name, "screen") || strings.HasPrefix(name, "train"))
	return out.String(), errOut.String(), code
}

func TestNoTrace(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs it under strace")
	}
	tr := newTracer(t)
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}

	t.Run("plain session", func(t *testing.T) {
		tr.t = t
		// Consent, sixteen times no, the result from the review (option 0).
		in := "1\n" + strings.Repeat("2\n", 16) + "0\n"
		out, errOut, code := tr.run("screen-plain", in, "screen", "--lang", "en")
		if code != 0 || !strings.Contains(out, "Decent work") {
			t.Fatalf("exit %d; stdout:\n%s\nstderr:\n%s", code, out, errOut)
		}
	})

	t.Run("plain session stopped", func(t *testing.T) {
		tr.t = t
		out, errOut, code := tr.run("screen-stopped", "1\n1\nq\n", "screen", "--lang", "en")
		if code != 130 {
			t.Fatalf("exit %d; stdout:\n%s\nstderr:\n%s", code, out, errOut)
		}
	})

	t.Run("full-screen session", func(t *testing.T) {
		tr.t = t
		tr.fullScreen()
	})

	t.Run("score", func(t *testing.T) {
		tr.t = t
		// The answer files are read where they are; nothing is written next
		// to them.
		in := t.TempDir()
		jsonl := filepath.Join(in, "answers.jsonl")
		rec := `{"id":"r%d","form":"continuum-core","version":"` + testdefs.Version() + `","answers":{"danger":"no","under-18":"no","arranged-by-other":"yes"}}` + "\n"
		var b strings.Builder
		for i := 0; i < 50; i++ {
			fmt.Fprintf(&b, rec, i)
		}
		b.WriteString(`{"id":"bad","form":"continuum-core","version":"` + testdefs.Version() + `","answers":{"danger":"maybe"}}` + "\n")
		if err := os.WriteFile(jsonl, []byte(b.String()), 0o444); err != nil {
			t.Fatal(err)
		}
		out, errOut, code := tr.run("score-jsonl", "", "score", jsonl)
		if code != 3 || strings.Count(out, "\n") != 50 {
			t.Fatalf("exit %d, %d lines; stderr:\n%s", code, strings.Count(out, "\n"), errOut)
		}
		for _, f := range []string{"--format=table", "--format=csv", "--summary"} {
			if _, errOut, code := tr.run("score"+f, "", "score", f, jsonl); code != 3 {
				t.Fatalf("score %s: exit %d; stderr:\n%s", f, code, errOut)
			}
		}
		if _, errOut, code := tr.run("score-stdin", b.String(), "score"); code != 3 {
			t.Fatalf("score from stdin: exit %d; stderr:\n%s", code, errOut)
		}
		kobo := filepath.Join(repo, "testdata/batch/kobo")
		if _, errOut, code := tr.run("score-kobo", "", "score", "--map", filepath.Join(kobo, "map.yaml"),
			"--drop-identifying", "--summary", "--by", "sector", filepath.Join(kobo, "export.csv")); code != 0 && code != 3 {
			t.Fatalf("score --map: exit %d; stderr:\n%s", code, errOut)
		}
	})

	t.Run("training session", func(t *testing.T) {
		tr.t = t
		// The case page, the model answers of car-wash-long-days, the review,
		// the placement at level 2 (as in testdata/script/train_match.txtar).
		in := "\n" + "2\n2\n2\n2\n2\n2\n1\n2\n2\n1\n2\n2\n2\n2\n2\n2\n2\n2\n" + "0\n2\n"
		out, errOut, code := tr.run("train-plain", in, "train", "car-wash-long-days", "--lang", "en")
		if code != 0 || !strings.Contains(out, "Your level is the model level.") {
			t.Fatalf("exit %d; stdout:\n%s\nstderr:\n%s", code, out, errOut)
		}
	})

	t.Run("handout", func(t *testing.T) {
		tr.t = t
		for _, kind := range []string{"questionnaire", "indicators", "scenarios"} {
			out, errOut, code := tr.run("handout-"+kind, "", "handout", "--kind", kind)
			if code != 0 || len(out) == 0 {
				t.Fatalf("handout --kind %s: exit %d; stderr:\n%s", kind, code, errOut)
			}
		}
	})

	t.Run("other commands", func(t *testing.T) {
		tr.t = t
		dir := filepath.Join(repo, "testdata/directory-example.yaml")
		for i, args := range [][]string{
			{"questions"}, {"questions", "--json"}, {"indicators"}, {"validate"}, {"languages"}, {"version"},
			{"referrals", "--directory", dir}, {"referrals", "validate", dir}, {"--help"},
		} {
			if _, errOut, code := tr.run(fmt.Sprintf("cmd%d-%s", i, args[0]), "", args...); code != 0 {
				t.Fatalf("%v: exit %d; stderr:\n%s", args, code, errOut)
			}
		}
	})
}

// fullScreen drives a whole full-screen session in tmux: consent, sixteen
// answers, the review, the result, finish.
func (tr *tracer) fullScreen() {
	t := tr.t
	testtool.Need(t, "tmux", "tmux")
	cmd, log := tr.command("screen-tui", "screen", "--lang", "en")
	socket := fmt.Sprintf("continuum-notrace-%d-%d", os.Getpid(), time.Now().UnixNano())
	tmux := func(args ...string) (string, error) {
		out, err := exec.Command("tmux", append([]string{"-L", socket, "-f", "/dev/null"}, args...)...).CombinedOutput()
		return string(out), err
	}
	quoted := make([]string, len(cmd.Args))
	for i, a := range cmd.Args {
		quoted[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	// As a user inside tmux runs it: TMUX (the server's socket) set, TERM
	// from tmux, colours on. A colour library probing the terminal would
	// run "tmux info" and connect to that socket.
	var env []string
	for _, e := range tr.env {
		if e != "NO_COLOR=1" {
			env = append(env, e)
		}
	}
	shell := fmt.Sprintf(`cd '%s' && test -n "$TMUX" || echo NOTMUX; env -i %s TMUX="$TMUX" TERM=tmux-256color COLORTERM=truecolor %s; echo EXIT=$?; sleep 60`,
		tr.work, strings.Join(env, " "), strings.Join(quoted, " "))
	if out, err := tmux("new-session", "-d", "-s", "s", "-x", "100", "-y", "40", shell); err != nil {
		if testtool.Required() {
			t.Fatalf("tmux cannot start a session here: %v: %s", err, out)
		}
		t.Skipf("tmux cannot start a session here: %v: %s", err, out)
	}
	defer tmux("kill-server")
	wait := func(want string) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) {
			out, _ := tmux("capture-pane", "-p", "-t", "s")
			if strings.Contains(out, want) {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
		out, _ := tmux("capture-pane", "-p", "-t", "s")
		t.Fatalf("the screen never showed %q; it shows:\n%s", want, out)
	}
	send := func(key string) {
		t.Helper()
		if out, err := tmux("send-keys", "-t", "s", key); err != nil {
			t.Fatalf("send-keys %s: %v: %s", key, err, out)
		}
	}
	wait("Before we start")
	wait("esc: quick exit")
	send("1")
	for i := 1; i <= 16; i++ {
		wait(fmt.Sprintf("Part %d of 16", i))
		send("2")
	}
	wait("Your answers")
	send("0")
	wait("Decent work")
	send("q")
	wait("EXIT=0")
	if out, _ := tmux("capture-pane", "-p", "-t", "s", "-S", "-", "-E", "-"); strings.Contains(out, "NOTMUX") {
		t.Fatal("TMUX was not set in the session")
	}
	tr.check("screen-tui", log, true)
	// No user lookup: neither the C library's (nscd) nor Go's own.
	data, _ := os.ReadFile(log)
	for _, w := range []string{"nscd", "/etc/passwd"} {
		if strings.Contains(string(data), w) {
			t.Errorf("screen-tui: the trace mentions %s (a user lookup)", w)
		}
	}
}
