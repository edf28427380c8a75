package tui

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/charmbracelet/x/ansi"

	"github.com/lambdatutor/lambdatutor/lessons"
)

// readerLesson has what the reader must lay out well: a list item written
// over several source lines, long prose, and code lines wider than a small
// terminal.
func readerLesson(t *testing.T) *lessons.Lesson {
	t.Helper()
	body := "Intro.\n\n## Steps\n\n" +
		"1. **Runtime:** python3.13 or python3.14 for Python,\n   nodejs22.x or nodejs24.x for Node.js, and nothing\n   older than that.\n" +
		"2. A second item.\n\n" +
		strings.Repeat("A long paragraph of prose that goes on and on about Lambda. ", 12) + "\n\n" +
		"```text\nREPORT RequestId: 8f2c1d3e-5b7a-4c9e-a1d2-3f4b5c6d7e8f\tDuration: 2.08 ms\tBilled Duration: 94 ms\tMemory Size: 128 MB\n```\n\n" +
		"```js\nexport const handler = async (event, context) => ({ statusCode: 200, body: JSON.stringify({ message: 'hello' }) });\n```\n\n## Check yourself\n\n- Q? — A.\n"
	c, err := lessons.Load(fstest.MapFS{"reader-test.md": &fstest.MapFile{Data: []byte(
		"---\nid: reader-test\ntitle: Reader test\norder: 1\nsummary: A lesson for the reader's layout.\ntags: [test]\nsources:\n  - \"[AWS] test\"\nverified_on: 2026-12-03\n---\n\n" + body)}})
	if err != nil {
		t.Fatal(err)
	}
	l, err := c.Get("reader-test")
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func renderedText(t *testing.T, l *lessons.Lesson, width int) []string {
	t.Helper()
	r, err := render(l, width, "notty")
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(r.Lines))
	for i, x := range r.Lines {
		out[i] = strings.TrimRight(ansi.Strip(x), " ")
	}
	return out
}

// TestReaderReflowsListItems: a list item is wrapped at the reading width,
// not at the source file's line breaks.
func TestReaderReflowsListItems(t *testing.T) {
	text := strings.Join(renderedText(t, readerLesson(t), 200), "\n")
	if !strings.Contains(text, "python3.14 for Python, nodejs22.x or nodejs24.x for") {
		t.Errorf("the list item keeps the source's line breaks:\n%s", text)
	}
}

// TestReaderCapsTheTextWidth: at 200 columns prose is wrapped at a reading
// width (as glow does), not across the whole terminal.
func TestReaderCapsTheTextWidth(t *testing.T) {
	widest := 0
	for _, l := range renderedText(t, readerLesson(t), 200) {
		widest = max(widest, ansi.StringWidth(l))
	}
	if widest > 100 || widest < 70 {
		t.Errorf("at 200 columns the widest line is %d cells; want a reading width of 80-100", widest)
	}
}

// TestReaderCodeWrapsAtTokens: at 60 columns, code lines wider than the
// view break between tokens: every token is whole on some line, and no line
// is wider than the view.
func TestReaderCodeWrapsAtTokens(t *testing.T) {
	lines := renderedText(t, readerLesson(t), 60)
	text := strings.Join(lines, "\n")
	for _, tok := range []string{"8f2c1d3e-5b7a-4c9e-a1d2-3f4b5c6d7e8f", "Duration:", "JSON.stringify({", "statusCode:", "'hello'"} {
		found := false
		for _, l := range lines {
			if strings.Contains(l, tok) {
				found = true
			}
		}
		if !found {
			t.Errorf("token %q is split over lines at 60 columns:\n%s", tok, text)
		}
	}
	for _, l := range lines {
		if w := ansi.StringWidth(l); w > 60 {
			t.Errorf("line of %d cells at 60 columns: %q", w, l)
		}
	}
}
