package batch

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	q "github.com/continuum-screening/continuum/internal/questionnaire"
)

type colRole int8

const (
	roleSkip colRole = iota
	roleID
	roleForm
	roleVersion
	roleAnswer
	roleGroup
	roleConsent
	roleReference
)

type csvCol struct {
	role  colRole
	name  string // as in the header, for messages
	q     int    // question index for roleAnswer
	group string // grouping name for roleGroup
}

// csvReader reads a CSV file whose header names the columns: an id column,
// question ids (or export columns translated by a Mapping), optional form and
// version columns, and grouping columns.
type csvReader struct {
	table
	cr         *csv.Reader
	guard      *boundedReader
	src        *bufio.Reader // under guard: where reading resumes after an over-long row
	comma      rune
	last       int // file line of the end of the last row read (header included)
	done       bool
	lineOffset int
}

// table turns rows of cells under a header into records: the part of
// reading CSV and XLSX that does not depend on the file format.
type table struct {
	name string
	o    *Options
	cols []csvCol
	nq   int
	// form and version when the file has no such columns: the records are
	// read as answering the questionnaire in use (or the mapping's).
	form, version string
	hasGroups     bool
	// rowID: the file has no anonymous record id column; each record's id
	// is its row number among the records.
	rowID bool
	rows  int      // data rows read
	m     *Mapping // the mapping in use: --map, the questionnaire's own, or none
	// the preferred form and version columns present (own mapping)
	formCol, versionCol string
}

// boundedReader stops a CSV record from growing without limit (an unclosed
// quote would otherwise pull the rest of the file into memory). It also
// notes where quote characters pass, so that a record that grew too long can
// be told apart: a long line (skip it, go on) or an unclosed quote (stop).
type boundedReader struct {
	r      io.Reader
	off    int64
	limit  int64
	quotes []int64 // offsets of '"' at or after mark
	mark   int64   // where the record being read starts
}

var errRecordTooLong = errors.New("record too long")

func (b *boundedReader) Read(p []byte) (int, error) {
	if b.off >= b.limit {
		return 0, errRecordTooLong
	}
	if int64(len(p)) > b.limit-b.off {
		p = p[:b.limit-b.off]
	}
	n, err := b.r.Read(p)
	for i := 0; i < n; i++ {
		if p[i] == '"' {
			b.quotes = append(b.quotes, b.off+int64(i))
		}
	}
	b.off += int64(n)
	return n, err
}

// setMark notes where the next record starts and forgets earlier quotes.
func (b *boundedReader) setMark(off int64) {
	b.mark = off
	i := 0
	for i < len(b.quotes) && b.quotes[i] < off {
		i++
	}
	b.quotes = append(b.quotes[:0], b.quotes[i:]...)
}

// openQuote reports whether the record from mark on has an odd number of
// quote characters: a quoted field that was never closed.
func (b *boundedReader) openQuote() bool { return len(b.quotes)%2 == 1 }

// csvSlack is what encoding/csv may read ahead of the record it returns.
const csvSlack = 64 << 10

func newCSVReader(name string, br *bufio.Reader, skipped int, o *Options) (*csvReader, error) {
	if crOnly(br) {
		// "CSV (Macintosh)": lines end in a carriage return alone. Read
		// as such, the whole file would be one header row.
		br = bufio.NewReaderSize(crToLF{br}, 64<<10)
	}
	comma := detectDelimiter(br)
	guard := &boundedReader{r: br, limit: MaxLine + csvSlack}
	cr := csv.NewReader(guard)
	cr.Comma = comma
	cr.ReuseRecord = true
	r := &csvReader{table: table{name: name, o: o, nq: len(o.Form.Questions)}, cr: cr, guard: guard, src: br, comma: comma}
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			r.done = true
			return r, nil
		}
		return nil, fmt.Errorf("%s:%d: header: %s", name, 1+skipped, csvMessage(err))
	}
	line, _ := cr.FieldPos(0)
	if err := r.header(header, line+skipped); err != nil {
		return nil, err
	}
	r.lineOffset = skipped
	r.noteEnd(len(header))
	r.guard.limit = cr.InputOffset() + MaxLine + csvSlack
	r.guard.setMark(cr.InputOffset())
	return r, nil
}

// crOnly reports whether the first line ends in a carriage return that no
// line feed follows.
func crOnly(br *bufio.Reader) bool {
	b, _ := br.Peek(br.Size())
	i := bytes.IndexAny(b, "\r\n")
	return i >= 0 && b[i] == '\r' && (i+1 == len(b) || b[i+1] != '\n')
}

