package report

import (
	"strings"
	"sync"

	"github.com/continuum-screening/continuum/internal/i18n"
	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/scoring"
)

// A batch renders the same few sentences millions of times: the evidence
// phrase of each question, the level names, the list separator. They depend
// only on the localizer and their arguments, so each is rendered once per
// localizer and kept. The text is exactly what the localizer gives.
type textCache struct {
	mu       sync.Mutex
	evidence map[*q.Question]string
	levels   [scoring.NumLevels]string
	sep      string

	// sentences holds whole sentences by message and fixed arguments;
	// frames the text around the one argument that varies (a list of
	// evidence or of questions), split where it goes.
	sentences, frames sync.Map // sentenceKey -> string, []string
}

// sentenceKey names a sentence: its message id and the fixed arguments
// (element, dimension or question ids; a level, status or count).
type sentenceKey struct {
	id, a, b string
	n        int
}

// sentence returns the text render gives for k, rendering it once.
func (c *textCache) sentence(k sentenceKey, render func() string) string {
	if v, ok := c.sentences.Load(k); ok {
		return v.(string)
	}
	s := render()
	c.sentences.Store(k, s)
	return s
}

// hole stands for the varying argument while a frame is rendered: messages
// are rendered by plain substitution, so the text around it is the same
// whatever the argument.
const hole = "\x00\x01hole\x01\x00"

// framed returns render(arg), rendering the text around arg once for k.
func (c *textCache) framed(k sentenceKey, arg string, render func(string) string) string {
	v, ok := c.frames.Load(k)
	if !ok {
		v = strings.Split(render(hole), hole)
		c.frames.Store(k, v)
	}
	return strings.Join(v.([]string), arg)
}

var textCaches sync.Map // *i18n.Localizer -> *textCache

func cacheFor(loc *i18n.Localizer) *textCache {
	if c, ok := textCaches.Load(loc); ok {
		return c.(*textCache)
	}
	c := &textCache{evidence: map[*q.Question]string{}}
	for _, l := range scoring.Levels() {
		c.levels[l] = LevelName(loc, l)
	}
	c.sep = loc.T("list.separator")
	actual, _ := textCaches.LoadOrStore(loc, c)
	return actual.(*textCache)
}

func (c *textCache) levelName(loc *i18n.Localizer, level scoring.Level) string {
	if level.Valid() {
		return c.levels[level]
	}
	return LevelName(loc, level)
}

func (c *textCache) evidenceText(loc *i18n.Localizer, e scoring.Evidence) string {
	c.mu.Lock()
	s, ok := c.evidence[e.Question]
	c.mu.Unlock()
	if ok {
		return s
	}
	s = loc.T("trace.evidence", "Item", e.Item.ID, "Grade", loc.T("grade."+e.Item.Grade.String()), "Question", e.Question.ID)
	c.mu.Lock()
	c.evidence[e.Question] = s
	c.mu.Unlock()
	return s
}

func (c *textCache) join(items []string) string {
	return strings.Join(items, c.sep)
}
