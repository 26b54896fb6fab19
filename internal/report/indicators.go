package report

import (
	"fmt"
	"io"

	"github.com/continuum-screening/continuum/internal/contract"
	"github.com/continuum-screening/continuum/internal/i18n"
	"github.com/continuum-screening/continuum/internal/questionnaire"
)

// The document of continuum indicators: each ILO indicator of forced
// labour with the questions and Delphi items that cover it.

type Indicator struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Explanation string   `json:"explanation"`
	Questions   []string `json:"questions"`
	Items       []string `json:"items"`
}

// Indicators is the same document for all indicators and for one.
type Indicators struct {
	SchemaVersion string      `json:"schema_version"`
	Indicators    []Indicator `json:"indicators"`
}

// NewIndicators builds the indicators document for ids in the language l.
func NewIndicators(l *i18n.Localizer, form *questionnaire.Form, ids []string) Indicators {
	out := Indicators{SchemaVersion: contract.Version}
	for _, id := range ids {
		ji := Indicator{ID: id, Name: l.T("indicator." + id + ".name"), Explanation: l.T("indicator." + id + ".explanation"),
			Questions: []string{}, Items: []string{}}
		seen := map[string]bool{}
		for _, qq := range form.QuestionsFor(id) {
			ji.Questions = append(ji.Questions, qq.ID)
			if qq.Item != nil && !seen[qq.Item.ID] {
				seen[qq.Item.ID] = true
				ji.Items = append(ji.Items, qq.Item.ID)
			}
		}
		out.Indicators = append(out.Indicators, ji)
	}
	return out
}

// WriteText writes the indicators as text; w should make the texts of an
// organisation's catalogues inert.
func (d Indicators) WriteText(w io.Writer, l *i18n.Localizer, form *questionnaire.Form) {
	for i, ji := range d.Indicators {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s  [%s]\n  %s\n", ji.Name, ji.ID, ji.Explanation)
		fmt.Fprintf(w, "  %s\n", l.T("indicators.questions"))
		for _, qid := range ji.Questions {
			qq := form.Question(qid)
			fmt.Fprintf(w, "    - %s  [%s, %s]\n", l.T(qq.TextID()), qid, qq.Item.ID)
		}
	}
}
