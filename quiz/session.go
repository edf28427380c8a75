package quiz

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/lambdatutor/lambdatutor/progress"
)

// Mode is the kind of quiz session.
type Mode string

// The session modes.
const (
	// Practice asks the cards that are due first (most overdue first),
	// then new questions (easiest first), then generated numeric questions,
	// so it never runs out. Hints are available; free answers get a
	// key-point hint.
	Practice Mode = "practice"
	// Mock is a timed mock interview (DefaultMockDuration): Count questions
	// mixed by topic and difficulty, easiest first, no hints, ending in a
	// Debrief.
	Mock Mode = "mock"
	// Weak asks the questions missed most often (most misses first).
	Weak Mode = "weak"
)

// Modes lists the modes.
func Modes() []Mode { return []Mode{Practice, Mock, Weak} }

// ParseMode reads a mode name.
func ParseMode(s string) (Mode, error) {
	switch m := Mode(strings.ToLower(strings.TrimSpace(s))); m {
	case Practice, Mock, Weak:
		return m, nil
	case "":
		return Practice, nil
	}
	return "", fmt.Errorf("unknown quiz mode %q: use practice, mock or weak", s)
}

// Defaults of Options.
const (
	DefaultCount        = 10
	DefaultMockDuration = 30 * time.Minute
)

// Errors of Session methods. Check with errors.Is.
var (
	// ErrNoQuestions: nothing matches the filters.
	ErrNoQuestions = errors.New("no questions match")
	// ErrNoWeakSpots: weak mode found no missed questions yet.
	ErrNoWeakSpots = errors.New("no weak spots yet")
	// ErrSessionOver: the session is done, ended or out of time.
	ErrSessionOver = errors.New("the session is over")
	// ErrTimeUp: the mock interview's time ran out before the answer was
	// submitted; it was not counted and the session is over.
	ErrTimeUp = errors.New("time is up")
	// ErrNeedsSelfGrade: a free answer waits for SelfGrade.
	ErrNeedsSelfGrade = errors.New("grade your free answer first")
	// ErrNotPending: SelfGrade was called with no free answer waiting.
	ErrNotPending = errors.New("no free answer is waiting for a grade")
	// ErrNoHints: hints are off in mock interviews.
	ErrNoHints = errors.New("no hints in a mock interview")
)

// Store is what a session needs from the progress store;
// *progress.Store implements it.
type Store interface {
	QuizData(ctx context.Context, userID int64) ([]progress.Card, []progress.Review, error)
	SaveReview(ctx context.Context, userID int64, r progress.Review, c progress.Card) error
}

var _ Store = (*progress.Store)(nil)

// Options configure NewSession. The zero value of every field but UserID
// is a sensible default.
type Options struct {
	// Mode is Practice when empty.
	Mode Mode
	// UserID is whose cards are read and whose reviews are saved.
	UserID int64
	// Topic keeps only questions tagged with this lesson id ("" for all).
	Topic string
	// Difficulty keeps only questions of this difficulty (1-3; 0 for all).
	Difficulty int
	// Count is the number of questions (DefaultCount when 0). Weak mode
	// may have fewer.
	Count int
	// Duration is the mock interview's time limit (DefaultMockDuration
	// when 0). Ignored in other modes.
	Duration time.Duration
	// Seed makes option order, question mix and generated questions
	// reproducible; 0 takes one from the clock.
	Seed uint64
	// Clock is "now" (time.Now when nil). Tests inject a fake clock; the
	// mock interview's timer reads it.
	Clock func() time.Time
	// Scheduler computes the next due time (NewFSRS when nil).
	Scheduler Scheduler
}

// Item is the question being asked, as the learner sees it.
type Item struct {
	// Question is the full question: show Prompt, and Log (verbatim,
	// monospace) when not empty. Do not show its Choices or Order (bank
	// order gives the answer away): show Choices and Items below.
	Question *Question
	// Number is 1-based; Total is the session's question count.
	Number, Total int
	// Choices are a Single or Multi question's options in shown
	// (shuffled) order; label the i-th with Letter(i).
	Choices []string
	// Items are an Order question's items in shown (shuffled) order;
	// label the i-th with Letter(i). The answer lists letters in the
	// right order.
	Items []string
	// Unit is a Numeric question's unit.
	Unit string
	// Reason says why the question is here: "due", "new", "generated",
	// "weak" or "mock".
	Reason string
	// CardID is the scheduling card the answer updates.
	CardID string

	perm []int // shown index → bank index (choices or order items)
}

