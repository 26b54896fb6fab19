package prompt

import (
	"regexp"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// marker is what starts a line of a list or of the scale after its
// indentation: "- ", "• ", "3. ", "(en) ", the scale's ">> 2  ", " : 3  ",
// "   4  ". A wrapped line continues under the text after it, so that no
// line of an indented block starts further left than the block.
var marker = regexp.MustCompile(`^(?:>> |: )?(?:[-•] +|\d+\.? +|\([a-z]{2,3}\) )`)

// gap is two or more spaces inside a line, after its text began.
var gap = regexp.MustCompile(`([^ ])  +[^ ]`)

// hanging is the column where the continuation of a wrapped line starts.
func hanging(line string) int {
	rest := strings.TrimLeft(line, " ")
	n := len(line) - len(rest)
	if m := marker.FindString(rest); m != "" {
		n += ansi.StringWidth(m)
	}
	return n
}

// wrap breaks a line into lines no wider than width cells, at spaces where
// it can (inside a word only when the word alone is too wide), with the
// continuation lines indented to the line's hanging column.
func wrap(line string, width int) []string {
	if width < 8 {
		width = 8
	}
	if ansi.StringWidth(line) <= width {
		return []string{line}
	}
	ind := hanging(line)
	if ind > width/2 {
		ind = width / 2
	}
	pad := strings.Repeat(" ", ind)
	// A note set off by a gap of spaces (the scale's "← these answers")
	// moves as a whole to the next line, under the text.
	if g := gap.FindStringSubmatchIndex(line[min(ind, len(line)):]); g != nil {
		at := min(ind, len(line)) + g[3] // after the last character before the gap
		head, tail := line[:at], strings.TrimLeft(line[at:], " ")
		return append(wrap(head, width), wrap(pad+tail, width)...)
	}
	lead := len(line) - len(strings.TrimLeft(line, " "))
	var out []string
	cur := line[:lead]
	curW := lead
	empty := true // nothing but indentation on the current line yet
	flush := func() {
		out = append(out, strings.TrimRight(cur, " "))
		cur, curW, empty = pad, ind, true
	}
	for _, word := range strings.Split(line[lead:], " ") {
		w := ansi.StringWidth(word)
		sep := 1
		if empty {
			sep = 0
		}
		if !empty && curW+sep+w > width {
			flush()
			sep = 0
		}
		for curW+sep+w > width && w > 0 {
			// A word wider than the line: cut it by cells.
			room := width - curW - sep
			head := ansi.Truncate(word, room, "")
			if head == "" {
				break
			}
			if sep == 1 {
				cur += " "
			}
			cur += head
			word = strings.TrimPrefix(word, head)
			w = ansi.StringWidth(word)
			flush()
			sep = 0
		}
		if sep == 1 {
			cur += " "
		}
		cur += word
		curW += sep + w
		empty = false
	}
	if !empty || len(out) == 0 {
		out = append(out, strings.TrimRight(cur, " "))
	}
	return out
}

// wrapAll wraps every line of a text (lines split at "\n").
func wrapAll(text string, width int) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		out = append(out, wrap(l, width)...)
	}
	return out
}
