package cli

import (
	"bytes"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/continuum-screening/continuum/internal/i18n"
	"github.com/continuum-screening/continuum/internal/interview"
	"github.com/continuum-screening/continuum/internal/prompt"
	"github.com/continuum-screening/continuum/internal/prompt/prompttest"
	"github.com/continuum-screening/continuum/internal/testdefs"
)

func runScreen(t *testing.T, f *prompttest.Fake, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	s := &Streams{In: strings.NewReader(""), Out: &out, Err: &errb, Getenv: func(k string) string { return env[k] }}
	g := &Globals{Streams: s}
	o := &screenOptions{sessionOptions: sessionOptions{Globals: g, newPrompter: func(*sessionOptions, *i18n.Localizer, string, bool) (prompt.Prompter, error) { return f, nil }}}
	for i := 0; i+1 < len(args); i += 2 {
		switch args[i] {
		case "--lang":
			g.Lang = args[i+1]
		case "--also":
			o.Also = args[i+1]
		}
	}
	err := screenRun(o)
	if err != nil && err.Error() != "" {
		errb.WriteString(err.Error())
	}
	return exitCode(err), out.String(), errb.String()
}

func allNo() []prompt.Reply {
	r := prompttest.Chose("yes") // consent
	for i := 0; i < 16; i++ {
		r = append(r, prompt.Reply{Action: prompt.Chose, ID: "no"})
	}
	return append(r, prompttest.Chose(interview.ReviewDone)...)
}

func TestScreenDeclinedKeepsNothing(t *testing.T) {
	for _, r := range [][]prompt.Reply{prompttest.Chose("no"), {{Action: prompt.Skipped}}} {
		f := &prompttest.Fake{Replies: r}
		code, out, errs := runScreen(t, f, nil, "--lang", "en")
		if code != 0 || out != "" || f.Final != nil || len(f.Choices) != 1 {
			t.Errorf("declined: exit %d, stdout %q, result %v, %d screens", code, out, f.Final != nil, len(f.Choices))
		}
		if !strings.Contains(errs, "Nothing was kept") {
			t.Errorf("stderr %q", errs)
		}
	}
}

func TestScreenStopAndQuickExit(t *testing.T) {
	for _, tc := range []struct {
		err    error
		code   int
		stderr string
	}{
		{prompt.ErrStopped, ExitInterrupted, "Stopped. Nothing was kept."},
		{prompt.ErrQuickExit, ExitInterrupted, ""},
		{prompt.ErrEndOfInput, ExitError, "the input ended before the session was finished"},
	} {
		f := &prompttest.Fake{Replies: allNo(), ErrAt: 5, Err: tc.err}
		code, out, errs := runScreen(t, f, nil, "--lang", "en")
		if code != tc.code || out != "" || f.Final != nil || !f.Closed {
			t.Errorf("%v: exit %d, stdout %q, result %v, closed %v", tc.err, code, out, f.Final != nil, f.Closed)
		}
		if strings.TrimSpace(errs) != tc.stderr && !strings.Contains(errs, tc.stderr) || (tc.stderr == "" && errs != "") {
			t.Errorf("%v: stderr %q; expected %q", tc.err, errs, tc.stderr)
		}
	}
}

func TestScreenAsksLanguageUnlessChosen(t *testing.T) {
	b, err := testdefs.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Codes()) < 2 {
		t.Skip("only one language is shipped")
	}
	other := b.Codes()[1]
	f := &prompttest.Fake{Replies: append(prompttest.Chose(other), prompttest.Chose("no")...)}
	runScreen(t, f, map[string]string{"LANG": "C"})
	if len(f.Choices) < 2 || len(f.Choices[0].Options) != len(b.Codes()) {
		t.Fatalf("no language screen: %v", f.Events)
	}
	if len(f.Locs) != 1 || f.Locs[0] != other {
		t.Fatalf("the prompter's language was not switched: %v", f.Locs)
	}
	if b.Catalog(other).Meta.ReviewStatus == i18n.StatusDraft && len(f.Choices[1].Notice) != 1 {
		t.Errorf("a draft language must show the draft notice on the consent screen")
	}
	// --lang chooses: no language screen.
	f = &prompttest.Fake{Replies: prompttest.Chose("no")}
	runScreen(t, f, nil, "--lang", other)
	if len(f.Choices) != 1 || len(f.Choices[0].Options) != 2 {
		t.Fatalf("with --lang the first screen must be the consent: %v", f.Events)
	}
}

