package prompt

import (
	"context"
	"errors"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/continuum-screening/continuum/internal/i18n"
	"github.com/continuum-screening/continuum/internal/inert"
)

// ClearAll clears the screen and the scrollback and homes the cursor:
// erase display (2J), erase saved lines (3J), cursor home.
const ClearAll = "\x1b[2J\x1b[3J\x1b[H"

// TUI is the full-screen prompter. One Bubble Tea program runs for the whole
// session on the alternate screen, so no answer ever reaches the terminal's
// scrollback; each screen is a huh form (one Select) or a scrollable page.
// Esc and Ctrl+C are the quick exit: the program quits at once, the terminal
// is restored, and the main screen and its scrollback are cleared.
type TUI struct {
	in      io.Reader
	out     io.Writer
	also    string
	noColor bool
	getenv  func(string) string
	idle    time.Duration // no key for this long: quick exit; 0 for never

	mu    sync.Mutex
	loc   *i18n.Localizer
	prog  *tea.Program
	done  chan struct{}
	quit  bool // the program ended by the quick exit (or a signal)
	idled bool // … because no key came for the idle time
	err   error
}

// NewTUI returns the full-screen prompter; it starts the program on the first
// screen. out is the terminal (stderr, so that stdout stays for machines).
func NewTUI(in io.Reader, out io.Writer, loc *i18n.Localizer, also string, noColor bool) *TUI {
	return &TUI{in: in, out: out, loc: loc, also: also, noColor: noColor}
}

// SetEnv sets where the colour settings are read from (TERM, COLORTERM,
// NO_COLOR, CLICOLOR, CLICOLOR_FORCE); without it there is no colour.
func (t *TUI) SetEnv(getenv func(string) string) { t.getenv = getenv }

// SetIdle sets the idle time: when no key comes for that long, the session
// ends as by the quick exit. 0 (the default) never ends it.
func (t *TUI) SetIdle(d time.Duration) { t.idle = d }

// SetLocalizer implements Prompter.
func (t *TUI) SetLocalizer(loc *i18n.Localizer) {
	t.mu.Lock()
	t.loc = loc
	t.mu.Unlock()
}

// chrome is the prompter's own words for one screen, taken in the caller's
// goroutine so that the program never reads the localizer concurrently.
type chrome struct {
	keys  []string // the keys of the screen, the quick exit first
	more  string   // "↓ more below"
	above string   // "↑ more above"
}

type request struct {
	choice *Choice
	page   *Page
	final  bool
	chrome chrome
	reply  chan Reply
}

// colourProfile is the colour support the environment declares (NO_COLOR,
// TERM, COLORTERM, CLICOLOR), and nothing else. Bubble Tea would otherwise
// detect it: read the terminfo database, which looks the user up (with the C
// library, a connection to the nscd socket), and inside tmux run "tmux
// info", another program that talks to the tmux server's socket.
func colourProfile(noColor bool, getenv func(string) string) colorprofile.Profile {
	if noColor || getenv == nil {
		return colorprofile.Ascii
	}
	var env []string
	for _, k := range []string{"TERM", "COLORTERM", "NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE"} {
		if v := getenv(k); v != "" {
			env = append(env, k+"="+v)
		}
	}
	return colorprofile.Env(env)
}

func (t *TUI) start() {
	if t.prog != nil {
		return
	}
	// The command catches SIGINT, SIGTERM and SIGHUP itself and ends the
	// program through the context (quickExit); a second handler here would
	// race it, and Bubble Tea's shutdown can then wait for ever on its own
	// signal goroutine.
	opts := []tea.ProgramOption{tea.WithInput(t.in), tea.WithOutput(t.out), tea.WithoutSignalHandler(),
		tea.WithColorProfile(colourProfile(t.noColor, t.getenv))}
	m := &tuiModel{also: t.also, idle: t.idle, lastKey: time.Now()}
	t.prog = tea.NewProgram(m, opts...)
	t.done = make(chan struct{})
	go func() {
		final, err := t.prog.Run()
		fm, _ := final.(*tuiModel)
		t.mu.Lock()
		if errors.Is(err, tea.ErrInterrupted) || errors.Is(err, tea.ErrProgramKilled) || (fm != nil && fm.quick) {
			t.quit = true
			t.idled = fm != nil && fm.idled
			err = nil
		}
		t.err = err
		if t.quit {
			// The alternate screen is gone; clear what is under it too.
			io.WriteString(t.out, ClearAll)
		}
		t.mu.Unlock()
		close(t.done)
	}()
}

