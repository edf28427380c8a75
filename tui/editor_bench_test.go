package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// jsOfSize is JavaScript source of about n bytes: numbered lines of a
// typical length.
func jsOfSize(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "  const value%d = event.items[%d] + 1; // line %d\n", i, i%7, i)
	}
	return b.String()
}

// benchmarkTyping measures one typed key (and the frame drawn after it) in
// the editor holding a file of size bytes, the cursor in the middle.
func benchmarkTyping(b *testing.B, size int) {
	e := newEditor(jsOfSize(size), "index.mjs", true)
	e.SetSize(100, 30)
	e.Focus()
	for i := 0; i < e.LineCount()/2; i++ {
		e.Update(tea.KeyPressMsg{Code: tea.KeyDown})
	}
	k := tea.KeyPressMsg{Code: 'x', Text: "x"}
	bs := tea.KeyPressMsg{Code: tea.KeyBackspace}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%2 == 0 {
			e.Update(k)
		} else {
			e.Update(bs)
		}
		_ = e.View()
	}
}

// BenchmarkEditorKeystroke1KB is one typed key and its frame in the editor
// holding a 1 KB file.
func BenchmarkEditorKeystroke1KB(b *testing.B) { benchmarkTyping(b, 1<<10) }

// BenchmarkEditorKeystroke20KB is one typed key and its frame in the editor
// holding a 20 KB file: about the 1 KB figure (editing is O(change)).
func BenchmarkEditorKeystroke20KB(b *testing.B) { benchmarkTyping(b, 20<<10) }

// BenchmarkEditorKeystroke200KB is one typed key and its frame in the
// editor holding a 200 KB file: about the 1 KB figure.
func BenchmarkEditorKeystroke200KB(b *testing.B) { benchmarkTyping(b, 200<<10) }

// BenchmarkPlaygroundKeystroke is one typed key in the playground's editor
// as the program handles it: the app's Update and the whole frame.
func BenchmarkPlaygroundKeystroke(b *testing.B) {
	s, uid := testStore(b)
	a := testApp(b, Options{Catalog: testCatalog(b), Store: s, UserID: uid, NoColor: true})
	drive(a, tea.WindowSizeMsg{Width: 100, Height: 40})
	drive(a, keys("3")...)
	drive(a, enter)
	k := tea.KeyPressMsg{Code: 'x', Text: "x"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a.Update(k)
		_ = a.View()
	}
}
