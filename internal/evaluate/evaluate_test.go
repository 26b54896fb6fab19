package evaluate

import (
	"fmt"
	"math"
	"testing"

	"github.com/continuum-screening/continuum/internal/batch"
	"github.com/continuum-screening/continuum/internal/scoring"
)

// The constructed file of the tests: 20 records with a positive reference
// and 40 with a negative one, at these floor levels (0 to 5):
//
//	positive: 1 1 2 3 6 7   (20)
//	negative: 15 10 6 5 3 1 (40)
//
// and a ceiling one level higher than the floor (5 stays 5).
var (
	posAt = [Levels]int{1, 1, 2, 3, 6, 7}
	negAt = [Levels]int{15, 10, 6, 5, 3, 1}
)

// fill adds the constructed records to e, each with its own key, in the
// group vals (nil: none).
func fill(t *testing.T, e *Evaluation, groups map[string]string, seed uint64) {
	t.Helper()
	key := seed
	for l := range Levels {
		for _, x := range []struct {
			n int
			o Outcome
		}{{posAt[l], Positive}, {negAt[l], Negative}} {
			for range x.n {
				key = key*6364136223846793005 + 1442695040888963407
				ceil := min(l+1, Levels-1)
				if err := e.Add(scoring.Level(l), scoring.Level(ceil), x.o, key, groups); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-9 {
		t.Errorf("%s = %.12f, want %.12f", what, got, want)
	}
}

func checkProportion(t *testing.T, what string, p Proportion, num, den int, lo, hi float64) {
	t.Helper()
	if !p.Computable || p.Suppressed {
		t.Fatalf("%s: computable %v suppressed %v, want a figure", what, p.Computable, p.Suppressed)
	}
	if p.Num.Count != num || p.Den.Count != den {
		t.Errorf("%s = %d/%d, want %d/%d", what, p.Num.Count, p.Den.Count, num, den)
	}
	near(t, what, p.Value, float64(num)/float64(den))
	near(t, what+" 95% low", p.Lo, lo)
	near(t, what+" 95% high", p.Hi, hi)
}

// TestFiguresByHand checks every figure of the floor and the ceiling at
// threshold 4 against a computation by hand, without disclosure control.
//
// Floor, threshold 4 (level 4 or 5 is a positive screen):
//
//	TP = 6+7 = 13, FN = 1+1+2+3 = 7, FP = 3+1 = 4, TN = 15+10+6+5 = 36
//	sensitivity = 13/20 = 0.65, specificity = 36/40 = 0.9,
//	PPV = 13/17 = 0.7647, NPV = 36/43 = 0.8372.
//
// Wilson 95% interval, z = 1.959964, for x of n with p = x/n:
//
//	centre = (p + z²/2n) / (1 + z²/n)
//	half   = z/(1 + z²/n) · sqrt(p(1−p)/n + z²/4n²)
//
// 13/20: centre = (0.65 + 0.0960365)/1.1920730 = 0.6258305,
// half = 1.6441668 · sqrt(0.011375 + 0.0024009) = 0.1929762:
// 0.4328543 to 0.8188082. Likewise 36/40: 0.7694822 to 0.9604205;
// 13/17: 0.5273820 to 0.9044496; 36/43: 0.7002759 to 0.9188337.
//
// Ceiling (one level up): positives 0 1 1 2 3 13, negatives 0 15 10 6 5 4;
// TP = 16, FP = 9: sensitivity 16/20 (0.5839826 to 0.9193423), specificity
// 31/40 (0.6249690 to 0.8768391), PPV 16/25, NPV 31/35.
func TestFiguresByHand(t *testing.T) {
	e := New(nil)
	fill(t, e, nil, 1)
	r := e.Report(Options{MinCell: 0, Threshold: 4, Prevalences: []float64{0.02}})
	if len(r.Groups) != 1 {
		t.Fatalf("%d groups, want 1", len(r.Groups))
	}
	f := r.Groups[0].Floor
	checkProportion(t, "sensitivity", f.Sensitivity, 13, 20, 0.43285427668523624, 0.818808175898918)
	checkProportion(t, "specificity", f.Specificity, 36, 40, 0.769482247724777, 0.9604204713173937)
	checkProportion(t, "PPV", f.PPV, 13, 17, 0.5273820188043501, 0.9044495567791988)
	checkProportion(t, "NPV", f.NPV, 36, 43, 0.7002759410625283, 0.91883372652938)
	if len(f.Bands) != Levels {
		t.Fatalf("%d bands, want one per level", len(f.Bands))
	}
	for l := range Levels {
		c := f.Bands[l].Cells
		if f.Bands[l].From != l || f.Bands[l].To != l {
			t.Errorf("band %d is levels %d to %d", l, f.Bands[l].From, f.Bands[l].To)
		}
		if c[ColPositive].Count != posAt[l] || c[ColNegative].Count != negAt[l] || c[ColAll].Count != posAt[l]+negAt[l] {
			t.Errorf("level %d: %d %d %d, want %d %d %d", l, c[ColAll].Count, c[ColPositive].Count, c[ColNegative].Count, posAt[l]+negAt[l], posAt[l], negAt[l])
		}
	}
	if f.Total[ColAll].Count != 60 || f.Total[ColPositive].Count != 20 || f.Total[ColNegative].Count != 40 {
		t.Errorf("totals %d %d %d, want 60 20 40", f.Total[0].Count, f.Total[1].Count, f.Total[2].Count)
	}

	c := r.Groups[0].Ceiling
	checkProportion(t, "ceiling sensitivity", c.Sensitivity, 16, 20, 0.5839825677481065, 0.9193423374202019)
	checkProportion(t, "ceiling specificity", c.Specificity, 31, 40, 0.6249690325768998, 0.8768390867645927)
	if c.PPV.Num.Count != 16 || c.PPV.Den.Count != 25 || c.NPV.Num.Count != 31 || c.NPV.Den.Count != 35 {
		t.Errorf("ceiling PPV %d/%d NPV %d/%d, want 16/25 and 31/35", c.PPV.Num.Count, c.PPV.Den.Count, c.NPV.Num.Count, c.NPV.Den.Count)
	}
	if c.Bands[0].Cells[ColAll].Count != 0 || c.Bands[5].Cells[ColPositive].Count != 13 || c.Bands[5].Cells[ColNegative].Count != 4 {
		t.Errorf("ceiling table: level 0 %d, level 5 %d positive %d negative; want 0, 13, 4",
			c.Bands[0].Cells[ColAll].Count, c.Bands[5].Cells[ColPositive].Count, c.Bands[5].Cells[ColNegative].Count)
	}
}

// TestROCAndAUCByHand: the ROC points of the floor, from threshold 6 (no
// positive screen) to 0 (every record positive), as (FPR, TPR):
//
//	t=6 (0, 0); t=5 (1/40, 7/20) = (0.025, 0.35); t=4 (4/40, 13/20) = (0.1, 0.65);
//	t=3 (9/40, 16/20) = (0.225, 0.8); t=2 (15/40, 18/20) = (0.375, 0.9);
//	t=1 (25/40, 19/20) = (0.625, 0.95); t=0 (1, 1).
//
// Trapezoids: 0.025·0.35/2 = 0.004375; 0.075·1.00/2 = 0.0375;
// 0.125·1.45/2 = 0.090625; 0.15·1.7/2 = 0.1275; 0.25·1.85/2 = 0.23125;
// 0.375·1.95/2 = 0.365625; AUC = 0.856875. The same as the Mann-Whitney
// statistic with ties counted half: 685.5 of 800 pairs.
func TestROCAndAUCByHand(t *testing.T) {
	e := New(nil)
	fill(t, e, nil, 2)
	f := e.Report(Options{MinCell: 1, Threshold: 4}).Groups[0].Floor
	want := []struct {
		t        int
		fpr, tpr float64
	}{{6, 0, 0}, {5, 0.025, 0.35}, {4, 0.1, 0.65}, {3, 0.225, 0.8}, {2, 0.375, 0.9}, {1, 0.625, 0.95}, {0, 1, 1}}
	if len(f.ROC) != len(want) {
		t.Fatalf("%d ROC points, want %d", len(f.ROC), len(want))
	}
	for i, w := range want {
		p := f.ROC[i]
		if p.Threshold != w.t || !p.TPR.Computable || !p.FPR.Computable {
			t.Fatalf("point %d: threshold %d computable %v %v", i, p.Threshold, p.TPR.Computable, p.FPR.Computable)
		}
		near(t, fmt.Sprintf("FPR at %d", w.t), p.FPR.V, w.fpr)
		near(t, fmt.Sprintf("TPR at %d", w.t), p.TPR.V, w.tpr)
	}
	if !f.AUC.Computable {
		t.Fatal("AUC not computable")
	}
	near(t, "AUC", f.AUC.V, 0.856875)
}

// TestPrevalenceByHand: at 2% prevalence, with sensitivity 0.65 and
// specificity 0.9,
//
//	PPV = 0.65·0.02 / (0.65·0.02 + 0.1·0.98) = 0.013/0.111 = 0.1171171
//	NPV = 0.9·0.98 / (0.9·0.98 + 0.35·0.02) = 0.882/0.889 = 0.9921260
//
// about 1 of every 10 positive screens confirmed. At 17%: PPV =
// 0.1105/(0.1105 + 0.083) = 0.5710594, about 6 of every 10.
func TestPrevalenceByHand(t *testing.T) {
	e := New(nil)
	fill(t, e, nil, 3)
	f := e.Report(Options{MinCell: 1, Threshold: 4, Prevalences: []float64{0.02, 0.17}}).Groups[0].Floor
	if len(f.AtPrevalence) != 2 {
		t.Fatalf("%d prevalences, want 2", len(f.AtPrevalence))
	}
	p := f.AtPrevalence[0]
	near(t, "PPV at 2%", p.PPV.V, 0.013/0.111)
	near(t, "NPV at 2%", p.NPV.V, 0.882/0.889)
	if n, of := PerScreens(p.PPV.V); n != 1 || of != 10 {
		t.Errorf("PPV at 2%%: about %d of %d, want 1 of 10", n, of)
	}
	near(t, "PPV at 17%", f.AtPrevalence[1].PPV.V, 0.1105/(0.1105+0.083))
	if n, of := PerScreens(f.AtPrevalence[1].PPV.V); n != 6 || of != 10 {
		t.Errorf("PPV at 17%%: about %d of %d, want 6 of 10", n, of)
	}
}

func TestPerScreens(t *testing.T) {
	for _, c := range []struct {
		v     float64
		n, of int
	}{{0.57, 6, 10}, {0.04, 4, 100}, {0.004, 4, 1000}, {0.0001, 0, 1000}, {1, 10, 10}, {0.05, 1, 10}, {0.049, 5, 100}} {
		if n, of := PerScreens(c.v); n != c.n || of != c.of {
			t.Errorf("PerScreens(%v) = %d of %d, want %d of %d", c.v, n, of, c.n, c.of)
		}
	}
}

// TestNoPositiveReference: with no positive reference, sensitivity, the
// ROC and the AUC cannot be computed, and nothing is NaN or infinite.
func TestNoPositiveReference(t *testing.T) {
	e := New(nil)
	for i := range 30 {
		if err := e.Add(scoring.Level(i%6), scoring.Level(i%6), Negative, uint64(i), nil); err != nil {
			t.Fatal(err)
		}
	}
	f := e.Report(Options{MinCell: 1, Threshold: 4, Prevalences: []float64{0.05}}).Groups[0].Floor
	if f.Sensitivity.Computable || f.AUC.Computable || f.AtPrevalence[0].PPV.Computable {
		t.Errorf("sensitivity %v, AUC %v, PPV at 5%% %v computable; want none", f.Sensitivity.Computable, f.AUC.Computable, f.AtPrevalence[0].PPV.Computable)
	}
	// PPV is 0 of the 10 positive screens; specificity 20 of 30.
	if !f.PPV.Computable || f.PPV.Value != 0 || !f.Specificity.Computable {
		t.Errorf("PPV %v %v, specificity %v; want 0 and computable", f.PPV.Computable, f.PPV.Value, f.Specificity.Computable)
	}
	for _, v := range []float64{f.Sensitivity.Value, f.Sensitivity.Lo, f.Sensitivity.Hi, f.AUC.V, f.PPV.Lo, f.PPV.Hi} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Errorf("a figure is %v", v)
		}
	}
	for _, p := range f.ROC {
		if p.TPR.Computable {
			t.Errorf("TPR at %d computable without a positive reference", p.Threshold)
		}
	}
}

func TestEmpty(t *testing.T) {
	r := New([]string{"sector"}).Report(Options{MinCell: 10, Threshold: 4})
	f := r.Groups[0].Floor
	if f.Sensitivity.Computable || f.Specificity.Computable || f.PPV.Computable || f.NPV.Computable || f.AUC.Computable {
		t.Error("a figure is computable without records")
	}
	if len(r.Groups) != 1 || r.Withheld {
		t.Errorf("%d groups, withheld %v; want the overall group only", len(r.Groups), r.Withheld)
	}
}

func TestReference(t *testing.T) {
	r, err := NewReference([]string{"Confirmed", "1"}, []string{"not confirmed", "0"})
	if err != nil {
		t.Fatal(err)
	}
	for v, want := range map[string]Outcome{"confirmed": Positive, " CONFIRMED ": Positive, "1": Positive,
		"Not  Confirmed": Negative, "0": Negative, "": Unknown, "pending": Unknown, "2": Unknown} {
		if got := r.Classify(v); got != want {
			t.Errorf("Classify(%q) = %d, want %d", v, got, want)
		}
	}
	open, err := NewReference([]string{"yes"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if open.Classify("no") != Negative || open.Classify("anything") != Negative || open.Classify(" ") != Unknown {
		t.Error("without a negative list every other value should be negative and an empty one unknown")
	}
	for _, c := range [][2][]string{{nil, nil}, {{"yes"}, {"YES"}}, {{" "}, nil}, {{"yes"}, {""}}} {
		if _, err := NewReference(c[0], c[1]); err == nil {
			t.Errorf("NewReference(%q, %q) accepted", c[0], c[1])
		}
	}
	e := New(nil)
	e.Add(0, 0, Unknown, 1, nil)
	e.Add(4, 4, Positive, 2, nil)
	if e.Unknown != 1 || e.Records() != 1 || e.Positives() != 1 {
		t.Errorf("unknown %d records %d positives %d, want 1 1 1", e.Unknown, e.Records(), e.Positives())
	}
}

// cells lists every cell of a basis with a name, for the suppression checks.
func cells(b *Basis) map[string]*batch.Cell {
	m := map[string]*batch.Cell{}
	for c, x := range b.Total {
		m[fmt.Sprintf("total %d", c)] = x
	}
	for _, bd := range b.Bands {
		for c, x := range bd.Cells {
			m[fmt.Sprintf("levels %d-%d col %d", bd.From, bd.To, c)] = x
		}
	}
	for t := 1; t < Levels; t++ {
		if b.Screen[t] == nil {
			continue
		}
		for s := range 2 {
			for c, x := range b.Screen[t][s] {
				m[fmt.Sprintf("threshold %d screen %d col %d", t, s, c)] = x
			}
		}
	}
	return m
}

// TestSuppression: with k = 10, by sector: a group of 4 records is merged
// into (other) together with the next smallest (a remainder of 4 would give
// it away); every count shown is 0 or at least 10 before the noise and
// within the noise of its true value after it; no line of cells that add
// up has exactly one hidden cell; and the figures use the counts shown.
func TestSuppression(t *testing.T) {
	e := New([]string{"sector"})
	fill(t, e, map[string]string{"sector": "farm"}, 10)
	fill(t, e, map[string]string{"sector": "care"}, 20)
	for i := range 4 {
		e.Add(scoring.Level(i), scoring.Level(i), Negative, uint64(1000+i), map[string]string{"sector": "fish"})
	}
	const k = 10
	r := e.Report(Options{MinCell: k, Threshold: 4})
	var names []string
	for _, g := range r.Groups {
		names = append(names, fmt.Sprint(g.Values))
	}
	// fish (4) is too small; the remainder of the total after farm and care
	// would be 4, so care (60, sorted before farm, equal size) is merged too.
	if fmt.Sprint(names) != "[[] [farm] [(other)]]" || r.Merged != 2 {
		t.Fatalf("groups %v, merged %d; want all, farm and (other) with 2 merged", names, r.Merged)
	}
	for gi, g := range r.Groups {
		for _, b := range []*Basis{g.Floor, g.Ceiling} {
			hidden := 0
			for name, c := range cells(b) {
				n := c.True()
				if c.Hidden {
					hidden++
					continue
				}
				if n > 0 && n < k {
					t.Errorf("group %d %s: true count %d shown", gi, name, n)
				}
				if c.Count < n-batch.MaxNoise || c.Count > n+batch.MaxNoise || (n >= k && c.Count < k) || (n == 0) != (c.Count == 0) {
					t.Errorf("group %d %s: true %d published %d", gi, name, n, c.Count)
				}
			}
			if hidden == 0 {
				t.Errorf("group %d: nothing hidden, though levels 0 to 3 of the positives are below %d", gi, k)
			}
			for l, bd := range b.Bands {
				one := 0
				for _, c := range bd.Cells {
					if c.Hidden {
						one++
					}
				}
				if one == 1 {
					t.Errorf("group %d level %d: one hidden cell in a line that adds up", gi, l)
				}
			}
			if p := b.Sensitivity; p.Computable && p.Value != float64(min(p.Num.Count, p.Den.Count))/float64(p.Den.Count) {
				t.Errorf("group %d: sensitivity %v not from the counts shown %d/%d", gi, p.Value, p.Num.Count, p.Den.Count)
			}
			if b.Sensitivity.Suppressed != (b.Sensitivity.Num.Hidden || b.Sensitivity.Den.Hidden) {
				t.Errorf("group %d: sensitivity suppressed %v", gi, b.Sensitivity.Suppressed)
			}
		}
	}
	// The same records give the same report.
	again := New([]string{"sector"})
	fill(t, again, map[string]string{"sector": "farm"}, 10)
	fill(t, again, map[string]string{"sector": "care"}, 20)
	for i := range 4 {
		again.Add(scoring.Level(i), scoring.Level(i), Negative, uint64(1000+i), map[string]string{"sector": "fish"})
	}
	r2 := again.Report(Options{MinCell: k, Threshold: 4})
	if r2.Groups[0].Floor.Sensitivity.Num.Count != r.Groups[0].Floor.Sensitivity.Num.Count ||
		r2.Groups[1].Floor.Bands[0].Cells[1].Count != r.Groups[1].Floor.Bands[0].Cells[1].Count {
		t.Error("the same records gave different counts")
	}
}

// TestTooFewRecords: fewer than k records with a reference hide every
// count and every figure.
func TestTooFewRecords(t *testing.T) {
	e := New(nil)
	for i := range 6 {
		e.Add(scoring.Level(i), scoring.Level(i), Outcome(1+i%2), uint64(i), nil)
	}
	f := e.Report(Options{MinCell: 10, Threshold: 4}).Groups[0].Floor
	for name, c := range cells(f) {
		if c.True() > 0 && !c.Hidden {
			t.Errorf("%s shown", name)
		}
	}
	if !f.Sensitivity.Suppressed || !f.AUC.Suppressed || f.Sensitivity.Computable {
		t.Errorf("sensitivity suppressed %v, AUC suppressed %v", f.Sensitivity.Suppressed, f.AUC.Suppressed)
	}
}

func TestSmallPositiveGroupSuppressesSensitivity(t *testing.T) {
	// 3 positives among 50 records: the positive total is below k, so
	// sensitivity, the ROC and the AUC are suppressed, not shown.
	e := New(nil)
	for i := range 50 {
		o := Negative
		if i < 3 {
			o = Positive
		}
		e.Add(scoring.Level(i%6), scoring.Level(i%6), o, uint64(i*7919), nil)
	}
	f := e.Report(Options{MinCell: 10, Threshold: 4}).Groups[0].Floor
	if !f.Total[ColPositive].Hidden || !f.Sensitivity.Suppressed || !f.AUC.Suppressed {
		t.Errorf("positives hidden %v, sensitivity suppressed %v, AUC suppressed %v; want all", f.Total[ColPositive].Hidden, f.Sensitivity.Suppressed, f.AUC.Suppressed)
	}
}

// TestBands: with k = 10, levels are merged from 0 up until a band has 10
// records. Floor totals of the constructed file: 16 11 8 8 9 8, so the
// bands are 0, 1, 2-3 and 4-5; thresholds 1, 2 and 4 start a band and have
// figures and ROC points, 3 and 5 would split one and have none.
func TestBands(t *testing.T) {
	e := New(nil)
	fill(t, e, nil, 5)
	r := e.Report(Options{MinCell: 10, Threshold: 4})
	f := r.Groups[0].Floor
	var got []string
	for _, b := range f.Bands {
		got = append(got, fmt.Sprintf("%d-%d", b.From, b.To))
	}
	if fmt.Sprint(got) != "[0-0 1-1 2-3 4-5]" {
		t.Fatalf("bands %v", got)
	}
	var ths []int
	for _, p := range f.ROC {
		ths = append(ths, p.Threshold)
	}
	if fmt.Sprint(ths) != "[6 4 2 1 0]" {
		t.Errorf("ROC thresholds %v, want [6 4 2 1 0]", ths)
	}
	if f.Screen[4] == nil || f.Screen[3] != nil || f.Screen[5] != nil {
		t.Error("screens at 3 or 5, or none at 4")
	}
	// Here 7 positives screen negative at 4 and 4 negatives positive:
	// fewer than 10, so the sensitivity and the specificity (which would
	// give them away as 20 - 13 and 40 - 36) are hidden.
	if !f.Sensitivity.Suppressed || !f.Specificity.Suppressed || f.Sensitivity.Computable {
		t.Errorf("sensitivity suppressed %v, specificity suppressed %v; want both", f.Sensitivity.Suppressed, f.Specificity.Suppressed)
	}
	at3 := e.Report(Options{MinCell: 10, Threshold: 3}).Groups[0].Floor
	if !at3.Sensitivity.Suppressed || !at3.PPV.Suppressed || at3.Sensitivity.Computable {
		t.Error("figures at threshold 3, inside the band 2-3, are shown")
	}
	// The last levels short of k join the band before: 5 records at
	// levels 4 and 5 go with level 3.
	e = New(nil)
	for i := range 40 {
		l := scoring.Level(min(i/10, 3))
		if i >= 35 {
			l = scoring.Level(4 + i%2)
		}
		e.Add(l, l, Outcome(1+i%2), uint64(i), nil)
	}
	got = nil
	for _, b := range e.Report(Options{MinCell: 10, Threshold: 4}).Groups[0].Floor.Bands {
		got = append(got, fmt.Sprintf("%d-%d", b.From, b.To))
	}
	if fmt.Sprint(got) != "[0-0 1-1 2-2 3-5]" {
		t.Errorf("bands %v, want [0-0 1-1 2-2 3-5]", got)
	}
	// A level without records is a band of its own: levels 2 and 3 empty,
	// 12 records at level 4 and none at 5.
	e = New(nil)
	for i := range 36 {
		e.Add(scoring.Level([]int{0, 1, 4}[i/12]), 5, Outcome(1+i%2), uint64(i), nil)
	}
	r = e.Report(Options{MinCell: 10, Threshold: 4})
	got = nil
	for _, b := range r.Groups[0].Floor.Bands {
		got = append(got, fmt.Sprintf("%d-%d", b.From, b.To))
	}
	if fmt.Sprint(got) != "[0-0 1-1 2-2 3-3 4-4 5-5]" || r.Groups[0].Floor.Screen[4] == nil {
		t.Errorf("bands %v, want one per level", got)
	}
}