// AnswerHelp says how to type an answer to the item, for a prompt line:
// "a letter from a to d", "numbers in USD", ...
func (it *Item) AnswerHelp() string {
	switch it.Question.Kind {
	case Single:
		return fmt.Sprintf("one letter, a to %s", Letter(len(it.Choices)-1))
	case Multi:
		return fmt.Sprintf("all correct letters, a to %s (e.g. \"a,c\")", Letter(len(it.Choices)-1))
	case Numeric:
		return "a number in " + it.Unit
	case Order:
		return fmt.Sprintf("the %d letters in the right order (e.g. \"%s\")", len(it.Items), exampleOrder(len(it.Items)))
	case Free:
		return "your answer in your own words"
	}
	return ""
}

func exampleOrder(n int) string {
	var parts []string
	for i := n - 1; i >= 0; i-- {
		parts = append(parts, Letter(i))
	}
	return strings.Join(parts, " ")
}

// Feedback is the result of Submit (and of SelfGrade for free answers).
type Feedback struct {
	QuestionID string
	Kind       Kind
	// Correct is whether the answer was right. For a free answer it is
	// false until SelfGrade (then: graded anything but Again).
	Correct bool
	// NeedsSelfGrade is true for a free answer: show ModelAnswer (and
	// Coverage), then call SelfGrade with the learner's grade.
	NeedsSelfGrade bool
	// Grade is the grade recorded; 0 while NeedsSelfGrade.
	Grade Grade
	// Given is the answer as understood: "b) option text", "$1.05", the
	// letters in order, or the free text.
	Given string
	// CorrectAnswer is the right answer using the shown letters
	// ("c) option text"; "$1.03 (± $0.01)"; the items in order). Empty for
	// free answers: see ModelAnswer.
	CorrectAnswer string
	// Explanation says why.
	Explanation string
	// ModelAnswer is a free question's model answer.
	ModelAnswer string
	// Coverage is a free answer's key-point hint ("you covered 3 of 5
	// points"); nil for other kinds and in mock interviews. It is a hint
	// for self-grading, never the grade.
	Coverage *Coverage
	// HintUsed is whether Hint was called for this question (the grade is
	// then capped at Hard).
	HintUsed bool
	// Elapsed is the time taken to answer.
	Elapsed time.Duration
	// NextDue is when the question's card is due again (zero while
	// NeedsSelfGrade).
	NextDue time.Time
	// Sources are the question's sources.
	Sources []string
}

// AnswerRecord is one question of a finished (or ongoing) session, for the
// debrief.
type AnswerRecord struct {
	Number   int
	Question *Question
	// Answered is false for questions not reached or skipped by the end.
	Answered bool
	// Given is the answer as understood (see Feedback.Given).
	Given   string
	Correct bool
	Grade   Grade
	// CorrectAnswer is the right answer in the shown letters, or the model
	// answer for free questions.
	CorrectAnswer string
	HintUsed      bool
	Elapsed       time.Duration
}

type pending struct {
	fb     Feedback
	answer string
}

// Session is one quiz session. Its methods are safe for concurrent use
// (the TUI may render while a command saves), but it is meant to be driven
// by one user: Current, then Submit (and SelfGrade for free answers), until
// Current reports false.
type Session struct {
	mu         sync.Mutex
	bank       *Bank
	store      Store
	opts       Options
	sched      Scheduler
	now        func() time.Time
	items      []*Item
	cards      map[string]progress.Card
	index      int
	started    time.Time
	deadline   time.Time
	qStart     time.Time // when the current question was first shown
	lastDone   time.Time // when the previous question was finished
	hintUsed   bool
	hintText   string
	pending    *pending
	records    []AnswerRecord
	ended      time.Time
	timeUp     bool
	endedEarly bool
}

