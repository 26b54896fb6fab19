package batch

import (
	"fmt"
	"hash/maphash"
	"strconv"
)

// maxDuplicateWarnings is how many repeated ids are named one by one; the
// rest are counted in one line at the end, so that the same large file given
// twice does not bury the other messages.
const maxDuplicateWarnings = 10

// idSeen notices a record id that comes twice in one run: the same file
// given twice, or two files that share ids, would count people twice. It
// sits on the ordered output side, so the first place is the one earlier in
// the input whatever the number of workers.
//
// Each id is kept as an 8-byte hash with the place it was first seen (input
// and line packed in 8 bytes): 20 to 40 bytes a record in the map
// (measured), whatever the length of the ids, at most about 40 MB for a
// million records. Two different
// ids share a hash with a chance of about n²/2⁶⁵ (3·10⁻⁸ for a million):
// the only harm is one needless warning.
type idSeen struct {
	seed  maphash.Seed
	first map[uint64]uint64 // id hash -> input << 40 | line
	names []string          // input -> its file name, for the messages
	// name: the warnings may quote the id (the output shows ids anyway).
	name  bool
	count int // ids seen again
}

func newIDSeen(name bool) *idSeen {
	return &idSeen{seed: maphash.MakeSeed(), first: make(map[uint64]uint64), name: name}
}

const lineBits = 40

// check records the id of rec, read from input (its index among the
// files), and returns a warning when it was seen before (empty when it was
// not, or when enough warnings were given). The message names both places
// and never an answer.
func (s *idSeen) check(rec *Record, input int) string {
	for len(s.names) <= input {
		s.names = append(s.names, rec.File)
	}
	line := uint64(min(max(rec.Line, 0), 1<<lineBits-1))
	h := maphash.String(s.seed, rec.ID)
	at, dup := s.first[h]
	if !dup {
		s.first[h] = uint64(input)<<lineBits | line
		return ""
	}
	s.count++
	if s.count > maxDuplicateWarnings {
		return ""
	}
	firstInput, firstLine := int(at>>lineBits), int(at&(1<<lineBits-1))
	here := rec.File + ":" + strconv.Itoa(rec.Line)
	there := s.names[firstInput] + ":" + strconv.Itoa(firstLine)
	what := "the record id"
	if s.name {
		what = "record id " + strconv.Quote(rec.ID)
	}
	switch {
	case firstInput == input && firstLine == rec.Line:
		return fmt.Sprintf("%s: %s comes twice on this line; both records are counted", here, what)
	case s.names[firstInput] == rec.File && firstInput != input:
		return fmt.Sprintf("%s: %s was already seen at %s (the file is given twice); both records are counted", here, what, there)
	}
	return fmt.Sprintf("%s: %s was already seen at %s; both records are counted", here, what, there)
}

// summary is the line that counts the repeated ids not named one by one.
func (s *idSeen) summary() string {
	if s.count <= maxDuplicateWarnings {
		return ""
	}
	return fmt.Sprintf("%d more record ids were seen twice (%d in all); each record needs its own id", s.count-maxDuplicateWarnings, s.count)
}
