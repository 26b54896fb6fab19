package batch

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	q "github.com/continuum-screening/continuum/internal/questionnaire"
)

// Options say how to read and check records against a form.
type Options struct {
	Form *q.Form
	// Map translates a survey-platform export (CSV only); nil when the
	// columns are already question ids.
	Map *Mapping
	// Own returns the mapping of the questionnaire's own XLSForm (package
	// xlsform): used, when Map is nil, for a file whose header it
	// recognises as an export of that form. It is called only for a header
	// that is not a plain answer file's, since it reads every language.
	Own func() *Mapping
	// DropIdentifying drops columns whose names identify a person, with a
	// warning, instead of refusing the file.
	DropIdentifying bool
	// Sheet names the worksheet of an .xlsx input; empty: the first.
	Sheet string
	// By lists the grouping columns every record must carry.
	By []string
	// Reference names the column (CSV, XLSX) or the key of a record's
	// "reference" object (JSON) that holds the reference outcome, for
	// continuum evaluate; empty: none is read. It must not be a question,
	// a grouping or the id.
	Reference string
	// Warn receives warnings (dropped columns); nil discards them.
	Warn func(msg string)

	fast *fastDecoder // made on first use
}

// settings returns a copy of the options as the caller gave them, without
// Warn and the state the reader makes: for a second reading of the inputs
// while the first may still be going.
func (o *Options) settings() *Options {
	return &Options{Form: o.Form, Map: o.Map, Own: o.Own, DropIdentifying: o.DropIdentifying,
		Sheet: o.Sheet, By: o.By, Reference: o.Reference}
}

// fastDecoder returns the fast JSON path for the form, or nil without one.
func (o *Options) fastDecoder() *fastDecoder {
	if o == nil || o.Form == nil {
		return nil
	}
	if o.fast == nil || o.fast.form != o.Form {
		o.fast = newFastDecoder(o.Form)
	}
	return o.fast
}

func (o *Options) warn(format string, args ...any) {
	if o.Warn != nil {
		o.Warn(fmt.Sprintf(format, args...))
	}
}

// Open detects the format from the first byte that is not white space: '{'
// starts JSON Lines, '[' a JSON array, anything else is CSV. A UTF-8
// byte-order mark is skipped. For CSV the header is read and checked here,
// so a file that is not anonymous is refused before any record is read.
func Open(name string, r io.Reader, o *Options) (Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, err := br.Peek(len(xlsxMagic)); err == nil && bytes.Equal(b, xlsxMagic) {
		if o == nil || o.Form == nil {
			return nil, fmt.Errorf("%s: an .xlsx workbook needs the questionnaire", name)
		}
		return newXLSXReader(name, br, o)
	}
	if o != nil && o.Sheet != "" {
		return nil, fmt.Errorf("%s: --sheet applies to .xlsx workbooks; this file is not one", name)
	}
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	} else if enc := utf16Order(br); enc != nil {
		// Excel's "Unicode text" and some Windows tools write UTF-16 with a
		// byte-order mark: unambiguous, so it is read, as UTF-8.
		br = bufio.NewReaderSize(transform.NewReader(br, enc.NewDecoder()), 64<<10)
	} else if utf16Guess(br) {
		return nil, fmt.Errorf("%s: looks like UTF-16 text without a byte-order mark; expected UTF-8 (save it as \"CSV UTF-8\")", name)
	}
	skipped := 0
	for {
		b, err := br.Peek(1)
		if err != nil {
			// Empty input: no records.
			return &jsonlReader{name: name, r: br, line: skipped, fast: o.fastDecoder()}, nil
		}
		switch {
		case b[0] == '\n':
			skipped++
		case isSpace(b[0]):
		case b[0] == '[':
			if o != nil && o.Map != nil {
				return nil, fmt.Errorf("%s: --map applies to CSV exports; this file is a JSON array", name)
			}
			a := newArrayReader(name, br)
			a.fast = o.fastDecoder()
			a.lc.line += skipped
			return a, nil
		case b[0] == '{':
			if o != nil && o.Map != nil {
				return nil, fmt.Errorf("%s: --map applies to CSV exports; this file is JSON Lines", name)
			}
			return &jsonlReader{name: name, r: br, line: skipped, fast: o.fastDecoder()}, nil
		default:
			if o == nil || o.Form == nil {
				return nil, fmt.Errorf("%s: not JSON; CSV needs the questionnaire", name)
			}
			return newCSVReader(name, br, skipped, o)
		}
		br.Discard(1)
	}
}