// NewSession reads the user's cards and reviews and builds the session's
// questions. It fails with ErrNoQuestions when the filters match nothing
// and, in weak mode, with ErrNoWeakSpots when nothing was missed yet (both
// wrapped with advice).
func NewSession(ctx context.Context, bank *Bank, store Store, opts Options) (*Session, error) {
	if bank == nil || store == nil {
		return nil, errors.New("new quiz session: a bank and a store are required")
	}
	if opts.Mode == "" {
		opts.Mode = Practice
	}
	if _, err := ParseMode(string(opts.Mode)); err != nil {
		return nil, err
	}
	if opts.Count <= 0 {
		opts.Count = DefaultCount
	}
	if opts.Duration <= 0 {
		opts.Duration = DefaultMockDuration
	}
	if opts.Difficulty < 0 || opts.Difficulty > 3 {
		return nil, fmt.Errorf("difficulty %d: use 1 (easy), 2 (medium), 3 (hard) or 0 for all", opts.Difficulty)
	}
	if opts.Topic != "" && !bank.HasTopic(opts.Topic) {
		return nil, fmt.Errorf("no questions on topic %q: %w; topics are lesson ids (see `lambdatutor lessons`)", opts.Topic, ErrNoQuestions)
	}
	now := opts.Clock
	if now == nil {
		now = time.Now
	}
	sched := opts.Scheduler
	if sched == nil {
		sched = NewFSRS()
	}
	if opts.Seed == 0 {
		opts.Seed = uint64(now().UnixNano())
	}
	cards, reviews, err := store.QuizData(ctx, opts.UserID)
	if err != nil {
		return nil, err
	}
	s := &Session{bank: bank, store: store, opts: opts, sched: sched, now: now, cards: map[string]progress.Card{}}
	for _, c := range cards {
		s.cards[c.ID] = c
	}
	rng := rand.New(rand.NewPCG(opts.Seed, 0x71756979))
	var qs []picked
	switch opts.Mode {
	case Practice:
		qs = s.practiceQueue(rng)
	case Mock:
		qs = s.mockQueue(rng)
	case Weak:
		qs = s.weakQueue(rng, reviews)
		if len(qs) == 0 {
			return nil, fmt.Errorf("%w%s: nothing has been answered wrong so far; run practice (`lambdatutor quiz`) first", ErrNoWeakSpots, s.filterText())
		}
	}
	if len(qs) == 0 {
		return nil, fmt.Errorf("%w%s; try another topic or difficulty", ErrNoQuestions, s.filterText())
	}
	for i, p := range qs {
		s.items = append(s.items, newItem(p.q, p.reason, i+1, len(qs), rng))
	}
	s.started = now()
	s.lastDone = s.started
	if opts.Mode == Mock {
		s.deadline = s.started.Add(opts.Duration)
	}
	return s, nil
}

func (s *Session) filterText() string {
	var parts []string
	if s.opts.Topic != "" {
		parts = append(parts, "topic "+s.opts.Topic)
	}
	if s.opts.Difficulty != 0 {
		parts = append(parts, fmt.Sprintf("difficulty %d", s.opts.Difficulty))
	}
	if len(parts) == 0 {
		return ""
	}
	return " for " + strings.Join(parts, " and ")
}

type picked struct {
	q      *Question
	reason string
}

func (s *Session) matches(topics []string, difficulty int) bool {
	return (s.opts.Topic == "" || contains(topics, s.opts.Topic)) &&
		(s.opts.Difficulty == 0 || s.opts.Difficulty == difficulty)
}

// generated makes a fresh question of template t.
func generated(t Template, rng *rand.Rand) *Question {
	q, _ := Generate(t.Name, uint64(rng.Uint32())+1)
	return q
}

// practiceQueue: due cards (most overdue first), then new bank questions
// (easiest first, shuffled within a difficulty), then generated ones.
func (s *Session) practiceQueue(rng *rand.Rand) []picked {
	now := s.now()
	var due []progress.Card
	for _, c := range s.cards {
		if !c.Due.After(now) {
			due = append(due, c)
		}
	}
	sort.Slice(due, func(i, j int) bool {
		if !due[i].Due.Equal(due[j].Due) {
			return due[i].Due.Before(due[j].Due)
		}
		return due[i].ID < due[j].ID
	})
	var out []picked
	for _, c := range due {
		if len(out) == s.opts.Count {
			return out
		}
		if q, ok := s.bank.byID[c.ID]; ok && s.matches(q.Topics, q.Difficulty) {
			out = append(out, picked{q, "due"})
		} else if t, ok := templateByCard(c.ID); ok && s.matches(t.Topics, t.Difficulty) {
			out = append(out, picked{generated(t, rng), "due"})
		}
	}
	var fresh []*Question
	for _, q := range s.bank.questions {
		if _, seen := s.cards[q.ID]; !seen && s.matches(q.Topics, q.Difficulty) {
			fresh = append(fresh, q)
		}
	}
	rng.Shuffle(len(fresh), func(i, j int) { fresh[i], fresh[j] = fresh[j], fresh[i] })
	sort.SliceStable(fresh, func(i, j int) bool { return fresh[i].Difficulty < fresh[j].Difficulty })
	for _, q := range fresh {
		if len(out) == s.opts.Count {
			return out
		}
		out = append(out, picked{q, "new"})
	}
	var ts []Template
	for _, t := range templates {
		if s.matches(t.Topics, t.Difficulty) {
			ts = append(ts, t)
		}
	}
	if len(ts) == 0 {
		return out
	}
	rng.Shuffle(len(ts), func(i, j int) { ts[i], ts[j] = ts[j], ts[i] })
	for i := 0; len(out) < s.opts.Count; i++ {
		out = append(out, picked{generated(ts[i%len(ts)], rng), "generated"})
	}
	return out
}

