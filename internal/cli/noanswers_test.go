package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/testdefs"
)

// Answers must never be in command-line arguments, environment variables or
// shell history, where anyone with the laptop could read them later. These
// tests fail when a flag, an argument or an environment variable could carry
// one.

func walkCommands(c *cobra.Command, f func(*cobra.Command)) {
	f(c)
	for _, sub := range c.Commands() {
		walkCommands(sub, f)
	}
}

// TestNoFlagTakesAnAnswer walks the whole command tree: no flag is named
// after a question or a choice, no flag takes key=value pairs, no text flag
// is about answers, and no usage offers question ids or choices as values.
func TestNoFlagTakesAnAnswer(t *testing.T) {
	form, err := testdefs.Form()
	if err != nil {
		t.Fatal(err)
	}
	var questions []string
	for _, qq := range form.Questions {
		questions = append(questions, qq.ID)
	}
	choices := q.ChoiceIDs
	words := func(s string) []string {
		return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-')
		})
	}
	// A choice list in a usage, such as "yes|no|dont-know".
	choiceList := regexp.MustCompile(`\b(?:yes|no|dont-know|prefer-not-to-say)\s*[|/,]\s*(?:yes|no|dont-know|prefer-not-to-say)\b`)

	root := NewRootCmd(&Streams{In: strings.NewReader(""), Out: &bytes.Buffer{}, Err: &bytes.Buffer{}, Getenv: func(string) string { return "" }})
	flags := 0
	walkCommands(root, func(c *cobra.Command) {
		check := func(fl *pflag.Flag) {
			flags++
			where := c.CommandPath() + " --" + fl.Name
			name := strings.ToLower(fl.Name)
			for _, id := range questions {
				if name == id || strings.HasPrefix(name, id+"-") || strings.HasSuffix(name, "-"+id) || strings.Contains(name, "-"+id+"-") {
					t.Errorf("%s is named after the question %s: an answer would end up in the shell history", where, id)
				}
			}
			for _, ch := range choices {
				if name == ch {
					t.Errorf("%s is named after the choice %s", where, ch)
				}
			}
			typ := fl.Value.Type()
			if strings.Contains(typ, "stringToString") || strings.Contains(typ, "stringToInt") {
				t.Errorf("%s takes key=value pairs (%s), which could carry answers", where, typ)
			}
			if typ != "bool" && strings.Contains(name, "answer") {
				t.Errorf("%s takes a value (%s) and is about answers", where, typ)
			}
			usage := strings.ToLower(fl.Usage)
			if choiceList.MatchString(usage) {
				t.Errorf("%s offers choices as values: %q", where, fl.Usage)
			}
			for _, w := range words(usage) {
				for _, id := range questions {
					if w == id && strings.Contains(id, "-") {
						t.Errorf("%s mentions the question id %s: %q", where, id, fl.Usage)
					}
				}
			}
		}
		c.LocalFlags().VisitAll(check)
		c.InheritedFlags().VisitAll(check)
	})
	if flags < 10 {
		t.Fatalf("only %d flags seen; the walk is broken", flags)
	}
}

// TestScreenTakesNoArguments: a session's answers cannot be given on the
// command line.
func TestScreenTakesNoArguments(t *testing.T) {
	for _, args := range [][]string{{"screen", "yes"}, {"screen", "danger=no"}, {"screen", "--accessible", "1", "2"}} {
		var out, errOut bytes.Buffer
		s := &Streams{In: strings.NewReader("1\n"), Out: &out, Err: &errOut, Getenv: func(string) string { return "" }}
		if code := Run(args, s); code != ExitUsage {
			t.Errorf("%v: exit %d; expected %d (no arguments)", args, code, ExitUsage)
		}
		if strings.Contains(errOut.String(), "Before we start") {
			t.Errorf("%v: the session started", args)
		}
		if strings.Contains(errOut.String(), args[len(args)-1]) {
			t.Errorf("%v: the argument is repeated: %s", args, errOut.String())
		}
	}
}

// TestEnvironmentReadIsFixed runs a whole plain session and the batch
// commands and records every environment variable the program asks for:
// only a fixed list of settings, none named after a question.
func TestEnvironmentReadIsFixed(t *testing.T) {
	allowed := map[string]bool{
		"CONTINUUM_LANG": true, "LANG": true, "LC_ALL": true, "LC_MESSAGES": true, "LANGUAGE": true,
		"NO_COLOR": true, "ACCESSIBLE": true, "TERM": true, "CONTINUUM_DIRECTORY": true,
	}
	seen := map[string]bool{}
	getenv := func(k string) string { seen[k] = true; return "" }
	runs := []struct {
		args []string
		in   string
	}{
		{[]string{"screen", "--lang", "en"}, "1\n" + strings.Repeat("2\n", 16) + "0\n"},
		{[]string{"screen"}, "1\n1\n1\nq\n"},
		{[]string{"score"}, `{"id":"a","form":"continuum-core","version":"` + testdefs.Version() + `","answers":{"danger":"no"}}` + "\n"},
		{[]string{"referrals"}, ""},
		{[]string{"questions"}, ""},
	}
	for _, r := range runs {
		var out, errOut bytes.Buffer
		Run(r.args, &Streams{In: strings.NewReader(r.in), Out: &out, Err: &errOut, Getenv: getenv})
	}
	var names []string
	for k := range seen {
		names = append(names, k)
		if !allowed[k] {
			t.Errorf("the program reads the environment variable %s, which is not a known setting", k)
		}
	}
	sort.Strings(names)
	t.Logf("environment read: %s", strings.Join(names, " "))
}

// TestNoDirectEnvironment makes sure the environment is read only through
// Streams.Getenv, which the test above watches.
func TestNoDirectEnvironment(t *testing.T) {
	direct := regexp.MustCompile(`\bos\.(Getenv|LookupEnv|Environ)\(`)
	root := "../.."
	filepath.WalkDir(filepath.Join(root, "internal"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") ||
			strings.Contains(p, "testtool") || // a helper of tests only
			strings.Contains(p, "noprobe") { // sets NO_COLOR before lipgloss initialises; reads no setting

			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(data), "\n") {
			if direct.MatchString(line) && !strings.HasSuffix(p, filepath.Join("cli", "streams.go")) {
				t.Errorf("%s:%d reads the environment directly: %s", p, i+1, strings.TrimSpace(line))
			}
		}
		return nil
	})
}
