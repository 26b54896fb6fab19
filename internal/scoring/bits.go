package scoring

import (
	"math/bits"

	q "github.com/continuum-screening/continuum/internal/questionnaire"
)

// itemSet is a set of Delphi items by index; the loader caps a definition set
// at questionnaire.MaxItems (128) items. One more bit, answerBit, stands for
// a yes to a question the questionnaire declares as a sign on its own (not an
// item), so that the range and could-raise treat it like any item.
type itemSet [(q.MaxItems + 1 + 63) / 64]uint64

// answerBit is the bit of a declared involuntariness answer.
const answerBit = q.MaxItems

func (s *itemSet) add(i int)     { s[i>>6] |= 1 << (uint(i) & 63) }
func (s itemSet) has(i int) bool { return s[i>>6]&(1<<(uint(i)&63)) != 0 }

func (s itemSet) and(o itemSet) itemSet {
	for i := range s {
		s[i] &= o[i]
	}
	return s
}

func (s itemSet) or(o itemSet) itemSet {
	for i := range s {
		s[i] |= o[i]
	}
	return s
}

func (s itemSet) andNot(o itemSet) itemSet {
	for i := range s {
		s[i] &^= o[i]
	}
	return s
}

func (s itemSet) empty() bool {
	for _, w := range s {
		if w != 0 {
			return false
		}
	}
	return true
}

func (s itemSet) count() int {
	n := 0
	for _, w := range s {
		n += bits.OnesCount64(w)
	}
	return n
}
