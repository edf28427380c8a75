package tui

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/lambdatutor/lambdatutor/progress"
)

// A saver is one session's writer. Screens hand it what to save (code
// being edited, a reading position, a quiz answer, a setting) and go on at
// once: its own goroutine writes to the store in order, and while the
// database is locked by another process (SQLite busy beyond its busy
// timeout) or unreachable (PostgreSQL), it retries with backoff. A newer
// write of the same thing (the same draft, the same lesson's position)
// replaces one still waiting, so the queue never holds more than one
// version of anything, and reads made through the saver see what is
// queued.
//
// At the end of the session Close waits a bounded time for the queue to be
// written. What is still waiting then is not lost: it goes to a recovery
// file (one per user, beside the database), which the next session of the
// same user loads and writes first. Close returns what was not saved, so
// that the learner is told exactly that instead of "your progress is
// saved".
type saver struct {
	store *progress.Store
	uid   int64
	// file is the recovery file; "" keeps nothing (a guest).
	file string

	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{} // closed when the goroutine ends

	mu sync.Mutex
	// queue is in write order; queue[0] is being written when busy.
	queue []*pendingWrite
	busy  bool
	// failing is the error of the last failed attempt, "" when the last
	// attempt succeeded.
	failing string
	closed  bool
	// drained is closed and replaced each time the queue becomes empty.
	drained chan struct{}
	wake    chan struct{}
	// notes carries status lines to the app (see listen).
	notes chan statusMsg
	seq   int
	// hasFile is true while the recovery file holds writes not yet made.
	hasFile bool
	// reviews counts the reviews queued; lastReview is closed once the
	// last one is written.
	reviews    int
	lastReview chan struct{}
}

// Backoff between attempts while the database refuses writes; variables
// so that tests can shorten them.
var (
	saveBackoffFirst = 250 * time.Millisecond
	saveBackoffMax   = 8 * time.Second
)

// Kinds of pending writes.
const (
	writeDraft       = "draft"
	writeDeleteDraft = "delete-draft"
	writePosition    = "position"
	writeCompleted   = "completed"
	writeSetting     = "setting"
	writeReview      = "review"
	writeHint        = "hint"
)

// pendingWrite is one write waiting for the store. It is plain data, so
// that it can be kept in the recovery file.
type pendingWrite struct {
	Kind   string             `json:"kind"`
	Draft  *progress.DraftKey `json:"draft,omitempty"`
	Text   string             `json:"text,omitempty"`
	Lesson string             `json:"lesson,omitempty"`
	Offset int                `json:"offset,omitempty"`
	Done   bool               `json:"done,omitempty"`
	Name   string             `json:"name,omitempty"`
	Value  string             `json:"value,omitempty"`
	Review *progress.Review   `json:"review,omitempty"`
	Card   *progress.Card     `json:"card,omitempty"`
	// Seq tells reviews apart (each is its own write).
	Seq int `json:"seq,omitempty"`
	// written, when set, is closed once the write is in the store.
	written chan struct{}
}

// key names what w writes: a newer write with the same key replaces it.
func (w *pendingWrite) key() string {
	switch w.Kind {
	case writeDraft, writeDeleteDraft:
		return "draft\x00" + w.Draft.Kind + "\x00" + w.Draft.Name + "\x00" + w.Draft.Runtime
	case writePosition, writeCompleted:
		return w.Kind + "\x00" + w.Lesson
	case writeSetting:
		return "setting\x00" + w.Name
	default:
		return fmt.Sprintf("%s\x00%d", w.Kind, w.Seq)
	}
}

// describe says what w is, for "not saved" messages.
func (w *pendingWrite) describe() string {
	switch w.Kind {
	case writeDraft, writeDeleteDraft:
		if w.Draft.Kind == "exercise" {
			return fmt.Sprintf("your code for exercise %s (%s)", w.Draft.Name, w.Draft.Runtime)
		}
		return fmt.Sprintf("your code in the playground's %s example (%s)", w.Draft.Name, w.Draft.Runtime)
	case writePosition:
		return fmt.Sprintf("your place in lesson %s", w.Lesson)
	case writeCompleted:
		if w.Done {
			return fmt.Sprintf("lesson %s marked complete", w.Lesson)
		}
		return fmt.Sprintf("lesson %s marked not complete", w.Lesson)
	case writeSetting:
		return fmt.Sprintf("your %s setting", w.Name)
	case writeReview:
		return "a quiz answer"
	case writeHint:
		return fmt.Sprintf("a hint shown for exercise %s", w.Name)
	}
	return w.Kind
}

