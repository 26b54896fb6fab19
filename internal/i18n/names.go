package i18n

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Match returns the code of the language in the bundle that value names, or
// "" when none: a code or a locale string ("ro", "ro_RO.UTF-8"), or the
// language's English or native name in any case, with or without accents
// ("Romanian", "română", "romana", "POLSKI"). Interviewers type what they
// know; a worker pointing at a name should not need the ISO code.
func (b *Bundle) Match(value string) string {
	codes := b.Codes()
	if c := Normalize(value); c != "" {
		for _, s := range codes {
			if s == c {
				return c
			}
		}
	}
	want := foldName(value)
	if want == "" {
		return ""
	}
	for _, code := range codes {
		cat := b.Catalog(code)
		if cat == nil {
			continue
		}
		if foldName(cat.Meta.Name) == want || foldName(cat.Meta.NativeName) == want {
			return code
		}
	}
	return ""
}

// foldName makes names comparable: lower case, accents and spaces removed.
func foldName(s string) string {
	var sb strings.Builder
	for _, r := range norm.NFD.String(strings.TrimSpace(s)) {
		if unicode.Is(unicode.Mn, r) || unicode.IsSpace(r) {
			continue
		}
		sb.WriteRune(unicode.ToLower(r))
	}
	return sb.String()
}

// Choose chooses the language as Resolve does, with --lang and
// CONTINUUM_LANG matched by Match, so that names are accepted too.
func (b *Bundle) Choose(flag string, getenv func(string) string) (Choice, error) {
	return resolve(flag, getenv, b.Codes(), b.Match)
}
