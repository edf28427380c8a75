package tui

import (
	"fmt"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/lambdatutor/lambdatutor/lessons"
)

// saveDelay is how long the reader waits after the last scroll before it
// writes the position, so that holding a key does not write on every line.
const saveDelay = 400 * time.Millisecond

type readerKeys struct {
	up, down, pageDown, pageUp, top, bottom key.Binding
	nextSection, prevSection                key.Binding
	nextLesson, prevLesson, complete        key.Binding
	scale                                   key.Binding // lessons with a Scale scenario
}

func newReaderKeys() readerKeys {
	return readerKeys{
		up:          key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		down:        key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		pageDown:    key.NewBinding(key.WithKeys("pgdown", "space", "f"), key.WithHelp("space/pgdn", "page down")),
		pageUp:      key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("b/pgup", "page up")),
		top:         key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g/home", "top")),
		bottom:      key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G/end", "bottom")),
		nextSection: key.NewBinding(key.WithKeys("]", "tab"), key.WithHelp("]/tab", "next section")),
		prevSection: key.NewBinding(key.WithKeys("[", "shift+tab"), key.WithHelp("[/shift+tab", "previous section")),
		nextLesson:  key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next lesson")),
		prevLesson:  key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "previous lesson")),
		complete:    key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "mark complete")),
		scale:       key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "try it on the Scale screen")),
	}
}

// reader shows one lesson in a scrolling viewport.
type reader struct {
	c        *common
	lesson   *lessons.Lesson
	rendered *Rendered
	vp       viewport.Model
	keys     readerKeys
	width    int
	height   int
	// offset is the position to restore once the lesson is laid out.
	offset  int
	done    bool
	saveSeq int
	err     error
	// pinned is the section last jumped to, until the next scroll; near the
	// end of a lesson a heading cannot reach the top of the view.
	pinned int
	// view caches the last frame: the viewport styles every visible line
	// again on each View, which at hundreds of SSH sessions adds up.
	view    string
	viewKey readerViewKey
}

type readerViewKey struct {
	rendered              *Rendered
	offset, width, height int
	done                  bool
	pinned                int
}

type saveTickMsg struct{ seq int }

func newReader(c *common, l *lessons.Lesson, offset int) *reader {
	r := &reader{c: c, lesson: l, offset: offset, keys: newReaderKeys(), pinned: -1}
	r.vp = viewport.New()
	r.vp.KeyMap = viewport.KeyMap{} // the reader handles keys itself
	r.done = lessonRecords(c)[l.ID].Completed()
	return r
}

// resumeReader opens the last lesson at its saved position, or returns nil.
func resumeReader(c *common) *reader {
	id, off, ok := lastPosition(c)
	if !ok {
		return nil
	}
	l, err := c.Catalog.Get(id)
	if err != nil {
		return nil
	}
	return newReader(c, l, off)
}

func (r *reader) Title() string   { return r.lesson.Title }
func (r *reader) Capturing() bool { return false }

func (r *reader) SetSize(w, h int) {
	if w == r.width && h == r.height && r.rendered != nil {
		return
	}
	if r.rendered != nil {
		r.offset = r.vp.YOffset()
	}
	r.width, r.height = w, h
	r.vp.SetWidth(w)
	r.vp.SetHeight(max(1, h-1))
	r.layout()
}

// layout renders the lesson for the current width (from the cache when it
// was shown before) and restores the scroll position.
func (r *reader) layout() {
	rd, err := RenderLesson(r.lesson, r.width, r.c.glamourStyle())
	if err != nil {
		r.err = err
		r.vp.SetContent(err.Error())
		return
	}
	r.err = nil
	r.rendered = rd
	r.vp.SetContentLines(rd.Lines)
	r.vp.SetYOffset(r.offset)
}

func (r *reader) Keys() help.KeyMap {
	k := r.keys
	complete := k.complete
	if r.done {
		complete = key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "mark not complete"))
	}
	full := [][]key.Binding{
		{k.up, k.down, k.pageUp, k.pageDown, k.top, k.bottom},
		{k.nextSection, k.prevSection},
		{k.nextLesson, k.prevLesson, complete},
	}
	if sk := scaleKeysFor(r.lesson.ID, k.scale); sk != nil {
		full = append(full, sk)
	}
	return keyMap{
		short: []key.Binding{k.down, k.pageDown, k.nextSection, k.nextLesson, complete},
		full:  full,
	}
}