// mockQueue picks Count bank questions spread over topics and difficulties
// (a 1, 2, 3, 2 pattern of difficulties unless filtered), easiest first.
func (s *Session) mockQueue(rng *rand.Rand) []picked {
	var pool []*Question
	for _, q := range s.bank.questions {
		if s.matches(q.Topics, q.Difficulty) {
			pool = append(pool, q)
		}
	}
	rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	pattern := []int{1, 2, 3, 2}
	topicUsed := map[string]int{}
	used := make([]bool, len(pool))
	var chosen []*Question
	for slot := 0; slot < s.opts.Count && len(chosen) < len(pool); slot++ {
		want := pattern[slot%len(pattern)]
		if s.opts.Difficulty != 0 {
			want = s.opts.Difficulty
		}
		best, bestScore := -1, math.MaxInt
		for i, q := range pool {
			if used[i] {
				continue
			}
			d := q.Difficulty - want
			if d < 0 {
				d = -d
			}
			score := topicUsed[q.Primary()]*10 + d*4
			if score < bestScore {
				best, bestScore = i, score
			}
		}
		used[best] = true
		topicUsed[pool[best].Primary()]++
		chosen = append(chosen, pool[best])
	}
	sort.SliceStable(chosen, func(i, j int) bool { return chosen[i].Difficulty < chosen[j].Difficulty })
	out := make([]picked, 0, len(chosen))
	for _, q := range chosen {
		out = append(out, picked{q, "mock"})
	}
	if len(out) < s.opts.Count {
		// A narrow filter: top up with generated questions on the topic.
		var ts []Template
		for _, t := range templates {
			if s.matches(t.Topics, t.Difficulty) {
				ts = append(ts, t)
			}
		}
		for i := 0; len(ts) > 0 && len(out) < s.opts.Count; i++ {
			out = append(out, picked{generated(ts[i%len(ts)], rng), "mock"})
		}
	}
	return out
}

// Miss counts how often a card was answered wrong (graded Again).
type Miss struct {
	// CardID is a question id, or "gen/<template>" for a generator.
	CardID string
	// Misses is the number of Again grades; Reviews all reviews.
	Misses, Reviews int
	// Last is the time of the last miss.
	Last time.Time
}

// Misses ranks the cards answered wrong at least once: most misses first,
// then the most recent miss first, then by id.
func Misses(reviews []progress.Review) []Miss {
	by := map[string]*Miss{}
	for _, r := range reviews {
		m := by[r.CardID]
		if m == nil {
			m = &Miss{CardID: r.CardID}
			by[r.CardID] = m
		}
		m.Reviews++
		if r.Grade == int(Again) {
			m.Misses++
			if r.ReviewedAt.After(m.Last) {
				m.Last = r.ReviewedAt
			}
		}
	}
	var out []Miss
	for _, m := range by {
		if m.Misses > 0 {
			out = append(out, *m)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Misses != b.Misses {
			return a.Misses > b.Misses
		}
		if !a.Last.Equal(b.Last) {
			return a.Last.After(b.Last)
		}
		return a.CardID < b.CardID
	})
	return out
}

func (s *Session) weakQueue(rng *rand.Rand, reviews []progress.Review) []picked {
	var out []picked
	for _, m := range Misses(reviews) {
		if len(out) == s.opts.Count {
			break
		}
		if q, ok := s.bank.byID[m.CardID]; ok && s.matches(q.Topics, q.Difficulty) {
			out = append(out, picked{q, "weak"})
		} else if t, ok := templateByCard(m.CardID); ok && s.matches(t.Topics, t.Difficulty) {
			out = append(out, picked{generated(t, rng), "weak"})
		}
	}
	return out
}

func newItem(q *Question, reason string, number, total int, rng *rand.Rand) *Item {
	it := &Item{Question: q, Number: number, Total: total, Reason: reason, CardID: CardID(q.ID)}
	switch q.Kind {
	case Single, Multi:
		it.perm = rng.Perm(len(q.Choices))
		for _, i := range it.perm {
			it.Choices = append(it.Choices, q.Choices[i].Text)
		}
	case Order:
		it.perm = rng.Perm(len(q.Order))
		if len(q.Order) > 1 {
			for isIdentity(it.perm) { // never show the answer as the puzzle
				it.perm = rng.Perm(len(q.Order))
			}
		}
		for _, i := range it.perm {
			it.Items = append(it.Items, q.Order[i])
		}
	case Numeric:
		it.Unit = q.Numeric.Unit
	}
	return it
}

