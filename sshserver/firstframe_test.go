package sshserver

import (
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/lambdatutor/lambdatutor/sshserver/sshtest"
)

// firstView records the first view its model gives.
type firstView struct {
	tea.Model
	rec *viewRecord
}

type viewRecord struct {
	once  sync.Once
	first string
	done  chan struct{}
}

func (f firstView) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := f.Model.Update(msg)
	return firstView{m, f.rec}, cmd
}

func (f firstView) View() tea.View {
	v := f.Model.View()
	f.rec.once.Do(func() { f.rec.first = v.Content; close(f.rec.done) })
	return v
}

// The TUI over SSH knows the client's window size before its first view,
// so that the first frame has content: a model told its size only by the
// program's size message draws an empty first view, and the learner waits
// for the message's round trip and another frame.
func TestFirstViewOverSSHHasContent(t *testing.T) {
	ts := startServer(t, Config{})
	rec := &viewRecord{done: make(chan struct{})}
	ts.wrapModel = func(m tea.Model) tea.Model { return firstView{m, rec} }
	term := dial(t, ts.addr, sshtest.Options{Key: newKey(t), Width: 100, Height: 30})
	waitFor(t, term, "lessons completed")
	<-rec.done
	if !strings.Contains(rec.first, "lambdatutor") || !strings.Contains(rec.first, "lessons completed") {
		t.Errorf("the first view over SSH is not the home screen:\n%q", rec.first)
	}
}
