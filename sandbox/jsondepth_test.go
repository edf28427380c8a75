package sandbox

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// Valid JSON nested deeper than MaxJSONDepth is refused with a message that
// names the limit, not as "not a JSON document"; one level less runs.
func TestDeeplyNestedEventNamesTheLimit(t *testing.T) {
	acct := NewAccount(Options{Deterministic: true})
	f := fakeFunc(t, acct, nil)
	deep := []byte(strings.Repeat("[", MaxJSONDepth+1) + strings.Repeat("]", MaxJSONDepth+1))
	_, err := f.Invoke(context.Background(), deep)
	var re *RequestError
	if !errors.As(err, &re) || re.StatusCode != 400 || !strings.Contains(re.Message, "10000") ||
		!strings.Contains(re.Message, "10001 levels") {
		t.Errorf("event nested %d levels: err = %v; want a 400 naming the limit of %d", MaxJSONDepth+1, err, MaxJSONDepth)
	}
	ok := []byte(strings.Repeat("[", MaxJSONDepth) + strings.Repeat("]", MaxJSONDepth))
	if _, err := f.Invoke(context.Background(), ok); err != nil {
		t.Errorf("event nested %d levels: %v", MaxJSONDepth, err)
	}
	if _, err := f.Invoke(context.Background(), []byte(`{"a": "[[[["}`)); err != nil {
		t.Errorf("brackets inside a string: %v", err)
	}
	_, err = f.Invoke(context.Background(), []byte(`{"a": `))
	if !errors.As(err, &re) || !strings.Contains(re.Message, "must be a JSON document") {
		t.Errorf("broken JSON: err = %v; want the plain message", err)
	}
}

func TestJSONDepth(t *testing.T) {
	for in, want := range map[string]int{`1`: 0, `[]`: 1, `{"a":[{}]}`: 3, `"[[["`: 0, `["\"[", [[]]]`: 3} {
		if got := JSONDepth([]byte(in)); got != want {
			t.Errorf("JSONDepth(%s) = %d, want %d", in, got, want)
		}
	}
}