func (t *TUI) send(ctx context.Context, req *request) (Reply, error) {
	t.start()
	req.reply = make(chan Reply, 1)
	select {
	case <-t.done:
		return Reply{}, t.ended()
	default:
	}
	t.prog.Send(req)
	select {
	case r := <-req.reply:
		return r, nil
	case <-t.done:
		return Reply{}, t.ended()
	case <-ctx.Done():
		t.quickExit()
		return Reply{}, ErrQuickExit
	}
}

func (t *TUI) ended() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.idled {
		return ErrIdle
	}
	if t.quit {
		return ErrQuickExit
	}
	if t.err != nil {
		return t.err
	}
	return ErrStopped
}

// quickExit ends the program from outside (a signal) as the key would.
func (t *TUI) quickExit() {
	if t.prog == nil {
		return
	}
	t.prog.Send(quickExitMsg{})
	<-t.done
}

type quickExitMsg struct{}

func (t *TUI) chrome(c *Choice, page *Page, final bool) chrome {
	t.mu.Lock()
	l := t.loc
	t.mu.Unlock()
	// The quick exit comes first, so that no width can cut it off.
	k := []string{l.T("session.tui.quick-exit")}
	switch {
	case final:
		k = append(k, l.T("session.tui.scroll"))
		if page.Back {
			k = append(k, l.T("session.tui.back-to-answers"))
		}
		k = append(k, l.T("session.tui.finish"))
	case page != nil:
		k = append(k, l.T("session.tui.scroll"), l.T("session.plain.continue"))
	default:
		k = append(k, l.T("session.tui.choose"))
		if c.Back {
			k = append(k, l.T("session.tui.back"))
		}
		if c.Skip {
			k = append(k, l.T("session.tui.skip"))
		}
		if c.Reread {
			k = append(k, l.T("session.tui.reread"))
		}
	}
	return chrome{keys: inert.Lines(k), more: inert.Text(l.T("session.tui.more-below")), above: inert.Text(l.T("session.tui.more-above"))}
}

// Choose implements Prompter.
func (t *TUI) Choose(ctx context.Context, c *Choice) (Reply, error) {
	return t.send(ctx, &request{choice: inertChoice(c), chrome: t.chrome(c, nil, false)})
}

// Show implements Prompter.
func (t *TUI) Show(ctx context.Context, p *Page) error {
	_, err := t.send(ctx, &request{page: inertPage(p), chrome: t.chrome(nil, p, false)})
	return err
}

// Result implements Prompter: the result stays on the alternate screen until
// the person finishes (q) or goes back to the answers; then it is gone from
// the terminal.
func (t *TUI) Result(ctx context.Context, p *Page) (Action, error) {
	r, err := t.send(ctx, &request{page: inertPage(p), final: true, chrome: t.chrome(nil, p, true)})
	return r.Action, err
}

// Close implements Prompter: it ends the program and restores the terminal.
func (t *TUI) Close() error {
	if t.prog == nil {
		return nil
	}
	select {
	case <-t.done:
	default:
		t.prog.Quit()
		<-t.done
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.err
}

// tuiModel is the Bubble Tea model: the current screen, drawn by the
// project's own layout so that lines wrap with their indentation, nothing
// is preselected, long lists say that more lies below, and the keys (the
// quick exit first) always stay on the screen.
type tuiModel struct {
	also          string
	idle          time.Duration
	lastKey       time.Time
	idled         bool
	req           *request
	width, height int
	cursor        int    // the option under the cursor; -1 before any move
	digits        string // a number being typed
	offset        int    // the first line of the body shown
	follow        bool   // bring the cursor into view on the next draw
	last          string // the screen shown while the next one is coming
	quick         bool
}

type idleTick struct{}

func (m *tuiModel) tick() tea.Cmd {
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return idleTick{} })
}

func (m *tuiModel) Init() tea.Cmd {
	if m.idle > 0 {
		return m.tick()
	}
	return nil
}

func (m *tuiModel) reply(r Reply) {
	if m.req != nil {
		m.req.reply <- r
	}
	m.last = m.View().Content
	m.req = nil
}

func (m *tuiModel) quit() (tea.Model, tea.Cmd) {
	m.quick = true
	m.req, m.last = nil, ""
	return m, tea.Quit
}

