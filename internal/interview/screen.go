// Package interview holds the conversations of a session at the terminal:
// the screening (language, consent, the questions with the danger and age
// checks first, the review, the result) and the training session built on
// it. Each is a function of a plain Config; the command line loads the
// definitions, builds the prompter and maps the way a session ended to an
// exit code.
package interview

import (
	"context"
	"errors"

	"github.com/continuum-screening/continuum/internal/i18n"
	"github.com/continuum-screening/continuum/internal/prompt"
	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/referral"
	"github.com/continuum-screening/continuum/internal/report"
	"github.com/continuum-screening/continuum/internal/scoring"
	"github.com/continuum-screening/continuum/internal/session"
)

// Config is what a conversation needs: the definitions, the languages, the
// prompter and the options chosen on the command line.
type Config struct {
	Form   *q.Form
	Scorer *scoring.Scorer
	// Bundle holds the languages offered when AskLanguage is set.
	Bundle *i18n.Bundle
	// Loc is the person's language; Also the interviewer's (--also), nil
	// for none.
	Loc  *i18n.Localizer
	Also *i18n.Localizer
	// AskLanguage offers the choice of language first (the language was
	// not chosen explicitly).
	AskLanguage bool
	Prompter    prompt.Prompter
	// Explain shows beside each question what it serves and, on the
	// result, how the level was reached.
	Explain bool
	// Rules suggest the referrals (nil: none configured); Directory lists
	// the local services (nil: none given).
	Rules     *referral.Rules
	Directory *referral.Directory
	// OnResult, when set, receives the referral types suggested each time
	// the result is shown (for a take-away slip); it keeps no answer.
	OnResult func(suggested []*referral.Type)
}

// ErrDeclined: consent was not given; the session ends, keeping nothing.
var ErrDeclined = errors.New("declined")

// ReviewDone is the id of the review's option that goes on to the result.
const ReviewDone = "\x00result"

// Screen runs a screening session. It returns the localizer of the language
// the session ended in (the person may have chosen another one), for the
// message that closes the session, and the way it ended: nil after the
// result, ErrDeclined, or an error of the prompter or the context.
func Screen(ctx context.Context, c Config) (*i18n.Localizer, error) {
	r := newConversation(c, c.Prompter)
	err := r.screen(ctx)
	return r.loc, err
}

// conversation is one run of the flow, shared by screening and training.
type conversation struct {
	c   Config
	p   prompt.Prompter
	loc *i18n.Localizer
	// noticed: the draft-translation notice was shown; it is shown once
	// per session.
	noticed bool
	// reread shows the case again (training); nil in a screening.
	reread func(ctx context.Context) error
}

func newConversation(c Config, p prompt.Prompter) *conversation {
	return &conversation{c: c, p: p, loc: c.Loc}
}

// bilingual reports whether the interviewer's language is shown too.
func (r *conversation) bilingual() bool {
	return r.c.Also != nil && r.c.Also.Lang() != r.loc.Lang()
}

func (r *conversation) text(id string, args ...any) prompt.Text {
	t := prompt.Text{Main: r.loc.T(id, args...)}
	if r.bilingual() {
		t.Also = r.c.Also.T(id, args...)
	}
	return t
}

// notices is the draft-translation notice, on the first screen in the
// person's language only; with --also in the interviewer's language too.
func (r *conversation) notices() []string {
	if r.noticed || r.loc.Meta().ReviewStatus != i18n.StatusDraft {
		return nil
	}
	r.noticed = true
	return r.lines(func(l *i18n.Localizer) []string { return []string{l.T("session.draft-notice")} })
}

// lines are lines in the person's language, each followed by the
// interviewer's with --also.
func (r *conversation) lines(f func(l *i18n.Localizer) []string) []string {
	main := f(r.loc)
	if !r.bilingual() {
		return main
	}
	second := f(r.c.Also)
	var out []string
	for i, l := range main {
		out = append(out, l)
		if i < len(second) && second[i] != l {
			out = append(out, "("+r.c.Also.Lang()+") "+second[i])
		}
	}
	return out
}

