package report

import (
	"strconv"

	"github.com/continuum-screening/continuum/internal/i18n"
	"github.com/continuum-screening/continuum/internal/inert"
	"github.com/continuum-screening/continuum/internal/referral"
)

// ReferralLines renders the kinds of help suggested for a result (types, in
// the order of referral.Rules.Suggest), each with what it can do, what to know before going, its risks, when
// consent is needed and the firewall caution where it applies; under each,
// the matching services of the directory (nil: none loaded), with the
// caution next to every service not known to keep data from immigration
// enforcement. Every text comes from the catalogues except the directory's
// own, which is made inert. The section has no title, so that a result
// screen can put it under its own heading.
func ReferralLines(loc *i18n.Localizer, types []*referral.Type, dir *referral.Directory) []string {
	if len(types) == 0 {
		return []string{loc.T("referral.none")}
	}
	out := []string{loc.T("referral.intro")}
	if dir != nil && len(dir.Helplines) > 0 {
		out = append(out, "", loc.T("referral.label.helplines")+":")
		for _, h := range dir.Helplines {
			out = append(out, HelplineLines(loc, h, "  ")...)
		}
	}
	label := func(id, text string) string { return loc.T(id) + ": " + text }
	for i, t := range types {
		out = append(out, "",
			strconv.Itoa(i+1)+". "+loc.T(t.NameID()),
			"   "+label("referral.label.helps", TypeHelps(loc, t, dir)),
			"   "+label("referral.label.before", loc.T(t.BeforeID())),
			"   "+label("referral.label.risks", loc.T(t.RisksID())),
			"   "+loc.T("referral.consent."+string(t.Consent)))
		if t.Firewall {
			out = append(out, "   "+label("referral.label.caution", loc.T("referral.caution.firewall-type")))
		}
		if dir == nil {
			continue
		}
		services := dir.For(t.ID)
		if len(services) == 0 {
			out = append(out, "   "+loc.T("referral.no-service"))
			continue
		}
		out = append(out, "   "+loc.T("referral.label.services")+":")
		for _, s := range services {
			out = append(out, ServiceLines(loc, s, "     ")...)
		}
	}
	out = append(out, "")
	if dir == nil {
		out = append(out, loc.T("referral.no-directory"))
	}
	out = append(out, loc.T("referral.print-warning"))
	return out
}

// EmergencyNumber is the emergency number to call: the directory's local
// number when it gives one, else the general advice (in Europe, 112).
func EmergencyNumber(loc *i18n.Localizer, dir *referral.Directory) string {
	if dir != nil && dir.Emergency != "" {
		return inert.Line(dir.Emergency)
	}
	return loc.T("referral.emergency.europe")
}

// TypeHelps is what a kind of help can do, with the emergency number of
// the directory where the text names one.
func TypeHelps(loc *i18n.Localizer, t *referral.Type, dir *referral.Directory) string {
	return loc.T(t.HelpsID(), "Number", EmergencyNumber(loc, dir))
}

// EmergencyLines say what to do in immediate danger: the local emergency
// number and helplines when the directory gives them, else 112, which
// works across Europe.
func EmergencyLines(loc *i18n.Localizer, dir *referral.Directory) []string {
	out := []string{EmergencyCall(loc, dir)}
	if dir != nil {
		out = append(out, helplineBlock(loc, dir)...)
	}
	return out
}

// EmergencyCall is the advice to call the emergency number: the local one
// of the directory, else 112, which works across Europe.
func EmergencyCall(loc *i18n.Localizer, dir *referral.Directory) string {
	if dir == nil || dir.Emergency == "" {
		return loc.T("session.emergency.text")
	}
	return loc.T("session.emergency.local", "Number", inert.Line(dir.Emergency))
}

func helplineBlock(loc *i18n.Localizer, dir *referral.Directory) []string {
	if len(dir.Helplines) == 0 {
		return nil
	}
	out := []string{"", loc.T("referral.label.helplines") + ":"}
	for _, h := range dir.Helplines {
		out = append(out, HelplineLines(loc, h, "  ")...)
	}
	return out
}

