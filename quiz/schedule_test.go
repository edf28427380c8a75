package quiz

import (
	"testing"
	"time"

	"github.com/lambdatutor/lambdatutor/progress"
)

func TestFSRS(t *testing.T) {
	s := NewFSRS()
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	fresh := progress.Card{ID: "pricing/x"}

	again := s.Review(fresh, Again, now)
	good := s.Review(fresh, Good, now)
	easy := s.Review(fresh, Easy, now)
	if again.ID != "pricing/x" || again.Reps != 1 || !again.LastReview.Equal(now) {
		t.Errorf("after one review: %+v", again)
	}
	if !(again.Due.Before(good.Due) && good.Due.Before(easy.Due)) || !again.Due.After(now) {
		t.Errorf("due: again %v, good %v, easy %v", again.Due, good.Due, easy.Due)
	}
	if easy.Due.Sub(now) < 24*time.Hour || good.Due.Sub(now) > time.Hour {
		t.Errorf("a new card graded Easy is due in %v, Good in %v", easy.Due.Sub(now), good.Due.Sub(now))
	}

	// Learn the card, then forget it: a lapse.
	c := fresh
	at := now
	for i := 0; i < 4; i++ {
		c = s.Review(c, Good, at)
		at = c.Due
	}
	if c.State != 2 || c.Lapses != 0 {
		t.Fatalf("after four Good reviews: %+v", c)
	}
	longer := s.Review(c, Good, at)
	if longer.Due.Sub(at) <= c.Due.Sub(c.LastReview) {
		t.Errorf("intervals do not grow: %v then %v", c.Due.Sub(c.LastReview), longer.Due.Sub(at))
	}
	lapsed := s.Review(c, Again, at)
	if lapsed.Lapses != 1 || lapsed.State != 3 || lapsed.Due.Sub(at) > time.Hour {
		t.Errorf("after Again on a review card: %+v", lapsed)
	}
	// Deterministic: no fuzz.
	if s.Review(c, Good, at) != longer {
		t.Error("FSRS is not deterministic")
	}
}
