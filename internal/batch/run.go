package batch

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"os"
	"runtime"
	"sync"
	"time"

	"github.com/continuum-screening/continuum/internal/inert"
	"github.com/continuum-screening/continuum/internal/scoring"
)

// Sink receives the scored records of a run, in input order. Add must not
// keep rec or res after it returns: the answers of rec and the memory of
// res are reused for later records.
type Sink interface {
	Add(rec *Record, res *scoring.Result) error
}

// Config is one batch run: where the records come from, how they are
// checked and scored, and where the results and messages go.
type Config struct {
	// Read says how records are read and checked; its Warn is set by Score.
	Read   *Options
	Scorer *scoring.Scorer
	// Files are read in order; "-" is Stdin.
	Files []string
	Stdin io.Reader
	Sink  Sink
	// MaxErrors stops the run after that many rejected records (0: never).
	MaxErrors int
	// Log receives warnings, rejected records and the progress line
	// (stderr); every message is made inert.
	Log io.Writer
	// Progress shows records and records per second on Log (when it is a
	// terminal), at most twice a second; Now is its clock (nil: time.Now).
	Progress bool
	Now      func() time.Time
	// Jobs is the number of workers that score (0: one per CPU).
	Jobs int
	// NameIDs lets the warning about a record id seen twice quote the id
	// (when the output shows ids anyway); without it the warning names the
	// two places only.
	NameIDs bool
}

// Stats say how a run went.
type Stats struct {
	Scored, Rejected int
	// RepeatedIDs counts the records whose id an earlier record had.
	RepeatedIDs int
	// Interrupted: the context was cancelled before the input ended.
	Interrupted bool
}

// Renderer is a sink that can render a record's output apart from writing
// it: Render must be safe for concurrent use, so that workers render records
// side by side; Write then takes the bytes in input order.
type Renderer interface {
	Render(b []byte, rec *Record, res *scoring.Result) ([]byte, error)
	Write(b []byte) error
}