// HelplineLines renders one helpline, indented: name and number, then the
// hours and languages, with a mark when it speaks the reader's language.
func HelplineLines(loc *i18n.Localizer, h *referral.Helpline, indent string) []string {
	in := indent + "  "
	out := []string{indent + "- " + inert.Line(h.Name) + ": " + inert.Line(h.Phone)}
	if h.SpeaksLanguage(loc.Lang()) {
		out = append(out, in+loc.T("referral.speaks-language"))
	}
	if len(h.Languages) > 0 {
		out = append(out, in+loc.T("referral.label.languages")+": "+loc.Join(inertAll(h.Languages)))
	}
	if h.Hours != "" {
		out = append(out, in+loc.T("referral.label.hours")+": "+inert.Line(h.Hours))
	}
	return out
}

func inertAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = inert.Line(s)
	}
	return out
}

// SessionReferrals is the referral section of the session's result screen
// (ReferralLines), for the types suggested by the rules. When no rules are
// configured, or nothing is suggested and no directory is loaded, it is nil,
// so that the screen keeps its own line saying that help services are not
// set up.
func SessionReferrals(loc *i18n.Localizer, haveRules bool, types []*referral.Type, dir *referral.Directory) []string {
	if !haveRules || (dir == nil && len(types) == 0) {
		return nil
	}
	return ReferralLines(loc, types, dir)
}

// RuleText says in words when a rule suggests its type.
func RuleText(l *i18n.Localizer, r *referral.Rule) string {
	var parts []string
	if r.LevelAtLeast != nil {
		parts = append(parts, l.T("referral.rule.level-at-least", "Level", *r.LevelAtLeast, "Name", LevelName(l, *r.LevelAtLeast)))
	}
	if r.CeilingAtLeast != nil {
		parts = append(parts, l.T("referral.rule.ceiling-at-least", "Level", *r.CeilingAtLeast, "Name", LevelName(l, *r.CeilingAtLeast)))
	}
	if r.Danger != nil {
		parts = append(parts, l.T("referral.rule.danger-"+r.Danger.String()))
	}
	if r.Minor != nil {
		parts = append(parts, l.T("referral.rule.minor-"+r.Minor.String()))
	}
	if len(r.ItemsAny) > 0 {
		names := make([]string, len(r.ItemsAny))
		for i, id := range r.ItemsAny {
			names[i] = l.T("item." + id)
		}
		parts = append(parts, l.T("referral.rule.items-any", "Items", l.Join(names)))
	}
	if len(r.IndicatorsAny) > 0 {
		names := make([]string, len(r.IndicatorsAny))
		for i, id := range r.IndicatorsAny {
			names[i] = l.T("indicator." + id + ".name")
		}
		parts = append(parts, l.T("referral.rule.indicators-any", "Indicators", l.Join(names)))
	}
	if len(parts) == 0 {
		return ""
	}
	s := parts[0]
	for _, p := range parts[1:] {
		s = l.T("referral.rule.and", "Left", s, "Right", p)
	}
	return s
}

// ServiceLines renders one service of a directory, indented. The firewall
// caution comes right after the name and ways to reach it whenever the
// service shares data with immigration enforcement or may do so.
func ServiceLines(loc *i18n.Localizer, s *referral.Service, indent string) []string {
	in := indent + "  "
	out := []string{indent + "- " + inert.Line(s.Name)}
	if s.SpeaksLanguage(loc.Lang()) {
		out = append(out, in+loc.T("referral.speaks-language"))
	}
	for _, k := range referral.ContactKeys {
		if v, ok := s.Contact[k]; ok {
			out = append(out, in+loc.T("referral.contact."+k)+": "+inert.Line(v))
		}
	}
	switch {
	case s.SharesData == referral.Yes:
		out = append(out, in+loc.T("referral.label.caution")+": "+loc.T("referral.caution.shares-yes"))
	case s.NeedsFirewallCaution():
		out = append(out, in+loc.T("referral.label.caution")+": "+loc.T("referral.caution.shares-unknown"))
	}
	if len(s.Languages) > 0 {
		out = append(out, in+loc.T("referral.label.languages")+": "+loc.Join(inertAll(s.Languages)))
	}
	if s.Hours != "" {
		out = append(out, in+loc.T("referral.label.hours")+": "+inert.Line(s.Hours))
	}
	if s.Free != "" {
		out = append(out, in+loc.T("referral.label.free")+": "+loc.T("referral.free."+s.Free))
	}
	if s.Notes != "" {
		out = append(out, in+loc.T("referral.label.notes")+": "+inert.Line(s.Notes))
	}
	return out
}
