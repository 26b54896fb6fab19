package questionnaire

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	continuum "github.com/continuum-screening/continuum"
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

type rawKind struct {
	Kind string `yaml:"kind"`
}

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

// Shipped returns the definitions embedded in the binary.
func Shipped() (*Form, error) {
	files, err := readFS(continuum.Data, "indicators")
	if err != nil {
		return nil, err
	}
	return Build(files)
}

// LoadDir reads an organisation's own definitions from dir: every *.yaml or
// *.yml file directly in it. A kind the directory does not provide (the
// Delphi items or the ILO indicators, typically) is taken from the shipped
// set, so a custom questionnaire alone is enough.
func LoadDir(dir string) (*Form, error) {
	files, err := readFS(os.DirFS(dir), ".")
	if err != nil {
		return nil, err
	}
	for i := range files {
		files[i].Name = filepath.Join(dir, files[i].Name)
	}
	if len(files) == 0 {
		return nil, Errors{{File: dir, Msg: "no .yaml files; expected at least a questionnaire"}}
	}
	return withShipped(files)
}

// LoadFile reads one definitions file and completes the set with the shipped
// files of the other kinds.
func LoadFile(name string) (*Form, error) {
	info, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if info.Size() > MaxFileSize {
		return nil, Errors{{File: name, Msg: fmt.Sprintf("file is %d bytes; expected at most %d", info.Size(), MaxFileSize)}}
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return withShipped([]File{{Name: name, Data: data}})
}

// Load reads definitions from path, a directory or a single file.
func Load(path string) (*Form, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return LoadDir(path)
	}
	return LoadFile(path)
}

func withShipped(files []File) (*Form, error) {
	have := map[string]bool{}
	for _, f := range files {
		have[peekKind(f)] = true
	}
	shipped, err := readFS(continuum.Data, "indicators")
	if err != nil {
		return nil, err
	}
	for _, f := range shipped {
		if k := peekKind(f); !have[k] {
			files = append(files, f)
		}
	}
	return Build(files)
}

func readFS(fsys fs.FS, dir string) ([]File, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var files []File
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !(strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")) {
			continue
		}
		p := path.Join(dir, name)
		info, err := e.Info()
		if err != nil {
			return nil, err
		}
		if info.Size() > MaxFileSize {
			return nil, Errors{{File: p, Msg: fmt.Sprintf("file is %d bytes; expected at most %d", info.Size(), MaxFileSize)}}
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, err
		}
		files = append(files, File{Name: p, Data: data})
	}
	return files, nil
}

func peekKind(f File) string {
	var errs Errors
	root := parseYAML(f, &errs)
	if v := mapValue(root, "kind"); v != nil {
		return v.Value
	}
	return ""
}

