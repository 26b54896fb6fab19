package report

import (
	"fmt"
	"io"

	"github.com/continuum-screening/continuum/internal/contract"
	"github.com/continuum-screening/continuum/internal/i18n"
	"github.com/continuum-screening/continuum/internal/inert"
	"github.com/continuum-screening/continuum/internal/referral"
	"github.com/continuum-screening/continuum/internal/scoring"
)

// The document of continuum referrals: the referral types in the order
// they are suggested, the rules that suggest each, and the services of a
// directory (JSON with --json, else text).

type ReferralRule struct {
	LevelAtLeast   *scoring.Level `json:"level_at_least,omitempty"`
	CeilingAtLeast *scoring.Level `json:"ceiling_at_least,omitempty"`
	Danger         string         `json:"danger,omitempty"`
	Minor          string         `json:"minor,omitempty"`
	ItemsAny       []string       `json:"items_any,omitempty"`
	IndicatorsAny  []string       `json:"indicators_any,omitempty"`
	Rank           int            `json:"rank"`
	Text           string         `json:"text"`
}

type ReferralService struct {
	Name       string            `json:"name"`
	Type       string            `json:"type"`
	Languages  []string          `json:"languages"`
	Hours      string            `json:"hours,omitempty"`
	Contact    map[string]string `json:"contact"`
	SharesData string            `json:"shares_data_with_immigration"`
	Caution    bool              `json:"firewall_caution"`
	Free       string            `json:"free,omitempty"`
	Notes      string            `json:"notes,omitempty"`
	SlipName   string            `json:"slip_name,omitempty"`
}

type ReferralHelpline struct {
	Name      string   `json:"name"`
	SlipName  string   `json:"slip_name,omitempty"`
	Phone     string   `json:"phone"`
	Languages []string `json:"languages"`
	Hours     string   `json:"hours,omitempty"`
}

type ReferralType struct {
	ID          string            `json:"id"`
	Name        string            `json:"name"`
	Helps       string            `json:"helps"`
	Before      string            `json:"before"`
	Risks       string            `json:"risks"`
	Rank        int               `json:"rank"`
	Consent     string            `json:"consent"`
	ConsentText string            `json:"consent_text"`
	Firewall    bool              `json:"firewall"`
	Caution     string            `json:"caution,omitempty"`
	SuggestWhen []ReferralRule    `json:"suggest_when"`
	Services    []ReferralService `json:"services,omitempty"`
}

type ReferralList struct {
	SchemaVersion string             `json:"schema_version"`
	Version       string             `json:"rules_version"`
	Directory     string             `json:"directory,omitempty"`
	Country       string             `json:"country,omitempty"`
	Emergency     string             `json:"emergency_number,omitempty"`
	Helplines     []ReferralHelpline `json:"helplines,omitempty"`
	Types         []ReferralType     `json:"types"`
}

// NewReferralList builds the referrals document in the language l; dir is nil
// without a directory of services.
func NewReferralList(l *i18n.Localizer, rules *referral.Rules, dir *referral.Directory) ReferralList {
	out := ReferralList{SchemaVersion: contract.Version, Version: rules.Version, Types: []ReferralType{}}
	if dir != nil {
		out.Directory, out.Country, out.Emergency = dir.File, dir.Country, dir.Emergency
		for _, h := range dir.Helplines {
			jh := ReferralHelpline{Name: h.Name, SlipName: h.SlipName, Phone: h.Phone, Languages: h.Languages, Hours: h.Hours}
			if jh.Languages == nil {
				jh.Languages = []string{}
			}
			out.Helplines = append(out.Helplines, jh)
		}
	}
	for _, t := range rules.Types {
		jt := ReferralType{ID: t.ID, Name: l.T(t.NameID()), Helps: TypeHelps(l, t, dir), Before: l.T(t.BeforeID()),
			Risks: l.T(t.RisksID()), Rank: t.Rank, Consent: string(t.Consent), ConsentText: l.T("referral.consent." + string(t.Consent)),
			Firewall: t.Firewall}
		if t.Firewall {
			jt.Caution = l.T("referral.caution.firewall-type")
		}
		for _, r := range t.Rules {
			jr := ReferralRule{LevelAtLeast: r.LevelAtLeast, CeilingAtLeast: r.CeilingAtLeast,
				ItemsAny: r.ItemsAny, IndicatorsAny: r.IndicatorsAny, Rank: r.Rank, Text: RuleText(l, r)}
			if r.Danger != nil {
				jr.Danger = r.Danger.String()
			}
			if r.Minor != nil {
				jr.Minor = r.Minor.String()
			}
			jt.SuggestWhen = append(jt.SuggestWhen, jr)
		}
		for _, s := range dir.For(t.ID) {
			js := ReferralService{Name: s.Name, Type: s.Type, Languages: s.Languages, Hours: s.Hours, Contact: s.Contact,
				SharesData: s.SharesData, Caution: s.NeedsFirewallCaution(), Free: s.Free, Notes: s.Notes, SlipName: s.SlipName}
			if js.Languages == nil {
				js.Languages = []string{}
			}
			jt.Services = append(jt.Services, js)
		}
		out.Types = append(out.Types, jt)
	}
	return out
}

