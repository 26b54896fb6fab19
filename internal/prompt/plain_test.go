package prompt

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/continuum-screening/continuum/internal/i18n"
	"github.com/continuum-screening/continuum/internal/testdefs"
)

func loc(t *testing.T) *i18n.Localizer {
	t.Helper()
	b, err := testdefs.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	return b.Localizer("en")
}

var question = &Choice{
	Progress: "Question 1 of 2",
	Title:    Text{Main: "Title", Also: "Titre"},
	Help:     Text{Main: "Help text"},
	Explain:  []string{"why"},
	Options:  []Option{{ID: "yes", Label: Text{Main: "Yes", Also: "Oui"}}, {ID: "no", Label: Text{Main: "No"}}},
	Back:     true,
	Skip:     true,
}

func TestPlainReadsOneSharedReader(t *testing.T) {
	// Several screens from one piped input: each reads exactly its line.
	var out bytes.Buffer
	p := NewPlain(strings.NewReader("2\nb\ns\nx\n1\n\n٢"), &out, &out, loc(t), "fr")
	ctx := context.Background()
	want := []Reply{{Action: Chose, ID: "no"}, {Action: WentBack}, {Action: Skipped}, {Action: Chose, ID: "yes"}}
	for i, w := range want {
		r, err := p.Choose(ctx, question)
		if err != nil || r != w {
			t.Fatalf("screen %d: %+v, %v; expected %+v", i, r, err, w)
		}
	}
	if err := p.Show(ctx, &Page{Title: "Help", Lines: []string{"Call"}}); err != nil {
		t.Fatal(err)
	}
	// A last line without a newline, in Arabic-Indic digits.
	if r, err := p.Choose(ctx, question); err != nil || r.ID != "no" {
		t.Fatalf("last line: %+v, %v", r, err)
	}
	if _, err := p.Choose(ctx, question); !errors.Is(err, ErrEndOfInput) {
		t.Fatalf("after the input: %v; expected ErrEndOfInput", err)
	}
	if _, err := p.Choose(ctx, question); !errors.Is(err, ErrEndOfInput) {
		t.Fatalf("again after the input: %v; expected ErrEndOfInput", err)
	}
	s := out.String()
	for _, want := range []string{"Question 1 of 2\n", "Title\n", "(fr) Titre\n", "Help text\n", "  [why]\n",
		"  1. Yes / Oui\n", "  2. No\n", "b: go back", "s: skip this question", "q: stop and keep nothing",
		"Please type a number from 1 to 2", "Help\nCall\n", "Press Enter to go on."} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q:\n%s", want, s)
		}
	}
}

func TestPlainStopAndOffers(t *testing.T) {
	var out bytes.Buffer
	p := NewPlain(strings.NewReader("q\n"), &out, &out, loc(t), "")
	if _, err := p.Choose(context.Background(), question); !errors.Is(err, ErrStopped) {
		t.Fatalf("q: %v; expected ErrStopped", err)
	}
	// Without back and skip, b and s are not commands.
	out.Reset()
	p = NewPlain(strings.NewReader("b\ns\n1\n"), &out, &out, loc(t), "")
	c := *question
	c.Back, c.Skip = false, false
	r, err := p.Choose(context.Background(), &c)
	if err != nil || r.ID != "yes" {
		t.Fatalf("%+v, %v", r, err)
	}
	if strings.Contains(out.String(), "go back") || strings.Count(out.String(), "Please type") != 2 {
		t.Errorf("output:\n%s", out.String())
	}
}

func TestPlainCancelledContext(t *testing.T) {
	r, w := ioPipe()
	defer w.Close()
	var out bytes.Buffer
	p := NewPlain(r, &out, &out, loc(t), "")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := p.Choose(ctx, question); !errors.Is(err, context.Canceled) {
		t.Fatalf("%v; expected context.Canceled", err)
	}
}

