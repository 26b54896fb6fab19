package prompt

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

func TestWrapKeepsIndentation(t *testing.T) {
	for _, tc := range []struct {
		line  string
		width int
		want  []string
	}{
		{"short", 20, []string{"short"}},
		{"  - one two three four five", 12, []string{"  - one two", "    three", "    four", "    five"}},
		{">> 0  Decent work  ← these answers", 20, []string{">> 0  Decent work", "      ← these", "      answers"}},
		{"   3  Name of a level", 14, []string{"   3  Name of", "      a level"}},
		{"1. Emergency shelter now", 14, []string{"1. Emergency", "   shelter now"}},
		{"      shown by the answer", 16, []string{"      shown by", "      the answer"}},
		{"(en) Are you in danger", 12, []string{"(en) Are you", "     in", "     danger"}},
		{"abcdefghijklmnop", 8, []string{"abcdefgh", "ijklmnop"}},
		{">> 0  Достойный труд  ← эти ответы", 24, []string{">> 0  Достойный труд", "      ← эти ответы"}},
	} {
		got := wrap(tc.line, tc.width)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("wrap(%q, %d) = %q, want %q", tc.line, tc.width, got, tc.want)
		}
		for _, l := range got {
			if ansi.StringWidth(l) > tc.width {
				t.Errorf("line %q is wider than %d", l, tc.width)
			}
		}
	}
}

// Every wrapped line fits, whatever the text and the width, and no word
// is lost.
func FuzzWrap(f *testing.F) {
	f.Add("  - Схема долгового рабства: долг, который растёт", 20)
	f.Add("هل أنت في خطر الآن، أو تخاف العودة إلى مكان سكنك أو عملك؟", 13)
	f.Add(" : 5  Индикаторы, соответствующие торговле людьми  ← как высоко", 30)
	f.Fuzz(func(t *testing.T, s string, width int) {
		if width < 8 || width > 300 || !utf8.ValidString(s) || strings.ContainsAny(s, "\n\t\x1b") || !ansiPlain(s) {
			return
		}
		got := wrap(s, width)
		for _, l := range got {
			if ansi.StringWidth(l) > width {
				t.Fatalf("%q wider than %d in %q", l, width, got)
			}
		}
		if !utf8.ValidString(strings.Join(got, "")) && utf8.ValidString(s) {
			t.Fatalf("a character was cut: %q", got)
		}
		if a, b := strings.Join(strings.Fields(s), ""), strings.Join(strings.Fields(strings.Join(got, " ")), ""); a != b {
			t.Fatalf("text changed: %q -> %q", s, got)
		}
	})
}

func ansiPlain(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return false
		}
	}
	return true
}
