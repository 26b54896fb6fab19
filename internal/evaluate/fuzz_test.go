package evaluate

import (
	"math"
	"testing"

	"github.com/continuum-screening/continuum/internal/batch"
	"github.com/continuum-screening/continuum/internal/scoring"
)

// FuzzReport: for any records (three bytes each: floor level, ceiling and
// outcome with a group, and a key) and any threshold k, a report never
// panics, never shows a count from 1 to k-1, never holds NaN or an infinity,
// and computes every figure shown from the counts shown.
func FuzzReport(f *testing.F) {
	f.Add([]byte{0, 1, 7, 4, 5, 9, 5, 5, 2, 1, 1, 3}, uint8(10), uint8(4))
	f.Add([]byte{}, uint8(10), uint8(4))
	f.Add([]byte{3, 3, 3}, uint8(1), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, kb, tb uint8) {
		k := int(kb % 16)
		e := New([]string{"sector"})
		for i := 0; i+2 < len(data) && i < 3*5000; i += 3 {
			floor := scoring.Level(int(data[i]) % Levels)
			ceil := max(floor, scoring.Level(int(data[i+1])%Levels))
			o := Outcome(data[i+2] % 3)
			sector := []string{"a", "b", "c", "d"}[data[i+2]/3%4]
			if err := e.Add(floor, ceil, o, uint64(data[i+2])*0x9e3779b97f4a7c15+uint64(i), map[string]string{"sector": sector}); err != nil {
				t.Fatal(err)
			}
		}
		r := e.Report(Options{MinCell: k, Threshold: 1 + int(tb%5), Prevalences: []float64{0.01, 0.5}})
		finite := func(what string, v float64) {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("%s is %v", what, v)
			}
		}
		for _, g := range r.Groups {
			for _, b := range []*Basis{g.Floor, g.Ceiling} {
				b.each(func(c *batch.Cell) {
					if k > 1 && !c.Hidden && c.True() > 0 && c.True() < k {
						t.Fatalf("a count of %d shown with k = %d", c.True(), k)
					}
				})
				for _, p := range []Proportion{b.Sensitivity, b.Specificity, b.PPV, b.NPV} {
					finite("a figure", p.Value)
					finite("an interval", p.Lo)
					finite("an interval", p.Hi)
					if p.Computable && (p.Suppressed || p.Den.Count <= 0 || p.Value < 0 || p.Value > 1) {
						t.Fatalf("figure %+v", p)
					}
				}
				finite("the AUC", b.AUC.V)
				for _, pt := range b.ROC {
					finite("a ROC point", pt.TPR.V)
					finite("a ROC point", pt.FPR.V)
				}
				for _, pv := range b.AtPrevalence {
					finite("a PPV", pv.PPV.V)
					finite("an NPV", pv.NPV.V)
				}
			}
		}
	})
}