func isIdentity(p []int) bool {
	for i, v := range p {
		if i != v {
			return false
		}
	}
	return true
}

// Mode returns the session's mode.
func (s *Session) Mode() Mode { return s.opts.Mode }

// Seed returns the seed in use (given or taken from the clock), to replay
// the session with Options.Seed.
func (s *Session) Seed() uint64 { return s.opts.Seed }

// Now returns the current time of the session's clock (Options.Clock), to
// show "next review in ..." against the same clock.
func (s *Session) Now() time.Time { return s.now() }

// Len returns the number of questions in the session.
func (s *Session) Len() int { return len(s.items) }

// Current returns the question to show and true, or nil and false when the
// session is over (all answered, ended with End, or out of time). The
// question's answer time starts at its first Current call. While a free
// answer waits for SelfGrade, Current still returns its question.
func (s *Session) Current() (*Item, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pending != nil {
		return s.items[s.index], true
	}
	if s.over() {
		return nil, false
	}
	if s.qStart.IsZero() {
		s.qStart = s.now()
	}
	return s.items[s.index], true
}

// over reports (and records) the end of the session. Callers hold mu.
func (s *Session) over() bool {
	if !s.ended.IsZero() {
		return true
	}
	if s.index >= len(s.items) {
		s.ended = s.now()
		return true
	}
	if !s.deadline.IsZero() && !s.now().Before(s.deadline) {
		s.timeUp = true
		s.ended = s.deadline
		return true
	}
	return false
}

// Done reports whether the session is over.
func (s *Session) Done() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pending == nil && s.over()
}

// Remaining returns the time left in a mock interview (0 when it has run
// out), and 0 in other modes; see TimeLimit.
func (s *Session) Remaining() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.deadline.IsZero() {
		return 0
	}
	end := s.now()
	if !s.ended.IsZero() {
		end = s.ended
	}
	if d := s.deadline.Sub(end); d > 0 {
		return d
	}
	return 0
}

// QuestionElapsed returns how long the current question has been shown
// (since its first Current call), for a per-question timer; 0 when no
// question is open. It stops counting once a free answer is submitted.
func (s *Session) QuestionElapsed() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.qStart.IsZero() || !s.ended.IsZero() {
		return 0
	}
	if s.pending != nil {
		return s.pending.fb.Elapsed
	}
	return s.now().Sub(s.qStart)
}

// TimeLimit returns the mock interview's time limit, 0 in other modes.
func (s *Session) TimeLimit() time.Duration {
	if s.opts.Mode != Mock {
		return 0
	}
	return s.opts.Duration
}

// Hint returns a hint for the current question and marks it used: the
// grade of this question is then capped at Hard. Calling it again returns
// the same hint. Mock interviews have no hints (ErrNoHints).
func (s *Session) Hint() (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.opts.Mode == Mock {
		return "", ErrNoHints
	}
	if s.pending != nil {
		return "", ErrNeedsSelfGrade
	}
	if s.over() {
		return "", ErrSessionOver
	}
	if !s.hintUsed {
		s.hintUsed = true
		s.hintText = hintFor(s.items[s.index])
	}
	return s.hintText, nil
}

func hintFor(it *Item) string {
	q := it.Question
	switch q.Kind {
	case Single:
		for i, bi := range it.perm {
			if !q.Choices[bi].Correct {
				return fmt.Sprintf("It is not %s) %s", Letter(i), it.Choices[i])
			}
		}
	case Multi:
		correct := 0
		for _, c := range q.Choices {
			if c.Correct {
				correct++
			}
		}
		return fmt.Sprintf("%d of the %d options are correct.", correct, len(q.Choices))
	case Numeric:
		h := map[string]string{
			"monthly_cost":    "Bill = requests × $0.20 per million + GB-s × the GB-s rate (GB-s = requests × seconds × memory in GB), minus the free tier when it applies.",
			"invocation_cost": "One request costs $0.0000002; add billed seconds × memory in GB × the GB-s rate.",
			"billed_ms":       "Round the duration up (1 ms today, 100 ms before December 2020), adding Init Duration when INIT is billed.",
			"gb_seconds":      "GB-s = requests × duration in seconds × memory in GB (MB / 1,024).",
			"concurrency":     "Concurrency ≈ requests per second × duration in seconds.",
			"vcpu":            "1,769 MB of memory is one full vCPU; CPU scales linearly with memory.",
		}
		if q.Numeric.Compute != nil {
			if t, ok := h[q.Numeric.Compute.Fn]; ok {
				return t
			}
		}
		return fmt.Sprintf("The answer is a number of %s, accepted within ± %s.", q.Numeric.Unit, trimNumber(q.Numeric.Tolerance))
	case Order:
		return "The first one is: " + q.Order[0]
	case Free:
		var b strings.Builder
		b.WriteString("A good answer covers:")
		for _, kp := range q.KeyPoints {
			b.WriteString("\n- " + kp.Point)
		}
		return b.String()
	}
	return ""
}

