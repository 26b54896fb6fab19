package cli

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/continuum-screening/continuum/internal/report"
)

func referralStreams(env map[string]string) (*Streams, *bytes.Buffer, *bytes.Buffer) {
	var out, errb bytes.Buffer
	return &Streams{In: strings.NewReader(""), Out: &out, Err: &errb, Getenv: func(k string) string { return env[k] }}, &out, &errb
}

var exampleDirectory = filepath.Join("..", "..", "testdata", "directory-example.yaml")

func TestReferralsFlags(t *testing.T) {
	s, _, _ := referralStreams(nil)
	var got *referralsOptions
	cmd := newReferralsCmd(&Globals{Streams: s}, func(o *referralsOptions) error { got = o; return nil }, nil)
	cmd.SetArgs([]string{"--directory", "d.yaml", "--json"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Directory != "d.yaml" || !got.JSON {
		t.Errorf("options = %+v", got)
	}
	var vgot *referralsValidateOptions
	cmd = newReferralsCmd(&Globals{Streams: s}, nil, func(o *referralsValidateOptions) error { vgot = o; return nil })
	cmd.SetArgs([]string{"validate", "x.yaml"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if vgot.File != "x.yaml" {
		t.Errorf("validate options = %+v", vgot)
	}
}

func TestReferralsJSONWithDirectoryFromEnvironment(t *testing.T) {
	s, out, _ := referralStreams(map[string]string{"CONTINUUM_DIRECTORY": exampleDirectory})
	if err := referralsRun(&referralsOptions{Globals: &Globals{Streams: s}, JSON: true}); err != nil {
		t.Fatal(err)
	}
	var got report.ReferralList
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Directory != exampleDirectory || len(got.Types) != 8 {
		t.Fatalf("directory %q, %d types", got.Directory, len(got.Types))
	}
	for _, jt := range got.Types {
		if len(jt.Services) == 0 {
			t.Errorf("%s: no service from the example", jt.ID)
		}
		for _, js := range jt.Services {
			if js.Caution != (js.SharesData != "no") {
				t.Errorf("%s: caution %v with shares %s", js.Name, js.Caution, js.SharesData)
			}
		}
	}
}

func TestReferralsValidateNeedsAFile(t *testing.T) {
	s, _, _ := referralStreams(nil)
	err := referralsValidateRun(&referralsValidateOptions{referralsOptions: &referralsOptions{Globals: &Globals{Streams: s}}})
	if exitCode(err) != ExitUsage {
		t.Errorf("err = %v, exit %d", err, exitCode(err))
	}
}

func TestSessionReferralsKeepsThePlaceholderWhenNothingFits(t *testing.T) {
	s, _, _ := referralStreams(nil)
	e, err := (&Globals{Streams: s}).loadEnv()
	if err != nil {
		t.Fatal(err)
	}
	none := make([]string, len(e.Form.Questions))
	for i, qq := range e.Form.Questions {
		if qq.ShowIf == nil {
			none[i] = "no"
		}
	}
	res := e.Scorer.Score(none)
	if got := report.SessionReferrals(e.Loc, true, e.Rules.Suggest(res), nil); got != nil {
		t.Errorf("nothing suggested, no directory: %q", got)
	}
}
