package questionnaire

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"
)

// chainForm writes a questionnaire of n scored questions after the two role
// questions, in chains of the given length: in each chain every question is
// the follow-up of the one before. One chain of 10,000 is the hostile input
// of about 800 KB that once took 25 s and 1.9 GB to validate.
func chainForm(n, chain int) []byte {
	var b strings.Builder
	b.WriteString(`kind: questionnaire
id: chain
version: "1"
choices:
  - {id: "yes", label: choice.yes}
  - {id: "no", label: choice.no}
  - {id: dont-know, label: choice.dont-know}
  - {id: prefer-not-to-say, label: choice.prefer-not-to-say}
consent: {title: consent.title, text: consent.text, ask: consent.ask}
questions:
  - {id: danger, role: danger}
  - {id: under-18, role: minor}
`)
	for i := range n {
		if i%chain == 0 {
			fmt.Fprintf(&b, "  - {id: q%d, item: ex.living-conditions}\n", i)
			continue
		}
		fmt.Fprintf(&b, "  - {id: q%d, item: ex.living-conditions, show_if: {question: q%d, answers: [\"yes\"]}}\n", i, i-1)
	}
	return []byte(b.String())
}

// buildWith builds the shipped items and indicators with a questionnaire.
func buildWith(t *testing.T, form []byte) (*Form, error) {
	t.Helper()
	files, err := shippedFiles()
	if err != nil {
		t.Fatal(err)
	}
	var set []File
	for _, f := range files {
		if k := PeekKind(f); k == KindDelphi || k == KindILO {
			set = append(set, f)
		}
	}
	return Build(append(set, File{Name: "chain.yaml", Data: form}))
}

// allocated returns the bytes fn allocates.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// What a definition may demand is bounded, and the bound is named with the
// file, the line and the field.
func TestLimits(t *testing.T) {
	hostile := chainForm(10_000, 10_000)
	if len(hostile) < 700<<10 || len(hostile) > MaxFileSize {
		t.Fatalf("the hostile chain is %d bytes; expected about 800 KB, under the size limit", len(hostile))
	}
	var err error
	start := time.Now()
	alloc := allocated(func() { _, err = buildWith(t, hostile) })
	want := "chain.yaml:10: questions: 10002 questions; expected at most 1000"
	if err == nil || err.Error() != want {
		t.Errorf("10,000 chained questions: %v; want %s", err, want)
	}
	// Parsing 800 KB of YAML twice (the tree, then the strict decoding)
	// takes some memory; the chain itself must add nothing quadratic.
	if alloc > 256<<20 {
		t.Errorf("refusing the chain allocated %d MB; expected well under 256 MB", alloc>>20)
	}
	t.Logf("10,000 chained questions refused in %v, %d MB allocated", time.Since(start), alloc>>20)

	_, err = buildWith(t, chainForm(100, 100))
	want = fmt.Sprintf("chain.yaml:%d: questions.q%d.show_if: follow-ups nested more than %d deep; expected at most %d gates above a question", 13+MaxFollowUpDepth+1, MaxFollowUpDepth+1, MaxFollowUpDepth, MaxFollowUpDepth)
	if err == nil || err.Error() != want {
		t.Errorf("a chain of 100: %v; want %s", err, want)
	}
}

// The skip logic is linear: the largest form the limits allow, every
// question in chains as deep as allowed, costs about twice what half of it
// costs, not four times.
func TestSkipLogicIsLinear(t *testing.T) {
	cost := func(n int) uint64 {
		data := chainForm(n, MaxFollowUpDepth+1)
		return allocated(func() {
			f, err := buildWith(t, data)
			if err != nil {
				t.Fatal(err)
			}
			f.PathLengths()
			f.Visibilities(func(*Question) string { return Yes }, nil)
		})
	}
	half, full := cost((MaxQuestions-2)/2), cost(MaxQuestions-2)
	t.Logf("%d questions: %d KB; %d: %d KB", (MaxQuestions-2)/2, half>>10, MaxQuestions-2, full>>10)
	if full > 3*half {
		t.Errorf("twice the questions cost %.1f times as much; expected about 2 (linear)", float64(full)/float64(half))
	}
}
