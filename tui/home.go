package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// menuItem is one entry of the home menu. key is the key that opens it: a
// digit for the numbered entries (their number never changes: a new entry
// goes at the end), c for Continue, q for Quit.
type menuItem struct {
	key, label, desc string
	open             func() tea.Cmd
}

// home is the first screen: a short welcome and the menu.
type home struct {
	c      *common
	items  []menuItem
	cursor int
	width  int
	height int
	keys   struct{ up, down, enter, pick, resume key.Binding }
	// done and total count completed lessons, read on refresh, not on
	// every frame.
	done, total int
	// assigned are the lines about the course plan and the class
	// (class_assigned.go), read on refresh.
	assigned []string
}

func newHome(c *common) *home {
	h := &home{c: c}
	h.keys.up = key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up"))
	h.keys.down = key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down"))
	h.keys.enter = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open"))
	h.keys.resume = key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "continue reading"))
	h.refresh()
	return h
}

// refresh rebuilds the menu; "Continue" depends on the saved position.
func (h *home) refresh() {
	h.done, h.total = completedCount(h.c)
	h.assigned = assignedLines(h.c)
	h.items = h.items[:0]
	if id, _, ok := lastPosition(h.c); ok {
		if l, err := h.c.Catalog.Get(id); err == nil {
			h.items = append(h.items, menuItem{
				key:   "c",
				label: "Continue",
				desc:  fmt.Sprintf("back to %q where you left off", l.Title),
				open: func() tea.Cmd {
					if r := resumeReader(h.c); r != nil {
						return h.c.open(r)
					}
					return status("could not reopen the last lesson", true)
				},
			})
		}
	}
	numbered := []menuItem{
		{
			label: "Lessons",
			desc:  fmt.Sprintf("%d lessons, from the basics to cost optimisation", h.c.Catalog.Len()),
			open:  func() tea.Cmd { return h.c.open(newLessonList(h.c)) },
		},
		{
			label: "Exercises",
			desc:  "write Lambda handlers in Node.js or Python until the tests pass",
			open:  func() tea.Cmd { return h.c.open(newExerciseList(h.c)) },
		},
		{
			label: "Playground",
			desc:  "run a handler in the mini-runtime: cold and warm starts, REPORT lines, cost",
			open:  func() tea.Cmd { return h.c.open(newPlayground(h.c)) },
		},
		{
			label: "Interview trainer",
			desc:  "quiz yourself: practice with spaced repetition, a timed mock interview, your weak spots",
			open:  func() tea.Cmd { return h.c.open(newQuizSetup(h.c)) },
		},
		{
			label: "Progress",
			desc:  "lessons read, quiz accuracy by topic, reviews due, exercises solved",
			open:  func() tea.Cmd { return h.c.open(newProgressScreen(h.c)) },
		},
		{
			label: "Scale",
			desc:  "simulate a day of traffic: concurrency, cold starts, 429s, latency and cost, charted",
			open:  func() tea.Cmd { return h.c.open(newScaleScreen(h.c)) },
		},
	}
	if h.c.Instructor {
		numbered = append(numbered, classMenuItem(h.c))
	}
	var digits []string
	for i := range numbered {
		numbered[i].key = fmt.Sprint(i + 1)
		digits = append(digits, numbered[i].key)
	}
	h.keys.pick = key.NewBinding(key.WithKeys(digits...), key.WithHelp(fmt.Sprintf("1-%d", len(numbered)), "open an entry"))
	h.items = append(h.items, numbered...)
	h.items = append(h.items, menuItem{
		key:   "q",
		label: "Quit",
		desc:  "leave lambdatutor (your place is saved)",
		open:  func() tea.Cmd { return tea.Quit },
	})
	if h.cursor >= len(h.items) {
		h.cursor = 0
	}
}

func (h *home) Title() string   { return "Home" }
func (h *home) Capturing() bool { return false }
func (h *home) SetSize(w, ht int) {
	h.width, h.height = w, ht
}

func (h *home) Keys() help.KeyMap {
	short := []key.Binding{h.keys.up, h.keys.down, h.keys.enter, h.keys.pick}
	if h.items[0].key == "c" {
		short = append(short, h.keys.resume)
	}
	return keyMap{short: short, full: [][]key.Binding{short}}
}

func (h *home) Update(msg tea.Msg) (screen, tea.Cmd) {
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(msg, h.keys.up):
			h.cursor = (h.cursor + len(h.items) - 1) % len(h.items)
		case key.Matches(msg, h.keys.down):
			h.cursor = (h.cursor + 1) % len(h.items)
		case key.Matches(msg, h.keys.enter):
			return h, h.items[h.cursor].open()
		default:
			// An entry's own key (a digit, c) opens it directly.
			for i, it := range h.items {
				if it.key == msg.String() {
					h.cursor = i
					return h, it.open()
				}
			}
		}
	}
	return h, nil
}

func (h *home) View() string {
	st := h.c.styles
	var b strings.Builder
	b.WriteString("\n")
	b.WriteString(st.title.Render("Learn AWS Lambda, and get ready for the interview."))
	b.WriteString("\n")
	b.WriteString(st.dim.Render(fmt.Sprintf("%d of %d lessons completed.", h.done, h.total)))
	b.WriteString("\n")
	for _, l := range h.assigned {
		b.WriteString(truncate(l, h.width) + "\n")
	}
	b.WriteString("\n")
	// Two lines an entry when they fit, else the label and its description
	// on one line.
	compact := 5+len(h.assigned)+2*len(h.items) > h.height
	for i, it := range h.items {
		prefix := "  "
		label := it.key + "  " + it.label
		if i == h.cursor {
			prefix = st.selected.Render("▸ ")
			label = st.selected.Render(label)
		}
		if compact {
			b.WriteString(truncate(prefix+label+st.dim.Render(" · "+it.desc), h.width) + "\n")
			continue
		}
		b.WriteString(prefix + label + "\n")
		b.WriteString("     " + st.dim.Render(truncate(it.desc, max(10, h.width-6))) + "\n")
	}
	return b.String()
}