func TestScreenAlsoUnknownLanguage(t *testing.T) {
	f := &prompttest.Fake{}
	code, _, errs := runScreen(t, f, nil, "--lang", "en", "--also", "zz")
	if code != ExitUsage || !strings.Contains(errs, "--also") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
}

// A whole plain session in every shipped language (languages added later are
// covered by themselves): it must end with a result, and for a language other
// than English no English text of the catalogue may reach the screen.
func TestScreenPlainEveryLanguage(t *testing.T) {
	b, err := testdefs.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	en := b.Catalog(i18n.Source)
	placeholder := regexp.MustCompile(`\{\{\s*\.[A-Za-z0-9]+\s*\}\}`)
	type frag struct{ id, text string }
	var english []frag
	for id, m := range en.Messages {
		texts := []string{m.Text}
		for _, p := range m.Plural {
			texts = append(texts, p)
		}
		for _, tx := range texts {
			for _, part := range placeholder.Split(tx, -1) {
				if part = strings.TrimSpace(part); len([]rune(part)) > 15 {
					english = append(english, frag{id, part})
				}
			}
		}
	}
	// A path through most screens: danger (emergency help), follow-ups,
	// unknown answers (range, could-raise), explain lines, the review.
	input := strings.Join([]string{
		"1",     // consent
		"1", "", // danger, emergency help
		"2", "2", // under 18, arranged by other
		"1", "1", "3", "2", "2", "2", // promise-differs and its follow-ups
		"2", "2", // recruitment-force, hard-situation
		"3", "3", "3", "3", // pay-problem (don't know opens), pay-held, pay-deductions, long-hours
		"2", "2", "2", "2", "2", "2", "2", "2", // bad-conditions … situation-now
		"0", // review: the result
	}, "\n") + "\n"

	for _, code := range b.Codes() {
		t.Run(code, func(t *testing.T) {
			var out, errb bytes.Buffer
			s := &Streams{In: strings.NewReader(input), Out: &out, Err: &errb, Getenv: func(string) string { return "" }}
			if rc := Run([]string{"screen", "--lang", code, "--explain"}, s); rc != 0 {
				t.Fatalf("exit %d\nstderr:\n%s", rc, errb.String())
			}
			all := out.String() + errb.String()
			if !strings.Contains(out.String(), "continuum-core") || !strings.Contains(errb.String(), "16") {
				t.Fatalf("no complete session:\n%s", all)
			}
			if strings.Contains(strings.ToLower(all), "victim") {
				t.Errorf("the word victim appears")
			}
			if code == i18n.Source {
				return
			}
			cat := b.Catalog(code)
			leaks := map[string]bool{}
			for _, fr := range english {
				if !strings.Contains(all, fr.text) || leaks[fr.id] {
					continue
				}
				if tr := cat.Messages[fr.id]; tr != nil && strings.Contains(tr.Text, fr.text) {
					continue // the translation itself keeps this text (a name, a number)
				}
				leaks[fr.id] = true
			}
			if len(leaks) > 0 {
				ids := make([]string, 0, len(leaks))
				for id := range leaks {
					ids = append(ids, id)
				}
				sort.Strings(ids)
				t.Errorf("English text reaches the screen in %s for: %s", code, strings.Join(ids, ", "))
			}
		})
	}
}
