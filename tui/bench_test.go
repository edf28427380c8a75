package tui

import (
	"context"
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
	a := New(context.Background(), Options{Catalog: cat, Store: s, UserID: uid})
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

// BenchmarkRenderLessonFirstView is the cost the cache saves: rendering the
// longest lesson with glamour at 100 columns.
func BenchmarkRenderLessonFirstView(b *testing.B) {
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
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		renderCache.Clear()
		if _, err := RenderLesson(longest, 100, "dark"); err != nil {
			b.Fatal(err)
		}
	}
}
