package prompt

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// hostile carries what a definition or directory file could put into a
// text: a screen clear, a window-title change, a one-character CSI (C1), a
// bidirectional override and a line separator.
const hostile = "\x1b[2J\x1b]0;owned\x07\u009b31m\u202eevil\u2028"

func hostileChoice() *Choice {
	return &Choice{
		Notice:   []string{"notice " + hostile},
		Progress: "progress " + hostile,
		Title:    Text{Main: "title " + hostile, Also: "also " + hostile},
		Help:     Text{Main: "help\n" + hostile},
		Explain:  []string{"explain " + hostile},
		Options:  []Option{{ID: "yes", Label: Text{Main: "label " + hostile}}, {ID: "no", Label: Text{Main: "No"}}},
	}
}

func checkInert(t *testing.T, where, s string) {
	t.Helper()
	for _, bad := range []string{"\x1b[2J", "\x1b]0;", "\u009b", "\u202e", "\u2028", "\x07"} {
		if strings.Contains(s, bad) {
			t.Errorf("%s: %q reached the terminal:\n%q", where, bad, s)
		}
	}
	if !strings.Contains(s, `\x1b[2J`) || !strings.Contains(s, `\u202eevil`) {
		t.Errorf("%s: the text is not shown as visible escapes:\n%q", where, s)
	}
}

func TestPlainMakesTextInert(t *testing.T) {
	var out, res bytes.Buffer
	p := NewPlain(strings.NewReader("1\n\n"), &out, &res, loc(t), "fr")
	ctx := context.Background()
	if r, err := p.Choose(ctx, hostileChoice()); err != nil || r.ID != "yes" {
		t.Fatalf("%+v %v", r, err)
	}
	if err := p.Show(ctx, &Page{Title: "t " + hostile, Lines: []string{"l " + hostile}}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Result(ctx, &Page{Title: "r " + hostile, Lines: []string{"l " + hostile}}); err != nil {
		t.Fatal(err)
	}
	checkInert(t, "plain screen", out.String())
	checkInert(t, "plain result", res.String())
}

func TestTUIMakesTextInert(t *testing.T) {
	m := &tuiModel{also: "fr"}
	c := inertChoice(hostileChoice())
	m.Update(&request{choice: c, chrome: chrome{keys: []string{"k"}}})
	checkInert(t, "full-screen question", m.View().Content)
	m = &tuiModel{}
	m.Update(&request{page: inertPage(&Page{Title: "t " + hostile, Lines: []string{"l " + hostile}}), chrome: chrome{keys: []string{"k"}}})
	checkInert(t, "full-screen page", m.View().Content)
}
