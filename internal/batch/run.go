package batch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/continuum-screening/continuum/internal/inert"
	"github.com/continuum-screening/continuum/internal/scoring"
)

// Sink receives the scored records of a run, in input order.
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
}

// Stats say how a run went.
type Stats struct {
	Scored, Rejected int
	// Interrupted: the context was cancelled before the input ended.
	Interrupted bool
}

// Score reads, checks and scores every record of the files, in input order,
// and hands each to the sink. A rejected record is reported on Log and the
// run goes on (up to MaxErrors); an error that stops reading or writing ends
// the run and is returned. When ctx is cancelled, Score stops after the
// record in hand and returns with Interrupted set.
func Score(ctx context.Context, cfg Config) (Stats, error) {
	var st Stats
	prog := newProgress(cfg)
	done := make(chan struct{})
	defer close(done)
	records := readRecords(cfg, done)
	stopped := ctx.Done()
read:
	for {
		var items []readItem
		select {
		case <-stopped:
			st.Interrupted = true
			break read
		case b, ok := <-records:
			if !ok {
				break read
			}
			items = b
		}
		for _, it := range items {
			select {
			case <-stopped:
				st.Interrupted = true
				break read
			default:
			}
			if it.warn != "" {
				prog.println("continuum: warning: " + it.warn)
				continue
			}
			var re *RecordError
			if errors.As(it.err, &re) {
				st.Rejected++
				prog.println("continuum: " + re.Error())
				if cfg.MaxErrors > 0 && st.Rejected >= cfg.MaxErrors {
					prog.println(fmt.Sprintf("continuum: stopped after %d rejected records (--max-errors)", st.Rejected))
					break read
				}
				continue
			}
			if it.err != nil {
				prog.done()
				return st, it.err
			}
			if err := cfg.Sink.Add(it.rec, cfg.Scorer.Score(it.answers)); err != nil {
				prog.done()
				return st, err
			}
			st.Scored++
			prog.tick()
		}
	}
	prog.done()
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
}

// readBatch is how many items go over the channel at once; with the
// channel's capacity it bounds what is held in memory (a few MiB at most).
const readBatch = 256

// readRecords reads, decodes and checks the files in a goroutine, so that
// decoding runs beside scoring on a second core. One reader and one consumer
// keep the input order. Closing done stops the reader.
func readRecords(cfg Config, done <-chan struct{}) <-chan []readItem {
	ch := make(chan []readItem, 4)
	opts := cfg.Read
	go func() {
		defer close(ch)
		buf := make([]readItem, 0, readBatch)
		send := func() bool {
			if len(buf) == 0 {
				return true
			}
			select {
			case ch <- buf:
				buf = make([]readItem, 0, readBatch)
				return true
			case <-done:
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
		for _, name := range cfg.Files {
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
			for {
				rec, err := rd.Next()
				if errors.Is(err, io.EOF) {
					break
				}
				var answers []string
				if err == nil {
					answers, err = opts.Check(rec)
				}
				var re *RecordError
				if err != nil && !errors.As(err, &re) {
					closer()
					push(readItem{err: err})
					send()
					return
				}
				if !push(readItem{rec: rec, answers: answers, err: err}) {
					closer()
					return
				}
			}
			closer()
		}
		send()
	}()
	return ch
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