func (w *pendingWrite) apply(ctx context.Context, st *progress.Store, uid int64) error {
	switch w.Kind {
	case writeDraft:
		return st.SaveDraft(ctx, uid, *w.Draft, w.Text)
	case writeDeleteDraft:
		return st.DeleteDraft(ctx, uid, *w.Draft)
	case writePosition:
		return st.SavePosition(ctx, uid, w.Lesson, w.Offset)
	case writeCompleted:
		return st.SetCompleted(ctx, uid, w.Lesson, w.Done)
	case writeSetting:
		return st.SetSetting(ctx, uid, w.Name, w.Value)
	case writeReview:
		return st.SaveReview(ctx, uid, *w.Review, *w.Card)
	case writeHint:
		_, err := st.RecordExerciseHint(ctx, uid, w.Name, w.Offset)
		return err
	}
	return fmt.Errorf("unknown kind of saved change %q", w.Kind)
}

// recoveryFile is the file kept for a user's unsaved changes: in
// dir, or beside the database (a folder named after it with ".unsaved"),
// or for PostgreSQL in the user's cache folder.
func recoveryFile(dir string, st *progress.Store, uid int64) string {
	if dir == "" {
		p := st.Path()
		if progress.IsPostgresURL(p) {
			cache, err := os.UserCacheDir()
			if err != nil {
				return ""
			}
			sum := sha256.Sum256([]byte(p))
			dir = filepath.Join(cache, "lambdatutor", "unsaved-"+hex.EncodeToString(sum[:6]))
		} else {
			dir = p + ".unsaved"
		}
	}
	return filepath.Join(dir, fmt.Sprintf("user-%d.json", uid))
}

type recoveryData struct {
	UserID int64           `json:"user_id"`
	Kept   time.Time       `json:"kept"`
	Writes []*pendingWrite `json:"writes"`
}

// newSaver starts the writer of user uid's changes. file is the recovery
// file ("" keeps nothing); what an earlier session left there is queued
// first, and recovered says what.
func newSaver(ctx context.Context, st *progress.Store, uid int64, file string) (s *saver, recovered []string) {
	ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	s = &saver{store: st, uid: uid, file: file, ctx: ctx, cancel: cancel,
		done: make(chan struct{}), drained: make(chan struct{}),
		wake: make(chan struct{}, 1), notes: make(chan statusMsg, 4)}
	if file != "" {
		if data, err := os.ReadFile(file); err == nil {
			var rd recoveryData
			if json.Unmarshal(data, &rd) == nil && rd.UserID == uid {
				s.hasFile = true
				for _, w := range rd.Writes {
					if w.Kind == writeDraft || w.Kind == writeDeleteDraft {
						if w.Draft == nil {
							continue
						}
					}
					if w.Kind == writeReview && (w.Review == nil || w.Card == nil) {
						continue
					}
					s.seq = max(s.seq, w.Seq)
					s.queue = append(s.queue, w)
					recovered = append(recovered, w.describe())
				}
			}
		}
	}
	go s.loop()
	if len(s.queue) > 0 {
		s.poke()
	}
	return s, recovered
}

func (s *saver) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// put queues w, replacing a queued write of the same thing that is not
// being written at this moment.
func (s *saver) put(w *pendingWrite) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	if w.Kind == writeHint {
		s.seq++
		w.Seq = s.seq
	}
	if w.Kind == writeReview {
		s.seq++
		w.Seq = s.seq
		w.written = make(chan struct{})
		s.reviews++
		s.lastReview = w.written
	}
	k := w.key()
	for i, q := range s.queue {
		if (i > 0 || !s.busy) && q.key() == k {
			s.queue[i] = w
			return
		}
	}
	s.queue = append(s.queue, w)
	s.poke()
}

