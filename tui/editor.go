package tui

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// editor is the built-in code editor: line numbers, tab and enter that
// follow the file's indentation, and an undo history.
//
// Every edit costs in proportion to the change, not to the file: the text
// is kept as lines, a key touches one line (enter also shifts the line
// list), a paste splits only what was pasted, undo keeps the changes
// rather than copies of the file, the size is counted as edits happen,
// and drawing looks only at the lines on screen. Lines are not wrapped:
// the view scrolls sideways to keep the cursor in sight.
type editor struct {
	lines    [][]rune // at least one
	row, col int      // the cursor, col in runes
	// goal is the column up and down aim for (the column the cursor was
	// in before moving through shorter lines).
	goal int
	// top and left are the first line and column on screen.
	top, left     int
	width, height int
	focused       bool
	noColor       bool
	// size is the text's length in bytes (UTF-8, newlines included).
	size int
	// value caches Value until the next change.
	value   string
	valueOK bool

	undo []editOp
	// indent is one level of indentation in this file ("  ", "    ");
	// opens are the line endings after which enter indents one level more.
	indent string
	opens  []string
	// typing is true while the last change was plain typing: a run of
	// typed characters is one undo step.
	typing bool
}

// editOp is one change, as undo needs it: at (row, col) the text removed
// was replaced by the text inserted; the cursor was at (crow, ccol).
type editOp struct {
	row, col   int
	removed    string
	inserted   string
	crow, ccol int
}

const maxUndo = 200

// MaxEditorBytes is the largest file the built-in editor holds. It is a
// rule of this tutor, not of Lambda: Lambda takes deployment packages up to
// 50 MB zipped and 250 MB unzipped, and its console editor files up to 3 MB
// (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html),
// but a handler a learner writes here is a few KB, and the editor stays
// quick for every learner on a shared server.
const MaxEditorBytes = 256 << 10

var (
	keyUndo = key.NewBinding(key.WithKeys("ctrl+z"), key.WithHelp("ctrl+z", "undo"))
	keyTab  = key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "indent"))
)

// newEditor edits code, the text of the file named file (its extension
// picks the indentation rules).
func newEditor(code, file string, noColor bool) *editor {
	e := &editor{noColor: noColor, indent: indentUnit(code, file), width: 80, height: 10}
	e.opens = []string{"{", "(", "["}
	if strings.HasSuffix(file, ".py") || strings.HasSuffix(file, ".yaml") || strings.HasSuffix(file, ".yml") {
		// A YAML key ending in ":" opens a block, as in Python
		// (lambdatutor.yaml in a project exercise).
		e.opens = []string{":", "(", "[", "{"}
	}
	e.load(code)
	return e
}

// load replaces the text without an undo step and puts the cursor at the
// start.
func (e *editor) load(code string) {
	code = e.clean(code)
	e.lines = splitLines(code)
	e.size = len(code)
	e.row, e.col, e.goal, e.top, e.left = 0, 0, 0, 0, 0
	e.value, e.valueOK = code, true
}

