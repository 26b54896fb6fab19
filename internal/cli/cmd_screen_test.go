package cli

import (
	"bytes"
	"context"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/continuum-screening/continuum/internal/i18n"
	"github.com/continuum-screening/continuum/internal/prompt"
)

// fakePrompter replays replies and records what was shown.
type fakePrompter struct {
	replies []prompt.Reply
	errAt   int   // return err at this Choose call (1-based); 0 = never
	err     error // the error to return
	calls   int
	choices []*prompt.Choice
	events  []string // "choose:<title>", "show:<title>", "result"
	result  *prompt.Page
	locs    []string
	closed  bool
}

func (f *fakePrompter) SetLocalizer(l *i18n.Localizer) { f.locs = append(f.locs, l.Lang()) }

func (f *fakePrompter) Choose(_ context.Context, c *prompt.Choice) (prompt.Reply, error) {
	f.calls++
	f.choices = append(f.choices, c)
	f.events = append(f.events, "choose:"+c.Title.Main)
	if f.errAt == f.calls {
		return prompt.Reply{}, f.err
	}
	if len(f.replies) == 0 {
		return prompt.Reply{}, prompt.ErrEndOfInput
	}
	r := f.replies[0]
	f.replies = f.replies[1:]
	return r, nil
}

func (f *fakePrompter) Show(_ context.Context, p *prompt.Page) error {
	f.events = append(f.events, "show:"+p.Title)
	return nil
}

func (f *fakePrompter) Result(_ context.Context, p *prompt.Page) error {
	f.events = append(f.events, "result")
	f.result = p
	return nil
}

func (f *fakePrompter) Close() error { f.closed = true; return nil }

func chose(ids ...string) []prompt.Reply {
	out := make([]prompt.Reply, len(ids))
	for i, id := range ids {
		out[i] = prompt.Reply{Action: prompt.Chose, ID: id}
	}
	return out
}

func runScreen(t *testing.T, f *fakePrompter, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	s := &Streams{In: strings.NewReader(""), Out: &out, Err: &errb, Getenv: func(k string) string { return env[k] }}
	g := &Globals{Streams: s}
	o := &screenOptions{Globals: g, newPrompter: func(*screenOptions, *i18n.Localizer, string, bool) (prompt.Prompter, error) { return f, nil }}
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
	r := chose("yes") // consent
	for i := 0; i < 16; i++ {
		r = append(r, prompt.Reply{Action: prompt.Chose, ID: "no"})
	}
	return append(r, chose(reviewResult)...)
}

func TestScreenFlowDecentWork(t *testing.T) {
	f := &fakePrompter{replies: allNo()}
	code, _, _ := runScreen(t, f, nil, "--lang", "en")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	if f.result == nil || !f.closed {
		t.Fatal("no result, or the prompter was not closed")
	}
	if got := f.choices[1].Progress; got != "Question 1 of 16" {
		t.Errorf("first progress %q", got)
	}
	if !f.choices[1].Skip || f.choices[1].Back || !f.choices[2].Back {
		t.Error("a question must offer skip, and back from the second on")
	}
	if len(f.choices[1].Options) != 4 {
		t.Errorf("a question has %d options; expected yes, no, don't know, prefer not to say", len(f.choices[1].Options))
	}
	if !strings.Contains(strings.Join(f.result.Lines, "\n"), "Level 0: Decent work") {
		t.Errorf("result:\n%s", strings.Join(f.result.Lines, "\n"))
	}
}

func TestScreenDeclinedKeepsNothing(t *testing.T) {
	for _, r := range [][]prompt.Reply{chose("no"), {{Action: prompt.Skipped}}} {
		f := &fakePrompter{replies: r}
		code, out, errs := runScreen(t, f, nil, "--lang", "en")
		if code != 0 || out != "" || f.result != nil || len(f.choices) != 1 {
			t.Errorf("declined: exit %d, stdout %q, result %v, %d screens", code, out, f.result != nil, len(f.choices))
		}
		if !strings.Contains(errs, "Nothing was kept") {
			t.Errorf("stderr %q", errs)
		}
	}
}

