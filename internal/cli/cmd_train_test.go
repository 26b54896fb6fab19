package cli

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/continuum-screening/continuum/internal/i18n"
	"github.com/continuum-screening/continuum/internal/interview"
	"github.com/continuum-screening/continuum/internal/prompt"
	"github.com/continuum-screening/continuum/internal/prompt/prompttest"
	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/report"
	"github.com/continuum-screening/continuum/internal/testdefs"
	"github.com/continuum-screening/continuum/internal/training"
)

func runTrain(t *testing.T, p prompt.Prompter, in string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	s := &Streams{In: strings.NewReader(in), Out: &out, Err: &errb, Getenv: func(string) string { return "" }}
	g := &Globals{Streams: s}
	cmd := newTrainCmd(g, func(o *trainOptions) error {
		if p != nil {
			o.newPrompter = func(*sessionOptions, *i18n.Localizer, string, bool) (prompt.Prompter, error) { return p, nil }
		}
		return trainRun(o)
	})
	// --lang is a flag of the root command, which the test leaves out.
	cmd.Flags().StringVar(&g.Lang, "lang", "", "")
	cmd.SetArgs(args)
	cmd.SetOut(&out)
	cmd.SetErr(&errb)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	err := cmd.Execute()
	if err != nil && err.Error() != "" {
		errb.WriteString(err.Error())
	}
	return exitCode(err), out.String(), errb.String()
}

// modelReplies answers a scenario as its model answers do, in the order the
// skip logic asks, then goes on from the review and places the case.
func modelReplies(t *testing.T, sc *training.Scenario, form *q.Form, placed string) []prompt.Reply {
	t.Helper()
	var r []prompt.Reply
	for _, qq := range form.Questions {
		if a := sc.AnswerList[qq.Index]; a != "" {
			r = append(r, prompt.Reply{Action: prompt.Chose, ID: a})
		}
	}
	return append(r, prompttest.Chose(interview.ReviewDone, placed)...)
}

func shippedScenarios(t *testing.T) (*q.Form, *training.Set) {
	t.Helper()
	f, err := testdefs.Form()
	if err != nil {
		t.Fatal(err)
	}
	sf, err := testdefs.File(training.Kind)
	if err != nil {
		t.Fatal(err)
	}
	set, err := training.Parse(sf.Name, sf.Data, f)
	if err != nil {
		t.Fatal(err)
	}
	return f, set
}

func TestTrainFlowMarksEveryScreen(t *testing.T) {
	f, set := shippedScenarios(t)
	sc := set.Scenario("kitchen-porter")
	fp := &prompttest.Fake{Replies: append(prompttest.Chose("kitchen-porter"), modelReplies(t, sc, f, "3")...)}
	code, _, errs := runTrain(t, fp, "", "--lang", "en")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if fp.Final == nil || !fp.Closed {
		t.Fatal("no result, or the prompter was not closed")
	}
	if fp.Choices[0].Title.Main != "Choose a practice case" || fp.Choices[0].Notice[0] != "TRAINING" {
		t.Errorf("first screen %q, notice %q", fp.Choices[0].Title.Main, fp.Choices[0].Notice)
	}
	for i, c := range fp.Choices[1:] {
		if len(c.Notice) == 0 || c.Notice[0] != "TRAINING · Kitchen porter above the restaurant" {
			t.Errorf("screen %d (%s): notice %q", i+2, c.Title.Main, c.Notice)
		}
		if len(c.Explain) > 0 {
			t.Errorf("screen %d: explains the question, which gives the answer away", i+2)
		}
	}
	if fp.Final.Notice[0] != "TRAINING · Kitchen porter above the restaurant" {
		t.Errorf("result notice %q", fp.Final.Notice)
	}
	// The case comes second; its title is in the label, once.
	if fp.Events[1] != "show:" || fp.Pages[0].Notice[0] != "TRAINING · Kitchen porter above the restaurant" {
		t.Errorf("the case is not shown second, titled once: %v", fp.Events[:3])
	}
	last := fp.Choices[len(fp.Choices)-1]
	if last.Title.Main != "Where on the scale do you place this case?" || len(last.Options) != 6 || !last.Back || last.Skip ||
		!last.Zero || last.Options[4].ID != "4" || last.Options[4].Label.Main != "Indicators consistent with forced labour" {
		t.Errorf("placement screen, numbered by level: %+v", last)
	}
	text := strings.Join(fp.Final.Lines, "\n")
	for _, want := range []string{"Your level is the model level.", "Indicators you found:", "All your answers are the same", "Why the model level is what it is:"} {
		if !strings.Contains(text, want) {
			t.Errorf("result lacks %q:\n%s", want, text)
		}
	}
}

// Going back from the placement shows the review again; stopping there
// keeps nothing.
func TestTrainBackFromPlacementAndStop(t *testing.T) {
	f, set := shippedScenarios(t)
	sc := set.Scenario("apple-harvest")
	r := modelReplies(t, sc, f, "0")
	r = r[:len(r)-1]
	r = append(r, prompt.Reply{Action: prompt.WentBack})
	fp := &prompttest.Fake{Replies: r, ErrAt: len(r) + 1, Err: prompt.ErrStopped}
	code, out, errs := runTrain(t, fp, "", "apple-harvest", "--lang", "en")
	if code != ExitInterrupted || out != "" || fp.Final != nil {
		t.Fatalf("exit %d, stdout %q, result %v", code, out, fp.Final != nil)
	}
	if got := fp.Choices[len(fp.Choices)-1].Title.Main; got != "Your answers" {
		t.Errorf("after going back from the placement: %q, want the review", got)
	}
	if !strings.Contains(errs, "Nothing was kept") {
		t.Errorf("stderr %q", errs)
	}
}

