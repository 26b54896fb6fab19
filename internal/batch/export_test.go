package batch

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// ownMapping is a small stand-in for the mapping package xlsform builds:
// the questionnaire's names, one label per question, the form fields.
func ownMapping(t testing.TB) *Mapping {
	form := shipped(t)
	m := NewMapping("the XLSForm of continuum-core 1.1.0")
	m.Own = true
	m.Form, m.Version, m.ID = form.ID, form.Version, "_index"
	m.FormColumns = []string{"continuum_form"}
	m.VersionColumns = []string{"continuum_version", "FormVersion"}
	m.ConsentColumns = []string{"consent", "Do you want to go on?"}
	m.ConsentValues["yes"], m.ConsentValues["no"] = "yes", "no"
	for _, c := range []string{"n/a", "na", "-99"} {
		m.Missing[c] = true
	}
	for _, c := range []string{"__version__", "_tags", "status", "reviewstate", "edits", "attachmentspresent", "attachmentsexpected"} {
		m.Ignore[c] = true
	}
	for _, q := range form.Questions {
		m.AddColumn(q.ID, q.ID)
		m.AddColumn(strings.ReplaceAll(q.ID, "-", "_"), q.ID)
	}
	m.AddColumn("Are you under 18 years old?", "under-18")
	for _, c := range []string{"yes", "no", "dont-know", "prefer-not-to-say"} {
		m.AddValue(c, c)
		m.AddValue(strings.ReplaceAll(c, "-", "_"), c)
	}
	m.AddValue("I don't know", "dont-know")
	return m
}

func ownOptions(t testing.TB) *Options {
	m := ownMapping(t)
	return &Options{Form: shipped(t), Own: func() *Mapping { return m }, DropIdentifying: true}
}

func TestOwnExportSeparators(t *testing.T) {
	for _, sep := range []string{"/", ".", ":", "::", "-"} {
		data := "continuum_form,continuum_version,consent,screening" + sep + "danger,screening" + sep + "under_18,_index\n" +
			"continuum-core,1.1.0,yes,no,dont_know,1\n" +
			"continuum-core,1.1.0,YES,n/a,NA,2\n"
		recs, errs, err := readAll(t, ownOptions(t), data)
		if err != nil || len(errs) > 0 || len(recs) != 2 {
			t.Fatalf("sep %q: %v %v %d", sep, err, errs, len(recs))
		}
		danger, minor := shipped(t).Question("danger").Index, shipped(t).Question("under-18").Index
		if recs[0].ID != "1" || recs[0].Values[danger] != "no" || recs[0].Values[minor] != "dont-know" {
			t.Errorf("sep %q: record 1 %+v", sep, recs[0])
		}
		if recs[1].Values[danger] != "" || recs[1].Values[minor] != "" {
			t.Errorf("sep %q: missing codes read as answers: %q", sep, recs[1].Values)
		}
	}
}

func TestOwnExportLabelsAndCase(t *testing.T) {
	data := "continuum_version;Do you want to go on?;grp/ARE YOU UNDER 18  YEARS OLD?;_index\n1.1.0;yes;i don't KNOW;7\n"
	recs, errs, err := readAll(t, ownOptions(t), data)
	if err != nil || len(errs) > 0 || len(recs) != 1 {
		t.Fatalf("%v %v %d", err, errs, len(recs))
	}
	if got := recs[0].Values[shipped(t).Question("under-18").Index]; got != "dont-know" || recs[0].ID != "7" {
		t.Errorf("record %+v", recs[0])
	}
}

