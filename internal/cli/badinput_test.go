package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/continuum-screening/continuum/internal/inert"
	"github.com/continuum-screening/continuum/internal/testdefs"
)

// The bad-input catalogue: every file under testdata/bad/{definitions,
// directories,mappings,answers}, and generated inputs too big to commit, run
// through the real command line. Each case has its exit code and the message
// it must give: the file, the line and what was expected. No case may panic,
// no message may repeat an answer (the answer values of the catalogue carry
// the marker SECRETX), and nothing printed may carry a raw control character
// or escape sequence.

const secretMarker = "SECRETX"

type badCase struct {
	exit int
	want string // a line of stderr contains FILE followed by this
	// noLine: the message cannot name a line (an empty file, a file too
	// big to read), only the file.
	noLine bool
}

var badDefinitions = map[string]badCase{
	"alias-bomb.yaml":                  {1, ":2: YAML anchors and aliases are not allowed", false},
	"anchor-alias.yaml":                {1, ":16: YAML anchors and aliases are not allowed", false},
	"bad-id.yaml":                      {1, `:15: questions[2].id: "Long Hours" is not an id; expected lower-case words`, false},
	"bom-inside.yaml":                  {1, ":16: byte-order mark inside the file", false},
	"choice-without-label.yaml":        {1, `:7: choices[2].label: choice "dont-know" has no label; expected a message id`, false},
	"cycle.yaml":                       {1, ":15: questions.pay-problem.show_if: skip logic goes round in a circle: pay-problem -> pay-held -> pay-problem", false},
	"deep-nesting.yaml":                {1, ":2: nested more than 16 levels deep", false},
	"delphi-bad-grade.yaml":            {1, `:7: dimensions[0].items[0].grade: "very-strong"; expected strong, medium or weak`, false},
	"delphi-missing-dimension.yaml":    {1, `:3: dimensions: dimension "coercive-recruitment" is missing`, false},
	"delphi-unknown-dimension.yaml":    {1, `:4: dimensions[0].id: unknown dimension "recruitment-by-magic"; expected one of: deceptive-recruitment`, false},
	"delphi-unknown-source.yaml":       {1, `:7: dimensions[0].items[0].source: unknown source "t"; expected a key of sources`, false},
	"duplicate-id.yaml":                {1, `:17: questions[3].id: duplicate question id "long-hours"; first used at line 15`, false},
	"empty.yaml":                       {1, ": file is empty; expected a mapping with a kind key", true},
	"evidences-nothing.yaml":           {1, ":15: questions.long-hours: evidences nothing; expected an item, a role, a sign, or follow-up questions", false},
	"gate-after-follow-up.yaml":        {1, `:15: questions.pay-held.show_if.question: gate "pay-problem" comes after this question`, false},
	"ilo-duplicate.yaml":               {1, `:3: indicators[1]: duplicate indicator id "deception"`, false},
	"indicators-without-item.yaml":     {1, ":16: questions[2].indicators: indicators without an item", false},
	"invalid-utf8.yaml":                {1, ":16: invalid UTF-8; expected a UTF-8 text file", false},
	"list-where-text-expected.yaml":    {1, ":16: questions[2].item: found a list; expected a Delphi item id", false},
	"mapping-where-list-expected.yaml": {1, ":17: questions[2].show_if.answers: found a mapping; expected a list", false},
	"missing-consent.yaml":             {1, ":1: consent: expected title, text and ask message ids", false},
	"missing-gate.yaml":                {1, `:15: questions.long-hours.show_if.question: refers to "working-hours", which is not a question of this form`, false},
	"missing-kind.yaml":                {1, ":1: kind: missing; expected one of: questionnaire, delphi-items, ilo-indicators", false},
	"missing-version.yaml":             {1, ":1: version: missing; expected a version such as 1.0.0", false},
	"no-danger-question.yaml":          {1, ":10: questions: no question with role danger; expected exactly one", false},
	"sign-on-flag.yaml":                {1, `:17: questions[2].sign: a third-party question sets a flag; expected no sign`, false},
	"sign-unknown.yaml":                {1, `:16: questions[2].sign: unknown sign "unfreedom"; expected involuntariness`, false},
	"sign-with-item.yaml":              {1, `:17: questions[2].sign: a question whose yes is the involuntariness sign evidences no Delphi item; expected no item`, false},
	"show-if-unknown-answer.yaml":      {1, `:19: questions[3].show_if.answers[0]: unknown choice "maybe"; expected one of: yes, no, dont-know, prefer-not-to-say`, false},
	"text-where-list-expected.yaml":    {1, ":10: questions: found text; expected a list", false},
	"truncated.yaml":                   {1, ":17: not valid YAML (did not find expected node content); expected well-formed YAML", false},
	"two-danger-questions.yaml":        {1, `:16: questions[2].role: a second danger question; "danger" already has this role`, false},
	"two-documents.yaml":               {1, ":17: a second YAML document; expected one document per file", false},
	"unknown-choice.yaml":              {1, `:7: choices[2].id: unknown choice "maybe"; expected one of: yes, no, dont-know, prefer-not-to-say`, false},
	"unknown-indicator.yaml":           {1, `:17: questions[2].indicators[0]: unknown ILO indicator "overtime"; expected one of: abuse-of-vulnerability`, false},
	"unknown-item.yaml":                {1, `:16: questions[2].item: unknown Delphi item "ex.very-long-hours"; expected an id from the delphi-items file`, false},
	"unknown-key.yaml":                 {1, `:17: questions[2]: unknown key "texte"; expected one of: id, role, show_if, item, sign, indicators`, false},
	"unknown-kind.yaml":                {1, `:1: kind: found another value; expected one of: questionnaire, delphi-items, ilo-indicators, referral-rules, scenarios`, false},
	"unknown-role.yaml":                {1, `:16: questions[2].role: unknown role "urgent"; expected danger, minor or third-party`, false},
}