// crToLF reads carriage returns as line feeds.
type crToLF struct{ r io.Reader }

func (c crToLF) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i, b := range p[:n] {
		if b == '\r' {
			p[i] = '\n'
		}
	}
	return n, err
}

// detectDelimiter looks at the header line: the one of ',', ';' and tab it
// has most of outside quotes (',' on a tie): tabs from Excel's "Unicode
// text", semicolons from European spreadsheets and KoboToolbox's default.
func detectDelimiter(br *bufio.Reader) rune {
	b, _ := br.Peek(br.Size())
	commas, semis, tabs := 0, 0, 0
	quoted := false
	for _, c := range b {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\n':
			goto done
		case c == ',':
			commas++
		case c == ';':
			semis++
		case c == '\t':
			tabs++
		}
	}
done:
	switch {
	case tabs > commas && tabs > semis:
		return '\t'
	case semis > commas:
		return ';'
	}
	return ','
}

// classify finds what a header cell names; trusted: the name is one of
// ours, not an export's. An unrecognised cell has role -1.
func (r *table) classify(name string) (c csvCol, trusted bool) {
	form, m := r.o.Form, r.m
	c = csvCol{name: name}
	switch {
	case r.o.Reference != "" && r.isReference(name):
		c.role = roleReference
	case m != nil && m.Reference != nil && m.is(name, m.Reference.Column):
		// The mapping's reference outcome, when another column or none is
		// the reference of this run: never scored, never identifying.
		c.role, trusted = roleSkip, true
	case m != nil && (name == m.ID || (m.Own && m.is(name, m.ID))):
		c.role = roleID
	case m != nil && r.formCol != "" && name == r.formCol:
		c.role, trusted = roleForm, true
	case m != nil && r.versionCol != "" && name == r.versionCol:
		c.role, trusted = roleVersion, true
	case m != nil && (m.anyOf(name, m.FormColumns) || m.anyOf(name, m.VersionColumns)):
		c.role, trusted = roleSkip, true
	case m != nil && m.anyOf(name, m.ConsentColumns):
		c.role, trusted = roleConsent, true
	case m == nil && name == "id":
		c.role, trusted = roleID, true
	case name == "form":
		c.role, trusted = roleForm, true
	case name == "version":
		c.role, trusted = roleVersion, true
	case form.Question(name) != nil:
		c.role, c.q, trusted = roleAnswer, form.Question(name).Index, true
	case slices.Contains(form.Groupings, name):
		c.role, c.group, trusted = roleGroup, name, true
	case m == nil && form.Question(lastSegment(name)) != nil:
		// A KoboToolbox group prefix: group_x/<question id>.
		c.role, c.q, trusted = roleAnswer, form.Question(lastSegment(name)).Index, true
	case m != nil:
		if id, ok := m.column(name); ok {
			c.role, c.q, trusted = roleAnswer, form.Question(id).Index, m.Own
		} else if g, ok := m.group(name); ok {
			c.role, c.group = roleGroup, g
		} else if m.ignored(name) {
			c.role = roleSkip
		} else {
			c.role = -1
		}
	default:
		c.role = -1
	}
	return c, trusted
}

// isReference reports whether a header cell is the reference column: by
// its name, after a group prefix, or, for the questionnaire's own mapping,
// in any case.
func (r *table) isReference(name string) bool {
	ref := r.o.Reference
	switch {
	case name == ref:
		return true
	case r.m != nil:
		return r.m.is(name, ref)
	}
	return lastSegment(name) == ref
}

// columnRef names a header cell in a message: quoted, unless the cell is
// checked like a value and has the shape of personal data (an e-mail
// address, a phone, document or account number, a date, a position), in
// which case it may be data, from a file without a header row, and only its
// position is given. Several words are a common column name ("Date of
// birth"), so free text alone does not count here.
func columnRef(i int, name string) string {
	if kind, data := IdentifyingValue(name); data && kind != KindFreeText {
		return "column " + strconv.Itoa(i+1)
	}
	return "column " + quote(name)
}

// plain reports whether every column of a header is one a plain answer
// file has: id, form, version, a question id (after a "/" group prefix too)
// or a grouping.
func (r *table) plain(header []string) bool {
	form := r.o.Form
	for _, raw := range header {
		name := strings.TrimSpace(raw)
		switch {
		case name == "id", name == "form", name == "version", slices.Contains(form.Groupings, name):
		case r.o.Reference != "" && name == r.o.Reference:
		case form.Question(name) != nil, form.Question(lastSegment(name)) != nil:
		default:
			return false
		}
	}
	return true
}