// pending returns the newest queued write with w's key, if any.
func (s *saver) pending(k string) (*pendingWrite, bool) {
	if s == nil {
		return nil, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := len(s.queue) - 1; i >= 0; i-- {
		if s.queue[i].key() == k {
			return s.queue[i], true
		}
	}
	return nil, false
}

func (s *saver) loop() {
	defer close(s.done)
	backoff := saveBackoffFirst
	for {
		s.mu.Lock()
		if len(s.queue) == 0 {
			close(s.drained)
			s.drained = make(chan struct{})
			s.removeRecoveryLocked()
			s.mu.Unlock()
			select {
			case <-s.wake:
				continue
			case <-s.ctx.Done():
				return
			}
		}
		w := s.queue[0]
		s.busy = true
		s.mu.Unlock()

		err := w.apply(s.ctx, s.store, s.uid)

		s.mu.Lock()
		s.busy = false
		if s.ctx.Err() != nil {
			s.mu.Unlock()
			return
		}
		if err == nil {
			s.queue = s.queue[1:]
			if w.written != nil {
				close(w.written)
			}
			if s.failing != "" {
				s.failing = ""
				s.note(statusMsg{"Saved " + w.describe() + ": the database accepts writes again.", false})
			}
			backoff = saveBackoffFirst
			s.mu.Unlock()
			continue
		}
		if s.failing == "" {
			s.note(statusMsg{fmt.Sprintf("Not saved yet: %s (%v). Retrying; keep working, nothing is lost.", w.describe(), err), true})
		}
		s.failing = err.Error()
		s.mu.Unlock()
		select {
		case <-time.After(backoff):
		case <-s.ctx.Done():
			return
		}
		backoff = min(backoff*2, saveBackoffMax)
	}
}

// note hands a status line to the app; an older one not yet shown is
// dropped for it.
func (s *saver) note(m statusMsg) {
	for {
		select {
		case s.notes <- m:
			return
		default:
		}
		select {
		case <-s.notes:
		default:
		}
	}
}

// saverNoteMsg is a status line from the saver.
type saverNoteMsg struct{ statusMsg }

// listen waits for the saver's next status line. It is a goroutine parked
// on a channel, not a timer: an idle session does not wake up for it.
func (s *saver) listen() tea.Cmd {
	return func() tea.Msg {
		select {
		case m := <-s.notes:
			return saverNoteMsg{m}
		case <-s.done:
			return nil
		}
	}
}

// reviewState is how many reviews were queued, and a channel closed once
// the last one is written.
func (s *saver) reviewState() (int, chan struct{}) {
	if s == nil {
		return 0, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reviews, s.lastReview
}

// reviewSavedMsg says that the review behind ch is in the store.
type reviewSavedMsg struct{ ch chan struct{} }

// whenWritten waits for ch to close (the write it stands for is in the
// store); it gives up when the saver ends.
func (s *saver) whenWritten(ch chan struct{}) tea.Cmd {
	return func() tea.Msg {
		select {
		case <-ch:
			return reviewSavedMsg{ch}
		case <-s.done:
			return nil
		}
	}
}

// wait blocks until the queue is empty or ctx ends.
func (s *saver) wait(ctx context.Context) error {
	s.mu.Lock()
	if len(s.queue) == 0 {
		s.mu.Unlock()
		return nil
	}
	ch := s.drained
	s.mu.Unlock()
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Unsaved is what a session could not write before it ended.
type Unsaved struct {
	// What lists the changes not written ("your code for exercise ...").
	What []string
	// Kept is the recovery file that holds them until the next session,
	// "" when they are lost (a guest's, or the file could not be written).
	Kept string
	// Err is why they were not written (the last store error), or why the
	// recovery file could not be written.
	Err string
}

// Message says what was not saved and what happens to it, in a sentence
// for the learner: where is where it is kept ("on the server"; "" names
// the recovery file), next is when it is saved ("you connect again").
func (u *Unsaved) Message(where, next string) string {
	what := strings.Join(u.What, ", ")
	if len(u.What) > 3 {
		what = fmt.Sprintf("%s and %d more changes", strings.Join(u.What[:3], ", "), len(u.What)-3)
	}
	why := ""
	if u.Err != "" {
		why = " (" + u.Err + ")"
	}
	if u.Kept == "" {
		return fmt.Sprintf("not saved: %s%s; the database did not accept the write in time", what, why)
	}
	if where == "" {
		where = "in " + u.Kept
	}
	return fmt.Sprintf("not saved yet: %s%s; it is kept %s and saved when %s", what, why, where, next)
}

// close stops taking writes, waits up to timeout for the queue to be
// written, and keeps what is left in the recovery file. It returns nil
// when everything was saved.
func (s *saver) close(timeout time.Duration) *Unsaved {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	_ = s.wait(ctx)
	cancel()
	s.cancel()
	// A write stuck in the database's busy wait may not notice the
	// cancellation at once; what it holds is kept below either way.
	select {
	case <-s.done:
	case <-time.After(100 * time.Millisecond):
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.queue) == 0 {
		return nil
	}
	u := &Unsaved{Err: s.failing}
	if u.Err == "" {
		u.Err = "the database was still busy"
	}
	for _, w := range s.queue {
		u.What = append(u.What, w.describe())
	}
	if s.file == "" {
		return u
	}
	if err := s.writeRecoveryLocked(); err != nil {
		u.Err = err.Error()
		return u
	}
	u.Kept = s.file
	return u
}

func (s *saver) writeRecoveryLocked() error {
	data, err := json.MarshalIndent(recoveryData{UserID: s.uid, Kept: time.Now().UTC(), Writes: s.queue}, "", "  ")
	if err != nil {
		return fmt.Errorf("cannot keep the unsaved changes: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(s.file), 0o700); err != nil {
		return fmt.Errorf("cannot keep the unsaved changes: %w", err)
	}
	tmp := s.file + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return fmt.Errorf("cannot keep the unsaved changes: %w", err)
	}
	if err := os.Rename(tmp, s.file); err != nil {
		return fmt.Errorf("cannot keep the unsaved changes: %w", err)
	}
	s.hasFile = true
	return nil
}

// removeRecoveryLocked deletes the recovery file once all it held (and
// everything since) is written.
func (s *saver) removeRecoveryLocked() {
	if s.hasFile {
		if err := os.Remove(s.file); err == nil || errors.Is(err, os.ErrNotExist) {
			s.hasFile = false
		}
	}
}
