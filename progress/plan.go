package progress

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// PlanItem is one assignment of a class's course plan: a lesson to read,
// an exercise to solve or a quiz topic to practise, by a due date.
type PlanItem struct {
	// Kind is PlanLesson, PlanExercise or PlanTopic.
	Kind string `json:"kind"`
	// Item is the lesson, exercise or topic (lesson) id.
	Item string `json:"item"`
	// Due is the due date, YYYY-MM-DD; the item is late from the next day
	// (UTC).
	Due string `json:"due"`
	// Source is PlanFromFile (serve --plan) or PlanFromScreen (the Class
	// screen).
	Source string `json:"source"`
	// AddedBy names who added it from the Class screen ("" for the file).
	AddedBy string `json:"added_by,omitempty"`
}

// Plan item kinds and sources.
const (
	PlanLesson     = "lesson"
	PlanExercise   = "exercise"
	PlanTopic      = "topic"
	PlanFromFile   = "file"
	PlanFromScreen = "screen"
)

// DueTime is the first moment the item is late: midnight UTC after its due
// date. It is the zero time when Due is not a date.
func (p PlanItem) DueTime() time.Time {
	d, err := time.Parse(time.DateOnly, p.Due)
	if err != nil {
		return time.Time{}
	}
	return d.AddDate(0, 0, 1)
}

func (p PlanItem) check() error {
	switch p.Kind {
	case PlanLesson, PlanExercise, PlanTopic:
	default:
		return fmt.Errorf("plan item kind %q: use lesson, exercise or topic", p.Kind)
	}
	if err := checkID(p.Kind, p.Item); err != nil {
		return fmt.Errorf("plan item: %w", err)
	}
	if _, err := time.Parse(time.DateOnly, p.Due); err != nil {
		return fmt.Errorf("plan item %s %s: due date %q is not a date; write it as YYYY-MM-DD", p.Kind, p.Item, p.Due)
	}
	return nil
}

// Plan returns the class's course plan, by due date then kind and id.
func (s *Store) Plan(ctx context.Context) ([]PlanItem, error) {
	var items []PlanItem
	err := s.read(ctx, func(q querier) error {
		var err error
		items, err = queryPlan(ctx, q)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read the course plan: %w", err)
	}
	return items, nil
}

func queryPlan(ctx context.Context, q querier) ([]PlanItem, error) {
	rows, err := q.QueryContext(ctx, `SELECT kind, item, due, source, added_by FROM plan_items ORDER BY due, kind, item`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var items []PlanItem
	for rows.Next() {
		var p PlanItem
		if err := rows.Scan(&p.Kind, &p.Item, &p.Due, &p.Source, &p.AddedBy); err != nil {
			return nil, err
		}
		items = append(items, p)
	}
	return items, rows.Err()
}

// SetPlanItem adds an item to the plan, or changes the due date (and
// source) of the item of the same kind and id.
func (s *Store) SetPlanItem(ctx context.Context, p PlanItem) error {
	if p.Source == "" {
		p.Source = PlanFromScreen
	}
	if err := p.check(); err != nil {
		return err
	}
	err := s.write(ctx, func(tx *sql.Tx) error { return upsertPlanItem(ctx, tx, p, s.stamp()) })
	if err != nil {
		return fmt.Errorf("save plan item %s %s: %w", p.Kind, p.Item, err)
	}
	return nil
}

func upsertPlanItem(ctx context.Context, tx *sql.Tx, p PlanItem, now string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO plan_items (kind, item, due, source, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (kind, item) DO UPDATE SET due = excluded.due, source = excluded.source,
			added_by = excluded.added_by, added_at = excluded.added_at`,
		p.Kind, p.Item, p.Due, p.Source, p.AddedBy, now)
	return err
}

// ErrNoPlanItem is returned (wrapped) by RemovePlanItem when the plan has
// no such item.
var ErrNoPlanItem = errors.New("no such item in the course plan")

// RemovePlanItem takes an item off the plan.
func (s *Store) RemovePlanItem(ctx context.Context, kind, item string) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM plan_items WHERE kind = ? AND item = ?`, kind, item)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return ErrNoPlanItem
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("remove plan item %s %s: %w", kind, item, err)
	}
	return nil
}

// ReplaceFilePlan makes items the plan's file part: the items that came
// from a plan file before are replaced by these, in one transaction; items
// added on the Class screen stay unless items name the same lesson,
// exercise or topic (the file's due date then wins).
func (s *Store) ReplaceFilePlan(ctx context.Context, items []PlanItem) error {
	for i := range items {
		items[i].Source, items[i].AddedBy = PlanFromFile, ""
		if err := items[i].check(); err != nil {
			return err
		}
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM plan_items WHERE source = ?`, PlanFromFile); err != nil {
			return err
		}
		now := s.stamp()
		for _, p := range items {
			if err := upsertPlanItem(ctx, tx, p, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save the course plan: %w", err)
	}
	return nil
}
