package training

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/scoring"
	"github.com/continuum-screening/continuum/internal/strictyaml"
)

var idRE = regexp.MustCompile(`^[a-z0-9]+(?:[.-][a-z0-9]+)*$`)

// parser reads a scenarios file through the walker, so that every problem
// names the file, the line and the field, and unknown keys are refused.
type parser struct {
	w    *strictyaml.Walker
	form *q.Form
}

// Parse reads a scenarios file and checks it against form: known keys only,
// known question ids and choices, answers that follow the skip logic exactly,
// known sectors and ILO indicators. It returns every problem as
// questionnaire.Errors.
func Parse(name string, data []byte, form *q.Form) (*Set, error) {
	p := &parser{w: strictyaml.NewWalker(name), form: form}
	root, ok := p.w.Parse(data, q.MaxFileSize, "a mapping with kind: "+Kind)
	if !ok {
		return nil, p.w.Err()
	}
	set := &Set{File: name, byID: map[string]*Scenario{}}
	top, _ := root.Map("a mapping with kind: "+Kind, []string{"kind", "scenarios"})
	if v, ok := top.Require("kind", "kind: "+Kind); ok {
		v.OneOf(Kind, Kind)
	}
	if v, ok := top.Require("scenarios", "a list of scenarios"); ok {
		list, ok := v.List("a list of scenarios")
		if ok && len(list) == 0 {
			v.Problem("found an empty list; expected at least one scenario")
		}
		for i, n := range list {
			sc := p.scenario(n)
			if sc == nil {
				continue
			}
			if prev := set.byID[sc.ID]; prev != nil {
				p.w.Add(sc.idLine, fmt.Sprintf("scenarios[%d].id", i), "duplicate scenario id %q; first used at line %d", sc.ID, prev.Line)
				continue
			}
			set.byID[sc.ID] = sc
			set.Scenarios = append(set.Scenarios, sc)
		}
	}
	if err := p.w.Err(); err != nil {
		return nil, err
	}
	return set, nil
}

var scenarioKeys = []string{"id", "sector", "answers", "expect"}

func (p *parser) scenario(n strictyaml.Value) *Scenario {
	m, _ := n.Map("a mapping with id, sector, answers and expect", scenarioKeys)
	if m == nil {
		return nil
	}
	before := len(p.w.Errs)
	sc := &Scenario{Line: n.Line(), idLine: m.KeyLine("id")}
	const need = "a scenario to have id, sector, answers and expect"
	if v, ok := m.Require("id", need); ok {
		if s, ok := v.Text("an id"); ok {
			if !idRE.MatchString(s) {
				v.Problem("not an id; expected lower-case words joined by '-'")
			}
			sc.ID = s
		}
	}
	if v, ok := m.Require("sector", need); ok {
		if s, ok := v.Text("a sector"); ok {
			if !slices.Contains(Sectors, s) {
				v.Problem("unknown sector %q; expected one of: %s", s, strings.Join(Sectors, ", "))
			}
			sc.Sector = s
		}
	}
	if v, ok := m.Require("answers", need); ok {
		p.answers(sc, v)
	}
	if v, ok := m.Require("expect", need); ok {
		p.expect(sc, v)
	}
	if len(p.w.Errs) > before {
		return nil
	}
	return sc
}

