package report

import (
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/continuum-screening/continuum/internal/contract"
	"github.com/continuum-screening/continuum/internal/i18n"
	"github.com/continuum-screening/continuum/internal/inert"
	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/scoring"
)

// Record is what the machine interface writes for one scored record.
type Record struct {
	ID        string
	Result    *scoring.Result
	Referrals []string // referral type ids, in order
}

// The fields of one result, their order and their types are the contract
// of `continuum score`: contract.Record lists them, documented. Here each
// gets what renders it; the JSON line and the CSV row are both written from
// the one list, so that a field added there reaches both (and the
// reference). A field has one kind of value:
//
//   - text, number, flag: a JSON string, number or boolean; one CSV cell;
//   - list: a JSON array of text; one CSV cell, the items joined by spaces;
//   - keyed: a JSON object whose keys are fixed by the form; one CSV column
//     per key, named by the key;
//   - pairs: a JSON array of {"question": ..., "gate": ...}; one CSV cell of
//     question<gate items joined by spaces.
//
// A field with jsonOnly is left out of the CSV (the trace: sentences fit a
// spreadsheet badly).
type field struct {
	name     string
	text     func(x *recordView) string
	number   func(x *recordView) int
	flag     func(x *recordView) bool
	list     func(x *recordView) []string
	keys     func(f *q.Form) []string
	keyed    func(x *recordView, i int) string
	pairs    func(x *recordView) []scoring.Inconsistency
	jsonOnly bool
	// appendJSON, when set, writes the JSON value in place of the generic
	// code: for a list too costly to build per record (the trace).
	appendJSON func(b []byte, x *recordView) []byte
}

// recordView is a record with what its fields need to render.
type recordView struct {
	Record
	s     *scoring.Scorer
	loc   *i18n.Localizer
	cache *textCache
}

// renderers render the fields of contract.Record, by name.
// dimensionIDs holds the ids of each form's dimensions, the keys of the
// dimensions object, made once per form (a run has one).
var dimensionIDs sync.Map // *q.Form -> []string

var renderers = map[string]field{
	"schema_version": {text: func(*recordView) string { return contract.Version }},
	"id":             {text: func(x *recordView) string { return x.ID }},
	"form":           {text: func(x *recordView) string { return x.Result.Form.ID }},
	"form_version":   {text: func(x *recordView) string { return x.Result.Form.Version }},
	"model_version":  {text: func(x *recordView) string { return x.Result.Model.Version() }},
	"level":          {number: func(x *recordView) int { return int(x.Result.Level) }},
	"level_ceiling":  {number: func(x *recordView) int { return int(x.Result.Ceiling) }},
	"level_id":       {text: func(x *recordView) string { return x.Result.Level.ID() }},
	"ceiling_id":     {text: func(x *recordView) string { return x.Result.Ceiling.ID() }},
	"level_name":     {text: func(x *recordView) string { return x.cache.levelName(x.loc, x.Result.Level) }},
	"ceiling_name":   {text: func(x *recordView) string { return x.cache.levelName(x.loc, x.Result.Ceiling) }},
	"dimensions": {
		keys: func(f *q.Form) []string {
			if ids, ok := dimensionIDs.Load(f); ok {
				return ids.([]string)
			}
			ids := make([]string, len(f.Dimensions))
			for i, d := range f.Dimensions {
				ids[i] = d.ID
			}
			dimensionIDs.Store(f, ids)
			return ids
		},
		keyed: func(x *recordView, i int) string { return x.Result.Dimensions[i].String() }},
	"elements": {
		keys:  func(*q.Form) []string { return scoring.ElementIDs[:] },
		keyed: func(x *recordView, i int) string { return x.Result.Elements[i].String() }},
	"delphi_strict": {text: func(x *recordView) string { return x.Result.Delphi.String() }},
	"items": {list: func(x *recordView) []string { return x.Result.Items() },
		appendJSON: func(b []byte, x *recordView) []byte {
			var ids [32]string
			return appendStrings(b, x.Result.AppendItems(ids[:0]))
		}},
	"items_unknown": {list: func(x *recordView) []string { return x.Result.UnknownItems() },
		appendJSON: func(b []byte, x *recordView) []byte {
			var ids [32]string
			return appendStrings(b, x.Result.AppendUnknownItems(ids[:0]))
		}},
	"ilo_indicators": {list: func(x *recordView) []string { return x.Result.Indicators }},
	"minor":          {flag: func(x *recordView) bool { return x.Result.Minor == scoring.Yes }},
	"danger":         {flag: func(x *recordView) bool { return x.Result.Danger == scoring.Yes }},
	"flags_unknown": {list: func(x *recordView) []string {
		var unknown []string
		if x.Result.Danger == scoring.Unknown {
			unknown = append(unknown, "danger")
		}
		if x.Result.Minor == scoring.Unknown {
			unknown = append(unknown, "minor")
		}
		return unknown
	}},
	"could_raise": {list: func(x *recordView) []string {
		ids := make([]string, len(x.Result.CouldRaise))
		for i, qq := range x.Result.CouldRaise {
			ids[i] = qq.ID
		}
		return ids
	}},
	"inconsistent": {pairs: func(x *recordView) []scoring.Inconsistency { return x.Result.Inconsistent }},
	"referrals":    {list: func(x *recordView) []string { return x.Referrals }},
	"trace": {list: func(x *recordView) []string { return Trace(x.s, x.Result, x.loc) },
		appendJSON: func(b []byte, x *recordView) []byte { return appendTrace(b, x.s, x.Result, x.loc) }},
}

