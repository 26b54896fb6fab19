package batch

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/continuum-screening/continuum/internal/batch/synth"
	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/testdefs"
)

func benchData(b *testing.B, format string, n int) (*q.Form, []byte) {
	b.Helper()
	form, err := testdefs.Form()
	if err != nil {
		b.Fatal(err)
	}
	data, err := synth.Bytes(form, 1, format, n)
	if err != nil {
		b.Fatal(err)
	}
	return form, data
}

// benchDecode is the decode-only baseline: the same reader as continuum
// score, no scoring and no output.
func benchDecode(b *testing.B, format string) {
	const n = 20000
	form, in := benchData(b, format, n)
	opts := &Options{Form: form}
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rd, err := Open("bench", bytes.NewReader(in), opts)
		if err != nil {
			b.Fatal(err)
		}
		for {
			rec, err := rd.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			if _, err := opts.Check(rec); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "records/s")
}

func BenchmarkDecodeJSONL(b *testing.B) { benchDecode(b, "jsonl") }
func BenchmarkDecodeCSV(b *testing.B)   { benchDecode(b, "csv") }