// Submit grades a typed answer to the current question.
//
// An answer that cannot be read returns an *AnswerError (nothing is
// recorded; show its reason and ask again). For automatic kinds the review
// is saved and the session moves on; Feedback says whether it was right.
// For a free answer, Feedback has NeedsSelfGrade, the model answer and (not
// in mock mode) the key-point coverage; call SelfGrade next. In a mock
// interview past its time limit, Submit returns ErrTimeUp and records
// nothing; after any other end it returns ErrSessionOver.
func (s *Session) Submit(ctx context.Context, answer string) (Feedback, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pending != nil {
		return Feedback{}, ErrNeedsSelfGrade
	}
	if s.over() {
		if s.timeUp {
			return Feedback{}, ErrTimeUp
		}
		return Feedback{}, ErrSessionOver
	}
	it := s.items[s.index]
	q := it.Question
	fb := Feedback{QuestionID: q.ID, Kind: q.Kind, Explanation: strings.TrimSpace(q.Explanation), HintUsed: s.hintUsed, Sources: q.Sources}
	start := s.qStart
	if start.IsZero() {
		start = s.lastDone
	}
	fb.Elapsed = s.now().Sub(start)
	if fb.Elapsed < 0 {
		fb.Elapsed = 0
	}
	answer = strings.TrimSpace(answer)
	switch q.Kind {
	case Single, Multi:
		picks, err := parseLetters(answer, len(it.Choices))
		if err != nil {
			return Feedback{}, err
		}
		if q.Kind == Single && len(picks) != 1 {
			return Feedback{}, answerErr("pick one letter only (a to %s)", Letter(len(it.Choices)-1))
		}
		chosen := map[int]bool{}
		var given []string
		sort.Ints(picks)
		for _, p := range picks {
			chosen[it.perm[p]] = true
			given = append(given, fmt.Sprintf("%s) %s", Letter(p), it.Choices[p]))
		}
		fb.Correct = true
		for i, c := range q.Choices {
			if c.Correct != chosen[i] {
				fb.Correct = false
			}
		}
		fb.Given = strings.Join(given, "; ")
	case Numeric:
		v, err := ParseNumber(answer, q.Numeric.Unit)
		if err != nil {
			return Feedback{}, err
		}
		fb.Correct = agrees(v, q.Numeric.Answer, q.Numeric.Tolerance)
		fb.Given = FormatNumber(v, q.Numeric.Unit)
	case Order:
		picks, err := parseLetters(answer, len(it.Items))
		if err != nil {
			return Feedback{}, err
		}
		if len(picks) != len(it.Items) {
			return Feedback{}, answerErr("put all %d items in order: type %d letters, like %q", len(it.Items), len(it.Items), exampleOrder(len(it.Items)))
		}
		fb.Correct = true
		var given []string
		for pos, p := range picks {
			if it.perm[p] != pos {
				fb.Correct = false
			}
			given = append(given, Letter(p))
		}
		fb.Given = strings.Join(given, " ")
	case Free:
		if answer == "" {
			return Feedback{}, answerErr("type your answer first (a few sentences); you then see the model answer and grade yourself")
		}
		fb.Given = answer
		fb.NeedsSelfGrade = true
		fb.ModelAnswer = strings.TrimSpace(q.ModelAnswer)
		if s.opts.Mode != Mock {
			c := CheckKeyPoints(q, answer)
			fb.Coverage = &c
		}
		s.pending = &pending{fb: fb, answer: answer}
		return fb, nil
	}
	fb.CorrectAnswer = correctText(it)
	fb.Grade = AutoGrade(q, fb.Correct, s.hintUsed, fb.Elapsed)
	due, err := s.record(ctx, it, fb, answer)
	if err != nil {
		return Feedback{}, err
	}
	fb.NextDue = due
	return fb, nil
}

