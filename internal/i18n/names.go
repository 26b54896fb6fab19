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

// Choose chooses the language once for a run: the --lang flag, then
// CONTINUUM_LANG (each a code or a name, see Match), then LC_ALL,
// LC_MESSAGES, LANG and LANGUAGE, then English. An explicit choice of a
// language that is not shipped is an *UnknownLanguageError; a locale
// variable naming one is skipped.
func (b *Bundle) Choose(flag string, getenv func(string) string) (Choice, error) {
	return resolve(flag, getenv, b.Codes(), b.Match)
}

// MatchFlag is Match for a language given by the flag or variable from
// (--also, a --lang list): a language that is not shipped is an
// *UnknownLanguageError.
func (b *Bundle) MatchFlag(from, value string) (string, error) {
	if code := b.Match(value); code != "" {
		return code, nil
	}
	return "", &UnknownLanguageError{Value: value, From: from, Shipped: b.Codes()}
}
