package tui

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// While Start loads, its model draws nothing and keeps what it is sent;
// once loaded, the tutor gets every kept message in order (the learner's
// early keys are not lost) and takes over as the program's model.
func TestStartHandsEarlyMessagesToTheTutor(t *testing.T) {
	s, uid := testStore(t)
	ff := &firstFrame{}
	l := &loading{ctx: context.Background(), out: io.Discard, ff: ff}
	for _, msg := range []tea.Msg{
		tea.WindowSizeMsg{Width: 100, Height: 30},
		tea.KeyPressMsg{Code: '1', Text: "1"}, // the lesson list
	} {
		m, cmd := l.Update(msg)
		if m != tea.Model(l) || cmd != nil {
			t.Fatalf("while loading, %T gave %T and a command", msg, m)
		}
		if v := l.View(); v.Content != "" {
			t.Fatalf("drew while loading: %q", v.Content)
		}
	}
	m, _ := l.Update(loadedMsg{opts: Options{Catalog: testCatalog(t), Store: s, UserID: uid, NoColor: true}})
	if m != tea.Model(ff) || ff.App == nil {
		t.Fatalf("once loaded the model is %T, want the tutor", m)
	}
	if got := ff.App.top().Title(); got != "Lessons" {
		t.Errorf("the key typed while loading was not handed on: the screen is %q, want the lesson list", got)
	}
	if !ff.App.sized || ff.App.c.width != 100 || ff.App.c.height != 30 {
		t.Errorf("the size sent while loading was not handed on: sized=%v %dx%d", ff.App.sized, ff.App.c.width, ff.App.c.height)
	}
	if v := m.View(); v.Content == "" {
		t.Error("the loaded tutor draws nothing")
	}
}

// ctrl+c quits while loading, without waiting for the load.
func TestStartQuitsOnCtrlCWhileLoading(t *testing.T) {
	l := &loading{ctx: context.Background(), out: io.Discard, ff: &firstFrame{}}
	_, cmd := l.Update(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	if cmd == nil {
		t.Fatal("ctrl+c while loading gave no command")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("ctrl+c while loading does not quit")
	}
}

// An error from load ends the program, and Start returns it once load has
// returned.
func TestStartReturnsTheLoadError(t *testing.T) {
	want := errors.New("cannot open the progress database")
	in, w := io.Pipe()
	defer w.Close()
	var out bytes.Buffer
	returned := false
	err := Start(context.Background(), Options{NoColor: true}, func(ctx context.Context, opts *Options) error {
		defer func() { returned = true }()
		return want
	}, in, &out)
	if !errors.Is(err, want) {
		t.Fatalf("Start returned %v, want the load's error", err)
	}
	if !returned {
		t.Fatal("Start returned before load did")
	}
}
