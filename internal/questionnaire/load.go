package questionnaire

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/continuum-screening/continuum/internal/strictyaml"
)

// The kinds of definitions file; a set needs one of each.
const (
	KindQuestionnaire = "questionnaire"
	KindDelphi        = "delphi-items"
	KindILO           = "ilo-indicators"
)

var kinds = []string{KindQuestionnaire, KindDelphi, KindILO}

// OtherKinds are data files that live beside the definitions but are read by
// other packages (referral rules, training scenarios); the questionnaire
// loader passes over them.
var OtherKinds = []string{"referral-rules", "scenarios"}

type rawQuestionnaire struct {
	Kind      string        `yaml:"kind"`
	ID        string        `yaml:"id"`
	Version   string        `yaml:"version"`
	Choices   []rawChoice   `yaml:"choices"`
	Consent   *rawConsent   `yaml:"consent"`
	Questions []rawQuestion `yaml:"questions"`
	// Groupings names the coarse columns (sector, language, period) that
	// batch summaries may break results down by; nothing else may be.
	Groupings []string `yaml:"groupings"`
}

type rawChoice struct {
	ID    string `yaml:"id"`
	Label string `yaml:"label"`
}

type rawConsent struct {
	Title string `yaml:"title"`
	Text  string `yaml:"text"`
	Ask   string `yaml:"ask"`
}

type rawQuestion struct {
	ID         string        `yaml:"id"`
	Role       string        `yaml:"role"`
	ShowIf     *rawCondition `yaml:"show_if"`
	Item       string        `yaml:"item"`
	Sign       string        `yaml:"sign"`
	Indicators []string      `yaml:"indicators"`
}

type rawCondition struct {
	Question string   `yaml:"question"`
	Answers  []string `yaml:"answers"`
}

type rawDelphi struct {
	Kind       string            `yaml:"kind"`
	Sources    map[string]string `yaml:"sources"`
	Dimensions []rawDimension    `yaml:"dimensions"`
}

type rawDimension struct {
	ID    string    `yaml:"id"`
	Phase string    `yaml:"phase"`
	Items []rawItem `yaml:"items"`
}

type rawItem struct {
	ID     string `yaml:"id"`
	Grade  string `yaml:"grade"`
	Source string `yaml:"source"`
}

type rawILO struct {
	Kind       string   `yaml:"kind"`
	Source     string   `yaml:"source"`
	Indicators []string `yaml:"indicators"`
}

// idRE is the shape of every id: lower-case words joined by '-' or '.'.
var idRE = regexp.MustCompile(`^[a-z0-9]+(?:[.-][a-z0-9]+)*$`)

// PeekKind returns the kind key of a definitions file, or "" when it has none
// or cannot be parsed. It lets a caller see which kinds a set provides
// before building it.
func PeekKind(f File) string { return strictyaml.PeekText(f.Data, MaxFileSize, "kind") }

// parsedFile is a definitions file with its node tree, parsed once.
type parsedFile struct {
	File
	root *yaml.Node
}

