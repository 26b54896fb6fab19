package batch

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// arrayReader streams the elements of a JSON array. Line numbers are counted
// as the decoder consumes the input, so an error names the line its record
// starts on without keeping the file in memory.
type arrayReader struct {
	name  string
	lc    *lineCounter
	dec   *json.Decoder
	state int // 0: before '[', 1: in the array, 2: done
	fast  *fastDecoder
}

func newArrayReader(name string, r *bufio.Reader) *arrayReader {
	lc := &lineCounter{r: r, line: 1}
	return &arrayReader{name: name, lc: lc, dec: json.NewDecoder(lc)}
}

func (a *arrayReader) Next() (*Record, error) {
	switch a.state {
	case 2:
		return nil, io.EOF
	case 0:
		if _, err := a.dec.Token(); err != nil { // '['
			a.state = 2
			return nil, &RecordError{File: a.name, Line: 1, Msg: jsonMessage(err)}
		}
		a.state = 1
	}
	if !a.dec.More() {
		a.state = 2
		if _, err := a.dec.Token(); err != nil { // ']'
			return nil, &RecordError{File: a.name, Line: a.lc.lineAt(a.dec.InputOffset()), Msg: jsonMessage(err)}
		}
		// Nothing may follow the array: a second array or stray text would
		// otherwise be ignored without a word.
		end := a.dec.InputOffset()
		if _, err := a.dec.Token(); !errors.Is(err, io.EOF) {
			return nil, &RecordError{File: a.name, Line: a.lc.lineAt(end), Msg: "text after the closing ] of the array; expected the end of the file"}
		}
		return nil, io.EOF
	}
	var raw json.RawMessage
	start := a.dec.InputOffset()
	if err := a.dec.Decode(&raw); err != nil {
		// The array cannot be followed past a syntax error.
		a.state = 2
		var se *json.SyntaxError
		if errors.As(err, &se) {
			// The decoder's offset counts from the start of the stream.
			return nil, &RecordError{File: a.name, Line: a.lc.lineAt(se.Offset - 1), Msg: "not valid JSON; expected an array of record objects; reading stopped here"}
		}
		line := a.lc.lineAt(start)
		return nil, &RecordError{File: a.name, Line: line, Msg: jsonMessage(err) + "; reading stopped here"}
	}
	// The value ends at the decoder's offset, so it starts len(raw) before.
	line := a.lc.lineAt(a.dec.InputOffset() - int64(len(raw)))
	if len(raw) > MaxLine {
		return nil, &RecordError{File: a.name, Line: line, Msg: fmt.Sprintf("record longer than %d bytes", MaxLine)}
	}
	return decodeRecord(a.fast, a.name, line, raw)
}

// lineCounter counts newlines in what it has handed out, keeping only the
// offsets of newlines the decoder has not yet passed.
type lineCounter struct {
	r    io.Reader
	off  int64   // bytes handed out so far
	line int     // line of the first offset not yet passed
	nl   []int64 // offsets of newlines still ahead of the decoder
}

func (c *lineCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i := 0; i < n; i++ {
		if p[i] == '\n' {
			c.nl = append(c.nl, c.off+int64(i))
		}
	}
	c.off += int64(n)
	return n, err
}

// lineAt returns the 1-based line of offset off; offsets must not go
// backwards between calls.
func (c *lineCounter) lineAt(off int64) int {
	i := 0
	for i < len(c.nl) && c.nl[i] < off {
		i++
	}
	c.line += i
	c.nl = c.nl[i:]
	return c.line
}
