package progress

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"
)

// Card is the spaced-repetition state of one quiz card for one user (the
// FSRS card fields). The store keeps it; package quiz computes it.
type Card struct {
	// ID is the card id: a question id, or "gen/<template>" for generated
	// questions.
	ID string `json:"id"`
	// State is 0 new, 1 learning, 2 review, 3 relearning.
	State int `json:"state"`
	// Due is when the card is next due.
	Due           time.Time `json:"due"`
	Stability     float64   `json:"stability"`
	Difficulty    float64   `json:"difficulty"`
	ElapsedDays   int       `json:"elapsed_days"`
	ScheduledDays int       `json:"scheduled_days"`
	Reps          int       `json:"reps"`
	// Lapses counts the times the card was forgotten (graded Again after
	// being learnt).
	Lapses int `json:"lapses"`
	// LastReview is the time of the last review; zero if never reviewed.
	LastReview time.Time `json:"last_review,omitzero"`
}

// Review is one answer given in the quiz.
type Review struct {
	// QuestionID is the question answered (bank or generated id).
	QuestionID string `json:"question_id"`
	// CardID is the card the review updated.
	CardID string `json:"card_id"`
	// Grade is 1 Again, 2 Hard, 3 Good, 4 Easy.
	Grade int `json:"grade"`
	// Correct is whether the answer counted as right.
	Correct bool `json:"correct"`
	// HintUsed is whether a hint was shown before answering.
	HintUsed bool `json:"hint_used,omitempty"`
	// Mode is the session mode: practice, mock or weak.
	Mode string `json:"mode"`
	// Answer is what the learner typed.
	Answer string `json:"answer,omitempty"`
	// ReviewedAt is when the answer was given (whole seconds, UTC).
	ReviewedAt time.Time `json:"reviewed_at"`
	// ElapsedMs is how long the learner took to answer.
	ElapsedMs int64 `json:"elapsed_ms"`
}

// MaxAnswerLen bounds the stored answer text in bytes; longer answers are
// cut (at a character boundary).
const MaxAnswerLen = 8 << 10

func (r Review) check() error {
	switch {
	case r.QuestionID == "" || strings.TrimSpace(r.QuestionID) != r.QuestionID:
		return fmt.Errorf("question id %q must be non-empty without surrounding spaces", r.QuestionID)
	case r.CardID == "" || strings.TrimSpace(r.CardID) != r.CardID:
		return fmt.Errorf("card id %q must be non-empty without surrounding spaces", r.CardID)
	case r.Grade < 1 || r.Grade > 4:
		return fmt.Errorf("grade %d is not 1 (Again) to 4 (Easy)", r.Grade)
	case r.ElapsedMs < 0:
		return fmt.Errorf("elapsed time %d ms is negative", r.ElapsedMs)
	case r.ReviewedAt.IsZero():
		return errors.New("review time is missing")
	case r.Mode == "":
		return errors.New("mode is missing (practice, mock or weak)")
	}
	return nil
}

func (c Card) check() error {
	switch {
	case c.ID == "" || strings.TrimSpace(c.ID) != c.ID:
		return fmt.Errorf("card id %q must be non-empty without surrounding spaces", c.ID)
	case c.State < 0 || c.State > 3:
		return fmt.Errorf("card %q: state %d is not 0 (new) to 3 (relearning)", c.ID, c.State)
	case c.Due.IsZero():
		return fmt.Errorf("card %q: due time is missing", c.ID)
	case !(c.Stability >= 0) || !(c.Difficulty >= 0) || math.IsInf(c.Stability, 0) || math.IsInf(c.Difficulty, 0):
		return fmt.Errorf("card %q: stability and difficulty must be finite and 0 or more", c.ID)
	case c.ElapsedDays < 0 || c.ScheduledDays < 0 || c.Reps < 0 || c.Lapses < 0:
		return fmt.Errorf("card %q: day counts, reps and lapses must be 0 or more", c.ID)
	}
	return nil
}