var badDirectories = map[string]badCase{
	"alias-bomb.yaml":               {1, ":2: YAML anchors and aliases are not allowed; write the value out", false},
	"bad-helplines.yaml":            {1, ":5: helplines[0].phone: missing; expected the number to call", false},
	"bad-shares.yaml":               {1, `:6: services[0].shares_data_with_immigration: found another value; expected yes, no or unknown`, false},
	"bom-inside.yaml":               {1, ":7: byte-order mark inside the file; expected one only at the very start, if at all", false},
	"deep-nesting.yaml":             {1, ":5: nested more than 16 levels deep; expected a flat file", false},
	"duplicate-key.yaml":            {1, ":5: services[0].type: given twice (first at line 4); expected each key once", false},
	"escape-in-key.yaml":            {1, `:6: services[0]: unknown key "\x1b[2J\x1b]0;owned\a"; expected one of: name, slip_name, type,`, false},
	"invalid-utf8.yaml":             {1, ":7: invalid UTF-8; expected a UTF-8 text file", false},
	"list-where-text-expected.yaml": {1, ":3: services[0].name: found a list; expected text", false},
	"no-contact.yaml":               {1, ":3: services[0].contact: missing; expected at least one way to reach the service", false},
	"truncated.yaml":                {1, ":7: not valid YAML (found unexpected end of stream); expected well-formed YAML", false},
	"two-documents.yaml":            {1, ":7: a second YAML document; expected one document per file", false},
	"unknown-key.yaml":              {1, `:6: services[0]: unknown key "email_everyone"; expected one of: name, slip_name, type,`, false},
	"unknown-type.yaml":             {1, `:4: services[0].type: unknown type "magic-help"; expected one of: emergency-shelter,`, false},
}

