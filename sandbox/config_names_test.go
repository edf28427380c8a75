package sandbox

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// The plain checks in config.go replace these expressions (they were
// compiled at start-up); the test holds them to the same answers.
var (
	functionNameRE = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,64}$`)
	envKeyRE       = regexp.MustCompile(`^[a-zA-Z]([a-zA-Z0-9_])+$`)
	handlerRE      = regexp.MustCompile(`^[^\s]{1,128}$`)
)

func TestNameChecksMatchTheirPatterns(t *testing.T) {
	cases := []string{
		"", "a", "A1", "_x", "-", "my-function_1", "a b", "a\tb", "a\vb", "é", "aé",
		"index.handler", "src/app.main", "\xff", "a\x00b", "1abc", "ab", "a_",
		strings.Repeat("a", 64), strings.Repeat("a", 65),
		strings.Repeat("h", 128), strings.Repeat("h", 129), strings.Repeat("é", 128), strings.Repeat("é", 129),
	}
	alphabet := []rune("aZ09_-. \t\n\f\r\v/é\u00a0\u2028\xff")
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		n := rng.IntN(140)
		if rng.IntN(4) > 0 {
			n = rng.IntN(6)
		}
		var b strings.Builder
		for range n {
			b.WriteRune(alphabet[rng.IntN(len(alphabet))])
		}
		cases = append(cases, b.String())
	}
	for _, s := range cases {
		if got, want := validFunctionName(s), functionNameRE.MatchString(s); got != want {
			t.Errorf("validFunctionName(%q) = %v, the pattern says %v", s, got, want)
		}
		if got, want := validEnvKey(s), envKeyRE.MatchString(s); got != want {
			t.Errorf("validEnvKey(%q) = %v, the pattern says %v", s, got, want)
		}
		if got, want := validHandler(s), handlerRE.MatchString(s); got != want {
			t.Errorf("validHandler(%q) = %v, the pattern says %v", s, got, want)
		}
	}
}
