package quiz

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseNumber(t *testing.T) {
	ok := []struct {
		in, unit string
		want     float64
	}{
		{"1.03", "USD", 1.03},
		{"$1.03", "USD", 1.03},
		{"1.03 USD", "USD", 1.03},
		{"1.03usd", "USD", 1.03},
		{"US$ 1.03", "USD", 1.03},
		{"≈ $0.87", "USD", 0.87},
		{"10.80 dollars", "USD", 10.80},
		{"1,000", "requests", 1000},
		{"1,000,000", "requests", 1e6},
		{"1,234.5", "GB-s", 1234.5},
		{"1_000", "ms", 1000},
		{"1,03", "USD", 1.03},
		{"0,125", "USD", 0.125},
		{"1,0000", "USD", 1},
		{"2M", "requests", 2e6},
		{"1.5k", "requests", 1500},
		{"50k GB-s", "GB-s", 50000},
		{"2 million requests", "requests", 2e6},
		{"50000 gb-s", "GB-s", 50000},
		{"28 ms", "ms", 28},
		{"28ms", "ms", 28},
		{"0.2 s", "ms", 200},
		{"1.5 seconds", "ms", 1500},
		{"900 s", "seconds", 900},
		{"15 min", "seconds", 900},
		{"1500 ms", "seconds", 1.5},
		{"37.5%", "percent", 37.5},
		{"37.5 percent", "percent", 37.5},
		{"0.29 vCPU", "vCPU", 0.29},
		{"1 GB", "MB", 1024},
		{"100 environments", "environments", 100},
		{"100", "environments", 100},
		{".5", "vCPU", 0.5},
		{"1e6", "requests", 1e6},
		{"-0.20", "USD", -0.20},
		{"-$0.20", "USD", -0.20},
		{"  42  ", "ms", 42},
	}
	for _, tc := range ok {
		got, err := ParseNumber(tc.in, tc.unit)
		if err != nil || math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("ParseNumber(%q, %s) = %v, %v; want %v", tc.in, tc.unit, got, err, tc.want)
		}
	}
	bad := []struct{ in, unit, want string }{
		{"", "USD", "type a number in USD"},
		{"about a dollar", "USD", "is not a number: type a number in USD, like $1.03"},
		{"abc", "ms", "like 250 ms"},
		{"1.03 EUR", "USD", `not the unit "EUR"`},
		{"50000 GB-s", "USD", "the answer is in USD, not GB-s"},
		{"$5 ms", "USD", "mixes two units"},
		{"12,34,567", "requests", "commas only between groups of three"},
		{"1,2,3", "requests", "commas only between groups of three"},
	}
	for _, tc := range bad {
		_, err := ParseNumber(tc.in, tc.unit)
		var ae *AnswerError
		if !errors.As(err, &ae) || !strings.Contains(ae.Reason, tc.want) {
			t.Errorf("ParseNumber(%q, %s) error = %v; want an AnswerError containing %q", tc.in, tc.unit, err, tc.want)
		}
	}
}