// resultFields are the fields of contract.Record in its order, each with its
// renderer.
var resultFields = bindFields(contract.Record, renderers)

// bindFields pairs each field of the reference with its renderer. A field
// without one, or a renderer of no field, is a programming error caught by
// every test of the package.
func bindFields(ref []contract.Field, r map[string]field) []field {
	out := make([]field, len(ref))
	for i, cf := range ref {
		f, ok := r[cf.Name]
		if !ok {
			panic("report: no renderer for the result field " + cf.Name)
		}
		f.name, f.jsonOnly = cf.Name, cf.CSV == contract.CSVNone
		out[i] = f
	}
	if len(r) != len(ref) {
		panic("report: a renderer for a field that contract.Record does not list")
	}
	return out
}

// fieldKeys holds each field's name as JSON with its colon, ready to append.
var fieldKeys = func() []string {
	keys := make([]string, len(resultFields))
	for i, fd := range resultFields {
		keys[i] = string(appendString(nil, fd.name)) + ":"
	}
	return keys
}()

// AppendJSON appends one result as a single line of JSON (without the
// newline), with the fields of resultFields in their order. Written by hand
// rather than through encoding/json: it is the hot path of batch scoring,
// and the order stays fixed.
func AppendJSON(b []byte, s *scoring.Scorer, rec Record, loc *i18n.Localizer) []byte {
	x := &recordView{Record: rec, s: s, loc: loc, cache: cacheFor(loc)}
	f := rec.Result.Form
	b = append(b, '{')
	for i := range resultFields {
		fd := &resultFields[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, fieldKeys[i]...)
		switch {
		case fd.appendJSON != nil:
			b = fd.appendJSON(b, x)
		case fd.text != nil:
			b = appendString(b, fd.text(x))
		case fd.number != nil:
			b = strconv.AppendInt(b, int64(fd.number(x)), 10)
		case fd.flag != nil:
			b = strconv.AppendBool(b, fd.flag(x))
		case fd.list != nil:
			b = appendStrings(b, fd.list(x))
		case fd.keyed != nil:
			b = append(b, '{')
			for k, key := range fd.keys(f) {
				if k > 0 {
					b = append(b, ',')
				}
				b = appendString(b, key)
				b = append(b, ':')
				b = appendString(b, fd.keyed(x, k))
			}
			b = append(b, '}')
		case fd.pairs != nil:
			b = append(b, '[')
			for k, in := range fd.pairs(x) {
				if k > 0 {
					b = append(b, ',')
				}
				b = append(b, `{"question":`...)
				b = appendString(b, in.Question.ID)
				b = append(b, `,"gate":`...)
				b = appendString(b, in.Gate.ID)
				b = append(b, '}')
			}
			b = append(b, ']')
		}
	}
	return append(b, '}')
}

func appendStrings(b []byte, ss []string) []byte {
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, s)
	}
	return append(b, ']')
}

const hexDigits = "0123456789abcdef"

// safeASCII marks the bytes appendString copies as they are.
var safeASCII = func() (t [256]bool) {
	for c := 0x20; c < 0x7f; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// appendString appends s as a JSON string. Control characters, including the
// escape character of terminal sequences, are escaped, and invalid UTF-8 is
// replaced, so the output is always valid JSON and inert in a terminal.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	b = appendEscaped(b, s)
	return append(b, '"')
}

// appendEscaped appends s escaped for a JSON string, without the quotes.
// Every character that inert.Unsafe names is escaped (as \u escapes, which
// is what inert.Writer would make of it), so the output passes through
// inert.Writer unchanged.
func appendEscaped(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		// Copy runs of plain ASCII (most ids and sentences) in one go.
		j := i
		for j < len(s) && safeASCII[s[j]] {
			j++
		}
		b = append(b, s[i:j]...)
		if i = j; i == len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\t':
				b = append(b, '\\', 't')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c < 0x20 || c == 0x7f:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b = append(b, `\ufffd`...)
		case inert.Unsafe(r):
			// C1 controls, line separators, bidirectional controls and the
			// byte-order mark: escaped for terminals and JS.
			b = append(b, '\\', 'u')
			b = append(b, hexDigits[r>>12&0xf], hexDigits[r>>8&0xf], hexDigits[r>>4&0xf], hexDigits[r&0xf])
		default:
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return b
}
