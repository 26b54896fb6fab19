package report

import (
	"io"
	"testing"

	"github.com/continuum-screening/continuum/internal/batch"
	"github.com/continuum-screening/continuum/internal/batch/synth"
	"github.com/continuum-screening/continuum/internal/scoring"
)

// benchWrite writes 2,000 scored records (scored once, before the timer) in
// one format: the writer alone, apart from the reader and the scorer
// (BenchmarkDecode* in internal/batch, BenchmarkScore in internal/scoring).
func benchWrite(b *testing.B, format string, summary bool) {
	f, s, loc := setup(b)
	g := synth.New(f, 1)
	const n = 2000
	recs := make([]*batch.Record, n)
	res := make([]*scoring.Result, n)
	for i := range n {
		recs[i] = &batch.Record{ID: synth.ID(i + 1)}
		res[i] = s.Score(g.Answers())
	}
	var out countWriter
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		sink, err := NewSink(format, summary, &out, SinkConfig{Scorer: s, Loc: loc, MinCell: 10})
		if err != nil {
			b.Fatal(err)
		}
		for i := range n {
			if err := sink.Add(recs[i], res[i]); err != nil {
				b.Fatal(err)
			}
		}
		if err := sink.End(); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(out.n / int64(b.N))
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "records/s")
}

type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*countWriter)(nil)

func BenchmarkWriteJSON(b *testing.B)    { benchWrite(b, "json", false) }
func BenchmarkWriteCSV(b *testing.B)     { benchWrite(b, "csv", false) }
func BenchmarkWriteTable(b *testing.B)   { benchWrite(b, "table", false) }
func BenchmarkWriteSummary(b *testing.B) { benchWrite(b, "table", true) }
