package tui

import (
	"fmt"

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
		return nil
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

// savePosition writes a lesson position now. It is called from Update, so
// a failure is turned into a status message by the caller.
func savePosition(c *common, lessonID string, offset int) error {
	if c.Store == nil {
		return nil
	}
	if err := c.Store.SavePosition(c.ctx, c.UserID, lessonID, offset); err != nil {
		return fmt.Errorf("could not save your place: %w", err)
	}
	return nil
}

func setCompleted(c *common, lessonID string, done bool) tea.Cmd {
	if c.Store == nil {
		return nil
	}
	if err := c.Store.SetCompleted(c.ctx, c.UserID, lessonID, done); err != nil {
		return status(fmt.Sprintf("could not save: %v", err), true)
	}
	return nil
}
