package cli

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/continuum-screening/continuum/internal/testdefs"
)

// still checks that the screen keeps showing want and does not show gone
// after a key that must do nothing.
func (m *tmuxTerm) still(want, gone string) {
	m.t.Helper()
	time.Sleep(300 * time.Millisecond)
	s := m.screen(false)
	if !strings.Contains(s, want) || (gone != "" && strings.Contains(s, gone)) {
		m.t.Fatalf("a key that must do nothing changed the screen (want %q, not %q):\n%s", want, gone, s)
	}
}

// lineWith is the line of the screen that starts with prefix, or -1.
func lineWith(screen, prefix string) int {
	for i, l := range strings.Split(screen, "\n") {
		if strings.HasPrefix(l, prefix) {
			return i
		}
	}
	return -1
}

// body is the page's text on screen: the lines above the "more" line, which
// sits just above the key line (it starts with the quick exit).
func (m *tmuxTerm) body(quickExit string) []string {
	m.t.Helper()
	s := m.screen(false)
	f := lineWith(s, quickExit)
	if f < 1 {
		m.t.Fatalf("the quick-exit key %q does not start a line:\n%s", quickExit, s)
	}
	return strings.Split(s, "\n")[:f-1]
}

// readPage scrolls through the page on screen one line at a time and
// returns all its lines as laid out.
func (m *tmuxTerm) readPage(quickExit string) []string {
	m.t.Helper()
	prev := m.body(quickExit)
	all := slices.Clone(prev)
	for range 400 {
		m.send("Down")
		changed := false
		var cur []string
		for range 40 {
			time.Sleep(10 * time.Millisecond)
			if cur = m.body(quickExit); !slices.Equal(cur, prev) {
				changed = true
				break
			}
		}
		if !changed {
			return all
		}
		all = append(all, cur[len(cur)-1])
		prev = cur
	}
	m.t.Fatal("the page never ended")
	return nil
}

func indent(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }

// checkIndent: no line starts at column 0 right under an indented line (a
// wrapped line that lost its indentation, or one the terminal wrapped).
func checkIndent(t *testing.T, lines []string) {
	t.Helper()
	for i := 1; i < len(lines); i++ {
		a, b := lines[i-1], lines[i]
		if a == "" || b == "" || indent(a) < 2 || indent(b) > 0 || levelLine.MatchString(b) {
			continue
		}
		t.Errorf("line %d starts at column 0 inside an indented block:\n%s\n%s\n\npage:\n%s", i+1, a, b, strings.Join(lines, "\n"))
	}
}

var levelLine = regexp.MustCompile(`^(>> | : |   )([0-5])  \S`)

// checkLayout: no line starts at column 0 right under an indented line (a
// wrapped line that lost its indentation, or one the terminal wrapped), and
// the scale is whole: its six levels in order, each at column 3, anything
// wrapped between them indented under the names, and its note kept.
func checkLayout(t *testing.T, lines []string, here string) {
	t.Helper()
	page := strings.Join(lines, "\n")
	checkIndent(t, lines)
	start := slices.IndexFunc(lines, levelLine.MatchString)
	if start < 0 {
		t.Fatalf("no scale:\n%s", page)
	}
	next, end := 0, start
	for ; end < len(lines) && next <= 5; end++ {
		l := lines[end]
		if m := levelLine.FindStringSubmatch(l); m != nil {
			if m[2] != fmt.Sprint(next) {
				t.Fatalf("the scale has level %s where %d belongs:\n%s", m[2], next, page)
			}
			next++
			continue
		}
		if indent(l) < 6 || strings.TrimSpace(l) == "" {
			t.Fatalf("the scale is broken at %q:\n%s", l, page)
		}
	}
	for end < len(lines) && indent(lines[end]) >= 6 && strings.TrimSpace(lines[end]) != "" {
		end++
	}
	if next != 6 {
		t.Fatalf("the scale has %d levels:\n%s", next, page)
	}
	scale := strings.Join(strings.Fields(strings.Join(lines[start:end], " ")), " ")
	if note := strings.Join(strings.Fields(here), " "); !strings.Contains(scale, note) {
		t.Errorf("the scale lost its note %q:\n%s", note, strings.Join(lines[start:end], "\n"))
	}
}

