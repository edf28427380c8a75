package quiz

import (
	"fmt"
	"time"

	fsrs "github.com/open-spaced-repetition/go-fsrs/v3"

	"github.com/lambdatutor/lambdatutor/progress"
)

// Scheduler decides when a card is due again. The default is FSRS
// (NewFSRS); tests and experiments may plug in another.
type Scheduler interface {
	// Review returns card's state after a review with grade g at now. A
	// card never reviewed has the zero value except its ID.
	Review(card progress.Card, g Grade, now time.Time) progress.Card
}

// FSRS schedules with the Free Spaced Repetition Scheduler
// (github.com/open-spaced-repetition/go-fsrs/v3), default weights, 90%
// target retention, short-term steps on (a new card answered Good is due
// again within minutes) and no interval fuzz, so it is deterministic.
type FSRS struct {
	f *fsrs.FSRS
}

// NewFSRS returns the default scheduler.
func NewFSRS() *FSRS {
	p := fsrs.DefaultParam()
	p.EnableFuzz = false
	return &FSRS{f: fsrs.NewFSRS(p)}
}

// Review implements Scheduler.
func (s *FSRS) Review(card progress.Card, g Grade, now time.Time) progress.Card {
	c := toFSRS(card)
	if card.Reps == 0 && card.State == 0 {
		c = fsrs.NewCard()
		c.Due = now
	}
	info := s.f.Next(c, now, fsrs.Rating(g))
	out := fromFSRS(info.Card)
	out.ID = card.ID
	return out
}

func toFSRS(c progress.Card) fsrs.Card {
	return fsrs.Card{
		Due: c.Due, Stability: c.Stability, Difficulty: c.Difficulty,
		ElapsedDays: uint64(c.ElapsedDays), ScheduledDays: uint64(c.ScheduledDays),
		Reps: uint64(c.Reps), Lapses: uint64(c.Lapses), State: fsrs.State(c.State), LastReview: c.LastReview,
	}
}

func fromFSRS(c fsrs.Card) progress.Card {
	return progress.Card{
		Due: c.Due.UTC(), Stability: c.Stability, Difficulty: c.Difficulty,
		ElapsedDays: int(c.ElapsedDays), ScheduledDays: int(c.ScheduledDays),
		Reps: int(c.Reps), Lapses: int(c.Lapses), State: int(c.State), LastReview: c.LastReview.UTC(),
	}
}

// DueIn says when a card falls due, the same in the tutor and on the
// command line: "now", "in 1 minute", "in 5 hours", "in 3 days".
func DueIn(due, now time.Time) string {
	d := due.Sub(now)
	switch {
	case d < 30*time.Second:
		return "now"
	case d < 2*time.Hour:
		return "in " + pluralUnit(int(d.Round(time.Minute)/time.Minute), "minute")
	case d < 48*time.Hour:
		return "in " + pluralUnit(int(d.Round(time.Hour)/time.Hour), "hour")
	}
	return "in " + pluralUnit(int((d+12*time.Hour)/(24*time.Hour)), "day")
}

func pluralUnit(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
