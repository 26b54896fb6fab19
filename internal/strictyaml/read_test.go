package strictyaml

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"
)

func TestReadFile(t *testing.T) {
	fsys := fstest.MapFS{
		"ok.yaml":  {Data: []byte("a: 1\n")},
		"big.yaml": {Data: []byte(strings.Repeat("x", 100))},
		"dir":      {Mode: fs.ModeDir},
	}
	data, err := ReadFile(fsys, "ok.yaml", "shown/ok.yaml", 64, "a YAML file")
	if err != nil || string(data) != "a: 1\n" {
		t.Errorf("ok.yaml: %q, %v", data, err)
	}
	for name, want := range map[string]string{
		"big.yaml": "shown: file is 100 bytes; expected at most 64",
		"dir":      "shown: a folder; expected a YAML file",
	} {
		_, err := ReadFile(fsys, name, "shown", 64, "a YAML file")
		var e *Error
		if !errors.As(err, &e) || e.Error() != want {
			t.Errorf("%s: %v; want %s", name, err, want)
		}
	}
	if _, err := ReadFile(fsys, "missing.yaml", "shown", 64, "a YAML file"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}
}

// endless is a file system whose one file says it is small and regular but
// never ends, like a file that grows or is replaced after the check: the
// limit holds while reading.
type endless struct{}

func (endless) Open(string) (fs.File, error) { return endlessFile{}, nil }

type endlessFile struct{}

func (endlessFile) Stat() (fs.FileInfo, error) { return endlessInfo{}, nil }
func (endlessFile) Close() error               { return nil }
func (endlessFile) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

type endlessInfo struct{}

func (endlessInfo) Name() string       { return "grows.yaml" }
func (endlessInfo) Size() int64        { return 10 }
func (endlessInfo) Mode() fs.FileMode  { return 0o644 }
func (endlessInfo) ModTime() time.Time { return time.Time{} }
func (endlessInfo) IsDir() bool        { return false }
func (endlessInfo) Sys() any           { return nil }

func TestReadFileStopsWhileReading(t *testing.T) {
	_, err := ReadFile(endless{}, "grows.yaml", "grows.yaml", 1<<20, "a YAML file")
	if err == nil || err.Error() != "grows.yaml: file is more than 1048576 bytes; expected at most 1048576" {
		t.Errorf("error %v", err)
	}
}

func TestReadPathRefusesWhatIsNotAFile(t *testing.T) {
	dir := t.TempDir()
	ok := filepath.Join(dir, "ok.yaml")
	os.WriteFile(ok, []byte("a: 1\n"), 0o600)
	fifo := filepath.Join(dir, "pipe.yaml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no named pipes:", err)
	}
	zero := filepath.Join(dir, "zero.yaml")
	os.Symlink("/dev/zero", zero)
	if data, err := ReadPath(ok, 64, "a YAML file"); err != nil || string(data) != "a: 1\n" {
		t.Errorf("ok.yaml: %q, %v", data, err)
	}
	cases := map[string]string{
		dir:            "a folder; expected a YAML file",
		fifo:           "a named pipe, not a regular file; expected a YAML file",
		"/dev/zero":    "a device, not a regular file; expected a YAML file",
		"/dev/urandom": "a device, not a regular file; expected a YAML file",
		zero:           "a device, not a regular file; expected a YAML file",
	}
	for name, want := range cases {
		if _, err := os.Stat(name); err != nil {
			continue
		}
		done := make(chan error, 1)
		go func() {
			_, err := ReadPath(name, 1<<20, "a YAML file")
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil || err.Error() != name+": "+want {
				t.Errorf("%s: %v; want %s", name, err, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: still reading after 10 s", name)
		}
	}
}
