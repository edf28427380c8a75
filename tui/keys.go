package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// keyQuitHome is q on the home screen, where there is nothing to go back to.
var keyQuitHome = key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit"))

// Keys of the "all keys" view that ? opens in place of the screen.
var (
	keyKeysClose = key.NewBinding(key.WithKeys("?", "esc", "q"), key.WithHelp("?/esc", "close"))
	keyKeysPage  = key.NewBinding(key.WithKeys("right", "left", "pgdown", "pgup", "space"), key.WithHelp("←/→", "page"))
)

// bindingsOf lists the bindings worth showing: enabled, with help text,
// each key once.
func bindingsOf(groups ...[]key.Binding) []key.Binding {
	var out []key.Binding
	seen := map[string]bool{}
	for _, g := range groups {
		for _, b := range g {
			h := b.Help()
			if !b.Enabled() || h.Key == "" || seen[h.Key+"\x00"+h.Desc] {
				continue
			}
			seen[h.Key+"\x00"+h.Desc] = true
			out = append(out, b)
		}
	}
	return out
}

func (a *App) helpItem(b key.Binding) string {
	st := a.help.Styles
	return st.ShortKey.Render(b.Help().Key) + " " + st.ShortDesc.Render(b.Help().Desc)
}

// shortHelp is the footer. On a screen that takes typed text (a filter, the
// editor, a quiz answer) ? cannot open the key list, so every key is listed
// there, on as many lines as needed. Elsewhere it is one line: the screen's
// main keys as far as they fit, then "? all keys", always shown.
func (a *App) shortHelp() string {
	sep := a.help.Styles.ShortSeparator.Render(" • ")
	if a.keysPage >= 0 {
		return a.helpItem(keyKeysClose) + sep + a.helpItem(keyKeysPage)
	}
	km := a.helpKeys()
	w := a.c.width - 1 // a full-width line would look cut
	if km.noGlobal || a.top().Capturing() {
		// Typed text: q and ? are letters here, so only the screen's own
		// keys and ctrl+c work.
		own := a.top().Keys()
		var lines []string
		line := ""
		for _, b := range bindingsOf(append(own.FullHelp(), own.ShortHelp(), []key.Binding{keyQuit})...) {
			item := truncate(a.helpItem(b), w)
			switch {
			case line == "":
				line = item
			case lipgloss.Width(line+sep+item) <= w:
				line += sep + item
			default:
				lines = append(lines, line)
				line = item
			}
		}
		return strings.Join(append(lines, line), "\n")
	}
	tail := a.helpItem(keyHelp)
	items := bindingsOf(km.short)
	line := ""
	for i, b := range items {
		next := a.helpItem(b)
		if line != "" {
			next = line + sep + next
		}
		rest := sep + tail
		if i < len(items)-1 {
			rest = sep + "…" + sep + tail
		}
		if lipgloss.Width(next+rest) > w {
			if line == "" {
				return truncate(tail, w)
			}
			return line + sep + "…" + sep + tail
		}
		line = next
	}
	if line == "" {
		return tail
	}
	return line + sep + tail
}

// keysView lists every key of the screen, in as many columns as fit and,
// when they do not fit either, in pages (←/→).
func (a *App) keysView(h int) string {
	km := a.helpKeys()
	items := bindingsOf(km.full...)
	st := a.help.Styles
	w := a.c.width
	keyW, descW := 0, 0
	for _, b := range items {
		keyW = max(keyW, lipgloss.Width(b.Help().Key))
		descW = max(descW, lipgloss.Width(b.Help().Desc))
	}
	const gap = 4
	colW := min(keyW+2+descW, w-2)
	cols := max(1, (w-2+gap)/(colW+gap))
	// A title and a blank line above; a page line when there are pages.
	rows := max(1, h-2)
	if rows*cols < len(items) {
		rows = max(1, h-4)
	}
	perPage := rows * cols
	pages := max(1, (len(items)+perPage-1)/perPage)
	a.keysPage = min(a.keysPage, pages-1)
	first := a.keysPage * perPage
	page := items[first:min(len(items), first+perPage)]
	rows = min(rows, (len(page)+cols-1)/cols)
	grid := make([]string, rows)
	for i, b := range page {
		r, c := i%rows, i/rows
		k := b.Help().Key
		cell := st.FullKey.Render(k) + strings.Repeat(" ", keyW-lipgloss.Width(k)+2) + st.FullDesc.Render(b.Help().Desc)
		cell = truncate(cell, colW)
		if c > 0 {
			grid[r] += strings.Repeat(" ", max(0, c*(colW+gap)-lipgloss.Width(grid[r])))
		}
		grid[r] += cell
	}
	var b strings.Builder
	b.WriteString("  " + a.c.styles.title.Render("All keys: "+a.top().Title()) + "\n\n")
	for _, l := range grid {
		b.WriteString("  " + l + "\n")
	}
	if pages > 1 {
		b.WriteString("\n  " + a.c.styles.dim.Render(fmt.Sprintf("page %d of %d · → next page · ← previous page", a.keysPage+1, pages)))
	}
	return b.String()
}

// keysViewKey handles a key while the key list is open: ?, esc and q close
// it, the arrows turn its pages. Any other key closes it and goes on to the
// screen (handled is false).
func (a *App) keysViewKey(k tea.KeyPressMsg) (handled bool) {
	switch k.String() {
	case "?", "esc", "q":
		a.keysPage = -1
	case "right", "l", "pgdown", "space":
		a.keysPage++ // keysView clamps it to the last page
	case "left", "h", "pgup":
		a.keysPage = max(0, a.keysPage-1)
	default:
		a.keysPage = -1
		a.layout()
		return false
	}
	a.layout()
	return true
}

// fitWidth cuts every line of s to width cells, ending a cut line in "…".
func fitWidth(s string, width int) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = truncate(l, width)
	}
	return strings.Join(lines, "\n")
}

// setContent fills a viewport with s, each line fitted to its width: a
// viewport cuts wider lines without a mark, this ends them in "…".
func setContent(vp *viewport.Model, s string) {
	vp.SetContent(fitWidth(s, vp.Width()))
}