func (r *reader) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case saveTickMsg:
		if msg.seq == r.saveSeq {
			if err := r.save(); err != nil {
				return r, status(err.Error(), true)
			}
		}
		return r, nil
	case tea.KeyPressMsg:
		k := r.keys
		before := r.vp.YOffset()
		if !key.Matches(msg, k.nextSection, k.prevSection) {
			r.pinned = -1
		}
		switch {
		case key.Matches(msg, k.up):
			r.vp.ScrollUp(1)
		case key.Matches(msg, k.down):
			r.vp.ScrollDown(1)
		case key.Matches(msg, k.pageDown):
			r.vp.PageDown()
		case key.Matches(msg, k.pageUp):
			r.vp.PageUp()
		case key.Matches(msg, k.top):
			r.vp.GotoTop()
		case key.Matches(msg, k.bottom):
			r.vp.GotoBottom()
		case key.Matches(msg, k.nextSection):
			r.jumpSection(+1)
		case key.Matches(msg, k.prevSection):
			r.jumpSection(-1)
		case key.Matches(msg, k.scale) && lessonScenarios[r.lesson.ID] != "":
			return r, r.c.open(newScaleScreenFor(r.c, lessonScenarios[r.lesson.ID]))
		case key.Matches(msg, k.nextLesson):
			return r, r.switchLesson(+1)
		case key.Matches(msg, k.prevLesson):
			return r, r.switchLesson(-1)
		case key.Matches(msg, k.complete):
			r.done = !r.done
			if cmd := setCompleted(r.c, r.lesson.ID, r.done); cmd != nil {
				return r, cmd
			}
			if r.done {
				return r, status(fmt.Sprintf("%q marked complete", r.lesson.Title), false)
			}
			return r, status(fmt.Sprintf("%q marked not complete", r.lesson.Title), false)
		}
		if r.vp.YOffset() != before {
			r.saveSeq++
			seq := r.saveSeq
			return r, tea.Tick(saveDelay, func(time.Time) tea.Msg { return saveTickMsg{seq} })
		}
	}
	return r, nil
}

// currentSection is the index of the section at the top of the view.
func (r *reader) currentSection() int {
	if r.rendered == nil {
		return -1
	}
	if r.pinned >= 0 {
		return r.pinned
	}
	cur := -1
	for i, line := range r.rendered.Sections {
		if line <= r.vp.YOffset() {
			cur = i
		}
	}
	return cur
}

func (r *reader) jumpSection(dir int) {
	if r.rendered == nil || len(r.rendered.Sections) == 0 {
		return
	}
	cur := r.currentSection()
	next := cur + dir
	if dir < 0 && cur >= 0 && r.rendered.Sections[cur] < r.vp.YOffset() {
		// Inside a section: "previous" goes to its own heading first.
		next = cur
	}
	switch {
	case next < 0:
		r.vp.GotoTop()
		r.pinned = -1
	case next >= len(r.rendered.Sections):
		r.vp.GotoBottom()
		r.pinned = len(r.rendered.Sections) - 1
	default:
		r.vp.SetYOffset(r.rendered.Sections[next])
		r.pinned = next
	}
}

// switchLesson saves this lesson's place and shows the next or previous one
// at its own saved place.
func (r *reader) switchLesson(dir int) tea.Cmd {
	all := r.c.Catalog.All()
	i := r.c.Catalog.Index(r.lesson.ID) + dir
	if i < 0 || i >= len(all) {
		if dir > 0 {
			return status("this is the last lesson", false)
		}
		return status("this is the first lesson", false)
	}
	var cmd tea.Cmd
	if err := r.save(); err != nil {
		cmd = status(err.Error(), true)
	}
	next := all[i]
	off := position(r.c, next.ID)
	r.lesson = next
	r.offset = off
	r.pinned = -1
	r.done = lessonRecords(r.c)[next.ID].Completed()
	r.layout()
	if err := r.save(); err != nil && cmd == nil {
		cmd = status(err.Error(), true)
	}
	return cmd
}

func (r *reader) save() error {
	return savePosition(r.c, r.lesson.ID, r.vp.YOffset())
}

// leave saves the position when the reader closes.
func (r *reader) leave() { _ = r.save() }

func (r *reader) View() string {
	k := readerViewKey{r.rendered, r.vp.YOffset(), r.width, r.height, r.done, r.pinned}
	if k == r.viewKey && r.view != "" {
		return r.view
	}
	r.view, r.viewKey = r.render(), k
	return r.view
}

func (r *reader) render() string {
	st := r.c.styles
	pct := int(r.vp.ScrollPercent() * 100)
	if r.rendered != nil && len(r.rendered.Lines) <= r.vp.Height() {
		pct = 100
	}
	where := ""
	if cur := r.currentSection(); cur >= 0 {
		where = fmt.Sprintf("§ %d/%d %s · ", cur+1, len(r.lesson.Sections), r.lesson.Sections[cur].Title)
	}
	info := fmt.Sprintf("%s%d%% · lesson %d of %d", where, pct, r.c.Catalog.Index(r.lesson.ID)+1, r.c.Catalog.Len())
	if r.done {
		info += " · " + st.ok.Render("✓ completed")
	} else if pct == 100 {
		info += " · press c to mark complete"
	}
	return r.vp.View() + "\n" + st.dim.Render(truncate(info, r.width))
}
