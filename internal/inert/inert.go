// Package inert makes text from files safe to show: on a terminal, in a
// table, in JSON. Text from a definition, a directory of services, a mapping
// or an answer file may carry escape sequences that move the cursor, clear or
// retitle the screen, hide text or fake a result, and bidirectional overrides
// that make text read differently from what it is. Every such character is
// shown as a visible escape instead (\x1b, \u202e), so what a file says can
// still be seen and reported, and nothing in it acts.
package inert

import (
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Unsafe reports whether r must not reach a terminal as it is: C0 controls,
// DEL, C1 controls (U+0080–U+009F, among them the one-character CSI), the
// line and paragraph separators, the bidirectional embeddings, overrides and
// isolates, and the byte-order mark.
func Unsafe(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
		return true
	case r == 0x2028, r == 0x2029, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0xfeff:
		return true
	}
	return false
}

// Safe reports whether s can be shown as it is: valid UTF-8 without an unsafe
// character.
func Safe(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n == 1) || Unsafe(r) {
			return false
		}
		i += n
	}
	return true
}

type mode int

const (
	escapeAll  mode = iota // every unsafe character escaped
	spaceBreak             // line breaks and tabs become spaces
	keepBreak              // line breaks and tabs kept
)

func clean(s string, m mode) string {
	if Safe(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			// A byte that is not UTF-8: 0x9b alone is a CSI on an 8-bit
			// terminal.
			writeHex(&b, s[i])
		case (r == '\n' || r == '\t') && m == keepBreak:
			b.WriteRune(r)
		case (r == '\n' || r == '\r' || r == '\t') && m == spaceBreak:
			b.WriteByte(' ')
		case r < 0x100 && Unsafe(r):
			writeHex(&b, byte(r))
		case Unsafe(r):
			b.WriteString(`\u`)
			h := strconv.FormatInt(int64(r), 16)
			b.WriteString(strings.Repeat("0", 4-len(h)))
			b.WriteString(h)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func writeHex(b *strings.Builder, c byte) {
	const hex = "0123456789abcdef"
	b.WriteString(`\x`)
	b.WriteByte(hex[c>>4])
	b.WriteByte(hex[c&0xf])
}

// String returns s with every unsafe character, line breaks included, shown
// as a visible escape: for ids, table cells and anything on one line.
func String(s string) string { return clean(s, escapeAll) }

// Line returns s on one line: line breaks and tabs become spaces, other
// unsafe characters visible escapes. For values a file may fold over
// several lines, such as a service's notes.
func Line(s string) string { return clean(s, spaceBreak) }

// Text returns s with its line breaks and tabs kept and every other unsafe
// character shown as a visible escape: for messages and texts of several
// lines.
func Text(s string) string { return clean(s, keepBreak) }

// Lines applies Text to each line.
func Lines(ls []string) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = Text(l)
	}
	return out
}

// JSON rewrites, in the output of encoding/json, the unsafe characters it
// leaves as they are (DEL, the C1 controls, the bidirectional controls, the
// byte-order mark) as \u escapes, so that printing the JSON on a terminal is
// safe too. encoding/json already escapes C0 controls and the line
// separators, and outside strings JSON has only ASCII, so every such
// character stands inside a string, where the escape means the same.
func JSON(b []byte) []byte {
	needs := false
	for i := 0; i < len(b); i++ {
		if c := b[i]; c == 0x7f || c == 0xc2 || c == 0xe2 || c == 0xef {
			needs = true
			break
		}
	}
	if !needs {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			// encoding/json never writes invalid UTF-8; keep the byte.
			out = append(out, b[i])
			i++
			continue
		}
		if Unsafe(r) && r >= 0x20 {
			h := strconv.FormatInt(int64(r), 16)
			out = append(out, `\u`...)
			out = append(out, strings.Repeat("0", 4-len(h))...)
			out = append(out, h...)
		} else {
			out = append(out, b[i:i+n]...)
		}
		i += n
	}
	return out
}

// Writer makes everything written through it inert, keeping line breaks and
// tabs: the last line of defence for a command's standard output, whatever
// code path a text from a file took. Unsafe characters become \u escapes
// (which is also what they mean inside a JSON string) and bytes that are not
// UTF-8 become \x escapes. A character split between two writes is held
// until the next; Flush writes what is held at the end.
type Writer struct {
	w    io.Writer
	pend []byte
	buf  []byte
	err  error // the first write error, returned again by Flush
	// written: something was written (a byte-order mark only starts the
	// output).
	written bool
}

