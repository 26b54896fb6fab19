// Package xlsform writes the questionnaire as an XLSForm workbook, the form
// definition KoboToolbox and ODK Collect run on phones, and describes the
// names and labels such a form gives its answers, so that an export of the
// submissions can be read back without a hand-written mapping.
//
// The form asks the same questions, in the same languages and with the same
// skip logic as the other ways of answering, and collects nothing that
// identifies: no device, phone, user or time metadata, no location, no free
// text. Its only other fields are two calculated constants, the
// questionnaire id and version, so that every submission says which form it
// answers (KoboToolbox replaces the form's own version with its own).
package xlsform

import (
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/continuum-screening/continuum/internal/i18n"
	q "github.com/continuum-screening/continuum/internal/questionnaire"
)

// Names of the fields the form adds around the questions. A question whose
// name would clash with one of them is refused.
const (
	FormField       = "continuum_form"    // calculate: the questionnaire id
	VersionField    = "continuum_version" // calculate: the questionnaire version
	ConsentIntro    = "consent_intro"     // note: what the screening is
	ConsentField    = "consent"           // select_one: required yes to go on
	ConsentDeclined = "consent_declined"  // note: the form ends here
	Group           = "screening"         // the questions, shown after a yes
	EmergencyNote   = "danger_help"       // note after the danger question

	AnswerList  = "answer"       // the four answer choices
	ConsentList = "consent_list" // yes / no to go on
)

// Sheet names of an XLSForm.
const (
	SurveySheet   = "survey"
	ChoicesSheet  = "choices"
	SettingsSheet = "settings"
)

// nameRE is what a field or choice name may look like: a valid XML name
// without '-' or '.', which ODK Central's group separator and analysis
// software mistake for structure.
var nameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// Name returns the XLSForm name of a question or choice id: '-' and '.'
// become '_' (under-18 → under_18); an id starting with a digit gets a
// leading 'q_'.
func Name(id string) string {
	n := strings.NewReplacer("-", "_", ".", "_").Replace(id)
	if n != "" && n[0] >= '0' && n[0] <= '9' {
		n = "q_" + n
	}
	return n
}

// Options say what to write.
type Options struct {
	Form   *q.Form
	Bundle *i18n.Bundle
	// Langs are the label languages, the first one the form's default;
	// empty means every language of the bundle, English first.
	Langs []string
}

// Sheet is one worksheet: a header row and data rows.
type Sheet struct {
	Name   string
	Header []string
	Rows   [][]string
}

// Col returns the index of a header column, or -1.
func (s *Sheet) Col(name string) int {
	for i, h := range s.Header {
		if h == name {
			return i
		}
	}
	return -1
}

// Workbook is an XLSForm as plain rows.
type Workbook struct {
	Survey, Choices, Settings Sheet
	// Missing lists "code: message id" for texts a language does not have
	// yet; they are written in English.
	Missing []string
}

// LangColumn returns the XLSForm language suffix, "Română (ro)".
func LangColumn(b *i18n.Bundle, code string) string {
	name := b.Catalog(code).Meta.NativeName
	if name == "" {
		name = b.Catalog(code).Meta.Name
	}
	return fmt.Sprintf("%s (%s)", name, code)
}

// Langs returns the languages to write: the given ones (codes or names,
// as --lang takes them), checked, or every language of the bundle with
// English first.
func Langs(b *i18n.Bundle, given []string) ([]string, error) {
	if len(given) == 0 {
		out := []string{i18n.Source}
		for _, c := range b.Codes() {
			if c != i18n.Source {
				out = append(out, c)
			}
		}
		return out, nil
	}
	var out []string
	seen := map[string]bool{}
	for _, g := range given {
		c := b.Match(g)
		if c == "" {
			return nil, fmt.Errorf("language %q is not shipped; expected some of: %s", g, strings.Join(b.Codes(), ", "))
		}
		if seen[c] {
			return nil, fmt.Errorf("language %q given twice", g)
		}
		seen[c] = true
		out = append(out, c)
	}
	return out, nil
}