// Score reads, checks and scores every record of the files, in input order,
// and hands each to the sink. A rejected record is reported on Log and the
// run goes on (up to MaxErrors); an error that stops reading or writing ends
// the run and is returned. When ctx is cancelled, Score stops after the
// record in hand and returns with Interrupted set.
//
// One goroutine reads and checks the records, Jobs workers score them (and
// render them, when the sink is a Renderer), and the caller's goroutine
// writes them in input order: the output is the same for any number of
// workers, and memory is bounded by the batches in flight.
func Score(ctx context.Context, cfg Config) (st Stats, err error) {
	jobs := cfg.Jobs
	if jobs < 1 {
		jobs = runtime.NumCPU()
	}
	renderer, _ := cfg.Sink.(Renderer)
	prog := newProgress(cfg)
	defer prog.done()
	seen := newIDSeen(cfg.NameIDs)
	done := make(chan struct{})
	queue, work := readRecords(cfg, jobs, done)
	var wg sync.WaitGroup
	for range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case b, ok := <-work:
					if !ok {
						return
					}
					b.process(cfg.Scorer, renderer, seen.seed, done)
				case <-done:
					return
				}
			}
		}()
	}
	defer func() {
		// Stop the reader (it may still be waiting for input) and wait for
		// the workers: none may render after Score has returned.
		close(done)
		wg.Wait()
	}()
	defer func() {
		if !st.Interrupted {
			// After a stop for an error too: the records written so far
			// may already repeat ids.
			for _, msg := range seen.finish(cfg.Files, cfg.Read) {
				prog.println("continuum: warning: " + inert.String(msg))
			}
		}
		seen.release()
		st.RepeatedIDs = seen.count
		if msg := seen.summary(); msg != "" {
			prog.println("continuum: warning: " + inert.String(msg))
		}
	}()
	stopped := ctx.Done()
	for b := range queue {
		select {
		case <-stopped:
			st.Interrupted = true
			return st, nil
		case <-b.ready:
		}
		// The rendered records are written a run at a time: up to a
		// message about one of them, or to the end of the batch. A batch
		// is hundreds of KiB, more than the writer's buffer, so it goes out
		// without being copied into it.
		from := 0 // the first record of the batch not yet written
		flush := func(to int) error {
			if renderer == nil || b.ends == nil || to <= from {
				return nil
			}
			start, end := b.ends[from], b.ends[to]
			from = to
			if start == end {
				return nil
			}
			return renderer.Write(b.out[start:end])
		}
		for i, it := range b.items {
			select {
			case <-stopped:
				st.Interrupted = true
				// The records counted as done are written.
				return st, flush(i)
			default:
			}
			if it.warn != "" || it.err != nil {
				if err := flush(i); err != nil {
					return st, err
				}
			}
			if it.warn != "" {
				prog.println("continuum: warning: " + inert.String(it.warn))
				continue
			}
			if it.err != nil {
				// Declared here: errors.As takes its address, which puts
				// it on the heap, once a record when declared outside.
				var re *RecordError
				if !errors.As(it.err, &re) {
					return st, it.err
				}
				st.Rejected++
				prog.println("continuum: " + inert.String(re.Error()))
				if cfg.MaxErrors > 0 && st.Rejected >= cfg.MaxErrors {
					prog.println(fmt.Sprintf("continuum: stopped after %d rejected records (--max-errors)", st.Rejected))
					return st, nil
				}
				continue
			}
			// b.hashes is set: a batch is ready here only once processed
			// (process returns early only after done, when this loop is over).
			if msg := seen.check(it.rec, it.input, b.hashes[i]); msg != "" {
				if err := flush(i); err != nil {
					return st, err
				}
				prog.println("continuum: warning: " + inert.String(msg))
			}
			if renderer == nil {
				if err := cfg.Sink.Add(it.rec, b.results[i]); err != nil {
					return st, err
				}
			}
			st.Scored++
			prog.tick()
		}
		if err := flush(len(b.items)); err != nil {
			return st, err
		}
		if b.err != nil {
			return st, b.err
		}
		if renderer != nil {
			out := b.out[:0]
			outBuffers.Put(&out)
		}
		b.release()
	}
	return st, nil
}

// readItem is one step of reading the input, in input order: a checked
// record with its answers, a rejected record (err is a *RecordError), a
// warning, or an error that ends the run.
type readItem struct {
	rec     *Record
	answers []string
	err     error
	warn    string
	input   int // the index of its file in Config.Files

	// A line of JSON Lines is read but not decoded: the worker decodes
	// and checks batch.lines[start:end], so that reading is not the
	// bottleneck of a run on several cores. A record read by another
	// reader is checked by the worker (unchecked).
	undecoded  bool
	unchecked  bool
	file       string
	line       int
	start, end int
}

// readBatch is how many items go to a worker at once.
const readBatch = 256

// outBuffers keeps the rendered output of written batches for the next
// ones: a batch of JSON lines is some hundreds of KiB, and growing a fresh
// buffer for each cost more than rendering into it.
var outBuffers sync.Pool // *[]byte

// batch is a run of items in input order, scored and rendered by a worker;
// ready is closed when it is.
type batch struct {
	items []readItem
	// lines holds the undecoded lines of the items, one after the other;
	// read decodes and checks them.
	lines   []byte
	read    *Options
	slots   []string // the answers of the decoded lines, per item
	results []*scoring.Result
	hashes  []uint64          // of the records' ids, for the repeated-id check
	slab    []scoring.Scratch // the memory of results, for a Sink that is not a Renderer
	out     []byte
	ends    []int // item i's output is out[ends[i]:ends[i+1]]
	err     error // rendering failed
	ready   chan struct{}
}

