package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/continuum-screening/continuum/internal/batch"
	"github.com/continuum-screening/continuum/internal/batch/synth"
	"github.com/continuum-screening/continuum/internal/referral"
	"github.com/continuum-screening/continuum/internal/testdefs"
)

// The CSV columns are the JSON fields in the same order, a keyed field
// spread over one column per key, the trace left out.
func TestCSVColumnsFollowJSON(t *testing.T) {
	f, s, loc := setup(t)
	r := s.Score(synth.New(f, 1).Answers())
	line := AppendJSON(nil, s, Record{ID: "r1", Result: r, Referrals: []string{}}, loc)
	dec := json.NewDecoder(bytes.NewReader(line))
	var want []string
	if _, err := dec.Token(); err != nil { // {
		t.Fatal(err)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		key := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		switch {
		case key == "trace":
		case v[0] == '{':
			inner := json.NewDecoder(bytes.NewReader(v))
			inner.Token()
			for inner.More() {
				k, _ := inner.Token()
				inner.Token()
				want = append(want, k.(string))
			}
		default:
			want = append(want, key)
		}
	}
	if got := csvHeader(f, false); !slices.Equal(got, want) {
		t.Errorf("CSV header\n%q\nJSON fields\n%q", got, want)
	}
}

// Every sink writes everything it was given when it ends, and a per-record
// sink writes every whole record on Flush; a summary writes nothing then.
func TestSinksFlushTheirWriters(t *testing.T) {
	f, s, loc := setup(t)
	g := synth.New(f, 1)
	for _, fm := range formats {
		t.Run(fm.Name+map[bool]string{true: "-summary"}[fm.Summary], func(t *testing.T) {
			var out bytes.Buffer
			sink, err := NewSink(fm.Name, fm.Summary, &out, SinkConfig{Scorer: s, Loc: loc, MinCell: 10})
			if err != nil {
				t.Fatal(err)
			}
			for i := range 3 {
				if err := sink.Add(&batch.Record{ID: synth.ID(i + 1)}, s.Score(g.Answers())); err != nil {
					t.Fatal(err)
				}
			}
			if err := sink.Flush(); err != nil {
				t.Fatal(err)
			}
			lines := strings.Count(out.String(), "\n")
			switch {
			case fm.Summary && out.Len() != 0:
				t.Errorf("a summary wrote before the end:\n%s", out.String())
			case !fm.Summary && (lines != 3 && lines != 4 || !strings.Contains(out.String(), "r0000003")):
				t.Errorf("Flush wrote %d lines, expected every record:\n%s", lines, out.String())
			}
			if err := sink.End(); err != nil {
				t.Fatal(err)
			}
			if out.Len() == 0 || !bytes.HasSuffix(out.Bytes(), []byte("\n")) {
				t.Errorf("End left output unwritten:\n%s", out.String())
			}
			if fm.Name == "csv" {
				rows, err := csv.NewReader(&out).ReadAll()
				if err != nil || len(rows) < 2 {
					t.Errorf("CSV: %d rows, %v", len(rows), err)
				}
			}
		})
	}
}

func TestFormatLists(t *testing.T) {
	if got := FormatChoices(false); got != "json or table, or csv for spreadsheets" {
		t.Errorf("per-record choices: %q", got)
	}
	if got := FormatChoices(true); got != "table, csv, json or markdown" {
		t.Errorf("summary choices: %q", got)
	}
	if got := FormatHelp(false); got != "json (one result per line), csv or table" {
		t.Errorf("help: %q", got)
	}
	if got := AllFormats(); !slices.Equal(got, []string{"json", "csv", "table", "markdown"}) {
		t.Errorf("all formats: %q", got)
	}
	if _, err := NewSink("xml", false, &bytes.Buffer{}, SinkConfig{}); err == nil {
		t.Error("an unknown format gave a sink")
	}
	var _ batch.Sink = Sink(nil) // every report sink is a batch sink
}

// A result that nothing fits has an empty list of referrals in the machine
// output, never null, with or without rules.
func TestReferralIDsNeverNil(t *testing.T) {
	f, s, loc := setup(t)
	rf, err := testdefs.File(referral.KindRules)
	if err != nil {
		t.Fatal(err)
	}
	rules, err := referral.Parse(f, rf)
	if err != nil {
		t.Fatal(err)
	}
	none := make([]string, len(f.Questions))
	for i, qq := range f.Questions {
		if qq.ShowIf == nil {
			none[i] = "no"
		}
	}
	res := s.Score(none)
	for _, c := range []SinkConfig{{Scorer: s, Loc: loc, Rules: rules}, {Scorer: s, Loc: loc}} {
		if got := c.referralIDs(res); got == nil || len(got) != 0 {
			t.Errorf("referrals = %#v, want an empty list", got)
		}
	}
}
