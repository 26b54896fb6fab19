package questionnaire

import (
	"strings"

	"github.com/continuum-screening/continuum/internal/strictyaml"
)

// MaxFileSize bounds a definitions file. The shipped files are a few KiB; a
// larger file is a mistake or an attack, and is refused before parsing.
const MaxFileSize = 1 << 20

// File is one definitions file.
type File struct {
	Name string
	Data []byte
}

// The raw types hold a file as written, read by the walker (every key
// known, given once, of the kind expected); building checks what they say.

var (
	questionnaireKeys = []string{"kind", "id", "version", "choices", "consent", "questions", "groupings"}
	choiceKeys        = []string{"id", "label"}
	consentKeys       = []string{"title", "text", "ask"}
	questionKeys      = []string{"id", "role", "show_if", "item", "sign", "indicators"}
	conditionKeys     = []string{"question", "answers"}
	delphiKeys        = []string{"kind", "sources", "dimensions"}
	dimensionKeys     = []string{"id", "phase", "items"}
	itemKeys          = []string{"id", "grade", "source"}
	iloKeys           = []string{"kind", "source", "indicators"}
)

// fields reads the mapping v with its keys; nil when it is not one.
func fields(v strictyaml.Value, expect string, keys []string) *strictyaml.Map {
	m, _ := v.Map(expect, keys)
	return m
}

// text returns the text under key, or "".
func text(m *strictyaml.Map, key, expect string) string {
	if v, ok := m.Get(key); ok {
		s, _ := v.Text(expect)
		return s
	}
	return ""
}

// texts returns the list of texts under key, or nil.
func texts(m *strictyaml.Map, key, expect string) []string {
	if v, ok := m.Get(key); ok {
		list, _, _ := v.Texts(expect)
		return list
	}
	return nil
}

// each calls fn for each element of the list under key.
func each(m *strictyaml.Map, key, expect string, fn func(strictyaml.Value)) {
	if v, ok := m.Get(key); ok {
		list, _ := v.List(expect)
		for _, e := range list {
			fn(e)
		}
	}
}

func readQuestionnaire(top *strictyaml.Map) *rawQuestionnaire {
	r := &rawQuestionnaire{
		Kind:      text(top, "kind", "a kind"),
		ID:        text(top, "id", "the questionnaire's id"),
		Version:   text(top, "version", "a version such as 1.0.0"),
		Groupings: texts(top, "groupings", "a list of column names such as [sector, language]"),
	}
	each(top, "choices", "a list of choices with id and label", func(v strictyaml.Value) {
		m := fields(v, "a mapping with id and label", choiceKeys)
		r.Choices = append(r.Choices, rawChoice{ID: text(m, "id", "a choice id"), Label: text(m, "label", "a message id")})
	})
	if v, ok := top.Get("consent"); ok {
		if m := fields(v, "a mapping with title, text and ask", consentKeys); m != nil {
			r.Consent = &rawConsent{Title: text(m, "title", "a message id"), Text: text(m, "text", "a message id"), Ask: text(m, "ask", "a message id")}
		}
	}
	each(top, "questions", "a list of questions", func(v strictyaml.Value) {
		m := fields(v, "a mapping with the keys "+strings.Join(questionKeys, ", "), questionKeys)
		q := rawQuestion{
			ID:         text(m, "id", "a question id"),
			Role:       text(m, "role", "danger, minor or third-party"),
			Item:       text(m, "item", "a Delphi item id"),
			Sign:       text(m, "sign", "a sign such as "+string(SignInvoluntariness)),
			Indicators: texts(m, "indicators", "a list of ILO indicator ids"),
		}
		if c, ok := m.Get("show_if"); ok {
			if cm := fields(c, "a mapping with question and answers", conditionKeys); cm != nil {
				q.ShowIf = &rawCondition{
					Question: text(cm, "question", "the id of the gate question"),
					Answers:  texts(cm, "answers", "a list of answers such as [yes, dont-know]"),
				}
			}
		}
		r.Questions = append(r.Questions, q)
	})
	return r
}

func readDelphi(top *strictyaml.Map) *rawDelphi {
	r := &rawDelphi{Kind: text(top, "kind", "a kind"), Sources: map[string]string{}}
	if v, ok := top.Get("sources"); ok {
		m, _ := v.Map("a mapping of source key to where a grade comes from", nil)
		for _, k := range m.Keys() {
			r.Sources[k.Name], _ = k.Val.Text("text saying where grades come from")
		}
	}
	each(top, "dimensions", "a list of dimensions", func(v strictyaml.Value) {
		m := fields(v, "a mapping with id, phase and items", dimensionKeys)
		d := rawDimension{ID: text(m, "id", "a dimension id"), Phase: text(m, "phase", "recruitment or destination")}
		each(m, "items", "a list of items", func(v strictyaml.Value) {
			im := fields(v, "a mapping with id, grade and source", itemKeys)
			d.Items = append(d.Items, rawItem{ID: text(im, "id", "an item id"), Grade: text(im, "grade", "strong, medium or weak"), Source: text(im, "source", "a key of sources")})
		})
		r.Dimensions = append(r.Dimensions, d)
	})
	return r
}

func readILO(top *strictyaml.Map) *rawILO {
	return &rawILO{
		Kind:       text(top, "kind", "a kind"),
		Source:     text(top, "source", "where the indicators come from"),
		Indicators: texts(top, "indicators", "a list of ILO indicator ids"),
	}
}

var (
	mapValue = strictyaml.MapValue
	lineOf   = strictyaml.LineOf
	seqItem  = strictyaml.SeqItem
)