// clean makes pasted or loaded text editable: CRLF and CR line ends become
// LF, a tab becomes the file's indentation, other control characters go.
func (e *editor) clean(s string) string {
	ok := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 && c != '\n') || c == 0x7f {
			ok = false
			break
		}
	}
	if ok && utf8.ValidString(s) {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteByte('\n')
		case r == '\r':
			b.WriteByte('\n')
		case r == '\t':
			b.WriteString(e.indent)
		case r == utf8.RuneError, unicode.IsControl(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func splitLines(s string) [][]rune {
	parts := strings.Split(s, "\n")
	lines := make([][]rune, len(parts))
	for i, p := range parts {
		lines[i] = []rune(p)
	}
	return lines
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

// runeBytes is the UTF-8 length of rs.
func runeBytes(rs []rune) int {
	n := 0
	for _, r := range rs {
		n += utf8.RuneLen(r)
	}
	return n
}

// textBetween is the text from (r1, c1) to (r2, c2), which must be in order.
func (e *editor) textBetween(r1, c1, r2, c2 int) string {
	if r1 == r2 {
		return string(e.lines[r1][c1:c2])
	}
	var b strings.Builder
	b.WriteString(string(e.lines[r1][c1:]))
	for r := r1 + 1; r < r2; r++ {
		b.WriteByte('\n')
		b.WriteString(string(e.lines[r]))
	}
	b.WriteByte('\n')
	b.WriteString(string(e.lines[r2][:c2]))
	return b.String()
}

// tooBig is the message when an edit would pass MaxEditorBytes.
func tooBig(adding, size int) string {
	return fmt.Sprintf("Not inserted: the editor holds %s per file (a lambdatutor limit, not Lambda's); this would make %s. Your code is unchanged; for a bigger handler use your own editor and `lambdatutor invoke`.",
		humanBytes(MaxEditorBytes), humanBytes(size+adding))
}

func humanBytes(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", (n+1<<10-1)/(1<<10)) // rounded up: never "256 KB" for more
	}
	return fmt.Sprintf("%d bytes", n)
}

// replace puts text in place of the range from (r1, c1) to (r2, c2) (in
// order), leaves the cursor after it, and returns the change for undo. It
// refuses, changing nothing, an edit that would make the file larger than
// MaxEditorBytes, and says so.
func (e *editor) replace(r1, c1, r2, c2 int, text string) (editOp, string) {
	removed := e.textBetween(r1, c1, r2, c2)
	if grow := len(text) - len(removed); grow > 0 && e.size+grow > MaxEditorBytes {
		return editOp{}, tooBig(grow, e.size)
	}
	op := editOp{row: r1, col: c1, removed: removed, inserted: text, crow: e.row, ccol: e.col}
	head := e.lines[r1][:c1:c1]
	tail := e.lines[r2][c2:]
	parts := strings.Split(text, "\n")
	newLines := make([][]rune, len(parts))
	for i, p := range parts {
		newLines[i] = []rune(p)
	}
	last := len(newLines) - 1
	endCol := len(newLines[last])
	if last == 0 {
		endCol += len(head)
	}
	newLines[0] = append(append([]rune{}, head...), newLines[0]...)
	newLines[last] = append(newLines[last], tail...)
	// Put newLines in place of lines r1..r2: only the line list after
	// them moves.
	if d := len(newLines) - (r2 - r1 + 1); d != 0 {
		if d > 0 {
			e.lines = append(e.lines, make([][]rune, d)...)
			copy(e.lines[r2+1+d:], e.lines[r2+1:len(e.lines)-d])
		} else {
			copy(e.lines[r2+1+d:], e.lines[r2+1:])
			for i := len(e.lines) + d; i < len(e.lines); i++ {
				e.lines[i] = nil
			}
			e.lines = e.lines[:len(e.lines)+d]
		}
	}
	copy(e.lines[r1:], newLines)
	e.size += len(text) - len(removed)
	e.row, e.col = r1+last, endCol
	e.goal = e.col
	e.valueOK = false
	e.scrollToCursor()
	return op, ""
}

// change makes an edit as one undo step (or, while typing, as part of
// the current one) and returns a status command when it was refused.
func (e *editor) change(r1, c1, r2, c2 int, text string, typed bool) (tea.Cmd, bool) {
	op, refused := e.replace(r1, c1, r2, c2, text)
	if refused != "" {
		e.typing = false
		return status(refused, true), false
	}
	if n := len(e.undo); typed && e.typing && n > 0 {
		prev := &e.undo[n-1]
		endRow, endCol := opEnd(prev.row, prev.col, prev.inserted)
		if prev.removed == "" && op.removed == "" && endRow == op.row && endCol == op.col && len(prev.inserted) < 4096 {
			prev.inserted += op.inserted
			return nil, true
		}
	}
	e.undo = append(e.undo, op)
	if len(e.undo) > maxUndo {
		e.undo = append(e.undo[:0], e.undo[len(e.undo)-maxUndo:]...)
	}
	e.typing = typed
	return nil, true
}

// opEnd is where text inserted at (row, col) ends.
func opEnd(row, col int, text string) (int, int) {
	n := strings.Count(text, "\n")
	if n == 0 {
		return row, col + utf8.RuneCountInString(text)
	}
	return row + n, utf8.RuneCountInString(text[strings.LastIndexByte(text, '\n')+1:])
}

// insert types or pastes text at the cursor.
func (e *editor) insert(text string, typed bool) (tea.Cmd, bool) {
	return e.change(e.row, e.col, e.row, e.col, e.clean(text), typed)
}

// newline starts a new line with the current line's indentation, one level
// more after a line that opens a block (":" in Python and YAML, "{" in
// JavaScript).
func (e *editor) newline() (tea.Cmd, bool) {
	head := string(e.lines[e.row][:e.col])
	ind := head[:len(head)-len(strings.TrimLeft(head, " \t"))]
	trimmed := strings.TrimRight(head, " \t")
	for _, o := range e.opens {
		if strings.HasSuffix(trimmed, o) {
			ind += e.indent
			break
		}
	}
	return e.change(e.row, e.col, e.row, e.col, "\n"+ind, false)
}

func (e *editor) SetSize(w, h int) {
	e.width = max(10, w)
	e.height = max(1, h)
	e.scrollToCursor()
}

// Value is the text.
func (e *editor) Value() string {
	if !e.valueOK {
		var b strings.Builder
		b.Grow(e.size)
		for i, l := range e.lines {
			if i > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(string(l))
		}
		e.value, e.valueOK = b.String(), true
	}
	return e.value
}

func (e *editor) Focus() tea.Cmd     { e.focused = true; return nil }
func (e *editor) Blur()              { e.focused = false }
func (e *editor) Cursor() (int, int) { return e.row, e.col }
func (e *editor) LineCount() int     { return len(e.lines) }

// SetValue replaces the text (a reset or a loaded draft) as one undo step.
func (e *editor) SetValue(s string) {
	s = e.clean(s)
	e.typing = false
	op := editOp{removed: e.Value(), inserted: s, crow: e.row, ccol: e.col}
	e.undo = append(e.undo, op)
	if len(e.undo) > maxUndo {
		e.undo = append(e.undo[:0], e.undo[len(e.undo)-maxUndo:]...)
	}
	e.load(s)
}

// moveTo puts the cursor at (row, col), clamped to the text.
func (e *editor) moveTo(row, col int) {
	e.row = min(max(0, row), len(e.lines)-1)
	e.col = min(max(0, col), len(e.lines[e.row]))
	e.scrollToCursor()
}

// scrollToCursor keeps the cursor on screen.
func (e *editor) scrollToCursor() {
	if e.row < e.top {
		e.top = e.row
	} else if e.row >= e.top+e.height {
		e.top = e.row - e.height + 1
	}
	text := e.textWidth()
	if e.col < e.left {
		e.left = max(0, e.col-text/4)
	} else if e.col >= e.left+text {
		e.left = e.col - text + text/4 + 1
	}
}

// textWidth is how many characters of a line are shown: the width less
// the gutter and one column kept free at the right, where the cursor sits
// after a line that fills the view (so that only a line cut with "…" ever
// reaches the edge).
func (e *editor) textWidth() int {
	return max(1, e.width-e.gutter()-1)
}

// gutter is the width of the line numbers and the space after them.
func (e *editor) gutter() int {
	return max(3, len(fmt.Sprint(len(e.lines)))) + 2
}

func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' }

// wordLeft is the column of the start of the word before col on line.
func wordLeft(line []rune, col int) int {
	for col > 0 && !isWord(line[col-1]) {
		col--
	}
	for col > 0 && isWord(line[col-1]) {
		col--
	}
	return col
}

func wordRight(line []rune, col int) int {
	for col < len(line) && !isWord(line[col]) {
		col++
	}
	for col < len(line) && isWord(line[col]) {
		col++
	}
	return col
}

// Update handles a message; changed reports whether the text changed. A
// refused edit (the size limit) returns a status command saying why.
func (e *editor) Update(msg tea.Msg) (cmd tea.Cmd, changed bool) {
	if !e.focused {
		return nil, false
	}
	switch msg := msg.(type) {
	case tea.PasteMsg:
		return e.insert(msg.Content, false)
	case tea.KeyPressMsg:
		return e.key(msg)
	}
	return nil, false
}

func (e *editor) key(k tea.KeyPressMsg) (tea.Cmd, bool) {
	line := e.lines[e.row]
	switch k.String() {
	case "ctrl+z":
		return nil, e.undoLast()
	case "tab":
		return e.change(e.row, e.col, e.row, e.col, e.indent, false)
	case "enter":
		return e.newline()
	case "backspace", "ctrl+h":
		switch {
		case e.col > 0:
			return e.change(e.row, e.col-1, e.row, e.col, "", false)
		case e.row > 0:
			return e.change(e.row-1, len(e.lines[e.row-1]), e.row, 0, "", false)
		}
		return nil, false
	case "alt+backspace", "ctrl+w":
		if e.col > 0 {
			return e.change(e.row, wordLeft(line, e.col), e.row, e.col, "", false)
		}
		return nil, false
	case "delete", "ctrl+d":
		switch {
		case e.col < len(line):
			return e.change(e.row, e.col, e.row, e.col+1, "", false)
		case e.row < len(e.lines)-1:
			return e.change(e.row, e.col, e.row+1, 0, "", false)
		}
		return nil, false
	case "alt+delete", "alt+d":
		if e.col < len(line) {
			return e.change(e.row, e.col, e.row, wordRight(line, e.col), "", false)
		}
		return nil, false
	case "ctrl+k":
		switch {
		case e.col < len(line):
			return e.change(e.row, e.col, e.row, len(line), "", false)
		case e.row < len(e.lines)-1:
			return e.change(e.row, e.col, e.row+1, 0, "", false)
		}
		return nil, false
	case "ctrl+u":
		if e.col > 0 {
			return e.change(e.row, 0, e.row, e.col, "", false)
		}
		return nil, false
	}
	if e.move(k.String()) {
		e.typing = false // a cursor move ends a typing run
		return nil, false
	}
	if k.Text != "" && k.Mod&(tea.ModCtrl|tea.ModAlt|tea.ModSuper|tea.ModHyper|tea.ModMeta) == 0 {
		// A space ends a typing run: undo takes back a word at a time.
		return e.insert(k.Text, k.Text != " ")
	}
	return nil, false
}

// move handles a cursor key; it reports whether k was one.
func (e *editor) move(k string) bool {
	line := e.lines[e.row]
	keepGoal := false
	switch k {
	case "left", "ctrl+b":
		if e.col > 0 {
			e.moveTo(e.row, e.col-1)
		} else if e.row > 0 {
			e.moveTo(e.row-1, len(e.lines[e.row-1]))
		}
	case "right", "ctrl+f":
		if e.col < len(line) {
			e.moveTo(e.row, e.col+1)
		} else if e.row < len(e.lines)-1 {
			e.moveTo(e.row+1, 0)
		}
	case "alt+left", "alt+b", "ctrl+left":
		e.moveTo(e.row, wordLeft(line, e.col))
	case "alt+right", "alt+f", "ctrl+right":
		e.moveTo(e.row, wordRight(line, e.col))
	case "up", "ctrl+p":
		e.moveTo(e.row-1, e.goal)
		keepGoal = true
	case "down", "ctrl+n":
		e.moveTo(e.row+1, e.goal)
		keepGoal = true
	case "pgup":
		e.moveTo(e.row-e.height, e.goal)
		keepGoal = true
	case "pgdown":
		e.moveTo(e.row+e.height, e.goal)
		keepGoal = true
	case "home", "ctrl+a":
		e.moveTo(e.row, 0)
	case "end", "ctrl+e":
		e.moveTo(e.row, len(line))
	case "ctrl+home", "alt+<":
		e.moveTo(0, 0)
	case "ctrl+end", "alt+>":
		e.moveTo(len(e.lines)-1, len(e.lines[len(e.lines)-1]))
	default:
		return false
	}
	if !keepGoal {
		e.goal = e.col
	}
	return true
}

// undoLast takes back the last change.
func (e *editor) undoLast() bool {
	e.typing = false
	n := len(e.undo)
	if n == 0 {
		return false
	}
	op := e.undo[n-1]
	e.undo = e.undo[:n-1]
	endRow, endCol := opEnd(op.row, op.col, op.inserted)
	if endRow >= len(e.lines) {
		endRow, endCol = len(e.lines)-1, len(e.lines[len(e.lines)-1])
	}
	// Undo never refuses: the text it restores was there before.
	removed := e.textBetween(op.row, op.col, endRow, endCol)
	head := e.lines[op.row][:op.col:op.col]
	tail := e.lines[endRow][endCol:]
	newLines := splitLines(op.removed)
	last := len(newLines) - 1
	newLines[0] = append(append([]rune{}, head...), newLines[0]...)
	newLines[last] = append(newLines[last], tail...)
	rest := append([][]rune{}, e.lines[endRow+1:]...)
	e.lines = append(append(e.lines[:op.row], newLines...), rest...)
	e.size += len(op.removed) - len(removed)
	e.valueOK = false
	e.moveTo(op.crow, op.ccol)
	e.goal = e.col
	return true
}

// View draws the lines on screen.
func (e *editor) View() string {
	st := lipgloss.NewStyle()
	num := lipgloss.NewStyle().Foreground(lipgloss.Color("#6C6C6C"))
	curNum := lipgloss.NewStyle().Foreground(lipgloss.Color("#FF9900")).Bold(true)
	if e.noColor {
		num = lipgloss.NewStyle()
		curNum = lipgloss.NewStyle().Bold(true)
	}
	cursor := st.Reverse(true)
	digits := e.gutter() - 2
	text := e.textWidth()
	var b strings.Builder
	end := min(len(e.lines), e.top+e.height)
	for r := e.top; r < end; r++ {
		if r > e.top {
			b.WriteByte('\n')
		}
		n := fmt.Sprintf(" %*d ", digits, r+1)
		if r == e.row && e.focused {
			b.WriteString(curNum.Render(n))
		} else {
			b.WriteString(num.Render(n))
		}
		line := e.lines[r]
		from := min(e.left, len(line))
		to := min(len(line), e.left+text)
		// A line longer than the view ends in "…", as every text the tutor
		// cuts to fit does.
		cut := len(line) > e.left+text
		if r == e.row && e.focused {
			// The cursor is drawn as a reversed cell (a space at the end
			// of the line).
			b.WriteString(string(line[from:e.col]))
			if e.col < len(line) {
				b.WriteString(cursor.Render(string(line[e.col])))
				switch {
				case cut && e.col+1 < to-1:
					b.WriteString(string(line[e.col+1:to-1]) + "…")
				case cut && e.col+1 == to-1:
					b.WriteString("…")
				case e.col+1 < to:
					b.WriteString(string(line[e.col+1 : to]))
				}
			} else {
				b.WriteString(cursor.Render(" "))
			}
			continue
		}
		if cut {
			b.WriteString(ansi.Truncate(string(line[from:]), text, "…"))
			continue
		}
		b.WriteString(string(line[from:to]))
	}
	return b.String()
}
