package cli

import (
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/continuum-screening/continuum/internal/contract"
	"github.com/continuum-screening/continuum/internal/interview"
	"github.com/continuum-screening/continuum/internal/report"
	"github.com/continuum-screening/continuum/internal/training"
)

type trainOptions struct {
	// The same prompters, modes and --also as screen.
	sessionOptions
	Scenario string
	List     bool
	JSON     bool
}

func newTrainCmd(g *Globals, runF func(*trainOptions) error) *cobra.Command {
	o := &trainOptions{sessionOptions: newSessionOptions(g)}
	cmd := &cobra.Command{
		Use: "train [SCENARIO]",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usagef("train takes at most one SCENARIO, got %d (see '%s --list')", len(args), cmd.CommandPath())
			}
			return nil
		},
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			e, err := g.loadEnv()
			if err != nil {
				return nil, cobra.ShellCompDirectiveError
			}
			set, err := e.Defs.Scenarios()
			if err != nil {
				return nil, cobra.ShellCompDirectiveError
			}
			var out []string
			for _, sc := range set.Scenarios {
				out = append(out, sc.ID+"\t"+report.OneLine(e.Loc.T(sc.TitleID())))
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.idleSet = cmd.Flags().Changed("idle")
			if len(args) == 1 {
				o.Scenario = args[0]
			}
			if runF != nil {
				return runF(o)
			}
			return trainRun(o)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.List, "list", false, "")
	f.BoolVar(&o.JSON, "json", false, "")
	addModelFlag(cmd, g)
	addSessionFlags(cmd, &o.sessionOptions)
	return cmd
}

func trainRun(o *trainOptions) error {
	if o.JSON && !o.List {
		return usagef("--json goes with --list")
	}
	if o.List && o.Scenario != "" {
		return usagef("--list takes no scenario; got %q", o.Scenario)
	}
	// As in screen: the answers live only in memory (no core dump), and
	// Ctrl+C in plain mode, kill and a closed terminal are caught from the
	// start and end the session as the quick exit does.
	_ = noCoreDumps()
	ctx, stop := notifyStop()
	defer stop()
	e, err := o.loadEnv()
	if err != nil {
		return err
	}
	set, err := e.Defs.Scenarios()
	if err != nil {
		if o.Indicators != "" {
			return errors.Join(errors.New("the practice scenarios do not fit the questionnaire from --indicators:"), err)
		}
		return err
	}
	if o.List {
		return trainList(o, e, set)
	}
	var sc *training.Scenario
	if o.Scenario != "" {
		if sc = set.Scenario(o.Scenario); sc == nil {
			return usagef("unknown scenario %q; expected one of: %s", o.Scenario, strings.Join(set.IDs(), ", "))
		}
	}
	c, err := o.sessionConfig(e)
	if err != nil {
		return err
	}
	loc, err := interview.Train(ctx, interview.Training{Config: c, Set: set, Scenario: sc})
	return endSession(ctx, &o.sessionOptions, loc, err, c.Prompter.Close())
}

type jsonScenario struct {
	ID         string `json:"id"`
	Sector     string `json:"sector"`
	SectorName string `json:"sector_name"`
	Title      string `json:"title"`
}

type jsonScenarioList struct {
	SchemaVersion string         `json:"schema_version"`
	Language      string         `json:"language"`
	Scenarios     []jsonScenario `json:"scenarios"`
}

// trainList lists the cases without their levels, which would give the
// answer away.
func trainList(o *trainOptions, e *env, set *training.Set) error {
	l := e.Loc
	if o.JSON {
		out := jsonScenarioList{SchemaVersion: contract.Version, Language: l.Lang(), Scenarios: []jsonScenario{}}
		for _, sc := range set.Scenarios {
			out.Scenarios = append(out.Scenarios, jsonScenario{ID: sc.ID, Sector: sc.Sector,
				SectorName: report.OneLine(l.T(sc.SectorID())), Title: report.OneLine(l.T(sc.TitleID()))})
		}
		return writeJSON(o.Streams.Out, out)
	}
	tw := tabwriter.NewWriter(o.Streams.Out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\t%s\t%s\n", l.T("training.list.id"), l.T("training.list.sector"), l.T("training.list.title"))
	for _, sc := range set.Scenarios {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", sc.ID, report.OneLine(l.T(sc.SectorID())), report.OneLine(l.T(sc.TitleID())))
	}
	return tw.Flush()
}
