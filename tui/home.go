package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// menuItem is one entry of the home menu.
type menuItem struct {
	label, desc string
	open        func() tea.Cmd
}

// home is the first screen: a short welcome and the menu.
type home struct {
	c      *common
	items  []menuItem
	cursor int
	width  int
	height int
	keys   struct{ up, down, enter key.Binding }
	// done and total count completed lessons, read on refresh, not on
	// every frame.
	done, total int
}

func newHome(c *common) *home {
	h := &home{c: c}
	h.keys.up = key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up"))
	h.keys.down = key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down"))
	h.keys.enter = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open"))
	h.refresh()
	return h
}

// refresh rebuilds the menu; "Continue" depends on the saved position.
func (h *home) refresh() {
	h.done, h.total = completedCount(h.c)
	h.items = h.items[:0]
	if id, _, ok := lastPosition(h.c); ok {
		if l, err := h.c.Catalog.Get(id); err == nil {
			h.items = append(h.items, menuItem{
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
	h.items = append(h.items,
		menuItem{
			label: "Lessons",
			desc:  fmt.Sprintf("%d lessons, from the basics to cost optimisation", h.c.Catalog.Len()),
			open:  func() tea.Cmd { return h.c.open(newLessonList(h.c)) },
		},
		menuItem{
			label: "Exercises",
			desc:  "write Lambda handlers in Node.js or Python until the tests pass",
			open:  func() tea.Cmd { return h.c.open(newExerciseList(h.c)) },
		},
		menuItem{
			label: "Playground",
			desc:  "run a handler in the mini-runtime: cold and warm starts, REPORT lines, cost",
			open:  func() tea.Cmd { return h.c.open(newPlayground(h.c)) },
		},
		menuItem{
			label: "Interview trainer",
			desc:  "quiz yourself: practice with spaced repetition, a timed mock interview, your weak spots",
			open:  func() tea.Cmd { return h.c.open(newQuizSetup(h.c)) },
		},
		menuItem{
			label: "Progress",
			desc:  "lessons read, quiz accuracy by topic, reviews due, exercises solved",
			open:  func() tea.Cmd { return h.c.open(newProgressScreen(h.c)) },
		},
		menuItem{
			label: "Quit",
			desc:  "leave lambdatutor (your place is saved)",
			open:  func() tea.Cmd { return tea.Quit },
		},
		menuItem{
			label: "Scale",
			desc:  "simulate a day of traffic: concurrency, cold starts, 429s, latency and cost, charted",
			open:  func() tea.Cmd { return h.c.open(newScaleScreen(h.c)) },
		},
	)
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
	return keyMap{
		short: []key.Binding{h.keys.up, h.keys.down, h.keys.enter},
		full:  [][]key.Binding{{h.keys.up, h.keys.down, h.keys.enter}},
	}
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
			// Digits pick an entry directly.
			if s := msg.String(); len(s) == 1 && s[0] >= '1' && s[0] <= '9' {
				if i := int(s[0] - '1'); i < len(h.items) {
					h.cursor = i
					return h, h.items[i].open()
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
	b.WriteString("\n\n")
	// Two lines an entry when they fit, else the label and its description
	// on one line.
	compact := 5+2*len(h.items) > h.height
	for i, it := range h.items {
		prefix := "  "
		label := fmt.Sprintf("%d  %s", i+1, it.label)
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
