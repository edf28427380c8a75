package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

func focusedEditor(code string) *editor {
	e := newEditor(code, "index.mjs", true)
	e.SetSize(80, 20)
	e.Focus()
	return e
}

func statusText(cmd tea.Cmd) string {
	if cmd == nil {
		return ""
	}
	if m, ok := cmd().(statusMsg); ok {
		return m.text
	}
	return ""
}

// TestEditorSizeLimit: a paste that would pass the limit is refused as a
// whole with a message that says the limit is ours; nothing typed before
// is lost, and keys typed at the limit are refused the same way.
func TestEditorSizeLimit(t *testing.T) {
	start := "export const handler = async () => 1;\n"
	e := focusedEditor(start)
	huge := strings.Repeat("x = 1 // a line of a huge paste\n", (1<<20)/32)
	cmd, changed := e.Update(tea.PasteMsg{Content: huge})
	msg := statusText(cmd)
	if changed || e.Value() != start {
		t.Fatalf("a 1 MB paste changed the text (%d bytes now)", len(e.Value()))
	}
	for _, want := range []string{"256 KB", "a lambdatutor limit, not Lambda's", "unchanged"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}

	// A paste that fits goes in; then typing up to the limit works and
	// the next key is refused with the same message.
	fits := strings.Repeat("y", MaxEditorBytes-len(start)-3)
	if _, changed := e.Update(tea.PasteMsg{Content: fits}); !changed {
		t.Fatal("a paste under the limit was refused")
	}
	for _, r := range "abc" {
		if cmd, changed := e.Update(tea.KeyPressMsg{Code: r, Text: string(r)}); !changed {
			t.Fatalf("key %q under the limit refused: %s", r, statusText(cmd))
		}
	}
	cmd, changed = e.Update(tea.KeyPressMsg{Code: 'd', Text: "d"})
	if changed || !strings.Contains(statusText(cmd), "256 KB") {
		t.Fatalf("a key past the limit: changed=%v message %q", changed, statusText(cmd))
	}
	if got := e.Value(); got != fits+"abc"+start || len(got) != MaxEditorBytes {
		t.Fatalf("text at the limit: %d bytes, want %d with everything typed", len(got), MaxEditorBytes)
	}
	// Deleting makes room again.
	e.Update(tea.KeyPressMsg{Code: tea.KeyBackspace})
	if _, changed := e.Update(tea.KeyPressMsg{Code: 'e', Text: "e"}); !changed {
		t.Fatal("a key after deleting one was refused")
	}
}

// TestEditorEditsAndUndo: the keys a learner uses, and undo taking each
// change back in turn.
func TestEditorEditsAndUndo(t *testing.T) {
	e := focusedEditor("ab\ncd")
	press := func(ks ...tea.Msg) {
		for _, k := range ks {
			e.Update(k)
		}
	}
	key := func(c rune) tea.Msg { return tea.KeyPressMsg{Code: c} }
	press(key(tea.KeyEnd), keys("XY")[0], keys("XY")[1]) // abXY
	press(key(tea.KeyDelete))                            // joins cd
	if got := e.Value(); got != "abXYcd" {
		t.Fatalf("after delete at the end of a line: %q", got)
	}
	press(key(tea.KeyBackspace), key(tea.KeyBackspace))
	if got := e.Value(); got != "abcd" {
		t.Fatalf("after two backspaces: %q", got)
	}
	press(tea.PasteMsg{Content: "1\r\n2\t3"})
	if got := e.Value(); got != "ab1\n2  3cd" {
		t.Fatalf("after a paste with CRLF and a tab: %q", got)
	}
	press(tea.KeyPressMsg{Code: 'k', Mod: tea.ModCtrl})
	if got := e.Value(); got != "ab1\n2  3" {
		t.Fatalf("after ctrl+k: %q", got)
	}
	undo := tea.KeyPressMsg{Code: 'z', Mod: tea.ModCtrl}
	for _, want := range []string{"ab1\n2  3cd", "abcd", "abXcd", "abXYcd", "abXY\ncd", "ab\ncd"} {
		press(undo)
		if got := e.Value(); got != want {
			t.Fatalf("undo: %q, want %q", got, want)
		}
	}
	e.SetValue("new")
	press(undo)
	if got := e.Value(); got != "ab\ncd" {
		t.Fatalf("undo of SetValue: %q", got)
	}
	// The cursor stays in the text through moves past its ends.
	press(key(tea.KeyDown), key(tea.KeyDown), key(tea.KeyEnd), key(tea.KeyRight), key(tea.KeyRight))
	if r, c := e.Cursor(); r != 1 || c != 2 {
		t.Fatalf("cursor %d,%d after moving past the end", r, c)
	}
	if v := ansi.Strip(e.View()); !strings.Contains(v, "  1 ab") || !strings.Contains(v, "  2 cd") {
		t.Fatalf("view:\n%s", v)
	}
}

// TestKeyBurstBecomesOnePaste: keys read together (a paste without
// bracketed paste) go one by one until the editor has the keys (enter
// starts editing), and the rest goes in as one paste: one undo step.
func TestKeyBurstBecomesOnePaste(t *testing.T) {
	s, uid := testStore(t)
	a, p := openPlayground(t, s, uid)
	before := p.ed.Value()
	burst := KeyBurst{Keys: []tea.KeyPressMsg{{Code: tea.KeyEnter}}}
	for _, r := range "const a = 1;\n\tconst b = 2;\n" {
		switch r {
		case '\n':
			burst.Keys = append(burst.Keys, tea.KeyPressMsg{Code: tea.KeyEnter})
		case '\t':
			burst.Keys = append(burst.Keys, tea.KeyPressMsg{Code: tea.KeyTab})
		default:
			burst.Keys = append(burst.Keys, tea.KeyPressMsg{Code: r, Text: string(r)})
		}
	}
	drive(a, burst)
	if !p.editing {
		t.Fatal("the enter that led the burst did not start editing")
	}
	want := "const a = 1;\n  const b = 2;\n" + before
	if got := p.ed.Value(); got != want {
		t.Fatalf("after the burst:\n%q\nwant\n%q", got, want)
	}
	drive(a, tea.KeyPressMsg{Code: 'z', Mod: tea.ModCtrl})
	if got := p.ed.Value(); got != before {
		t.Fatalf("one undo did not take the whole paste back:\n%q", got)
	}
}
