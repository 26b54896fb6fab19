package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/xuri/excelize/v2"
)

// platformExport is a test command for the scripts: it plays a survey
// server. Given the XLSForm workbook continuum wrote and answers as JSON
// Lines, it writes the export KoboToolbox or ODK Central would give for
// those submissions, in their conventions (notes in the repository's
// testdata/xlsform/README.md):
//
//   - KoboToolbox: columns in form order, group members as group/name (or
//     another separator), then _id, _uuid, _submission_time,
//     _validation_status, _notes, _status, _submitted_by, __version__, _tags,
//     _index; CSV with ';', every field quoted, a byte-order mark and CRLF;
//     "XML values and headers" or labels in one language, headers and values
//     alike; notes are not exported.
//   - ODK Central: SubmissionDate first, groups joined with '-', then
//     meta-instanceID, KEY, SubmitterID, SubmitterName, AttachmentsPresent,
//     AttachmentsExpected, Status, ReviewState, DeviceID, Edits, FormVersion;
//     CSV with ',', XML values only.
//
// It reads the form, not continuum's definitions: names, groups, labels and
// choices come from the workbook under test.
func platformExport() int {
	fs := flag.NewFlagSet("platform-export", flag.ContinueOnError)
	platform := fs.String("platform", "kobo", "kobo or odk")
	headers := fs.String("headers", "xml", "xml, or a language code for a label export (kobo)")
	format := fs.String("format", "csv", "csv or xlsx")
	formFile := fs.String("form", "", "the XLSForm workbook")
	out := fs.String("o", "", "output file")
	sep := fs.String("sep", "", "group separator (default / for kobo, - for odk)")
	missing := fs.String("missing", "", "what to write for a question not answered")
	if err := fs.Parse(os.Args[1:]); err != nil || fs.NArg() != 1 || *formFile == "" || *out == "" {
		fmt.Fprintln(os.Stderr, "usage: platform-export [-platform kobo|odk] [-headers xml|LANG] [-format csv|xlsx] -form FORM.xlsx -o OUT ANSWERS.jsonl")
		return 2
	}
	if err := run(*platform, *headers, *format, *formFile, *out, *sep, *missing, fs.Arg(0)); err != nil {
		fmt.Fprintln(os.Stderr, "platform-export:", err)
		return 1
	}
	return 0
}

type field struct {
	typ, name, group, list string
	label                  map[string]string // language code -> label
}

func readForm(name string) (fields []field, choices map[string]map[string]map[string]string, err error) {
	f, err := excelize.OpenFile(name)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	survey, err := f.GetRows("survey")
	if err != nil {
		return nil, nil, err
	}
	langOf := func(h, prefix string) string {
		if !strings.HasPrefix(h, prefix) {
			return ""
		}
		i := strings.LastIndex(h, "(")
		return strings.TrimSuffix(h[i+1:], ")")
	}
	cell := func(r []string, i int) string {
		if i < len(r) {
			return r[i]
		}
		return ""
	}
	h := survey[0]
	group := ""
	for _, r := range survey[1:] {
		fl := field{typ: cell(r, 0), name: cell(r, 1), group: group, label: map[string]string{}}
		switch {
		case fl.typ == "begin_group":
			group = fl.name
			continue
		case fl.typ == "end_group":
			group = ""
			continue
		case strings.HasPrefix(fl.typ, "select_one "):
			fl.list = strings.TrimPrefix(fl.typ, "select_one ")
		}
		for i, col := range h {
			if l := langOf(col, "label::"); l != "" {
				fl.label[l] = cell(r, i)
			}
		}
		fields = append(fields, fl)
	}
	rows, err := f.GetRows("choices")
	if err != nil {
		return nil, nil, err
	}
	choices = map[string]map[string]map[string]string{}
	for _, r := range rows[1:] {
		list, name := cell(r, 0), cell(r, 1)
		if choices[list] == nil {
			choices[list] = map[string]map[string]string{}
		}
		choices[list][name] = map[string]string{}
		for i, col := range rows[0] {
			if l := langOf(col, "label::"); l != "" {
				choices[list][name][l] = cell(r, i)
			}
		}
	}
	return fields, choices, nil
}