func TestOwnExportRowIDAndConsent(t *testing.T) {
	// ODK Central: no anonymous id column; the row number stands in.
	data := "continuum_form,continuum_version,consent,g-danger,FormVersion\n" +
		"continuum-core,1.1.0,yes,no,1.1.0\n" +
		"continuum-core,1.1.0,no,,1.1.0\n" +
		"continuum-core,1.1.0,yes,yes,1.1.0\n"
	recs, errs, err := readAll(t, ownOptions(t), data)
	if err != nil || len(recs) != 2 || len(errs) != 1 {
		t.Fatalf("%v %v %d", err, errs, len(recs))
	}
	if recs[0].ID != "1" || recs[1].ID != "3" {
		t.Errorf("ids %q %q; expected the row numbers 1 and 3", recs[0].ID, recs[1].ID)
	}
	if !strings.Contains(errs[0].Error(), `in.csv:3: column "consent": no consent to go on is recorded`) {
		t.Errorf("consent error: %v", errs[0])
	}
}

func TestOwnExportVersion(t *testing.T) {
	// FormVersion counts only without the form's own version field.
	data := "consent,danger_x,g-danger,FormVersion\nyes,,no,0.9.0\n"
	_, errs, err := readAll(t, ownOptions(t), data)
	if err == nil && len(errs) == 0 {
		t.Fatal("an export of another version was read")
	}
	data = "consent,g-danger,FormVersion\nyes,no,0.9.0\n"
	_, errs, err = readAll(t, ownOptions(t), data)
	if err != nil || len(errs) != 1 || !strings.Contains(errs[0].Error(), `version: answers another version of continuum-core; expected "1.1.0"`) {
		t.Errorf("%v %v", err, errs)
	}
}

func TestPlainFileIsNotOwn(t *testing.T) {
	called := false
	o := &Options{Form: shipped(t), Own: func() *Mapping { called = true; return ownMapping(t) }}
	if _, _, err := readAll(t, o, "id,form,version,danger,group_x/under-18\nr1,continuum-core,1.1.0,no,no\n"); err != nil {
		t.Fatal(err)
	}
	if called {
		t.Error("the questionnaire's own mapping was built for a plain answer file")
	}
}