// Build parses and validates a definition set. It returns every problem it
// finds as Errors, each naming the file, line and field.
func Build(files []File) (*Form, error) {
	var errs Errors
	byKind := map[string]File{}
	roots := map[string]any{}
	for _, f := range files {
		root := parseYAML(f, &errs)
		if root == nil {
			continue
		}
		kv := mapValue(root, "kind")
		if kv == nil {
			errs.add(f.Name, root.Line, "kind", "missing; expected one of: %s", strings.Join(kinds, ", "))
			continue
		}
		if prev, dup := byKind[kv.Value]; dup {
			errs.add(f.Name, kv.Line, "kind", "a second %s file; the first is %s", kv.Value, prev.Name)
			continue
		}
		switch kv.Value {
		case KindQuestionnaire:
			var r rawQuestionnaire
			if decodeStrict(f, root, &r, &errs) {
				roots[kv.Value] = &r
			}
		case KindDelphi:
			var r rawDelphi
			if decodeStrict(f, root, &r, &errs) {
				roots[kv.Value] = &r
			}
		case KindILO:
			var r rawILO
			if decodeStrict(f, root, &r, &errs) {
				roots[kv.Value] = &r
			}
		default:
			if contains(OtherKinds, kv.Value) {
				continue
			}
			errs.add(f.Name, kv.Line, "kind", "unknown kind %q; expected one of: %s", kv.Value, strings.Join(append(append([]string{}, kinds...), OtherKinds...), ", "))
			continue
		}
		byKind[kv.Value] = f
	}
	if len(errs) > 0 {
		return nil, errs
	}
	for _, k := range kinds {
		if _, ok := byKind[k]; !ok {
			errs.add(strings.Join(fileNames(files), ", "), 0, "kind", "no %s file; expected one", k)
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
	buildILO(form, byKind[KindILO], roots[KindILO].(*rawILO), &errs)
	buildDelphi(form, byKind[KindDelphi], roots[KindDelphi].(*rawDelphi), &errs)
	buildQuestionnaire(form, byKind[KindQuestionnaire], roots[KindQuestionnaire].(*rawQuestionnaire), &errs)
	if len(errs) > 0 {
		return nil, errs
	}
	return form, nil
}

func fileNames(files []File) []string {
	var out []string
	for _, f := range files {
		out = append(out, f.Name)
	}
	return out
}

func buildILO(form *Form, f File, r *rawILO, errs *Errors) {
	root := parseYAML(f, errs)
	if len(r.Indicators) == 0 {
		errs.add(f.Name, lineOf(root, "indicators"), "indicators", "empty; expected the list of ILO indicator ids")
	}
	for i, id := range r.Indicators {
		line := seqItem(root, "indicators", i).Line
		field := fmt.Sprintf("indicators[%d]", i)
		if !idRE.MatchString(id) {
			errs.add(f.Name, line, field, "%q is not an id; expected lower-case words joined by '-'", id)
			continue
		}
		if form.indicatorByID[id] {
			errs.add(f.Name, line, field, "duplicate indicator id %q", id)
			continue
		}
		form.indicatorByID[id] = true
		form.Indicators = append(form.Indicators, id)
	}
}

func buildDelphi(form *Form, f File, r *rawDelphi, errs *Errors) {
	root := parseYAML(f, errs)
	for k, v := range r.Sources {
		form.Sources[k] = v
	}
	seen := map[string]bool{}
	for di, rd := range r.Dimensions {
		dn := seqItem(root, "dimensions", di)
		field := fmt.Sprintf("dimensions[%d]", di)
		if !isDimension(rd.ID) {
			errs.add(f.Name, lineOf(dn, "id"), field+".id", "unknown dimension %q; expected one of: %s", rd.ID, strings.Join(DimensionIDs, ", "))
			continue
		}
		if seen[rd.ID] {
			errs.add(f.Name, lineOf(dn, "id"), field+".id", "duplicate dimension %q", rd.ID)
			continue
		}
		seen[rd.ID] = true
		if rd.Phase != "recruitment" && rd.Phase != "destination" {
			errs.add(f.Name, lineOf(dn, "phase"), field+".phase", "%q; expected recruitment or destination", rd.Phase)
		}
		d := &Dimension{ID: rd.ID, Phase: rd.Phase}
		for ii, ri := range rd.Items {
			in := seqItem(dn, "items", ii)
			ifield := fmt.Sprintf("%s.items[%d]", field, ii)
			if !idRE.MatchString(ri.ID) {
				errs.add(f.Name, lineOf(in, "id"), ifield+".id", "%q is not an id; expected lower-case words joined by '.' or '-'", ri.ID)
				continue
			}
			if form.itemByID[ri.ID] != nil {
				errs.add(f.Name, lineOf(in, "id"), ifield+".id", "duplicate item id %q", ri.ID)
				continue
			}
			g, ok := map[string]Grade{"strong": Strong, "medium": Medium, "weak": Weak}[ri.Grade]
			if !ok {
				errs.add(f.Name, lineOf(in, "grade"), ifield+".grade", "%q; expected strong, medium or weak", ri.Grade)
				continue
			}
			if ri.Source == "" {
				errs.add(f.Name, lineOf(in, "id"), ifield+".source", "missing; expected a key of sources saying where the grade comes from")
			} else if _, ok := r.Sources[ri.Source]; !ok {
				errs.add(f.Name, lineOf(in, "source"), ifield+".source", "unknown source %q; expected a key of sources", ri.Source)
			}
			it := &Item{ID: ri.ID, Grade: g, Source: ri.Source, Dimension: d, Index: len(form.Items)}
			form.itemByID[it.ID] = it
			form.Items = append(form.Items, it)
			d.Items = append(d.Items, it)
		}
	}
	for _, id := range DimensionIDs {
		if !seen[id] {
			errs.add(f.Name, lineOf(root, "dimensions"), "dimensions", "dimension %q is missing; the scoring model needs all six", id)
		}
	}
	if len(form.Items) > MaxItems {
		errs.add(f.Name, lineOf(root, "dimensions"), "dimensions", "%d items; expected at most %d", len(form.Items), MaxItems)
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

func findDim(form *Form, id string) *Dimension {
	for _, it := range form.Items {
		if it.Dimension.ID == id {
			return it.Dimension
		}
	}
	return &Dimension{ID: id}
}

func isDimension(id string) bool {
	for _, d := range DimensionIDs {
		if d == id {
			return true
		}
	}
	return false
}

func buildQuestionnaire(form *Form, f File, r *rawQuestionnaire, errs *Errors) {
	root := parseYAML(f, errs)
	if !idRE.MatchString(r.ID) {
		errs.add(f.Name, lineOf(root, "id"), "id", "%q is not an id; expected lower-case words joined by '-'", r.ID)
	}
	if strings.TrimSpace(r.Version) == "" {
		errs.add(f.Name, lineOf(root, "version"), "version", "missing; expected a version such as 1.0.0")
	}
	form.ID, form.Version = r.ID, r.Version
	for i, g := range r.Groupings {
		field := fmt.Sprintf("groupings[%d]", i)
		line := seqItem(root, "groupings", i).Line
		switch {
		case !idRE.MatchString(g):
			errs.add(f.Name, line, field, "%q is not an id; expected a lower-case column name such as sector", g)
		case contains(form.Groupings, g):
			errs.add(f.Name, line, field, "duplicate grouping %q", g)
		case contains(r.questionIDs(), g), g == "id", g == "form", g == "version":
			errs.add(f.Name, line, field, "%q is already a column of answer files; expected another name", g)
		default:
			form.Groupings = append(form.Groupings, g)
		}
	}

	// Choices: exactly the four answers of the model, each with a label.
	seenChoice := map[string]bool{}
	for i, c := range r.Choices {
		cn := seqItem(root, "choices", i)
		field := fmt.Sprintf("choices[%d]", i)
		if !contains(ChoiceIDs, c.ID) {
			errs.add(f.Name, lineOf(cn, "id"), field+".id", "unknown choice %q; expected one of: %s", c.ID, strings.Join(ChoiceIDs, ", "))
			continue
		}
		if seenChoice[c.ID] {
			errs.add(f.Name, lineOf(cn, "id"), field+".id", "duplicate choice %q", c.ID)
			continue
		}
		seenChoice[c.ID] = true
		if strings.TrimSpace(c.Label) == "" {
			errs.add(f.Name, lineOf(cn, "id"), field+".label", "choice %q has no label; expected a message id such as choice.%s", c.ID, c.ID)
			continue
		}
		form.Choices = append(form.Choices, Choice{ID: c.ID, Label: c.Label})
	}
	for _, id := range ChoiceIDs {
		if !seenChoice[id] {
			errs.add(f.Name, lineOf(root, "choices"), "choices", "choice %q is missing; every scored question offers %s", id, strings.Join(ChoiceIDs, ", "))
		}
	}
	if r.Consent == nil || r.Consent.Title == "" || r.Consent.Text == "" || r.Consent.Ask == "" {
		errs.add(f.Name, lineOf(root, "consent"), "consent", "expected title, text and ask message ids")
	} else {
		form.Consent = Consent{Title: r.Consent.Title, Text: r.Consent.Text, Ask: r.Consent.Ask}
	}

	if len(r.Questions) == 0 {
		errs.add(f.Name, lineOf(root, "questions"), "questions", "empty; expected at least one question")
	}
	roles := map[Role]*Question{}
	for i, rq := range r.Questions {
		qn := seqItem(root, "questions", i)
		field := fmt.Sprintf("questions[%d]", i)
		q := &Question{ID: rq.ID, Role: Role(rq.Role), Index: len(form.Questions), File: f.Name, Line: qn.Line}
		if !idRE.MatchString(rq.ID) {
			errs.add(f.Name, lineOf(qn, "id"), field+".id", "%q is not an id; expected lower-case words joined by '-'", rq.ID)
			continue
		}
		if prev := form.questionByID[rq.ID]; prev != nil {
			errs.add(f.Name, lineOf(qn, "id"), field+".id", "duplicate question id %q; first used at line %d", rq.ID, prev.Line)
			continue
		}
		switch q.Role {
		case RoleNone:
		case RoleDanger, RoleMinor, RoleThirdParty:
			if prev := roles[q.Role]; prev != nil {
				errs.add(f.Name, lineOf(qn, "role"), field+".role", "a second %s question; %q already has this role", q.Role, prev.ID)
			}
			roles[q.Role] = q
			if rq.Item != "" || len(rq.Indicators) > 0 {
				errs.add(f.Name, lineOf(qn, "role"), field+".role", "a %s question sets a flag; expected no item or indicators", q.Role)
			}
			if q.Role != RoleThirdParty && rq.ShowIf != nil {
				errs.add(f.Name, lineOf(qn, "show_if"), field+".show_if", "the %s question must always be asked; expected no show_if", q.Role)
			}
		default:
			errs.add(f.Name, lineOf(qn, "role"), field+".role", "unknown role %q; expected danger, minor or third-party", rq.Role)
		}
		if rq.Item != "" {
			q.Item = form.itemByID[rq.Item]
			if q.Item == nil {
				errs.add(f.Name, lineOf(qn, "item"), field+".item", "unknown Delphi item %q; expected an id from the delphi-items file", rq.Item)
			}
		}
		for j, ind := range rq.Indicators {
			if !form.indicatorByID[ind] {
				errs.add(f.Name, seqItem(qn, "indicators", j).Line, fmt.Sprintf("%s.indicators[%d]", field, j), "unknown ILO indicator %q; expected one of: %s", ind, strings.Join(form.Indicators, ", "))
				continue
			}
			q.Indicators = append(q.Indicators, ind)
		}
		if len(rq.Indicators) > 0 && rq.Item == "" {
			errs.add(f.Name, lineOf(qn, "indicators"), field+".indicators", "indicators without an item; expected the Delphi item this question evidences")
		}
		if rq.ShowIf != nil {
			c := &Condition{Question: rq.ShowIf.Question, Answers: rq.ShowIf.Answers}
			cn := mapValue(qn, "show_if")
			if c.Question == "" {
				errs.add(f.Name, lineOf(qn, "show_if"), field+".show_if.question", "missing; expected the id of the gate question")
			}
			if len(c.Answers) == 0 {
				errs.add(f.Name, lineOf(qn, "show_if"), field+".show_if.answers", "missing; expected the answers that open this question, such as [yes, dont-know]")
			}
			for j, a := range c.Answers {
				if !contains(ChoiceIDs, a) {
					errs.add(f.Name, seqItem(cn, "answers", j).Line, fmt.Sprintf("%s.show_if.answers[%d]", field, j), "unknown choice %q; expected one of: %s", a, strings.Join(ChoiceIDs, ", "))
				}
			}
			q.ShowIf = c
		}
		form.questionByID[q.ID] = q
		form.Questions = append(form.Questions, q)
	}
	for _, role := range []Role{RoleDanger, RoleMinor} {
		if roles[role] == nil {
			errs.add(f.Name, lineOf(root, "questions"), "questions", "no question with role %s; expected exactly one", role)
		}
	}
	resolveSkipLogic(form, f, errs)
	for i, q := range form.Questions {
		// A question that names an item or indicators has been reported
		// already if they are wrong.
		declared := i < len(r.Questions) && (r.Questions[i].Item != "" || len(r.Questions[i].Indicators) > 0)
		if q.Role == RoleNone && q.Item == nil && len(q.FollowUps) == 0 && !declared {
			errs.add(f.Name, q.Line, "questions."+q.ID, "evidences nothing; expected an item, a role, or follow-up questions that name it in show_if")
		}
	}
}

// resolveSkipLogic links each follow-up to its gate and refuses references to
// missing questions, cycles, and gates that come after their follow-ups.
func resolveSkipLogic(form *Form, f File, errs *Errors) {
	for _, q := range form.Questions {
		if q.ShowIf == nil || q.ShowIf.Question == "" {
			continue
		}
		g := form.questionByID[q.ShowIf.Question]
		if g == nil {
			errs.add(f.Name, q.Line, "questions."+q.ID+".show_if.question", "refers to %q, which is not a question of this form", q.ShowIf.Question)
			continue
		}
		q.ShowIf.Gate = g
	}
	for _, q := range form.Questions {
		// Follow the chain of gates; coming back to q is a cycle.
		seen := map[*Question]bool{q: true}
		chain := []string{q.ID}
		for g := gateOf(q); g != nil; g = gateOf(g) {
			chain = append(chain, g.ID)
			if seen[g] {
				if g == q {
					errs.add(f.Name, q.Line, "questions."+q.ID+".show_if", "skip logic goes round in a circle: %s", strings.Join(chain, " -> "))
				}
				break
			}
			seen[g] = true
		}
	}
	if len(*errs) > 0 {
		return
	}
	for _, q := range form.Questions {
		if g := gateOf(q); g != nil {
			if g.Index > q.Index {
				errs.add(f.Name, q.Line, "questions."+q.ID+".show_if.question", "gate %q comes after this question; expected gates before their follow-ups", g.ID)
			}
			g.FollowUps = append(g.FollowUps, q)
		}
	}
}

func (r *rawQuestionnaire) questionIDs() []string {
	ids := make([]string, len(r.Questions))
	for i, rq := range r.Questions {
		ids[i] = rq.ID
	}
	return ids
}

func gateOf(q *Question) *Question {
	if q.ShowIf == nil {
		return nil
	}
	return q.ShowIf.Gate
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
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