// BOM writes a UTF-8 byte-order mark as it is, where Write would escape
// it: the start of a CSV file for spreadsheets, asked for explicitly. It is
// refused anywhere but at the very start of the output, where it cannot
// hide or reorder text.
func (x *Writer) BOM() error {
	if x.written {
		return errors.New("a byte-order mark can only start the output")
	}
	x.written = true
	_, err := x.w.Write([]byte("\ufeff"))
	if err != nil && x.err == nil {
		x.err = err
	}
	return err
}

// NewWriter returns a Writer writing to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write implements io.Writer.
func (x *Writer) Write(p []byte) (n int, err error) {
	defer func() {
		if err != nil && x.err == nil {
			x.err = err
		}
	}()
	if len(p) > 0 {
		x.written = true
	}
	data := p
	if len(x.pend) > 0 {
		data = append(x.pend, p...)
		x.pend = nil
	}
	if x.clean(data) {
		if _, err := x.w.Write(data); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	out := x.buf[:0]
	start := 0
	for i := 0; i < len(data); {
		c := data[i]
		if (c >= 0x20 && c < 0x7f) || c == '\n' || c == '\t' {
			i++
			continue
		}
		r, n := rune(c), 1
		if c >= 0x80 {
			r, n = utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n == 1 && !utf8.FullRune(data[i:]) {
				// The rest of the character comes with the next write.
				out = append(out, data[start:i]...)
				x.pend = append([]byte(nil), data[i:]...)
				start = len(data)
				break
			}
		}
		switch {
		case r == utf8.RuneError && n == 1:
			out = append(out, data[start:i]...)
			out = append(out, '\\', 'x', hexDigits[c>>4], hexDigits[c&0xf])
		case Unsafe(r):
			out = append(out, data[start:i]...)
			out = appendU(out, r)
		default:
			i += n
			continue
		}
		i += n
		start = i
	}
	if start == 0 && len(x.pend) == 0 && len(out) == 0 {
		// Nothing to change: write through.
		if _, err := x.w.Write(data); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	if start < len(data) {
		out = append(out, data[start:]...)
	}
	x.buf = out[:0]
	if len(out) > 0 {
		if _, err := x.w.Write(out); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// attention marks the bytes a clean text may not hold as they are (C0
// controls but line breaks and tabs, DEL) and the first bytes of the UTF-8
// sequences that may be unsafe: U+0080–U+00BF (0xc2), U+2000–U+2FFF (0xe2),
// U+F000–U+FFFF (0xef).
var attention = func() (t [256]bool) {
	for c := 0; c < 0x20; c++ {
		t[c] = c != '\n' && c != '\t'
	}
	t[0x7f], t[0xc2], t[0xe2], t[0xef] = true, true, true, true
	return t
}()

// Inert returns a writer for text that is inert already, such as JSON whose
// every string was escaped as this Writer would escape it: bytes written to
// it go straight to the underlying writer, after anything held back, without
// the scan that Write makes. Only code that has built every byte it writes
// that way, and tests that Write leaves its output unchanged, may use it.
func (x *Writer) Inert() io.Writer { return inertWriter{x} }

type inertWriter struct{ x *Writer }

func (w inertWriter) Write(p []byte) (int, error) {
	x := w.x
	if len(x.pend) > 0 {
		return x.Write(p)
	}
	if len(p) > 0 {
		x.written = true
	}
	n, err := x.w.Write(p)
	if err != nil && x.err == nil {
		x.err = err
	}
	return n, err
}

// clean reports, quickly, whether data is valid UTF-8 without an unsafe
// character, so that it can be written as it is.
func (x *Writer) clean(data []byte) bool {
	if !utf8.Valid(data) {
		return false
	}
	for i := 0; i < len(data); i++ {
		if !attention[data[i]] {
			continue
		}
		if data[i] < 0x80 {
			return false
		}
		r, n := utf8.DecodeRune(data[i:])
		if Unsafe(r) {
			return false
		}
		i += n - 1
	}
	return true
}

// Flush writes a character left incomplete by the last write, as \x escapes,
// and returns the first error of any write through x: a command that did
// not look at each write's error still fails.
func (x *Writer) Flush() error {
	if len(x.pend) == 0 {
		return x.err
	}
	var out []byte
	for _, c := range x.pend {
		out = append(out, '\\', 'x', hexDigits[c>>4], hexDigits[c&0xf])
	}
	x.pend = nil
	if _, err := x.w.Write(out); err != nil && x.err == nil {
		x.err = err
	}
	return x.err
}

const hexDigits = "0123456789abcdef"

func appendU(b []byte, r rune) []byte {
	return append(b, '\\', 'u', hexDigits[r>>12&0xf], hexDigits[r>>8&0xf], hexDigits[r>>4&0xf], hexDigits[r&0xf])
}