// TestScreenLayoutEveryWidth walks a session in the full-screen mode at
// 80×24 and 60×20 in English, Arabic and Russian: the quick-exit key starts
// the key line on every screen; Enter alone answers nothing (on the consent,
// on a question, twice after the emergency help, in the review, on the
// result); the result opens with "not enough answers" when everything is
// unknown, lays out without a line at column 0 inside an indented block and
// with the scale whole; b on the result goes back to the answers; q
// finishes and leaves nothing behind.
func TestScreenLayoutEveryWidth(t *testing.T) {
	bin := terminalBinary(t)
	b, err := testdefs.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"en", "ar", "ru"} {
		for _, size := range [][2]int{{80, 24}, {60, 20}} {
			t.Run(fmt.Sprintf("%s-%dx%d", lang, size[0], size[1]), func(t *testing.T) {
				// Each terminal is its own tmux server, mostly waiting.
				t.Parallel()
				loc := b.Localizer(lang)
				qe := loc.T("session.tui.quick-exit")
				part := func(n int) string { return loc.T("session.progress", "Part", n, "Parts", 16) }
				m := startTmuxSize(t, size[0], size[1], bin, "screen", "--lang", lang)
				keys := func(what string) {
					t.Helper()
					if lineWith(m.screen(false), qe) < 0 {
						t.Fatalf("%s: the quick-exit key does not start a line:\n%s", what, m.screen(false))
					}
				}
				consent := loc.T("consent.title")
				m.wait(consent)
				keys("consent")
				m.send("Enter")
				m.still(consent, part(1))
				m.send("1")
				m.wait(part(1))
				keys("question")
				m.send("Enter")
				m.still(part(1), loc.T("session.emergency.title"))
				m.send("1") // in danger: the emergency help
				m.wait(loc.T("session.emergency.title"))
				keys("emergency help")
				m.send("Enter")
				m.wait(part(2))
				// The issue's case: two more Enters must not answer "Are you
				// under 18?".
				m.send("Enter")
				m.send("Enter")
				m.still(part(2), part(3))
				for n := 2; n <= 16; n++ {
					m.wait(part(n))
					m.send("4") // I prefer not to say
				}
				review := loc.T("session.review.title")
				m.wait(review)
				keys("review")
				m.wait(loc.T("session.tui.more-below"))
				m.send("Enter")
				m.still(review, "")
				m.send("0")
				title := loc.T("session.result.title")
				m.wait(title)
				keys("result")
				page := m.readPage(qe)
				checkLayout(t, page, loc.T("session.result.here"))
				flat := strings.Join(strings.Fields(strings.Join(page, " ")), " ")
				if h := loc.T("session.result.unknown", "Level", 0, "Ceiling", 5); !strings.Contains(flat, h) {
					t.Errorf("the result does not say %q:\n%s", h, strings.Join(page, "\n"))
				}
				// Back to the answers, and on to the result again.
				m.send("b")
				m.wait(review)
				m.send("0")
				m.wait(title)
				m.send("Enter")
				m.still(title, "EXIT=")
				m.send("q")
				m.leftNothing(0)
			})
		}
	}
}

