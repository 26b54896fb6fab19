package xlsform

import (
	"fmt"

	"github.com/continuum-screening/continuum/internal/batch"
	"github.com/continuum-screening/continuum/internal/i18n"
	q "github.com/continuum-screening/continuum/internal/questionnaire"
)

// Platform columns that are neither answers nor identifying: KoboToolbox's
// validation, notes, status, tags and its own form version; ODK Central's
// review state, edits and attachment counts. Lower case: the questionnaire's
// own mapping matches them without regard to case.
var platformColumns = []string{
	"__version__", "_validation_status", "_notes", "_status", "_tags",
	"status", "reviewstate", "edits", "attachmentspresent", "attachmentsexpected",
}

// MissingCodes are the values read as "not answered" in an export of the
// form besides an empty cell: what teams and tools write for a skipped
// question (KoboToolbox teams' "n/a", R's "NA", the survey code -99).
var MissingCodes = []string{"n/a", "na", "-99"}

// KoboIndex is KoboToolbox's row number column: an anonymous record id.
const KoboIndex = "_index"

// ODKFormVersion is ODK Central's column with the form's version setting.
const ODKFormVersion = "FormVersion"

// OwnMapping returns the mapping of an export of the form Build writes,
// for "XML values and headers" exports and label exports in any language of
// the bundle: the questions under their XLSForm names and labels, the
// choices under their names and labels, the form's id and version fields,
// the consent, the notes and the platforms' harmless columns. A label two
// questions (or two choices) share in some language is left out: a column or
// value under it is reported, never guessed.
func OwnMapping(form *q.Form, b *i18n.Bundle) *batch.Mapping {
	m := batch.NewMapping(fmt.Sprintf("the XLSForm of %s %s", form.ID, form.Version))
	m.Own = true
	m.Form, m.Version = form.ID, form.Version
	m.ID = KoboIndex
	m.FormColumns = []string{FormField}
	m.VersionColumns = []string{VersionField, ODKFormVersion}
	m.ConsentColumns = []string{ConsentField}
	for _, c := range MissingCodes {
		m.Missing[c] = true
	}
	for _, c := range append([]string{ConsentIntro, ConsentDeclined, EmergencyNote}, platformColumns...) {
		m.Ignore[c] = true
	}
	langs, _ := Langs(b, nil)
	locs := make([]*i18n.Localizer, len(langs))
	for i, c := range langs {
		locs[i] = b.Localizer(c)
	}
	for _, qq := range form.Questions {
		m.AddColumn(qq.ID, qq.ID)
		m.AddColumn(Name(qq.ID), qq.ID)
	}
	for _, qq := range form.Questions {
		for _, l := range locs {
			m.AddColumn(l.T(qq.TextID()), qq.ID)
		}
	}
	for _, c := range form.Choices {
		m.AddValue(c.ID, c.ID)
		m.AddValue(Name(c.ID), c.ID)
	}
	for _, c := range form.Choices {
		for _, l := range locs {
			m.AddValue(l.T(c.Label), c.ID)
		}
	}
	consent := func(v, choice string) {
		k := batch.FoldText(v)
		if prev, ok := m.ConsentValues[k]; ok && prev != choice {
			m.ConsentValues[k] = ""
			return
		}
		m.ConsentValues[k] = choice
	}
	for _, l := range locs {
		m.ConsentColumns = append(m.ConsentColumns, l.T(form.Consent.Ask))
	}
	consent(q.Yes, q.Yes)
	consent(q.No, q.No)
	for _, l := range locs {
		consent(l.T("session.consent.yes"), q.Yes)
		consent(l.T("session.consent.no"), q.No)
	}
	return m
}
