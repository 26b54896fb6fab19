package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/continuum-screening/continuum/internal/contract"
	"github.com/continuum-screening/continuum/internal/defs"
	"github.com/continuum-screening/continuum/internal/inert"
	"github.com/continuum-screening/continuum/internal/report"
	"github.com/continuum-screening/continuum/internal/scoring"
)

type referralsOptions struct {
	*Globals
	Directory string
	JSON      bool
}

type referralsValidateOptions struct {
	*referralsOptions
	File string
}

func newReferralsCmd(g *Globals, runF func(*referralsOptions) error, validateF func(*referralsValidateOptions) error) *cobra.Command {
	o := &referralsOptions{Globals: g}
	cmd := &cobra.Command{
		Use:   "referrals",
		Short: "Show the kinds of help, the rules that suggest them, and local services",
		Long: `Show the kinds of help a result can lead to, in the order they are
suggested, with what each can do, what to know before going, the risks, and
the rules that suggest it. With a directory of local services (--directory
FILE or CONTINUUM_DIRECTORY) the services of each kind are listed too, with a
caution next to every service that shares data with immigration authorities
or may do so.

The tool never contacts a service and never writes the directory file.`,
		Example: `  continuum referrals
  continuum referrals --directory services.yaml
  continuum referrals validate services.yaml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(o)
			}
			return referralsRun(o)
		},
	}
	addDirectoryFlag(cmd, &o.Directory, true)
	cmd.Flags().BoolVar(&o.JSON, "json", false, "machine-readable output")

	vo := &referralsValidateOptions{referralsOptions: o}
	cmd.AddCommand(&cobra.Command{
		Use:   "validate [FILE]",
		Short: "Check a directory of local services",
		Long: `Check a directory of local services strictly: unknown keys, unknown
referral types, services without a way to reach them, values of
shares_data_with_immigration or free other than yes, no or unknown,
oversized files and YAML anchors or aliases are each reported with file,
line and what was expected.

With no FILE the directory of --directory or CONTINUUM_DIRECTORY is checked.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				vo.File = args[0]
			}
			if validateF != nil {
				return validateF(vo)
			}
			return referralsValidateRun(vo)
		},
	})
	return cmd
}

type jsonReferralRule struct {
	LevelAtLeast   *scoring.Level `json:"level_at_least,omitempty"`
	CeilingAtLeast *scoring.Level `json:"ceiling_at_least,omitempty"`
	Danger         string         `json:"danger,omitempty"`
	Minor          string         `json:"minor,omitempty"`
	ItemsAny       []string       `json:"items_any,omitempty"`
	IndicatorsAny  []string       `json:"indicators_any,omitempty"`
	Rank           int            `json:"rank"`
	Text           string         `json:"text"`
}