// isBack: b, Backspace, Left and Shift+Tab all go back, as in plain mode.
func isBack(k string) bool {
	switch k {
	case "b", "backspace", "left", "shift+tab":
		return true
	}
	return false
}

func (m *tuiModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case idleTick:
		if m.idle > 0 && time.Since(m.lastKey) >= m.idle {
			m.idled = true
			return m.quit()
		}
		return m, m.tick()
	case quickExitMsg:
		return m.quit()
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.follow = true
		return m, nil
	case *request:
		m.req = msg
		m.last = ""
		m.cursor, m.digits, m.offset, m.follow = -1, "", 0, false
		return m, nil
	case tea.KeyPressMsg:
		m.lastKey = time.Now()
		k := msg.String()
		// Ctrl+\ arrives as a key in raw mode; like Ctrl+C it ends the
		// session as SIGQUIT would in line mode.
		if k == "esc" || k == "ctrl+c" || k == "ctrl+\\" {
			return m.quit()
		}
		if m.req == nil {
			return m, nil
		}
		if m.scroll(k) {
			return m, nil
		}
		if p := m.req.page; p != nil {
			switch {
			case m.req.final && k == "q":
				m.reply(Reply{Action: Done})
			case m.req.final && p.Back && isBack(k):
				m.reply(Reply{Action: WentBack})
			case !m.req.final && k == "enter":
				m.reply(Reply{})
			}
			return m, nil
		}
		m.key(k)
	}
	return m, nil
}

// scroll handles the keys that move through the body: on a page they
// scroll; on a choice the arrows move the cursor.
func (m *tuiModel) scroll(k string) bool {
	page := m.req.page != nil
	step := 0
	switch k {
	case "up", "k":
		step = -1
	case "down", "j":
		step = 1
	case "pgup":
		step = -max(m.bodyHeight()-1, 1)
	case "pgdown":
		step = max(m.bodyHeight()-1, 1)
	case "space", " ":
		if !page {
			return false
		}
		step = max(m.bodyHeight()-1, 1)
	case "home":
		step = -1 << 20
	case "end":
		step = 1 << 20
	default:
		return false
	}
	if !page && (k == "up" || k == "down" || k == "k" || k == "j") {
		n := len(m.req.choice.Options)
		switch {
		case n == 0:
		case m.cursor < 0 && step > 0:
			m.cursor = 0
		case m.cursor < 0:
			m.cursor = n - 1
		default:
			m.cursor = min(max(m.cursor+step, 0), n-1)
		}
		m.digits = ""
		m.follow = true
		return true
	}
	m.offset += step
	m.follow = false
	return true
}

func (m *tuiModel) key(k string) {
	c := m.req.choice
	switch {
	case isBack(k):
		m.digits = ""
		if c.Back {
			m.reply(Reply{Action: WentBack})
		}
		return
	case k == "s":
		if c.Skip {
			m.reply(Reply{Action: Skipped})
		}
		return
	case k == "r":
		if c.Reread {
			m.reply(Reply{Action: Reread})
		}
		return
	case k == "enter":
		// Nothing is preselected: Enter chooses only the option the
		// person moved to.
		if m.cursor >= 0 && m.cursor < len(c.Options) {
			m.reply(Reply{Action: Chose, ID: c.Options[m.cursor].ID})
		}
		return
	}
	if d, ok := number(k); ok && len([]rune(k)) == 1 {
		base := 1
		if c.Zero {
			base = 0
		}
		n, _ := strconv.Atoi(m.digits + strconv.Itoa(d))
		top := len(c.Options) - 1 + base
		if n-base < 0 || n-base >= len(c.Options) {
			// Not an option: start again with this digit alone.
			m.digits = ""
			if n = d; n-base < 0 || n-base >= len(c.Options) {
				return
			}
		}
		if n == 0 || n*10 > top {
			m.reply(Reply{Action: Chose, ID: c.Options[n-base].ID})
			return
		}
		// More options start with these digits: move there and wait for
		// the next digit or Enter.
		m.digits = strconv.Itoa(n)
		m.cursor = n - base
		m.follow = true
		return
	}
	m.digits = ""
}

func (m *tuiModel) lineWidth() int {
	if m.width <= 0 {
		return 80
	}
	return min(m.width, 100)
}

func (m *tuiModel) bilingual(t Text) string {
	if t.Also == "" || t.Also == t.Main {
		return t.Main
	}
	return t.Main + "\n(" + m.also + ") " + t.Also
}

