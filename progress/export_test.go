package progress

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"testing"
	"time"
)

// seed gives the user a little of everything.
func seed(t *testing.T, s *Store, c *clock, userID int64) {
	t.Helper()
	ctx := context.Background()
	steps := []func() error{
		func() error { return s.SavePosition(ctx, userID, "what-is-lambda", 120) },
		func() error { return s.SetCompleted(ctx, userID, "what-is-lambda", true) },
		func() error { return s.SetCompleted(ctx, userID, "pricing", true) },
		func() error { return s.SavePosition(ctx, userID, "cold-starts", 7) },
	}
	for _, step := range steps {
		c.advance(time.Minute)
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
}

const wantExportJSON = `{
  "format": "lambdatutor-progress",
  "version": 3,
  "exported_at": "2026-11-27T18:05:00Z",
  "user": {
    "key": "local",
    "name": "ada"
  },
  "last_lesson": "cold-starts",
  "lessons": [
    {
      "id": "cold-starts",
      "offset": 7,
      "last_viewed_at": "2026-11-27T18:04:00Z"
    },
    {
      "id": "pricing",
      "offset": 0,
      "completed_at": "2026-11-27T18:03:00Z"
    },
    {
      "id": "what-is-lambda",
      "offset": 120,
      "completed_at": "2026-11-27T18:02:00Z",
      "last_viewed_at": "2026-11-27T18:01:00Z"
    }
  ]
}
`

func TestExportImportRoundTrip(t *testing.T) {
	ctx := context.Background()
	a, c := openTest(t)
	ua := mustUser(t, a, LocalUserKey, "ada")
	seed(t, a, c, ua.ID)
	c.advance(time.Minute)

	exp, err := a.Export(ctx, ua.ID)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := exp.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	if buf.String() != wantExportJSON {
		t.Fatalf("export JSON:\n%s\nwant:\n%s", buf.String(), wantExportJSON)
	}

	parsed, err := ParseExport(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(parsed, exp) {
		t.Fatalf("parsed export differs:\n%+v\nwant\n%+v", parsed, exp)
	}

	// Into another database and another user (local -> SSH), replacing
	// what that user had.
	b, cb := openTest(t)
	ub := mustUser(t, b, "SHA256:abc", "ada")
	if err := b.SavePosition(ctx, ub.ID, "old-lesson", 99); err != nil {
		t.Fatal(err)
	}
	if err := b.Import(ctx, ub.ID, parsed); err != nil {
		t.Fatal(err)
	}
	cb.t = c.now()
	again, err := b.Export(ctx, ub.ID)
	if err != nil {
		t.Fatal(err)
	}
	again.User = exp.User
	if !reflect.DeepEqual(again, exp) {
		t.Errorf("after import:\n%+v\nwant\n%+v", again, exp)
	}
	if id, off, ok, _ := b.LastPosition(ctx, ub.ID); !ok || id != "cold-starts" || off != 7 {
		t.Errorf("LastPosition after import = %q %d %v", id, off, ok)
	}

	// An empty user exports an empty list, which imports as a reset.
	empty := mustUser(t, a, "SHA256:empty", "")
	e, err := a.Export(ctx, empty.ID)
	if err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	e.Encode(&buf)
	if !strings.Contains(buf.String(), `"lessons": []`) || strings.Contains(buf.String(), "last_lesson") {
		t.Errorf("empty export:\n%s", buf.String())
	}
	e, err = ParseExport(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Import(ctx, ub.ID, e); err != nil {
		t.Fatal(err)
	}
	if sum, _ := b.Summary(ctx, ub.ID); !reflect.DeepEqual(sum, Summary{}) {
		t.Errorf("importing an empty export left %+v", sum)
	}
}

func TestParseExportRejects(t *testing.T) {
	valid := `{"format":"lambdatutor-progress","version":1,"exported_at":"2026-11-27T18:00:00Z","user":{"key":"local","name":""},"last_lesson":"a","lessons":[{"id":"a","offset":1},{"id":"b","offset":2,"completed_at":"2026-11-27T18:00:00+01:00"}]}`
	if e, err := ParseExport(strings.NewReader(valid)); err != nil {
		t.Fatalf("valid export rejected: %v", err)
	} else if got := e.Lessons[1].CompletedAt; !got.Equal(time.Date(2026, 11, 27, 17, 0, 0, 0, time.UTC)) || got.Location() != time.UTC {
		t.Errorf("completed_at read as %v, want 17:00 UTC", got)
	}
	// Each case edits the valid document.
	cases := []struct {
		name, from, to string
		want           []string
	}{
		{"empty file", valid, "", []string{"empty"}},
		{"cut short", valid, valid[:120], []string{"malformed JSON", "line 1", "unexpected end"}},
		{"syntax error with position", `,"user"`, ",\n\n  x\"user\"", []string{"malformed JSON", "line 3, column 3"}},
		{"trailing data", `}]}`, `}]} {}`, []string{"malformed JSON"}},
		{"not an object", valid, `[1,2]`, []string{"must be a JSON object"}},
		{"no format", `"format":"lambdatutor-progress",`, ``, []string{`no "format"`}},
		{"wrong format", `lambdatutor-progress`, `anki-deck`, []string{`"anki-deck"`, "lambdatutor progress export"}},
		{"newer version", `"version":1`, `"version":4,"quiz_decks":[]`, []string{"version 4 is newer", "(3)", "upgrade"}},
		{"version zero", `"version":1`, `"version":0`, []string{"version 0"}},
		{"no version", `"version":1,`, ``, []string{`no "version"`}},
		{"unknown field", `"user":`, `"usr":{},"user":`, []string{`unknown field "usr"`}},
		{"no user", `"user":{"key":"local","name":""},`, ``, []string{`no "user"`}},
		{"empty user key", `"key":"local"`, `"key":""`, []string{"user.key"}},
		{"no exported_at", `"exported_at":"2026-11-27T18:00:00Z",`, ``, []string{"exported_at"}},
		{"bad exported_at", `"exported_at":"2026-11-27T18:00:00Z"`, `"exported_at":"yesterday"`, []string{"exported_at", `"yesterday"`, "RFC 3339"}},
		{"bad completed_at", `"2026-11-27T18:00:00+01:00"`, `"2026-11-27 18:00"`, []string{"lessons[1].completed_at", "RFC 3339"}},
		{"bad last_viewed_at", `"offset":1}`, `"offset":1,"last_viewed_at":"2026-13-01T00:00:00Z"}`, []string{"lessons[0].last_viewed_at"}},
		{"no lessons", `,"lessons":[{"id":"a","offset":1},{"id":"b","offset":2,"completed_at":"2026-11-27T18:00:00+01:00"}]`, ``, []string{`no "lessons"`}},
		{"empty id", `{"id":"b"`, `{"id":""`, []string{"lessons[1].id is empty"}},
		{"blank id", `{"id":"b"`, `{"id":"  "`, []string{"lessons[1].id is empty"}},
		{"spaced id", `{"id":"b"`, `{"id":" b"`, []string{"lessons[1].id", "spaces"}},
		{"missing id", `{"id":"b",`, `{`, []string{`lessons[1] has no "id"`}},
		{"duplicate id", `{"id":"b"`, `{"id":"a"`, []string{`lessons[1].id "a" repeats lessons[0]`}},
		{"negative offset", `"offset":2`, `"offset":-2`, []string{"lessons[1].offset is -2"}},
		{"fractional offset", `"offset":2`, `"offset":2.5`, []string{"lessons.offset", "integer", "line 1"}},
		{"string offset", `"offset":2`, `"offset":"2"`, []string{"lessons.offset", "integer"}},
		{"missing offset", `,"offset":2`, ``, []string{`has no "offset"`}},
		{"last lesson not in lessons", `"last_lesson":"a"`, `"last_lesson":"zzz"`, []string{`last_lesson "zzz"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc := valid
			if tc.from == valid {
				doc = tc.to
			} else {
				if !strings.Contains(valid, tc.from) {
					t.Fatalf("test case edits %q, which is not in the valid document", tc.from)
				}
				doc = strings.Replace(valid, tc.from, tc.to, 1)
			}
			_, err := ParseExport(strings.NewReader(doc))
			wantErr(t, err, append([]string{"progress export"}, tc.want...)...)
		})
	}
}

func TestBadImportChangesNothing(t *testing.T) {
	ctx := context.Background()
	s, c := openTest(t)
	u := mustUser(t, s, LocalUserKey, "ada")
	seed(t, s, c, u.ID)
	before, err := s.Export(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	good := func() *Export {
		return &Export{Format: ExportFormat, Version: ExportVersion, ExportedAt: c.now(),
			User: ExportUser{Key: "local"}, LastLesson: "x",
			Lessons: []LessonRecord{{ID: "x", Offset: 1}, {ID: "y", Offset: 2}}}
	}
	bad := map[string]func(e *Export){
		"wrong format":    func(e *Export) { e.Format = "other" },
		"newer version":   func(e *Export) { e.Version = ExportVersion + 1 },
		"no exported_at":  func(e *Export) { e.ExportedAt = time.Time{} },
		"no user key":     func(e *Export) { e.User.Key = "" },
		"empty id":        func(e *Export) { e.Lessons[1].ID = "" },
		"duplicate id":    func(e *Export) { e.Lessons[1].ID = "x" },
		"negative offset": func(e *Export) { e.Lessons[0].Offset = -1 },
		"dangling last":   func(e *Export) { e.LastLesson = "nope" },
	}
	for name, spoil := range bad {
		e := good()
		spoil(e)
		err := s.Import(ctx, u.ID, e)
		if err == nil {
			t.Errorf("%s: imported", name)
		}
	}
	if err := s.Import(ctx, u.ID, nil); err == nil {
		t.Error("nil export imported")
	}

	// A failure inside the transaction, after the old records were
	// deleted and some new ones inserted, must roll all of it back.
	failInserts(t, s, "lesson_records", "lesson_id", "y")
	wantErr(t, s.Import(ctx, u.ID, good()), "nothing was changed", "boom")

	after, err := s.Export(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(after, before) {
		t.Errorf("failed imports changed the data:\n%+v\nwas\n%+v", after, before)
	}

	// The good one goes through once the trigger is gone.
	stopFailing(t, s, "lesson_records")
	if err := s.Import(ctx, u.ID, good()); err != nil {
		t.Fatal(err)
	}
	if recs, _ := s.Lessons(ctx, u.ID); len(recs) != 2 || recs["y"].Offset != 2 {
		t.Errorf("after good import: %+v", recs)
	}
}

func TestPosition(t *testing.T) {
	data := []byte("ab\ncd\nef")
	for off, want := range map[int64]string{
		0:  "line 1, column 1 (byte 0)",
		2:  "line 1, column 3 (byte 2)",
		3:  "line 2, column 1 (byte 3)",
		7:  "line 3, column 2 (byte 7)",
		99: "line 3, column 3 (byte 8)",
		-1: "line 1, column 1 (byte 0)",
	} {
		if got := position(data, off); got != want {
			t.Errorf("position(%d) = %q, want %q", off, got, want)
		}
	}
}
