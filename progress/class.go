package progress

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ClassData is what the store holds about a whole class, read from one
// snapshot: every learner's raw progress and the course plan. Package
// class turns it into the roster, the topic heat map and the exercise
// table; the store knows nothing of topics or catalogs.
type ClassData struct {
	// Learners are the class's learners, oldest first. Guests (SSH
	// sessions without a key, whose progress lasts one session) are left
	// out.
	Learners []ClassLearner
	// Plan is the course plan (Plan).
	Plan []PlanItem
}

// ClassLearner is one learner's progress as the class views read it.
type ClassLearner struct {
	ID   int64
	Key  string
	Name string
	// FirstSeen is when the learner first connected; LastSeen the time of
	// their latest recorded activity (a lesson viewed or completed, an
	// answer, a check run or hint, a saved draft), else FirstSeen.
	FirstSeen, LastSeen time.Time
	// LessonsOpened counts the lessons with a record; Completed holds the
	// completed ones.
	LessonsOpened int
	Completed     map[string]bool
	// Exercises are the exercises tried (with a record), by id.
	Exercises map[string]ClassExercise
	// QuizAnswered and QuizCorrect count all the learner's answers.
	QuizAnswered, QuizCorrect int
	// Topics are the learner's answers per topic (of the cards that
	// Class was given a topic for).
	Topics map[string]TopicTally
	// Overdue counts the quiz cards due before now.
	Overdue int
}

// ClassExercise is one learner's totals on one exercise.
type ClassExercise struct {
	Attempts int
	Hints    int
	Solved   bool
}

// TopicTally counts one learner's answers on one topic.
type TopicTally struct {
	Answered int
	Correct  int
	// RightCards counts the different cards (questions) of the topic
	// answered right at least once.
	RightCards int
}

// guestPrefix starts the keys of SSH guests.
const guestPrefix = "guest:"

