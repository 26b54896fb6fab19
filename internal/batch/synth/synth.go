// Package synth makes seeded synthetic answer records with a realistic mix
// of levels, for benchmarks and tests. Same seed, same records.
package synth

import (
	"bufio"
	"bytes"
	"fmt"
	"math/rand"
	"strconv"
	"strings"

	q "github.com/continuum-screening/continuum/internal/questionnaire"
)

// Generator makes records for one form.
type Generator struct {
	form *q.Form
	rng  *rand.Rand
	ans  []string
}

// New returns a generator; the same form and seed give the same records.
func New(form *q.Form, seed int64) *Generator {
	return &Generator{form: form, rng: rand.New(rand.NewSource(seed)), ans: make([]string, len(form.Questions))}
}

// profiles set how likely a "yes" is, weighted so that most records are
// decent work or labour-rights violations and a few reach the top levels.
var profiles = []struct {
	weight int
	yes    float64
}{
	{40, 0}, {25, 0.08}, {15, 0.2}, {10, 0.35}, {6, 0.5}, {4, 0.7},
}

// Answers makes one record's answers, indexed like the form's questions; ""
// is no answer (a follow-up its gate did not open).
func (g *Generator) Answers() []string {
	r := g.rng
	w := r.Intn(100)
	yes := 0.0
	for _, p := range profiles {
		if w < p.weight {
			yes = p.yes
			break
		}
		w -= p.weight
	}
	for i, qq := range g.form.Questions {
		g.ans[i] = ""
		if qq.ShowIf != nil && !qq.ShowIf.Opens(g.ans[qq.ShowIf.Gate.Index]) {
			continue
		}
		p := yes
		switch qq.Role {
		case q.RoleDanger:
			p = 0.01 + yes/10
		case q.RoleMinor:
			p = 0.03
		}
		x := r.Float64()
		switch {
		case x < 0.03:
			g.ans[i] = q.DontKnow
		case x < 0.04:
			g.ans[i] = q.PreferNot
		case r.Float64() < p:
			g.ans[i] = q.Yes
		default:
			g.ans[i] = q.No
		}
	}
	return g.ans
}

// ID returns the synthetic id of record i.
func ID(i int) string { return "r" + pad(i) }

func pad(i int) string {
	s := strconv.Itoa(i)
	if len(s) < 7 {
		s = strings.Repeat("0", 7-len(s)) + s
	}
	return s
}

// WriteJSONL writes n records as JSON Lines.
func (g *Generator) WriteJSONL(w *bufio.Writer, n int) error {
	for i := 1; i <= n; i++ {
		a := g.Answers()
		w.WriteString(`{"id":"`)
		w.WriteString(ID(i))
		w.WriteString(`","form":"`)
		w.WriteString(g.form.ID)
		w.WriteString(`","version":"`)
		w.WriteString(g.form.Version)
		w.WriteString(`","answers":{`)
		first := true
		for j, qq := range g.form.Questions {
			if a[j] == "" {
				continue
			}
			if !first {
				w.WriteByte(',')
			}
			first = false
			w.WriteByte('"')
			w.WriteString(qq.ID)
			w.WriteString(`":"`)
			w.WriteString(a[j])
			w.WriteByte('"')
		}
		if _, err := w.WriteString("}}\n"); err != nil {
			return err
		}
	}
	return nil
}

// WriteCSV writes n records as CSV: an id column and one column per
// question, empty where there is no answer.
func (g *Generator) WriteCSV(w *bufio.Writer, n int) error {
	w.WriteString("id")
	for _, qq := range g.form.Questions {
		w.WriteByte(',')
		w.WriteString(qq.ID)
	}
	w.WriteByte('\n')
	for i := 1; i <= n; i++ {
		a := g.Answers()
		w.WriteString(ID(i))
		for j := range g.form.Questions {
			w.WriteByte(',')
			w.WriteString(a[j])
		}
		if err := w.WriteByte('\n'); err != nil {
			return err
		}
	}
	return nil
}

// Write writes n records in format ("jsonl" or "csv") and flushes w.
func (g *Generator) Write(w *bufio.Writer, format string, n int) error {
	var err error
	switch format {
	case "jsonl":
		err = g.WriteJSONL(w, n)
	case "csv":
		err = g.WriteCSV(w, n)
	default:
		return fmt.Errorf("format %q: expected jsonl or csv", format)
	}
	if err != nil {
		return err
	}
	return w.Flush()
}

// Bytes returns n records of the shipped-form generator in format, for
// benchmarks that read from memory.
func Bytes(form *q.Form, seed int64, format string, n int) ([]byte, error) {
	var buf bytes.Buffer
	err := New(form, seed).Write(bufio.NewWriter(&buf), format, n)
	return buf.Bytes(), err
}
