package report

import (
	"maps"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/continuum-screening/continuum/internal/i18n"
	"github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/scoring"
)

// A batch renders the same few sentences millions of times: the evidence
// phrase of each question, the level names, the list separator. They depend
// only on the localizer and their arguments, so each is rendered once per
// localizer and kept, with its JSON escaping. The text is exactly what the
// localizer gives.
type textCache struct {
	evidence cowMap[*questionnaire.Question, *ctext]
	levels   [scoring.NumLevels]string
	sep      *ctext

	// sentences holds whole sentences by message and fixed arguments;
	// frames the text around the one argument that varies (a list of
	// evidence or of questions), split where it goes.
	sentences cowMap[sentenceKey, *ctext]
	frames    cowMap[sentenceKey, []*ctext]
}

// cowMap is a map read without a lock by the workers of a batch: a few
// dozen entries are added, at the start of a run, and then read for every
// record. Adding copies the map.
type cowMap[K comparable, V any] struct {
	mu sync.Mutex
	m  atomic.Pointer[map[K]V]
}

func (c *cowMap[K, V]) load(k K) (V, bool) {
	if m := c.m.Load(); m != nil {
		v, ok := (*m)[k]
		return v, ok
	}
	var zero V
	return zero, false
}

// loadOrStore returns the value for k, storing v first if there is none.
func (c *cowMap[K, V]) loadOrStore(k K, v V) V {
	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.m.Load()
	if old != nil {
		if have, ok := (*old)[k]; ok {
			return have
		}
	}
	m := make(map[K]V, 1)
	if old != nil {
		m = maps.Clone(*old)
	}
	m[k] = v
	c.m.Store(&m)
	return v
}

// ctext is a cached text with the same text escaped for a JSON string
// (without the quotes). Escaping works character by character, so pieces of
// valid UTF-8 escaped apart and joined are the whole escaped at once.
type ctext struct {
	s, j string
	ok   bool // s is valid UTF-8
}

func newCtext(s string) *ctext {
	return &ctext{s: s, j: string(appendEscaped(nil, s)), ok: utf8.ValidString(s)}
}

// sentenceKey names a sentence: its message id and the fixed arguments
// (element, dimension or question ids; a level, status or count).
type sentenceKey struct {
	id, a, b string
	n        int
}

// sentence returns the text render gives for k, rendering it once.
func (c *textCache) sentence(k sentenceKey, render func() string) *ctext {
	if v, ok := c.sentences.load(k); ok {
		return v
	}
	return c.sentences.loadOrStore(k, newCtext(render()))
}

// hole stands for the varying argument while a frame is rendered: messages
// are rendered by plain substitution, so the text around it is the same
// whatever the argument.
const hole = "\x00\x01hole\x01\x00"

// frame returns the pieces of text around the argument of render for k, to
// be joined by the argument; it renders them once.
func (c *textCache) frame(k sentenceKey, render func(string) string) []*ctext {
	if v, ok := c.frames.load(k); ok {
		return v
	}
	parts := strings.Split(render(hole), hole)
	frame := make([]*ctext, len(parts))
	for i, p := range parts {
		frame[i] = newCtext(p)
	}
	return c.frames.loadOrStore(k, frame)
}

var textCaches sync.Map // *i18n.Localizer -> *textCache

func cacheFor(loc *i18n.Localizer) *textCache {
	if c, ok := textCaches.Load(loc); ok {
		return c.(*textCache)
	}
	c := &textCache{}
	for _, l := range scoring.Levels() {
		c.levels[l] = LevelName(loc, l)
	}
	c.sep = newCtext(loc.T("list.separator"))
	actual, _ := textCaches.LoadOrStore(loc, c)
	return actual.(*textCache)
}

func (c *textCache) levelName(loc *i18n.Localizer, level scoring.Level) string {
	if level.Valid() {
		return c.levels[level]
	}
	return LevelName(loc, level)
}

// evidenceText is the phrase for one piece of evidence: the item, its grade
// and the question that showed it.
func (c *textCache) evidenceText(loc *i18n.Localizer, e scoring.Evidence) *ctext {
	if v, ok := c.evidence.load(e.Question); ok {
		return v
	}
	s := loc.T("trace.evidence", "Item", e.Item.ID, "Grade", loc.T("grade."+e.Item.Grade.String()), "Question", e.Question.ID)
	return c.evidence.loadOrStore(e.Question, newCtext(s))
}