func (r *table) header(header []string, line int) error {
	var errs q.Errors
	add := func(i int, format string, args ...any) {
		errs = append(errs, &q.Error{File: r.name, Line: line, Field: columnRef(i, strings.TrimSpace(strings.ToValidUTF8(header[i], "\ufffd"))), Msg: fmt.Sprintf(format, args...)})
	}
	form, m := r.o.Form, r.o.Map
	if m == nil && r.o.Own != nil && !r.plain(header) {
		if own := r.o.Own(); own.Recognises(header) {
			m = own
		}
	}
	r.m = m
	// The preferred form and version columns present, for a mapping that
	// names several (the questionnaire's own fields before ODK's FormVersion).
	if m != nil {
		r.formCol = m.firstPresent(m.FormColumns, header)
		r.versionCol = m.firstPresent(m.VersionColumns, header)
	}
	r.cols = make([]csvCol, len(header))
	seenQ := map[int]string{}
	seenRole := map[colRole]string{}
	seenGroup := map[string]string{}
	// A first row of which no cell names a column is data, not a header (a
	// file exported without one): say so once and quote none of its cells.
	known := 0
	for _, raw := range header {
		if c, _ := r.classify(strings.TrimSpace(raw)); c.role != -1 {
			known++
		}
	}
	if known == 0 {
		want := "an id column and question ids, or a mapping file (--map)"
		if m != nil {
			want = "the columns named in the mapping " + m.File
		}
		return q.Errors{&q.Error{File: r.name, Line: line, Field: "header", Msg: "no cell of the first row names a known column (is the header row missing?); expected a header row with " + want}}
	}
	for i, raw := range header {
		if !utf8.ValidString(raw) {
			add(i, "not UTF-8 text; expected a UTF-8 file (save it as \"CSV UTF-8\"; older Excel versions write Windows-1252)")
			continue
		}
		name := strings.TrimSpace(raw)
		c, trusted := r.classify(name)
		// The name guard. A column read as an answer is judged by its
		// values, which can only be the questionnaire's choices, never by
		// its name: the questions are about passports, phones and working
		// time. A record id or a grouping must be anonymous by name too, and
		// is never dropped: that would change what is scored.
		kind, bad := IdentifyingColumn(name)
		harmless, rowNumber := PlatformColumn(name)
		switch {
		case c.role == roleAnswer:
		case c.role == roleID && bad:
			add(i, "its name suggests %s; the record id must be anonymous, such as a row number or a code: name another column as the id", kind)
			continue
		case c.role == roleID && harmless && !rowNumber:
			add(i, "survey-platform metadata, not a record id; expected an anonymous id such as a row number or a code")
			continue
		case c.role == roleReference && (bad || harmless):
			if !bad {
				kind = "survey-platform metadata"
			}
			add(i, "its name suggests %s; the reference column must hold a coarse outcome such as a decision code", kind)
			continue
		case c.role == roleGroup && (bad || harmless):
			if !bad {
				kind = "survey-platform metadata"
			}
			add(i, "its name suggests %s; a grouping must be a coarse category such as a sector or a period", kind)
			continue
		case trusted:
		case bad:
			if r.o.DropIdentifying {
				r.o.warn("%s: %s dropped: its name suggests %s", r.name, columnRef(i, name), kind)
				r.cols[i] = csvCol{role: roleSkip, name: name}
				continue
			}
			add(i, "its name suggests %s; an answer file must be anonymous: remove the column, or pass --drop-identifying to drop it", kind)
			continue
		}
		switch c.role {
		case -1:
			if m != nil && m.Own {
				add(i, "not a field of %s; expected its question names or labels (is the export from another form or version?), or a mapping file (--map)", m.File)
			} else if m != nil {
				add(i, "not in the mapping %s; expected it under columns, groups or ignore", m.File)
			} else {
				add(i, "not a question of %s; expected id, form, version, a question id or a grouping (%s), or a mapping file (--map)", form.ID, orNone(form.Groupings))
			}
			continue
		case roleAnswer:
			if prev, dup := seenQ[c.q]; dup {
				add(i, "answers question %s, as column %s does; expected one column per question", form.Questions[c.q].ID, quote(prev))
				continue
			}
			seenQ[c.q] = name
		case roleID, roleForm, roleVersion, roleConsent, roleReference:
			if prev, dup := seenRole[c.role]; dup {
				add(i, "a second column of this kind, after %s; expected one", quote(prev))
				continue
			}
			seenRole[c.role] = name
		case roleGroup:
			if prev, dup := seenGroup[c.group]; dup {
				add(i, "a second column for grouping %s, after %s; expected one", c.group, quote(prev))
				continue
			}
			seenGroup[c.group] = name
			r.hasGroups = true
		}
		r.cols[i] = c
	}
	if _, ok := seenRole[roleID]; !ok && m != nil && m.Own {
		r.rowID = true
	} else if !ok && len(errs) == 0 {
		want := "a column named id"
		if m != nil {
			want = fmt.Sprintf("the column %s named by id: in %s", quote(m.ID), m.File)
		}
		errs = append(errs, &q.Error{File: r.name, Line: line, Field: "header", Msg: "no record id column; expected " + want})
	}
	if ref := r.o.Reference; ref != "" && len(errs) == 0 {
		if _, ok := seenRole[roleReference]; !ok {
			errs = append(errs, &q.Error{File: r.name, Line: line, Field: "header", Msg: fmt.Sprintf("no column for --reference %s; expected a column %s", ref, ref)})
		}
	}
	for _, g := range r.o.By {
		if _, ok := seenGroup[g]; !ok && len(errs) == 0 {
			errs = append(errs, &q.Error{File: r.name, Line: line, Field: "header", Msg: fmt.Sprintf("no column for --by %s; expected a column %s", g, g)})
		}
	}
	if len(errs) > 0 {
		return errs
	}
	r.form, r.version = form.ID, form.Version
	if m != nil {
		r.form, r.version = m.Form, m.Version
	}
	if _, ok := seenRole[roleForm]; ok {
		r.form = ""
	}
	if _, ok := seenRole[roleVersion]; ok {
		r.version = ""
	}
	return nil
}

