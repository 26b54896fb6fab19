// Package training holds the practice scenarios for trainers: fictional
// vignettes placed on the continuum, each with model answers to the
// questionnaire and the result those answers give. The texts live in the
// catalogues (scenario.<id>.title, .text and .note); the file holds only ids,
// answers and the expected result, so that a test can score every scenario
// with the real scorer and catch any drift between cases and scoring.
package training

import (
	"github.com/continuum-screening/continuum/internal/scoring"
)

// Kind is the kind: of a scenarios file.
const Kind = "scenarios"

// Sectors are the sector ids a scenario may name; each has a label
// training.sector.<id> in the catalogues.
var Sectors = []string{
	"agriculture", "construction", "domestic-work", "hospitality", "food-processing",
	"car-wash", "transport", "fishing", "manufacturing",
}

// Scenario is one practice case.
type Scenario struct {
	ID     string
	Sector string
	// Answers maps question ids to the model choice; every question the
	// skip logic asks is answered, and no other.
	Answers map[string]string
	// AnswerList holds the same answers indexed like Form.Questions ("" for a
	// question that is not asked), ready for the scorer.
	AnswerList []string
	Expect     Expect
	Line       int
	idLine     int // the line of its id, for a duplicate
}

// Expect is the result the model answers give.
type Expect struct {
	// Level is the floor: the level with unknown answers read as no (the
	// scorer's Result.Level). Ceiling reads every unknown answer as yes.
	Level, Ceiling scoring.Level
	Minor, Danger  bool
	// Indicators lists the ILO indicators the model answers show, in form order.
	Indicators []string
	// CouldRaise lists the unknown questions that could raise the level, in
	// form order; empty when the ceiling equals the level.
	CouldRaise []string
}

// Floor is the lower end of the range, the same as Level.
func (e Expect) Floor() scoring.Level { return e.Level }

// TitleID, TextID and NoteID are the message ids of the scenario's texts.
func (s *Scenario) TitleID() string { return "scenario." + s.ID + ".title" }
func (s *Scenario) TextID() string  { return "scenario." + s.ID + ".text" }
func (s *Scenario) NoteID() string  { return "scenario." + s.ID + ".note" }

// SectorID is the message id of the scenario's sector label.
func (s *Scenario) SectorID() string { return "training.sector." + s.Sector }

// Set is a loaded scenarios file.
type Set struct {
	File      string
	Scenarios []*Scenario
	byID      map[string]*Scenario
}

// Scenario returns the scenario with the given id, or nil.
func (s *Set) Scenario(id string) *Scenario { return s.byID[id] }

// IDs lists the scenario ids in file order.
func (s *Set) IDs() []string {
	out := make([]string, len(s.Scenarios))
	for i, sc := range s.Scenarios {
		out[i] = sc.ID
	}
	return out
}

// MessageIDs lists every message id the scenarios refer to.
func (s *Set) MessageIDs() []string {
	var ids []string
	seen := map[string]bool{}
	for _, sc := range s.Scenarios {
		ids = append(ids, sc.TitleID(), sc.TextID(), sc.NoteID())
		if !seen[sc.Sector] {
			seen[sc.Sector] = true
			ids = append(ids, sc.SectorID())
		}
	}
	return ids
}
