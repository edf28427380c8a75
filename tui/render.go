package tui

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"charm.land/glamour/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/lambdatutor/lambdatutor/lessons"
)

// Rendered is a lesson rendered for one width: its lines and the line index
// of each "##" section heading.
type Rendered struct {
	Lines    []string
	Sections []int
}

type renderKey struct {
	id    string
	width int
	style string
}

// renderEntry is one cache slot; done is closed when r and err are set, so
// that two callers asking for the same render (a prerender at start-up and the
// reader's first layout, or two SSH sessions) share one glamour run.
type renderEntry struct {
	done chan struct{}
	r    *Rendered
	err  error
}

// renderCache holds rendered lessons by (lesson, width, style). A glamour
// renderer is not safe for concurrent use, so each render makes its own and
// only the resulting strings are shared (between screens and SSH sessions).
var renderCache sync.Map // renderKey -> *renderEntry

// RenderLesson renders a lesson's Markdown at the given width, from the cache
// when it was rendered before (or is being rendered now).
func RenderLesson(l *lessons.Lesson, width int, style string) (*Rendered, error) {
	k := renderKey{l.ID, width, style}
	e := &renderEntry{done: make(chan struct{})}
	if old, loaded := renderCache.LoadOrStore(k, e); loaded {
		e = old.(*renderEntry)
		<-e.done
		return e.r, e.err
	}
	e.r, e.err = render(l, width, style)
	if e.err != nil {
		renderCache.Delete(k) // let a later call try again
	}
	close(e.done)
	return e.r, e.err
}

// Prerender starts rendering a lesson in the background, so that the reader
// finds it in the cache.
func Prerender(l *lessons.Lesson, width int, style string) {
	go func() { _, _ = RenderLesson(l, width, style) }()
}

func render(l *lessons.Lesson, width int, style string) (*Rendered, error) {
	wrap := width - 4
	if wrap < 20 {
		wrap = 20
	}
	tr, err := glamour.NewTermRenderer(glamour.WithStandardStyle(style), glamour.WithWordWrap(wrap))
	if err != nil {
		return nil, fmt.Errorf("render lesson %s: %w", l.ID, err)
	}
	out, err := tr.Render(terminalLinks(l.MarkdownWithSources()))
	if err != nil {
		return nil, fmt.Errorf("render lesson %s: %w", l.ID, err)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	for len(lines) > 0 && strings.TrimSpace(ansi.Strip(lines[0])) == "" {
		lines = lines[1:]
	}
	return &Rendered{Lines: lines, Sections: findSections(lines, l.Sections)}, nil
}

var sectionLink = regexp.MustCompile(`\[([^\]]+)\]\(#[a-z0-9_-]+\)`)

var lessonLink = regexp.MustCompile(`\[([^\]]+)\]\(([a-z0-9-]+)\.md(#[a-z0-9_-]+)?\)`)

// terminalLinks rewrites links to other lessons, which a terminal cannot
// follow, as their text plus the lesson's title: "see concurrency and
// scaling (lesson “Concurrency and scaling”)". Links to a section of the
// same lesson keep only their text.
func terminalLinks(md string) string {
	cat, _ := lessons.Default()
	md = sectionLink.ReplaceAllString(md, "$1")
	return lessonLink.ReplaceAllStringFunc(md, func(m string) string {
		p := lessonLink.FindStringSubmatch(m)
		text, id := p[1], p[2]
		title := id
		if cat != nil {
			if l, err := cat.Get(id); err == nil {
				title = l.Title
			}
		}
		if strings.EqualFold(strings.TrimSpace(text), title) {
			return "*" + text + "* (lesson)"
		}
		return text + " (lesson “" + title + "”)"
	})
}

// findSections locates each section heading in the rendered lines, in order.
// Glamour prints level-2 headings as "## Title".
func findSections(lines []string, sections []lessons.Section) []int {
	out := make([]int, 0, len(sections))
	from := 0
	for _, s := range sections {
		want := "## " + s.Title
		found := -1
		for i := from; i < len(lines); i++ {
			plain := strings.TrimSpace(ansi.Strip(lines[i]))
			if plain == want || strings.HasPrefix(plain, want) {
				found = i
				break
			}
		}
		if found < 0 {
			// A heading wrapped over two lines: fall back to its first words.
			for i := from; i < len(lines); i++ {
				plain := strings.TrimSpace(ansi.Strip(lines[i]))
				if strings.HasPrefix(plain, "## ") && strings.HasPrefix(want, plain) {
					found = i
					break
				}
			}
		}
		if found < 0 {
			found = from
		}
		out = append(out, found)
		from = found + 1
	}
	return out
}