// WriteText writes the list as text; w should make the texts of a
// directory inert.
func (list ReferralList) WriteText(w io.Writer, l *i18n.Localizer, rules *referral.Rules, dir *referral.Directory) {
	fmt.Fprintln(w, l.T("referral.list.intro"))
	fmt.Fprintln(w, l.T("referral.list.rules", "File", rules.File, "Version", rules.Version))
	if dir != nil {
		fmt.Fprintln(w, l.T("referral.list.directory", "File", inert.Line(dir.File)))
		if dir.Area != "" {
			fmt.Fprintln(w, l.T("referral.label.area")+": "+inert.Line(dir.Area))
		}
		if dir.Country != "" {
			fmt.Fprintln(w, l.T("referral.label.country")+": "+dir.Country)
		}
		if dir.Emergency != "" {
			fmt.Fprintln(w, l.T("referral.label.emergency")+": "+inert.Line(dir.Emergency))
		}
		if len(dir.Helplines) > 0 {
			fmt.Fprintln(w, l.T("referral.label.helplines")+":")
			for _, h := range dir.Helplines {
				for _, line := range HelplineLines(l, h, "  ") {
					fmt.Fprintln(w, line)
				}
			}
		}
	}
	for i, jt := range list.Types {
		t := rules.Types[i]
		fmt.Fprintln(w)
		fmt.Fprintf(w, "%s  [%s]\n", jt.Name, jt.ID)
		fmt.Fprintf(w, "  %s: %d\n", l.T("referral.label.order"), jt.Rank)
		fmt.Fprintf(w, "  %s: %s\n", l.T("referral.label.helps"), jt.Helps)
		fmt.Fprintf(w, "  %s: %s\n", l.T("referral.label.before"), jt.Before)
		fmt.Fprintf(w, "  %s: %s\n", l.T("referral.label.risks"), jt.Risks)
		fmt.Fprintf(w, "  %s\n", jt.ConsentText)
		if jt.Caution != "" {
			fmt.Fprintf(w, "  %s: %s\n", l.T("referral.label.caution"), jt.Caution)
		}
		fmt.Fprintf(w, "  %s:\n", l.T("referral.label.when"))
		for _, jr := range jt.SuggestWhen {
			line := "    - " + jr.Text
			if jr.Rank != jt.Rank {
				line += fmt.Sprintf(" (%s: %d)", l.T("referral.label.order"), jr.Rank)
			}
			fmt.Fprintln(w, line)
		}
		if dir != nil {
			services := dir.For(t.ID)
			if len(services) == 0 {
				fmt.Fprintf(w, "  %s\n", l.T("referral.no-service"))
				continue
			}
			fmt.Fprintf(w, "  %s:\n", l.T("referral.label.services"))
			for _, s := range services {
				for _, line := range ServiceLines(l, s, "    ") {
					fmt.Fprintln(w, line)
				}
			}
		}
	}
	if dir == nil {
		fmt.Fprintln(w)
		fmt.Fprintln(w, l.T("referral.list.no-directory"))
	}
}