func TestParseLetters(t *testing.T) {
	ok := map[string][]int{
		"b": {1}, "B": {1}, "a,c": {0, 2}, "ac": {0, 2}, "a c": {0, 2}, "c a b d": {2, 0, 1, 3},
		"cabd": {2, 0, 1, 3}, "a and c": {0, 2}, "(b)": {1}, "2": {1}, "1, 3": {0, 2}, "d.": {3},
	}
	for in, want := range ok {
		got, err := parseLetters(in, 4)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("parseLetters(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	bad := map[string]string{
		"":     "type a letter from a to d",
		"e":    "e is not an option here: type a letter from a to d",
		"5":    "5 is not an option here",
		"a a":  "a is given twice",
		"b,1?": `"1?" is not an option letter`,
	}
	for in, want := range bad {
		_, err := parseLetters(in, 4)
		var ae *AnswerError
		if !errors.As(err, &ae) || !strings.Contains(ae.Reason, want) {
			t.Errorf("parseLetters(%q) error = %v; want %q", in, err, want)
		}
	}
}

func TestFormatNumber(t *testing.T) {
	cases := []struct {
		v    float64
		unit string
		want string
	}{
		{1.0333, "USD", "$1.03"},
		{1234.5, "USD", "$1,234.50"},
		{0, "USD", "$0.00"},
		{0.00000103, "USD", "$1.03e-06"},
		{50000, "GB-s", "50,000 GB-s"},
		{0.2894, "vCPU", "0.2894 vCPU"},
		{37.5, "percent", "37.5%"},
		{-1500.25, "ms", "-1,500.25 ms"},
	}
	for _, tc := range cases {
		if got := FormatNumber(tc.v, tc.unit); got != tc.want {
			t.Errorf("FormatNumber(%v, %s) = %q, want %q", tc.v, tc.unit, got, tc.want)
		}
	}
}

func TestParseGrade(t *testing.T) {
	for in, want := range map[string]Grade{"1": Again, "again": Again, "H": Hard, "3": Good, " good ": Good, "e": Easy, "Easy": Easy} {
		if g, err := ParseGrade(in); err != nil || g != want {
			t.Errorf("ParseGrade(%q) = %v, %v; want %v", in, g, err, want)
		}
	}
	if _, err := ParseGrade("5"); err == nil || !strings.Contains(err.Error(), "1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)") {
		t.Errorf("ParseGrade(5) error = %v", err)
	}
	if Again.Correct() || !Hard.Correct() || Grade(0).Valid() || !Easy.Valid() || Good.String() != "Good" {
		t.Error("grade helpers")
	}
}

func TestAutoGrade(t *testing.T) {
	q := &Question{Kind: Single, Difficulty: 2}
	within := EasyWithin(q)
	if within != 22500*time.Millisecond {
		t.Errorf("EasyWithin(single, 2) = %v", within)
	}
	cases := []struct {
		correct, hint bool
		elapsed       time.Duration
		want          Grade
	}{
		{false, false, time.Second, Again},
		{false, true, time.Second, Again},
		{true, true, time.Second, Hard},
		{true, false, within, Easy},
		{true, false, within + time.Millisecond, Good},
	}
	for _, tc := range cases {
		if g := AutoGrade(q, tc.correct, tc.hint, tc.elapsed); g != tc.want {
			t.Errorf("AutoGrade(correct=%v hint=%v %v) = %v, want %v", tc.correct, tc.hint, tc.elapsed, g, tc.want)
		}
	}
	if EasyWithin(&Question{Kind: Numeric, Difficulty: 3}) != 90*time.Second || EasyWithin(&Question{Kind: Order, Difficulty: 1}) != 30*time.Second {
		t.Error("EasyWithin by kind and difficulty")
	}
}

func TestCheckKeyPoints(t *testing.T) {
	q := &Question{Kind: Free, KeyPoints: []KeyPoint{
		{Point: "GB-seconds", Keywords: []string{"gb-s", "gb-second"}},
		{Point: "Free tier", Keywords: []string{"free tier"}},
		{Point: "Requests", Keywords: []string{"per million"}},
		{Point: "Too low", Keywords: []string{"200x", "wrong"}},
		{Point: "Arm", Keywords: []string{"arm64"}},
	}}
	c := CheckKeyPoints(q, "It is 50,000 GB-S, the FREE\n  tier covers it, and the claim is Wrong.")
	if c.Covered != 3 || c.String() != "you covered 3 of 5 points" {
		t.Errorf("coverage %+v %q", c, c.String())
	}
	want := []bool{true, true, false, true, false}
	for i, p := range c.Points {
		if p.Mentioned != want[i] || p.Point != q.KeyPoints[i].Point {
			t.Errorf("point %d: %+v", i, p)
		}
	}
	if CheckKeyPoints(q, "").Covered != 0 {
		t.Error("an empty answer covers points")
	}
}
