package handout

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/continuum-screening/continuum/internal/i18n"
	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/scoring"
	"github.com/continuum-screening/continuum/internal/session"
	"github.com/continuum-screening/continuum/internal/testdefs"
	"github.com/continuum-screening/continuum/internal/training"
)

type testEnv struct {
	form   *q.Form
	scorer *scoring.Scorer
	bundle *i18n.Bundle
	set    *training.Set
}

func setup(t *testing.T) *testEnv {
	t.Helper()
	f, err := testdefs.Form()
	if err != nil {
		t.Fatal(err)
	}
	b, err := testdefs.Bundle()
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
	return &testEnv{form: f, scorer: scoring.New(f), bundle: b, set: set}
}

func (e *testEnv) options(kind, format, lang, also string) Options {
	return Options{Kind: kind, Format: format, Paper: PaperA4, Form: e.form, Scorer: e.scorer,
		Scenarios: e.set.Scenarios, Bundle: e.bundle, Lang: lang, Also: also}
}

func render(t *testing.T, o Options) string {
	t.Helper()
	var buf bytes.Buffer
	if _, err := Render(&buf, o); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// Every kind renders in every format and every shipped language; the HTML
// names its language and direction and loads nothing from outside.
func TestEveryKindFormatAndLanguage(t *testing.T) {
	e := setup(t)
	for _, lang := range e.bundle.Codes() {
		dir := "ltr"
		if e.bundle.Catalog(lang).Meta.Direction == "rtl" {
			dir = "rtl"
		}
		for _, kind := range Kinds {
			for _, format := range Formats {
				for _, answers := range []bool{false, true} {
					if answers && kind != KindScenarios {
						continue
					}
					o := e.options(kind, format, lang, "")
					o.Answers = answers
					out := render(t, o)
					if len(out) < 1000 {
						t.Errorf("%s %s %s: only %d bytes", lang, kind, format, len(out))
					}
					if format == FormatMarkdown {
						if dir == "rtl" && !strings.HasPrefix(out, `<div dir="rtl" lang="`+lang+`">`) {
							t.Errorf("%s %s markdown: not wrapped in a right-to-left div", lang, kind)
						}
						continue
					}
					if !strings.Contains(out, `<html lang="`+lang+`" dir="`+dir+`">`) {
						t.Errorf("%s %s html: no lang and dir on <html>", lang, kind)
					}
					low := strings.ToLower(out)
					for _, bad := range []string{"<script", "<link", "<img", "<iframe", "src=", "href=", "@import", "url(", "http:", "https:"} {
						if strings.Contains(low, bad) {
							t.Errorf("%s %s html: contains %q; a handout must be self-contained", lang, kind, bad)
						}
					}
				}
			}
		}
	}
}

func TestIndicatorCards(t *testing.T) {
	e := setup(t)
	out := render(t, e.options(KindIndicators, FormatHTML, "en", ""))
	if n := strings.Count(out, `<section class="card" id="indicator-`); n != 11 {
		t.Errorf("%d indicator cards; want 11", n)
	}
	loc := e.bundle.Localizer("en")
	for _, id := range e.form.Indicators {
		for _, s := range []string{loc.T("indicator." + id + ".name"), loc.T("indicator." + id + ".explanation")} {
			if !strings.Contains(out, htmlEscape(s)) {
				t.Errorf("indicator %s: %q missing", id, s)
			}
		}
		for _, qq := range e.form.QuestionsFor(id) {
			if !strings.Contains(out, htmlEscape(loc.T(qq.TextID()))) {
				t.Errorf("indicator %s: question %s missing", id, qq.ID)
			}
		}
	}
}

// The paper questionnaire has every question, four boxes each, and the skip
// logic written out: where to go after a gate, and when a follow-up is asked.
func TestQuestionnaireSkipInstructions(t *testing.T) {
	e := setup(t)
	md := render(t, e.options(KindQuestionnaire, FormatMarkdown, "en", ""))
	for _, want := range []string{
		"**4. Is anything about this job different from what you were told before you started?**",
		"*If the answer is No or I prefer not to say, go to question 5.*",
		"*Ask only if the answer to question 4 was Yes or I don't know.*",
		"**4a. Is the work itself, the place or the employer different from what you were told?**",
		"The numbers are those a session shows",
		"*If the answer is No or I prefer not to say, go to question 8.*", // pay-problem (7) skips 7a-7b, then long-hours
		"*If the answer is No or I prefer not to say, go to the end.*",    // situation-now, the last gate
		"*If the answer is Yes, child protection comes first.*",
		"- [ ] I prefer not to say",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown questionnaire lacks %q", want)
		}
	}
	if n := strings.Count(md, "- [ ] "); n != 4*len(e.form.Questions)+2 {
		t.Errorf("%d tick boxes; want 4 for each of %d questions and 2 for consent", n, len(e.form.Questions))
	}
	html := render(t, e.options(KindQuestionnaire, FormatHTML, "en", ""))
	if n := strings.Count(html, `<span class="box"></span>`); n != 4*len(e.form.Questions)+2 {
		t.Errorf("%d boxes in HTML; want %d", n, 4*len(e.form.Questions)+2)
	}
	if !strings.Contains(html, "If the answer is No or I prefer not to say, go to question 5.") {
		t.Error("HTML questionnaire lacks the skip instruction of question 4")
	}
}

