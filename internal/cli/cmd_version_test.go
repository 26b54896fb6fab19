package cli

import (
	"encoding/json"
	"runtime"
	"strings"
	"testing"
)

// version names the Go toolchain and the platform the binary was built
// for, in text and in JSON.
func TestVersionShowsGoAndPlatform(t *testing.T) {
	out, _, code := runCLI(t, strings.NewReader(""), "version")
	if want := "\nbuilt with " + runtime.Version() + " for " + runtime.GOOS + "/" + runtime.GOARCH + "\n"; code != ExitOK || !strings.Contains(out, want) {
		t.Errorf("version (exit %d):\n%s\nwant a line %q", code, out, strings.TrimSpace(want))
	}
	out, _, code = runCLI(t, strings.NewReader(""), "version", "--json")
	var v map[string]any
	if err := json.Unmarshal([]byte(out), &v); err != nil || code != ExitOK {
		t.Fatalf("version --json (exit %d): %v\n%s", code, err, out)
	}
	for k, want := range map[string]string{"go": runtime.Version(), "os": runtime.GOOS, "arch": runtime.GOARCH} {
		if v[k] != want {
			t.Errorf("version --json: %s = %v, want %q", k, v[k], want)
		}
	}
}