// TestPlainClearsAtATerminal: in plain mode at a terminal, q at a question
// and q after the result clear the screen and the scrollback as the quick
// exit does; only the closing line stays.
func TestPlainClearsAtATerminal(t *testing.T) {
	bin := terminalBinary(t)
	b, err := testdefs.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	line := func(m *tmuxTerm, s string) {
		m.send(s)
		m.send("Enter")
	}
	for _, lang := range []string{"en", "ar", "ru"} {
		for _, size := range [][2]int{{80, 24}, {60, 20}} {
			t.Run(fmt.Sprintf("%s-%dx%d", lang, size[0], size[1]), func(t *testing.T) {
				// Each terminal is its own tmux server, mostly waiting.
				t.Parallel()
				loc := b.Localizer(lang)
				part := func(n int) string { return loc.T("session.progress", "Part", n, "Parts", 16) }
				stop := loc.T("session.keys.stop")

				m := startTmuxSize(t, size[0], size[1], bin, "screen", "--accessible", "--lang", lang)
				m.wait(loc.T("consent.title"))
				line(m, "1")
				m.wait(part(1))
				line(m, "2")
				m.wait(part(2))
				line(m, stop)
				m.wait("EXIT=130")
				if got, want := strings.Join(strings.Fields(m.screen(true)), " "), loc.T("session.stopped")+" EXIT=130"; got != want {
					t.Errorf("after %s the terminal holds %q, want only %q", stop, got, want)
				}

				m = startTmuxSize(t, size[0], size[1], bin, "screen", "--accessible", "--lang", lang)
				m.wait(loc.T("consent.title"))
				line(m, "1")
				for n := 1; n <= 16; n++ {
					m.wait(part(n))
					line(m, "2")
				}
				m.wait("  16. ") // the review's last answer
				line(m, "0")
				m.wait("continuum-core " + testdefs.Version()) // the result's last line
				line(m, stop)
				m.leftNothing(0)
			})
		}
	}
}

// TestReviewLongestPath: the longest path (every gate open, 58 answers in
// questionnaire 1.1.0) leaves a review that says more lies below, moves at
// once and shows where the cursor went.
func TestReviewLongestPath(t *testing.T) {
	bin := terminalBinary(t)
	form, err := testdefs.Form()
	if err != nil {
		t.Fatal(err)
	}
	_, longest := form.PathLengths()
	m := startTmuxSize(t, 80, 24, bin, "screen", "--lang", "en")
	m.wait("Before we start")
	m.send("1")
	m.wait("Part 1 of 16")
	for range longest + 10 {
		s := m.screen(false)
		if strings.Contains(s, "Your answers") {
			break
		}
		key := "1" // yes: every gate opens
		if strings.Contains(s, "Help in an emergency") {
			key = "Enter"
		}
		m.send(key)
		for start := time.Now(); m.screen(false) == s && time.Since(start) < 5*time.Second; {
			time.Sleep(10 * time.Millisecond)
		}
	}
	m.wait("Your answers")
	m.wait("↓ more below")
	start := time.Now()
	m.send("Up") // from no option to the last
	m.wait(fmt.Sprintf("> %d. ", longest))
	if took := time.Since(start); took > time.Second {
		t.Errorf("moving to answer %d took %v", longest, took)
	} else {
		t.Logf("moving to answer %d: %v", longest, took.Round(time.Millisecond))
	}
	m.wait("↑ more above")
	m.send("Escape")
	m.wait("EXIT=130")
}

// TestResizeRewraps: a window made narrower mid-question re-wraps the
// question at the new width, keeps the indentation of the options and the
// quick-exit key at the start of the key line.
func TestResizeRewraps(t *testing.T) {
	bin := terminalBinary(t)
	m := startTmuxSize(t, 100, 30, bin, "screen", "--lang", "en", "--also", "ro")
	m.wait("Before we start")
	m.send("1")
	m.wait("Part 1 of 16")
	if out, err := m.tmux("resize-window", "-t", "s", "-x", "50", "-y", "20"); err != nil {
		t.Fatalf("resize-window: %v: %s", err, out)
	}
	var s string
	for start := time.Now(); time.Since(start) < 5*time.Second; time.Sleep(20 * time.Millisecond) {
		s = m.screen(false)
		if strings.Contains(s, "\n(ro) Sunteți în pericol chiar") && lineWith(s, "esc: quick exit") >= 0 {
			break
		}
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if w := len([]rune(l)); w > 50 {
			t.Errorf("line %d is %d wide after the resize to 50:\n%s", i+1, w, s)
		}
	}
	if lineWith(s, "esc: quick exit") < 0 {
		t.Errorf("the quick-exit key does not start a line after the resize:\n%s", s)
	}
	checkIndent(t, m.body("esc: quick exit"))
	m.send("Escape")
	m.wait("EXIT=130")
}