// A bilingual sheet carries both languages, each marked with its own lang
// and dir, so a right-to-left language lays out right to left inside a
// left-to-right page.
func TestBilingual(t *testing.T) {
	e := setup(t)
	var other string
	for _, c := range e.bundle.Codes() {
		if c != "en" {
			other = c
			if e.bundle.Catalog(c).Meta.Direction == "rtl" {
				break
			}
		}
	}
	if other == "" {
		t.Skip("only English is shipped")
	}
	out := render(t, e.options(KindQuestionnaire, FormatHTML, "en", other))
	loc := e.bundle.Localizer(other)
	dir := "ltr"
	if loc.RTL() {
		dir = "rtl"
	}
	qq := e.form.Questions[0]
	if e.bundle.Catalog(other).Messages[qq.TextID()] != nil {
		want := `lang="` + other + `" dir="` + dir + `">` + htmlEscape(loc.T(qq.TextID()))
		if !strings.Contains(out, want) {
			t.Errorf("bilingual sheet lacks %s", want)
		}
	}
	if !strings.Contains(out, htmlEscape(e.bundle.Localizer("en").T(qq.TextID()))) {
		t.Error("bilingual sheet lacks the English question")
	}
}

func TestScenarioCards(t *testing.T) {
	e := setup(t)
	loc := e.bundle.Localizer("en")
	plain := render(t, e.options(KindScenarios, FormatHTML, "en", ""))
	withAnswers := func() string {
		o := e.options(KindScenarios, FormatHTML, "en", "")
		o.Answers = true
		return render(t, o)
	}()
	for _, sc := range e.set.Scenarios {
		for _, out := range []string{plain, withAnswers} {
			if !strings.Contains(out, htmlEscape(loc.T(sc.TitleID()))) || !strings.Contains(out, htmlEscape(loc.T(sc.TextID()))) {
				t.Errorf("%s: title or text missing", sc.ID)
			}
		}
		note := htmlEscape(loc.T(sc.NoteID()))
		if strings.Contains(plain, note) {
			t.Errorf("%s: teaching note printed without --answers", sc.ID)
		}
		if !strings.Contains(withAnswers, note) {
			t.Errorf("%s: teaching note missing with --answers", sc.ID)
		}
		level := "Level " + itoa(int(sc.Expect.Level)) + ": " + htmlEscape(loc.T(sc.Expect.Level.NameKey()))
		if !strings.Contains(withAnswers, level) {
			t.Errorf("%s: %q missing", sc.ID, level)
		}
	}
	if !strings.Contains(plain, ">TRAINING<") {
		t.Error("scenario sheet not labelled TRAINING")
	}
}

// Text from the catalogues is escaped: a translation cannot inject markup
// into the HTML or the Markdown.
func TestCatalogueTextIsEscaped(t *testing.T) {
	e := setup(t)
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "en"), 0o755)
	evil := "question:\n  danger:\n    text: \"<script>alert(1)</script> [link](http://x) **bold** & <u>\"\n"
	if err := os.WriteFile(filepath.Join(dir, "en", "evil.yaml"), []byte(evil), 0o600); err != nil {
		t.Fatal(err)
	}
	cats, err := i18n.LoadFS(os.DirFS(dir), ".", dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.bundle.Overlay(cats); err != nil {
		t.Fatal(err)
	}
	html := render(t, e.options(KindQuestionnaire, FormatHTML, "en", ""))
	if strings.Contains(html, "<script>") || strings.Contains(html, "<u>") {
		t.Error("catalogue markup reached the HTML unescaped")
	}
	if !strings.Contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("escaped text missing from the HTML")
	}
	md := render(t, e.options(KindQuestionnaire, FormatMarkdown, "en", ""))
	if !strings.Contains(md, `\<script\>alert(1)\</script\> \[link\](http://x) \*\*bold\*\* \& \<u\>`) {
		t.Errorf("catalogue markup not escaped in Markdown:\n%s", md[:min(len(md), 1500)])
	}
}

func htmlEscape(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")
	return r.Replace(s)
}

// The printed numbers are the ones a session shows: walking a session with
// every gate open (and with every gate closed), each question asked under
// "Part N" carries N on paper, with a letter for a follow-up.
func TestNumbersMatchTheSession(t *testing.T) {
	e := setup(t)
	num := numbers(e.form)
	for _, answer := range []string{q.Yes, q.No} {
		s := session.New(e.form)
		seen := 0
		for s.Phase() == session.Asking {
			qq := s.Current()
			n, _ := s.Part()
			want := strconv.Itoa(n)
			got := num[qq]
			if qq.ShowIf == nil && got != want {
				t.Errorf("%s: printed %q, the session shows part %s", qq.ID, got, want)
			}
			if qq.ShowIf != nil && (!strings.HasPrefix(got, want) || len(got) != len(want)+1) {
				t.Errorf("follow-up %s: printed %q, the session shows part %s", qq.ID, got, want)
			}
			s.Respond(answer)
			seen++
		}
		if seen == 0 {
			t.Fatal("the session asked nothing")
		}
	}
}
