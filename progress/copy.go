package progress

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
)

// copyTables are the per-user tables CopyAll copies, parents first, with
// their columns (user_id first; generated ids are left out and the rows are
// read in id order, so logs keep their order). A test checks that every
// table of the schema is here or in notCopied.
var copyTables = []struct {
	name, columns, order string
}{
	{"lesson_records", "user_id, lesson_id, scroll_offset, completed_at, last_viewed_at", "lesson_id"},
	{"quiz_cards", "user_id, card_id, state, due, stability, difficulty, elapsed_days, scheduled_days, reps, lapses, last_review", "card_id"},
	{"quiz_reviews", "user_id, question_id, card_id, grade, correct, hint_used, mode, answer, reviewed_at, elapsed_ms", "id"},
	{"exercise_records", "user_id, exercise_id, runtime, attempts, passes, hints_used, started_at, solved_at, solve_ms, last_attempt_at", "exercise_id"},
	{"exercise_attempts", "user_id, exercise_id, runtime, passed, tests_passed, tests_total, attempted_at", "id"},
	{"drafts", "user_id, kind, name, runtime, code, saved_at", "kind, name, runtime"},
	{"settings", "user_id, name, value, saved_at", "name"},
}

// notCopied are the tables that are not per learner: CopyAll leaves the
// running servers' tables and copies the course plan (plan_items) apart.
var notCopied = []string{"users", "live_sessions", "plan_items"}

// CopyStats counts what CopyAll copied: learners, and rows per table.
type CopyStats struct {
	Users int            `json:"users"`
	Rows  map[string]int `json:"rows"`
}

// CopyAll copies every learner and all of their progress (lessons, quiz
// cards and the review log, exercise records and the attempt log, drafts,
// settings)
// from src into dst, in one transaction of dst: all of it or, on any
// error, nothing. It reads src from one snapshot. Learners get new ids in
// dst. It refuses to copy a learner whose key dst already has, so running
// it twice, or into a database in use, changes nothing. This is
// `lambdatutor progress migrate`, e.g. from a class's SQLite file into
// the PostgreSQL database that several servers share.
func CopyAll(ctx context.Context, src, dst *Store) (CopyStats, error) {
	type user struct {
		id                 int64
		key, name, created string
		last               sql.NullString
		rows               map[string][][]any
	}
	var (
		users []*user
		plan  []PlanItem
	)
	err := src.read(ctx, func(q querier) error {
		var err error
		if plan, err = queryPlan(ctx, q); err != nil {
			return fmt.Errorf("read plan_items: %w", err)
		}
		rows, err := q.QueryContext(ctx, `SELECT id, key, name, created_at, last_lesson_id FROM users ORDER BY id`)
		if err != nil {
			return err
		}
		byID := map[int64]*user{}
		for rows.Next() {
			u := &user{rows: map[string][][]any{}}
			if err := rows.Scan(&u.id, &u.key, &u.name, &u.created, &u.last); err != nil {
				rows.Close()
				return err
			}
			users = append(users, u)
			byID[u.id] = u
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, t := range copyTables {
			n := strings.Count(t.columns, ",") + 1
			rows, err := q.QueryContext(ctx, `SELECT `+t.columns+` FROM `+t.name+` ORDER BY user_id, `+t.order)
			if err != nil {
				return fmt.Errorf("read %s: %w", t.name, err)
			}
			for rows.Next() {
				vals := make([]any, n)
				ptrs := make([]any, n)
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				if err := rows.Scan(ptrs...); err != nil {
					rows.Close()
					return fmt.Errorf("read %s: %w", t.name, err)
				}
				uid, _ := vals[0].(int64)
				u := byID[uid]
				if u == nil {
					rows.Close()
					return fmt.Errorf("read %s: a row for user id %d, who does not exist", t.name, uid)
				}
				u.rows[t.name] = append(u.rows[t.name], vals)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return fmt.Errorf("read %s: %w", t.name, err)
			}
		}
		return nil
	})
	if err != nil {
		return CopyStats{}, fmt.Errorf("read learners from %s: %w", src.Path(), err)
	}

	stats := CopyStats{Rows: map[string]int{}}
	err = dst.write(ctx, func(tx *sql.Tx) error {
		var clash []string
		for _, u := range users {
			var id int64
			err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE key = ?`, u.key).Scan(&id)
			if err == nil {
				clash = append(clash, u.key)
				continue
			}
			if err != sql.ErrNoRows {
				return err
			}
		}
		if len(clash) > 0 {
			sort.Strings(clash)
			more := ""
			if len(clash) > 3 {
				more = fmt.Sprintf(" and %d more", len(clash)-3)
				clash = clash[:3]
			}
			return explained{fmt.Errorf("%s already has learners with the same keys (%s%s); migrate into an empty database (createdb) or move those learners with `lambdatutor progress export` and `import`", dst.Path(), strings.Join(clash, ", "), more)}
		}
		for _, u := range users {
			var id int64
			if err := tx.QueryRowContext(ctx, `INSERT INTO users (key, name, created_at, last_lesson_id) VALUES (?, ?, ?, ?) RETURNING id`,
				u.key, u.name, u.created, u.last).Scan(&id); err != nil {
				return fmt.Errorf("learner %q: %w", u.key, err)
			}
			for _, t := range copyTables {
				if len(u.rows[t.name]) == 0 {
					continue
				}
				n := strings.Count(t.columns, ",") + 1
				ins, err := tx.PrepareContext(ctx, `INSERT INTO `+t.name+` (`+t.columns+`) VALUES (?`+strings.Repeat(", ?", n-1)+`)`)
				if err != nil {
					return err
				}
				for _, vals := range u.rows[t.name] {
					vals[0] = id
					if _, err := ins.ExecContext(ctx, vals...); err != nil {
						ins.Close()
						return fmt.Errorf("learner %q, %s: %w", u.key, t.name, err)
					}
					stats.Rows[t.name]++
				}
				ins.Close()
			}
			stats.Users++
		}
		// The course plan: an item dst already has keeps its due date.
		for _, p := range plan {
			res, err := tx.ExecContext(ctx, `INSERT INTO plan_items (kind, item, due, source, added_by, added_at)
				VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kind, item) DO NOTHING`,
				p.Kind, p.Item, p.Due, p.Source, p.AddedBy, dst.stamp())
			if err != nil {
				return fmt.Errorf("plan item %s %s: %w", p.Kind, p.Item, err)
			}
			if n, _ := res.RowsAffected(); n > 0 {
				stats.Rows["plan_items"]++
			}
		}
		return nil
	})
	if err != nil {
		return CopyStats{}, fmt.Errorf("copy learners into %s (nothing was copied): %w", dst.Path(), err)
	}
	return stats, nil
}
