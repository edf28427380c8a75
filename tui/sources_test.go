package tui

import (
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/lambdatutor/lambdatutor/lessons"
)

var sourceURL = regexp.MustCompile(`https?://\S+`)

// joined is rendered text with the line breaks and indentation a terminal
// wrap adds taken out, so that a wrapped URL can be found whole.
func joined(lines []string) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(strings.TrimSpace(ansi.Strip(l)))
	}
	return b.String()
}

// TestRenderedLessonsEndWithSources: every lesson, as the reader and
// `lessons show` on a terminal render it, ends with a Sources section that
// has each source's URL (issue 10 item 12).
func TestRenderedLessonsEndWithSources(t *testing.T) {
	cat, err := lessons.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range cat.All() {
		r, err := RenderLesson(l, 100, LessonStyle(true))
		if err != nil {
			t.Fatal(err)
		}
		heading := -1
		for i, line := range r.Lines {
			if strings.TrimSpace(ansi.Strip(line)) == "## Sources" {
				heading = i
			}
		}
		if heading < 0 {
			t.Errorf("%s: no Sources section", l.ID)
			continue
		}
		tail := joined(r.Lines[heading:])
		for _, s := range l.Sources {
			u := sourceURL.FindString(s)
			if u == "" {
				t.Errorf("%s: source without a URL: %q", l.ID, s)
			} else if !strings.Contains(tail, u) {
				t.Errorf("%s: the Sources section lacks %s", l.ID, u)
			}
		}
	}
}

// TestReaderShowsSources: at the end of a lesson the reader shows its
// Sources section.
func TestReaderShowsSources(t *testing.T) {
	cat, err := lessons.Default()
	if err != nil {
		t.Fatal(err)
	}
	l, err := cat.Get("pricing")
	if err != nil {
		t.Fatal(err)
	}
	a := testApp(t, Options{Catalog: cat, NoColor: true})
	drive(a, tea.WindowSizeMsg{Width: 100, Height: 30}, pushMsg{newReader(a.c, l, 0)})
	drive(a, keys("G")...)
	got := screenText(a)
	last := sourceURL.FindString(l.Sources[len(l.Sources)-1])
	if last == "" || !strings.Contains(joined(strings.Split(got, "\n")), last) {
		t.Fatalf("the end of the lesson does not show its last source, %s:\n%s", last, got)
	}
	// A page up, the section's heading.
	drive(a, keys("b")...)
	if got := screenText(a); !strings.Contains(got, "## Sources") {
		t.Fatalf("no Sources heading above the sources:\n%s", got)
	}
}