func TestNumber(t *testing.T) {
	for in, want := range map[string]int{"1": 1, "12": 12, "٣": 3, "۴": 4, "३": 3, "５": 5} {
		if n, ok := number(in); !ok || n != want {
			t.Errorf("number(%q) = %d, %v", in, n, ok)
		}
	}
	for _, in := range []string{"", "x", "1a", "-1", "99999"} {
		if _, ok := number(in); ok {
			t.Errorf("number(%q) accepted", in)
		}
	}
}

func ioPipe() (*os.File, *os.File) {
	r, w, err := os.Pipe()
	if err != nil {
		panic(err)
	}
	return r, w
}

func TestPlainPageNoticeComesFirst(t *testing.T) {
	// A page's notice (the TRAINING label) is its first line, on a screen
	// and on the result alike; escape sequences in it are made inert.
	var out, res bytes.Buffer
	p := NewPlain(strings.NewReader("\n"), &out, &res, loc(t), "")
	pg := &Page{Notice: []string{"TRAINING\x1b[2J"}, Title: "Case", Lines: []string{"text"}}
	if err := p.Show(context.Background(), pg); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(out.String(), "\n"); len(lines) < 4 || lines[0] != "" || !strings.HasPrefix(lines[1], "TRAINING") || lines[2] != "Case" {
		t.Errorf("screen %q", out.String())
	}
	if strings.Contains(out.String(), "\x1b") {
		t.Errorf("an escape sequence reached the screen: %q", out.String())
	}
	if _, err := p.Result(context.Background(), &Page{Notice: []string{"TRAINING"}, Lines: []string{"result"}}); err != nil {
		t.Fatal(err)
	}
	if res.String() != "TRAINING\nresult\n" {
		t.Errorf("result %q", res.String())
	}
}

// In every shipped language the back, skip and stop keys can be typed on a
// Latin keyboard, and a key written in another script shows the Latin one
// beside it; no key means two things.
func TestPlainKeysTypeableEverywhere(t *testing.T) {
	b, err := testdefs.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range b.Codes() {
		p := NewPlain(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{}, b.Localizer(code), "")
		k := p.keys()
		seen := map[string]string{}
		for name, set := range map[string]keySet{"back": k.back, "skip": k.skip, "stop": k.stop, "reread": k.reread} {
			latin := ""
			for _, key := range set {
				if prev, ok := seen[key]; ok {
					t.Errorf("%s: key %q is both %s and %s", code, key, prev, name)
				}
				seen[key] = name
				if latin == "" && len(key) == 1 && key[0] >= 'a' && key[0] <= 'z' {
					latin = key
				}
			}
			if latin == "" {
				t.Errorf("%s: %s keys %v: none can be typed on a Latin keyboard", code, name, set)
			}
			if !strings.Contains(set.show(), latin) || !strings.Contains(set.show(), set[0]) {
				t.Errorf("%s: %s shows %q; expected %q and %q", code, name, set.show(), set[0], latin)
			}
		}
	}
	// A Bulgarian session: the hint shows both, and either works.
	var out bytes.Buffer
	p := NewPlain(strings.NewReader("b\nн\nq\n"), &out, &out, b.Localizer("bg"), "")
	for _, want := range []Action{WentBack, WentBack} {
		if r, err := p.Choose(context.Background(), question); err != nil || r.Action != want {
			t.Fatalf("%+v, %v; expected %v", r, err, want)
		}
	}
	if _, err := p.Choose(context.Background(), question); !errors.Is(err, ErrStopped) {
		t.Fatalf("q: %v; expected ErrStopped", err)
	}
	if !strings.Contains(out.String(), "н (b)") || !strings.Contains(out.String(), "к (q)") {
		t.Errorf("hint does not show the Latin keys:\n%s", out.String())
	}
	// The result screen too.
	out.Reset()
	p = NewPlain(strings.NewReader("q\n"), &out, &out, b.Localizer("bg"), "")
	if a, err := p.Result(context.Background(), &Page{Title: "R", Back: true}); err != nil || a != Done {
		t.Fatalf("result: %v, %v", a, err)
	}
	if !strings.Contains(out.String(), "н (b)") || !strings.Contains(out.String(), "к (q)") {
		t.Errorf("result hint does not show the Latin keys:\n%s", out.String())
	}
}