func (r *csvReader) Next() (*Record, error) {
	if r.done {
		return nil, io.EOF
	}
	fields, err := r.cr.Read()
	if err != nil {
		var pe *csv.ParseError
		switch {
		case errors.Is(err, io.EOF):
			r.done = true
			return nil, io.EOF
		case errors.Is(err, errRecordTooLong):
			return nil, r.skipLongRow()
		case errors.As(err, &pe):
			r.guard.limit = r.cr.InputOffset() + MaxLine + csvSlack
			r.guard.setMark(r.cr.InputOffset())
			line := pe.StartLine
			if errors.Is(err, csv.ErrFieldCount) {
				line, _ = r.cr.FieldPos(0)
			}
			return nil, &RecordError{File: r.name, Line: line + r.lineOffset, Msg: csvMessage(err) + r.countHint(err, len(fields))}
		default:
			return nil, fmt.Errorf("%s: %w", r.name, err)
		}
	}
	r.guard.limit = r.cr.InputOffset() + MaxLine + csvSlack
	r.guard.setMark(r.cr.InputOffset())
	line, _ := r.cr.FieldPos(0)
	line += r.lineOffset
	r.noteEnd(len(fields))
	return r.record(fields, line)
}

// record turns one row of cells into a record.
func (r *table) record(fields []string, line int) (*Record, error) {
	r.rows++
	for i, v := range fields {
		if !utf8.ValidString(v) {
			return nil, &RecordError{File: r.name, Line: line, Field: "column " + quote(r.cols[min(i, len(r.cols)-1)].name),
				Msg: "not UTF-8 text; expected a UTF-8 file (save it as \"CSV UTF-8\"; older Excel versions write Windows-1252)"}
		}
		// A byte-order mark belongs only at the very start of the file; inside
		// a row it would slip into an id or an answer unseen.
		if strings.Contains(v, "\ufeff") {
			return nil, &RecordError{File: r.name, Line: line, Field: r.cols[min(i, len(r.cols)-1)].name,
				Msg: "byte-order mark inside the file; expected one only at the very start, if at all"}
		}
	}
	rec := &Record{File: r.name, Line: line, Form: r.form, Version: r.version, Values: make([]string, r.nq)}
	if r.rowID {
		rec.ID = strconv.Itoa(r.rows)
	}
	if r.hasGroups {
		rec.Groups = make(map[string]string, 2)
	}
	var bad error
	for i, c := range r.cols {
		v := fields[i]
		switch c.role {
		case roleAnswer:
			t := trimSpace(v)
			if t == "" || (r.m != nil && r.m.missing(t)) {
				continue
			}
			choice := canonicalChoice(t)
			ok := choice != ""
			if !ok && r.m != nil {
				choice, ok = r.m.Choice(v)
			}
			if !ok {
				if bad == nil {
					bad = r.answerError(line, c.name, v)
				}
				continue
			}
			rec.Values[c.q] = choice
		case roleID:
			rec.ID = strings.TrimSpace(v)
		case roleForm:
			rec.Form = strings.TrimSpace(v)
		case roleVersion:
			rec.Version = strings.TrimSpace(v)
		case roleGroup:
			if len(r.o.By) > 0 && slices.Contains(r.o.By, c.group) {
				rec.Groups[c.group] = strings.TrimSpace(v)
			}
		case roleReference:
			rec.Reference = GroupMap{r.o.Reference: strings.TrimSpace(v)}
		case roleConsent:
			if r.m.ConsentValues[foldText(v)] != q.Yes && bad == nil {
				bad = &RecordError{File: r.name, Line: line, Field: "column " + quote(c.name),
					Msg: "no consent to go on is recorded; expected yes (a record without consent is not scored)"}
			}
		}
	}
	if bad != nil {
		return nil, bad
	}
	return rec, nil
}