// SelfGrade records the learner's grade of the free answer submitted last
// and moves on. A grade above Hard after a hint is recorded as Hard. The
// returned Feedback is Submit's, completed with Grade, Correct and NextDue.
func (s *Session) SelfGrade(ctx context.Context, g Grade) (Feedback, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pending == nil {
		return Feedback{}, ErrNotPending
	}
	if !g.Valid() {
		return Feedback{}, answerErr("grade %d is not 1 (Again) to 4 (Easy)", int(g))
	}
	if s.hintUsed && g > Hard {
		g = Hard
	}
	fb := s.pending.fb
	fb.Grade = g
	fb.Correct = g.Correct()
	fb.NeedsSelfGrade = false
	due, err := s.record(ctx, s.items[s.index], fb, s.pending.answer)
	if err != nil {
		return Feedback{}, err
	}
	s.pending = nil
	fb.NextDue = due
	return fb, nil
}

// record saves the review and the card's new state, notes the answer for
// the debrief and moves to the next question. Callers hold mu.
func (s *Session) record(ctx context.Context, it *Item, fb Feedback, answer string) (time.Time, error) {
	now := s.now()
	card, ok := s.cards[it.CardID]
	if !ok {
		card = progress.Card{ID: it.CardID}
	}
	next := s.sched.Review(card, fb.Grade, now)
	next.ID = it.CardID
	r := progress.Review{
		QuestionID: it.Question.ID, CardID: it.CardID, Grade: int(fb.Grade), Correct: fb.Correct,
		HintUsed: fb.HintUsed, Mode: string(s.opts.Mode), Answer: answer, ReviewedAt: now,
		ElapsedMs: fb.Elapsed.Milliseconds(),
	}
	if err := s.store.SaveReview(ctx, s.opts.UserID, r, next); err != nil {
		return time.Time{}, err
	}
	s.cards[it.CardID] = next
	ca := fb.CorrectAnswer
	if it.Question.Kind == Free {
		ca = fb.ModelAnswer
	}
	s.records = append(s.records, AnswerRecord{
		Number: it.Number, Question: it.Question, Answered: true, Given: fb.Given, Correct: fb.Correct,
		Grade: fb.Grade, CorrectAnswer: ca, HintUsed: fb.HintUsed, Elapsed: fb.Elapsed,
	})
	s.index++
	s.qStart = time.Time{}
	s.lastDone = now
	s.hintUsed, s.hintText = false, ""
	return next.Due, nil
}

// correctText renders the right answer with the shown letters.
func correctText(it *Item) string {
	q := it.Question
	switch q.Kind {
	case Single, Multi:
		var parts []string
		for i, bi := range it.perm {
			if q.Choices[bi].Correct {
				parts = append(parts, fmt.Sprintf("%s) %s", Letter(i), it.Choices[i]))
			}
		}
		return strings.Join(parts, "; ")
	case Numeric:
		s := FormatNumber(q.Numeric.Answer, q.Numeric.Unit)
		if q.Numeric.Tolerance > 0 {
			s += " (± " + FormatNumber(q.Numeric.Tolerance, q.Numeric.Unit) + ")"
		}
		return s
	case Order:
		pos := make([]int, len(it.perm)) // bank index → shown index
		for shown, bi := range it.perm {
			pos[bi] = shown
		}
		var letters, lines []string
		for bi, item := range q.Order {
			letters = append(letters, Letter(pos[bi]))
			lines = append(lines, fmt.Sprintf("%d. %s) %s", bi+1, Letter(pos[bi]), item))
		}
		return strings.Join(letters, " ") + "\n" + strings.Join(lines, "\n")
	}
	return ""
}

// End ends the session early. A free answer still waiting for SelfGrade
// is dropped (not recorded). Everything answered before is already saved.
func (s *Session) End() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pending = nil
	if !s.over() {
		s.ended = s.now()
		s.endedEarly = true
	}
}

// TopicScore is how a session did on one topic.
type TopicScore struct {
	// Topic is a lesson id: link to the lesson.
	Topic string
	// Questions is how many of the session's questions have this primary
	// topic; Answered and Correct count the answers to them.
	Questions, Answered, Correct int
}

// Score is Correct / Answered, 0 to 1: a question not reached is not
// wrong.
func (t TopicScore) Score() float64 {
	if t.Answered == 0 {
		return 0
	}
	return float64(t.Correct) / float64(t.Answered)
}

// Summary is the topic's line in every debrief: "50%  1 of 2 right".
func (t TopicScore) Summary() string {
	return fmt.Sprintf("%3d%%  %d of %d right", percentOf(t.Correct, t.Answered), t.Correct, t.Answered)
}

