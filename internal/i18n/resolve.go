package i18n

import (
	"fmt"
	"strings"

	"golang.org/x/text/language"
)

// Normalize turns a language setting as found in --lang or the POSIX locale
// variables ("ro_RO.UTF-8", "pt_BR", "sr@latin", "C") into a base language code
// such as "ro". It returns "" for the C and POSIX locales and for anything
// that is not a language tag.
func Normalize(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, ".@"); i >= 0 {
		s = s[:i]
	}
	if s == "" || s == "C" || s == "POSIX" || len(s) > 35 {
		return ""
	}
	tag, err := language.Parse(strings.ReplaceAll(s, "_", "-"))
	if err != nil {
		return ""
	}
	base, conf := tag.Base()
	if conf == language.No {
		return ""
	}
	return base.String()
}

// Choice is the outcome of choosing a language.
type Choice struct {
	Code string
	// From names where the choice came from: "--lang", an environment
	// variable, or "default".
	From string
	// Skipped lists settings that named a language that is not shipped, for
	// a note on stderr.
	Skipped []string
}

// UnknownLanguageError is returned when --lang or CONTINUUM_LANG names a
// language that is not shipped.
type UnknownLanguageError struct {
	Value, From string
	Shipped     []string
}

func (e *UnknownLanguageError) Error() string {
	return fmt.Sprintf("%s: language %q is not shipped; expected one of: %s", e.From, e.Value, strings.Join(e.Shipped, ", "))
}

// resolve chooses the language: the --lang flag, then CONTINUUM_LANG, then
// LC_ALL, LC_MESSAGES, LANG and LANGUAGE (a colon-separated list), then
// English. An explicit choice (--lang, CONTINUUM_LANG) of a language that is
// not shipped is an error; a locale variable naming one is skipped. match,
// when not nil, also finds an explicit choice that names a language
// (Bundle.Match). Bundle.Choose is the one way in.
func resolve(flag string, getenv func(string) string, shipped []string, match func(string) string) (Choice, error) {
	has := func(c string) bool {
		for _, s := range shipped {
			if s == c {
				return true
			}
		}
		return false
	}
	explicit := []struct{ from, val string }{{"--lang", flag}, {"CONTINUUM_LANG", getenv("CONTINUUM_LANG")}}
	for _, e := range explicit {
		if e.val == "" {
			continue
		}
		if c := Normalize(e.val); has(c) {
			return Choice{Code: c, From: e.from}, nil
		}
		if match != nil {
			if c := match(e.val); c != "" {
				return Choice{Code: c, From: e.from}, nil
			}
		}
		return Choice{}, &UnknownLanguageError{Value: e.val, From: e.from, Shipped: shipped}
	}
	var ch Choice
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"} {
		val := getenv(v)
		if val == "" {
			continue
		}
		for _, part := range strings.Split(val, ":") {
			if p := strings.TrimSpace(part); p == "C" || p == "POSIX" || strings.HasPrefix(p, "C.") {
				// The C locale asks for untranslated messages: English.
				ch.Code, ch.From = Source, v
				return ch, nil
			}
			c := Normalize(part)
			if c == "" {
				continue
			}
			if has(c) {
				ch.Code, ch.From = c, v
				return ch, nil
			}
			ch.Skipped = append(ch.Skipped, v+"="+part)
		}
	}
	ch.Code, ch.From = Source, "default"
	return ch, nil
}