var badMappings = map[string]badCase{
	"alias-bomb.yaml":                  {1, ":7: YAML anchors and aliases are not allowed; write the value out", false},
	"bom-inside.yaml":                  {1, ":7: byte-order mark inside the file; expected one only at the very start, if at all", false},
	"deep-nesting.yaml":                {1, ":7: nested more than 16 levels deep; expected a flat file", false},
	"duplicate-key.yaml":               {1, ":7: columns.danger_now: given twice (first at line 6); expected each key once", false},
	"escape-in-value.yaml":             {1, `:7: values.1: found another value; expected one of: yes, no, dont-know, prefer-not-to-say`, false},
	"invalid-utf8.yaml":                {1, ":7: invalid UTF-8; expected a UTF-8 text file", false},
	"list-where-mapping-expected.yaml": {1, ":4: columns: found a list; expected a mapping of export column to question id", false},
	"number-where-text-expected.yaml":  {1, `:6: columns.danger_now: "5" is not a question of continuum-core; expected a question id`, false},
	"truncated.yaml":                   {1, ":6: not valid YAML (did not find expected ',' or '}'); expected well-formed YAML", false},
	"unknown-choice.yaml":              {1, `:9: values.2: found another value; expected one of: yes, no, dont-know, prefer-not-to-say`, false},
	"unknown-key.yaml":                 {1, `:7: unknown key "send_to"; expected one of: kind, form, version, id, columns, groups, values, ignore`, false},
	"unknown-question.yaml":            {1, `:7: columns.pay_late: "pay-problemm" is not a question of continuum-core; expected a question id`, false},
	"wrong-form.yaml":                  {1, `:2: form: found another value; expected the questionnaire in use, "continuum-core"`, false},
}