type submission struct {
	Form    string            `json:"form"`
	Version string            `json:"version"`
	Answers map[string]string `json:"answers"`
}

func run(platform, headers, format, formFile, out, sep, missing, answers string) error {
	fields, choices, err := readForm(formFile)
	if err != nil {
		return err
	}
	if sep == "" {
		sep = map[string]string{"kobo": "/", "odk": "-"}[platform]
	}
	labels := headers != "xml"
	name := func(id string) string { return strings.NewReplacer("-", "_", ".", "_").Replace(id) }
	var header []string
	if platform == "odk" {
		header = append(header, "SubmissionDate")
	}
	var cols []field
	for _, fl := range fields {
		if fl.typ == "note" {
			continue
		}
		h := fl.name
		if labels && fl.label[headers] != "" {
			h = fl.label[headers]
		}
		if fl.group != "" {
			h = fl.group + sep + h
		}
		header = append(header, h)
		cols = append(cols, fl)
	}
	if platform == "kobo" {
		header = append(header, "_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status", "_submitted_by", "__version__", "_tags", "_index")
	} else {
		header = append(header, "meta-instanceID", "KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent", "AttachmentsExpected", "Status", "ReviewState", "DeviceID", "Edits", "FormVersion")
	}
	rows := [][]string{header}
	in, err := os.Open(answers)
	if err != nil {
		return err
	}
	defer in.Close()
	sc := bufio.NewScanner(in)
	n := 0
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var s submission
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			return err
		}
		n++
		uuid := fmt.Sprintf("00000000-0000-4000-8000-%012d", n)
		var row []string
		if platform == "odk" {
			row = append(row, fmt.Sprintf("2030-01-%02dT10:00:00.000Z", n%28+1))
		}
		byName := map[string]string{}
		for id, a := range s.Answers {
			byName[name(id)] = name(a)
		}
		byName["consent"] = "yes"
		for _, fl := range cols {
			v := ""
			switch fl.typ {
			case "calculate":
				if fl.name == "continuum_form" {
					v = s.Form
				} else {
					v = s.Version
				}
			default:
				v = byName[fl.name]
				if v != "" && labels {
					v = choices[fl.list][v][headers]
				}
				if v == "" {
					v = missing
				}
			}
			row = append(row, v)
		}
		if platform == "kobo" {
			row = append(row, fmt.Sprint(100000+n), uuid, fmt.Sprintf("2030-01-%02dT10:13:00", n%28+1), "", "", "submitted_via_web", "example-enumerator", "vExample", "", fmt.Sprint(n))
		} else {
			row = append(row, "uuid:"+uuid, "uuid:"+uuid, "5", "example-enumerator", "0", "0", "", "", "collect:example-device", "0", s.Version)
		}
		rows = append(rows, row)
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if format == "xlsx" {
		return writeXLSX(out, rows)
	}
	return writeCSV(out, platform, rows)
}

func writeCSV(out, platform string, rows [][]string) error {
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer f.Close()
	if platform == "odk" {
		w := csv.NewWriter(f)
		w.WriteAll(rows)
		return w.Error()
	}
	// formpack: a byte-order mark, ';', every field quoted, CRLF.
	io.WriteString(f, "\ufeff")
	for _, r := range rows {
		for i, c := range r {
			if i > 0 {
				io.WriteString(f, ";")
			}
			io.WriteString(f, `"`+strings.ReplaceAll(c, `"`, `""`)+`"`)
		}
		io.WriteString(f, "\r\n")
	}
	return nil
}

func writeXLSX(out string, rows [][]string) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "continuum"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	for i, r := range rows {
		for j, c := range r {
			if c == "" {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			// Like the platforms, numbers as numbers.
			var err error
			if n, ok := number(c); ok {
				err = f.SetCellInt(sheet, cell, n)
			} else {
				err = f.SetCellStr(sheet, cell, c)
			}
			if err != nil {
				return err
			}
		}
	}
	return f.SaveAs(out)
}

func number(s string) (int64, bool) {
	var n int64
	if s == "" || len(s) > 12 {
		return 0, false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}
