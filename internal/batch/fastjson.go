package batch

import (
	"bytes"

	q "github.com/continuum-screening/continuum/internal/questionnaire"
)

// fastDecoder reads the common shape of a record straight from its bytes
// into the slots of the form's questions, without maps or reflection:
//
//	{"id":"...","form":"...","version":"...","answers":{"<question>":"<choice>",...},"groups":{...}}
//
// with any white space, the fields in any order, every key spelt exactly,
// no escapes, every question known and every answer a choice of the form. It
// accepts only records that the full decoder (decodeRecord) accepts, with the
// same values. Anything else, a problem or merely a rarer spelling (an
// escape, a null, a key in capitals, a key given twice), is handed to the
// full decoder, which gives the error messages. So the fast path changes
// speed, never strictness or wording.
type fastDecoder struct {
	form    *q.Form
	index   map[string]int // question id -> index in form.Questions
	choices []string       // the form's choice ids, to share their strings
}

func newFastDecoder(form *q.Form) *fastDecoder {
	d := &fastDecoder{form: form, index: make(map[string]int, len(form.Questions))}
	for i, qq := range form.Questions {
		d.index[qq.ID] = i
	}
	for _, c := range form.Choices {
		d.choices = append(d.choices, c.ID)
	}
	return d
}

// field bits, to see a key given twice.
const (
	seenID = 1 << iota
	seenForm
	seenVersion
	seenAnswers
	seenGroups
	seenReference
)

// decode fills rec (its File and Line set) from the line, or returns false
// when the full decoder must look at it. data is valid UTF-8. slots, when
// not nil, are the empty slots the answers go into (one per question of the
// form). rec and slots may be written to even when it returns false.
func (d *fastDecoder) decode(rec *Record, data []byte, slots []string) bool {
	p := &scan{b: data}
	p.ws()
	if !p.byte('{') {
		return false
	}
	seen := 0
	p.ws()
	if p.peek() == '}' {
		return false // no answers: the full decoder says so
	}
	for {
		key, ok := p.str()
		if !ok {
			return false
		}
		p.ws()
		if !p.byte(':') {
			return false
		}
		p.ws()
		var bit int
		switch string(key) {
		case "id":
			bit = seenID
			v, ok := p.str()
			if !ok {
				return false
			}
			rec.ID = string(v)
		case "form":
			bit = seenForm
			v, ok := p.str()
			if !ok {
				return false
			}
			rec.Form = d.intern(v, d.form.ID)
		case "version":
			bit = seenVersion
			v, ok := p.str()
			if !ok {
				return false
			}
			rec.Version = d.intern(v, d.form.Version)
		case "answers":
			bit = seenAnswers
			if rec.Values, ok = d.answers(p, slots); !ok {
				return false
			}
		case "groups":
			bit = seenGroups
			if rec.Groups, ok = d.groups(p); !ok {
				return false
			}
		case "reference":
			bit = seenReference
			if rec.Reference, ok = d.groups(p); !ok {
				return false
			}
		default:
			return false
		}
		if seen&bit != 0 {
			return false
		}
		seen |= bit
		p.ws()
		switch p.next() {
		case ',':
			p.ws()
			continue
		case '}':
		default:
			return false
		}
		break
	}
	p.ws()
	if p.i != len(p.b) || seen&seenAnswers == 0 {
		return false
	}
	return true
}

func (d *fastDecoder) intern(v []byte, want string) string {
	if string(v) == want {
		return want
	}
	return string(v)
}

// answers reads an object of question id to choice into the slots, or a
// new slice of them when slots is nil.
func (d *fastDecoder) answers(p *scan, slots []string) ([]string, bool) {
	if !p.byte('{') {
		return nil, false
	}
	out := slots
	if out == nil {
		out = make([]string, len(d.form.Questions))
	}
	p.ws()
	if p.peek() == '}' {
		p.i++
		return out, true
	}
	qs := d.form.Questions
	next := 0 // files list the answers in the form's order, mostly
	for {
		key, ok := p.str()
		if !ok {
			return nil, false
		}
		i := next
		if i >= len(qs) || qs[i].ID != string(key) {
			var known bool
			if i, known = d.index[string(key)]; !known {
				return nil, false
			}
		}
		if out[i] != "" {
			return nil, false
		}
		next = i + 1
		p.ws()
		if !p.byte(':') {
			return nil, false
		}
		p.ws()
		v, ok := p.str()
		if !ok {
			return nil, false
		}
		for _, c := range d.choices {
			if len(v) == len(c) && string(v) == c {
				out[i] = c
				break
			}
		}
		if out[i] == "" {
			return nil, false
		}
		p.ws()
		switch p.next() {
		case ',':
			p.ws()
		case '}':
			return out, true
		default:
			return nil, false
		}
	}
}

// groups reads an object of text values; the keys are checked later, as the
// full decoder's are.
func (d *fastDecoder) groups(p *scan) (map[string]string, bool) {
	if !p.byte('{') {
		return nil, false
	}
	out := make(map[string]string, 2)
	p.ws()
	if p.peek() == '}' {
		p.i++
		return out, true
	}
	for {
		key, ok := p.str()
		if !ok {
			return nil, false
		}
		if _, dup := out[string(key)]; dup {
			return nil, false
		}
		p.ws()
		if !p.byte(':') {
			return nil, false
		}
		p.ws()
		v, ok := p.str()
		if !ok {
			return nil, false
		}
		out[string(key)] = string(v)
		p.ws()
		switch p.next() {
		case ',':
			p.ws()
		case '}':
			return out, true
		default:
			return nil, false
		}
	}
}

// scan walks the bytes of one record.
type scan struct {
	b []byte
	i int
}

func (p *scan) ws() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *scan) peek() byte {
	if p.i < len(p.b) {
		return p.b[p.i]
	}
	return 0
}

func (p *scan) next() byte {
	if p.i < len(p.b) {
		p.i++
		return p.b[p.i-1]
	}
	return 0
}

func (p *scan) byte(c byte) bool {
	if p.i < len(p.b) && p.b[p.i] == c {
		p.i++
		return true
	}
	return false
}

// str reads a string without escapes or control characters and returns
// its bytes (a view into the line).
func (p *scan) str() ([]byte, bool) {
	if !p.byte('"') {
		return nil, false
	}
	rest := p.b[p.i:]
	end := bytes.IndexByte(rest, '"')
	if end < 0 {
		return nil, false
	}
	s := rest[:end]
	for _, c := range s {
		if c < 0x20 || c == '\\' {
			return nil, false
		}
	}
	p.i += end + 1
	return s, true
}