var badAnswers = map[string]badCase{
	"answer-is-a-number.jsonl":         {3, ":2: answers: found a JSON number; expected text", false},
	"answers-case-variant.jsonl":       {3, ":2: answers: given twice, perhaps in another case; expected each field once", false},
	"answers-twice.jsonl":              {3, ":2: answers: given twice, perhaps in another case; expected each field once", false},
	"array-id-case-variant.json":       {3, ":2: id: given twice, perhaps in another case; expected each field once", false},
	"array-number-element.json":        {3, ":3: found a JSON number; expected an object with id, form, version and answers", false},
	"array-trailing-garbage.json":      {3, ":3: text after the closing ] of the array; expected the end of the file", false},
	"array-truncated.json":             {3, ":2: the JSON ends too early; expected a complete object", false},
	"array-unknown-choice.json":        {3, ":3: answers.danger: not a valid choice; expected one of: yes, no, dont-know, prefer-not-to-say", false},
	"bom-inside.jsonl":                 {3, ":2: not valid JSON (at byte 1); expected one JSON object per line", false},
	"csv-bad-quote.csv":                {3, ":3: a quoted field is not closed properly; expected a closing quote before the next separator", false},
	"csv-bom-inside.csv":               {3, ":3: id: byte-order mark inside the file; expected one only at the very start, if at all", false},
	"csv-cr-line-ends.csv":             {3, `:3: column "danger": not a valid choice; expected one of: yes, no, dont-know, prefer-not-to-say`, false},
	"csv-data-in-header.csv":           {1, ":1: column 3: not a question of continuum-core; expected id, form, version, a question id", false},
	"csv-duplicate-column.csv":         {1, `:1: column "danger": answers question danger, as column "danger" does; expected one column per question`, false},
	"csv-escape-in-header.csv":         {1, `:1: column "\x1b[2J\x1b]0;owned\adanger": not a question of continuum-core; expected id, form, version, a question id`, false},
	"csv-free-text.csv":                {3, `:2: column "danger": the answer looks like free text; expected one of: yes, no, dont-know, prefer-not-to-say`, false},
	"csv-identifying-column.csv":       {1, `:1: column "name": its name suggests a name; an answer file must be anonymous`, false},
	"csv-identifying-accented.csv":     {1, `:1: column "Prénom": its name suggests a name; an answer file must be anonymous`, false},
	"csv-identifying-cyrillic.csv":     {1, `:1: column "Фамилия": its name suggests a name; an answer file must be anonymous`, false},
	"csv-identifying-arabic.csv":       {1, `:1: column "رقم الهاتف": its name suggests a phone number; an answer file must be anonymous`, false},
	"csv-identifying-vietnamese.csv":   {1, `:1: column "Họ và tên": its name suggests a name; an answer file must be anonymous`, false},
	"csv-odk-central-metadata.csv":     {1, `:1: column "SubmitterName": its name suggests survey-platform metadata`, false},
	"csv-kobo-metadata.csv":            {1, `:1: column "_notes": its name suggests survey-platform metadata`, false},
	"csv-phone-en-dash-id.csv":         {3, ":3: id: looks like a phone number; expected an anonymous record id", false},
	"csv-phone-tel-id.csv":             {3, ":3: id: looks like a phone number; expected an anonymous record id", false},
	"csv-phone-fullwidth-id.csv":       {3, ":3: id: looks like a phone number; expected an anonymous record id", false},
	"csv-phone-arabic-indic-id.csv":    {3, ":3: id: looks like a phone number; expected an anonymous record id", false},
	"csv-email-fullwidth-at-id.csv":    {3, ":3: id: looks like an e-mail address; expected an anonymous record id", false},
	"csv-email-at-word-id.csv":         {3, ":3: id: looks like an e-mail address; expected an anonymous record id", false},
	"csv-iban-answer.csv":              {3, `:3: column "danger": the answer looks like a bank account number; expected one of: yes, no`, false},
	"csv-id-number-id.csv":             {3, ":3: id: looks like an identity document or ID number; expected an anonymous record id", false},
	"csv-passport-number-id.csv":       {3, ":3: id: looks like an identity document or ID number; expected an anonymous record id", false},
	"csv-date-of-birth-id.csv":         {3, ":3: id: looks like a full date (such as a date of birth); expected an anonymous record id", false},
	"csv-coordinates-answer.csv":       {3, `:3: column "danger": the answer looks like a place or position; expected one of: yes, no`, false},
	"date-of-birth-as-id.jsonl":        {3, ":1: id: looks like a full date (such as a date of birth); expected an anonymous record id", false},
	"csv-invalid-utf8.csv":             {3, `:3: column "danger": not UTF-8 text; expected a UTF-8 file (save it as "CSV UTF-8"`, false},
	"csv-mismatched-columns.csv":       {3, ":3: wrong number of fields (found 2 fields; expected 3 like the header)", false},
	"csv-no-header.csv":                {1, ":1: header: no cell of the first row names a known column (is the header row missing?); expected a header row", false},
	"csv-missing-id.csv":               {1, ":1: header: no record id column; expected a column named id", false},
	"csv-utf16-without-bom.csv":        {1, `: looks like UTF-16 text without a byte-order mark; expected UTF-8`, true},
	"csv-windows-1252.csv":             {1, ":1: column \"r\ufffdponse\": not UTF-8 text; expected a UTF-8 file", false},
	"csv-unknown-choice.csv":           {3, `:3: column "danger": not a valid choice; expected one of: yes, no, dont-know, prefer-not-to-say`, false},
	"csv-unknown-column.csv":           {1, `:1: column "favourite-colour": not a question of continuum-core; expected id, form, version, a question id`, false},
	"deep-nesting.jsonl":               {3, ":2: answers: found a JSON array; expected text", false},
	"duplicate-question.jsonl":         {3, ":2: answers.danger: given twice; expected each question once", false},
	"email-as-id.jsonl":                {3, ":2: id: looks like an e-mail address; expected an anonymous record id", false},
	"groups-case-variant.jsonl":        {3, `:2: groups: unknown grouping "Sector"; expected one the questionnaire allows`, false},
	"invalid-utf8.jsonl":               {3, ":2: invalid UTF-8; expected UTF-8 text", false},
	"missing-answers.jsonl":            {3, ":2: answers: missing; expected an object of question id to answer", false},
	"not-an-object.jsonl":              {3, ":2: found a JSON string; expected an object with id, form, version and answers", false},
	"question-case-variant.jsonl":      {3, `:2: answers: unknown question id "Danger"`, false},
	"question-twice-escaped.jsonl":     {3, ":2: answers: given twice; expected each question once", false},
	"number-where-text-expected.jsonl": {3, ":2: id: found a JSON number; expected text", false},
	"truncated.jsonl":                  {3, ":2: the JSON ends too early; expected a complete object", false},
	"two-values-on-a-line.jsonl":       {3, ":1: more than one JSON value on the line; expected one record per line", false},
	"unknown-choice.jsonl":             {3, ":2: answers.danger: not a valid choice; expected one of: yes, no, dont-know, prefer-not-to-say", false},
	"unknown-key.jsonl":                {3, `:2: unknown field "name"; expected id, form, version and answers`, false},
	"unknown-question.jsonl":           {3, `:2: answers: unknown question id "dangerr"`, false},
	"wrong-version.jsonl":              {3, `:2: version: answers another version of continuum-core; expected "` + testdefs.Version() + `"`, false},
	"xlsx-formula.xlsx":                {1, ":3: a formula in cell D3; expected values only", false},
	"xlsx-huge-sheet.xlsx":             {1, ": workbook larger than 256 MiB unpacked; expected a smaller export", true},
	"xlsx-identifying-column.xlsx":     {1, `:1: column "_uuid": its name suggests survey-platform metadata`, false},
	"xlsx-merged-cell.xlsx":            {1, ":2: merged cells D2:D3; expected one value per cell", false},
	"xlsx-wrong-version.xlsx":          {3, `:2: version: answers another version of continuum-core; expected "` + testdefs.Version() + `"`, false},
}

