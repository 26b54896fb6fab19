package report

import (
	"github.com/continuum-screening/continuum/internal/i18n"
	"github.com/continuum-screening/continuum/internal/inert"
	"github.com/continuum-screening/continuum/internal/referral"
)

// SlipLines are a small take-away slip in the reader's language: the
// emergency number, the helplines and the services of the suggested kinds
// of help, each under its slip name, with how to reach it. The slip may be
// found by the people who control the person's work, so it carries no
// answer, no level, no kind of help and no word of its own that names what
// the conversation was about: only a neutral title and contacts.
func SlipLines(loc *i18n.Localizer, types []*referral.Type, dir *referral.Directory) []string {
	out := []string{loc.T("session.slip.title"), "",
		loc.T("referral.label.emergency") + ": " + slipNumber(loc, dir)}
	if dir == nil {
		return out
	}
	for _, h := range dir.Helplines {
		out = append(out, "", inert.Line(h.SlipLabel())+": "+inert.Line(h.Phone))
		out = append(out, slipDetails(loc, h.SpeaksLanguage(loc.Lang()), h.Hours)...)
	}
	seen := map[*referral.Service]bool{}
	for _, t := range types {
		for _, s := range dir.For(t.ID) {
			if seen[s] {
				continue
			}
			seen[s] = true
			out = append(out, "", inert.Line(s.SlipLabel()))
			for _, k := range referral.ContactKeys {
				if v, ok := s.Contact[k]; ok {
					out = append(out, "  "+loc.T("referral.contact."+k)+": "+inert.Line(v))
				}
			}
			out = append(out, slipDetails(loc, s.SpeaksLanguage(loc.Lang()), s.Hours)...)
		}
	}
	return out
}

// slipNumber is the emergency number alone: the directory's, else 112.
func slipNumber(loc *i18n.Localizer, dir *referral.Directory) string {
	if dir != nil && dir.Emergency != "" {
		return inert.Line(dir.Emergency)
	}
	return "112"
}

func slipDetails(loc *i18n.Localizer, speaks bool, hours string) []string {
	var out []string
	if hours != "" {
		out = append(out, "  "+loc.T("referral.label.hours")+": "+inert.Line(hours))
	}
	if speaks {
		out = append(out, "  "+loc.T("referral.speaks-language"))
	}
	return out
}
