//go:build linux

package tui

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"
	"golang.org/x/sys/unix"
)

// openPTY opens a pseudo-terminal of cols x rows and returns its terminal
// side.
func openPTY(t *testing.T, cols, rows int) *os.File {
	t.Helper()
	ptmx, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here (/dev/ptmx: %v)", err)
	}
	t.Cleanup(func() { ptmx.Close() })
	if err := unix.IoctlSetPointerInt(int(ptmx.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(int(ptmx.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	tty, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tty.Close() })
	if err := unix.IoctlSetWinsize(int(tty.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Col: uint16(cols), Row: uint16(rows)}); err != nil {
		t.Fatal(err)
	}
	return tty
}

// The first frame is drawn with the terminal's size, not empty while the
// size travels through Bubble Tea's event loop.
func TestPresizeGivesTheFirstViewItsSize(t *testing.T) {
	tty := openPTY(t, 100, 30)
	s, uid := testStore(t)
	a := newTestApp(t, s, uid, false)
	presize(a, tty)
	if !a.sized || a.c.width != 100 || a.c.height != 30 {
		t.Fatalf("after presize on a 100x30 terminal: sized=%v %dx%d", a.sized, a.c.width, a.c.height)
	}
	if !strings.Contains(screenText(a), "lambdatutor") {
		t.Fatalf("the first view has no header:\n%s", screenText(a))
	}

	// Output that is not a terminal leaves the size to Bubble Tea.
	b := newTestApp(t, s, uid, false)
	presize(b, &bytes.Buffer{})
	if b.sized {
		t.Fatal("presize sized the model for output that is not a terminal")
	}
}

// AfterFirstFrame runs once, after the first write that follows a view with
// content, and a terminal stays a terminal for Bubble Tea.
func TestAfterFirstFrame(t *testing.T) {
	s, uid := testStore(t)
	ran := make(chan struct{}, 2)
	ff := &firstFrame{App: newTestApp(t, s, uid, false), run: func() { ran <- struct{}{} }}
	var buf bytes.Buffer
	w := ff.wrap(&buf)
	if _, ok := w.(term.File); ok {
		t.Fatal("a buffer became a terminal")
	}
	_, _ = w.Write([]byte("\x1b[?2026$p"))
	if v := ff.View(); v.Content != "" {
		t.Fatal("an unsized app drew content")
	}
	_, _ = w.Write([]byte("x"))
	if len(ran) != 0 {
		t.Fatal("ran before any frame with content")
	}
	if m, _ := ff.Update(tea.WindowSizeMsg{Width: 100, Height: 30}); m != tea.Model(ff) {
		t.Fatalf("Update returned %T, not the wrapper", m)
	}
	_ = ff.View()
	_, _ = w.Write([]byte("frame"))
	_, _ = w.Write([]byte("next frame"))
	<-ran
	if len(ran) != 0 {
		t.Fatal("ran twice")
	}
	if buf.String() != "\x1b[?2026$pxframenext frame" {
		t.Fatalf("writes changed: %q", buf.String())
	}

	tty := openPTY(t, 100, 30)
	if _, ok := ff.wrap(tty).(term.File); !ok {
		t.Fatal("a terminal is no longer a term.File once wrapped")
	}
}
