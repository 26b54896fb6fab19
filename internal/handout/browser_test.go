package handout

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"github.com/continuum-screening/continuum/internal/testtool"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
)

// The browser test prints the HTML handouts to PDF in a real headless
// Chromium and reads the PDF back with poppler-utils. It needs the Debian
// packages chromium and poppler-utils (and a font with Arabic letters, such
// as fonts-noto-core or fonts-dejavu-core); without them it skips.
//
// Set CONTINUUM_KEEP_PDF to a directory to keep the PDFs it makes.

// The page box of the print style: 15 mm left, right and top, 16 mm bottom.
const (
	mm           = 72 / 25.4
	marginSide   = 15 * mm
	marginTop    = 15 * mm
	marginBottom = 16 * mm
	// tolerance for glyph boxes that poppler reports slightly larger than
	// the layout box (accents, italic overhang).
	tolerance = 2.0
)

type tools struct{ chromium, pdfinfo, pdftotext string }

func needTools(t *testing.T) tools {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: skipping the browser test")
	}
	return tools{
		chromium:  testtool.Need(t, "chromium", "chromium", "chromium-browser"),
		pdfinfo:   testtool.Need(t, "poppler-utils", "pdfinfo"),
		pdftotext: testtool.Need(t, "poppler-utils", "pdftotext"),
	}
}

// printPDF prints an HTML file to PDF with headless Chromium, offline and
// with a throw-away profile.
func (tl tools) printPDF(t *testing.T, html []byte, name string) string {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, name+".html")
	out := filepath.Join(dir, name+".pdf")
	if err := os.WriteFile(in, html, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, tl.chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--no-pdf-header-footer", "--user-data-dir="+filepath.Join(dir, "profile"),
		"--print-to-pdf="+out, "file://"+in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.String())
	}
	if _, err := os.Stat(out); err != nil {
		t.Fatalf("chromium wrote no PDF: %v\n%s", err, stderr.String())
	}
	if keep := os.Getenv("CONTINUUM_KEEP_PDF"); keep != "" {
		data, _ := os.ReadFile(out)
		os.WriteFile(filepath.Join(keep, name+".pdf"), data, 0o644)
	}
	return out
}

type pdfInfo struct {
	pages         int
	width, height float64
}

var (
	pagesRE = regexp.MustCompile(`(?m)^Pages:\s+(\d+)`)
	sizeRE  = regexp.MustCompile(`(?m)^Page size:\s+([\d.]+) x ([\d.]+) pts`)
)

func (tl tools) info(t *testing.T, pdf string) pdfInfo {
	t.Helper()
	out, err := exec.Command(tl.pdfinfo, pdf).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	var pi pdfInfo
	if m := pagesRE.FindSubmatch(out); m != nil {
		pi.pages, _ = strconv.Atoi(string(m[1]))
	}
	if m := sizeRE.FindSubmatch(out); m != nil {
		pi.width, _ = strconv.ParseFloat(string(m[1]), 64)
		pi.height, _ = strconv.ParseFloat(string(m[2]), 64)
	}
	if pi.pages == 0 || pi.width == 0 {
		t.Fatalf("pdfinfo: no page count or size in:\n%s", out)
	}
	return pi
}

// The XHTML that pdftotext -bbox-layout writes.
type bboxDoc struct {
	Pages []bboxPage `xml:"body>doc>page"`
}

type bboxPage struct {
	Width  float64    `xml:"width,attr"`
	Height float64    `xml:"height,attr"`
	Flows  []bboxFlow `xml:"flow"`
}

type bboxFlow struct {
	Blocks []bboxBlock `xml:"block"`
}

type bboxBlock struct {
	Lines []bboxLine `xml:"line"`
}

type bboxLine struct {
	box
	Words []bboxWord `xml:"word"`
}

type bboxWord struct {
	box
	Text string `xml:",chardata"`
}

type box struct {
	XMin float64 `xml:"xMin,attr"`
	YMin float64 `xml:"yMin,attr"`
	XMax float64 `xml:"xMax,attr"`
	YMax float64 `xml:"yMax,attr"`
}