func (m *tuiModel) header() []string {
	if m.req == nil {
		return nil
	}
	var h []string
	if p := m.req.page; p != nil {
		h = p.Notice
	} else {
		h = append(h, m.req.choice.Notice...)
		if p := m.req.choice.Progress; p != "" {
			h = append(h, p)
		}
	}
	var out []string
	for _, l := range h {
		out = append(out, wrapAll(l, m.lineWidth())...)
	}
	return out
}

func (m *tuiModel) footer() []string {
	if m.req == nil {
		return nil
	}
	return wrap(strings.Join(m.req.chrome.keys, " · "), m.lineWidth())
}

// bodyHeight is the number of body lines that fit between the header and
// the footer, with a blank line after the header and one line for "more
// below".
func (m *tuiModel) bodyHeight() int {
	h := m.height
	if h <= 0 {
		h = 24
	}
	used := len(m.footer()) + 1
	if hd := len(m.header()); hd > 0 {
		used += hd + 1
	}
	return max(h-used, 3)
}

var (
	bold  = lipgloss.NewStyle().Bold(true)
	faint = lipgloss.NewStyle().Faint(true)
)

// body is the screen's content as lines of the terminal's width; for a
// choice, first and last give each option's lines.
func (m *tuiModel) body() (lines []string, first, last []int) {
	w := m.lineWidth()
	add := func(text string, style *lipgloss.Style) {
		for _, l := range wrapAll(text, w) {
			if style != nil && l != "" {
				l = style.Render(l)
			}
			lines = append(lines, l)
		}
	}
	if p := m.req.page; p != nil {
		if p.Title != "" {
			add(p.Title, &bold)
			lines = append(lines, "")
		}
		for _, l := range p.Lines {
			add(l, nil)
		}
		return lines, nil, nil
	}
	c := m.req.choice
	add(m.bilingual(c.Title), &bold)
	if h := m.bilingual(c.Help); h != "" {
		lines = append(lines, "")
		add(h, nil)
	}
	if cur := m.bilingual(c.Current); cur != "" {
		lines = append(lines, "")
		add(cur, nil)
	}
	for _, e := range c.Explain {
		add("["+e+"]", nil)
	}
	lines = append(lines, "")
	base := 1
	if c.Zero {
		base = 0
	}
	for i, o := range c.Options {
		num := strconv.Itoa(i+base) + ". "
		pre := "  "
		if i == m.cursor {
			pre = "> "
		}
		in := strings.Repeat(" ", len(pre)+len(num))
		first = append(first, len(lines))
		for j, l := range wrap(num+o.Label.Main, w-len(pre)) {
			if j == 0 {
				l = pre + l
			} else {
				l = "  " + l
			}
			if i == m.cursor {
				l = bold.Render(l)
			}
			lines = append(lines, l)
		}
		if o.Label.Also != "" && o.Label.Also != o.Label.Main {
			for _, l := range wrap("("+m.also+") "+o.Label.Also, w-len(in)) {
				lines = append(lines, in+l)
			}
		}
		last = append(last, len(lines)-1)
	}
	return lines, first, last
}

func (m *tuiModel) View() tea.View {
	var content string
	switch {
	case m.quick:
		content = ""
	case m.req == nil:
		content = m.last
	default:
		body, first, last := m.body()
		h := m.bodyHeight()
		if m.follow && m.cursor >= 0 && m.cursor < len(first) {
			if last[m.cursor] >= m.offset+h {
				m.offset = last[m.cursor] - h + 1
			}
			if first[m.cursor] < m.offset {
				m.offset = first[m.cursor]
			}
		}
		m.offset = min(max(m.offset, 0), max(len(body)-h, 0))
		end := min(m.offset+h, len(body))
		var parts []string
		if hd := m.header(); len(hd) > 0 {
			parts = append(parts, hd...)
			parts = append(parts, "")
		}
		parts = append(parts, body[m.offset:end]...)
		for i := end - m.offset; i < h; i++ {
			parts = append(parts, "")
		}
		var more []string
		if m.offset > 0 {
			more = append(more, m.req.chrome.above)
		}
		if end < len(body) {
			more = append(more, m.req.chrome.more)
		}
		parts = append(parts, faint.Render(strings.Join(more, "  ")))
		for _, l := range m.footer() {
			parts = append(parts, faint.Render(l))
		}
		content = strings.Join(parts, "\n")
	}
	v := tea.NewView(content)
	v.AltScreen = true
	return v
}