// Class reads the whole class at now (for overdue reviews) in one
// snapshot. topicOf gives the topic of each quiz card id (the store knows
// no topics); answers on other cards count only in the totals. The queries
// are a handful of grouped scans, whatever the number of learners, and
// return a few rows a learner.
func (s *Store) Class(ctx context.Context, now time.Time, topicOf map[string]string) (*ClassData, error) {
	d := &ClassData{}
	err := s.read(ctx, func(q querier) error {
		d.Learners = d.Learners[:0]
		byID := map[int64]*ClassLearner{}
		rows, err := q.QueryContext(ctx, `SELECT id, key, name, created_at FROM users WHERE key NOT LIKE ? ORDER BY id`, guestPrefix+"%")
		if err != nil {
			return err
		}
		for rows.Next() {
			var (
				l       ClassLearner
				created string
			)
			if err := rows.Scan(&l.ID, &l.Key, &l.Name, &created); err != nil {
				rows.Close()
				return err
			}
			if l.FirstSeen, err = parseTime(sql.NullString{String: created, Valid: true}); err != nil {
				rows.Close()
				return fmt.Errorf("user %q: %w", l.Key, err)
			}
			l.LastSeen = l.FirstSeen
			l.Completed = map[string]bool{}
			l.Exercises = map[string]ClassExercise{}
			l.Topics = map[string]TopicTally{}
			d.Learners = append(d.Learners, l)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for i := range d.Learners {
			byID[d.Learners[i].ID] = &d.Learners[i]
		}
		// seen moves a learner's LastSeen forward to a stored time.
		seen := func(l *ClassLearner, t sql.NullString) error {
			if !t.Valid || t.String <= formatTime(l.LastSeen) {
				return nil
			}
			tt, err := parseTime(t)
			if err != nil {
				return fmt.Errorf("user %q: %w", l.Key, err)
			}
			l.LastSeen = tt
			return nil
		}
		if err := scanRows(ctx, q, `SELECT user_id, lesson_id, completed_at, last_viewed_at FROM lesson_records`, nil,
			func(scan func(...any) error) error {
				var (
					uid               int64
					id                string
					completed, viewed sql.NullString
				)
				if err := scan(&uid, &id, &completed, &viewed); err != nil {
					return err
				}
				l := byID[uid]
				if l == nil {
					return nil
				}
				l.LessonsOpened++
				if completed.Valid {
					l.Completed[id] = true
				}
				if err := seen(l, completed); err != nil {
					return err
				}
				return seen(l, viewed)
			}); err != nil {
			return fmt.Errorf("read lesson records: %w", err)
		}
		// One row a learner, read in the order of an index that holds
		// all it needs: the totals, and every answer as a line of "1" or
		// "0" (right or not) and the card id (card ids are printable,
		// without line breaks), summed per topic here.
		if err := scanRows(ctx, q, `SELECT user_id, count(*), sum(correct), max(reviewed_at),
				string_agg(CAST(correct AS TEXT) || card_id, '
')
			FROM quiz_reviews GROUP BY user_id`, nil,
			func(scan func(...any) error) error {
				var (
					uid             int64
					answered, right int
					last            sql.NullString
					cards           string
				)
				if err := scan(&uid, &answered, &right, &last, &cards); err != nil {
					return err
				}
				l := byID[uid]
				if l == nil {
					return nil
				}
				l.QuizAnswered, l.QuizCorrect = answered, right
				var rightCards map[string]bool
				for len(cards) > 0 {
					line, rest, _ := strings.Cut(cards, "\n")
					cards = rest
					if len(line) < 2 {
						continue
					}
					card, ok := line[1:], line[0] == '1'
					topic, known := topicOf[card]
					if !known {
						continue
					}
					t := l.Topics[topic]
					t.Answered++
					if ok {
						t.Correct++
						if rightCards == nil {
							rightCards = map[string]bool{}
						}
						if !rightCards[card] {
							rightCards[card] = true
							t.RightCards++
						}
					}
					l.Topics[topic] = t
				}
				return seen(l, last)
			}); err != nil {
			return fmt.Errorf("read quiz reviews: %w", err)
		}
		if err := scanRows(ctx, q, `SELECT user_id, exercise_id, attempts, hints_used, solved_at, started_at, last_attempt_at
			FROM exercise_records`, nil,
			func(scan func(...any) error) error {
				var (
					uid                   int64
					id                    string
					e                     ClassExercise
					solved, started, last sql.NullString
				)
				if err := scan(&uid, &id, &e.Attempts, &e.Hints, &solved, &started, &last); err != nil {
					return err
				}
				l := byID[uid]
				if l == nil {
					return nil
				}
				e.Solved = solved.Valid
				l.Exercises[id] = e
				if err := seen(l, started); err != nil {
					return err
				}
				return seen(l, last)
			}); err != nil {
			return fmt.Errorf("read exercise records: %w", err)
		}
		if err := scanRows(ctx, q, `SELECT user_id, max(saved_at) FROM drafts GROUP BY user_id`, nil,
			func(scan func(...any) error) error {
				var (
					uid  int64
					last sql.NullString
				)
				if err := scan(&uid, &last); err != nil {
					return err
				}
				if l := byID[uid]; l != nil {
					return seen(l, last)
				}
				return nil
			}); err != nil {
			return fmt.Errorf("read drafts: %w", err)
		}
		if err := scanRows(ctx, q, `SELECT user_id, count(*) FROM quiz_cards WHERE due < ? GROUP BY user_id`, []any{formatTime(now)},
			func(scan func(...any) error) error {
				var uid int64
				var n int
				if err := scan(&uid, &n); err != nil {
					return err
				}
				if l := byID[uid]; l != nil {
					l.Overdue = n
				}
				return nil
			}); err != nil {
			return fmt.Errorf("read quiz cards: %w", err)
		}
		d.Plan, err = queryPlan(ctx, q)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read the class: %w", err)
	}
	return d, nil
}

// scanRows runs query and calls each for every row.
func scanRows(ctx context.Context, q querier, query string, args []any, each func(scan func(...any) error) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ClassVersion is a short summary of everything the class views show
// (counts and latest times of each kind of record, and the plan), read in
// one cheap statement: when it has not changed, neither has the class, so
// the Class screen need not read it all again.
func (s *Store) ClassVersion(ctx context.Context) (string, error) {
	var parts [12]sql.NullString
	err := s.read(ctx, func(q querier) error {
		ptrs := make([]any, len(parts))
		for i := range parts {
			ptrs[i] = &parts[i]
		}
		return q.QueryRowContext(ctx, `SELECT
			(SELECT CAST(count(*) AS TEXT) FROM users),
			(SELECT CAST(count(*) AS TEXT) FROM lesson_records),
			(SELECT CAST(count(completed_at) AS TEXT) FROM lesson_records),
			(SELECT max(last_viewed_at) FROM lesson_records),
			(SELECT max(completed_at) FROM lesson_records),
			(SELECT CAST(max(id) AS TEXT) FROM quiz_reviews),
			(SELECT CAST(sum(hints_used) AS TEXT) FROM exercise_records),
			(SELECT CAST(max(id) AS TEXT) FROM exercise_attempts),
			(SELECT max(saved_at) FROM drafts),
			(SELECT CAST(count(*) AS TEXT) FROM plan_items),
			(SELECT max(added_at) FROM plan_items),
			(SELECT min(due) FROM quiz_cards)`).Scan(ptrs...)
	})
	if err != nil {
		return "", fmt.Errorf("read the class: %w", err)
	}
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(p.String)
		b.WriteByte('|')
	}
	return b.String(), nil
}

// ExerciseDraft is the latest code a learner saved for an exercise.
type ExerciseDraft struct {
	ExerciseID string
	Runtime    string
	Code       string
	SavedAt    time.Time
}

// ExerciseDrafts returns the learner's latest draft of each exercise (of
// the runtimes they wrote in, the one saved last), by exercise id.
func (s *Store) ExerciseDrafts(ctx context.Context, userID int64) ([]ExerciseDraft, error) {
	var out []ExerciseDraft
	err := s.read(ctx, func(q querier) error {
		ds, err := queryDrafts(ctx, q, userID)
		if err != nil {
			return err
		}
		idx := map[string]int{}
		for _, d := range ds {
			if d.Kind != "exercise" {
				continue
			}
			e := ExerciseDraft{ExerciseID: d.Name, Runtime: d.Runtime, Code: d.Code, SavedAt: d.SavedAt}
			if i, ok := idx[d.Name]; ok {
				if d.SavedAt.After(out[i].SavedAt) {
					out[i] = e
				}
				continue
			}
			idx[d.Name] = len(out)
			out = append(out, e)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read exercise drafts: %w", err)
	}
	return out, nil
}

// UserByKey returns the user with key; ErrUnknownUser (wrapped) when there
// is none.
func (s *Store) UserByKey(ctx context.Context, key string) (User, error) {
	u, err := s.userByKey(ctx, key)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, fmt.Errorf("user %q: %w", key, ErrUnknownUser)
	}
	if err != nil {
		return User{}, fmt.Errorf("load user %q: %w", key, s.mapErr(err))
	}
	return u, nil
}