// badValues are identifying values of the catalogue that cannot carry the
// SECRETX marker without losing their shape: no message may repeat them.
var badValues = map[string]string{
	"csv-phone-en-dash-id.csv":      "0721–000–000",
	"csv-phone-tel-id.csv":          "40721000000",
	"csv-phone-fullwidth-id.csv":    "０７２１",
	"csv-phone-arabic-indic-id.csv": "٠٧٢١",
	"csv-email-fullwidth-at-id.csv": "maria",
	"csv-email-at-word-id.csv":      "maria",
	"csv-iban-answer.csv":           "RO49",
	"csv-id-number-id.csv":          "1900101123456",
	"csv-passport-number-id.csv":    "AB1234567",
	"csv-date-of-birth-id.csv":      "17.05.1990",
	"csv-coordinates-answer.csv":    "44.4268",
	"date-of-birth-as-id.jsonl":     "1990-05-17",
	"csv-odk-central-metadata.csv":  "uuid:",
}

const badDir = "../../testdata/bad"

// runCLI runs the command line with in-memory streams and reports a panic
// as a test failure.
func runCLI(t *testing.T, in io.Reader, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	s := &Streams{In: in, Out: &out, Err: &errOut, Getenv: func(string) string { return "" }}
	func() {
		defer func() {
			if r := recover(); r != nil {
				buf := make([]byte, 8<<10)
				t.Fatalf("%v panicked: %v\n%s", args, r, buf[:runtime.Stack(buf, false)])
			}
		}()
		code = Run(args, s)
	}()
	return out.String(), errOut.String(), code
}

