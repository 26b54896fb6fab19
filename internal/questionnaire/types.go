package questionnaire

import "slices"

// The four answers every scored question offers. Only "yes"
// makes an item present; "dont-know" and "prefer-not-to-say" are unknowns,
// never read as "no".
const (
	Yes       = "yes"
	No        = "no"
	DontKnow  = "dont-know"
	PreferNot = "prefer-not-to-say"
)

// ChoiceIDs lists the answer ids in their display order.
var ChoiceIDs = []string{Yes, No, DontKnow, PreferNot}

// The six dimension ids of the ILO/EC operational indicators; the scoring
// model is written against them, so a definitions file must use exactly these.
const (
	DeceptiveRecruitment     = "deceptive-recruitment"
	CoerciveRecruitment      = "coercive-recruitment"
	VulnerabilityRecruitment = "vulnerability-recruitment"
	ExploitativeConditions   = "exploitative-conditions"
	CoercionDestination      = "coercion-destination"
	VulnerabilityDestination = "vulnerability-destination"
)

// DimensionIDs lists the six dimensions in their canonical order.
var DimensionIDs = []string{
	DeceptiveRecruitment, CoerciveRecruitment, VulnerabilityRecruitment,
	ExploitativeConditions, CoercionDestination, VulnerabilityDestination,
}

// MaxItems bounds the number of Delphi items a definition set may declare:
// the scoring engine keeps item sets as 128-bit masks.
const MaxItems = 128

// MaxQuestions and MaxFollowUpDepth bound what a questionnaire may demand of
// the tool: the shipped one has 58 questions, follow-ups 1 deep. A
// larger definition is refused with the limit it exceeds, so that no file
// can make validating, scoring or printing a handout slow.
const (
	MaxQuestions     = 1000
	MaxFollowUpDepth = 16
)

// Grade is the strength of a Delphi item.
type Grade int

const (
	Weak Grade = iota + 1
	Medium
	Strong
)

func (g Grade) String() string {
	switch g {
	case Weak:
		return "weak"
	case Medium:
		return "medium"
	case Strong:
		return "strong"
	}
	return "unknown"
}

// Role marks a question that sets a flag of the result instead of evidencing
// an item.
type Role string

const (
	RoleNone       Role = ""
	RoleDanger     Role = "danger"      // immediate danger: the danger flag
	RoleMinor      Role = "minor"       // under 18: the child rule applies
	RoleThirdParty Role = "third-party" // someone else arranged the job or travel
)

// Sign marks a question whose yes is, on its own, a sign the scoring model
// counts without evidencing a Delphi item.
type Sign string

const (
	SignNone Sign = ""
	// SignInvoluntariness: a yes shows the work is not freely chosen, such as
	// not being able to refuse the work or leave the job (20th ICLS, 2018;
	// ILO survey guidelines: impossibility of leaving the employer).
	SignInvoluntariness Sign = "involuntariness"
)

// Signs lists the signs a question may declare.
var Signs = []Sign{SignInvoluntariness}

// Item is one Delphi operational indicator.
type Item struct {
	ID        string
	Grade     Grade
	Source    string // key into Form.Sources
	Dimension *Dimension
	Index     int // position in Form.Items, stable for bit sets
}

// Dimension is one of the six ILO/EC dimensions.
type Dimension struct {
	ID    string
	Phase string
	Items []*Item
	Index int
}

// Condition is a question's skip logic: the question is shown only when
// Question was shown and answered with one of Answers.
type Condition struct {
	Question string
	Answers  []string
	Gate     *Question // resolved
}

// Opens reports whether the answer to the gate opens the follow-up.
func (c *Condition) Opens(answer string) bool {
	return slices.Contains(c.Answers, answer)
}

// Question is one question of the form.
type Question struct {
	ID         string
	Role       Role
	ShowIf     *Condition
	Item       *Item    // nil for gates and role questions
	Sign       Sign     // a yes is this sign, without an item
	Indicators []string // ILO indicator ids
	Index      int
	File       string
	Line       int
	FollowUps  []*Question // questions whose ShowIf names this one
	// Depth counts the gates above the question: 0 when it is always
	// asked, at most MaxFollowUpDepth.
	Depth int
}

// TextID and HelpID are the message ids of the question's texts.
func (q *Question) TextID() string { return "question." + q.ID + ".text" }
func (q *Question) HelpID() string { return "question." + q.ID + ".help" }

// Choice is one answer choice with its label's message id.
type Choice struct {
	ID    string
	Label string
}

// Consent holds the message ids of the consent screen.
type Consent struct {
	Title string
	Text  string
	Ask   string
}

// Form is a loaded, validated definition set: the questionnaire with the Delphi
// items and ILO indicators it maps to.
type Form struct {
	ID         string
	Version    string
	Choices    []Choice
	Consent    Consent
	Questions  []*Question
	Dimensions []*Dimension // in DimensionIDs order
	Items      []*Item
	Indicators []string
	Sources    map[string]string
	// Groupings lists the coarse columns a batch summary may break results
	// down by (the questionnaire's groupings: key), in declared order.
	Groupings []string
	// Files lists the files the definitions came from, for messages.
	Files []string

	questionByID  map[string]*Question
	itemByID      map[string]*Item
	indicatorByID map[string]bool
}

// Question returns the question with the given id, or nil.
func (f *Form) Question(id string) *Question { return f.questionByID[id] }

// Item returns the Delphi item with the given id, or nil.
func (f *Form) Item(id string) *Item { return f.itemByID[id] }

// HasIndicator reports whether id is one of the form's ILO indicators.
func (f *Form) HasIndicator(id string) bool { return f.indicatorByID[id] }

// Dimension returns the dimension with the given id, or nil.
func (f *Form) Dimension(id string) *Dimension {
	for _, d := range f.Dimensions {
		if d.ID == id {
			return d
		}
	}
	return nil
}

// RoleQuestion returns the question with the given role, or nil.
func (f *Form) RoleQuestion(r Role) *Question {
	for _, q := range f.Questions {
		if q.Role == r {
			return q
		}
	}
	return nil
}

// IsChoice reports whether id is one of the form's answer choices.
func (f *Form) IsChoice(id string) bool {
	for _, c := range f.Choices {
		if c.ID == id {
			return true
		}
	}
	return false
}

// QuestionsFor lists the questions that evidence an ILO indicator, in form order.
func (f *Form) QuestionsFor(indicator string) []*Question {
	var out []*Question
	for _, q := range f.Questions {
		for _, ind := range q.Indicators {
			if ind == indicator {
				out = append(out, q)
				break
			}
		}
	}
	return out
}

// MessageIDs lists every message id the form refers to, so that a caller can
// check them against the catalogues.
func (f *Form) MessageIDs() []string {
	ids := []string{f.Consent.Title, f.Consent.Text, f.Consent.Ask}
	for _, c := range f.Choices {
		ids = append(ids, c.Label)
	}
	for _, q := range f.Questions {
		ids = append(ids, q.TextID(), q.HelpID())
	}
	for _, ind := range f.Indicators {
		ids = append(ids, "indicator."+ind+".name", "indicator."+ind+".explanation")
	}
	for _, it := range f.Items {
		ids = append(ids, "item."+it.ID)
	}
	for _, d := range f.Dimensions {
		ids = append(ids, "dimension."+d.ID)
	}
	return ids
}
