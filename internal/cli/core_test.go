//go:build linux

package cli

import (
	"os"
	"os/exec"
	"syscall"
	"testing"
)

// TestNoCoreDumps checks, in a child process so that this one is left as it
// is, that the core size limit is zero and the process is not dumpable.
func TestNoCoreDumps(t *testing.T) {
	if os.Getenv("CONTINUUM_CORE_CHILD") == "1" {
		if err := noCoreDumps(); err != nil {
			t.Fatal(err)
		}
		var lim syscall.Rlimit
		if err := syscall.Getrlimit(syscall.RLIMIT_CORE, &lim); err != nil {
			t.Fatal(err)
		}
		if lim.Cur != 0 || lim.Max != 0 {
			t.Errorf("RLIMIT_CORE = %+v; expected 0, 0", lim)
		}
		const prGetDumpable = 3
		if d, _, e := syscall.RawSyscall(syscall.SYS_PRCTL, prGetDumpable, 0, 0); e != 0 || d != 0 {
			t.Errorf("PR_GET_DUMPABLE = %d (%v); expected 0", d, e)
		}
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestNoCoreDumps$", "-test.v")
	cmd.Env = append(os.Environ(), "CONTINUUM_CORE_CHILD=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
}
