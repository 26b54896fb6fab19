package cli

import (
	"fmt"
	"strings"
	"testing"
)

// TestTrainFullScreen goes through a whole training session in the
// full-screen mode: the label heads every screen (the case, each question,
// the review, the placement, the comparison), and when the trainee finishes
// nothing stays on the screen or in the scrollback.
func TestTrainFullScreen(t *testing.T) {
	bin := terminalBinary(t)
	m := startTmux(t, bin, "train", "apple-harvest", "--lang", "en")
	const label = "TRAINING · Apple harvest, second season"
	labelled := func(want string) {
		t.Helper()
		m.wait(want)
		if s := m.screen(false); !strings.HasPrefix(strings.TrimLeft(s, "\n "), label) {
			t.Fatalf("the screen with %q does not start with the label:\n%s", want, s)
		}
	}
	labelled("A man in his forties")
	m.send("Enter")
	for i := 1; i <= 16; i++ {
		labelled(fmt.Sprintf("Part %d of 16", i))
		m.send("2")
	}
	labelled("Your answers")
	m.send("0")
	labelled("Where on the scale do you place this case?")
	m.send("0")
	labelled("Your answers and the model answers")
	m.send("q")
	m.leftNothing(0)
}

// TestTrainFullScreenQuickExit: Esc on the case leaves at once and clears
// the screen and the scrollback, as in screen.
func TestTrainFullScreenQuickExit(t *testing.T) {
	bin := terminalBinary(t)
	m := startTmux(t, bin, "train", "--lang", "en")
	t.Logf("start: %v", m.wait("Choose a practice case"))
	m.wait("TRAINING")
	m.send("Down") // nothing preselected: the first Down goes to case 1
	m.send("Down")
	m.send("Down")
	m.send("Enter")
	m.wait("A man works at a hand car wash")
	m.send("Escape")
	t.Logf("quick exit: %v", m.wait("EXIT=130"))
	m.leftNothing(130)
}