func TestTrainUsageErrors(t *testing.T) {
	for _, args := range [][]string{{"no-such-case"}, {"--json"}, {"--list", "apple-harvest"}, {"apple-harvest", "--also", "xx"}, {"a", "b"}} {
		fp := &prompttest.Fake{}
		code, out, _ := runTrain(t, fp, "", args...)
		if code != ExitUsage || out != "" || fp.Calls != 0 {
			t.Errorf("%v: exit %d, stdout %q, %d screens; want exit 2 before any screen", args, code, out, fp.Calls)
		}
	}
}

// countingPrompter counts the screens of a real prompter and checks that
// each carries the label first.
type countingPrompter struct {
	prompt.Prompter
	t       *testing.T
	label   string
	screens int
}

func (c *countingPrompter) check(n []string, what string) {
	c.screens++
	if len(n) == 0 || !strings.HasPrefix(n[0], c.label) {
		c.t.Errorf("%s %d: notice %q, want it to start with %q", what, c.screens, n, c.label)
	}
}

func (c *countingPrompter) Choose(ctx context.Context, ch *prompt.Choice) (prompt.Reply, error) {
	c.check(ch.Notice, "choice")
	return c.Prompter.Choose(ctx, ch)
}

func (c *countingPrompter) Show(ctx context.Context, p *prompt.Page) error {
	c.check(p.Notice, "page")
	return c.Prompter.Show(ctx, p)
}

func (c *countingPrompter) Result(ctx context.Context, p *prompt.Page) (prompt.Action, error) {
	c.check(p.Notice, "result")
	return c.Prompter.Result(ctx, p)
}

// TestTrainEveryLanguagePlain runs one whole plain session in every shipped
// language: choosing the case, the case, the questions, the review, the
// placement and the comparison. The TRAINING label in that language heads
// every screen, no message falls back to English, and no level number or
// question is left untranslated.
func TestTrainEveryLanguagePlain(t *testing.T) {
	b, err := testdefs.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	f, set := shippedScenarios(t)
	sc := set.Scenarios[2]
	idx := "3"
	// Typed input: the case's number in the list, Enter after the case, the
	// model answers as numbers, the review's option 0 (the result), the
	// model level (the placement is numbered by level).
	var in strings.Builder
	in.WriteString(idx + "\n\n")
	for _, qq := range f.Questions {
		if a := sc.AnswerList[qq.Index]; a != "" {
			for i, ch := range f.Choices {
				if ch.ID == a {
					in.WriteString(string(rune('1'+i)) + "\n")
				}
			}
		}
	}
	in.WriteString("0\n")
	in.WriteString(string(rune('0'+sc.Expect.Level)) + "\n")

	for _, code := range b.Codes() {
		t.Run(code, func(t *testing.T) {
			loc := b.Localizer(code)
			label := loc.T("training.label")
			var out, errb bytes.Buffer
			var cp *countingPrompter
			s := &Streams{In: strings.NewReader(in.String()), Out: &out, Err: &errb, Getenv: func(string) string { return "" }}
			o := &trainOptions{sessionOptions: sessionOptions{Globals: &Globals{Streams: s, Lang: code}}}
			o.newPrompter = func(so *sessionOptions, l *i18n.Localizer, also string, plain bool) (prompt.Prompter, error) {
				if !plain {
					t.Fatal("not plain mode with stdin not a terminal")
				}
				p, err := defaultPrompter(so, l, also, plain)
				cp = &countingPrompter{Prompter: p, t: t, label: label}
				return cp, err
			}
			if err := trainRun(o); err != nil {
				t.Fatalf("%v\n%s", err, errb.String())
			}
			// The case list, the case, the questions, the review, the
			// placement and the result.
			want := 1 + 1 + len(sc.Answers) + 1 + 1 + 1
			if cp.screens != want {
				t.Errorf("%d screens, want %d", cp.screens, want)
			}
			// Every screen's first line is the label, in stderr (the
			// screens) and stdout (the comparison).
			n := 0
			for _, line := range strings.Split(errb.String()+"\n"+out.String(), "\n") {
				if strings.HasPrefix(line, label) {
					n++
				}
			}
			if n != want {
				t.Errorf("the label %q heads %d lines, want one per screen (%d)", label, n, want)
			}
			if !strings.HasPrefix(out.String(), label+" · "+report.OneLine(loc.T(sc.TitleID()))+"\n") {
				t.Errorf("stdout does not start with the label and title:\n%.200s", out.String())
			}
			if m := messageID.FindString(errb.String() + out.String()); m != "" {
				t.Errorf("the message id %s is shown instead of its text", m)
			}
			for _, id := range loc.Missing() {
				if strings.HasPrefix(id, "training.") {
					t.Errorf("falls back to English: %s", id)
				}
			}
			if want := loc.T("training.compare.placement.at-level"); !strings.Contains(out.String(), want) {
				t.Errorf("stdout lacks %q", want)
			}
		})
	}
}

var messageID = regexp.MustCompile(`\b(training|scenario|session|indicator|level|item)\.[a-z0-9.-]+\.[a-z-]+\b`)

func TestTrainListEveryLanguage(t *testing.T) {
	b, err := testdefs.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range b.Codes() {
		code, out, errs := runTrain(t, nil, "", "--list", "--lang", code)
		if code != 0 || errs != "" || strings.Count(out, "\n") != 17 {
			t.Errorf("exit %d, stderr %q, %d lines", code, errs, strings.Count(out, "\n"))
		}
	}
}