// Build lays out the form.
func Build(o Options) (*Workbook, error) {
	form, b := o.Form, o.Bundle
	langs, err := Langs(b, o.Langs)
	if err != nil {
		return nil, err
	}
	if err := checkNames(form); err != nil {
		return nil, err
	}
	locs := make([]*i18n.Localizer, len(langs))
	for i, c := range langs {
		locs[i] = b.Localizer(c)
	}
	texts := func(f func(l *i18n.Localizer) string) []string {
		out := make([]string, len(locs))
		for i, l := range locs {
			out[i] = f(l)
		}
		return out
	}
	msg := func(id string) []string { return texts(func(l *i18n.Localizer) string { return l.T(id) }) }
	none := make([]string, len(langs))

	w := &Workbook{}
	s := &w.Survey
	s.Name = SurveySheet
	s.Header = []string{"type", "name"}
	for _, c := range langs {
		s.Header = append(s.Header, "label::"+LangColumn(b, c))
	}
	for _, c := range langs {
		s.Header = append(s.Header, "hint::"+LangColumn(b, c))
	}
	s.Header = append(s.Header, "relevant", "required", "calculation")
	row := func(typ, name string, label, hint []string, relevant, required, calc string) {
		r := []string{typ, name}
		r = append(r, label...)
		r = append(r, hint...)
		r = append(r, relevant, required, calc)
		s.Rows = append(s.Rows, r)
	}
	row("calculate", FormField, none, none, "", "", xpathString(form.ID))
	row("calculate", VersionField, none, none, "", "", xpathString(form.Version))
	// The questionnaire's consent text says that nothing is kept or sent,
	// true of a session on a laptop; a form on a phone sends its answers
	// to the server, so the form says that instead.
	row("note", ConsentIntro,
		texts(func(l *i18n.Localizer) string {
			return l.T(form.Consent.Title) + "\n\n" + l.T("export.xlsform.consent-text")
		}),
		none, "", "", "")
	row("select_one "+ConsentList, ConsentField, msg(form.Consent.Ask), none, "", "yes", "")
	row("note", ConsentDeclined, msg("export.xlsform.declined"), none,
		fmt.Sprintf("${%s} = '%s'", ConsentField, Name(q.No)), "", "")
	row("begin_group", Group, none, none, fmt.Sprintf("${%s} = '%s'", ConsentField, Name(q.Yes)), "", "")
	for _, qq := range form.Questions {
		rel := ""
		if c := qq.ShowIf; c != nil {
			parts := make([]string, len(c.Answers))
			for i, a := range c.Answers {
				parts[i] = fmt.Sprintf("${%s} = '%s'", Name(c.Question), Name(a))
			}
			rel = strings.Join(parts, " or ")
		}
		row("select_one "+AnswerList, Name(qq.ID), msg(qq.TextID()), msg(qq.HelpID()), rel, "", "")
		if qq.Role == q.RoleDanger {
			row("note", EmergencyNote,
				texts(func(l *i18n.Localizer) string {
					return l.T("session.emergency.title") + "\n\n" + l.T("session.emergency.text")
				}),
				none, fmt.Sprintf("${%s} = '%s'", Name(qq.ID), Name(q.Yes)), "", "")
		}
	}
	row("end_group", Group, none, none, "", "", "")

	c := &w.Choices
	c.Name = ChoicesSheet
	c.Header = []string{"list_name", "name"}
	for _, code := range langs {
		c.Header = append(c.Header, "label::"+LangColumn(b, code))
	}
	for _, ch := range form.Choices {
		c.Rows = append(c.Rows, append([]string{AnswerList, Name(ch.ID)}, msg(ch.Label)...))
	}
	c.Rows = append(c.Rows, append([]string{ConsentList, Name(q.Yes)}, msg("session.consent.yes")...))
	c.Rows = append(c.Rows, append([]string{ConsentList, Name(q.No)}, msg("session.consent.no")...))

	st := &w.Settings
	st.Name = SettingsSheet
	st.Header = []string{"form_title", "form_id", "version", "default_language"}
	st.Rows = [][]string{{
		locs[0].T("handout.title.questionnaire") + " (" + form.ID + " " + form.Version + ")",
		form.ID, form.Version, LangColumn(b, langs[0]),
	}}
	for i, l := range locs {
		for _, m := range l.Missing() {
			w.Missing = append(w.Missing, langs[i]+": "+m)
		}
	}
	return w, nil
}

