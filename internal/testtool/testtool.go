// Package testtool finds the external programs some tests drive (a browser,
// strace, tmux). On a developer's machine a missing program skips the test;
// where CONTINUUM_REQUIRE_TOOLS=1 (set by .ci/run once it has installed
// them) it fails the test, so that CI cannot pass by skipping.
package testtool

import (
	"os"
	"os/exec"
	"testing"
)

// Required reports whether missing tools fail tests instead of skipping them.
func Required() bool { return os.Getenv("CONTINUUM_REQUIRE_TOOLS") == "1" }

// Need returns the path of the first of names found on PATH. When none is,
// it skips the test, or fails it when tools are required; pkg names the
// Debian package that provides the program.
func Need(t testing.TB, pkg string, names ...string) string {
	t.Helper()
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	if Required() {
		t.Fatalf("%v not found, and CONTINUUM_REQUIRE_TOOLS=1 (install the Debian package %s)", names, pkg)
	}
	t.Skipf("%v not found (Debian package %s); skipping", names, pkg)
	return ""
}
