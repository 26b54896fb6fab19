package xlsform

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/continuum-screening/continuum/internal/defs"
	"github.com/continuum-screening/continuum/internal/i18n"
	q "github.com/continuum-screening/continuum/internal/questionnaire"
)

func shipped(t *testing.T) (*q.Form, *i18n.Bundle) {
	t.Helper()
	set, err := defs.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	return set.Form, set.Bundle
}

// readBack writes the workbook and reads every sheet back as rows of cells,
// each row as wide as its header.
func readBack(t *testing.T, wb *Workbook) map[string][][]string {
	t.Helper()
	var buf bytes.Buffer
	if err := wb.Write(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][][]string{}
	for _, name := range f.GetSheetList() {
		rows, err := f.GetRows(name)
		if err != nil {
			t.Fatal(err)
		}
		for i := range rows {
			for len(rows[i]) < len(rows[0]) {
				rows[i] = append(rows[i], "")
			}
		}
		out[name] = rows
	}
	return out
}

func col(t *testing.T, header []string, name string) int {
	t.Helper()
	for i, h := range header {
		if h == name {
			return i
		}
	}
	t.Fatalf("no column %q in %v", name, header)
	return -1
}

var refRE = regexp.MustCompile(`\$\{([^}]*)\}`)

// TestXLSFormRules builds the shipped questionnaire in every language, reads
// the workbook back and checks it against the rules of XLSForm that decide
// whether KoboToolbox and ODK accept it and whether it asks what continuum
// asks.
func TestXLSFormRules(t *testing.T) {
	form, b := shipped(t)
	wb, err := Build(Options{Form: form, Bundle: b})
	if err != nil {
		t.Fatal(err)
	}
	if len(wb.Missing) > 0 {
		t.Errorf("texts missing in a shipped language: %v", wb.Missing)
	}
	sheets := readBack(t, wb)
	for _, name := range []string{SurveySheet, ChoicesSheet, SettingsSheet} {
		if len(sheets[name]) < 2 {
			t.Fatalf("sheet %s missing or empty", name)
		}
	}
	langs, _ := Langs(b, nil)
	if len(langs) != len(b.Codes()) || len(langs) < 12 {
		t.Fatalf("languages %v; expected every shipped one", langs)
	}

	survey := sheets[SurveySheet]
	h := survey[0]
	typ, name, rel, req := col(t, h, "type"), col(t, h, "name"), col(t, h, "relevant"), col(t, h, "required")
	seen := map[string]int{}
	lists := map[string]bool{}
	questions := 0
	var order []string
	for i, r := range survey[1:] {
		row := i + 2
		tp, n := r[typ], r[name]
		if tp == "end_group" {
			continue
		}
		// Unique names, valid and free of the ODK group separator.
		if !nameRE.MatchString(n) {
			t.Errorf("row %d: name %q is not a safe XLSForm name", row, n)
		}
		if prev, dup := seen[n]; dup {
			t.Errorf("row %d: name %q also on row %d", row, n, prev)
		}
		// Every relevant refers to a question that comes before.
		for _, m := range refRE.FindAllStringSubmatch(r[rel], -1) {
			if _, ok := seen[m[1]]; !ok {
				t.Errorf("row %d: relevant %q refers to %q, not an earlier field", row, r[rel], m[1])
			}
		}
		seen[n] = row
		order = append(order, n)
		// Nothing that identifies: only selects, notes, the two constants
		// and the group.
		switch {
		case strings.HasPrefix(tp, "select_one "):
			lists[strings.TrimPrefix(tp, "select_one ")] = true
			if n != ConsentField {
				questions++
				if r[req] != "" {
					t.Errorf("row %d: question %s is required; every question may be skipped", row, n)
				}
			}
		case tp == "note", tp == "calculate", tp == "begin_group":
		default:
			t.Errorf("row %d: type %q; expected only select_one, note, calculate and the group", row, tp)
		}
		// Every label column complete in every language, hints too for
		// questions.
		needsLabel := strings.HasPrefix(tp, "select_one ") || tp == "note"
		for _, code := range langs {
			lc := col(t, h, "label::"+LangColumn(b, code))
			hc := col(t, h, "hint::"+LangColumn(b, code))
			if needsLabel && strings.TrimSpace(r[lc]) == "" {
				t.Errorf("row %d (%s): no label in %s", row, n, code)
			}
			if strings.HasPrefix(tp, "select_one "+AnswerList) && strings.TrimSpace(r[hc]) == "" {
				t.Errorf("row %d (%s): no hint in %s", row, n, code)
			}
		}
	}
	if questions != len(form.Questions) {
		t.Errorf("%d questions in the form; expected the questionnaire's %d", questions, len(form.Questions))
	}
	for _, bad := range []string{"deviceid", "phonenumber", "username", "start", "end", "today", "audit", "simserial", "subscriberid"} {
		if _, ok := seen[bad]; ok {
			t.Errorf("the form collects %s", bad)
		}
	}
	// The consent comes first and the questions are inside the group that
	// it opens; the emergency note follows the danger question.
	if seen[ConsentField] > seen[Group] || seen[Group] > seen[Name(form.Questions[0].ID)] {
		t.Errorf("order %v: expected the consent, then the group of questions", order)
	}
	danger := form.RoleQuestion(q.RoleDanger)
	if seen[EmergencyNote] != seen[Name(danger.ID)]+1 {
		t.Errorf("the emergency note is on row %d; expected right after the danger question (row %d)", seen[EmergencyNote], seen[Name(danger.ID)])
	}
	groupRel := survey[seen[Group]-1][rel]
	if groupRel != "${consent} = 'yes'" {
		t.Errorf("group relevant %q; expected the questions only after a yes to the consent", groupRel)
	}
	if survey[seen[ConsentField]-1][req] != "yes" {
		t.Error("the consent is not required")
	}
	// Skip logic: every follow-up's relevant names its gate and each
	// opening answer.
	for _, qq := range form.Questions {
		r := survey[seen[Name(qq.ID)]-1]
		if qq.ShowIf == nil {
			if r[rel] != "" {
				t.Errorf("%s: relevant %q; expected none", qq.ID, r[rel])
			}
			continue
		}
		for _, a := range qq.ShowIf.Answers {
			want := "${" + Name(qq.ShowIf.Question) + "} = '" + Name(a) + "'"
			if !strings.Contains(r[rel], want) {
				t.Errorf("%s: relevant %q lacks %s", qq.ID, r[rel], want)
			}
		}
		if got, want := strings.Count(r[rel], " or "), len(qq.ShowIf.Answers)-1; got != want {
			t.Errorf("%s: relevant %q; expected %d alternatives", qq.ID, r[rel], want+1)
		}
	}

	// Choice lists: every list used is present, with unique names and a
	// label in every language; the answer list is the four choices.
	choices := sheets[ChoicesSheet]
	ch := choices[0]
	ln, cn := col(t, ch, "list_name"), col(t, ch, "name")
	got := map[string][]string{}
	for i, r := range choices[1:] {
		for _, code := range langs {
			if strings.TrimSpace(r[col(t, ch, "label::"+LangColumn(b, code))]) == "" {
				t.Errorf("choices row %d: no label in %s", i+2, code)
			}
		}
		for _, prev := range got[r[ln]] {
			if prev == r[cn] {
				t.Errorf("choices row %d: %s listed twice in %s", i+2, r[cn], r[ln])
			}
		}
		got[r[ln]] = append(got[r[ln]], r[cn])
	}
	for l := range lists {
		if len(got[l]) == 0 {
			t.Errorf("list %s is used but has no choices", l)
		}
	}
	var want []string
	for _, c := range form.Choices {
		want = append(want, Name(c.ID))
	}
	if strings.Join(got[AnswerList], " ") != strings.Join(want, " ") {
		t.Errorf("answer list %v; expected %v", got[AnswerList], want)
	}

	// Settings: form id and version from the questionnaire, a default
	// language that is one of the label columns.
	st := sheets[SettingsSheet]
	if v := st[1][col(t, st[0], "form_id")]; v != form.ID {
		t.Errorf("form_id %q; expected %q", v, form.ID)
	}
	if v := st[1][col(t, st[0], "version")]; v != form.Version {
		t.Errorf("version %q; expected %q", v, form.Version)
	}
	if v := st[1][col(t, st[0], "default_language")]; v != LangColumn(b, i18n.Source) {
		t.Errorf("default_language %q; expected %q", v, LangColumn(b, i18n.Source))
	}
	// The calculated constants carry the id and version into submissions.
	calc := col(t, h, "calculation")
	if v := survey[seen[FormField]-1][calc]; v != "'"+form.ID+"'" {
		t.Errorf("%s = %s", FormField, v)
	}
	if v := survey[seen[VersionField]-1][calc]; v != "'"+form.Version+"'" {
		t.Errorf("%s = %s", VersionField, v)
	}
}

