package sandbox

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/lambdatutor/lambdatutor/sandbox/events"
)

// jsonValid must accept exactly what encoding/json.Valid accepts.
func TestJSONValidAgreesWithEncodingJSON(t *testing.T) {
	cases := []string{
		``, ` `, `1`, `-0`, `01`, `-`, `1.`, `1.5`, `.5`, `1e5`, `1E+5`, `1e`, `1e+`, `-1.2e-3`, `+1`, `0x1`,
		`"a"`, `"`, `"\"`, `"\u00e9"`, `"\u00g9"`, `"\x"`, `"\/"`, "\"\x01\"", "\"\xff\xfe\"", `"\uD800"`,
		`true`, `tru`, `truex`, `false`, `null`, `nul`, `NaN`, `Infinity`,
		`[]`, `[`, `]`, `[1,]`, `[,1]`, `[1 2]`, `[1,2]`, ` [ 1 , [ ] , { } ] `, `[}`, `{]`,
		`{}`, `{"a":1}`, `{"a":1,}`, `{"a" 1}`, `{a:1}`, `{"a":1 "b":2}`, `{"a":{"b":[{"c":null}]}}`, `{"a":}`, `{,}`,
		`1 2`, `{} {}`, "\t\n\r 1 \t\n\r", "\v1", `[1]x`, `"a"b`,
		strings.Repeat("[", MaxJSONDepth) + strings.Repeat("]", MaxJSONDepth),
		strings.Repeat("[", MaxJSONDepth+1) + strings.Repeat("]", MaxJSONDepth+1),
		strings.Repeat(`{"a":`, MaxJSONDepth) + "1" + strings.Repeat("}", MaxJSONDepth),
		strings.Repeat(`{"a":`, MaxJSONDepth+1) + "1" + strings.Repeat("}", MaxJSONDepth+1),
	}
	for _, name := range events.Names() {
		ev, err := events.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, string(ev))
	}
	// Mutations of valid documents: bytes dropped, replaced, repeated.
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte(`{}[],:"\ 0123456789-+.eEtrufalsn` + "\x00\x1f\xc3\xa9u")
	base := len(cases)
	for n := 0; n < 20000; n++ {
		b := []byte(cases[rng.IntN(base)])
		if len(b) == 0 || len(b) > 5000 {
			continue
		}
		for k := 1 + rng.IntN(3); k > 0; k-- {
			i := rng.IntN(len(b))
			switch rng.IntN(3) {
			case 0:
				b = append(b[:i:i], b[i+1:]...)
			case 1:
				b[i] = alphabet[rng.IntN(len(alphabet))]
			default:
				b = append(b[:i+1:i+1], b[i:]...)
			}
			if len(b) == 0 {
				break
			}
		}
		cases = append(cases, string(b))
	}
	valid := 0
	for _, c := range cases {
		want := json.Valid([]byte(c))
		if got := jsonValid([]byte(c)); got != want {
			t.Errorf("jsonValid(%.80q) = %v, encoding/json.Valid says %v", c, got, want)
		}
		if want {
			valid++
		}
	}
	if valid < len(cases)/20 {
		t.Errorf("only %d of %d cases valid: the mutations test little", valid, len(cases))
	}
}

// BenchmarkJSONValid checks the apigw-rest event (2 KB) as every invoke does.
func BenchmarkJSONValid(b *testing.B) {
	ev, err := events.Get("apigw-rest")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("sandbox", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if !jsonValid(ev) {
				b.Fatal("invalid")
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if !json.Valid(ev) {
				b.Fatal("invalid")
			}
		}
	})
}
