package progress

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// ExportFormat is the "format" of every progress export file.
const ExportFormat = "lambdatutor-progress"

// ExportVersion is the export "version" this build writes and the newest it
// reads. Extending the file: add an optional section (a field with
// omitempty/omitzero that older files simply lack), bump ExportVersion, and
// validate the section in validate; files of every older version keep
// parsing.
//
// Version 2 added the quiz: "cards" and "reviews"; version 3 the code
// drafts ("drafts") and the exercise attempt log ("exercise_attempts").
const ExportVersion = 3

// MaxExportSize bounds the size of a file ParseExport reads.
const MaxExportSize = 32 << 20

// Export is one user's progress as a JSON document, for `lambdatutor
// progress export` and `import`. Read files with ParseExport, which
// validates them; write with Encode.
type Export struct {
	// Format is always ExportFormat.
	Format string `json:"format"`
	// Version is the version of this layout, 1 to ExportVersion.
	Version int `json:"version"`
	// ExportedAt is when the file was written.
	ExportedAt time.Time `json:"exported_at"`
	// User is whose progress this is. Import may load it into any user.
	User ExportUser `json:"user"`
	// LastLesson is the lesson the user last viewed ("" if none); it must
	// be one of Lessons.
	LastLesson string `json:"last_lesson,omitempty"`
	// Lessons are the lesson records, sorted by id in files this package
	// writes; ids are unique.
	Lessons []LessonRecord `json:"lessons"`
	// Cards are the quiz's spaced-repetition cards, sorted by id (version
	// 2; absent when there are none).
	Cards []Card `json:"cards,omitempty"`
	// Reviews are the quiz answers, oldest first (version 2; absent when
	// there are none).
	Reviews []Review `json:"reviews,omitempty"`
	// Exercises are the handler exercise records, sorted by id (version
	// 2; absent when there are none).
	Exercises []ExerciseRecord `json:"exercises,omitempty"`
	// Attempts is the exercise attempt log, oldest first (version 3;
	// absent when there is none).
	Attempts []AttemptRecord `json:"exercise_attempts,omitempty"`
	// Drafts are the code drafts of the exercises and the playground,
	// sorted by key (version 3; absent when there are none).
	Drafts []Draft `json:"drafts,omitempty"`
}

// ExportUser identifies the user an export came from.
type ExportUser struct {
	// Key is the user's key (LocalUserKey or an SSH key fingerprint).
	Key string `json:"key"`
	// Name is the user's display name.
	Name string `json:"name"`
}