type jsonService struct {
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

type jsonHelpline struct {
	Name      string   `json:"name"`
	SlipName  string   `json:"slip_name,omitempty"`
	Phone     string   `json:"phone"`
	Languages []string `json:"languages"`
	Hours     string   `json:"hours,omitempty"`
}

type jsonReferralType struct {
	ID          string             `json:"id"`
	Name        string             `json:"name"`
	Helps       string             `json:"helps"`
	Before      string             `json:"before"`
	Risks       string             `json:"risks"`
	Rank        int                `json:"rank"`
	Consent     string             `json:"consent"`
	ConsentText string             `json:"consent_text"`
	Firewall    bool               `json:"firewall"`
	Caution     string             `json:"caution,omitempty"`
	SuggestWhen []jsonReferralRule `json:"suggest_when"`
	Services    []jsonService      `json:"services,omitempty"`
}

type jsonReferrals struct {
	SchemaVersion string             `json:"schema_version"`
	Version       string             `json:"rules_version"`
	Directory     string             `json:"directory,omitempty"`
	Country       string             `json:"country,omitempty"`
	Emergency     string             `json:"emergency_number,omitempty"`
	Helplines     []jsonHelpline     `json:"helplines,omitempty"`
	Types         []jsonReferralType `json:"types"`
}

func referralsRun(o *referralsOptions) error {
	e, err := o.loadEnv()
	if err != nil {
		return err
	}
	dir, err := o.loadDirectory(o.Directory, e.Rules)
	if err != nil {
		return err
	}
	l := e.Loc
	out := jsonReferrals{SchemaVersion: contract.Version, Version: e.Rules.Version, Types: []jsonReferralType{}}
	if dir != nil {
		out.Directory, out.Country, out.Emergency = dir.File, dir.Country, dir.Emergency
		for _, h := range dir.Helplines {
			jh := jsonHelpline{Name: h.Name, SlipName: h.SlipName, Phone: h.Phone, Languages: h.Languages, Hours: h.Hours}
			if jh.Languages == nil {
				jh.Languages = []string{}
			}
			out.Helplines = append(out.Helplines, jh)
		}
	}
	for _, t := range e.Rules.Types {
		jt := jsonReferralType{ID: t.ID, Name: l.T(t.NameID()), Helps: report.TypeHelps(l, t, dir), Before: l.T(t.BeforeID()),
			Risks: l.T(t.RisksID()), Rank: t.Rank, Consent: string(t.Consent), ConsentText: l.T("referral.consent." + string(t.Consent)),
			Firewall: t.Firewall}
		if t.Firewall {
			jt.Caution = l.T("referral.caution.firewall-type")
		}
		for _, r := range t.Rules {
			jr := jsonReferralRule{LevelAtLeast: r.LevelAtLeast, CeilingAtLeast: r.CeilingAtLeast,
				ItemsAny: r.ItemsAny, IndicatorsAny: r.IndicatorsAny, Rank: r.Rank, Text: report.RuleText(l, r)}
			if r.Danger != nil {
				jr.Danger = r.Danger.String()
			}
			if r.Minor != nil {
				jr.Minor = r.Minor.String()
			}
			jt.SuggestWhen = append(jt.SuggestWhen, jr)
		}
		for _, s := range dir.For(t.ID) {
			js := jsonService{Name: s.Name, Type: s.Type, Languages: s.Languages, Hours: s.Hours, Contact: s.Contact,
				SharesData: s.SharesData, Caution: s.NeedsFirewallCaution(), Free: s.Free, Notes: s.Notes, SlipName: s.SlipName}
			if js.Languages == nil {
				js.Languages = []string{}
			}
			jt.Services = append(jt.Services, js)
		}
		out.Types = append(out.Types, jt)
	}
	w := o.Streams.Out
	if o.JSON {
		return writeJSON(w, out)
	}
	t := newInertText(w)
	defer t.flush()
	w = t
	fmt.Fprintln(w, l.T("referral.list.intro"))
	fmt.Fprintln(w, l.T("referral.list.rules", "File", e.Rules.File, "Version", e.Rules.Version))
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
				for _, line := range report.HelplineLines(l, h, "  ") {
					fmt.Fprintln(w, line)
				}
			}
		}
	}
	for i, jt := range out.Types {
		t := e.Rules.Types[i]
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
				for _, line := range report.ServiceLines(l, s, "    ") {
					fmt.Fprintln(w, line)
				}
			}
		}
	}
	if dir == nil {
		fmt.Fprintln(w)
		fmt.Fprintln(w, l.T("referral.list.no-directory"))
	}
	return nil
}

func referralsValidateRun(o *referralsValidateOptions) error {
	name := o.File
	if name == "" {
		name = o.directoryPath(o.Directory)
	}
	if name == "" {
		return usagef("no directory file: give FILE, --directory FILE or CONTINUUM_DIRECTORY (see 'continuum referrals validate --help')")
	}
	e, err := o.loadEnv()
	if err != nil {
		return err
	}
	dir, err := defs.ReadDirectory(e.Rules, name)
	if err != nil {
		return err
	}
	fmt.Fprintln(o.Streams.Out, e.Loc.N("referral.validate.ok", len(dir.Services), "File", inert.Line(name)))
	return nil
}
