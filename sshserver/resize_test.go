package sshserver

import (
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
)

// Each window size sent to the program costs a full repaint, so a size
// the program already has, after capping, is not sent again: the hostile
// bench's client alternates 100000x100000 and 5000x3000, which cap to the
// same size.
func TestRepeatedWindowSizeIsNotSentAgain(t *testing.T) {
	se := &session{}
	se.size.Store(&tea.WindowSizeMsg{Width: 100, Height: 30})
	steps := []struct {
		w, h    int
		changed bool
	}{
		{100, 30, false},
		{100000, 100000, true},
		{5000, 3000, false},
		{MaxWindowWidth, MaxWindowHeight, false},
		{101, 31, true},
		{101, 31, false},
	}
	for _, s := range steps {
		size, changed := se.resize(ssh.Window{Width: s.w, Height: s.h})
		if changed != s.changed {
			t.Errorf("window change to %dx%d: sent = %v, want %v", s.w, s.h, changed, s.changed)
		}
		w, h := capWindow(s.w, s.h)
		if size.Width != w || size.Height != h || *se.size.Load() != size {
			t.Errorf("window change to %dx%d: size %v (stored %v), want %dx%d", s.w, s.h, size, *se.size.Load(), w, h)
		}
	}
}
