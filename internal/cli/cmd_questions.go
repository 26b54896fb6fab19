package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/continuum-screening/continuum/internal/contract"
	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/report"
)

type questionsOptions struct {
	*Globals
	JSON bool
}

func newQuestionsCmd(g *Globals, runF func(*questionsOptions) error) *cobra.Command {
	o := &questionsOptions{Globals: g}
	cmd := &cobra.Command{
		Use:   "questions",
		Short: "List the questionnaire: ids, choices, skip logic, and what each question evidences",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(o)
			}
			return questionsRun(o)
		},
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "machine-readable output")
	return cmd
}

type jsonChoice struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

type jsonShowIf struct {
	Question string   `json:"question"`
	Answers  []string `json:"answers"`
}

type jsonItem struct {
	ID        string `json:"id"`
	Grade     string `json:"grade"`
	Dimension string `json:"dimension"`
	Source    string `json:"source"`
}

type jsonQuestion struct {
	ID         string      `json:"id"`
	Role       string      `json:"role,omitempty"`
	Sign       string      `json:"sign,omitempty"`
	ShowIf     *jsonShowIf `json:"show_if,omitempty"`
	FollowUps  []string    `json:"follow_ups,omitempty"`
	Item       *jsonItem   `json:"item,omitempty"`
	Indicators []string    `json:"indicators"`
	Text       string      `json:"text"`
	Help       string      `json:"help"`
}

type jsonQuestionnaire struct {
	SchemaVersion string         `json:"schema_version"`
	ID            string         `json:"id"`
	Version       string         `json:"version"`
	ModelVersion  string         `json:"model_version"`
	Language      string         `json:"language"`
	Shortest      int            `json:"shortest_path"`
	Longest       int            `json:"longest_path"`
	Choices       []jsonChoice   `json:"choices"`
	Questions     []jsonQuestion `json:"questions"`
}

func questionsRun(o *questionsOptions) error {
	e, err := o.loadEnv()
	if err != nil {
		return err
	}
	l := e.Loc
	short, long := e.Form.PathLengths()
	out := jsonQuestionnaire{SchemaVersion: contract.Version, ID: e.Form.ID, Version: e.Form.Version, ModelVersion: e.Scorer.Model().Version(),
		Language: l.Lang(), Shortest: short, Longest: long}
	for _, c := range e.Form.Choices {
		out.Choices = append(out.Choices, jsonChoice{ID: c.ID, Label: l.T(c.Label)})
	}
	for _, qq := range e.Form.Questions {
		jq := jsonQuestion{ID: qq.ID, Role: string(qq.Role), Sign: string(qq.Sign), Indicators: append([]string{}, qq.Indicators...),
			Text: l.T(qq.TextID()), Help: l.T(qq.HelpID())}
		if qq.ShowIf != nil {
			jq.ShowIf = &jsonShowIf{Question: qq.ShowIf.Question, Answers: qq.ShowIf.Answers}
		}
		for _, fu := range qq.FollowUps {
			jq.FollowUps = append(jq.FollowUps, fu.ID)
		}
		if it := qq.Item; it != nil {
			jq.Item = &jsonItem{ID: it.ID, Grade: it.Grade.String(), Dimension: it.Dimension.ID, Source: it.Source}
		}
		out.Questions = append(out.Questions, jq)
	}
	w := o.Streams.Out
	if o.JSON {
		return writeJSON(w, out)
	}
	t := newInertText(w)
	defer t.flush()
	w = t
	fmt.Fprintf(w, "%s %s (%s)\n", out.ID, out.Version, l.T("questions.paths", "Shortest", short, "Longest", long))
	for i, qq := range e.Form.Questions {
		indent := strings.Repeat("   ", qq.Depth)
		// A right-to-left question keeps its id after it, on the right.
		fmt.Fprintf(w, "%s%2d. %s  [%s]\n", indent, i+1, report.Cell(l.T(qq.TextID())), qq.ID)
		var notes []string
		if qq.ShowIf != nil {
			notes = append(notes, l.T("questions.shown-if", "Question", qq.ShowIf.Question, "Answers", l.Join(choiceLabels(e, qq.ShowIf.Answers))))
		}
		if qq.Role != q.RoleNone {
			notes = append(notes, l.T("questions.role."+string(qq.Role)))
		}
		if qq.Sign != q.SignNone {
			notes = append(notes, l.T("questions.sign."+string(qq.Sign)))
		}
		if it := qq.Item; it != nil {
			notes = append(notes, fmt.Sprintf("%s (%s)", it.ID, l.T("grade."+it.Grade.String())))
		}
		for _, ind := range qq.Indicators {
			notes = append(notes, l.T("indicator."+ind+".name"))
		}
		if len(notes) > 0 {
			fmt.Fprintf(w, "%s      %s\n", indent, strings.Join(notes, " · "))
		}
	}
	return nil
}

func choiceLabels(e *env, ids []string) []string {
	var out []string
	for _, id := range ids {
		for _, c := range e.Form.Choices {
			if c.ID == id {
				out = append(out, e.Loc.T(c.Label))
			}
		}
	}
	return out
}