// Check checks a record's id, form, version, answers and grouping values
// against the options and returns its answers indexed like the form's
// questions. Errors name the file, line and field and never the value.
func (o *Options) Check(rec *Record) ([]string, error) {
	fail := func(field, format string, args ...any) error {
		return &RecordError{File: rec.File, Line: rec.Line, Field: field, Msg: fmt.Sprintf(format, args...)}
	}
	form := o.Form
	switch {
	case strings.TrimSpace(rec.ID) == "":
		return nil, fail("id", "missing; expected an anonymous record id")
	case rec.Form == "":
		return nil, fail("form", "missing; expected %q", form.ID)
	case rec.Form != form.ID:
		return nil, fail("form", "answers a different questionnaire; expected %q", form.ID)
	case rec.Version == "":
		return nil, fail("version", "missing; expected %q", form.Version)
	case rec.Version != form.Version:
		return nil, fail("version", "answers another version of %s; expected %q", form.ID, form.Version)
	}
	if kind, bad := IdentifyingValue(rec.ID); bad {
		return nil, fail("id", "looks like %s; expected an anonymous record id (the input must be anonymous)", kind)
	}
	for _, g := range o.By {
		v, ok := rec.Groups[g]
		if !ok || strings.TrimSpace(v) == "" {
			return nil, fail("groups."+g, "missing; expected a value to group by (--by %s)", g)
		}
		if kind, bad := IdentifyingValue(v); bad {
			return nil, fail("groups."+g, "looks like %s; expected a coarse group such as a sector code (the input must be anonymous)", kind)
		}
	}
	if o.Reference != "" {
		if v := rec.Reference[o.Reference]; v != "" {
			if kind, bad := IdentifyingValue(v); bad {
				return nil, fail("reference."+o.Reference, "looks like %s; expected a coarse outcome such as a decision code (the input must be anonymous)", kind)
			}
		}
	}
	var unknown []string
	for g := range rec.Groups {
		if !slices.Contains(form.Groupings, g) {
			unknown = append(unknown, g)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown) // the same message on every run
		return nil, fail("groups", "unknown grouping %s; expected one the questionnaire allows: %s", quote(unknown[0]), orNone(form.Groupings))
	}
	if rec.Values != nil {
		return rec.Values, nil
	}
	answers, err := form.Answers(rec.Answers)
	if err != nil {
		return nil, &RecordError{File: rec.File, Line: rec.Line, Msg: err.Error()}
	}
	return answers, nil
}

// ReferenceValue returns the record's value of the reference column named
// by the options, trimmed; empty when it has none.
func (o *Options) ReferenceValue(rec *Record) string {
	if o == nil || o.Reference == "" {
		return ""
	}
	return strings.TrimSpace(rec.Reference[o.Reference])
}

func orNone(list []string) string {
	if len(list) == 0 {
		return "(none declared)"
	}
	return strings.Join(list, ", ")
}

// utf16Order returns the UTF-16 encoding a byte-order mark announces, or nil.
func utf16Order(br *bufio.Reader) encoding.Encoding {
	b, err := br.Peek(2)
	if err != nil {
		return nil
	}
	switch {
	case b[0] == 0xff && b[1] == 0xfe:
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)
	case b[0] == 0xfe && b[1] == 0xff:
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)
	}
	return nil
}

// utf16Guess: text of ASCII letters in UTF-16 has a NUL byte every other
// byte, which no UTF-8 text file has.
func utf16Guess(br *bufio.Reader) bool {
	b, _ := br.Peek(64)
	if len(b) < 4 {
		return false
	}
	nul := 0
	for _, c := range b {
		if c == 0 {
			nul++
		}
	}
	return nul*3 >= len(b)
}

// UseMapping sets how exports are read: through the mapping file named
// file (--map), or, without one, through the questionnaire's own mapping
// for exports of its XLSForm, made by own the first time a file needs it.
// sep, when not "", is the only group separator looked through.
func (o *Options) UseMapping(file, sep string, own func() *Mapping) error {
	if file != "" {
		m, err := LoadMappingFile(file, o.Form)
		if err != nil {
			return err
		}
		if sep != "" {
			m.SetGroupSeparator(sep)
		}
		o.Map = m
		return nil
	}
	var m *Mapping
	o.Own = func() *Mapping {
		if m == nil {
			m = own()
			if sep != "" {
				m.SetGroupSeparator(sep)
			}
		}
		return m
	}
	return nil
}
