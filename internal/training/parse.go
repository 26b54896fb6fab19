package training

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/scoring"
	"github.com/continuum-screening/continuum/internal/strictyaml"
)

var idRE = regexp.MustCompile(`^[a-z0-9]+(?:[.-][a-z0-9]+)*$`)

// parser walks the YAML node tree by hand, so that every problem names the
// file, the line and the field, and unknown keys are refused.
type parser struct {
	file string
	form *q.Form
	errs q.Errors
}

func (p *parser) add(line int, field, format string, args ...any) {
	p.errs = append(p.errs, &q.Error{File: p.file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
}

// Parse reads a scenarios file and checks it against form: known keys only,
// known question ids and choices, answers that follow the skip logic exactly,
// known sectors and ILO indicators. It returns every problem as
// questionnaire.Errors.
func Parse(name string, data []byte, form *q.Form) (*Set, error) {
	p := &parser{file: name, form: form}
	root := p.parseYAML(data)
	if root == nil {
		return nil, p.errs
	}
	set := &Set{File: name, byID: map[string]*Scenario{}}
	var scenarios *yaml.Node
	p.mapping(root, "", []string{"kind", "scenarios"}, func(key string, k, v *yaml.Node) {
		switch key {
		case "kind":
			if s, ok := p.scalar(v, "kind"); ok && s != Kind {
				p.add(v.Line, "kind", "%q; expected %s", s, Kind)
			}
		case "scenarios":
			scenarios = v
		}
	})
	if mapValue(root, "kind") == nil {
		p.add(root.Line, "kind", "missing; expected kind: %s", Kind)
	}
	switch {
	case scenarios == nil:
		p.add(root.Line, "scenarios", "missing; expected a list of scenarios")
	case scenarios.Kind != yaml.SequenceNode:
		p.add(scenarios.Line, "scenarios", "found %s; expected a list", nodeName(scenarios))
	case len(scenarios.Content) == 0:
		p.add(scenarios.Line, "scenarios", "empty; expected at least one scenario")
	default:
		for i, n := range scenarios.Content {
			if sc := p.scenario(n, fmt.Sprintf("scenarios[%d]", i)); sc != nil {
				if prev := set.byID[sc.ID]; prev != nil {
					p.add(lineOf(n, "id"), fmt.Sprintf("scenarios[%d].id", i), "duplicate scenario id %q; first used at line %d", sc.ID, prev.Line)
					continue
				}
				set.byID[sc.ID] = sc
				set.Scenarios = append(set.Scenarios, sc)
			}
		}
	}
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	return set, nil
}

func (p *parser) scenario(n *yaml.Node, field string) *Scenario {
	if n.Kind != yaml.MappingNode {
		p.add(n.Line, field, "found %s; expected a mapping with id, sector, answers and expect", nodeName(n))
		return nil
	}
	before := len(p.errs)
	sc := &Scenario{Line: n.Line}
	var answers, expect *yaml.Node
	var answersLine, expectLine int
	p.mapping(n, field, []string{"id", "sector", "answers", "expect"}, func(key string, k, v *yaml.Node) {
		f := field + "." + key
		switch key {
		case "id":
			if s, ok := p.scalar(v, f); ok {
				if !idRE.MatchString(s) {
					p.add(v.Line, f, "%q is not an id; expected lower-case words joined by '-'", s)
				}
				sc.ID = s
			}
		case "sector":
			if s, ok := p.scalar(v, f); ok {
				if !slices.Contains(Sectors, s) {
					p.add(v.Line, f, "unknown sector %q; expected one of: %s", s, strings.Join(Sectors, ", "))
				}
				sc.Sector = s
			}
		case "answers":
			answers, answersLine = v, k.Line
		case "expect":
			expect, expectLine = v, k.Line
		}
	})
	for _, key := range []string{"id", "sector", "answers", "expect"} {
		if mapValue(n, key) == nil {
			p.add(n.Line, field+"."+key, "missing; expected a scenario to have id, sector, answers and expect")
		}
	}
	if answers != nil {
		p.answers(sc, answers, answersLine, field+".answers")
	}
	if expect != nil {
		p.expect(sc, expect, expectLine, field+".expect")
	}
	if len(p.errs) > before {
		return nil
	}
	return sc
}

// answers reads the model answers and checks them against the skip logic:
// every question the answers ask is answered, and no question they skip.
func (p *parser) answers(sc *Scenario, n *yaml.Node, keyLine int, field string) {
	if n.Kind != yaml.MappingNode {
		p.add(keyLine, field, "found %s; expected a mapping of question id to answer", nodeName(n))
		return
	}
	sc.Answers = map[string]string{}
	lines := map[string]int{}
	ok := true
	p.mapping(n, field, nil, func(key string, k, v *yaml.Node) {
		f := field + "." + key
		qq := p.form.Question(key)
		if qq == nil {
			p.add(k.Line, f, "unknown question id %q; expected an id of questionnaire %s", key, p.form.ID)
			ok = false
			return
		}
		s, good := p.scalar(v, f)
		if !good {
			ok = false
			return
		}
		if !p.form.IsChoice(s) {
			p.add(v.Line, f, "%q is not a choice; expected one of: %s", s, strings.Join(q.ChoiceIDs, ", "))
			ok = false
			return
		}
		sc.Answers[key] = s
		lines[key] = k.Line
	})
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
		f := field + "." + qq.ID
		switch {
		case vis[i] == q.Shown && a == "":
			why := "it is always asked"
			if qq.ShowIf != nil {
				why = fmt.Sprintf("%s is %q, which asks it", qq.ShowIf.Question, list[qq.ShowIf.Gate.Index])
			}
			p.add(n.Line, f, "missing, but %s; expected one of: %s", why, strings.Join(q.ChoiceIDs, ", "))
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
			p.add(lines[qq.ID], f, "answered, but %s; expected no answer (the skip logic leaves it out)", why)
		}
	}
	sc.AnswerList = list
}

func (p *parser) expect(sc *Scenario, n *yaml.Node, keyLine int, field string) {
	if n.Kind != yaml.MappingNode {
		p.add(keyLine, field, "found %s; expected a mapping with level and ceiling", nodeName(n))
		return
	}
	keys := []string{"level", "ceiling", "minor", "danger", "indicators", "could_raise"}
	e := &sc.Expect
	p.mapping(n, field, keys, func(key string, k, v *yaml.Node) {
		f := field + "." + key
		switch key {
		case "level":
			e.Level = p.level(v, f)
		case "ceiling":
			e.Ceiling = p.level(v, f)
		case "minor":
			e.Minor = p.boolean(v, f)
		case "danger":
			e.Danger = p.boolean(v, f)
		case "indicators":
			e.Indicators = p.list(v, f, func(s string, line int, f string) {
				if !p.form.HasIndicator(s) {
					p.add(line, f, "unknown ILO indicator %q; expected one of: %s", s, strings.Join(p.form.Indicators, ", "))
				}
			})
		case "could_raise":
			e.CouldRaise = p.list(v, f, func(s string, line int, f string) {
				if p.form.Question(s) == nil {
					p.add(line, f, "unknown question id %q; expected an id of questionnaire %s", s, p.form.ID)
				}
			})
		}
	})
	for _, key := range []string{"level", "ceiling", "indicators"} {
		if mapValue(n, key) == nil {
			p.add(n.Line, field+"."+key, "missing; expected the %s the model answers give", strings.ReplaceAll(key, "_", " "))
		}
	}
	if e.Level > e.Ceiling {
		p.add(lineOf(n, "ceiling"), field+".ceiling", "%d is below level %d; expected a ceiling at or above the level (the floor)", e.Ceiling, e.Level)
	}
	if e.Ceiling > e.Level && len(e.CouldRaise) == 0 {
		p.add(n.Line, field+".could_raise", "missing; the ceiling is above the level, so expected the questions that could raise it")
	}
	if e.Ceiling == e.Level && len(e.CouldRaise) > 0 {
		p.add(lineOf(n, "could_raise"), field+".could_raise", "the ceiling equals the level; expected no questions here")
	}
}

func (p *parser) level(v *yaml.Node, f string) scoring.Level {
	s, ok := p.scalar(v, f)
	if !ok {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || v.Tag != "!!int" || !scoring.Level(n).Valid() {
		p.add(v.Line, f, "%q; expected a level from %d to %d", s, scoring.DecentWork, scoring.Trafficking)
		return 0
	}
	return scoring.Level(n)
}

func (p *parser) boolean(v *yaml.Node, f string) bool {
	s, ok := p.scalar(v, f)
	if !ok {
		return false
	}
	switch s {
	case "true":
		return true
	case "false":
		return false
	}
	p.add(v.Line, f, "%q; expected true or false", s)
	return false
}

func (p *parser) list(v *yaml.Node, f string, check func(s string, line int, f string)) []string {
	if v.Kind != yaml.SequenceNode {
		p.add(v.Line, f, "found %s; expected a list", nodeName(v))
		return nil
	}
	out := []string{}
	for i, c := range v.Content {
		cf := fmt.Sprintf("%s[%d]", f, i)
		if s, ok := p.scalar(c, cf); ok {
			if slices.Contains(out, s) {
				p.add(c.Line, cf, "%q is listed twice; expected each once", s)
				continue
			}
			check(s, c.Line, cf)
			out = append(out, s)
		}
	}
	return out
}

// mapping calls fn for each key of a mapping node, refusing duplicate keys
// and, when known is not nil, keys not in known.
func (p *parser) mapping(n *yaml.Node, field string, known []string, fn func(key string, k, v *yaml.Node)) {
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		f := k.Value
		if field != "" {
			f = field + "." + k.Value
		}
		if k.Kind != yaml.ScalarNode {
			p.add(k.Line, field, "found %s as a key; expected text", nodeName(k))
			continue
		}
		if prev, dup := seen[k.Value]; dup {
			p.add(k.Line, f, "key given twice (first at line %d); expected each key once", prev)
			continue
		}
		seen[k.Value] = k.Line
		if known != nil && !slices.Contains(known, k.Value) {
			p.add(k.Line, f, "unknown key %q; expected one of: %s", k.Value, strings.Join(known, ", "))
			continue
		}
		fn(k.Value, k, v)
	}
}

func (p *parser) scalar(v *yaml.Node, f string) (string, bool) {
	if v.Kind != yaml.ScalarNode {
		p.add(v.Line, f, "found %s; expected text", nodeName(v))
		return "", false
	}
	if v.Tag == "!!null" {
		p.add(v.Line, f, "found nothing; expected a value")
		return "", false
	}
	return v.Value, true
}

// parseYAML checks size, encoding and structure, and returns the root mapping
// (see strictyaml.Parse).
func (p *parser) parseYAML(data []byte) *yaml.Node {
	root, pr := strictyaml.Parse(data, q.MaxFileSize, "a mapping with kind: "+Kind)
	if pr != nil {
		p.add(pr.Line, pr.Field, "%s", pr.Msg)
		return nil
	}
	return root
}

var (
	nodeName = strictyaml.NodeName
	mapValue = strictyaml.MapValue
	lineOf   = strictyaml.LineOf
)
