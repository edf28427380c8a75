package quiz

import (
	"sort"
	"time"

	"github.com/lambdatutor/lambdatutor/progress"
)

// ForecastDays is how many days ahead Stats.Forecast looks.
const ForecastDays = 7

// Stats is the learner's quiz progress, for the progress screen and
// `lambdatutor progress`.
type Stats struct {
	// Answered is the number of answers given (reviews); Correct of them
	// were right.
	Answered, Correct int
	// Questions is the number of distinct questions answered; BankSize
	// the number of questions in the bank.
	Questions, BankSize int
	// Topics is the accuracy per topic (a review counts once, toward its
	// question's primary topic), weakest first.
	Topics []TopicAccuracy
	// DueToday is the number of cards due by the end of today, overdue
	// ones included.
	DueToday int
	// Forecast is the number of cards falling due on each of the next
	// ForecastDays days (tomorrow first).
	Forecast []DayForecast
	// Streak is the number of consecutive days with at least one answer,
	// ending today (or yesterday, if nothing was answered yet today).
	Streak int
	// AnsweredToday is the number of answers given today.
	AnsweredToday int
	// Weak are the most missed cards, at most five (see Misses).
	Weak []Miss
}

// Accuracy is Correct / Answered, 0 to 1.
func (s Stats) Accuracy() float64 { return ratio(s.Correct, s.Answered) }

// TopicAccuracy is the answers on one topic.
type TopicAccuracy struct {
	// Topic is a lesson id.
	Topic             string
	Answered, Correct int
}

// Accuracy is Correct / Answered, 0 to 1.
func (t TopicAccuracy) Accuracy() float64 { return ratio(t.Correct, t.Answered) }

// DayForecast is the number of cards due on one day.
type DayForecast struct {
	// Day is midnight of the day, in the location ComputeStats was given.
	Day time.Time
	Due int
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// ComputeStats summarises cards and reviews (from progress.Store.QuizData)
// at now; days begin at midnight in loc (time.Local when nil). Reviews of
// questions no longer in the bank count in the totals but in no topic.
func ComputeStats(bank *Bank, cards []progress.Card, reviews []progress.Review, now time.Time, loc *time.Location) Stats {
	if loc == nil {
		loc = time.Local
	}
	st := Stats{BankSize: bank.Len(), Forecast: make([]DayForecast, ForecastDays)}
	y, m, d := now.In(loc).Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, loc)
	tomorrow := today.AddDate(0, 0, 1)
	for i := range st.Forecast {
		st.Forecast[i].Day = tomorrow.AddDate(0, 0, i)
	}
	for _, c := range cards {
		if c.Due.Before(tomorrow) {
			st.DueToday++
			continue
		}
		for i := range st.Forecast {
			if c.Due.Before(st.Forecast[i].Day.AddDate(0, 0, 1)) {
				st.Forecast[i].Due++
				break
			}
		}
	}
	byTopic := map[string]*TopicAccuracy{}
	questions := map[string]bool{}
	days := map[time.Time]bool{}
	for _, r := range reviews {
		st.Answered++
		if r.Correct {
			st.Correct++
		}
		questions[r.QuestionID] = true
		ry, rm, rd := r.ReviewedAt.In(loc).Date()
		day := time.Date(ry, rm, rd, 0, 0, 0, 0, loc)
		days[day] = true
		if day.Equal(today) {
			st.AnsweredToday++
		}
		q, ok := bank.Question(r.QuestionID)
		if !ok {
			continue
		}
		t := q.Primary()
		ta := byTopic[t]
		if ta == nil {
			ta = &TopicAccuracy{Topic: t}
			byTopic[t] = ta
		}
		ta.Answered++
		if r.Correct {
			ta.Correct++
		}
	}
	st.Questions = len(questions)
	for _, ta := range byTopic {
		st.Topics = append(st.Topics, *ta)
	}
	sort.Slice(st.Topics, func(i, j int) bool {
		a, b := st.Topics[i], st.Topics[j]
		if a.Accuracy() != b.Accuracy() {
			return a.Accuracy() < b.Accuracy()
		}
		if a.Answered != b.Answered {
			return a.Answered > b.Answered
		}
		return a.Topic < b.Topic
	})
	day := today
	if !days[day] {
		day = today.AddDate(0, 0, -1)
	}
	for days[day] {
		st.Streak++
		day = day.AddDate(0, 0, -1)
	}
	st.Weak = Misses(reviews)
	if len(st.Weak) > 5 {
		st.Weak = st.Weak[:5]
	}
	return st
}
