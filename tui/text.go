package tui

import (
	"regexp"
	"strings"
	"sync"
)

var listItem = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\s*([-*•]|[0-9]+[.)])\s`) })

// reflow joins the lines of each paragraph of s into one line, so that the
// text can be wrapped once, at the width it is shown in. The source's own
// line breaks (a YAML block folded at 100 columns) would otherwise show as
// ragged lines. Blank lines, list items and indented lines (code) keep
// their breaks.
func reflow(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	var out []string
	joinable := false // the previous line is prose that may go on
	for _, l := range lines {
		trimmed := strings.TrimSpace(l)
		switch {
		case trimmed == "":
			out = append(out, "")
			joinable = false
		case strings.HasPrefix(l, "  ") && !joinable, strings.HasPrefix(l, "    "):
			out = append(out, l)
			joinable = false
		case listItem().MatchString(l):
			out = append(out, strings.TrimRight(l, " "))
			joinable = true
		case joinable:
			out[len(out)-1] += " " + trimmed
		default:
			out = append(out, trimmed)
			joinable = true
		}
	}
	return strings.Join(out, "\n")
}
