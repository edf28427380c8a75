package quiz

import (
	"testing"
	"time"

	"github.com/lambdatutor/lambdatutor/progress"
)

func TestComputeStats(t *testing.T) {
	bank := testBank(t)
	loc := time.FixedZone("UTC+2", 2*3600)
	// 09:00 UTC = 11:00 local on 2026-11-27.
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	day := func(d int, hour int) time.Time { return time.Date(2026, 11, 27+d, hour, 0, 0, 0, loc) }
	cards := []progress.Card{
		{ID: "a", Due: day(-3, 10)},            // overdue
		{ID: "b", Due: day(0, 23)},             // later today
		{ID: "c", Due: day(1, 0)},              // tomorrow, first second
		{ID: "d", Due: day(1, 23)},             // tomorrow
		{ID: "e", Due: day(7, 12)},             // day 7
		{ID: "f", Due: day(8, 0)},              // beyond the forecast
		{ID: "g", Due: day(0, 23).Add(-90000)}, // yesterday evening
	}
	rev := func(id string, correct bool, at time.Time) progress.Review {
		g := 3
		if !correct {
			g = 1
		}
		return progress.Review{QuestionID: id, CardID: CardID(id), Grade: g, Correct: correct, Mode: "practice", ReviewedAt: at}
	}
	reviews := []progress.Review{
		rev("pricing/single", false, day(-5, 12)), // breaks the streak: no review on day -4
		rev("pricing/single", true, day(-3, 12)),
		rev("pricing/multi", false, day(-2, 12)),
		rev("limits/free", true, day(-1, 0).Add(30*time.Minute)),
		rev("pricing/numeric", true, day(0, 1)), // 23:00 UTC the day before: today locally
		rev("gone/question", true, day(0, 10)),
		rev("gen/concurrency/5", false, day(0, 10)),
	}
	st := ComputeStats(bank, cards, reviews, now, loc)
	if st.Answered != 7 || st.Correct != 4 || st.Questions != 6 || st.BankSize != 5 || st.AnsweredToday != 3 {
		t.Errorf("totals %+v", st)
	}
	if st.DueToday != 3 {
		t.Errorf("due today %d, want 3", st.DueToday)
	}
	want := []int{2, 0, 0, 0, 0, 0, 1}
	if len(st.Forecast) != ForecastDays {
		t.Fatalf("forecast %+v", st.Forecast)
	}
	for i, f := range st.Forecast {
		if f.Due != want[i] || !f.Day.Equal(day(i+1, 0)) {
			t.Errorf("forecast day %d: %d on %v, want %d on %v", i+1, f.Due, f.Day, want[i], day(i+1, 0))
		}
	}
	if st.Streak != 4 {
		t.Errorf("streak %d, want 4 (days -3 to 0)", st.Streak)
	}
	// Each answer counts once, under its question's primary topic: the 6
	// answers to questions in the bank make 6 topic answers (counting
	// secondary topics too made 9 rows out of 5 answers, issue 10 item 7).
	acc := map[string]TopicAccuracy{}
	sum := 0
	for _, ta := range st.Topics {
		acc[ta.Topic] = ta
		sum += ta.Answered
	}
	if sum != 6 {
		t.Errorf("topic answers add up to %d, want 6 (one per answer): %+v", sum, st.Topics)
	}
	if p := acc["pricing"]; p.Answered != 4 || p.Correct != 2 {
		t.Errorf("pricing %+v, want 4 answered, 2 correct", p)
	}
	if l := acc["limits"]; l.Answered != 1 || l.Correct != 1 {
		t.Errorf("limits %+v, want 1 answered, 1 correct", l)
	}
	if cs := acc["concurrency-and-scaling"]; cs.Answered != 1 || cs.Correct != 0 {
		t.Errorf("generated question's topic %+v", cs)
	}
	if st.Topics[0].Topic != "concurrency-and-scaling" {
		t.Errorf("weakest topic first: %+v", st.Topics)
	}
	if len(st.Weak) != 3 || st.Weak[0].CardID != "gen/concurrency" {
		t.Errorf("weak %+v", st.Weak)
	}

	// Nothing today yet: the streak counts up to yesterday; two days
	// without answers end it.
	if st := ComputeStats(bank, nil, reviews[:4], now, loc); st.Streak != 3 {
		t.Errorf("streak up to yesterday = %d, want 3", st.Streak)
	}
	if st := ComputeStats(bank, nil, reviews[:2], now, loc); st.Streak != 0 || st.Accuracy() != 0.5 {
		t.Errorf("old streak = %d, accuracy %v", st.Streak, st.Accuracy())
	}
	if st := ComputeStats(bank, nil, nil, now, nil); st.Answered != 0 || st.Streak != 0 || len(st.Forecast) != 7 || st.Accuracy() != 0 {
		t.Errorf("empty %+v", st)
	}
}
