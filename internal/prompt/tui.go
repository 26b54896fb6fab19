package prompt

import (
	"context"
	"errors"
	"io"
	"strconv"
	"strings"
	"sync"

	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
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

	mu   sync.Mutex
	loc  *i18n.Localizer
	prog *tea.Program
	done chan struct{}
	quit bool // the program ended by the quick exit (or a signal)
	err  error
}

// NewTUI returns the full-screen prompter; it starts the program on the first
// screen. out is the terminal (stderr, so that stdout stays for machines).
func NewTUI(in io.Reader, out io.Writer, loc *i18n.Localizer, also string, noColor bool) *TUI {
	return &TUI{in: in, out: out, loc: loc, also: also, noColor: noColor}
}

// SetLocalizer implements Prompter.
func (t *TUI) SetLocalizer(loc *i18n.Localizer) {
	t.mu.Lock()
	t.loc = loc
	t.mu.Unlock()
}

// chrome is the prompter's own words for one screen, taken in the caller's
// goroutine so that the program never reads the localizer concurrently.
type chrome struct {
	keys []string
}

type request struct {
	choice *Choice
	page   *Page
	final  bool
	chrome chrome
	reply  chan Reply
}

func (t *TUI) start() {
	if t.prog != nil {
		return
	}
	// The command catches SIGINT, SIGTERM and SIGHUP itself and ends the
	// program through the context (quickExit); a second handler here would
	// race it, and Bubble Tea's shutdown can then wait for ever on its own
	// signal goroutine.
	opts := []tea.ProgramOption{tea.WithInput(t.in), tea.WithOutput(t.out), tea.WithoutSignalHandler()}
	if t.noColor {
		opts = append(opts, tea.WithColorProfile(colorprofile.Ascii))
	}
	m := &tuiModel{also: t.also}
	t.prog = tea.NewProgram(m, opts...)
	t.done = make(chan struct{})
	go func() {
		final, err := t.prog.Run()
		fm, _ := final.(*tuiModel)
		t.mu.Lock()
		if errors.Is(err, tea.ErrInterrupted) || errors.Is(err, tea.ErrProgramKilled) || (fm != nil && fm.quick) {
			t.quit = true
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

func (t *TUI) chrome(c *Choice, page, final bool) chrome {
	t.mu.Lock()
	l := t.loc
	t.mu.Unlock()
	var k []string
	if page {
		k = append(k, l.T("session.tui.scroll"))
		if final {
			k = append(k, l.T("session.tui.finish"))
		} else {
			k = append(k, l.T("session.plain.continue"))
		}
	} else {
		k = append(k, l.T("session.tui.choose"))
		if c.Back {
			k = append(k, l.T("session.tui.back"))
		}
		if c.Skip {
			k = append(k, l.T("session.tui.skip"))
		}
	}
	k = append(k, l.T("session.tui.quick-exit"))
	return chrome{keys: inert.Lines(k)}
}

// Choose implements Prompter.
func (t *TUI) Choose(ctx context.Context, c *Choice) (Reply, error) {
	return t.send(ctx, &request{choice: inertChoice(c), chrome: t.chrome(c, false, false)})
}

// Show implements Prompter.
func (t *TUI) Show(ctx context.Context, p *Page) error {
	_, err := t.send(ctx, &request{page: inertPage(p), chrome: t.chrome(nil, true, false)})
	return err
}

// Result implements Prompter: the result stays on the alternate screen until
// the person finishes; then it is gone from the terminal.
func (t *TUI) Result(ctx context.Context, p *Page) error {
	_, err := t.send(ctx, &request{page: inertPage(p), final: true, chrome: t.chrome(nil, true, true)})
	return err
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

// tuiModel is the Bubble Tea model: the current screen and its huh form.
type tuiModel struct {
	also          string
	req           *request
	form          *huh.Form
	value         string
	vp            viewport.Model
	width, height int
	last          string // the screen shown while the next one is coming
	quick         bool
}

func (m *tuiModel) Init() tea.Cmd { return nil }

func (m *tuiModel) reply(r Reply) {
	if m.req != nil {
		m.req.reply <- r
	}
	m.last = m.View().Content
	m.req, m.form = nil, nil
}

func (m *tuiModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case quickExitMsg:
		m.quick = true
		m.req, m.form, m.last = nil, nil, ""
		return m, tea.Quit
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.resize()
		if m.form != nil {
			_, cmd := m.form.Update(tea.WindowSizeMsg{Width: m.formWidth(), Height: m.bodyHeight()})
			return m, cmd
		}
		return m, nil
	case *request:
		m.req = msg
		m.last = ""
		if msg.page != nil {
			m.vp = viewport.New()
			m.resize()
			return m, nil
		}
		return m, m.newForm(msg.choice)
	case tea.KeyPressMsg:
		switch msg.String() {
		case "esc", "ctrl+c":
			m.quick = true
			m.req, m.form, m.last = nil, nil, ""
			return m, tea.Quit
		}
		if m.req == nil {
			return m, nil
		}
		if m.req.page != nil {
			switch msg.String() {
			case "enter", "space", " ":
				m.reply(Reply{})
				return m, nil
			}
			var cmd tea.Cmd
			m.vp, cmd = m.vp.Update(msg)
			return m, cmd
		}
		c := m.req.choice
		switch s := msg.String(); {
		case s == "shift+tab" || s == "left":
			if c.Back {
				m.reply(Reply{Action: WentBack})
			}
			return m, nil
		case s == "s":
			if c.Skip {
				m.reply(Reply{Action: Skipped})
			}
			return m, nil
		case s == "/":
			return m, nil
		case len(s) == 1 && s[0] >= '1' && s[0] <= '9' && len(c.Options) <= 9:
			if n := int(s[0] - '0'); n <= len(c.Options) {
				m.reply(Reply{Action: Chose, ID: c.Options[n-1].ID})
			}
			return m, nil
		}
	}
	if m.form == nil {
		return m, nil
	}
	_, cmd := m.form.Update(msg)
	if m.form.State == huh.StateCompleted {
		m.reply(Reply{Action: Chose, ID: m.value})
		return m, nil
	}
	return m, cmd
}

func (m *tuiModel) formWidth() int {
	if m.width <= 0 {
		return 80
	}
	return min(m.width, 100)
}

func (m *tuiModel) header() []string {
	if m.req != nil && m.req.page != nil {
		return m.req.page.Notice
	}
	if m.req == nil || m.req.choice == nil {
		return nil
	}
	var h []string
	h = append(h, m.req.choice.Notice...)
	if p := m.req.choice.Progress; p != "" {
		h = append(h, p)
	}
	return h
}

func (m *tuiModel) bodyHeight() int {
	h := m.height
	if h <= 0 {
		h = 24
	}
	return max(h-len(m.header())-3, 5)
}

func (m *tuiModel) resize() {
	m.vp.SetWidth(m.formWidth())
	m.vp.SetHeight(m.bodyHeight() - 1)
	if m.req != nil && m.req.page != nil {
		m.vp.SetContent(m.pageContent())
	}
}

func (m *tuiModel) bilingual(t Text) string {
	if t.Also == "" || t.Also == t.Main {
		return t.Main
	}
	return t.Main + "\n(" + m.also + ") " + t.Also
}

func (m *tuiModel) newForm(c *Choice) tea.Cmd {
	m.value = c.Default
	opts := make([]huh.Option[string], len(c.Options))
	for i, o := range c.Options {
		label := o.Label.Main
		if o.Label.Also != "" && o.Label.Also != o.Label.Main {
			label += " / " + o.Label.Also
		}
		if len(c.Options) <= 9 {
			label = strconv.Itoa(i+1) + ". " + label
		}
		opts[i] = huh.NewOption(label, o.ID)
	}
	desc := m.bilingual(c.Help)
	if len(c.Explain) > 0 {
		desc += "\n\n[" + strings.Join(c.Explain, "]\n[") + "]"
	}
	sel := huh.NewSelect[string]().Title(m.bilingual(c.Title)).Description(desc).Options(opts...).Value(&m.value)
	km := huh.NewDefaultKeyMap()
	km.Quit.SetEnabled(false)
	km.Select.Filter.SetEnabled(false)
	km.Select.Prev.SetEnabled(false)
	m.form = huh.NewForm(huh.NewGroup(sel)).WithTheme(huh.ThemeFunc(huh.ThemeBase16)).
		WithShowHelp(false).WithKeyMap(km).WithWidth(m.formWidth())
	init := m.form.Init()
	_, cmd := m.form.Update(tea.WindowSizeMsg{Width: m.formWidth(), Height: m.bodyHeight()})
	return tea.Batch(init, cmd)
}

func (m *tuiModel) pageContent() string {
	p := m.req.page
	var b strings.Builder
	if p.Title != "" {
		b.WriteString(lipgloss.NewStyle().Bold(true).Render(p.Title))
		b.WriteString("\n\n")
	}
	b.WriteString(strings.Join(p.Lines, "\n"))
	return lipgloss.NewStyle().Width(m.formWidth()).Render(b.String())
}

func (m *tuiModel) View() tea.View {
	var content string
	switch {
	case m.quick:
		content = ""
	case m.req == nil:
		content = m.last
	default:
		var parts []string
		if h := m.header(); len(h) > 0 {
			parts = append(parts, strings.Join(h, "\n"), "")
		}
		if m.req.page != nil {
			parts = append(parts, m.vp.View())
		} else if m.form != nil {
			parts = append(parts, m.form.View())
		}
		parts = append(parts, "", lipgloss.NewStyle().Faint(true).Render(strings.Join(m.req.chrome.keys, " · ")))
		content = strings.Join(parts, "\n")
	}
	v := tea.NewView(content)
	v.AltScreen = true
	return v
}
