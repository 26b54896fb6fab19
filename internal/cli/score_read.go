package cli

import (
	"errors"
	"io"
	"os"

	"github.com/continuum-screening/continuum/internal/batch"
)

// readItem is one step of reading the input, in input order: a checked
// record with its answers, a rejected record (err is a *batch.RecordError),
// a warning, or an error that ends the run.
type readItem struct {
	rec     *batch.Record
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
func readRecords(o *scoreOptions, opts *batch.Options, files []string, done <-chan struct{}) <-chan []readItem {
	ch := make(chan []readItem, 4)
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
		for _, name := range files {
			var r io.Reader
			display := name
			closer := func() {}
			if name == "-" {
				r, display = o.Streams.In, "stdin"
			} else {
				f, err := os.Open(name)
				if err != nil {
					push(readItem{err: err})
					send()
					return
				}
				r, closer = f, func() { f.Close() }
			}
			rd, err := batch.Open(display, r, opts)
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
				var re *batch.RecordError
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
