// Command gen writes seeded synthetic answer records for benchmarks, and runs
// the decode-only baseline the benchmark compares scoring with. It is a
// development tool, not part of the continuum binary.
//
//	go run ./internal/batch/gen -n 100000 -format jsonl -seed 1 > answers.jsonl
//	go run ./internal/batch/gen -n 100000 -format csv -seed 1 > answers.csv
//	go run ./internal/batch/gen -decode answers.jsonl   # read and decode only
//
// The records are plainly synthetic: ids are r0000001, r0000002, ...
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/continuum-screening/continuum/internal/batch"
	"github.com/continuum-screening/continuum/internal/batch/synth"
	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/testdefs"
)

func main() {
	n := flag.Int("n", 1000, "number of records")
	format := flag.String("format", "jsonl", "jsonl or csv")
	seed := flag.Int64("seed", 1, "random seed: same seed, same records")
	decode := flag.Bool("decode", false, "decode the files given as arguments without scoring, and print the record count")
	flag.Parse()
	form, err := testdefs.Form()
	if err != nil {
		fail(err)
	}
	if *decode {
		count, rejected, err := decodeOnly(form, flag.Args())
		if err != nil {
			fail(err)
		}
		fmt.Fprintf(os.Stderr, "decoded %d records, %d rejected\n", count, rejected)
		return
	}
	err = synth.New(form, *seed).Write(bufio.NewWriterSize(os.Stdout, 64<<10), *format, *n)
	if err != nil {
		fail(err)
	}
}

// decodeOnly reads every record with the same reader and JSON library as
// continuum score, and does nothing else.
func decodeOnly(form *q.Form, files []string) (count, rejected int, err error) {
	opts := &batch.Options{Form: form}
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return count, rejected, err
		}
		rd, err := batch.Open(name, f, opts)
		if err != nil {
			f.Close()
			return count, rejected, err
		}
		for {
			_, err := rd.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			var re *batch.RecordError
			if errors.As(err, &re) {
				rejected++
				continue
			}
			if err != nil {
				f.Close()
				return count, rejected, err
			}
			count++
		}
		f.Close()
	}
	return count, rejected, nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gen:", err)
	os.Exit(1)
}