// checkNames refuses a questionnaire whose ids do not make distinct,
// valid XLSForm names, or clash with the fields the form adds.
func checkNames(form *q.Form) error {
	taken := map[string]string{
		FormField: "the form's own field", VersionField: "the form's own field",
		ConsentIntro: "the form's own field", ConsentField: "the form's own field",
		ConsentDeclined: "the form's own field", Group: "the form's own group",
		EmergencyNote: "the form's own field",
	}
	var errs q.Errors
	file := ""
	if len(form.Files) > 0 {
		file = form.Files[0]
	}
	for _, qq := range form.Questions {
		n := Name(qq.ID)
		if !nameRE.MatchString(n) {
			errs = append(errs, &q.Error{File: qq.File, Line: qq.Line, Field: "questions." + qq.ID,
				Msg: fmt.Sprintf("makes the XLSForm name %q, which is not a valid name; expected letters, digits, '-' and '.'", n)})
			continue
		}
		if prev, ok := taken[n]; ok {
			errs = append(errs, &q.Error{File: qq.File, Line: qq.Line, Field: "questions." + qq.ID,
				Msg: fmt.Sprintf("makes the XLSForm name %q, as %s does; expected ids that stay distinct when '-' and '.' become '_'", n, prev)})
			continue
		}
		taken[n] = "question " + qq.ID
	}
	choices := map[string]string{}
	for _, c := range form.Choices {
		n := Name(c.ID)
		if prev, ok := choices[n]; ok || !nameRE.MatchString(n) {
			errs = append(errs, &q.Error{File: file, Field: "choices." + c.ID,
				Msg: fmt.Sprintf("makes the XLSForm choice name %q, not valid or as %s does; expected distinct names", n, prev)})
		}
		choices[n] = c.ID
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// xpathString quotes a constant for a calculation.
func xpathString(s string) string {
	if strings.Contains(s, "'") {
		return `"` + s + `"`
	}
	return "'" + s + "'"
}

// Write writes the workbook as .xlsx. The workbook is built in memory
// (a form is a few hundred cells): nothing goes to a temporary file.
func (w *Workbook) Write(out io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	sheets := []*Sheet{&w.Survey, &w.Choices, &w.Settings}
	if err := f.SetSheetName("Sheet1", sheets[0].Name); err != nil {
		return err
	}
	for i, s := range sheets {
		if i > 0 {
			if _, err := f.NewSheet(s.Name); err != nil {
				return err
			}
		}
		if err := writeRow(f, s.Name, 1, s.Header); err != nil {
			return err
		}
		for j, r := range s.Rows {
			if err := writeRow(f, s.Name, j+2, r); err != nil {
				return err
			}
		}
	}
	f.SetActiveSheet(0)
	_, err := f.WriteTo(out)
	return err
}

// writeRow writes the non-empty cells of a row as text.
func writeRow(f *excelize.File, sheet string, n int, cells []string) error {
	for i, c := range cells {
		if c == "" {
			continue
		}
		cell, err := excelize.CoordinatesToCellName(i+1, n)
		if err != nil {
			return err
		}
		if err := f.SetCellStr(sheet, cell, c); err != nil {
			return err
		}
	}
	return nil
}
