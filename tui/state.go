package tui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/lambdatutor/lambdatutor/progress"
)

// The TUI reads and writes progress through these helpers. A store error
// never ends the session: reads fall back to "nothing saved" and writes
// report in the status line.

func lastPosition(c *common) (string, int, bool) {
	if c.Store == nil {
		return "", 0, false
	}
	id, off, ok, err := c.Store.LastPosition(c.ctx, c.UserID)
	if err != nil || !ok {
		return "", 0, false
	}
	return id, off, true
}

func lessonRecords(c *common) map[string]progress.LessonRecord {
	if c.Store == nil {
		return nil
	}
	recs, err := c.Store.Lessons(c.ctx, c.UserID)
	if err != nil {
		recs = map[string]progress.LessonRecord{}
	}
	// Marks still waiting in the saver count already.
	if c.saver != nil {
		c.saver.mu.Lock()
		for _, w := range c.saver.queue {
			if w.Kind != writeCompleted && w.Kind != writePosition {
				continue
			}
			r := recs[w.Lesson]
			r.ID = w.Lesson
			if w.Kind == writePosition {
				r.Offset = w.Offset
			} else if w.Done && r.CompletedAt.IsZero() {
				r.CompletedAt = time.Now().UTC()
			} else if !w.Done {
				r.CompletedAt = time.Time{}
			}
			recs[w.Lesson] = r
		}
		c.saver.mu.Unlock()
	}
	return recs
}

func completedCount(c *common) (done, total int) {
	recs := lessonRecords(c)
	for _, l := range c.Catalog.All() {
		if recs[l.ID].Completed() {
			done++
		}
	}
	return done, c.Catalog.Len()
}

// Writes go to the session's saver (see saver.go) and return at once; a
// failure shows in the status line when the saver reports it.

// savePosition queues a lesson position. It returns an error only for
// callers that want one; queuing does not fail.
func savePosition(c *common, lessonID string, offset int) error {
	if c.saver != nil {
		c.saver.put(&pendingWrite{Kind: writePosition, Lesson: lessonID, Offset: offset})
	}
	return nil
}

func setCompleted(c *common, lessonID string, done bool) tea.Cmd {
	if c.saver != nil {
		c.saver.put(&pendingWrite{Kind: writeCompleted, Lesson: lessonID, Done: done})
	}
	return nil
}

// position is a lesson's saved position, a queued one first.
func position(c *common, lessonID string) int {
	if c.Store == nil {
		return 0
	}
	if w, ok := c.saver.pending((&pendingWrite{Kind: writePosition, Lesson: lessonID}).key()); ok {
		return w.Offset
	}
	off, err := c.Store.Position(c.ctx, c.UserID, lessonID)
	if err != nil {
		return 0
	}
	return off
}

// saveDraft queues the code of a draft.
func saveDraft(c *common, k progress.DraftKey, code string) {
	if c.saver != nil {
		c.saver.put(&pendingWrite{Kind: writeDraft, Draft: &k, Text: code})
	}
}

// deleteDraft queues the removal of a draft (back to the starter code).
func deleteDraft(c *common, k progress.DraftKey) {
	if c.saver != nil {
		c.saver.put(&pendingWrite{Kind: writeDeleteDraft, Draft: &k})
	}
}

// draft is a saved draft, a queued one first.
func draft(c *common, k progress.DraftKey) (string, bool) {
	if c.Store == nil {
		return "", false
	}
	if w, ok := c.saver.pending((&pendingWrite{Kind: writeDraft, Draft: &k}).key()); ok {
		return w.Text, w.Kind == writeDraft
	}
	text, ok, err := c.Store.Draft(c.ctx, c.UserID, k)
	if err != nil {
		return "", false
	}
	return text, ok
}

// setSetting queues a setting.
func setSetting(c *common, name, value string) {
	if c.saver != nil {
		c.saver.put(&pendingWrite{Kind: writeSetting, Name: name, Value: value})
	}
}

// setting is a saved setting, a queued one first.
func setting(c *common, name string) (string, bool) {
	if c.Store == nil {
		return "", false
	}
	if w, ok := c.saver.pending((&pendingWrite{Kind: writeSetting, Name: name}).key()); ok {
		return w.Value, true
	}
	v, ok, err := c.Store.Setting(c.ctx, c.UserID, name)
	if err != nil {
		return "", false
	}
	return v, ok
}

// queuedQuizStore is the store as a quiz session sees it: reviews go to
// the saver.
type queuedQuizStore struct{ c *common }

func (q queuedQuizStore) QuizData(ctx context.Context, userID int64) ([]progress.Card, []progress.Review, error) {
	return q.c.Store.QuizData(ctx, userID)
}

func (q queuedQuizStore) SaveReview(_ context.Context, _ int64, r progress.Review, card progress.Card) error {
	q.c.saver.put(&pendingWrite{Kind: writeReview, Review: &r, Card: &card})
	return nil
}