func (b *batch) process(s *scoring.Scorer, r Renderer, seed maphash.Seed, done <-chan struct{}) {
	defer close(b.ready)
	select {
	case <-done:
		return
	default:
	}
	b.results = make([]*scoring.Result, len(b.items))
	b.ends = make([]int, 1, len(b.items)+1)
	if r != nil {
		if p, ok := outBuffers.Get().(*[]byte); ok {
			b.out = (*p)[:0]
		}
	}
	b.decode()
	var scratch *scoring.Scratch
	if r != nil {
		// The result is rendered at once and not kept: one result's
		// memory serves the whole batch.
		scratch = scratches.Get().(*scoring.Scratch)
		defer scratches.Put(scratch)
	} else {
		// The results wait for the sink, which does not keep them: the
		// memory of a written batch's results serves a later batch.
		if p, ok := resultSlabs.Get().(*[]scoring.Scratch); ok && len(*p) >= len(b.items) {
			b.slab = *p
		} else {
			b.slab = make([]scoring.Scratch, len(b.items))
		}
	}
	b.hashes = make([]uint64, len(b.items))
	for i, it := range b.items {
		if it.rec == nil || it.err != nil {
			b.ends = append(b.ends, len(b.out))
			continue
		}
		b.hashes[i] = maphash.String(seed, it.rec.ID)
		if r == nil {
			b.results[i] = s.ScoreInto(&b.slab[i], it.answers)
		} else if b.err == nil {
			res := s.ScoreInto(scratch, it.answers)
			b.out, b.err = r.Render(b.out, it.rec, res)
		}
		b.ends = append(b.ends, len(b.out))
	}
}

// scratches keeps the result memory of the workers that render;
// resultSlabs the results of written batches, for sinks that take results.
var (
	scratches   = sync.Pool{New: func() any { return new(scoring.Scratch) }}
	resultSlabs sync.Pool // *[]scoring.Scratch
)

// lineBuffers keeps the undecoded lines of processed batches for the next;
// slotBuffers the answer slots of written batches.
var lineBuffers, slotBuffers sync.Pool // *[]byte, *[]string

// release hands the answer slots and the results of a written batch to the
// next: the records' answers (Record.Values) and results are not used after
// Sink.Add.
func (b *batch) release() {
	if b.slab != nil {
		slab := b.slab
		b.slab, b.results = nil, nil
		resultSlabs.Put(&slab)
	}
	if b.slots == nil {
		return
	}
	s := b.slots
	b.slots = nil
	clear(s)
	slotBuffers.Put(&s)
}

// decode decodes and checks the undecoded lines, and checks the unchecked
// records, in place.
func (b *batch) decode() {
	for i := range b.items {
		if it := &b.items[i]; it.unchecked {
			it.answers, it.err = b.read.Check(it.rec)
			it.unchecked = false
		}
	}
	if b.lines == nil {
		return
	}
	fast := b.read.fastDecoder()
	n := len(b.read.Form.Questions)
	if p, ok := slotBuffers.Get().(*[]string); ok && cap(*p) >= n*len(b.items) {
		b.slots = (*p)[:n*len(b.items)]
	} else {
		b.slots = make([]string, n*len(b.items))
	}
	recs := make([]Record, len(b.items))
	for i := range b.items {
		it := &b.items[i]
		if !it.undecoded {
			continue
		}
		rec, err := decodeRecordInto(&recs[i], fast, it.file, it.line, b.lines[it.start:it.end], b.slots[i*n:(i+1)*n:(i+1)*n])
		var answers []string
		if err == nil {
			answers, err = b.read.Check(rec)
		}
		*it = readItem{rec: rec, answers: answers, err: err, input: it.input}
	}
	// The records hold copies of what they need.
	lines := b.lines[:0]
	b.lines = nil
	lineBuffers.Put(&lines)
}