func TestScreenDangerShowsHelpAtOnce(t *testing.T) {
	r := chose("yes", "yes") // consent, danger
	for i := 0; i < 15; i++ {
		r = append(r, prompt.Reply{Action: prompt.Chose, ID: "no"})
	}
	f := &fakePrompter{replies: append(r, chose(reviewResult)...)}
	if code, _, _ := runScreen(t, f, nil, "--lang", "en"); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if f.events[2] != "show:Help in an emergency" {
		t.Fatalf("after the danger question came %q; expected the emergency help", f.events[2])
	}
	if !strings.HasPrefix(f.events[3], "choose:Are you under 18") {
		t.Fatalf("the session did not go on: %q", f.events[3])
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
		f := &fakePrompter{replies: allNo(), errAt: 5, err: tc.err}
		code, out, errs := runScreen(t, f, nil, "--lang", "en")
		if code != tc.code || out != "" || f.result != nil || !f.closed {
			t.Errorf("%v: exit %d, stdout %q, result %v, closed %v", tc.err, code, out, f.result != nil, f.closed)
		}
		if strings.TrimSpace(errs) != tc.stderr && !strings.Contains(errs, tc.stderr) || (tc.stderr == "" && errs != "") {
			t.Errorf("%v: stderr %q; expected %q", tc.err, errs, tc.stderr)
		}
	}
}

func TestScreenReviewChange(t *testing.T) {
	r := allNo()
	r = r[:len(r)-1]
	// In the review: change long-hours to yes, then see the result.
	r = append(r, chose("long-hours", "yes", reviewResult)...)
	f := &fakePrompter{replies: r}
	if code, _, _ := runScreen(t, f, nil, "--lang", "en"); code != 0 {
		t.Fatalf("exit %d", code)
	}
	changing := f.choices[len(f.choices)-2]
	if !strings.HasPrefix(changing.Progress, "Changing an answer") || changing.Default != "no" {
		t.Errorf("changing screen: progress %q, default %q", changing.Progress, changing.Default)
	}
	if !strings.Contains(strings.Join(f.result.Lines, "\n"), "Level 1: Labour-rights violations") {
		t.Errorf("the change was not scored:\n%s", strings.Join(f.result.Lines, "\n"))
	}
}

func TestScreenAsksLanguageUnlessChosen(t *testing.T) {
	b, err := i18n.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Codes()) < 2 {
		t.Skip("only one language is shipped")
	}
	other := b.Codes()[1]
	f := &fakePrompter{replies: append(chose(other), chose("no")...)}
	runScreen(t, f, map[string]string{"LANG": "C"})
	if len(f.choices) < 2 || len(f.choices[0].Options) != len(b.Codes()) {
		t.Fatalf("no language screen: %v", f.events)
	}
	if len(f.locs) != 1 || f.locs[0] != other {
		t.Fatalf("the prompter's language was not switched: %v", f.locs)
	}
	if b.Catalog(other).Meta.ReviewStatus == i18n.StatusDraft && len(f.choices[1].Notice) != 1 {
		t.Errorf("a draft language must show the draft notice on the consent screen")
	}
	// --lang chooses: no language screen.
	f = &fakePrompter{replies: chose("no")}
	runScreen(t, f, nil, "--lang", other)
	if len(f.choices) != 1 || len(f.choices[0].Options) != 2 {
		t.Fatalf("with --lang the first screen must be the consent: %v", f.events)
	}
}

func TestScreenAlsoUnknownLanguage(t *testing.T) {
	f := &fakePrompter{}
	code, _, errs := runScreen(t, f, nil, "--lang", "en", "--also", "zz")
	if code != ExitUsage || !strings.Contains(errs, "--also") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
}

// A whole plain session in every shipped language (languages added later are
// covered by themselves): it must end with a result, and for a language other
// than English no English text of the catalogue may reach the screen.
func TestScreenPlainEveryLanguage(t *testing.T) {
	b, err := i18n.Shipped()
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
		"1", "1", "3", "2", "2", // promise-differs and its follow-ups
		"2", "2", // recruitment-force, hard-situation
		"3", "3", "3", "3", // pay-problem (don't know opens), pay-held, pay-deductions, long-hours
		"2", "2", "2", "2", "2", "2", "2", "2", // bad-conditions … situation-now
		"1", // review: the result
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
