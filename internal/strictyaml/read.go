package strictyaml

import (
	"fmt"
	"io"
	"io/fs"
	"os"
)

// ReadFile reads name from fsys for parsing, the one way the tool reads a
// file it was given: definitions, catalogues, referral rules and
// directories, mapping files, scenarios. It refuses anything that is not a
// regular file (a folder, a named pipe, a device such as /dev/zero, a socket,
// or a link to one of them) before opening it, so that reading can neither
// hang nor run without end, and it stops at max bytes while reading, so that
// a file that grows or is swapped after the check is bounded all the same.
// display is the name used in messages; expect says what the file should be
// ("a YAML file"). Its problems are *Error values naming display.
func ReadFile(fsys fs.FS, name, display string, max int64, expect string) ([]byte, error) {
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if e := regular(info, display, expect); e != nil {
		return nil, e
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readOpened(f, display, max, expect)
}

// ReadPath is ReadFile for a name on disk, as given on the command line or
// in the environment.
func ReadPath(name string, max int64, expect string) ([]byte, error) {
	info, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if e := regular(info, name, expect); e != nil {
		return nil, e
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readOpened(f, name, max, expect)
}

func readOpened(f fs.File, display string, max int64, expect string) ([]byte, error) {
	// The file may have been replaced between the check and the opening.
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if e := regular(info, display, expect); e != nil {
		return nil, e
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		size := info.Size()
		if size <= max {
			// It grew while being read; its size is not known.
			return nil, &Error{File: display, Msg: fmt.Sprintf("file is more than %d bytes; expected at most %d", max, max)}
		}
		return nil, &Error{File: display, Msg: fmt.Sprintf("file is %d bytes; expected at most %d", size, max)}
	}
	return data, nil
}

// regular returns a problem when info is not a regular file.
func regular(info fs.FileInfo, display, expect string) *Error {
	m := info.Mode()
	if m.IsRegular() {
		return nil
	}
	what := "not a regular file"
	switch {
	case m.IsDir():
		what = "a folder"
	case m&fs.ModeNamedPipe != 0:
		what = "a named pipe, not a regular file"
	case m&fs.ModeCharDevice != 0, m&fs.ModeDevice != 0:
		what = "a device, not a regular file"
	case m&fs.ModeSocket != 0:
		what = "a socket, not a regular file"
	}
	return &Error{File: display, Msg: what + "; expected " + expect}
}
