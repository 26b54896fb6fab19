package referral

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/testdefs"
)

// FuzzParseDirectory feeds the directory loader arbitrary files: it must
// never panic, must either accept or name the file in every error, and an
// accepted directory must hold only known types and valid values.
func FuzzParseDirectory(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "referral", "*.yaml"))
	seeds = append(seeds, filepath.Join("..", "..", "testdata", "directory-example.yaml"))
	for _, p := range seeds {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("kind: referral-directory\nservices: []\n"))
	f.Add([]byte("kind: referral-directory\nservices:\n  - {name: \"\\e[31mx\", type: police, contact: {phone: \"\\u202e1\"}, shares_data_with_immigration: unknown}\n"))
	f.Add([]byte("a: &x [*x]\n"))
	fm, err := testdefs.Form()
	if err != nil {
		f.Fatal(err)
	}
	rs, err := shippedRules(fm)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ParseDirectory(rs, q.File{Name: "fuzz.yaml", Data: data})
		if err != nil {
			errs, ok := err.(q.Errors)
			if !ok || len(errs) == 0 {
				t.Fatalf("error of type %T: %v", err, err)
			}
			for _, e := range errs {
				if e.File != "fuzz.yaml" || !strings.HasPrefix(e.Error(), "fuzz.yaml") {
					t.Fatalf("error does not name the file: %v", e)
				}
			}
			return
		}
		for _, s := range d.Services {
			if rs.Type(s.Type) == nil || s.Name == "" || len(s.Contact) == 0 {
				t.Fatalf("accepted an incomplete service: %+v", s)
			}
			switch s.SharesData {
			case Yes, No, Unknown:
			default:
				t.Fatalf("accepted shares_data_with_immigration %q", s.SharesData)
			}
		}
	})
}
