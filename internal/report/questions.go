package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/continuum-screening/continuum/internal/contract"
	"github.com/continuum-screening/continuum/internal/i18n"
	"github.com/continuum-screening/continuum/internal/questionnaire"
)

// The document of continuum questions: the questionnaire with its choices,
// skip logic and what each question evidences (JSON with --json, else
// text).

type QuestionChoice struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

type QuestionShowIf struct {
	Question string   `json:"question"`
	Answers  []string `json:"answers"`
}

type QuestionItem struct {
	ID        string `json:"id"`
	Grade     string `json:"grade"`
	Dimension string `json:"dimension"`
	Source    string `json:"source"`
}

type QuestionEntry struct {
	ID         string          `json:"id"`
	Role       string          `json:"role,omitempty"`
	Sign       string          `json:"sign,omitempty"`
	ShowIf     *QuestionShowIf `json:"show_if,omitempty"`
	FollowUps  []string        `json:"follow_ups,omitempty"`
	Item       *QuestionItem   `json:"item,omitempty"`
	Indicators []string        `json:"indicators"`
	Text       string          `json:"text"`
	Help       string          `json:"help"`
}

type Questionnaire struct {
	SchemaVersion string           `json:"schema_version"`
	ID            string           `json:"id"`
	Version       string           `json:"version"`
	ModelVersion  string           `json:"model_version"`
	Language      string           `json:"language"`
	Shortest      int              `json:"shortest_path"`
	Longest       int              `json:"longest_path"`
	Choices       []QuestionChoice `json:"choices"`
	Questions     []QuestionEntry  `json:"questions"`
}

// NewQuestionnaire builds the questions document in the language l.
func NewQuestionnaire(l *i18n.Localizer, form *questionnaire.Form, modelVersion string) Questionnaire {
	short, long := form.PathLengths()
	out := Questionnaire{SchemaVersion: contract.Version, ID: form.ID, Version: form.Version, ModelVersion: modelVersion,
		Language: l.Lang(), Shortest: short, Longest: long}
	for _, c := range form.Choices {
		out.Choices = append(out.Choices, QuestionChoice{ID: c.ID, Label: l.T(c.Label)})
	}
	for _, qq := range form.Questions {
		jq := QuestionEntry{ID: qq.ID, Role: string(qq.Role), Sign: string(qq.Sign), Indicators: append([]string{}, qq.Indicators...),
			Text: l.T(qq.TextID()), Help: l.T(qq.HelpID())}
		if qq.ShowIf != nil {
			jq.ShowIf = &QuestionShowIf{Question: qq.ShowIf.Question, Answers: qq.ShowIf.Answers}
		}
		for _, fu := range qq.FollowUps {
			jq.FollowUps = append(jq.FollowUps, fu.ID)
		}
		if it := qq.Item; it != nil {
			jq.Item = &QuestionItem{ID: it.ID, Grade: it.Grade.String(), Dimension: it.Dimension.ID, Source: it.Source}
		}
		out.Questions = append(out.Questions, jq)
	}
	return out
}

// WriteText writes the questionnaire as text; w should make the texts of an
// organisation's catalogues inert.
func (q Questionnaire) WriteText(w io.Writer, l *i18n.Localizer, form *questionnaire.Form) {
	fmt.Fprintf(w, "%s %s (%s)\n", q.ID, q.Version, l.T("questions.paths", "Shortest", q.Shortest, "Longest", q.Longest))
	for i, qq := range form.Questions {
		indent := strings.Repeat("   ", qq.Depth)
		// A right-to-left question keeps its id after it, on the right.
		fmt.Fprintf(w, "%s%2d. %s  [%s]\n", indent, i+1, Cell(l.T(qq.TextID())), qq.ID)
		var notes []string
		if qq.ShowIf != nil {
			notes = append(notes, l.T("questions.shown-if", "Question", qq.ShowIf.Question, "Answers", l.Join(choiceLabels(l, form, qq.ShowIf.Answers))))
		}
		if qq.Role != questionnaire.RoleNone {
			notes = append(notes, l.T("questions.role."+string(qq.Role)))
		}
		if qq.Sign != questionnaire.SignNone {
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
}

func choiceLabels(l *i18n.Localizer, form *questionnaire.Form, ids []string) []string {
	var out []string
	for _, id := range ids {
		for _, c := range form.Choices {
			if c.ID == id {
				out = append(out, l.T(c.Label))
			}
		}
	}
	return out
}
