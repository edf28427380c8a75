package tui

import (
	"fmt"
	"io"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/list"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/lambdatutor/lambdatutor/lessons"
)

// lessonItem is a lesson in the list.
type lessonItem struct {
	l    *lessons.Lesson
	done bool
	pos  int
}

func (i lessonItem) FilterValue() string {
	return i.l.Title + " " + i.l.ID + " " + strings.Join(i.l.Tags, " ") + " " + i.l.Pack
}

// lessonDelegate draws a lesson as two lines: tick, number and title, then
// the summary.
type lessonDelegate struct{ c *common }

func (d lessonDelegate) Height() int                         { return 2 }
func (d lessonDelegate) Spacing() int                        { return 1 }
func (d lessonDelegate) Update(tea.Msg, *list.Model) tea.Cmd { return nil }

func (d lessonDelegate) Render(w io.Writer, m list.Model, index int, it list.Item) {
	i, ok := it.(lessonItem)
	if !ok {
		return
	}
	st := d.c.styles
	tick := "[ ]"
	if i.done {
		tick = st.ok.Render("[✓]")
	}
	title := fmt.Sprintf("%2d. %s", i.l.Order, i.l.Title)
	cursor := "  "
	if index == m.Index() {
		cursor = st.selected.Render("▸ ")
		title = st.selected.Render(title)
	}
	width := m.Width()
	line1 := truncate(cursor+tick+" "+title, width)
	summary := i.l.Summary
	if i.l.Pack != "" {
		// A lesson of a content pack says whose it is.
		summary = "[" + i.l.Pack + "] " + summary
	}
	line2 := "      " + st.dim.Render(truncate(summary, max(10, width-7)))
	fmt.Fprint(w, line1+"\n"+line2)
}

// filterKeys are a list's keys while a filter is being typed.
var filterKeys = keyMap{short: []key.Binding{
	key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply filter")),
	key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
}}

// lessonList is the lesson picker: ticks for completed lessons and a "/"
// filter.
type lessonList struct {
	c    *common
	list list.Model
	open key.Binding
	// done counts completed lessons, read on refresh, not on every frame.
	done int
}

func newLessonList(c *common) *lessonList {
	ll := &lessonList{c: c}
	ll.open = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "read"))
	m := list.New(nil, lessonDelegate{c}, 60, 10)
	m.SetShowTitle(false)
	m.SetShowHelp(false)
	m.SetStatusBarItemName("lesson", "lessons")
	m.DisableQuitKeybindings()
	steadyCursor(&m.FilterInput)
	if c.NoColor {
		m.Styles = plainListStyles(m.Styles)
	}
	ll.list = m
	ll.refresh()
	if id, _, ok := lastPosition(c); ok {
		if i := c.Catalog.Index(id); i >= 0 {
			ll.list.Select(i)
		}
	}
	return ll
}

// plainListStyles strips the list's colours, for NO_COLOR.
func plainListStyles(s list.Styles) list.Styles {
	plain := lipgloss.NewStyle()
	s.Title = plain
	s.StatusBar = plain.Padding(0, 0, 1, 2)
	s.StatusEmpty = plain
	s.StatusBarActiveFilter = plain
	s.StatusBarFilterCount = plain
	s.NoItems = plain
	s.ArabicPagination = plain
	s.ActivePaginationDot = plain.SetString("•")
	s.InactivePaginationDot = plain.SetString("·")
	s.DividerDot = plain.SetString(" • ")
	s.Filter.Focused.Prompt = plain
	s.Filter.Blurred.Prompt = plain
	s.Filter.Focused.Text = plain
	s.Filter.Blurred.Text = plain
	return s
}

// refresh reloads the completion ticks.
func (ll *lessonList) refresh() {
	recs := lessonRecords(ll.c)
	items := make([]list.Item, 0, ll.c.Catalog.Len())
	ll.done = 0
	for _, l := range ll.c.Catalog.All() {
		r := recs[l.ID]
		items = append(items, lessonItem{l: l, done: r.Completed(), pos: r.Offset})
		if r.Completed() {
			ll.done++
		}
	}
	ll.list.SetItems(items)
}

func (ll *lessonList) Title() string   { return "Lessons" }
func (ll *lessonList) Capturing() bool { return ll.list.SettingFilter() }
func (ll *lessonList) SetSize(w, h int) {
	ll.list.SetSize(w, max(1, h-1))
}

// handleBack clears an applied filter instead of leaving the screen.
func (ll *lessonList) handleBack() bool {
	if ll.list.IsFiltered() {
		ll.list.ResetFilter()
		return true
	}
	return false
}

func (ll *lessonList) Keys() help.KeyMap {
	if ll.list.SettingFilter() {
		return filterKeys
	}
	lk := ll.list.KeyMap
	nav := []key.Binding{lk.CursorUp, lk.CursorDown, ll.open, lk.Filter}
	if ll.list.IsFiltered() {
		nav = append(nav, lk.ClearFilter)
	}
	return keyMap{
		short: nav,
		full:  [][]key.Binding{nav, {lk.PrevPage, lk.NextPage, lk.GoToStart, lk.GoToEnd}},
	}
}

func (ll *lessonList) Update(msg tea.Msg) (screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && !ll.list.SettingFilter() {
		if key.Matches(k, ll.open) {
			if it, ok := ll.list.SelectedItem().(lessonItem); ok {
				r := newReader(ll.c, it.l, it.pos)
				return ll, ll.c.open(r)
			}
			return ll, nil
		}
	}
	var cmd tea.Cmd
	ll.list, cmd = ll.list.Update(msg)
	return ll, cmd
}

func (ll *lessonList) View() string {
	head := ll.c.styles.dim.Render(fmt.Sprintf("  %d of %d completed", ll.done, ll.c.Catalog.Len()))
	return head + "\n" + ll.list.View()
}