func (r *conversation) screen(ctx context.Context) error {
	if r.c.AskLanguage {
		if err := r.chooseLanguage(ctx); err != nil {
			return err
		}
	}
	if err := r.consent(ctx); err != nil {
		return err
	}
	s := session.New(r.c.Form)
	for {
		if err := r.answer(ctx, s); err != nil {
			return err
		}
		res := r.c.Scorer.Score(s.Answers())
		var suggested []*referral.Type
		if r.c.Rules != nil {
			suggested = r.c.Rules.Suggest(res)
		}
		lines := report.ResultText(r.c.Scorer, res, r.loc, report.ResultOptions{Explain: r.c.Explain,
			Referrals: report.SessionReferrals(r.loc, r.c.Rules != nil, suggested, r.c.Directory),
			Suggested: suggested, Also: r.c.Also,
			// The helplines are in the referral section below.
			Directory: r.c.Directory})
		if r.c.OnResult != nil {
			r.c.OnResult(suggested)
		}
		act, err := r.p.Result(ctx, &prompt.Page{Lines: lines, Back: true})
		if err != nil || act != prompt.WentBack {
			return err
		}
		// Back to the answers: the review again, then a new result.
	}
}

// answer asks the questions and shows the review until the person goes on
// to the result.
func (r *conversation) answer(ctx context.Context, s *session.Session) error {
	for {
		if s.Phase() == session.Reviewing {
			done, err := r.review(ctx, s)
			if err != nil || done {
				return err
			}
			continue
		}
		if err := r.ask(ctx, s); err != nil {
			return err
		}
	}
}

func (r *conversation) chooseLanguage(ctx context.Context) error {
	c := &prompt.Choice{Title: prompt.Text{Main: r.loc.T("session.language.title")},
		Help: prompt.Text{Main: r.loc.T("session.language.help")}}
	// The language already in use (from the locale) comes first, so that
	// it is the first offered in both modes; nothing is preselected.
	codes := []string{r.loc.Lang()}
	for _, code := range r.c.Bundle.Codes() {
		if code != r.loc.Lang() {
			codes = append(codes, code)
		}
	}
	for _, code := range codes {
		m := r.c.Bundle.Catalog(code).Meta
		label := m.NativeName
		if label == "" {
			label = code
		}
		if m.Name != "" && m.Name != label {
			label += " (" + m.Name + ")"
		}
		c.Options = append(c.Options, prompt.Option{ID: code, Label: prompt.Text{Main: label}})
	}
	reply, err := r.p.Choose(ctx, c)
	if err != nil {
		return err
	}
	if reply.Action == prompt.Chose {
		r.loc = r.c.Bundle.Localizer(reply.ID)
		r.p.SetLocalizer(r.loc)
	}
	return nil
}

func (r *conversation) consent(ctx context.Context) error {
	f := r.c.Form
	// With --also the interviewer's text follows each part of the
	// person's: the explanation, then the question.
	text, ask := r.text(f.Consent.Text), r.text(f.Consent.Ask)
	help := prompt.Text{Main: text.Main, Also: ask.Also}
	if text.Also != "" {
		help.Main += "\n(" + r.c.Also.Lang() + ") " + text.Also
	}
	help.Main += "\n\n" + ask.Main
	c := &prompt.Choice{Notice: r.notices(), Title: r.text(f.Consent.Title), Help: help,
		Options: []prompt.Option{
			{ID: q.Yes, Label: r.text("session.consent.yes")},
			{ID: q.No, Label: r.text("session.consent.no")},
		}}
	reply, err := r.p.Choose(ctx, c)
	if err != nil {
		return err
	}
	if reply.Action != prompt.Chose || reply.ID != q.Yes {
		return ErrDeclined
	}
	return nil
}