func (tl tools) boxes(t *testing.T, pdf string) bboxDoc {
	t.Helper()
	out, err := exec.Command(tl.pdftotext, "-bbox-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	var d bboxDoc
	dec := xml.NewDecoder(bytes.NewReader(out))
	dec.Strict = false
	dec.Entity = xml.HTMLEntity
	if err := dec.Decode(&d); err != nil {
		t.Fatalf("pdftotext output: %v", err)
	}
	return d
}

// outsidePage lists the words whose box does not lie on the printable area
// of its page (inside the margins). Vertically, the centre of the box is
// checked, since fonts with tall diacritics report boxes taller than the
// line.
func outsidePage(d bboxDoc) []string {
	var out []string
	eachWord(d, func(page int, p bboxPage, w bboxWord) {
		cy := (w.YMin + w.YMax) / 2
		if w.XMin < marginSide-tolerance || w.XMax > p.Width-marginSide+tolerance ||
			cy < marginTop || cy > p.Height-marginBottom || w.YMin < 0 || w.YMax > p.Height {
			out = append(out, fmt.Sprintf("page %d: %q at x %.0f..%.0f, y %.0f..%.0f (page %.0f x %.0f)",
				page, w.Text, w.XMin, w.XMax, w.YMin, w.YMax, p.Width, p.Height))
		}
	})
	return out
}

// Chromium clips what does not fit across the page, and pdftotext does not
// report clipped words, so a check of the printed page alone could miss text
// that ran off it. The wide-canvas print lays the handout out at the width of
// the paper's printable area, centred on a page three times as wide: text
// that overflows its box, to the right or (right to left) to the left, lands
// on the page beside it and is reported.
const canvasFactor = 3

func contentWidthMM(paper string) float64 {
	if paper == PaperLetter {
		return 215.9 - 30
	}
	return 210 - 30
}

func wideCanvas(html []byte, paper string) []byte {
	cw := contentWidthMM(paper)
	style := fmt.Sprintf("<style>@page { size: %.1fmm 297mm; margin: 15mm; } html { width: %.1fmm; margin: 0 auto; }</style>\n</head>",
		cw*canvasFactor+30, cw)
	return bytes.Replace(html, []byte("</head>"), []byte(style), 1)
}

// overflow lists the words of a wide-canvas print that lie outside the
// handout's own width.
func overflow(d bboxDoc, paper string) []string {
	cw := contentWidthMM(paper) * mm
	var out []string
	eachWord(d, func(page int, p bboxPage, w bboxWord) {
		left := (p.Width - cw) / 2
		if w.XMin < left-tolerance || w.XMax > left+cw+tolerance {
			out = append(out, fmt.Sprintf("page %d: %q at x %.0f..%.0f, outside %.0f..%.0f", page, w.Text, w.XMin, w.XMax, left, left+cw))
		}
	})
	return out
}

func eachWord(d bboxDoc, fn func(page int, p bboxPage, w bboxWord)) {
	for pi, p := range d.Pages {
		for _, f := range p.Flows {
			for _, b := range f.Blocks {
				for _, l := range b.Lines {
					for _, w := range l.Words {
						fn(pi+1, p, w)
					}
				}
			}
		}
	}
}

// alignment counts the paragraphs (blocks of two lines or more) written in
// the given script whose lines share their left edge only, and those whose
// lines share their right edge only. Left-to-right text is ragged on the
// right; right-to-left text is ragged on the left.
func alignment(d bboxDoc, script *unicode.RangeTable) (left, right int) {
	const eps = 1.0
	for _, p := range d.Pages {
		for _, f := range p.Flows {
			for _, b := range f.Blocks {
				if len(b.Lines) < 2 || !onlyIn(b, script) {
					continue
				}
				sameLeft, sameRight := true, true
				for _, l := range b.Lines[1:] {
					sameLeft = sameLeft && math.Abs(l.XMin-b.Lines[0].XMin) < eps
					sameRight = sameRight && math.Abs(l.XMax-b.Lines[0].XMax) < eps
				}
				switch {
				case sameLeft && !sameRight:
					left++
				case sameRight && !sameLeft:
					right++
				}
			}
		}
	}
	return left, right
}

// onlyIn reports whether a block is written in script: it has letters of
// the script and no letters of another (a message still shown in English
// with a translated name inside is not evidence either way).
func onlyIn(b bboxBlock, script *unicode.RangeTable) bool {
	in := false
	for _, l := range b.Lines {
		for _, w := range l.Words {
			for _, r := range w.Text {
				switch {
				case unicode.Is(script, r):
					in = true
				case unicode.IsLetter(r):
					return false
				}
			}
		}
	}
	return in
}

var numberRE = regexp.MustCompile(`^(\d{1,2}[a-z]?\.|\.\d{1,2}[a-z]?)$`)

// numberSide returns the mean horizontal position of the question numbers
// ("12.") as a fraction of the page width: near 0 when they stand on the
// left (left to right), near 1 on the right (right to left).
func numberSide(d bboxDoc) (float64, int) {
	sum, n := 0.0, 0
	eachWord(d, func(_ int, p bboxPage, w bboxWord) {
		if numberRE.MatchString(w.Text) {
			sum += (w.XMin + w.XMax) / 2 / p.Width
			n++
		}
	})
	if n == 0 {
		return 0, 0
	}
	return sum / float64(n), n
}

// TestOverflowCheckWorks makes sure the overflow check can fail: a page
// with a line that cannot wrap must be caught, so that a passing browser test
// means something.
func TestOverflowCheckWorks(t *testing.T) {
	tl := needTools(t)
	page := []byte(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 15mm 15mm 16mm 15mm; } body { margin: 0; font: 11pt sans-serif; }
</style></head><body><p>A line that fits.</p><p style="white-space: nowrap">` +
		string(bytes.Repeat([]byte("overflowing words that never wrap "), 12)) + `</p></body></html>`)
	d := tl.boxes(t, tl.printPDF(t, wideCanvas(page, PaperA4), "overflow"))
	if len(overflow(d, PaperA4)) == 0 {
		t.Fatal("a line wider than the page was not reported; the overflow check cannot be trusted")
	}
	rtl := bytes.Replace(page, []byte(`<html lang="en">`), []byte(`<html lang="en" dir="rtl">`), 1)
	d = tl.boxes(t, tl.printPDF(t, wideCanvas(rtl, PaperA4), "overflow-rtl"))
	if len(overflow(d, PaperA4)) == 0 {
		t.Fatal("a right-to-left line wider than the page was not reported; the overflow check cannot be trusted")
	}
}

// TestHandoutInBrowser prints every kind of handout in English and in every
// right-to-left language shipped (Arabic) and checks the page size and
// count, that no word lies outside the printable area, and that the
// right-to-left text is laid out right to left.
func TestHandoutInBrowser(t *testing.T) {
	tl := needTools(t)
	env := setup(t)
	langs := []string{"en"}
	for _, c := range env.bundle.Codes() {
		if env.bundle.Catalog(c).Meta.Direction == "rtl" {
			langs = append(langs, c)
		}
	}
	if len(langs) == 1 {
		t.Log("no right-to-left language is shipped yet; only English is checked")
	}
	type job struct {
		kind, paper string
		answers     bool
		min, max    int // pages
	}
	jobs := []job{
		{KindQuestionnaire, PaperA4, false, 4, 10},
		{KindIndicators, PaperA4, false, 2, 6},
		{KindScenarios, PaperA4, true, 8, 22},
		{KindQuestionnaire, PaperLetter, false, 4, 10},
	}
	for _, lang := range langs {
		for _, j := range jobs {
			name := fmt.Sprintf("%s-%s-%s", lang, j.kind, j.paper)
			t.Run(name, func(t *testing.T) {
				o := env.options(j.kind, FormatHTML, lang, "")
				o.Paper, o.Answers = j.paper, j.answers
				var html bytes.Buffer
				if _, err := Render(&html, o); err != nil {
					t.Fatal(err)
				}
				pdf := tl.printPDF(t, html.Bytes(), name)
				pi := tl.info(t, pdf)
				wantW, wantH := 595.28, 841.89 // A4
				if j.paper == PaperLetter {
					wantW, wantH = 612, 792
				}
				if math.Abs(pi.width-wantW) > 2 || math.Abs(pi.height-wantH) > 2 {
					t.Errorf("page size %.1f x %.1f pt; want %.1f x %.1f (%s)", pi.width, pi.height, wantW, wantH, j.paper)
				}
				if pi.pages < j.min || pi.pages > j.max {
					t.Errorf("%d pages; want %d to %d", pi.pages, j.min, j.max)
				}
				d := tl.boxes(t, pdf)
				if len(d.Pages) != pi.pages {
					t.Errorf("pdftotext read %d pages, pdfinfo says %d", len(d.Pages), pi.pages)
				}
				if bad := outsidePage(d); len(bad) > 0 {
					t.Errorf("text outside the printable area:\n%s", first(bad, 10))
				}
				wide := tl.boxes(t, tl.printPDF(t, wideCanvas(html.Bytes(), j.paper), name+"-wide"))
				if bad := overflow(wide, j.paper); len(bad) > 0 {
					t.Errorf("text overflows the page width:\n%s", first(bad, 10))
				}
				t.Logf("%d pages", pi.pages)
				if j.kind == KindQuestionnaire {
					side, n := numberSide(d)
					rtl := lang != "en"
					if n < len(env.form.Questions) || (rtl && side < 0.7) || (!rtl && side > 0.3) {
						t.Errorf("%d question numbers at %.2f of the page width; want them at the %s", n, side, map[bool]string{true: "right (right to left)", false: "left"}[rtl])
					}
				}
				if lang == "en" {
					left, right := alignment(d, unicode.Latin)
					if left == 0 || right > left/5 {
						t.Errorf("English paragraphs: %d aligned left, %d aligned right; want left-aligned", left, right)
					}
					return
				}
				left, right := alignment(d, scriptOf(lang))
				t.Logf("right-to-left paragraphs: %d aligned right, %d aligned left", right, left)
				if right == 0 || left > right/5 {
					t.Errorf("%s paragraphs: %d aligned right, %d aligned left; want right-aligned (right to left)", lang, right, left)
				}
			})
		}
	}
}

// scriptOf is the script of a right-to-left language's letters.
func scriptOf(lang string) *unicode.RangeTable {
	switch lang {
	case "he", "yi":
		return unicode.Hebrew
	case "dv":
		return unicode.Thaana
	}
	return unicode.Arabic
}

func first(ss []string, n int) string {
	if len(ss) > n {
		ss = append(ss[:n:n], fmt.Sprintf("... and %d more", len(ss)-n))
	}
	return strings.Join(ss, "\n")
}