func TestLangsChosen(t *testing.T) {
	form, b := shipped(t)
	wb, err := Build(Options{Form: form, Bundle: b, Langs: []string{"ro", "en"}})
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, h := range wb.Survey.Header {
		if strings.HasPrefix(h, "label::") {
			labels = append(labels, h)
		}
	}
	if strings.Join(labels, "|") != "label::Română (ro)|label::English (en)" {
		t.Errorf("label columns %v", labels)
	}
	if v := wb.Settings.Rows[0][wb.Settings.Col("default_language")]; v != "Română (ro)" {
		t.Errorf("default_language %q", v)
	}
	for _, bad := range [][]string{{"xx"}, {"en", "English"}} {
		if _, err := Build(Options{Form: form, Bundle: b, Langs: bad}); err == nil {
			t.Errorf("languages %v accepted", bad)
		}
	}
}

// The labels the mapping matches must tell questions and choices apart in
// every shipped language, or a label export could not be read.
func TestOwnMappingUnambiguous(t *testing.T) {
	form, b := shipped(t)
	m := OwnMapping(form, b)
	langs, _ := Langs(b, nil)
	for _, code := range langs {
		l := b.Localizer(code)
		for _, qq := range form.Questions {
			label := l.T(qq.TextID())
			if id, ok := m.Columns[label]; !ok || id != qq.ID {
				t.Errorf("%s: label of %s maps to %q", code, qq.ID, id)
			}
		}
		for _, c := range form.Choices {
			if got, ok := m.Choice(strings.ToUpper(l.T(c.Label))); !ok || got != c.ID {
				t.Errorf("%s: label of choice %s maps to %q", code, c.ID, got)
			}
		}
		if m.ConsentValues[strings.ToLower(l.T("session.consent.yes"))] != q.Yes {
			t.Errorf("%s: consent yes label not recognised", code)
		}
	}
}
