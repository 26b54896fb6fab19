package i18n

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	continuum "github.com/continuum-screening/continuum"
)

// The shipped languages: the twelve most needed according to EU progress
// reports on trafficking (2021-23) and UK NRM statistics (2024). A test
// fails when one is missing.
var wantShipped = []string{"en", "ro", "bg", "pl", "uk", "ru", "ar", "es", "pt", "fr", "vi", "sq"}

func shipped(t *testing.T) *Bundle {
	t.Helper()
	b, err := Open(continuum.Data, "locales")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// pluralProbe are counts that between them hit every CLDR category of every
// shipped language (Arabic needs 0, 1, 2, 3–10, 11–99 and 100+).
var pluralProbe = []int{0, 1, 2, 3, 5, 11, 21, 22, 25, 100, 101, 102, 111, 1000000}

// TestCataloguesComplete fails when a shipped catalogue misses a key, has an
// empty text, uses other placeholders than English, or lacks a plural form
// its language needs.
func TestCataloguesComplete(t *testing.T) {
	b := shipped(t)
	src := b.Catalog(Source)
	for _, code := range b.Codes() {
		cat := b.Catalog(code)
		t.Run(code, func(t *testing.T) {
			if cat.Meta.Name == "" || cat.Meta.NativeName == "" || cat.Meta.Direction == "" || cat.Meta.Variety == "" || cat.Meta.ReviewStatus == "" {
				t.Errorf("meta incomplete: %+v", cat.Meta)
			}
			if code != Source && cat.Meta.ReviewStatus == StatusSource {
				t.Errorf("review-status source is only for %s", Source)
			}
			if cat.Meta.ReviewStatus == StatusReviewed && (cat.Meta.ReviewedBy == "" || cat.Meta.ReviewedOn == "") {
				t.Errorf("reviewed without reviewed-by and reviewed-on")
			}
			var ids []string
			for id := range src.Messages {
				ids = append(ids, id)
			}
			sort.Strings(ids)
			for _, id := range ids {
				sm := src.Messages[id]
				m := cat.Messages[id]
				if m == nil {
					t.Errorf("missing %s", id)
					continue
				}
				if m.IsPlural() != sm.IsPlural() {
					t.Errorf("%s:%d: %s: plural in one language and not the other", m.File, m.Line, id)
					continue
				}
				if !m.IsPlural() && strings.TrimSpace(m.Text) == "" {
					t.Errorf("%s:%d: %s: empty", m.File, m.Line, id)
				}
				for form, txt := range m.Plural {
					if strings.TrimSpace(txt) == "" {
						t.Errorf("%s:%d: %s.%s: empty", m.File, m.Line, id, form)
					}
				}
				if got, want := m.Placeholders(), sm.Placeholders(); !reflect.DeepEqual(got, want) {
					t.Errorf("%s:%d: %s: placeholders %v, English has %v", m.File, m.Line, id, got, want)
				}
				if m.IsPlural() {
					for _, n := range pluralProbe {
						if form := b.PluralForm(code, n); m.Plural[form] == "" {
							t.Errorf("%s:%d: %s: count %d needs the %q form", m.File, m.Line, id, n, form)
						}
					}
				}
			}
			for id, m := range cat.Messages {
				if src.Messages[id] == nil {
					t.Errorf("%s:%d: %s: not in English; a stale or misspelt key", m.File, m.Line, id)
				}
			}
		})
	}
}

func TestFallbackToEnglishIsRecorded(t *testing.T) {
	en, _ := parseCatalog("en.yaml", []byte("meta: {name: English, native-name: English, direction: ltr, review-status: source}\na: \"A {{.X}}\"\nb: \"B\"\nn:\n  one: \"{{.Count}} thing\"\n  other: \"{{.Count}} things\"\n"))
	ro, _ := parseCatalog("ro.yaml", []byte("meta: {name: Romanian, native-name: Română, direction: ltr, review-status: draft}\nb: \"Bro\"\n"))
	b, err := NewBundle([]*Catalog{en, ro})
	if err != nil {
		t.Fatal(err)
	}
	l := b.Localizer("ro")
	if got := l.T("a", "X", 1); got != "A 1" {
		t.Errorf("fallback = %q", got)
	}
	if got := l.T("b"); got != "Bro" {
		t.Errorf("translated = %q", got)
	}
	if got := l.N("n", 3); got != "3 things" {
		t.Errorf("plural fallback = %q", got)
	}
	if got := l.T("nope"); got != "nope" {
		t.Errorf("unknown id = %q", got)
	}
	if got := fmt.Sprint(l.Missing()); got != "[a n nope]" {
		t.Errorf("missing = %s", got)
	}
}

func TestPluralArabic(t *testing.T) {
	en, _ := parseCatalog("en.yaml", []byte("n:\n  one: \"one\"\n  other: \"other\"\n"))
	ar, _ := parseCatalog("ar.yaml", []byte("n:\n  zero: z\n  one: o\n  two: t\n  few: f\n  many: m\n  other: x\n"))
	b, _ := NewBundle([]*Catalog{en, ar})
	l := b.Localizer("ar")
	var got []string
	for _, n := range []int{0, 1, 2, 3, 11, 100} {
		got = append(got, l.N("n", n))
	}
	if strings.Join(got, "") != "zotfmx" {
		t.Errorf("arabic forms = %v", got)
	}
}

func TestCatalogueRejectsTemplateActions(t *testing.T) {
	for _, bad := range []string{
		"a: \"{{call .X}}\"\n",
		"a: \"{{.X | printf}}\"\n",
		"a: \"{{range .X}}{{end}}\"\n",
		"a: &x \"t\"\nb: *x\n",
		"a: [1, 2]\n",
	} {
		if _, err := parseCatalog("en.yaml", []byte(bad)); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

func TestNormalize(t *testing.T) {
	cases := map[string]string{
		"ro_RO.UTF-8": "ro", "pt_BR": "pt", "pt-BR": "pt", "en_US.utf8": "en", "ar_EG.UTF-8@latin": "ar",
		"C": "", "POSIX": "", "": "", "uk": "uk", "sq_AL": "sq", "vi_VN": "vi", "zz_ZZ": "", "not a tag": "",
		"de_DE.ISO-8859-1": "de", "sr@latin": "sr",
	}
	for in, want := range cases {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestResolve(t *testing.T) {
	shippedCodes := []string{"en", "ro", "pt", "ar"}
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	cases := []struct {
		flag string
		env  []string
		want string
		from string
		err  bool
	}{
		{"", nil, "en", "default", false},
		{"ro", []string{"LANG", "pt_BR.UTF-8"}, "ro", "--lang", false},
		{"", []string{"CONTINUUM_LANG", "ar", "LANG", "ro_RO.UTF-8"}, "ar", "CONTINUUM_LANG", false},
		{"", []string{"LANG", "ro_RO.UTF-8"}, "ro", "LANG", false},
		{"", []string{"LC_ALL", "pt_BR.UTF-8", "LANG", "ro_RO.UTF-8"}, "pt", "LC_ALL", false},
		{"", []string{"LC_MESSAGES", "ar_EG", "LANG", "ro_RO"}, "ar", "LC_MESSAGES", false},
		{"", []string{"LANG", "de_DE.UTF-8", "LANGUAGE", "de:ro:en"}, "ro", "LANGUAGE", false},
		{"", []string{"LC_ALL", "C", "LANG", "ro_RO.UTF-8"}, "en", "LC_ALL", false},
		{"", []string{"LANG", "C.UTF-8"}, "en", "LANG", false},
		{"", []string{"LANG", "de_DE.UTF-8"}, "en", "default", false},
		{"xx", nil, "", "", true},
		{"de", nil, "", "", true},
		{"", []string{"CONTINUUM_LANG", "de"}, "", "", true},
	}
	for _, c := range cases {
		got, err := resolve(c.flag, env(c.env...), shippedCodes, nil)
		if (err != nil) != c.err {
			t.Errorf("resolve(%q, %v) error = %v", c.flag, c.env, err)
			continue
		}
		if err != nil {
			if !strings.Contains(err.Error(), "en, ro, pt, ar") {
				t.Errorf("error does not list shipped languages: %v", err)
			}
			continue
		}
		if got.Code != c.want || got.From != c.from {
			t.Errorf("resolve(%q, %v) = %s from %s, want %s from %s", c.flag, c.env, got.Code, got.From, c.want, c.from)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"ro_RO.UTF-8", "pt_BR", "C", "POSIX", "ar", "", "x-klingon", "zh_Hant_TW.Big5@stroke", "\x00", "en_US:fr"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Normalize(s)
		if got != "" && Normalize(got) != got {
			t.Errorf("Normalize(%q) = %q is not stable", s, got)
		}
		if len(got) > 3 {
			t.Errorf("Normalize(%q) = %q is not a base language", s, got)
		}
	})
}
func TestShippedLanguages(t *testing.T) {
	b := shipped(t)
	have := map[string]bool{}
	for _, c := range b.Codes() {
		have[c] = true
	}
	for _, c := range wantShipped {
		if !have[c] {
			t.Errorf("language %s is not shipped", c)
		}
	}
}

// A language's catalogue is parsed on first use: a session in one language
// does not parse the other eleven at start-up.
func TestShippedParsesOnFirstUse(t *testing.T) {
	b := shipped(t)
	b.mu.Lock()
	pending := len(b.pending)
	b.mu.Unlock()
	if pending != len(wantShipped)-1 {
		t.Errorf("%d languages parsed at start-up, want only English", len(wantShipped)-pending)
	}
	if l := b.Localizer("ar"); !l.RTL() || l.Lang() != "ar" {
		t.Errorf("ar localizer: lang %s rtl %v", l.Lang(), l.RTL())
	}
	if err := b.LoadAll(); err != nil {
		t.Fatal(err)
	}
}

func TestMatchNames(t *testing.T) {
	b, err := Open(continuum.Data, "locales")
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{
		"ro": "ro", "ro_RO.UTF-8": "ro", "Romanian": "ro", "română": "ro", "ROMANA": "ro", " Română ": "ro",
		"Polish": "pl", "polski": "pl", "Polski": "pl", "العربية": "ar", "Arabic": "ar", "Tiếng Việt": "vi",
		"tieng viet": "vi", "українська": "uk", "Shqip": "sq", "English": "en",
		"Klingon": "", "": "", "de": "", "German": "", "rom": "",
	} {
		if got := b.Match(in); got != want {
			t.Errorf("Match(%q) = %q, want %q", in, got, want)
		}
		got, err := b.MatchFlag("--also", in)
		var ue *UnknownLanguageError
		if got != want || (want == "") != errors.As(err, &ue) || (ue != nil && (ue.From != "--also" || ue.Value != in)) {
			t.Errorf("MatchFlag(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	ch, err := b.Choose("", func(k string) string {
		if k == "CONTINUUM_LANG" {
			return "Français"
		}
		return ""
	})
	if err != nil || ch.Code != "fr" || ch.From != "CONTINUUM_LANG" {
		t.Errorf("Choose with CONTINUUM_LANG=Français = %+v, %v; want fr", ch, err)
	}
	if _, err := b.Choose("Deutsch", func(string) string { return "" }); err == nil {
		t.Error("Choose(Deutsch) accepted a language that is not shipped")
	}
}
