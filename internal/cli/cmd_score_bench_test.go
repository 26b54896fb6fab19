package cli

import (
	"bytes"
	"io"
	"testing"

	"github.com/continuum-screening/continuum/internal/batch/synth"
	"github.com/continuum-screening/continuum/internal/testdefs"
)

// benchInput makes n synthetic records (seed 1) in the given format.
func benchInput(b testing.TB, format string, n int) []byte {
	b.Helper()
	form, err := testdefs.Form()
	if err != nil {
		b.Fatal(err)
	}
	data, err := synth.Bytes(form, 1, format, n)
	if err != nil {
		b.Fatal(err)
	}
	return data
}

func benchScore(b *testing.B, format string, extra ...string) {
	const n = 20000
	in := benchInput(b, format, n)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s := &Streams{In: bytes.NewReader(in), Out: io.Discard, Err: io.Discard, Getenv: func(string) string { return "" }}
		if code := Run(append([]string{"score"}, extra...), s); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "records/s")
}

// The whole command on 2,000 records: definitions loaded once per run, as
// in real use. Compare with BenchmarkDecodeJSONL in internal/batch.
func BenchmarkScoreJSONL(b *testing.B)     { benchScore(b, "jsonl") }
func BenchmarkScoreCSV(b *testing.B)       { benchScore(b, "csv") }
func BenchmarkScoreCSVOutput(b *testing.B) { benchScore(b, "jsonl", "--format", "csv") }
func BenchmarkScoreSummary(b *testing.B)   { benchScore(b, "jsonl", "--summary") }