func TestMappingMissingCodes(t *testing.T) {
	form := shipped(t)
	m, err := LoadMapping("m.yaml", []byte("kind: answer-map\nform: continuum-core\nversion: 1.1.0\nid: rid\ncolumns: {q/a: danger, b: under-18}\nvalues: {\"1\": \"yes\", \"0\": \"no\"}\nmissing: [\"n/a\", NA, \"-99\"]\nignore: [q]\n"), form)
	if err != nil {
		t.Fatal(err)
	}
	// A select-multiple question split into option columns: q/a is
	// matched by its question q, behind any group prefix; the summary
	// column q is ignored.
	recs, errs, err := readAll(t, &Options{Form: form, Map: m}, "rid,grp-q/a,q,grp/b\nr1,1,a,-99\nr2,na,,0\n")
	if err != nil || len(errs) > 0 || len(recs) != 2 {
		t.Fatalf("%v %v %d", err, errs, len(recs))
	}
	d, u := form.Question("danger").Index, form.Question("under-18").Index
	if recs[0].Values[d] != "yes" || recs[0].Values[u] != "" || recs[1].Values[d] != "" || recs[1].Values[u] != "no" {
		t.Errorf("values %q %q", recs[0].Values, recs[1].Values)
	}
	for _, bad := range []string{"missing: [yes]", "missing: [\"1\"]", "missing: {a: b}"} {
		_, err := LoadMapping("m.yaml", []byte("kind: answer-map\nform: continuum-core\nversion: 1.1.0\ncolumns: {a: danger}\nvalues: {\"1\": \"yes\"}\n"+bad+"\n"), form)
		if err == nil || !strings.Contains(err.Error(), "missing") {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

func TestEncodings(t *testing.T) {
	o := &Options{Form: shipped(t)}
	// Tab-separated.
	if recs, errs, err := readAll(t, o, "id\tform\tversion\tdanger\nr1\tcontinuum-core\t1.1.0\tno\n"); err != nil || len(errs) > 0 || len(recs) != 1 {
		t.Errorf("tabs: %v %v", err, errs)
	}
	// UTF-16 with a byte-order mark, as Excel's "Unicode text".
	u16 := []byte{0xff, 0xfe}
	for _, r := range "id\tform\tversion\tdanger\r\nr1\tcontinuum-core\t1.1.0\tno\r\n" {
		u16 = append(u16, byte(r), 0)
	}
	if recs, errs, err := readAll(t, o, string(u16)); err != nil || len(errs) > 0 || len(recs) != 1 {
		t.Errorf("UTF-16: %v %v", err, errs)
	}
	if _, _, err := readAll(t, o, string(u16[2:])); err == nil || !strings.Contains(err.Error(), "UTF-16 text without a byte-order mark") {
		t.Errorf("UTF-16 without BOM: %v", err)
	}
	_, errs, _ := readAll(t, o, "id,form,version,danger\nr1,continuum-core,1.1.0,n\xe3o\n")
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "not UTF-8 text") {
		t.Errorf("Windows-1252: %v", errs)
	}
}

func TestUUIDRefusedAsID(t *testing.T) {
	for _, id := range []string{"uuid:0b1f6c2e-3c55-4a43-9d3a-2f1e7b6f0a11", "0B1F6C2E-3C55-4A43-9D3A-2F1E7B6F0A11"} {
		if kind, bad := IdentifyingValue(id); !bad || kind != KindMetadata {
			t.Errorf("%s: %q %v", id, kind, bad)
		}
	}
	if _, bad := IdentifyingValue("r-00012"); bad {
		t.Error("a plain record id refused")
	}
	for _, c := range []string{"KEY", "SubmissionDate", "SubmitterID", "SubmitterName", "meta-instanceID"} {
		if _, bad := IdentifyingColumn(c); !bad {
			t.Errorf("ODK Central column %s not refused", c)
		}
	}
}

func workbook(t testing.TB, sheets map[string][][]any, fn func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	first := true
	for name, rows := range sheets {
		if first {
			f.SetSheetName("Sheet1", name)
			first = false
		} else {
			f.NewSheet(name)
		}
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			rr := r
			if err := f.SetSheetRow(name, cell, &rr); err != nil {
				t.Fatal(err)
			}
		}
	}
	if fn != nil {
		fn(f)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestXLSXReader(t *testing.T) {
	data := workbook(t, map[string][][]any{"answers": {
		{"id", "form", "version", "danger", "under-18"},
		{"r1", "continuum-core", "1.1.0", "no", "yes"},
		{},
		{"r3", "continuum-core", "1.1.0", "maybe", "no"},
		{7, "continuum-core", "1.1.0", "dont-know"},
	}}, nil)
	o := &Options{Form: shipped(t)}
	recs, errs, err := readAll(t, o, string(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0].ID != "r1" || recs[1].ID != "7" || recs[1].Line != 5 {
		t.Errorf("records %+v", recs)
	}
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), `in.csv:4: column "danger": not a valid choice`) {
		t.Errorf("errors %v; expected row 4 named", errs)
	}
	if strings.Contains(errs[0].Error(), "maybe") {
		t.Error("the error repeats the answer")
	}
}

func TestXLSXSheetChoice(t *testing.T) {
	data := string(workbook(t, map[string][][]any{"notes": {{"x"}}}, func(f *excelize.File) {
		f.NewSheet("data")
		f.SetSheetRow("data", "A1", &[]any{"id", "form", "version", "danger"})
		f.SetSheetRow("data", "A2", &[]any{"r1", "continuum-core", "1.1.0", "no"})
	}))
	o := &Options{Form: shipped(t), Sheet: "data"}
	if recs, _, err := readAll(t, o, data); err != nil || len(recs) != 1 {
		t.Errorf("--sheet data: %v %d", err, len(recs))
	}
	o.Sheet = "nope"
	if _, _, err := readAll(t, o, data); err == nil || !strings.Contains(err.Error(), `no sheet "nope"; expected one of: "notes", "data"`) {
		t.Errorf("unknown sheet: %v", err)
	}
	o.Sheet = "data"
	if _, _, err := readAll(t, o, "id,danger\n"); err == nil || !strings.Contains(err.Error(), "--sheet applies to .xlsx") {
		t.Errorf("--sheet with CSV: %v", err)
	}
	o.Sheet = ""
	if _, _, err := readAll(t, o, "PK\x03\x04garbage"); err == nil || !strings.Contains(err.Error(), "not a readable .xlsx workbook") {
		t.Errorf("broken workbook: %v", err)
	}
}

// Reading a workbook writes nothing to disk: excelize unpacks a sheet over
// 16 MiB into a temporary file by default (and removes it on Close), which
// the limits prevent. The sheet here is 17 MiB of XML; the directory is
// checked while the sheet is being read.
func TestXLSXNoTempFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("reads a 17 MiB sheet")
	}
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	small := workbook(t, map[string][][]any{"s": {{"id"}}}, nil)
	var sheet strings.Builder
	sheet.WriteString(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	sheet.WriteString(`<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="B1" t="inlineStr"><is><t>form</t></is></c><c r="C1" t="inlineStr"><is><t>version</t></is></c><c r="D1" t="inlineStr"><is><t>danger</t></is></c></row>`)
	n := 0
	for sheet.Len() < 17<<20 {
		n++
		fmt.Fprintf(&sheet, `<row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d" t="inlineStr"><is><t>continuum-core</t></is></c><c r="C%d" t="inlineStr"><is><t>1.1.0</t></is></c><c r="D%d" t="inlineStr"><is><t>no</t></is></c></row>`, n+1, n+1, n, n+1, n+1, n+1)
	}
	sheet.WriteString(`</sheetData></worksheet>`)
	zr, err := zip.NewReader(bytes.NewReader(small), int64(len(small)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range zr.File {
		w, _ := zw.Create(e.Name)
		if e.Name == "xl/worksheets/sheet1.xml" {
			io.WriteString(w, sheet.String())
			continue
		}
		r, _ := e.Open()
		io.Copy(w, r)
		r.Close()
	}
	zw.Close()
	rd, err := Open("in.xlsx", &buf, &Options{Form: shipped(t)})
	if err != nil {
		t.Fatal(err)
	}
	count := 0
	for {
		_, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if count++; count == 1 {
			if tmp, _ := os.ReadDir(dir); len(tmp) > 0 {
				t.Errorf("files in the temporary directory while reading: %v", tmp)
			}
		}
	}
	if count != n {
		t.Errorf("%d records; expected %d", count, n)
	}
}

// FuzzOwnExport reads CSV and XLSX exports through the questionnaire's own
// mapping, as score does without --map: no input may panic, every answer
// read is a choice, and no message repeats an answer.
func FuzzOwnExport(f *testing.F) {
	form := shipped(f)
	m := ownMapping(f)
	addSeedDir(f, "../../testdata/bad/answers", ".xlsx")
	addSeedDir(f, "../../testdata/xlsform", ".csv", ".xlsx")
	f.Add([]byte("continuum_version,consent,g-danger,_index\n1.1.0,yes," + secretMark + ",1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		o := &Options{Form: form, DropIdentifying: true, Own: func() *Mapping { return m }}
		rd, err := Open("fuzz.csv", bytes.NewReader(data), o)
		if err != nil {
			if strings.Contains(err.Error(), secretMark) {
				t.Errorf("message repeats an answer: %v", err)
			}
			return
		}
		for i := 0; i < 10000; i++ {
			rec, err := rd.Next()
			if err != nil {
				if strings.Contains(err.Error(), secretMark) {
					t.Errorf("message repeats an answer: %v", err)
				}
				if _, ok := err.(*RecordError); ok {
					continue
				}
				return
			}
			if rec.Line < 1 {
				t.Errorf("record at line %d", rec.Line)
			}
			for _, v := range rec.Values {
				if v != "" && canonicalChoice(v) == "" {
					t.Errorf("answer %q is not a choice", v)
				}
			}
		}
	})
}