// Build parses and validates a definition set: one file of each kind (files
// of OtherKinds are passed over). It returns every problem it finds as
// Errors, each naming the file, line and field.
func Build(files []File) (*Form, error) {
	var errs Errors
	byKind, raws := decodeKinds(files, &errs)
	if len(errs) > 0 {
		return nil, errs
	}
	for _, k := range kinds {
		if _, ok := byKind[k]; !ok {
			errs.Add(strings.Join(fileNames(files), ", "), 0, "kind", "no %s file; expected one", k)
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	form := &Form{
		questionByID:  map[string]*Question{},
		itemByID:      map[string]*Item{},
		indicatorByID: map[string]bool{},
		Sources:       map[string]string{},
	}
	for _, k := range kinds {
		form.Files = append(form.Files, byKind[k].Name)
	}
	buildILO(form, byKind[KindILO], raws[KindILO].(*rawILO), &errs)
	buildDelphi(form, byKind[KindDelphi], raws[KindDelphi].(*rawDelphi), &errs)
	buildQuestionnaire(form, byKind[KindQuestionnaire], raws[KindQuestionnaire].(*rawQuestionnaire), &errs)
	if len(errs) > 0 {
		return nil, errs
	}
	return form, nil
}

// decodeKinds parses each file once and reads it through the walker into
// the raw type of its kind; a kind given twice, a missing or unknown kind
// are problems.
func decodeKinds(files []File, errs *Errors) (map[string]parsedFile, map[string]any) {
	byKind := map[string]parsedFile{}
	raws := map[string]any{}
	for _, f := range files {
		w := strictyaml.NewWalker(f.Name)
		raw, kind, root := decodeFile(w, f, byKind)
		*errs = append(*errs, w.Errs...)
		if root == nil {
			continue
		}
		if raw != nil && len(w.Errs) == 0 {
			raws[kind] = raw
		}
		byKind[kind] = parsedFile{f, root}
	}
	return byKind, raws
}

// decodeFile reads one file of a definition set: its kind and, for the
// kinds of this package, the raw type. root is nil when the file is not
// one of the set (it cannot be parsed, its kind is missing or taken, or it
// is one of OtherKinds).
func decodeFile(w *strictyaml.Walker, f File, byKind map[string]parsedFile) (raw any, kind string, root *yaml.Node) {
	rv, ok := w.Parse(f.Data, MaxFileSize, "a mapping with a kind key")
	if !ok {
		return nil, "", nil
	}
	all := slices.Concat(kinds, OtherKinds)
	kv := mapValue(rv.Node, "kind")
	if kv == nil {
		w.Add(rv.Line(), "kind", "missing; expected one of: %s", strings.Join(kinds, ", "))
		return nil, "", nil
	}
	kind, ok = strictyaml.Value{W: w, Node: kv, Path: "kind"}.OneOf("", all...)
	if !ok {
		return nil, "", nil
	}
	if prev, dup := byKind[kind]; dup {
		w.Add(kv.Line, "kind", "a second %s file; the first is %s", kind, prev.Name)
		return nil, "", nil
	}
	if slices.Contains(OtherKinds, kind) {
		return nil, "", nil
	}
	var top *strictyaml.Map
	switch kind {
	case KindQuestionnaire:
		top, _ = rv.Map("", questionnaireKeys)
		raw = readQuestionnaire(top)
	case KindDelphi:
		top, _ = rv.Map("", delphiKeys)
		raw = readDelphi(top)
	case KindILO:
		top, _ = rv.Map("", iloKeys)
		raw = readILO(top)
	}
	return raw, kind, rv.Node
}

func fileNames(files []File) []string {
	var out []string
	for _, f := range files {
		out = append(out, f.Name)
	}
	return out
}

func buildILO(form *Form, f parsedFile, r *rawILO, errs *Errors) {
	if len(r.Indicators) == 0 {
		errs.Add(f.Name, lineOf(f.root, "indicators"), "indicators", "empty; expected the list of ILO indicator ids")
	}
	for i, id := range r.Indicators {
		line := seqItem(f.root, "indicators", i).Line
		field := fmt.Sprintf("indicators[%d]", i)
		if !idRE.MatchString(id) {
			errs.Add(f.Name, line, field, "%q is not an id; expected lower-case words joined by '-'", id)
			continue
		}
		if form.indicatorByID[id] {
			errs.Add(f.Name, line, field, "duplicate indicator id %q", id)
			continue
		}
		form.indicatorByID[id] = true
		form.Indicators = append(form.Indicators, id)
	}
}

var grades = map[string]Grade{"strong": Strong, "medium": Medium, "weak": Weak}

func buildDelphi(form *Form, f parsedFile, r *rawDelphi, errs *Errors) {
	maps.Copy(form.Sources, r.Sources)
	seen := map[string]bool{}
	for di, rd := range r.Dimensions {
		dn := seqItem(f.root, "dimensions", di)
		field := fmt.Sprintf("dimensions[%d]", di)
		if !slices.Contains(DimensionIDs, rd.ID) {
			errs.Add(f.Name, lineOf(dn, "id"), field+".id", "unknown dimension %q; expected one of: %s", rd.ID, strings.Join(DimensionIDs, ", "))
			continue
		}
		if seen[rd.ID] {
			errs.Add(f.Name, lineOf(dn, "id"), field+".id", "duplicate dimension %q", rd.ID)
			continue
		}
		seen[rd.ID] = true
		if rd.Phase != "recruitment" && rd.Phase != "destination" {
			errs.Add(f.Name, lineOf(dn, "phase"), field+".phase", "%q; expected recruitment or destination", rd.Phase)
		}
		d := &Dimension{ID: rd.ID, Phase: rd.Phase}
		for ii, ri := range rd.Items {
			if it := buildItem(form, f, r, d, ri, seqItem(dn, "items", ii), fmt.Sprintf("%s.items[%d]", field, ii), errs); it != nil {
				d.Items = append(d.Items, it)
			}
		}
	}
	for _, id := range DimensionIDs {
		if !seen[id] {
			errs.Add(f.Name, lineOf(f.root, "dimensions"), "dimensions", "dimension %q is missing; the scoring model needs all six", id)
		}
	}
	if len(form.Items) > MaxItems {
		errs.Add(f.Name, lineOf(f.root, "dimensions"), "dimensions", "%d items; expected at most %d", len(form.Items), MaxItems)
	}
	for _, id := range DimensionIDs {
		for _, rd := range r.Dimensions {
			if rd.ID == id {
				form.Dimensions = append(form.Dimensions, findDim(form, id))
				break
			}
		}
	}
	for i, d := range form.Dimensions {
		if d != nil {
			d.Index = i
		}
	}
}

// buildItem checks one Delphi item and adds it to the form; nil when it is
// not usable.
func buildItem(form *Form, f parsedFile, r *rawDelphi, d *Dimension, ri rawItem, in *yaml.Node, field string, errs *Errors) *Item {
	if !idRE.MatchString(ri.ID) {
		errs.Add(f.Name, lineOf(in, "id"), field+".id", "%q is not an id; expected lower-case words joined by '.' or '-'", ri.ID)
		return nil
	}
	if form.itemByID[ri.ID] != nil {
		errs.Add(f.Name, lineOf(in, "id"), field+".id", "duplicate item id %q", ri.ID)
		return nil
	}
	g, ok := grades[ri.Grade]
	if !ok {
		errs.Add(f.Name, lineOf(in, "grade"), field+".grade", "%q; expected strong, medium or weak", ri.Grade)
		return nil
	}
	if ri.Source == "" {
		errs.Add(f.Name, lineOf(in, "id"), field+".source", "missing; expected a key of sources saying where the grade comes from")
	} else if _, ok := r.Sources[ri.Source]; !ok {
		errs.Add(f.Name, lineOf(in, "source"), field+".source", "unknown source %q; expected a key of sources", ri.Source)
	}
	it := &Item{ID: ri.ID, Grade: g, Source: ri.Source, Dimension: d, Index: len(form.Items)}
	form.itemByID[it.ID] = it
	form.Items = append(form.Items, it)
	return it
}

func findDim(form *Form, id string) *Dimension {
	for _, it := range form.Items {
		if it.Dimension.ID == id {
			return it.Dimension
		}
	}
	return &Dimension{ID: id}
}

// buildQuestionnaire checks the questionnaire file in the order a reader of
// the file meets it: header, groupings, choices, consent, the questions one
// by one, then what needs all of them (roles, skip logic, evidence).
func buildQuestionnaire(form *Form, f parsedFile, r *rawQuestionnaire, errs *Errors) {
	buildHeader(form, f, r, errs)
	buildGroupings(form, f, r, errs)
	buildChoices(form, f, r, errs)
	buildConsent(form, f, r, errs)
	if len(r.Questions) == 0 {
		errs.Add(f.Name, lineOf(f.root, "questions"), "questions", "empty; expected at least one question")
	}
	if len(r.Questions) > MaxQuestions {
		// Refused before anything is built: what a definition may demand
		// of the tool is bounded.
		errs.Add(f.Name, lineOf(f.root, "questions"), "questions", "%d questions; expected at most %d", len(r.Questions), MaxQuestions)
		return
	}
	roles := map[Role]*Question{}
	for i, rq := range r.Questions {
		if q := buildQuestion(form, f, rq, seqItem(f.root, "questions", i), fmt.Sprintf("questions[%d]", i), roles, errs); q != nil {
			form.questionByID[q.ID] = q
			form.Questions = append(form.Questions, q)
		}
	}
	for _, role := range []Role{RoleDanger, RoleMinor} {
		if roles[role] == nil {
			errs.Add(f.Name, lineOf(f.root, "questions"), "questions", "no question with role %s; expected exactly one", role)
		}
	}
	resolveSkipLogic(form, f, errs)
	checkEvidence(form, f, r, errs)
}

func buildHeader(form *Form, f parsedFile, r *rawQuestionnaire, errs *Errors) {
	if !idRE.MatchString(r.ID) {
		errs.Add(f.Name, lineOf(f.root, "id"), "id", "%q is not an id; expected lower-case words joined by '-'", r.ID)
	}
	if strings.TrimSpace(r.Version) == "" {
		errs.Add(f.Name, lineOf(f.root, "version"), "version", "missing; expected a version such as 1.0.0")
	}
	form.ID, form.Version = r.ID, r.Version
}

func buildGroupings(form *Form, f parsedFile, r *rawQuestionnaire, errs *Errors) {
	questionIDs := map[string]bool{}
	for _, rq := range r.Questions {
		questionIDs[rq.ID] = true
	}
	for i, g := range r.Groupings {
		field := fmt.Sprintf("groupings[%d]", i)
		line := seqItem(f.root, "groupings", i).Line
		switch {
		case !idRE.MatchString(g):
			errs.Add(f.Name, line, field, "%q is not an id; expected a lower-case column name such as sector", g)
		case slices.Contains(form.Groupings, g):
			errs.Add(f.Name, line, field, "duplicate grouping %q", g)
		case questionIDs[g], g == "id", g == "form", g == "version":
			errs.Add(f.Name, line, field, "%q is already a column of answer files; expected another name", g)
		default:
			form.Groupings = append(form.Groupings, g)
		}
	}
}

// buildChoices: exactly the four answers of the model, each with a label.
func buildChoices(form *Form, f parsedFile, r *rawQuestionnaire, errs *Errors) {
	seen := map[string]bool{}
	for i, c := range r.Choices {
		cn := seqItem(f.root, "choices", i)
		field := fmt.Sprintf("choices[%d]", i)
		if !slices.Contains(ChoiceIDs, c.ID) {
			errs.Add(f.Name, lineOf(cn, "id"), field+".id", "unknown choice %q; expected one of: %s", c.ID, strings.Join(ChoiceIDs, ", "))
			continue
		}
		if seen[c.ID] {
			errs.Add(f.Name, lineOf(cn, "id"), field+".id", "duplicate choice %q", c.ID)
			continue
		}
		seen[c.ID] = true
		if strings.TrimSpace(c.Label) == "" {
			errs.Add(f.Name, lineOf(cn, "id"), field+".label", "choice %q has no label; expected a message id such as choice.%s", c.ID, c.ID)
			continue
		}
		form.Choices = append(form.Choices, Choice{ID: c.ID, Label: c.Label})
	}
	for _, id := range ChoiceIDs {
		if !seen[id] {
			errs.Add(f.Name, lineOf(f.root, "choices"), "choices", "choice %q is missing; every scored question offers %s", id, strings.Join(ChoiceIDs, ", "))
		}
	}
}

func buildConsent(form *Form, f parsedFile, r *rawQuestionnaire, errs *Errors) {
	if r.Consent == nil || r.Consent.Title == "" || r.Consent.Text == "" || r.Consent.Ask == "" {
		errs.Add(f.Name, lineOf(f.root, "consent"), "consent", "expected title, text and ask message ids")
		return
	}
	form.Consent = Consent{Title: r.Consent.Title, Text: r.Consent.Text, Ask: r.Consent.Ask}
}

// buildQuestion checks one question: its id, role, item, indicators and
// show_if. It returns nil when the question cannot be used at all (a bad or
// duplicate id).
func buildQuestion(form *Form, f parsedFile, rq rawQuestion, qn *yaml.Node, field string, roles map[Role]*Question, errs *Errors) *Question {
	q := &Question{ID: rq.ID, Role: Role(rq.Role), Index: len(form.Questions), File: f.Name, Line: qn.Line}
	if !idRE.MatchString(rq.ID) {
		errs.Add(f.Name, lineOf(qn, "id"), field+".id", "%q is not an id; expected lower-case words joined by '-'", rq.ID)
		return nil
	}
	if prev := form.questionByID[rq.ID]; prev != nil {
		errs.Add(f.Name, lineOf(qn, "id"), field+".id", "duplicate question id %q; first used at line %d", rq.ID, prev.Line)
		return nil
	}
	checkRole(q, f, rq, qn, field, roles, errs)
	if rq.Item != "" {
		q.Item = form.itemByID[rq.Item]
		if q.Item == nil {
			errs.Add(f.Name, lineOf(qn, "item"), field+".item", "unknown Delphi item %q; expected an id from the delphi-items file", rq.Item)
		}
	}
	if rq.Sign != "" {
		checkSign(q, f, rq, qn, field, errs)
	}
	for j, ind := range rq.Indicators {
		if !form.indicatorByID[ind] {
			errs.Add(f.Name, seqItem(qn, "indicators", j).Line, fmt.Sprintf("%s.indicators[%d]", field, j), "unknown ILO indicator %q; expected one of: %s", ind, strings.Join(form.Indicators, ", "))
			continue
		}
		q.Indicators = append(q.Indicators, ind)
	}
	if len(rq.Indicators) > 0 && rq.Item == "" {
		errs.Add(f.Name, lineOf(qn, "indicators"), field+".indicators", "indicators without an item; expected the Delphi item this question evidences")
	}
	if rq.ShowIf != nil {
		q.ShowIf = buildCondition(f, rq.ShowIf, qn, field, errs)
	}
	return q
}

// checkRole checks a question's role: at most one question per role, and a
// role question sets a flag rather than evidencing an item.
func checkRole(q *Question, f parsedFile, rq rawQuestion, qn *yaml.Node, field string, roles map[Role]*Question, errs *Errors) {
	switch q.Role {
	case RoleNone:
	case RoleDanger, RoleMinor, RoleThirdParty:
		if prev := roles[q.Role]; prev != nil {
			errs.Add(f.Name, lineOf(qn, "role"), field+".role", "a second %s question; %q already has this role", q.Role, prev.ID)
		}
		roles[q.Role] = q
		if rq.Item != "" || len(rq.Indicators) > 0 {
			errs.Add(f.Name, lineOf(qn, "role"), field+".role", "a %s question sets a flag; expected no item or indicators", q.Role)
		}
		if q.Role != RoleThirdParty && rq.ShowIf != nil {
			errs.Add(f.Name, lineOf(qn, "show_if"), field+".show_if", "the %s question must always be asked; expected no show_if", q.Role)
		}
	default:
		errs.Add(f.Name, lineOf(qn, "role"), field+".role", "unknown role %q; expected danger, minor or third-party", rq.Role)
	}
}

func buildCondition(f parsedFile, rc *rawCondition, qn *yaml.Node, field string, errs *Errors) *Condition {
	c := &Condition{Question: rc.Question, Answers: rc.Answers}
	cn := mapValue(qn, "show_if")
	if c.Question == "" {
		errs.Add(f.Name, lineOf(qn, "show_if"), field+".show_if.question", "missing; expected the id of the gate question")
	}
	if len(c.Answers) == 0 {
		errs.Add(f.Name, lineOf(qn, "show_if"), field+".show_if.answers", "missing; expected the answers that open this question, such as [yes, dont-know]")
	}
	for j, a := range c.Answers {
		if !slices.Contains(ChoiceIDs, a) {
			errs.Add(f.Name, seqItem(cn, "answers", j).Line, fmt.Sprintf("%s.show_if.answers[%d]", field, j), "unknown choice %q; expected one of: %s", a, strings.Join(ChoiceIDs, ", "))
		}
	}
	return c
}

// checkEvidence refuses a question that evidences nothing: no item, no role,
// no sign and no follow-ups.
func checkEvidence(form *Form, f parsedFile, r *rawQuestionnaire, errs *Errors) {
	for i, q := range form.Questions {
		// A question that names an item or indicators has been reported
		// already if they are wrong.
		declared := i < len(r.Questions) && (r.Questions[i].Item != "" || len(r.Questions[i].Indicators) > 0)
		if q.Role == RoleNone && q.Item == nil && q.Sign == SignNone && len(q.FollowUps) == 0 && !declared {
			errs.Add(f.Name, q.Line, "questions."+q.ID, "evidences nothing; expected an item, a role, a sign, or follow-up questions that name it in show_if")
		}
	}
}

// checkSign checks a question's declared sign: a known sign, on a question
// that evidences no Delphi item and sets no flag, so that its yes counts once,
// as the sign, and changes nothing else.
func checkSign(q *Question, f parsedFile, rq rawQuestion, qn *yaml.Node, field string, errs *Errors) {
	file := f.Name
	sign := Sign(rq.Sign)
	if !slices.Contains(Signs, sign) {
		errs.Add(file, lineOf(qn, "sign"), field+".sign", "unknown sign %q; expected %s", rq.Sign, SignInvoluntariness)
		return
	}
	switch {
	case rq.Item != "":
		errs.Add(file, lineOf(qn, "sign"), field+".sign", "a question whose yes is the %s sign evidences no Delphi item; expected no item (or no sign)", sign)
	case rq.Role != "":
		errs.Add(file, lineOf(qn, "sign"), field+".sign", "a %s question sets a flag; expected no sign", rq.Role)
	default:
		q.Sign = sign
	}
}

// resolveSkipLogic links each follow-up to its gate and refuses references to
// missing questions, cycles, gates that come after their follow-ups, and
// follow-ups nested deeper than MaxFollowUpDepth. Each step is linear in the
// number of questions, so that a long chain costs no more than a long list.
func resolveSkipLogic(form *Form, f parsedFile, errs *Errors) {
	for _, q := range form.Questions {
		if q.ShowIf == nil || q.ShowIf.Question == "" {
			continue
		}
		g := form.questionByID[q.ShowIf.Question]
		if g == nil {
			errs.Add(f.Name, q.Line, "questions."+q.ID+".show_if.question", "refers to %q, which is not a question of this form", q.ShowIf.Question)
			continue
		}
		q.ShowIf.Gate = g
	}
	reportCycles(form, f, errs)
	if len(*errs) > 0 {
		return
	}
	for _, q := range form.Questions {
		if g := gateOf(q); g != nil {
			if g.Index > q.Index {
				errs.Add(f.Name, q.Line, "questions."+q.ID+".show_if.question", "gate %q comes after this question; expected gates before their follow-ups", g.ID)
			}
			g.FollowUps = append(g.FollowUps, q)
		}
	}
	if len(*errs) > 0 {
		return
	}
	// Gates come before their follow-ups, so one pass in form order gives
	// every question its depth.
	for _, q := range form.Questions {
		g := gateOf(q)
		if g == nil {
			continue
		}
		q.Depth = g.Depth + 1
		if q.Depth == MaxFollowUpDepth+1 {
			errs.Add(f.Name, q.Line, "questions."+q.ID+".show_if", "follow-ups nested more than %d deep; expected at most %d gates above a question", MaxFollowUpDepth, MaxFollowUpDepth)
		}
	}
}

// reportCycles reports, for every question on a cycle of gates, the cycle as
// seen from that question. Every question is visited a bounded number of
// times: a walk up the gates stops at the first question already settled.
func reportCycles(form *Form, f parsedFile, errs *Errors) {
	const (
		unvisited = iota
		onPath
		settled
	)
	state := make([]int8, len(form.Questions))
	onCycle := make([]bool, len(form.Questions))
	var path []*Question
	for _, start := range form.Questions {
		path = path[:0]
		q := start
		for q != nil && state[q.Index] == unvisited {
			state[q.Index] = onPath
			path = append(path, q)
			q = gateOf(q)
		}
		if q != nil && state[q.Index] == onPath {
			// The walk came back to a question of this walk: from q on,
			// the path is a cycle.
			for i := len(path) - 1; ; i-- {
				onCycle[path[i].Index] = true
				if path[i] == q {
					break
				}
			}
		}
		for _, p := range path {
			state[p.Index] = settled
		}
	}
	for _, q := range form.Questions {
		if !onCycle[q.Index] {
			continue
		}
		chain := []string{q.ID}
		for g := gateOf(q); ; g = gateOf(g) {
			chain = append(chain, g.ID)
			if g == q {
				break
			}
		}
		errs.Add(f.Name, q.Line, "questions."+q.ID+".show_if", "skip logic goes round in a circle: %s", strings.Join(chain, " -> "))
	}
}

func gateOf(q *Question) *Question {
	if q.ShowIf == nil {
		return nil
	}
	return q.ShowIf.Gate
}

// ItemsNotAsked lists the Delphi items no question evidences, sorted by id.
func (f *Form) ItemsNotAsked() []*Item {
	asked := map[*Item]bool{}
	for _, q := range f.Questions {
		if q.Item != nil {
			asked[q.Item] = true
		}
	}
	var out []*Item
	for _, it := range f.Items {
		if !asked[it] {
			out = append(out, it)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Index < out[j].Index })
	return out
}
