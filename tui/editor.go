package tui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// editor is the built-in code editor: a textarea with line numbers, tab
// inserting two spaces, and an undo history (bubbles' textarea has none).
type editor struct {
	ta   textarea.Model
	undo []editState
	// typing is true while the last change was plain typing: a run of
	// typed characters is one undo step.
	typing bool
}

type editState struct {
	value     string
	line, col int
}

const maxUndo = 200

var (
	keyUndo = key.NewBinding(key.WithKeys("ctrl+z"), key.WithHelp("ctrl+z", "undo"))
	keyTab  = key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "indent"))
)

func newEditor(code string, noColor bool) *editor {
	ta := textarea.New()
	ta.ShowLineNumbers = true
	ta.Prompt = " "
	ta.CharLimit = 256 << 10
	ta.MaxHeight = 999
	ta.MaxContentHeight = 5000
	ta.MaxWidth = 0
	if noColor {
		st := ta.Styles()
		plain := lipgloss.NewStyle()
		st.Focused.CursorLine = plain
		st.Focused.LineNumber = plain
		st.Focused.CursorLineNumber = plain.Bold(true)
		st.Blurred.CursorLine = plain
		st.Blurred.LineNumber = plain
		ta.SetStyles(st)
	}
	ta.SetValue(code)
	ta.MoveToBegin()
	e := &editor{ta: ta}
	return e
}

func (e *editor) SetSize(w, h int) {
	e.ta.SetWidth(max(10, w))
	e.ta.SetHeight(max(1, h))
}

func (e *editor) Value() string      { return e.ta.Value() }
func (e *editor) Focus() tea.Cmd     { return e.ta.Focus() }
func (e *editor) Blur()              { e.ta.Blur() }
func (e *editor) View() string       { return e.ta.View() }
func (e *editor) Cursor() (int, int) { return e.ta.Line(), e.ta.Column() }

// SetValue replaces the text (a reset or a loaded draft) as one undo step.
func (e *editor) SetValue(s string) {
	e.push()
	e.typing = false
	e.ta.SetValue(s)
	e.ta.MoveToBegin()
}

func (e *editor) push() {
	e.undo = append(e.undo, editState{e.ta.Value(), e.ta.Line(), e.ta.Column()})
	if len(e.undo) > maxUndo {
		e.undo = e.undo[len(e.undo)-maxUndo:]
	}
}

// Update handles a message; changed reports whether the text changed.
func (e *editor) Update(msg tea.Msg) (cmd tea.Cmd, changed bool) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, keyUndo):
			e.typing = false
			if n := len(e.undo); n > 0 {
				s := e.undo[n-1]
				e.undo = e.undo[:n-1]
				e.ta.SetValue(s.value)
				e.ta.MoveToBegin()
				for i := 0; i < s.line; i++ {
					e.ta.CursorDown()
				}
				e.ta.SetCursorColumn(s.col)
				return nil, true
			}
			return nil, false
		case key.Matches(k, keyTab):
			e.push()
			e.typing = false
			e.ta.InsertString("  ")
			return nil, true
		}
	}
	before := editState{e.ta.Value(), e.ta.Line(), e.ta.Column()}
	e.ta, cmd = e.ta.Update(msg)
	if e.ta.Value() == before.value {
		if _, ok := msg.(tea.KeyPressMsg); ok {
			e.typing = false // a cursor move ends a typing run
		}
		return cmd, false
	}
	plain := false
	if k, ok := msg.(tea.KeyPressMsg); ok && len(k.Text) == 1 && k.Text != " " {
		plain = true
	}
	if !(plain && e.typing) {
		e.undo = append(e.undo, before)
		if len(e.undo) > maxUndo {
			e.undo = e.undo[len(e.undo)-maxUndo:]
		}
	}
	e.typing = plain
	return cmd, true
}