// noteEnd records the file line on which the row just read ends.
func (r *csvReader) noteEnd(n int) {
	if n == 0 {
		return
	}
	line, _ := r.cr.FieldPos(n - 1)
	r.last = line + r.lineOffset
}

// skipLongRow reports a row longer than MaxLine at the line it starts on,
// skips the rest of that line and goes on with the next one, reading afresh
// so that the rows after it are still scored.
func (r *csvReader) skipLongRow() error {
	start := r.last + 1
	if r.guard.openQuote() {
		// Everything after an unclosed quote belongs to one field: there is
		// no next row to go on with.
		r.done = true
		return &RecordError{File: r.name, Line: start, Msg: fmt.Sprintf("record longer than %d bytes: a quoted field is not closed; reading stopped here", MaxLine)}
	}
	rerr := &RecordError{File: r.name, Line: start, Msg: fmt.Sprintf("record longer than %d bytes; expected one row of answers per line", MaxLine)}
	for {
		_, err := r.src.ReadSlice('\n')
		if err == nil {
			break
		}
		if !errors.Is(err, bufio.ErrBufferFull) {
			r.done = true
			return rerr
		}
	}
	r.guard.off, r.guard.limit = 0, MaxLine+csvSlack
	r.guard.setMark(0)
	r.guard.quotes = r.guard.quotes[:0]
	cr := csv.NewReader(r.guard)
	cr.Comma = r.comma
	cr.ReuseRecord = true
	cr.FieldsPerRecord = len(r.cols)
	r.cr = cr
	// The fresh reader counts from 1 at the line after the long one.
	r.lineOffset = start
	r.last = start
	return rerr
}

func (r *table) answerError(line int, col, v string) error {
	want := strings.Join(q.ChoiceIDs, ", ")
	if r.m != nil && r.m.Own {
		want += ", or a choice name or label of " + r.m.File
	} else if r.m != nil {
		want += ", or a value listed under values: in " + r.m.File
	}
	if kind, bad := IdentifyingValue(v); bad {
		return &RecordError{File: r.name, Line: line, Field: "column " + quote(col), Msg: fmt.Sprintf("the answer looks like %s; expected one of: %s (the input must be anonymous)", kind, want)}
	}
	return &RecordError{File: r.name, Line: line, Field: "column " + quote(col), Msg: "not a valid choice; expected one of: " + want}
}

func (r *csvReader) countHint(err error, n int) string {
	if errors.Is(err, csv.ErrFieldCount) {
		return fmt.Sprintf(" (found %d fields; expected %d like the header)", n, len(r.cols))
	}
	return ""
}

// csvMessage describes a CSV error without quoting the input.
func csvMessage(err error) string {
	switch {
	case errors.Is(err, csv.ErrFieldCount):
		return "wrong number of fields"
	case errors.Is(err, csv.ErrBareQuote):
		return `a quote inside an unquoted field; expected fields with quotes to be quoted whole, such as "a ""b"""`
	case errors.Is(err, csv.ErrQuote):
		return "a quoted field is not closed properly; expected a closing quote before the next separator"
	case errors.Is(err, errRecordTooLong):
		return "longer than " + strconv.Itoa(MaxLine) + " bytes"
	}
	return "not valid CSV"
}

func trimSpace(s string) string {
	if len(s) > 0 && (s[0] == ' ' || s[len(s)-1] == ' ' || s[0] == '\t' || s[len(s)-1] == '\t') {
		return strings.TrimSpace(s)
	}
	return s
}

func lastSegment(name string) string {
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		return name[i+1:]
	}
	return name
}
