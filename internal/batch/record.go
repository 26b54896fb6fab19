// Package batch reads answer records from files and streams, one at a time,
// so that memory does not grow with the input.
package batch

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/continuum-screening/continuum/internal/strictyaml"
)

// MaxLine bounds one record. A longer line is rejected without being held in
// memory whole.
const MaxLine = 1 << 20

// Record is one set of answers to score.
type Record struct {
	ID      string    `json:"id"`
	Form    string    `json:"form"`
	Version string    `json:"version"`
	Answers AnswerMap `json:"answers"`
	// Groups holds the record's coarse grouping values (sector, language,
	// period), for summaries broken down with --by.
	Groups GroupMap `json:"groups,omitempty"`
	// Reference holds the record's reference outcomes by column (what a
	// later decision found), for continuum evaluate: read only when
	// Options.Reference names a column, and never written out.
	Reference GroupMap `json:"reference,omitempty"`

	// Values holds the answers already indexed like the form's questions,
	// set by readers that know the form (CSV); Answers is nil then.
	Values []string `json:"-"`

	File string `json:"-"`
	Line int    `json:"-"`
}

// RecordError rejects one record; reading can go on after it. It names the
// file, line and field and never quotes an answer value: the project's one
// error type for a place in a file.
type RecordError = strictyaml.Error

// Reader yields records. Next returns io.EOF at the end, a *RecordError for a
// rejected record (call Next again for the next one), or another error when
// the input cannot be read further.
type Reader interface {
	Next() (*Record, error)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

type jsonlReader struct {
	name string
	r    *bufio.Reader
	line int
	buf  []byte
	fast *fastDecoder // nil: every line through the full decoder
}

func (j *jsonlReader) Next() (*Record, error) {
	line, err := j.nextLine()
	if err != nil {
		return nil, err
	}
	return decodeRecord(j.fast, j.name, j.line, line)
}

// nextLine returns the next line that is not blank, without decoding it
// (j.line is its number): a view into the reader's buffer, valid until the
// next call. Its errors are those of Next.
func (j *jsonlReader) nextLine() ([]byte, error) {
	for {
		line, err := j.readLine()
		if err != nil {
			return nil, err
		}
		if len(bytes.TrimSpace(line)) > 0 {
			return line, nil
		}
	}
}

// readLine returns the next line without its newline. A line over MaxLine is
// skipped to its end and rejected.
func (j *jsonlReader) readLine() ([]byte, error) {
	j.buf = j.buf[:0]
	j.line++
	tooLong := false
	for first := true; ; first = false {
		chunk, err := j.r.ReadSlice('\n')
		if first && err == nil {
			// The whole line is in the reader's buffer: no copy.
			return trimEOL(chunk), nil
		}
		if !tooLong {
			if len(j.buf)+len(chunk) > MaxLine+1 {
				tooLong = true
				j.buf = j.buf[:0]
			} else {
				j.buf = append(j.buf, chunk...)
			}
		}
		switch {
		case err == nil:
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			if len(j.buf) == 0 && !tooLong {
				return nil, io.EOF
			}
		default:
			return nil, fmt.Errorf("%s:%d: %w", j.name, j.line, err)
		}
		if tooLong {
			return nil, &RecordError{File: j.name, Line: j.line, Msg: fmt.Sprintf("line longer than %d bytes; expected one record of answers per line", MaxLine)}
		}
		return trimEOL(j.buf), nil
	}
}

func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	return b
}

// decodeRecord decodes one record: through the fast path when it can (fast
// may be nil), otherwise through encoding/json, which also words every error.
func decodeRecord(fast *fastDecoder, name string, line int, data []byte) (*Record, error) {
	return decodeRecordInto(new(Record), fast, name, line, data, nil)
}

