package suggest

import (
	"reflect"
	"testing"
)

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{{"", "", 0}, {"abc", "", 3}, {"kitten", "sitting", 3}, {"cold-start", "cold-starts", 1}, {"héllo", "hello", 1}} {
		if got := Distance(tc.a, tc.b); got != tc.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestClosest(t *testing.T) {
	ids := []string{"cold-starts", "concurrency-and-scaling", "pricing", "limits"}
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"cold-start", []string{"cold-starts"}},
		{"PRICE", []string{"pricing"}},
		{"limit", []string{"limits"}},
		{"zzzzzzzzzzzz", nil},
		{"", nil},
	} {
		if got := Closest(tc.q, ids, 3); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Closest(%q) = %v, want %v", tc.q, got, tc.want)
		}
	}
}