// Export returns the user's progress, read from one consistent snapshot.
func (s *Store) Export(ctx context.Context, userID int64) (*Export, error) {
	e := &Export{Format: ExportFormat, Version: ExportVersion, Lessons: []LessonRecord{}}
	err := s.read(ctx, func(q querier) error {
		u, last, err := queryUser(ctx, q, userID)
		if err != nil {
			return err
		}
		e.User = ExportUser{Key: u.Key, Name: u.Name}
		e.LastLesson = last
		recs, err := queryLessons(ctx, q, userID)
		if err != nil {
			return err
		}
		if recs != nil {
			e.Lessons = recs
		}
		if e.Cards, err = queryCards(ctx, q, userID); err != nil {
			return err
		}
		if e.Reviews, err = queryReviews(ctx, q, userID); err != nil {
			return err
		}
		if e.Exercises, err = queryExercises(ctx, q, userID); err != nil {
			return err
		}
		if e.Attempts, err = queryAttempts(ctx, q, userID); err != nil {
			return err
		}
		e.Drafts, err = queryDrafts(ctx, q, userID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("export progress: %w", err)
	}
	e.ExportedAt, _ = time.Parse(time.RFC3339, s.stamp())
	return e, nil
}

// Encode writes e as indented JSON followed by a newline.
func (e *Export) Encode(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // drafts are code: keep => and < readable
	if err := enc.Encode(e); err != nil {
		return fmt.Errorf("write progress export: %w", err)
	}
	return nil
}

// Import replaces all of the user's progress records (lessons, quiz cards
// and reviews, exercises and their attempt log, and, from a version 3
// file, the code drafts) with those in e, in one transaction: if anything is wrong (e
// fails validation, a write fails), the user's records are left as they
// were.
func (s *Store) Import(ctx context.Context, userID int64, e *Export) error {
	if e == nil {
		return errors.New("import progress: no export given")
	}
	if err := e.validate(); err != nil {
		return fmt.Errorf("import progress: %w", err)
	}
	last := e.LastLesson
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := touchUser(ctx, tx, userID, &last); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM lesson_records WHERE user_id = ?`, userID); err != nil {
			return err
		}
		ins, err := tx.PrepareContext(ctx, `
			INSERT INTO lesson_records (user_id, lesson_id, scroll_offset, completed_at, last_viewed_at)
			VALUES (?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer ins.Close()
		for _, r := range e.Lessons {
			if _, err := ins.ExecContext(ctx, userID, r.ID, r.Offset, nullTime(r.CompletedAt), nullTime(r.ViewedAt)); err != nil {
				return fmt.Errorf("lesson %q: %w", r.ID, err)
			}
		}
		if err := importQuiz(ctx, tx, userID, e); err != nil {
			return err
		}
		if err := importExercises(ctx, tx, userID, e.Exercises); err != nil {
			return err
		}
		return importCode(ctx, tx, userID, e)
	})
	if err != nil {
		return fmt.Errorf("import progress (nothing was changed): %w", err)
	}
	return nil
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return formatTime(t)
}

// ParseExport reads and strictly validates a progress export: the format
// and version, JSON syntax (errors give the line and column), unknown
// fields, times (RFC 3339), lesson ids (non-empty, unique) and offsets (not
// negative). The returned Export is ready for Import.
func ParseExport(r io.Reader) (*Export, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxExportSize+1))
	if err != nil {
		return nil, fmt.Errorf("read progress export: %w", err)
	}
	if len(data) > MaxExportSize {
		return nil, fmt.Errorf("invalid progress export: larger than %d MiB; is it the right file?", MaxExportSize>>20)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New("invalid progress export: the file is empty; export it again with `lambdatutor progress export`")
	}
	// Pass 1: syntax of the whole document, then format and version, before
	// complaining about fields that a newer version may have added.
	var head struct {
		Format  *string `json:"format"`
		Version *int    `json:"version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, jsonError(data, err)
	}
	switch {
	case head.Format == nil:
		return nil, fmt.Errorf("invalid progress export: no \"format\" field; is it a file written by `lambdatutor progress export`?")
	case *head.Format != ExportFormat:
		return nil, fmt.Errorf("invalid progress export: format is %q, expected %q; is it a file written by `lambdatutor progress export`?", *head.Format, ExportFormat)
	case head.Version == nil:
		return nil, fmt.Errorf("invalid progress export: no \"version\" field; add \"version\": %d", ExportVersion)
	case *head.Version > ExportVersion:
		return nil, fmt.Errorf("invalid progress export: version %d is newer than this lambdatutor understands (%d); upgrade lambdatutor", *head.Version, ExportVersion)
	case *head.Version < 1:
		return nil, fmt.Errorf("invalid progress export: version %d is not a valid version (1 to %d)", *head.Version, ExportVersion)
	}

	// Pass 2: the full document, rejecting unknown fields. Times are read
	// as strings so a bad one can be reported with its place.
	var w wireExport
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return nil, jsonError(data, err)
	}
	e := &Export{
		Format:     w.Format,
		Version:    w.Version,
		LastLesson: w.LastLesson,
		Lessons:    make([]LessonRecord, 0, len(w.Lessons)),
	}
	if w.User == nil {
		return nil, errors.New("invalid progress export: no \"user\" field; add \"user\": {\"key\": \"local\", \"name\": \"\"}")
	}
	e.User = *w.User
	if e.ExportedAt, err = parseExportTime("exported_at", w.ExportedAt, true); err != nil {
		return nil, err
	}
	if w.Lessons == nil {
		return nil, errors.New("invalid progress export: no \"lessons\" list; use \"lessons\": [] for none")
	}
	for i, wl := range w.Lessons {
		if wl.ID == nil {
			return nil, fmt.Errorf("invalid progress export: lessons[%d] has no \"id\"", i)
		}
		if wl.Offset == nil {
			return nil, fmt.Errorf("invalid progress export: lessons[%d] (%q) has no \"offset\"", i, *wl.ID)
		}
		l := LessonRecord{ID: *wl.ID, Offset: *wl.Offset}
		field := fmt.Sprintf("lessons[%d].", i)
		if l.CompletedAt, err = parseExportTime(field+"completed_at", wl.CompletedAt, false); err != nil {
			return nil, err
		}
		if l.ViewedAt, err = parseExportTime(field+"last_viewed_at", wl.ViewedAt, false); err != nil {
			return nil, err
		}
		e.Lessons = append(e.Lessons, l)
	}
	if e.Cards, e.Reviews, err = parseQuizExport(w.Version, w.Cards, w.Reviews); err != nil {
		return nil, err
	}
	e.Exercises = w.Exercises
	e.Attempts = w.Attempts
	e.Drafts = w.Drafts
	if err := e.validate(); err != nil {
		return nil, err
	}
	return e, nil
}

// wireExport is Export as ParseExport decodes it: pointers and strings
// where "missing" and "malformed" need their own messages.
type wireExport struct {
	Format     string           `json:"format"`
	Version    int              `json:"version"`
	ExportedAt *string          `json:"exported_at"`
	User       *ExportUser      `json:"user"`
	LastLesson string           `json:"last_lesson"`
	Lessons    []wireLesson     `json:"lessons"`
	Cards      []wireCard       `json:"cards"`
	Reviews    []wireReview     `json:"reviews"`
	Exercises  []ExerciseRecord `json:"exercises"`
	Attempts   []AttemptRecord  `json:"exercise_attempts"`
	Drafts     []Draft          `json:"drafts"`
}

type wireLesson struct {
	ID          *string `json:"id"`
	Offset      *int    `json:"offset"`
	CompletedAt *string `json:"completed_at"`
	ViewedAt    *string `json:"last_viewed_at"`
}

func parseExportTime(field string, s *string, required bool) (time.Time, error) {
	if s == nil {
		if required {
			return time.Time{}, fmt.Errorf("invalid progress export: no %q field", field)
		}
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, *s)
	if err != nil {
		return time.Time{}, fmt.Errorf("invalid progress export: %s is %q, not an RFC 3339 time like \"2026-11-27T18:30:00Z\"", field, *s)
	}
	return t.UTC(), nil
}

// validate checks what ParseExport checks after decoding, so Import also
// refuses a hand-built Export that would not survive a round trip.
func (e *Export) validate() error {
	if e.Format != ExportFormat {
		return fmt.Errorf("invalid progress export: format is %q, expected %q", e.Format, ExportFormat)
	}
	if e.Version < 1 || e.Version > ExportVersion {
		return fmt.Errorf("invalid progress export: version %d is not one this lambdatutor understands (1 to %d)", e.Version, ExportVersion)
	}
	if e.ExportedAt.IsZero() {
		return errors.New("invalid progress export: exported_at is missing")
	}
	if e.User.Key == "" {
		return errors.New("invalid progress export: user.key is empty; use \"local\" for the local user")
	}
	seen := make(map[string]int, len(e.Lessons))
	for i, l := range e.Lessons {
		if l.ID == "" || strings.TrimSpace(l.ID) == "" {
			return fmt.Errorf("invalid progress export: lessons[%d].id is empty", i)
		}
		if strings.TrimSpace(l.ID) != l.ID {
			return fmt.Errorf("invalid progress export: lessons[%d].id %q has surrounding spaces", i, l.ID)
		}
		if j, dup := seen[l.ID]; dup {
			return fmt.Errorf("invalid progress export: lessons[%d].id %q repeats lessons[%d]; keep one record per lesson", i, l.ID, j)
		}
		seen[l.ID] = i
		if l.Offset < 0 {
			return fmt.Errorf("invalid progress export: lessons[%d].offset is %d; offsets must be 0 or more", i, l.Offset)
		}
		if err := checkLessonID(l.ID); err != nil {
			return fmt.Errorf("invalid progress export: lessons[%d]: %w", i, err)
		}
		if err := checkTime("completed_at", l.CompletedAt, true); err != nil {
			return fmt.Errorf("invalid progress export: lessons[%d] (%q): %w", i, l.ID, err)
		}
		if err := checkTime("last_viewed_at", l.ViewedAt, true); err != nil {
			return fmt.Errorf("invalid progress export: lessons[%d] (%q): %w", i, l.ID, err)
		}
	}
	if _, ok := seen[e.LastLesson]; e.LastLesson != "" && !ok {
		return fmt.Errorf("invalid progress export: last_lesson %q is not in lessons; add its record or remove last_lesson", e.LastLesson)
	}
	if err := e.validateQuiz(); err != nil {
		return err
	}
	if err := validateExercises(e.Exercises); err != nil {
		return err
	}
	return e.validateCode()
}

// jsonError turns a decoding error into a message with line and column.
func jsonError(data []byte, err error) error {
	var (
		syn *json.SyntaxError
		typ *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &syn):
		// Offset counts the bytes read, including the offending one.
		return fmt.Errorf("invalid progress export: malformed JSON at %s: %w", position(data, syn.Offset-1), err)
	case errors.As(err, &typ):
		what := "the document"
		if typ.Field != "" {
			what = typ.Field
		}
		return fmt.Errorf("invalid progress export: near %s: %s must be a JSON %s, not %s", position(data, typ.Offset), what, jsonKind(typ.Type.Kind().String()), typ.Value)
	}
	if strings.HasPrefix(err.Error(), "json: unknown field") {
		return fmt.Errorf("invalid progress export: %w; remove it (this lambdatutor reads export versions 1 to %d)", err, ExportVersion)
	}
	return fmt.Errorf("invalid progress export: %w", err)
}

func jsonKind(goKind string) string {
	switch goKind {
	case "int", "int64":
		return "integer"
	case "string":
		return "string"
	case "slice":
		return "array"
	case "struct", "map", "ptr":
		return "object"
	}
	return goKind
}

// position formats a byte offset in data as "line L, column C (byte N)",
// lines and columns counted from 1.
func position(data []byte, offset int64) string {
	if offset < 0 {
		offset = 0
	}
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(offset) - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf("line %d, column %d (byte %d)", line, col, offset)
}
