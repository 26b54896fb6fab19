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

	continuum "github.com/continuum-screening/continuum"
)

// SumFile is the name of the file in a language's folder that records, for
// each message, a hash of the English text it was translated from. When the
// English text changes, the hash no longer matches and the message is listed
// as changed.
const SumFile = "source.sum"

// SourceHash is a short hash of a message's English text (all plural forms).
func SourceHash(m *Message) string {
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

// Stamp writes the sum file for the current English texts of every message
// the language has, so that later changes to English show up in Check.
func (b *Bundle) Stamp(code string, w io.Writer) error {
	cat := b.Catalog(code)
	if cat == nil {
		return fmt.Errorf("language %q is not in the bundle", code)
	}
	src := b.Catalog(Source)
	ids := make([]string, 0, len(cat.Messages))
	for id := range cat.Messages {
		if src.Messages[id] != nil {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	fmt.Fprintf(w, "# English source hashes of the %s translation; regenerate with:\n# continuum languages --stamp %s > locales/%s/%s\n", cat.Meta.Name, code, code, SumFile)
	for _, id := range ids {
		fmt.Fprintf(w, "%s %s\n", SourceHash(src.Messages[id]), id)
	}
	return nil
}

// ParseSums reads a sum file.
func ParseSums(data []byte) map[string]string {
	sums := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if h, id, ok := strings.Cut(line, " "); ok {
			sums[strings.TrimSpace(id)] = h
		}
	}
	return sums
}

// ShippedSums reads the sum file of a shipped language; nil when it has none.
func ShippedSums(code string) map[string]string {
	data, err := fs.ReadFile(continuum.Data, path.Join("locales", code, SumFile))
	if err != nil {
		return nil
	}
	return ParseSums(data)
}

// CheckReport lists what a translator has to do in one language.
type CheckReport struct {
	Code         string
	Missing      []string // in English, not in the language
	Empty        []string // present but empty
	Stale        []string // in the language, not in English
	Placeholders []string // placeholders differ from English
	Changed      []string // English changed since the translation was stamped
	Unstamped    bool     // the language has no sum file
}

// OK reports whether the language has nothing to do.
func (r CheckReport) OK() bool {
	return len(r.Missing)+len(r.Empty)+len(r.Stale)+len(r.Placeholders)+len(r.Changed) == 0
}

// Check compares a language with English. sums is its sum file (nil when
// there is none, in which case changed texts cannot be detected).
func (b *Bundle) Check(code string, sums map[string]string) CheckReport {
	rep := CheckReport{Code: code, Unstamped: sums == nil}
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
		case !m.IsPlural() && strings.TrimSpace(m.Text) == "":
			rep.Empty = append(rep.Empty, id)
		case !reflect.DeepEqual(m.Placeholders(), sm.Placeholders()):
			rep.Placeholders = append(rep.Placeholders, id)
		}
		if sums != nil && code != Source {
			if h, ok := sums[id]; ok && h != SourceHash(sm) {
				rep.Changed = append(rep.Changed, id)
			}
		}
	}
	for id := range cat.Messages {
		if src.Messages[id] == nil {
			rep.Stale = append(rep.Stale, id)
		}
	}
	for _, l := range [][]string{rep.Missing, rep.Empty, rep.Stale, rep.Placeholders, rep.Changed} {
		sort.Strings(l)
	}
	return rep
}
