package i18n

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"path"
	"reflect"
	"sort"
	"strings"

	"github.com/continuum-screening/continuum/internal/strictyaml"
)

// SumFile is the name of the file in a language's folder that records, for
// each message, which English text its translation was made from. A line is
// written only when that message's translation is written or confirmed, so a
// changed English message marks exactly its own translations stale until each
// is redone or confirmed.
const SumFile = "source.sum"

// MaxSumSize bounds a sum file.
const MaxSumSize = 1 << 20

// TextHash is a short hash of a message's text (all plural forms).
func TextHash(m *Message) string {
	h := sha256.New()
	if m.IsPlural() {
		for _, f := range PluralForms {
			if t, ok := m.Plural[f]; ok {
				fmt.Fprintf(h, "%s=%s\x00", f, t)
			}
		}
	} else {
		io.WriteString(h, m.Text)
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// Sum is one line of a sum file: the hash of the English text a translation
// was made from, and the hash of the translation as it was then.
type Sum struct {
	Source      string
	Translation string
}

// Sums are a language's sum file, by message id.
type Sums map[string]Sum

// ParseSums reads a sum file: one message per line,
// "<English hash> <translation hash> <message id>"; blank lines and lines
// starting with # are ignored. name is used in errors.
func ParseSums(name string, data []byte) (Sums, error) {
	if len(data) > MaxSumSize {
		return nil, &strictyaml.Error{File: name, Msg: fmt.Sprintf("file is %d bytes; expected at most %d", len(data), MaxSumSize)}
	}
	var errs strictyaml.Errors
	sums := Sums{}
	first := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), MaxSumSize)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 3 || !isHash(f[0]) || !isHash(f[1]) {
			errs.Add(name, n, "", "found a line of another shape; expected \"<English hash> <translation hash> <message id>\" with 12-digit hex hashes; regenerate the line with 'continuum languages --confirm'")
			continue
		}
		if prev, dup := first[f[2]]; dup {
			errs.Add(name, n, f[2], "given twice (first at line %d); expected each message id once", prev)
			continue
		}
		first[f[2]] = n
		sums[f[2]] = Sum{Source: f[0], Translation: f[1]}
	}
	if err := sc.Err(); err != nil {
		errs.Add(name, 0, "", "not readable (%v); expected lines of text", err)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return sums, nil
}

func isHash(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, r := range s {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f') {
			return false
		}
	}
	return true
}

// WriteSums writes a sum file, one line per message sorted by id, so that a
// change to one message changes one line.
func WriteSums(w io.Writer, name, code string, sums Sums) error {
	ids := make([]string, 0, len(sums))
	for id := range sums {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "# %s: for each message, the English text its translation was made from.\n", name)
	fmt.Fprintf(bw, "# <English hash> <translation hash> <message id>. A line changes only when its\n")
	fmt.Fprintf(bw, "# translation is written or confirmed: continuum languages --stamp %s, or\n", code)
	fmt.Fprintf(bw, "# continuum languages --confirm %s ID... (see TRANSLATING.md).\n", code)
	for _, id := range ids {
		fmt.Fprintf(bw, "%s %s %s\n", sums[id].Source, sums[id].Translation, id)
	}
	return bw.Flush()
}

// ReadSums reads the sum file in a language's folder langDir of fsys; nil
// when it has none.
func ReadSums(fsys fs.FS, langDir string) (Sums, error) {
	p := path.Join(langDir, SumFile)
	data, err := readLimited(fsys, p, p)
	if err != nil {
		return nil, nil
	}
	return ParseSums(p, data)
}

