package report

import (
	"strings"
	"unicode"

	"github.com/charmbracelet/x/ansi"
)

// Plain makes text from the database safe to print on a terminal: escape
// sequences (colours, titles, screen clears) are removed, and so are
// control and format characters (carriage returns, bells, bidi
// overrides); newlines and tabs stay. A value imported from a file, or
// written by another program, cannot then restyle or rewrite the screen.
func Plain(s string) string {
	s = ansi.Strip(s)
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
}
