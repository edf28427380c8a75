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
	k := renderKey{l.ID, readingWidth(width), style}
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

// MaxReadingWidth caps the width lessons are wrapped at, as glow does: on a
// wide terminal lines of 190 characters are hard to read.
const MaxReadingWidth = 90

// readingWidth is the width a lesson is laid out in for a terminal width.
func readingWidth(width int) int { return min(width, MaxReadingWidth) }

func render(l *lessons.Lesson, width int, style string) (*Rendered, error) {
	wrap := readingWidth(width) - 4
	if wrap < 20 {
		wrap = 20
	}
	// Glamour keeps the source's line breaks inside list items and cuts code
	// lines anywhere: join the one and break the other at token boundaries
	// first. Code sits 6 columns in from the wrap width (margins, indent).
	// The Sources section comes after, unjoined: each URL keeps a line of
	// its own.
	md := wrapCode(joinListItems(terminalLinksIn(l.Markdown(), l.LinkTitles)), wrap-6)
	if !strings.HasSuffix(md, "\n") {
		md += "\n"
	}
	md += l.SourcesMarkdown()
	key := lessonCacheTag(l) + "-" + diskCacheKey(md, wrap, style)
	out, ok := loadRendered(key)
	if !ok {
		tr, err := glamour.NewTermRenderer(glamour.WithStandardStyle(style), glamour.WithWordWrap(wrap))
		if err != nil {
			return nil, fmt.Errorf("render lesson %s: %w", l.ID, err)
		}
		if out, err = tr.Render(md); err != nil {
			return nil, fmt.Errorf("render lesson %s: %w", l.ID, err)
		}
		storeRendered(key, out)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	for len(lines) > 0 && strings.TrimSpace(ansi.Strip(lines[0])) == "" {
		lines = lines[1:]
	}
	return &Rendered{Lines: lines, Sections: findSections(lines, l.Sections)}, nil
}

var sectionLink = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\[([^\]]+)\]\(#[a-z0-9_-]+\)`) })

var lessonLink = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\[([^\]]+)\]\(([a-z0-9-]+)\.md(#[a-z0-9_-]+)?\)`) })

// terminalLinks rewrites links to other lessons, which a terminal cannot
// follow, as their text plus the lesson's title: "see concurrency and
// scaling (lesson “Concurrency and scaling”)". Links to a section of the
// same lesson keep only their text.
func terminalLinks(md string) string { return terminalLinksIn(md, nil) }

// terminalLinksIn is terminalLinks for a lesson whose links are first
// looked up in local (a content pack's lessons, by local id).
func terminalLinksIn(md string, local map[string]string) string {
	cat, _ := lessons.Default()
	md = sectionLink().ReplaceAllString(md, "$1")
	return lessonLink().ReplaceAllStringFunc(md, func(m string) string {
		p := lessonLink().FindStringSubmatch(m)
		text, id := p[1], p[2]
		title := id
		if t, ok := local[id]; ok {
			title = t
		} else if cat != nil {
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

var (
	mdListItem = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\s*([-*+]|[0-9]+[.)])\s+`) })
	mdFence    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile("^\\s*(```|~~~)") })
	mdBlock    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\s*(#|>|\||<)`) })
)

// joinListItems joins the lines of each list item's first paragraph, so that
// the item is wrapped at the reading width rather than at the source's line
// breaks (glamour keeps soft breaks inside list items).
func joinListItems(md string) string {
	lines := strings.Split(md, "\n")
	out := make([]string, 0, len(lines))
	inFence, inItem := false, false
	for _, l := range lines {
		switch {
		case mdFence().MatchString(l):
			inFence = !inFence
			inItem = false
			out = append(out, l)
		case inFence:
			out = append(out, l)
		case strings.TrimSpace(l) == "":
			inItem = false
			out = append(out, l)
		case mdListItem().MatchString(l):
			inItem = true
			out = append(out, l)
		case inItem && !mdBlock().MatchString(l):
			out[len(out)-1] += " " + strings.TrimSpace(l)
		default:
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// wrapCode breaks the lines of fenced code blocks that are wider than width
// at a token boundary (a space, else after punctuation), continuing them
// two columns further in; a token wider than the line is cut as a last
// resort.
func wrapCode(md string, width int) string {
	width = max(width, 16)
	lines := strings.Split(md, "\n")
	out := make([]string, 0, len(lines))
	inFence := false
	for _, l := range lines {
		if mdFence().MatchString(l) {
			inFence = !inFence
			out = append(out, l)
			continue
		}
		if !inFence || ansi.StringWidth(l) <= width {
			out = append(out, l)
			continue
		}
		indent := l[:len(l)-len(strings.TrimLeft(l, " "))] + "  "
		rest := []rune(l)
		first := true
		for len(rest) > 0 {
			limit := width
			if !first {
				limit = width - len(indent)
			}
			if len(rest) <= limit {
				out = append(out, prefixIf(!first, indent)+string(rest))
				break
			}
			cut := codeBreak(rest, limit)
			out = append(out, prefixIf(!first, indent)+strings.TrimRight(string(rest[:cut]), " "))
			rest = []rune(strings.TrimLeft(string(rest[cut:]), " "))
			first = false
		}
	}
	return strings.Join(out, "\n")
}

func prefixIf(ok bool, p string) string {
	if ok {
		return p
	}
	return ""
}

// codeBreak is where to break a code line of more than limit runes: after
// the last space, else after the last punctuation that ends a token, within
// the limit.
func codeBreak(r []rune, limit int) int {
	lead := len(r) - len([]rune(strings.TrimLeft(string(r), " ")))
	for i := limit; i > lead; i-- {
		if r[i] == ' ' {
			return i
		}
	}
	for i := limit; i > lead+1; i-- {
		if strings.ContainsRune(",;({[=:+&|", r[i-1]) {
			return i
		}
	}
	return limit
}
