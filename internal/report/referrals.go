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
	label := func(id, text string) string { return loc.T(id) + ": " + text }
	for i, t := range types {
		out = append(out, "",
			strconv.Itoa(i+1)+". "+loc.T(t.NameID()),
			"   "+label("referral.label.helps", loc.T(t.HelpsID())),
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
		langs := make([]string, len(s.Languages))
		for i, l := range s.Languages {
			langs[i] = inert.Line(l)
		}
		out = append(out, in+loc.T("referral.label.languages")+": "+loc.Join(langs))
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
