package batch

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// MaxXLSX bounds a workbook, packed and unpacked. A KoboToolbox export of
// 100 000 submissions to the shipped questionnaire is about 60 MiB
// unpacked. The whole workbook is held in memory: excelize would otherwise
// unpack a large sheet into a temporary file, and no answer may reach the
// disk.
const MaxXLSX = 256 << 20

// xlsxMagic starts every .xlsx file (a zip archive).
var xlsxMagic = []byte("PK\x03\x04")

// xlsxReader reads the rows of one worksheet with excelize's streaming row
// iterator. Row numbers in messages are the sheet's own.
type xlsxReader struct {
	table
	f      *excelize.File
	rows   *excelize.Rows
	rowNum int
	done   bool
}

func newXLSXReader(name string, r io.Reader, o *Options) (Reader, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxXLSX+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(data) > MaxXLSX {
		return nil, fmt.Errorf("%s: workbook larger than %d MiB; expected a smaller export (split it, or export CSV)", name, MaxXLSX>>20)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: MaxXLSX, UnzipXMLSizeLimit: MaxXLSX, RawCellValue: true,
	})
	if err != nil {
		if strings.Contains(err.Error(), "unzip size exceeds") {
			return nil, fmt.Errorf("%s: workbook larger than %d MiB unpacked; expected a smaller export (split it, or export CSV)", name, MaxXLSX>>20)
		}
		if errors.Is(err, excelize.ErrWorkbookFileFormat) || strings.Contains(err.Error(), "zip") {
			return nil, fmt.Errorf("%s: not a readable .xlsx workbook; expected an Excel workbook as KoboToolbox or ODK export it", name)
		}
		return nil, fmt.Errorf("%s: not a readable .xlsx workbook (%s)", name, excelMessage(err))
	}
	sheets := f.GetSheetList()
	sheet := o.Sheet
	switch {
	case len(sheets) == 0:
		f.Close()
		return nil, fmt.Errorf("%s: the workbook has no sheet; expected one with a header row and one row per record", name)
	case sheet == "":
		sheet = sheets[0]
	case !slices.Contains(sheets, sheet):
		f.Close()
		return nil, fmt.Errorf("%s: no sheet %s; expected one of: %s", name, quote(sheet), strings.Join(quoteAll(sheets), ", "))
	}
	// Messages name the file and the sheet's row number: the sheet is the
	// first one, or the one the user chose.
	display := name
	if err := checkSheet(f, display, sheet); err != nil {
		f.Close()
		return nil, err
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %s", display, excelMessage(err))
	}
	x := &xlsxReader{table: table{name: display, o: o, nq: len(o.Form.Questions)}, f: f, rows: rows}
	// The header is the first row with a cell in it.
	for {
		cells, line, err := x.next()
		if err != nil {
			x.close()
			if errors.Is(err, io.EOF) {
				x.done = true
				return x, nil
			}
			return nil, err
		}
		if blank(cells) {
			continue
		}
		if err := x.header(cells, line); err != nil {
			x.close()
			return nil, err
		}
		return x, nil
	}
}

// next returns the cells of the next row and its row number.
func (x *xlsxReader) next() ([]string, int, error) {
	if !x.rows.Next() {
		if err := x.rows.Error(); err != nil {
			return nil, 0, fmt.Errorf("%s: %s", x.name, excelMessage(err))
		}
		return nil, 0, io.EOF
	}
	cells, err := x.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %s", x.name, excelMessage(err))
	}
	return cells, x.line(), nil
}

// line is the sheet row number of the row just read: excelize's Next
// returns once for every row number, rows absent from the sheet included
// (with no cells), so counting the calls gives it.
func (x *xlsxReader) line() int {
	x.rowNum++
	return x.rowNum
}

