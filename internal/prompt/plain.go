package prompt

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/continuum-screening/continuum/internal/i18n"
	"github.com/continuum-screening/continuum/internal/inert"
)

// Plain is the line-based prompter: numbered choices, every text printed in
// full (descriptions too), no redraws, no colour, one line of input per
// answer read from a single shared reader. End of input is an abort, never a
// default answer.
type Plain struct {
	out    io.Writer // prompts and screens
	result io.Writer // the result
	loc    *i18n.Localizer
	also   string // the interviewer's language code, for bilingual lines
	lines  chan lineMsg
	in     *bufio.Reader
	start  bool
	hinted bool          // "Type a number" was said once
	idle   time.Duration // no line for this long ends the session; 0 never
}

type lineMsg struct {
	s   string
	err error
}

// NewPlain returns a plain prompter reading lines from in, writing screens to
// out and the result to result. also is the code of the interviewer's language
// for bilingual display ("" for none).
func NewPlain(in io.Reader, out, result io.Writer, loc *i18n.Localizer, also string) *Plain {
	return &Plain{in: bufio.NewReader(in), out: out, result: result, loc: loc, also: also, lines: make(chan lineMsg)}
}

// SetIdle sets the idle time: when no line comes for that long, the
// session ends (ErrIdle). 0 (the default) never ends it.
func (p *Plain) SetIdle(d time.Duration) { p.idle = d }

// SetLocalizer implements Prompter.
func (p *Plain) SetLocalizer(loc *i18n.Localizer) { p.loc = loc }

// Close implements Prompter.
func (p *Plain) Close() error { return nil }

// readLine reads one line; a blocked read does not hold up a cancelled
// context (Ctrl+C), since the reading goroutine is separate. It reads one
// line per request, so nothing is consumed ahead.
func (p *Plain) readLine(ctx context.Context) (string, error) {
	if !p.start {
		p.start = true
		go func() {
			for {
				s, err := p.in.ReadString('\n')
				if err != nil && s != "" {
					// A last line without a newline still counts.
					p.lines <- lineMsg{s: s}
					s = ""
				}
				p.lines <- lineMsg{s: s, err: err}
				if err != nil {
					close(p.lines)
					return
				}
			}
		}()
	}
	var idle <-chan time.Time
	if p.idle > 0 {
		t := time.NewTimer(p.idle)
		defer t.Stop()
		idle = t.C
	}
	select {
	case <-ctx.Done():
		return "", ctx.Err()
	case <-idle:
		return "", ErrIdle
	case m, ok := <-p.lines:
		if !ok {
			return "", ErrEndOfInput
		}
		if m.err != nil {
			if errors.Is(m.err, io.EOF) {
				return "", ErrEndOfInput
			}
			return "", m.err
		}
		return strings.TrimSpace(m.s), nil
	}
}

// printf writes to the screen; whatever comes from a file is made inert.
func (p *Plain) printf(format string, args ...any) {
	io.WriteString(p.out, inert.Text(fmt.Sprintf(format, args...)))
}

func (p *Plain) text(t Text, indent string) {
	if t.Main != "" {
		p.printf("%s%s\n", indent, t.Main)
	}
	if t.Also != "" && t.Also != t.Main {
		p.printf("%s(%s) %s\n", indent, p.also, t.Also)
	}
}

// Choose implements Prompter.
func (p *Plain) Choose(ctx context.Context, c *Choice) (Reply, error) {
	c = inertChoice(c)
	p.printf("\n")
	for _, n := range c.Notice {
		p.printf("%s\n", n)
	}
	if c.Progress != "" {
		p.printf("%s\n", c.Progress)
	}
	p.text(c.Title, "")
	p.text(c.Help, "")
	p.text(c.Current, "")
	for _, e := range c.Explain {
		p.printf("  [%s]\n", e)
	}
	base := 1
	if c.Zero {
		base = 0
	}
	for i, o := range c.Options {
		label := o.Label.Main
		if o.Label.Also != "" && o.Label.Also != o.Label.Main {
			label += " / " + o.Label.Also
		}
		p.printf("  %d. %s\n", i+base, label)
	}
	keys := p.keys()
	if !p.hinted {
		// Said once; after that only when the input was not understood.
		p.hinted = true
		p.printf("%s\n", p.loc.T("session.plain.hint"))
	}
	var hint []string
	if c.Back {
		hint = append(hint, p.loc.T("session.plain.back", "Key", keys.back.show()))
	}
	if c.Skip {
		hint = append(hint, p.loc.T("session.plain.skip", "Key", keys.skip.show()))
	}
	if c.Reread {
		hint = append(hint, p.loc.T("session.plain.reread", "Key", keys.reread.show()))
	}
	hint = append(hint, p.loc.T("session.plain.stop", "Key", keys.stop.show()))
	p.printf("%s\n", strings.Join(hint, " · "))
	for {
		p.printf("> ")
		line, err := p.readLine(ctx)
		if err != nil {
			p.printf("\n")
			return Reply{}, err
		}
		low := strings.ToLower(line)
		switch {
		case keys.stop.has(low):
			return Reply{}, ErrStopped
		case c.Back && keys.isBack(line):
			return Reply{Action: WentBack}, nil
		case c.Skip && keys.skip.has(low):
			return Reply{Action: Skipped}, nil
		case c.Reread && keys.reread.has(low):
			return Reply{Action: Reread}, nil
		}
		if n, ok := number(line); ok && n >= base && n-base < len(c.Options) {
			return Reply{Action: Chose, ID: c.Options[n-base].ID}, nil
		}
		p.printf("%s\n", p.loc.T("session.plain.invalid", "From", base, "To", len(c.Options)-1+base))
	}
}

