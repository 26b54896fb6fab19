package report

import (
	"strconv"
	"unicode/utf8"

	"github.com/continuum-screening/continuum/internal/i18n"
	"github.com/continuum-screening/continuum/internal/scoring"
)

// Record is what the machine interface writes for one scored record.
type Record struct {
	ID        string
	Result    *scoring.Result
	Referrals []string // referral type ids, in order
}

// AppendJSON appends one result as a single line of JSON (without the newline).
// The fields and their order are the contract of `continuum score`:
// id, form, form_version, model_version, level, level_ceiling, level_id,
// level_name, ceiling_name, dimensions, elements, delphi_strict, items,
// items_unknown, ilo_indicators, minor, danger, flags_unknown, could_raise,
// inconsistent, referrals, trace. Written by hand: it is the hot path of
// batch scoring, and the order stays fixed.
func AppendJSON(b []byte, s *scoring.Scorer, rec Record, loc *i18n.Localizer) []byte {
	r := rec.Result
	f := r.Form
	b = append(b, `{"id":`...)
	b = appendString(b, rec.ID)
	b = append(b, `,"form":`...)
	b = appendString(b, f.ID)
	b = append(b, `,"form_version":`...)
	b = appendString(b, f.Version)
	b = append(b, `,"model_version":`...)
	b = appendString(b, scoring.ModelVersion)
	b = append(b, `,"level":`...)
	b = strconv.AppendInt(b, int64(r.Level), 10)
	b = append(b, `,"level_ceiling":`...)
	b = strconv.AppendInt(b, int64(r.Ceiling), 10)
	b = append(b, `,"level_id":`...)
	b = appendString(b, scoring.LevelIDs[r.Level])
	b = append(b, `,"level_name":`...)
	c := cacheFor(loc)
	b = appendString(b, c.levelName(loc, r.Level))
	b = append(b, `,"ceiling_name":`...)
	b = appendString(b, c.levelName(loc, r.Ceiling))
	b = append(b, `,"dimensions":{`...)
	for i, d := range f.Dimensions {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, d.ID)
		b = append(b, ':')
		b = appendString(b, r.Dimensions[i].String())
	}
	b = append(b, `},"elements":{`...)
	for i, id := range scoring.ElementIDs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, id)
		b = append(b, ':')
		b = appendString(b, r.Elements[i].String())
	}
	b = append(b, `},"delphi_strict":`...)
	b = appendString(b, r.Delphi.String())
	b = append(b, `,"items":`...)
	b = appendStrings(b, r.Items())
	b = append(b, `,"items_unknown":`...)
	b = appendStrings(b, r.UnknownItems())
	b = append(b, `,"ilo_indicators":`...)
	b = appendStrings(b, r.Indicators)
	b = append(b, `,"minor":`...)
	b = strconv.AppendBool(b, r.Minor == scoring.Yes)
	b = append(b, `,"danger":`...)
	b = strconv.AppendBool(b, r.Danger == scoring.Yes)
	b = append(b, `,"flags_unknown":`...)
	var unknown []string
	if r.Danger == scoring.Unknown {
		unknown = append(unknown, "danger")
	}
	if r.Minor == scoring.Unknown {
		unknown = append(unknown, "minor")
	}
	b = appendStrings(b, unknown)
	b = append(b, `,"could_raise":`...)
	ids := make([]string, len(r.CouldRaise))
	for i, qq := range r.CouldRaise {
		ids[i] = qq.ID
	}
	b = appendStrings(b, ids)
	b = append(b, `,"inconsistent":[`...)
	for i, in := range r.Inconsistent {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"question":`...)
		b = appendString(b, in.Question.ID)
		b = append(b, `,"gate":`...)
		b = appendString(b, in.Gate.ID)
		b = append(b, '}')
	}
	b = append(b, `],"referrals":`...)
	b = appendStrings(b, rec.Referrals)
	b = append(b, `,"trace":`...)
	b = appendStrings(b, Trace(s, r, loc))
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
		case r >= 0x80 && r < 0xa0, r == 0x2028, r == 0x2029:
			// C1 controls and line separators: escaped for terminals and JS.
			b = append(b, '\\', 'u')
			b = append(b, hexDigits[r>>12&0xf], hexDigits[r>>8&0xf], hexDigits[r>>4&0xf], hexDigits[r&0xf])
		default:
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return append(b, '"')
}