func (x *xlsxReader) Next() (*Record, error) {
	for !x.done {
		cells, line, err := x.next()
		if errors.Is(err, io.EOF) {
			x.done = true
			x.close()
			break
		}
		if err != nil {
			x.done = true
			x.close()
			return nil, err
		}
		if blank(cells) {
			continue
		}
		if len(cells) > len(x.cols) {
			for _, c := range cells[len(x.cols):] {
				if strings.TrimSpace(c) != "" {
					return nil, &RecordError{File: x.name, Line: line, Msg: fmt.Sprintf("a cell beyond the last column of the header (found %d cells; expected at most %d)", len(cells), len(x.cols))}
				}
			}
			cells = cells[:len(x.cols)]
		}
		for len(cells) < len(x.cols) {
			cells = append(cells, "")
		}
		return x.record(cells, line)
	}
	return nil, io.EOF
}

func (x *xlsxReader) close() {
	if x.rows != nil {
		x.rows.Close()
	}
	x.f.Close()
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// Formulas and merged cells: a formula's cached value may be stale or
// computed from other cells; a merged cell shows one value over several
// records or questions. Either way the cell does not hold what was answered.
var (
	formulaRE   = regexp.MustCompile(`<(?:[A-Za-z0-9_]+:)?f[\s/>]`)
	mergeRE     = regexp.MustCompile(`<(?:[A-Za-z0-9_]+:)?mergeCell\s[^>]*ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"`)
	rowStartRE  = regexp.MustCompile(`<(?:[A-Za-z0-9_]+:)?row\s[^>]*\br="([0-9]+)"`)
	cellStartRE = regexp.MustCompile(`<(?:[A-Za-z0-9_]+:)?c\s[^>]*\br="([A-Z]+[0-9]+)"`)
)

// checkSheet refuses a sheet with a formula or a merged cell, naming the
// cell. It reads the sheet's XML as bytes, without building the sheet.
func checkSheet(f *excelize.File, display, sheet string) error {
	p := sheetPath(f, sheet)
	if p == "" {
		return nil
	}
	v, ok := f.Pkg.Load(p)
	if !ok {
		return nil
	}
	data, _ := v.([]byte)
	if loc := formulaRE.FindIndex(data); loc != nil {
		before := data[:loc[0]]
		where := ""
		if m := cellStartRE.FindAllSubmatch(lastChunk(before, 4096), -1); len(m) > 0 {
			where = " in cell " + string(m[len(m)-1][1])
		}
		line := 0
		if m := rowStartRE.FindAllSubmatch(lastChunk(before, 1<<20), -1); len(m) > 0 {
			line, _ = strconv.Atoi(string(m[len(m)-1][1]))
		}
		return fmt.Errorf("%s:%d: a formula%s; expected values only (paste the export as values, or download it again)", display, line, where)
	}
	if m := mergeRE.FindSubmatch(data); m != nil {
		_, line, _ := excelize.CellNameToCoordinates(strings.SplitN(string(m[1]), ":", 2)[0])
		return fmt.Errorf("%s:%d: merged cells %s; expected one value per cell (unmerge them, or download the export again)", display, line, m[1])
	}
	return nil
}

func lastChunk(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}

// sheetPath finds the part that holds a sheet, through the workbook and its
// relationships.
func sheetPath(f *excelize.File, sheet string) string {
	load := func(name string) []byte {
		v, ok := f.Pkg.Load(name)
		if !ok {
			return nil
		}
		b, _ := v.([]byte)
		return b
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if xml.Unmarshal(load("xl/workbook.xml"), &wb) != nil {
		return ""
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if xml.Unmarshal(load("xl/_rels/workbook.xml.rels"), &rels) != nil {
		return ""
	}
	for _, s := range wb.Sheets {
		if s.Name != sheet {
			continue
		}
		for _, r := range rels.Rels {
			if r.ID == s.RID {
				t := r.Target
				if strings.HasPrefix(t, "/") {
					return strings.TrimPrefix(t, "/")
				}
				return path.Join("xl", t)
			}
		}
	}
	return ""
}

// excelMessage describes an excelize error without quoting cell contents.
func excelMessage(err error) string {
	switch {
	case errors.Is(err, excelize.ErrMaxRows):
		return fmt.Sprintf("more than %d rows; expected a sheet Excel can open", excelize.TotalRows)
	}
	return "the sheet cannot be read; expected a workbook saved by a spreadsheet program or a survey platform"
}

func quoteAll(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = quote(s)
	}
	return out
}