// Debrief is the summary of a session.
type Debrief struct {
	Mode Mode
	// Started and Ended bound the session; Ended is zero while it runs.
	Started, Ended time.Time
	// TimeLimit is the mock interview's limit (0 in other modes); TimeUp
	// is true when it ran out; EndedEarly when End was called.
	TimeLimit  time.Duration
	TimeUp     bool
	EndedEarly bool
	// Total questions in the session; Answered and Correct of them.
	Total, Answered, Correct int
	// Topics: the topics of the answered questions, each answer counted
	// once under its question's primary topic, weakest first.
	Topics []TopicScore
	// Weakest: up to three topics with a wrong answer, weakest first; their
	// Topic is the lesson to read. A question not answered is no mistake.
	Weakest []TopicScore
	// Answers: every question in session order; unanswered ones have
	// Answered false.
	Answers []AnswerRecord
}

// Score is Correct / Answered, 0 to 1.
func (d Debrief) Score() float64 {
	if d.Answered == 0 {
		return 0
	}
	return float64(d.Correct) / float64(d.Answered)
}

// Headline is the debrief's first line, the same in the tutor and on the
// command line: "2 of 3 answered right (67%); 2 not answered, time up."
func (d Debrief) Headline() string {
	how := ""
	switch {
	case d.TimeUp:
		how = ", time up"
	case d.EndedEarly:
		how = ", ended early"
	}
	if d.Answered == 0 {
		return fmt.Sprintf("Nothing answered (%s)%s, so nothing was scored.", countQuestions(d.Total), how)
	}
	s := fmt.Sprintf("%d of %d answered right (%d%%)", d.Correct, d.Answered, percentOf(d.Correct, d.Answered))
	if n := d.Total - d.Answered; n > 0 {
		s += fmt.Sprintf("; %d not answered", n)
	}
	return s + how + "."
}

// ToReview returns the answers worth going over: wrong, or right but
// graded Hard. Questions not answered are in Unanswered.
func (d Debrief) ToReview() []AnswerRecord {
	var out []AnswerRecord
	for _, a := range d.Answers {
		if a.Answered && (!a.Correct || a.Grade == Hard) {
			out = append(out, a)
		}
	}
	return out
}

// Unanswered returns the questions the session did not get answers to
// (not reached, or left when it ended), apart from the score.
func (d Debrief) Unanswered() []AnswerRecord {
	var out []AnswerRecord
	for _, a := range d.Answers {
		if !a.Answered {
			out = append(out, a)
		}
	}
	return out
}

// percentOf is a / b in whole percent, rounded; 0 when b is 0.
func percentOf(a, b int) int {
	if b == 0 {
		return 0
	}
	return (a*100 + b/2) / b
}

func countQuestions(n int) string {
	if n == 1 {
		return "1 question"
	}
	return fmt.Sprintf("%d questions", n)
}

// Debrief summarises the session so far; call it when Current reports
// false (or after End) for the final one.
func (s *Session) Debrief() Debrief {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.over()
	d := Debrief{
		Mode: s.opts.Mode, Started: s.started, Ended: s.ended, TimeLimit: s.TimeLimit(),
		TimeUp: s.timeUp, EndedEarly: s.endedEarly, Total: len(s.items),
	}
	answered := map[int]AnswerRecord{}
	for _, r := range s.records {
		answered[r.Number] = r
	}
	byTopic := map[string]*TopicScore{}
	var order []string
	for _, it := range s.items {
		r, ok := answered[it.Number]
		if !ok {
			r = AnswerRecord{Number: it.Number, Question: it.Question, CorrectAnswer: correctOrModel(it)}
		}
		d.Answers = append(d.Answers, r)
		if r.Answered {
			d.Answered++
		}
		if r.Correct {
			d.Correct++
		}
		t := it.Question.Primary()
		ts := byTopic[t]
		if ts == nil {
			ts = &TopicScore{Topic: t}
			byTopic[t] = ts
			order = append(order, t)
		}
		ts.Questions++
		if r.Answered {
			ts.Answered++
		}
		if r.Correct {
			ts.Correct++
		}
	}
	for _, t := range order {
		if byTopic[t].Answered > 0 {
			d.Topics = append(d.Topics, *byTopic[t])
		}
	}
	sort.SliceStable(d.Topics, func(i, j int) bool {
		a, b := d.Topics[i], d.Topics[j]
		if a.Score() != b.Score() {
			return a.Score() < b.Score()
		}
		return a.Answered-a.Correct > b.Answered-b.Correct
	})
	for _, t := range d.Topics {
		if len(d.Weakest) < 3 && t.Answered > t.Correct {
			d.Weakest = append(d.Weakest, t)
		}
	}
	return d
}

func correctOrModel(it *Item) string {
	if it.Question.Kind == Free {
		return strings.TrimSpace(it.Question.ModelAnswer)
	}
	return correctText(it)
}