// checkOutput applies the rules every case shares: no answer repeated, no
// raw control character or escape sequence, every message naming the file
// (and the line, unless noLine).
func checkOutput(t *testing.T, file, stdout, stderr string, noLine bool) {
	t.Helper()
	for name, s := range map[string]string{"stdout": stdout, "stderr": stderr} {
		if strings.Contains(s, secretMarker) {
			t.Errorf("%s repeats an answer value (%s):\n%s", name, secretMarker, s)
		}
		if !inert.Safe(strings.NewReplacer("\n", "", "\t", "").Replace(s)) {
			t.Errorf("%s carries raw control characters or escape sequences:\n%q", name, s)
		}
	}
	// A message may also be about a file the bad one leaves incomplete
	// (the shipped questionnaire without the items of a broken Delphi
	// file): any file, with its line.
	fileLine := regexp.MustCompile(`^continuum: (?:` + regexp.QuoteMeta(file) + `|[^ :]+\.ya?ml):\d+: `)
	fileOnly := regexp.MustCompile(`^continuum: ` + regexp.QuoteMeta(file) + `: `)
	for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
		switch {
		case l == "", strings.HasSuffix(l, "record(s) rejected"), strings.HasPrefix(l, "continuum: warning: "):
		case fileLine.MatchString(l):
		case noLine && fileOnly.MatchString(l):
		default:
			t.Errorf("a message does not name the file and the line (%s:LINE: ...):\n%s", file, l)
		}
	}
}

func TestBadInputCatalogue(t *testing.T) {
	groups := []struct {
		dir   string
		cases map[string]badCase
		args  func(file string) []string
	}{
		{"definitions", badDefinitions, func(f string) []string { return []string{"validate", f} }},
		{"directories", badDirectories, func(f string) []string { return []string{"referrals", "validate", f} }},
		{"mappings", badMappings, func(f string) []string {
			return []string{"score", "--map", f, filepath.Join(badDir, "mappings", "input.csv")}
		}},
		{"answers", badAnswers, func(f string) []string { return []string{"score", f} }},
	}
	total := 0
	for _, g := range groups {
		entries, err := os.ReadDir(filepath.Join(badDir, g.dir))
		if err != nil {
			t.Fatal(err)
		}
		var files []string
		for _, e := range entries {
			if !e.IsDir() && e.Name() != "input.csv" {
				files = append(files, e.Name())
			}
		}
		sort.Strings(files)
		for name := range g.cases {
			if _, err := os.Stat(filepath.Join(badDir, g.dir, name)); err != nil {
				t.Errorf("%s/%s: a case without a file", g.dir, name)
			}
		}
		for _, name := range files {
			c, ok := g.cases[name]
			if !ok {
				t.Errorf("%s/%s: no expected message and exit code in the table", g.dir, name)
				continue
			}
			total++
			path := filepath.Join(badDir, g.dir, name)
			t.Run(g.dir+"/"+name, func(t *testing.T) {
				stdout, stderr, code := runCLI(t, strings.NewReader(""), g.args(path)...)
				if code != c.exit {
					t.Errorf("exit %d; expected %d\nstderr:\n%s", code, c.exit, stderr)
				}
				if !strings.Contains(stderr, path+c.want) {
					t.Errorf("stderr:\n%s\nexpected a line containing:\n%s%s", stderr, path, c.want)
				}
				checkOutput(t, path, stdout, stderr, c.noLine)
				if v, ok := badValues[name]; ok && strings.Contains(stdout+stderr, v) {
					t.Errorf("a message repeats the value %q:\n%s", v, stderr)
				}
			})
		}
	}
	t.Logf("%d bad-input files", total)
	if total < 40 {
		t.Errorf("%d cases; expected at least 40", total)
	}
}

// stream feeds generated input through a pipe, so that even a 100 MB line is
// never held in the test's memory whole.
func stream(gen func(w io.Writer)) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		gen(pw)
		pw.Close()
	}()
	return pr
}

func repeatTo(w io.Writer, s string, n int) {
	chunk := []byte(strings.Repeat(s, 64<<10/len(s)))
	for n > 0 {
		k := min(n, len(chunk))
		w.Write(chunk[:k])
		n -= k
	}
}

