package scoring

import "math/bits"

// itemSet is a set of Delphi items by index; the loader caps a definition set
// at questionnaire.MaxItems (128) items.
type itemSet [2]uint64

func (s *itemSet) add(i int)            { s[i>>6] |= 1 << (uint(i) & 63) }
func (s itemSet) has(i int) bool        { return s[i>>6]&(1<<(uint(i)&63)) != 0 }
func (s itemSet) and(o itemSet) itemSet { return itemSet{s[0] & o[0], s[1] & o[1]} }
func (s itemSet) or(o itemSet) itemSet  { return itemSet{s[0] | o[0], s[1] | o[1]} }
func (s itemSet) empty() bool           { return s[0]|s[1] == 0 }
func (s itemSet) count() int            { return bits.OnesCount64(s[0]) + bits.OnesCount64(s[1]) }
