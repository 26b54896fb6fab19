package batch

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"os"
	"strconv"
)

// maxDuplicateWarnings is how many repeated ids are named one by one; the
// rest are counted in one line at the end, so that the same large file given
// twice does not bury the other messages.
const maxDuplicateWarnings = 10

// How much memory the check of repeated ids takes, whatever the size of the
// input. The first idExact ids are kept with their places (a map of 8-byte
// hashes and places: some 600 KB); every id also goes into a fixed-size
// filter (idFilterBlocks blocks of 32 bytes: 8 MiB), made when the map is
// full. Variables, so that tests can make them small.
var (
	idExact        = 1 << 14
	idFilterBlocks = 1 << 18
)

// maxNamedCandidates is how many ids the filter flagged are kept to be
// named in a warning (when ids may be named).
const maxNamedCandidates = 1024

// idSeen notices a record id that comes twice in one run: the same file
// given twice, or two files that share ids, would count people twice. It
// sits on the ordered output side, so the first place is the one earlier in
// the input whatever the number of workers.
//
// Its memory is fixed, so that a run of a million records takes what a run
// of a hundred thousand takes. An id among the first idExact is kept as an
// 8-byte hash with the place it was first seen (two different ids share a
// hash with a chance of about n²/2⁶⁵: the only harm is one needless
// warning): a repeat of it is named at once, with both places. Later ids go
// into a fixed-size filter that remembers which ids it has seen, with rare
// false alarms and never a miss. An id the filter may have seen is a
// candidate: at the end of the run the inputs are read once more, ids only,
// up to the last candidate, to find where each candidate was first seen
// and to drop the false alarms. An input that cannot be read a second time
// (standard input, a pipe) leaves its candidates unconfirmed: they are
// counted and named as most likely repeated.
type idSeen struct {
	seed   maphash.Seed
	exact  map[uint64]uint64 // id hash -> input << lineBits | line
	filter *idFilter         // made when exact is full
	names  []string          // input -> its file name, for the messages
	starts []int             // input -> the ordinal of its first id
	// name: the warnings may quote the id (the output shows ids anyway).
	name  bool
	n     int         // ids checked: the next one's ordinal
	cands []candidate // ids the filter may have seen, in input order
	count int         // ids seen again
}

// candidate is an id the filter may have seen before, with its place.
type candidate struct {
	hash        uint64
	ord         int
	input, line int
	id          string // when ids may be named, for the first few
}

func newIDSeen(name bool) *idSeen {
	return &idSeen{seed: maphash.MakeSeed(), exact: make(map[uint64]uint64), name: name}
}

const lineBits = 40

func (s *idSeen) hash(id string) uint64 { return maphash.String(s.seed, id) }

// check records the id of rec, read from input (its index among the
// files), whose hash is h (s.hash(rec.ID), worked out by the workers), and
// returns a warning when it was seen before among the ids kept with their
// places (empty when it was not, or when enough warnings were given). The
// message names both places and never an answer.
func (s *idSeen) check(rec *Record, input int, h uint64) string {
	for len(s.names) <= input {
		s.names = append(s.names, rec.File)
		s.starts = append(s.starts, s.n)
	}
	ord := s.n
	s.n++
	line := uint64(min(max(rec.Line, 0), 1<<lineBits-1))
	// Every id kept with its place is in the filter too: an id the filter
	// has not seen is new, without a look at the map.
	if s.filter != nil && !s.filter.add(h) {
		return ""
	}
	if at, dup := s.exact[h]; dup {
		return s.repeat(rec.File, rec.Line, input, rec.ID, int(at>>lineBits), int(at&(1<<lineBits-1)))
	}
	if s.filter != nil {
		c := candidate{hash: h, ord: ord, input: input, line: rec.Line}
		if s.name && len(s.cands) < maxNamedCandidates {
			c.id = rec.ID
		}
		s.cands = append(s.cands, c)
		return ""
	}
	s.exact[h] = uint64(input)<<lineBits | line
	if len(s.exact) >= idExact {
		s.filter = newIDFilter(idFilterBlocks)
		for k := range s.exact {
			s.filter.add(k)
		}
	}
	return ""
}

// repeat counts the id of a record at file:line of input, first seen at
// line firstLine of input firstInput, and returns its warning; empty once
// enough were given.
func (s *idSeen) repeat(file string, line, input int, id string, firstInput, firstLine int) string {
	s.count++
	if s.count > maxDuplicateWarnings {
		return ""
	}
	here := file + ":" + strconv.Itoa(line)
	there := s.names[firstInput] + ":" + strconv.Itoa(firstLine)
	what := s.what(id)
	switch {
	case firstInput == input && firstLine == line:
		return fmt.Sprintf("%s: %s comes twice on this line; both records are counted", here, what)
	case s.names[firstInput] == file && firstInput != input:
		return fmt.Sprintf("%s: %s was already seen at %s (the file is given twice); both records are counted", here, what, there)
	}
	return fmt.Sprintf("%s: %s was already seen at %s; both records are counted", here, what, there)
}

// what names the id in a warning: quoted when ids may be named and it is
// known.
func (s *idSeen) what(id string) string {
	if s.name && id != "" {
		return "record id " + strconv.Quote(id)
	}
	return "the record id"
}

