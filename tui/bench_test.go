package tui

import (
	"os"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/lambdatutor/lambdatutor/lessons"
)

// BenchmarkLessonSwitch measures switching to the next lesson in the reader
// (n) once every lesson has been viewed at this width: the render comes from
// the cache, the position is saved to a real SQLite file, and the new frame is
// drawn. The bar is one frame, 16 ms.
func BenchmarkLessonSwitch(b *testing.B) {
	cat, err := lessons.Default()
	if err != nil {
		b.Fatal(err)
	}
	s, uid := testStore(b)
	a := testApp(b, Options{Catalog: cat, Store: s, UserID: uid})
	drive(a, tea.WindowSizeMsg{Width: 100, Height: 40}, enter, enter)
	r := a.top().(*reader)
	for _, l := range cat.All() { // first views: fill the cache
		if _, err := RenderLesson(l, r.width, a.c.glamourStyle()); err != nil {
			b.Fatal(err)
		}
	}
	n := keys("n")[0]
	p := keys("p")[0]
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := n
		if (i/(cat.Len()-1))%2 == 1 {
			k = p
		}
		a.Update(k)
		_ = a.View()
	}
}

func longestLesson(b *testing.B) *lessons.Lesson {
	cat, err := lessons.Default()
	if err != nil {
		b.Fatal(err)
	}
	longest := cat.All()[0]
	for _, l := range cat.All() {
		if len(l.Body) > len(longest.Body) {
			longest = l
		}
	}
	return longest
}

// BenchmarkRenderLessonFirstView is the cost the caches save: rendering the
// longest lesson with glamour at 100 columns (no disk cache).
func BenchmarkRenderLessonFirstView(b *testing.B) {
	longest := longestLesson(b)
	old := diskCacheDir
	diskCacheDir = func() (string, error) { return "", os.ErrNotExist }
	b.Cleanup(func() { diskCacheDir = old })
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		renderCache.Clear()
		if _, err := RenderLesson(longest, 100, "dark"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderLessonFromDisk is a returning learner's first view of the
// longest lesson in a new process: not in memory, read from the disk cache.
func BenchmarkRenderLessonFromDisk(b *testing.B) {
	longest := longestLesson(b)
	useDiskCache(b, b.TempDir())
	if _, err := render(longest, 100, "dark"); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		renderCache.Clear()
		if _, err := RenderLesson(longest, 100, "dark"); err != nil {
			b.Fatal(err)
		}
	}
}