// readRecords reads, decodes and checks the files in a goroutine. Each batch
// goes both to the workers (work) and, in input order, to the writer
// (queue); the queue's capacity bounds what is held in memory. Closing done
// stops the reader, which then closes both channels.
func readRecords(cfg Config, jobs int, done <-chan struct{}) (queue, work chan *batch) {
	queue = make(chan *batch, 2*jobs+2)
	work = make(chan *batch, jobs)
	opts := cfg.Read
	go func() {
		defer close(queue)
		defer close(work)
		buf := make([]readItem, 0, readBatch)
		var lines []byte // the undecoded lines of buf
		send := func() bool {
			if len(buf) == 0 {
				return true
			}
			b := &batch{items: buf, read: opts, ready: make(chan struct{})}
			buf = make([]readItem, 0, readBatch)
			if lines != nil {
				b.lines = lines
				lines = nil
			}
			select {
			case queue <- b:
			case <-done:
				return false
			}
			select {
			case work <- b:
				return true
			case <-done:
				close(b.ready)
				return false
			}
		}
		push := func(it readItem) bool {
			buf = append(buf, it)
			if len(buf) >= readBatch {
				return send()
			}
			return true
		}
		opts.Warn = func(msg string) { push(readItem{warn: msg}) }
		for input, name := range cfg.Files {
			var r io.Reader
			display := name
			closer := func() {}
			if name == "-" {
				r, display = cfg.Stdin, "stdin"
			} else {
				f, err := os.Open(name)
				if err != nil {
					push(readItem{err: err})
					send()
					return
				}
				r, closer = f, func() { f.Close() }
			}
			rd, err := Open(display, r, opts)
			if err != nil {
				closer()
				push(readItem{err: err})
				send()
				return
			}
			jl, _ := rd.(*jsonlReader)
			if jl != nil {
				opts.fastDecoder() // made here, before the workers share it
			}
			for {
				if jl != nil {
					line, err := jl.nextLine()
					if err == nil {
						if lines == nil {
							if p, ok := lineBuffers.Get().(*[]byte); ok {
								lines = *p
							} else {
								lines = make([]byte, 0, 64<<10)
							}
						}
						start := len(lines)
						lines = append(lines, line...)
						if !push(readItem{undecoded: true, file: jl.name, line: jl.line, start: start, end: len(lines), input: input}) {
							closer()
							return
						}
						continue
					}
					if errors.Is(err, io.EOF) {
						break
					}
					var re *RecordError
					if !errors.As(err, &re) {
						closer()
						push(readItem{err: err})
						send()
						return
					}
					if !push(readItem{err: err, input: input}) {
						closer()
						return
					}
					continue
				}
				rec, err := rd.Next()
				if errors.Is(err, io.EOF) {
					break
				}
				var re *RecordError
				if err != nil && !errors.As(err, &re) {
					closer()
					push(readItem{err: err})
					send()
					return
				}
				// The worker checks the record: reading is the one step
				// that cannot be shared.
				if !push(readItem{rec: rec, err: err, unchecked: err == nil, input: input}) {
					closer()
					return
				}
			}
			closer()
		}
		send()
	}()
	return queue, work
}

// progress shows records and records per second on the log, only when asked
// (the log is a terminal), at most twice a second.
type progress struct {
	on         bool
	w          io.Writer
	now        func() time.Time
	start, at  time.Time
	n          int
	shown      bool
	checkEvery int
}

func newProgress(cfg Config) *progress {
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	w := cfg.Log
	if w == nil {
		w = io.Discard
	}
	p := &progress{on: cfg.Progress, w: w, now: now, checkEvery: 1024}
	if p.on {
		p.start = now()
		p.at = p.start
	}
	return p
}

func (p *progress) tick() {
	p.n++
	if !p.on || p.n%p.checkEvery != 0 {
		return
	}
	t := p.now()
	if t.Sub(p.at) < 500*time.Millisecond {
		return
	}
	p.at = t
	rate := float64(p.n) / t.Sub(p.start).Seconds()
	fmt.Fprintf(p.w, "\r\x1b[K%d records, %.0f records/s", p.n, rate)
	p.shown = true
}

// println writes a message line, clearing the progress line first. The
// message may name a file or a column from the input: it is made inert.
func (p *progress) println(msg string) {
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
	fmt.Fprintln(p.w, inert.Text(msg))
}

func (p *progress) done() {
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
}
