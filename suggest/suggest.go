// Package suggest finds the ids closest to a mistyped one, for "did you
// mean ...?" in error messages.
package suggest

import (
	"sort"
	"strings"
)

// Closest returns up to n ids near query, nearest first: ids that contain the
// query or are contained in it, then those within an edit distance of about
// half the query's length.
func Closest(query string, ids []string, n int) []string {
	query = strings.ToLower(strings.TrimSpace(query))
	if query == "" {
		return nil
	}
	limit := max(3, len(query)/2+1)
	type cand struct {
		id   string
		dist int
	}
	var cands []cand
	for _, id := range ids {
		d := Distance(query, id)
		if strings.Contains(id, query) || strings.Contains(query, id) {
			d = 0
		}
		if d <= limit {
			cands = append(cands, cand{id, d})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].dist < cands[j].dist })
	var out []string
	for i := 0; i < len(cands) && i < n; i++ {
		out = append(out, cands[i].id)
	}
	return out
}

// Distance is the Levenshtein distance between a and b, in characters.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
