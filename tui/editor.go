package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// editor is the built-in code editor: a textarea with line numbers, tab and
// enter that follow the file's indentation, and an undo history (bubbles'
// textarea has none).
type editor struct {
	ta   textarea.Model
	undo []editState
	// indent is one level of indentation in this file ("  ", "    ");
	// opens are the line endings after which enter indents one level more.
	indent string
	opens  []string
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

// newEditor edits code, the text of the file named file (its extension
// picks the indentation rules).
func newEditor(code, file string, noColor bool) *editor {
	ta := textarea.New()
	ta.ShowLineNumbers = true
	ta.Prompt = " "
	ta.CharLimit = 256 << 10
	ta.MaxHeight = 999
	ta.MaxContentHeight = 5000
	ta.MaxWidth = 0
	// A steady cursor: a blinking one wakes an idle session twice a second.
	st := ta.Styles()
	st.Cursor.Blink = false
	ta.SetStyles(st)
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
	e := &editor{ta: ta, indent: indentUnit(code, file)}
	e.opens = []string{"{", "(", "["}
	if strings.HasSuffix(file, ".py") {
		e.opens = []string{":", "(", "[", "{"}
	}
	return e
}

// indentUnit is one level of indentation in code: the smallest indentation
// (in spaces) of its lines; when no line is indented, 4 spaces for Python
// (PEP 8) and 2 for the rest.
func indentUnit(code, file string) string {
	unit := 0
	for _, l := range strings.Split(code, "\n") {
		n := len(l) - len(strings.TrimLeft(l, " "))
		if n >= 2 && n < len(l) && (unit == 0 || n < unit) {
			unit = n
		}
	}
	if unit == 0 {
		unit = 2
		if strings.HasSuffix(file, ".py") {
			unit = 4
		}
	}
	return strings.Repeat(" ", unit)
}

// newline starts a new line with the current line's indentation, one level
// more after a line that opens a block (":" in Python, "{" in JavaScript).
func (e *editor) newline() {
	lines := strings.Split(e.ta.Value(), "\n")
	cur := ""
	if row := e.ta.Line(); row < len(lines) {
		cur = lines[row]
	}
	before := []rune(cur)
	if col := e.ta.Column(); col < len(before) {
		before = before[:col]
	}
	head := string(before)
	ind := head[:len(head)-len(strings.TrimLeft(head, " \t"))]
	trimmed := strings.TrimRight(head, " \t")
	for _, o := range e.opens {
		if strings.HasSuffix(trimmed, o) {
			ind += e.indent
			break
		}
	}
	e.ta.InsertString("\n" + ind)
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
			e.ta.InsertString(e.indent)
			return nil, true
		case k.String() == "enter" && e.ta.Focused():
			e.push()
			e.typing = false
			e.newline()
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

func (e *editor) LineCount() int { return e.ta.LineCount() }