// decodeRecordInto is decodeRecord into rec (a batch's records are made in
// one allocation), with the empty slots the fast path reads the answers
// into (nil: new ones).
func decodeRecordInto(rec *Record, fast *fastDecoder, name string, line int, data []byte, slots []string) (*Record, error) {
	if !utf8.Valid(data) {
		return nil, &RecordError{File: name, Line: line, Msg: "invalid UTF-8; expected UTF-8 text"}
	}
	*rec = Record{File: name, Line: line}
	if fast != nil {
		if fast.decode(rec, data, slots) {
			return rec, nil
		}
		*rec = Record{File: name, Line: line}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(rec); err != nil {
		return nil, &RecordError{File: name, Line: line, Field: jsonField(err), Msg: jsonMessage(err)}
	}
	if dec.More() {
		return nil, &RecordError{File: name, Line: line, Msg: "more than one JSON value on the line; expected one record per line"}
	}
	// encoding/json matches keys in any case and keeps the last of two:
	// "answers" twice, or "answers" and "Answers", would drop a set of
	// answers without a word.
	if field, dup := twiceAtTop(data); dup {
		return nil, &RecordError{File: name, Line: line, Field: field, Msg: "given twice, perhaps in another case; expected each field once"}
	}
	return rec, checkRecord(rec)
}

// AnswerMap and GroupMap are JSON objects of text values in which a key
// given twice is an error: encoding/json would keep the last value without a
// word, and a question answered twice must not be scored silently.
type (
	AnswerMap map[string]string
	GroupMap  map[string]string
)

// UnmarshalJSON decodes the answers and refuses a question given twice.
func (m *AnswerMap) UnmarshalJSON(b []byte) error {
	return decodeUnique(b, (*map[string]string)(m), "answers", "question")
}

// UnmarshalJSON decodes the groupings and refuses one given twice.
func (m *GroupMap) UnmarshalJSON(b []byte) error {
	return decodeUnique(b, (*map[string]string)(m), "groups", "grouping")
}

// duplicateKeyError names the field of a key given twice.
type duplicateKeyError struct{ field, what string }

func (e *duplicateKeyError) Error() string {
	return fmt.Sprintf("given twice; expected each %s once", e.what)
}

func decodeUnique(b []byte, m *map[string]string, field, what string) error {
	var plain map[string]string
	if err := json.Unmarshal(b, &plain); err != nil {
		return err
	}
	if plain != nil {
		if key, dup := duplicateKey(b, len(plain)); dup {
			if idLike.MatchString(key) {
				field += "." + key
			}
			return &duplicateKeyError{field: field, what: what}
		}
	}
	*m = plain
	return nil
}

// idLike is what a key must look like to be named in a message; anything
// else might carry personal text and is not repeated.
var idLike = regexp.MustCompile(`^[a-z0-9][a-z0-9._/-]{0,59}$`)

// topKeys calls f with each top-level key of a JSON object that
// encoding/json has already found valid, raw (with its quotes), in order,
// until f returns true.
func topKeys(b []byte, f func(raw []byte) bool) {
	depth, key := 0, false
	for i := 0; i < len(b); i++ {
		switch c := b[i]; c {
		case '"':
			j := i + 1
			for j < len(b) && b[j] != '"' {
				if b[j] == '\\' {
					j++
				}
				j++
			}
			if depth == 1 && key {
				if f(b[i:min(j+1, len(b))]) {
					return
				}
				key = false
			}
			i = j
		case '{', '[':
			depth++
			key = c == '{' && depth == 1
		case '}', ']':
			depth--
		case ',':
			key = depth == 1
		}
	}
}

// duplicateKey reports the first top-level key of a valid JSON object given
// twice. unique is the number of distinct keys the decoded map holds: the
// map drops duplicates after unescaping, so more keys than that means a
// duplicate even when the raw spellings differ.
func duplicateKey(b []byte, unique int) (dup string, found bool) {
	seen := make(map[string]bool, unique)
	n := 0
	topKeys(b, func(raw []byte) bool {
		n++
		k := string(raw[1 : len(raw)-1])
		if seen[k] {
			dup, found = k, true
			return true
		}
		seen[k] = true
		return false
	})
	if found {
		return dup, true
	}
	return "", n != unique
}

// twiceAtTop reports a field of the record object given twice, in any mix
// of cases or escapes. data is one JSON object that encoding/json has
// decoded into a Record, so only known fields are there.
func twiceAtTop(data []byte) (dup string, found bool) {
	seen := map[string]bool{}
	topKeys(data, func(raw []byte) bool {
		var k string
		if json.Unmarshal(raw, &k) == nil {
			k = strings.ToLower(k)
			if seen[k] {
				dup, found = k, true
				return true
			}
			seen[k] = true
		}
		return false
	})
	return dup, found
}

func checkRecord(rec *Record) error {
	if rec.Answers == nil && rec.Values == nil {
		return &RecordError{File: rec.File, Line: rec.Line, Field: "answers", Msg: `missing; expected an object of question id to answer, such as {"danger": "no"}`}
	}
	return nil
}

// jsonField and jsonMessage describe a decoding error without quoting the
// input, which may hold an answer.
func jsonField(err error) string {
	var de *duplicateKeyError
	if errors.As(err, &de) {
		return de.field
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return te.Field
	}
	return ""
}

func jsonMessage(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, new(*duplicateKeyError)):
		return err.Error()
	case errors.As(err, &se):
		return fmt.Sprintf("not valid JSON (at byte %d); expected one JSON object per line", se.Offset)
	case errors.As(err, &te):
		want := te.Type.String()
		switch want {
		case "string":
			want = "text"
		case "map[string]string":
			want = "an object of question id to answer"
		case "batch.Record":
			want = "an object with id, form, version and answers"
		case "batch.GroupMap":
			want = "an object of name to text"
		}
		return fmt.Sprintf("found a JSON %s; expected %s", te.Value, want)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "the JSON ends too early; expected a complete object"
	}
	msg := err.Error()
	if strings.HasPrefix(msg, "json: unknown field ") {
		f, _ := strconv.Unquote(strings.TrimPrefix(msg, "json: unknown field "))
		return fmt.Sprintf("unknown field %s; expected id, form, version and answers", strconv.QuoteToASCII(truncate(f, 40)))
	}
	return "not a valid record; expected an object with id, form, version and answers"
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