// SaveReview logs one review and stores the card's new state, in one
// transaction: both are saved or neither. r.CardID must equal c.ID. A card
// whose last review is older than the stored card's (the same learner
// answering in two sessions at once, the earlier answer saved last) does
// not replace the newer schedule; its review is logged all the same.
func (s *Store) SaveReview(ctx context.Context, userID int64, r Review, c Card) error {
	if err := r.check(); err != nil {
		return fmt.Errorf("save review: %w", err)
	}
	if err := c.check(); err != nil {
		return fmt.Errorf("save review: %w", err)
	}
	if r.CardID != c.ID {
		return fmt.Errorf("save review: review is for card %q but the card is %q", r.CardID, c.ID)
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := touchUser(ctx, tx, userID, nil); err != nil {
			return err
		}
		if err := insertReview(ctx, tx, userID, r); err != nil {
			return err
		}
		return upsertCard(ctx, tx, userID, c)
	})
	if err != nil {
		return fmt.Errorf("save review of %q: %w", r.QuestionID, err)
	}
	return nil
}

func insertReview(ctx context.Context, tx *sql.Tx, userID int64, r Review) error {
	answer := r.Answer
	if len(answer) > MaxAnswerLen {
		answer = answer[:MaxAnswerLen]
		for !utf8.ValidString(answer) { // do not cut a character in two
			answer = answer[:len(answer)-1]
		}
	}
	_, err := tx.ExecContext(ctx, `
		INSERT INTO quiz_reviews (user_id, question_id, card_id, grade, correct, hint_used, mode, answer, reviewed_at, elapsed_ms)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		userID, r.QuestionID, r.CardID, r.Grade, r.Correct, r.HintUsed, r.Mode, answer, formatTime(r.ReviewedAt), r.ElapsedMs)
	return err
}

func upsertCard(ctx context.Context, tx *sql.Tx, userID int64, c Card) error {
	_, err := tx.ExecContext(ctx, `
		INSERT INTO quiz_cards (user_id, card_id, state, due, stability, difficulty, elapsed_days, scheduled_days, reps, lapses, last_review)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (user_id, card_id) DO UPDATE SET
			state = excluded.state, due = excluded.due, stability = excluded.stability,
			difficulty = excluded.difficulty, elapsed_days = excluded.elapsed_days,
			scheduled_days = excluded.scheduled_days, reps = excluded.reps,
			lapses = excluded.lapses, last_review = excluded.last_review
		WHERE quiz_cards.last_review IS NULL OR excluded.last_review IS NULL
			OR excluded.last_review >= quiz_cards.last_review`,
		userID, c.ID, c.State, formatTime(c.Due), c.Stability, c.Difficulty, c.ElapsedDays, c.ScheduledDays,
		c.Reps, c.Lapses, nullTime(c.LastReview))
	return err
}

// Cards returns all of the user's quiz cards, sorted by id.
func (s *Store) Cards(ctx context.Context, userID int64) ([]Card, error) {
	cs, err := queryCards(ctx, s.db, userID)
	if err != nil {
		return nil, fmt.Errorf("read quiz cards: %w", s.mapErr(err))
	}
	return cs, nil
}

// Reviews returns the user's quiz reviews, oldest first.
func (s *Store) Reviews(ctx context.Context, userID int64) ([]Review, error) {
	rs, err := queryReviews(ctx, s.db, userID)
	if err != nil {
		return nil, fmt.Errorf("read quiz reviews: %w", s.mapErr(err))
	}
	return rs, nil
}

// QuizData returns the user's cards and reviews from one consistent
// snapshot (for statistics that combine them).
func (s *Store) QuizData(ctx context.Context, userID int64) ([]Card, []Review, error) {
	var (
		cs []Card
		rs []Review
	)
	err := s.read(ctx, func(q querier) error {
		if _, _, err := queryUser(ctx, q, userID); err != nil {
			return err
		}
		var err error
		if cs, err = queryCards(ctx, q, userID); err != nil {
			return err
		}
		rs, err = queryReviews(ctx, q, userID)
		return err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("read quiz progress: %w", err)
	}
	return cs, rs, nil
}

// ResetQuiz deletes the user's quiz cards and reviews (the lesson records
// stay), in one transaction.
func (s *Store) ResetQuiz(ctx context.Context, userID int64) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := touchUser(ctx, tx, userID, nil); err != nil {
			return err
		}
		return deleteQuiz(ctx, tx, userID)
	})
	if err != nil {
		return fmt.Errorf("reset quiz progress: %w", err)
	}
	return nil
}

func deleteQuiz(ctx context.Context, tx *sql.Tx, userID int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM quiz_reviews WHERE user_id = ?`, userID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM quiz_cards WHERE user_id = ?`, userID)
	return err
}

func queryCards(ctx context.Context, q querier, userID int64) ([]Card, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT card_id, state, due, stability, difficulty, elapsed_days, scheduled_days, reps, lapses, last_review
		FROM quiz_cards WHERE user_id = ? ORDER BY card_id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cs []Card
	for rows.Next() {
		var (
			c    Card
			due  string
			last sql.NullString
		)
		if err := rows.Scan(&c.ID, &c.State, &due, &c.Stability, &c.Difficulty, &c.ElapsedDays, &c.ScheduledDays, &c.Reps, &c.Lapses, &last); err != nil {
			return nil, err
		}
		if c.Due, err = parseTime(sql.NullString{String: due, Valid: true}); err != nil {
			return nil, fmt.Errorf("card %q: %w", c.ID, err)
		}
		if c.LastReview, err = parseTime(last); err != nil {
			return nil, fmt.Errorf("card %q: %w", c.ID, err)
		}
		cs = append(cs, c)
	}
	return cs, rows.Err()
}

func queryReviews(ctx context.Context, q querier, userID int64) ([]Review, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT question_id, card_id, grade, correct, hint_used, mode, answer, reviewed_at, elapsed_ms
		FROM quiz_reviews WHERE user_id = ? ORDER BY reviewed_at, id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var rs []Review
	for rows.Next() {
		var (
			r  Review
			at string
		)
		if err := rows.Scan(&r.QuestionID, &r.CardID, &r.Grade, &r.Correct, &r.HintUsed, &r.Mode, &r.Answer, &at, &r.ElapsedMs); err != nil {
			return nil, err
		}
		if r.ReviewedAt, err = parseTime(sql.NullString{String: at, Valid: true}); err != nil {
			return nil, fmt.Errorf("review of %q: %w", r.QuestionID, err)
		}
		rs = append(rs, r)
	}
	return rs, rows.Err()
}

// importQuiz replaces the user's quiz data with e's, inside Import's
// transaction.
func importQuiz(ctx context.Context, tx *sql.Tx, userID int64, e *Export) error {
	if err := deleteQuiz(ctx, tx, userID); err != nil {
		return err
	}
	for _, c := range e.Cards {
		if err := upsertCard(ctx, tx, userID, c); err != nil {
			return fmt.Errorf("card %q: %w", c.ID, err)
		}
	}
	for i, r := range e.Reviews {
		if err := insertReview(ctx, tx, userID, r); err != nil {
			return fmt.Errorf("reviews[%d]: %w", i, err)
		}
	}
	return nil
}

// wireCard and wireReview are Card and Review as ParseExport decodes them:
// pointers where "missing" needs its own message, strings for times.
type wireCard struct {
	ID            *string  `json:"id"`
	State         *int     `json:"state"`
	Due           *string  `json:"due"`
	Stability     *float64 `json:"stability"`
	Difficulty    *float64 `json:"difficulty"`
	ElapsedDays   int      `json:"elapsed_days"`
	ScheduledDays int      `json:"scheduled_days"`
	Reps          int      `json:"reps"`
	Lapses        int      `json:"lapses"`
	LastReview    *string  `json:"last_review"`
}

type wireReview struct {
	QuestionID *string `json:"question_id"`
	CardID     *string `json:"card_id"`
	Grade      *int    `json:"grade"`
	Correct    *bool   `json:"correct"`
	HintUsed   bool    `json:"hint_used"`
	Mode       *string `json:"mode"`
	Answer     string  `json:"answer"`
	ReviewedAt *string `json:"reviewed_at"`
	ElapsedMs  int64   `json:"elapsed_ms"`
}

// parseQuizExport converts and checks the quiz sections of a decoded
// export (version 2 and later).
func parseQuizExport(version int, cards []wireCard, reviews []wireReview) ([]Card, []Review, error) {
	if version < 2 && (cards != nil || reviews != nil) {
		return nil, nil, fmt.Errorf("invalid progress export: \"cards\" and \"reviews\" need \"version\": 2 or later; fix the version or remove them")
	}
	var cs []Card
	for i, w := range cards {
		field := fmt.Sprintf("cards[%d]", i)
		switch {
		case w.ID == nil:
			return nil, nil, fmt.Errorf("invalid progress export: %s has no \"id\"", field)
		case w.State == nil:
			return nil, nil, fmt.Errorf("invalid progress export: %s (%q) has no \"state\"", field, *w.ID)
		case w.Stability == nil || w.Difficulty == nil:
			return nil, nil, fmt.Errorf("invalid progress export: %s (%q) needs \"stability\" and \"difficulty\"", field, *w.ID)
		}
		c := Card{ID: *w.ID, State: *w.State, Stability: *w.Stability, Difficulty: *w.Difficulty,
			ElapsedDays: w.ElapsedDays, ScheduledDays: w.ScheduledDays, Reps: w.Reps, Lapses: w.Lapses}
		var err error
		if c.Due, err = parseExportTime(field+".due", w.Due, true); err != nil {
			return nil, nil, err
		}
		if c.LastReview, err = parseExportTime(field+".last_review", w.LastReview, false); err != nil {
			return nil, nil, err
		}
		cs = append(cs, c)
	}
	var rs []Review
	for i, w := range reviews {
		field := fmt.Sprintf("reviews[%d]", i)
		switch {
		case w.QuestionID == nil:
			return nil, nil, fmt.Errorf("invalid progress export: %s has no \"question_id\"", field)
		case w.CardID == nil || w.Grade == nil || w.Correct == nil || w.Mode == nil:
			return nil, nil, fmt.Errorf("invalid progress export: %s (%q) needs \"card_id\", \"grade\", \"correct\" and \"mode\"", field, *w.QuestionID)
		}
		r := Review{QuestionID: *w.QuestionID, CardID: *w.CardID, Grade: *w.Grade, Correct: *w.Correct,
			HintUsed: w.HintUsed, Mode: *w.Mode, Answer: w.Answer, ElapsedMs: w.ElapsedMs}
		var err error
		if r.ReviewedAt, err = parseExportTime(field+".reviewed_at", w.ReviewedAt, true); err != nil {
			return nil, nil, err
		}
		rs = append(rs, r)
	}
	return cs, rs, nil
}

// validateQuiz checks the quiz sections of an export.
func (e *Export) validateQuiz() error {
	if e.Version < 2 && (len(e.Cards) > 0 || len(e.Reviews) > 0) {
		return fmt.Errorf("invalid progress export: cards and reviews need version 2 or later, not %d", e.Version)
	}
	seen := make(map[string]int, len(e.Cards))
	for i, c := range e.Cards {
		if err := c.check(); err != nil {
			return fmt.Errorf("invalid progress export: cards[%d]: %w", i, err)
		}
		if j, dup := seen[c.ID]; dup {
			return fmt.Errorf("invalid progress export: cards[%d].id %q repeats cards[%d]; keep one card per id", i, c.ID, j)
		}
		seen[c.ID] = i
	}
	for i, r := range e.Reviews {
		if err := r.check(); err != nil {
			return fmt.Errorf("invalid progress export: reviews[%d]: %w", i, err)
		}
	}
	return nil
}