// finish settles the candidates of the filter, reading the inputs that can
// be read a second time (files[i] is input i; "-" is standard input) with
// read's options, and returns their warnings, in input order. It adds the
// repeats it finds to the count.
func (s *idSeen) finish(files []string, read *Options) []string {
	if len(s.cands) == 0 {
		return nil
	}
	type place struct{ ord, input, line int }
	first := make(map[uint64]place, len(s.cands))
	for _, c := range s.cands {
		first[c.hash] = place{ord: -1}
	}
	last := s.cands[len(s.cands)-1].ord
	unread := make([]bool, len(s.names)) // inputs not read a second time
	same := true                         // the inputs read the same as the first time
	next := 0                            // the next candidate to compare
	found := make([]bool, len(s.cands))  // the candidate's record was read again
	opts := read.settings()
	for input := range s.names {
		start := s.starts[input]
		if start > last {
			break
		}
		ord := start
		unread[input] = !rereadIDs(files[input], s.names[input], opts, func(rec *Record) bool {
			h := s.hash(rec.ID)
			if p, ok := first[h]; ok && p.ord < 0 {
				first[h] = place{ord, input, rec.Line}
			}
			for next < len(s.cands) && s.cands[next].ord < ord {
				next++
			}
			if next < len(s.cands) && s.cands[next].ord == ord {
				found[next] = true
				same = same && s.cands[next].hash == h
			}
			ord++
			return ord <= last
		})
	}
	for i, c := range s.cands {
		// A file read again that ends before one of its candidates has
		// changed too.
		same = same && (unread[c.input] || found[i])
	}
	var msgs []string
	for _, c := range s.cands {
		p := first[c.hash]
		if same && p.ord >= 0 && p.ord < c.ord {
			if msg := s.repeat(s.names[c.input], c.line, c.input, c.id, p.input, p.line); msg != "" {
				msgs = append(msgs, msg)
			}
			continue
		}
		from := -1 // an input, up to this one, that was not read again
		for i := c.input; i >= 0 && from < 0; i-- {
			if unread[i] {
				from = i
			}
		}
		if same && from < 0 {
			continue // a false alarm of the filter
		}
		s.count++
		if s.count > maxDuplicateWarnings {
			continue
		}
		here := s.names[c.input] + ":" + strconv.Itoa(c.line)
		why := "the input changed while it was read"
		if same {
			why = s.names[from] + " cannot be read a second time to say where"
		}
		msgs = append(msgs, fmt.Sprintf("%s: %s was most likely seen before, but %s; both records are counted", here, s.what(c.id), why))
	}
	return msgs
}

// rereadIDs reads the records of a regular file once more, calling fn with
// each record that passes the checks, until fn returns false. It returns
// false when the input cannot be read a second time: standard input, a
// pipe, a file gone or unreadable now.
func rereadIDs(file, display string, opts *Options, fn func(*Record) bool) bool {
	if file == "-" {
		return false
	}
	// Stat first: opening a named pipe would wait for a writer.
	if info, err := os.Stat(file); err != nil || !info.Mode().IsRegular() {
		return false
	}
	f, err := os.Open(file)
	if err != nil {
		return false
	}
	defer f.Close()
	rd, err := Open(display, f, opts)
	if err != nil {
		return false
	}
	for {
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return true
		}
		var re *RecordError
		if errors.As(err, &re) {
			continue
		}
		if err != nil {
			return false
		}
		if _, err := opts.Check(rec); err != nil {
			continue
		}
		if !fn(rec) {
			return true
		}
	}
}

// release gives back the memory of the filter; s is not used after.
func (s *idSeen) release() {
	s.filter.release()
	s.filter = nil
}

// summary is the line that counts the repeated ids not named one by one.
func (s *idSeen) summary() string {
	if s.count <= maxDuplicateWarnings {
		return ""
	}
	return fmt.Sprintf("%d more record ids were seen twice (%d in all); each record needs its own id", s.count-maxDuplicateWarnings, s.count)
}

// idFilter is a split-block Bloom filter of id hashes (as in Apache
// Parquet): each id sets one bit in each of the eight 32-bit words of one
// 32-byte block, so that a check touches one cache line. At 8 MiB it gave
// no false alarm among a million random ids, 13 among two million.
//
// Its memory is taken outside the garbage-collected heap where the system
// allows (filtermem_unix.go): as live heap, it would raise by as much again
// the heap the collector lets grow before it runs.
type idFilter struct {
	mem  []byte
	free func()
}

const idBlock = 32

func newIDFilter(blocks int) *idFilter {
	mem, free := filterMemory(blocks * idBlock)
	return &idFilter{mem: mem, free: free}
}

var idFilterSalt = [8]uint32{0x47b6137b, 0x44974d91, 0x8824ad5b, 0xa2b7289d, 0x705495c7, 0x2df1424b, 0x9efc4947, 0x5c6bfb31}

// add puts the hash h in the filter and says whether it may have been
// there already.
func (f *idFilter) add(h uint64) (had bool) {
	blocks := uint64(len(f.mem) / idBlock)
	i := ((h >> 32) * blocks) >> 32
	b := f.mem[i*idBlock : (i+1)*idBlock]
	x := uint32(h)
	had = true
	for i, salt := range idFilterSalt {
		w := b[4*i : 4*i+4]
		v := binary.NativeEndian.Uint32(w)
		if m := uint32(1) << ((x * salt) >> 27); v&m == 0 {
			had = false
			binary.NativeEndian.PutUint32(w, v|m)
		}
	}
	return had
}

// release gives the filter's memory back; the filter is not used after.
func (f *idFilter) release() {
	if f != nil && f.free != nil {
		f.free()
		f.mem, f.free = nil, nil
	}
}