// TestBadInputGenerated runs the inputs too large to commit: 100 MB lines,
// a million columns, nesting deeper than any reader allows.
func TestBadInputGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("streams hundreds of megabytes")
	}
	rec := `{"id":"r%d","form":"continuum-core","version":"` + testdefs.Version() + `","answers":{"danger":"no"}}` + "\n"
	const hundredMB = 100 << 20
	cases := []struct {
		name      string
		args      []string
		gen       func(w io.Writer)
		exit      int
		want      string
		maxAllocs uint64 // bytes the input may cost beyond a run on an empty input; 0: not checked
	}{
		{"100 MB JSON line", []string{"score"}, func(w io.Writer) {
			io.WriteString(w, `{"id":"r1","form":"continuum-core","version":"`+testdefs.Version()+`","answers":{"danger":"`+secretMarker)
			repeatTo(w, "x", hundredMB)
			io.WriteString(w, "\"}}\n")
			fmt.Fprintf(w, rec, 2)
		}, 3, "continuum: stdin:1: line longer than 1048576 bytes; expected one record of answers per line", 12 << 20},
		{"100 MB CSV line", []string{"score"}, func(w io.Writer) {
			io.WriteString(w, "id,danger\nr1,"+secretMarker)
			repeatTo(w, "x", hundredMB)
			io.WriteString(w, "\nr2,no\n")
		}, 3, "continuum: stdin:2: record longer than 1048576 bytes; expected one row of answers per line", 20 << 20},
		{"100 MB JSON array element", []string{"score"}, func(w io.Writer) {
			io.WriteString(w, `[{"id":"r1","form":"continuum-core","version":"`+testdefs.Version()+`","answers":{"danger":"`+secretMarker)
			repeatTo(w, "x", hundredMB)
			io.WriteString(w, "\"}}]\n")
		}, 3, "continuum: stdin:1: record longer than 1048576 bytes", 0},
		{"a million columns in the header", []string{"score"}, func(w io.Writer) {
			for i := 0; i < 1_000_000; i++ {
				fmt.Fprintf(w, "c%d,", i)
			}
			io.WriteString(w, "id\n")
		}, 1, "continuum: stdin:1: header: longer than 1048576 bytes", 44 << 20},
		{"a million fields in a row", []string{"score"}, func(w io.Writer) {
			io.WriteString(w, "id,danger\nr1,no")
			repeatTo(w, ",", 1_000_000)
			io.WriteString(w, "\nr2,no\n")
		}, 3, "continuum: stdin:2: wrong number of fields (found 1000002 fields; expected 2 like the header)", 0},
		{"JSON nested 100000 deep", []string{"score"}, func(w io.Writer) {
			io.WriteString(w, `{"id":"r1","form":"continuum-core","version":"`+testdefs.Version()+`","answers":{"danger":`)
			repeatTo(w, "[", 100_000)
			repeatTo(w, "]", 100_000)
			io.WriteString(w, "}}\n")
		}, 3, "continuum: stdin:1: not valid JSON (at byte 10072); expected one JSON object per line", 0},
	}
	// The budgets are what the input costs: a run on an empty input (the
	// catalogues, the definitions, the command tree) is measured first and
	// taken off, so that a catalogue growing does not eat a budget meant to
	// show that the input is streamed.
	allocated := func(run func()) uint64 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		run()
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			base := allocated(func() { runCLI(t, strings.NewReader(""), c.args...) })
			var stdout, stderr string
			var code int
			total := allocated(func() { stdout, stderr, code = runCLI(t, stream(c.gen), c.args...) })
			if code != c.exit {
				t.Errorf("exit %d; expected %d\nstderr:\n%.2000s", code, c.exit, stderr)
			}
			if !strings.Contains(stderr, c.want) {
				t.Errorf("stderr:\n%.2000s\nexpected a line containing:\n%s", stderr, c.want)
			}
			checkOutput(t, "stdin", stdout, stderr, false)
			alloc := uint64(0)
			if total > base {
				alloc = total - base
			}
			if c.maxAllocs > 0 && alloc > c.maxAllocs {
				t.Errorf("the input cost %d MB beyond an empty run (%d MB); expected at most %d MB (the input must be streamed)", alloc>>20, base>>20, c.maxAllocs>>20)
			} else {
				t.Logf("the input cost %d MB beyond an empty run (%d MB)", alloc>>20, base>>20)
			}
		})
	}
}