// translated returns the ids that have a non-empty translation in the
// language and a text in English, sorted.
func (b *Bundle) translated(code string) (ids []string, cat, src *Catalog) {
	cat, src = b.Catalog(code), b.Catalog(Source)
	if cat == nil {
		return nil, nil, src
	}
	for id, m := range cat.Messages {
		if src.Messages[id] != nil && !isEmpty(m) {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids, cat, src
}

func isEmpty(m *Message) bool {
	if m.IsPlural() {
		for _, t := range m.Plural {
			if strings.TrimSpace(t) != "" {
				return false
			}
		}
		return true
	}
	return strings.TrimSpace(m.Text) == ""
}

// StampResult says what Stamp or Confirm did.
type StampResult struct {
	Sums    Sums     // the new sum file
	Stamped []string // messages whose line was written now
	Stale   []string // messages still stale: English changed, translation untouched
}

// Stamp records the messages whose translation was written or changed since
// the last stamp (no line yet, or a translation hash that no longer
// matches): their translation is taken to be made from today's English. A
// message whose translation is untouched keeps its line, so a translation
// made from older English stays stale; see Confirm. Lines of messages the
// language or English no longer has are dropped.
func (b *Bundle) Stamp(code string, old Sums) (StampResult, error) {
	ids, cat, src := b.translated(code)
	if cat == nil {
		return StampResult{}, fmt.Errorf("language %q is not in the bundle", code)
	}
	res := StampResult{Sums: Sums{}}
	for _, id := range ids {
		tr, en := TextHash(cat.Messages[id]), TextHash(src.Messages[id])
		s, ok := old[id]
		if !ok || s.Translation != tr {
			s = Sum{Source: en, Translation: tr}
			res.Stamped = append(res.Stamped, id)
		} else if s.Source != en {
			res.Stale = append(res.Stale, id)
		}
		res.Sums[id] = s
	}
	return res, nil
}

// Confirm records that the translations of ids were checked against today's
// English and are right as they are. Every other line stays as it was.
func (b *Bundle) Confirm(code string, old Sums, ids []string) (StampResult, error) {
	have, cat, src := b.translated(code)
	if cat == nil {
		return StampResult{}, fmt.Errorf("language %q is not in the bundle", code)
	}
	res := StampResult{Sums: Sums{}}
	set := map[string]bool{}
	for _, id := range have {
		set[id] = true
		if s, ok := old[id]; ok {
			res.Sums[id] = s
		}
	}
	for _, id := range ids {
		if !set[id] {
			if src.Messages[id] == nil {
				return StampResult{}, fmt.Errorf("%s: no such message in English", id)
			}
			return StampResult{}, fmt.Errorf("%s: not translated in %s; translate it first", id, code)
		}
		res.Sums[id] = Sum{Source: TextHash(src.Messages[id]), Translation: TextHash(cat.Messages[id])}
		res.Stamped = append(res.Stamped, id)
	}
	for _, id := range have {
		if s, ok := res.Sums[id]; ok && s.Translation == TextHash(cat.Messages[id]) && s.Source != TextHash(src.Messages[id]) {
			res.Stale = append(res.Stale, id)
		}
	}
	sort.Strings(res.Stamped)
	return res, nil
}

// CheckReport lists what a translator has to do in one language.
type CheckReport struct {
	Code         string
	Missing      []string // in English, not in the language
	Empty        []string // present but empty
	Removed      []string // in the language, no longer in English
	Placeholders []string // placeholders differ from English
	Stale        []string // English changed since the translation was made; translation untouched
	Unstamped    []string // translation written or changed but not recorded in the sum file
	NoSumFile    bool     // the language has no sum file: staleness cannot be told
}

// OK reports whether the language has nothing to do.
func (r CheckReport) OK() bool {
	return len(r.Missing)+len(r.Empty)+len(r.Removed)+len(r.Placeholders)+len(r.Stale)+len(r.Unstamped) == 0
}

// Check compares a language with English. sums is its sum file (nil when
// there is none, in which case stale translations cannot be detected).
func (b *Bundle) Check(code string, sums Sums) CheckReport {
	rep := CheckReport{Code: code, NoSumFile: sums == nil}
	cat, src := b.Catalog(code), b.Catalog(Source)
	if cat == nil {
		return rep
	}
	for id, sm := range src.Messages {
		m := cat.Messages[id]
		switch {
		case m == nil:
			rep.Missing = append(rep.Missing, id)
			continue
		case isEmpty(m):
			rep.Empty = append(rep.Empty, id)
			continue
		case !reflect.DeepEqual(m.Placeholders(), sm.Placeholders()):
			rep.Placeholders = append(rep.Placeholders, id)
		}
		if sums == nil || code == Source {
			continue
		}
		switch s, ok := sums[id]; {
		case !ok || s.Translation != TextHash(m):
			rep.Unstamped = append(rep.Unstamped, id)
		case s.Source != TextHash(sm):
			rep.Stale = append(rep.Stale, id)
		}
	}
	for id := range cat.Messages {
		if src.Messages[id] == nil {
			rep.Removed = append(rep.Removed, id)
		}
	}
	for _, l := range [][]string{rep.Missing, rep.Empty, rep.Removed, rep.Placeholders, rep.Stale, rep.Unstamped} {
		sort.Strings(l)
	}
	return rep
}