func (r *conversation) ask(ctx context.Context, s *session.Session) error {
	qq := s.Current()
	n, _ := s.Progress()
	part, parts := s.Part()
	progress := r.loc.T("session.progress", "Part", part, "Parts", parts)
	if s.Changing() {
		progress = r.loc.T("session.changing") + " · " + progress
	}
	c := &prompt.Choice{Notice: r.notices(), Progress: progress, Title: r.text(qq.TextID()), Help: r.text(qq.HelpID()),
		Back: n > 1 || s.Changing(), Skip: true, Reread: r.reread != nil}
	for _, ch := range r.c.Form.Choices {
		c.Options = append(c.Options, prompt.Option{ID: ch.ID, Label: r.text(ch.Label)})
		if ch.ID == s.Answer(qq) {
			// Coming back to a question: say what the answer was; the
			// cursor still starts on no answer.
			c.Current = r.text("session.current", "Answer", r.loc.T(ch.Label))
			if c.Current.Also != "" {
				c.Current.Also = r.c.Also.T("session.current", "Answer", r.c.Also.T(ch.Label))
			}
		}
	}
	if r.c.Explain {
		c.Explain = report.QuestionExplain(r.loc, qq)
	}
	reply, err := r.p.Choose(ctx, c)
	if err != nil {
		return err
	}
	switch reply.Action {
	case prompt.Reread:
		if r.reread != nil {
			return r.reread(ctx)
		}
	case prompt.WentBack:
		s.Back()
	case prompt.Skipped:
		s.Skip()
	case prompt.Chose:
		// An answer changed from the review leads back to the review: no
		// questions are left to go on with.
		changing := s.Changing()
		s.Respond(reply.ID)
		if qq.Role == q.RoleDanger && reply.ID == q.Yes {
			// Emergency help at once, before anything else; then the
			// session goes on.
			title := r.text("session.emergency.title")
			lines := r.lines(func(l *i18n.Localizer) []string {
				lines := report.EmergencyLines(l, r.c.Directory)
				if !changing {
					lines = append(lines, "", l.T("session.emergency.go-on"))
				}
				return lines
			})
			if title.Also != "" {
				lines = append([]string{"(" + r.c.Also.Lang() + ") " + title.Also, ""}, lines...)
			}
			return r.p.Show(ctx, &prompt.Page{Title: title.Main, Lines: lines})
		}
	}
	return nil
}

func (r *conversation) review(ctx context.Context, s *session.Session) (done bool, err error) {
	// The result is option 0, so that the numbers of the answers count
	// from 1 as the answers do.
	c := &prompt.Choice{Notice: r.notices(), Title: r.text("session.review.title"), Help: r.text("session.review.help"),
		Back: true, Zero: true}
	c.Options = append(c.Options, prompt.Option{ID: ReviewDone, Label: r.text("session.review.result")})
	for _, qq := range s.Review() {
		c.Options = append(c.Options, prompt.Option{ID: qq.ID, Label: r.reviewLabel(qq, s.Answer(qq))})
	}
	reply, err := r.p.Choose(ctx, c)
	if err != nil {
		return false, err
	}
	switch {
	case reply.Action == prompt.WentBack:
		s.Back()
	case reply.Action == prompt.Chose && reply.ID == ReviewDone:
		return true, nil
	case reply.Action == prompt.Chose:
		s.Change(r.c.Form.Question(reply.ID))
	}
	return false, nil
}

func (r *conversation) reviewLabel(qq *q.Question, answer string) prompt.Text {
	label := func(l *i18n.Localizer) string {
		a := l.T("session.review.not-answered")
		for _, ch := range r.c.Form.Choices {
			if ch.ID == answer {
				a = l.T(ch.Label)
			}
		}
		return l.T("session.review.item", "Question", l.T(qq.TextID()), "Answer", a)
	}
	t := prompt.Text{Main: label(r.loc)}
	if r.bilingual() {
		t.Also = label(r.c.Also)
	}
	return t
}