// Show implements Prompter.
func (p *Plain) Show(ctx context.Context, pg *Page) error {
	pg = inertPage(pg)
	p.printf("\n")
	p.page(p.out, pg)
	p.printf("%s\n> ", p.loc.T("session.plain.continue"))
	for {
		line, err := p.readLine(ctx)
		if err != nil {
			p.printf("\n")
			return err
		}
		if p.keys().stop.has(strings.ToLower(line)) {
			return ErrStopped
		}
		return nil
	}
}

// Result implements Prompter: the result goes to the result stream
// (stdout); then the person finishes with the stop key or, with pg.Back,
// goes back to the answers. The end of the input finishes too.
func (p *Plain) Result(ctx context.Context, pg *Page) (Action, error) {
	p.page(p.result, inertPage(pg))
	keys := p.keys()
	var hint []string
	if pg.Back {
		hint = append(hint, p.loc.T("session.plain.back-to-answers", "Key", keys.back.show()))
	}
	hint = append(hint, p.loc.T("session.plain.finish", "Key", keys.stop.show()))
	p.printf("\n%s\n", strings.Join(hint, " · "))
	for {
		p.printf("> ")
		line, err := p.readLine(ctx)
		if errors.Is(err, ErrEndOfInput) {
			p.printf("\n")
			return Done, nil
		}
		if err != nil {
			p.printf("\n")
			return Done, err
		}
		switch {
		case keys.stop.has(strings.ToLower(line)):
			return Done, nil
		case pg.Back && keys.isBack(line):
			return WentBack, nil
		}
		p.printf("%s\n", p.loc.T("session.plain.letters"))
	}
}

func (p *Plain) page(w io.Writer, pg *Page) {
	for _, n := range pg.Notice {
		fmt.Fprintln(w, n)
	}
	if pg.Title != "" {
		fmt.Fprintln(w, pg.Title)
	}
	for _, l := range pg.Lines {
		fmt.Fprintln(w, l)
	}
}

type keySet []string

func (k keySet) has(s string) bool {
	for _, x := range k {
		if s == x {
			return true
		}
	}
	return false
}

// show is what the hint shows: the language's own key, and beside it the
// Latin one when the own key is a letter a Latin keyboard cannot type (ر,
// н), so that the key works on whatever keyboard is at hand.
func (k keySet) show() string {
	for _, r := range k[0] {
		if r > unicode.MaxASCII && len(k) > 1 {
			return k[0] + " (" + k[1] + ")"
		}
	}
	return k[0]
}

type plainKeys struct{ back, skip, stop, reread keySet }

// isBack: the back letter, or the Left arrow or Backspace where the
// terminal passes them on as they are (b, Backspace and Left go back in
// both modes).
func (k plainKeys) isBack(line string) bool {
	switch line {
	case "\x1b[D", "\x1bOD", "\x7f", "\b":
		return true
	}
	return k.back.has(strings.ToLower(strings.TrimSpace(line)))
}

// keys are the typed commands: the language's own letters first, and the
// English ones too where they do not mean something else in the language,
// so that an interviewer used to them is not stuck and a Latin keyboard
// works in a language written in another script.
func (p *Plain) keys() plainKeys {
	ids := []string{"session.keys.back", "session.keys.skip", "session.keys.stop", "session.keys.reread"}
	en := []string{"b", "s", "q", "r"}
	own := make([]string, len(ids))
	for i, id := range ids {
		own[i] = strings.ToLower(strings.TrimSpace(p.loc.T(id)))
	}
	sets := make([]keySet, len(ids))
	for i := range ids {
		sets[i] = keySet{own[i]}
		if !keySet(own).has(en[i]) {
			sets[i] = append(sets[i], en[i])
		}
	}
	return plainKeys{back: sets[0], skip: sets[1], stop: sets[2], reread: sets[3]}
}

// digitZeros are the zeros of decimal digit systems a person may type in,
// besides ASCII: Arabic-Indic, Extended Arabic-Indic (Persian, Urdu),
// Devanagari, Bengali, Gurmukhi, Thai, Myanmar and full-width digits.
var digitZeros = []rune{0x0660, 0x06F0, 0x0966, 0x09E6, 0x0A66, 0x0E50, 0x1040, 0xFF10}

// number parses a choice number written in any of those digit systems.
func number(s string) (int, bool) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case unicode.IsDigit(r):
			ok := false
			for _, z := range digitZeros {
				if r >= z && r <= z+9 {
					b.WriteRune('0' + (r - z))
					ok = true
					break
				}
			}
			if !ok {
				return 0, false
			}
		default:
			return 0, false
		}
	}
	if b.Len() == 0 || b.Len() > 4 {
		return 0, false
	}
	n, err := strconv.Atoi(b.String())
	return n, err == nil
}
