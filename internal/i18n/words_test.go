package i18n

import (
	"bufio"
	"bytes"
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode"

	continuum "github.com/continuum-screening/continuum"
)

// neverUsed is locales/never-used.txt: per language, the words no message a
// worker sees may contain, and the message id prefixes that are not checked.
type neverUsed struct {
	exempt []string
	words  map[string][]string
}

func readNeverUsed(t *testing.T) neverUsed {
	t.Helper()
	const name = "locales/never-used.txt"
	data, err := fs.ReadFile(continuum.Data, name)
	if err != nil {
		t.Fatal(err)
	}
	nu := neverUsed{words: map[string][]string{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		code, list, ok := strings.Cut(line, ":")
		if !ok {
			t.Fatalf("%s:%d: expected \"code: word, word*, ...\"", name, n)
		}
		var entries []string
		for _, e := range strings.Split(list, ",") {
			if e = strings.TrimSpace(e); e == "" || strings.Trim(e, "*") == "" {
				t.Fatalf("%s:%d: empty entry", name, n)
			}
			entries = append(entries, normalizeWords(e))
		}
		if code = strings.TrimSpace(code); code == "exempt" {
			nu.exempt = entries
			continue
		}
		if _, dup := nu.words[code]; dup {
			t.Fatalf("%s:%d: %s listed twice", name, n, code)
		}
		nu.words[code] = entries
	}
	return nu
}

// normalizeWords lower-cases a text, drops Arabic vowel marks and turns
// everything that is not a letter into one space, with a space at each end,
// so that " word " finds a whole word. The apostrophes inside words (d'une,
// t'i) separate words too. Asterisks are kept for the entries.
func normalizeWords(s string) string {
	var b strings.Builder
	b.WriteByte(' ')
	space := true
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 0x064B && r <= 0x0652 || r == 0x0670: // harakat, superscript alef
		case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) || r == '*':
			b.WriteRune(r)
			space = false
		case !space:
			b.WriteByte(' ')
			space = true
		}
	}
	if !space {
		b.WriteByte(' ')
	}
	return b.String()
}

// matchWord reports whether a normalised text contains a normalised entry.
func matchWord(text, entry string) bool {
	e := strings.TrimSpace(entry)
	switch {
	case strings.HasPrefix(e, "*") && strings.HasSuffix(e, "*"):
		return strings.Contains(text, strings.Trim(e, "*"))
	case strings.HasSuffix(e, "*"):
		return strings.Contains(text, " "+strings.TrimSuffix(e, "*"))
	}
	return strings.Contains(text, " "+e+" ")
}

func TestMatchWord(t *testing.T) {
	cases := []struct {
		text, entry string
		want        bool
	}{
		{"Is he a Victim?", "victim*", true},
		{"victimology", "victim", false},
		{"работа и отдых", "раб", false},
		{"он раб долга", "раб", true},
		{"рабство", "раб", false},
		{"дългово робство", "робств*", true},
		{"وجريمة", "*جريم*", true},
		{"عِبُودِيَّة الدَّين", "*عبودي*", true},
		{"غير قانونية", "غير قانوني*", true},
		{"غير نظامي", "غير قانوني*", false},
		{"làm việc bất hợp pháp", "bất hợp pháp", true},
		{"trái pháp luật", "trái phép", false},
		{"la victime", "victime*", true},
		{"d'esclavage", "esclav*", true},
	}
	for _, c := range cases {
		if got := matchWord(normalizeWords(c.text), normalizeWords(c.entry)); got != c.want {
			t.Errorf("matchWord(%q, %q) = %v", c.text, c.entry, got)
		}
	}
}

// No message a worker sees or hears, in any language, contains a word that
// labels the person or speaks of slavery (TRANSLATING.md); every shipped
// language has its list.
func TestNeverUsedWords(t *testing.T) {
	nu := readNeverUsed(t)
	b := shipped(t)
	for _, code := range b.Codes() {
		words, ok := nu.words[code]
		if !ok {
			t.Errorf("locales/never-used.txt has no line for %s", code)
			continue
		}
		cat := b.Catalog(code)
		ids := make([]string, 0, len(cat.Messages))
		for id := range cat.Messages {
			ids = append(ids, id)
		}
		sort.Strings(ids)
	next:
		for _, id := range ids {
			for _, p := range nu.exempt {
				if strings.HasPrefix(id, strings.TrimSpace(p)) {
					continue next
				}
			}
			m := cat.Messages[id]
			texts := []string{m.Text}
			for _, f := range PluralForms {
				texts = append(texts, m.Plural[f])
			}
			for _, txt := range texts {
				norm := normalizeWords(txt)
				for _, w := range words {
					if matchWord(norm, w) {
						t.Errorf("%s:%d: %s: contains %q, a word never used (locales/never-used.txt)", m.File, m.Line, id, strings.TrimSpace(w))
					}
				}
			}
		}
	}
}

// French puts a non-breaking space before ? : ! ; and inside « », so that
// the sign never starts a line of its own on a narrow screen.
func TestFrenchSpacing(t *testing.T) {
	cat := shipped(t).Catalog("fr")
	bad := regexp.MustCompile(` [?:!;»]|« `)
	for id, m := range cat.Messages {
		texts := []string{m.Text}
		for _, f := range PluralForms {
			texts = append(texts, m.Plural[f])
		}
		for _, txt := range texts {
			if loc := bad.FindStringIndex(txt); loc != nil {
				t.Errorf("%s:%d: %s: %q: expected a non-breaking space (U+00A0)", m.File, m.Line, id, txt[max(0, loc[0]-20):loc[1]])
			}
		}
	}
}

// A text read aloud has one form: no slash forms (anh/chị, Pan/Pani,
// obrigado/a) and no letters in brackets (musiał(a)) that leave the reader
// to choose. Abbreviations in capitals (ILO/EC) are fine.
func TestNoSlashForms(t *testing.T) {
	nu := readNeverUsed(t)
	choice := regexp.MustCompile(`[\p{L}\p{M}]+/[\p{L}\p{M}]+|[\p{L}\p{M}]\([\p{L}\p{M}]{1,3}\)`)
	b := shipped(t)
	for _, code := range b.Codes() {
		cat := b.Catalog(code)
	next:
		for id, m := range cat.Messages {
			for _, p := range nu.exempt {
				if strings.HasPrefix(id, strings.TrimSpace(p)) {
					continue next
				}
			}
			// The help of the commands is read on screen, not aloud, and
			// names paths and command lines (locales/CODE/source.sum).
			if strings.HasPrefix(id, "help.") {
				continue
			}
			texts := []string{m.Text}
			for _, f := range PluralForms {
				texts = append(texts, m.Plural[f])
			}
			for _, txt := range texts {
				for _, f := range choice.FindAllString(txt, -1) {
					if strings.ToUpper(f) != f {
						t.Errorf("%s:%d: %s: %q leaves the reader to choose a form; write one form that fits anyone (TRANSLATING.md)", m.File, m.Line, id, f)
					}
				}
			}
		}
	}
}