// answers reads the model answers and checks them against the skip logic:
// every question the answers ask is answered, and no question they skip.
func (p *parser) answers(sc *Scenario, n strictyaml.Value) {
	m, ok := n.Map("a mapping of question id to answer", nil)
	if m == nil {
		return
	}
	sc.Answers = map[string]string{}
	lines := map[string]int{}
	for _, k := range m.Keys() {
		if p.form.Question(k.Name) == nil {
			p.w.Add(k.Line, k.Val.Path, "unknown question id %q; expected an id of questionnaire %s", k.Name, p.form.ID)
			ok = false
			continue
		}
		s, good := k.Val.Text("an answer: " + strings.Join(q.ChoiceIDs, ", "))
		if !good {
			ok = false
			continue
		}
		if !p.form.IsChoice(s) {
			k.Val.Problem("%q is not a choice; expected one of: %s", s, strings.Join(q.ChoiceIDs, ", "))
			ok = false
			continue
		}
		sc.Answers[k.Name] = s
		lines[k.Name] = k.Line
	}
	if !ok {
		return
	}
	list := make([]string, len(p.form.Questions))
	for id, a := range sc.Answers {
		list[p.form.Question(id).Index] = a
	}
	vis := p.form.Visibilities(func(qq *q.Question) string { return list[qq.Index] }, nil)
	for i, qq := range p.form.Questions {
		a := list[i]
		f := n.Child(qq.ID)
		switch {
		case vis[i] == q.Shown && a == "":
			why := "it is always asked"
			if qq.ShowIf != nil {
				why = fmt.Sprintf("%s is %q, which asks it", qq.ShowIf.Question, list[qq.ShowIf.Gate.Index])
			}
			p.w.Add(n.Line(), f, "missing, but %s; expected one of: %s", why, strings.Join(q.ChoiceIDs, ", "))
		case vis[i] != q.Shown && a != "":
			g := qq.ShowIf.Gate
			why := fmt.Sprintf("its gate %s is not asked", g.ID)
			if vis[g.Index] == q.Shown {
				if ga := list[g.Index]; ga == "" {
					why = fmt.Sprintf("its gate %s has no answer", g.ID)
				} else {
					why = fmt.Sprintf("%s is %q, which skips it", g.ID, ga)
				}
			}
			p.w.Add(lines[qq.ID], f, "answered, but %s; expected no answer (the skip logic leaves it out)", why)
		}
	}
	sc.AnswerList = list
}

var expectKeys = []string{"level", "ceiling", "minor", "danger", "indicators", "could_raise"}

func (p *parser) expect(sc *Scenario, n strictyaml.Value) {
	m, _ := n.Map("a mapping with level and ceiling", expectKeys)
	if m == nil {
		return
	}
	e := &sc.Expect
	for _, key := range []string{"level", "ceiling", "indicators"} {
		m.Require(key, "the "+key+" the model answers give")
	}
	for _, k := range m.Keys() {
		v := k.Val
		switch k.Name {
		case "level":
			e.Level = p.level(v)
		case "ceiling":
			e.Ceiling = p.level(v)
		case "minor":
			e.Minor, _ = v.Bool()
		case "danger":
			e.Danger, _ = v.Bool()
		case "indicators":
			e.Indicators = p.list(v, "a list of ILO indicator ids", func(s string, el strictyaml.Value) {
				if !p.form.HasIndicator(s) {
					el.Problem("unknown ILO indicator %q; expected one of: %s", s, strings.Join(p.form.Indicators, ", "))
				}
			})
		case "could_raise":
			e.CouldRaise = p.list(v, "a list of question ids", func(s string, el strictyaml.Value) {
				if p.form.Question(s) == nil {
					el.Problem("unknown question id %q; expected an id of questionnaire %s", s, p.form.ID)
				}
			})
		}
	}
	if e.Level > e.Ceiling {
		p.w.Add(m.KeyLine("ceiling"), n.Child("ceiling"), "%d is below level %d; expected a ceiling at or above the level (the floor)", e.Ceiling, e.Level)
	}
	if e.Ceiling > e.Level && len(e.CouldRaise) == 0 {
		p.w.Add(n.Line(), n.Child("could_raise"), "missing; the ceiling is above the level, so expected the questions that could raise it")
	}
	if e.Ceiling == e.Level && len(e.CouldRaise) > 0 {
		p.w.Add(m.KeyLine("could_raise"), n.Child("could_raise"), "the ceiling equals the level; expected no questions here")
	}
}

func (p *parser) level(v strictyaml.Value) scoring.Level {
	n, _ := v.Int(int(scoring.DecentWork), int(scoring.Trafficking), fmt.Sprintf("a level from %d to %d", scoring.DecentWork, scoring.Trafficking))
	return scoring.Level(n)
}

// list reads a list of texts, each given once, and checks each.
func (p *parser) list(v strictyaml.Value, expect string, check func(s string, el strictyaml.Value)) []string {
	texts, elems, ok := v.Texts(expect)
	if !ok && texts == nil {
		return nil
	}
	out := []string{}
	for i, s := range texts {
		if slices.Contains(out, s) {
			elems[i].Problem("listed twice; expected each once")
			continue
		}
		check(s, elems[i])
		out = append(out, s)
	}
	return out
}
