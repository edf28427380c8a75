package nodejs

import (
	"context"
	"strings"
	"testing"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

// TestAsyncRetriesKeepTheRequestIDInContext: Lambda retries an event with
// the same request id, and the handler's context sees that id every time.
func TestAsyncRetriesKeepTheRequestIDInContext(t *testing.T) {
	f := js(t, `exports.handler = async (event, context) => {
  // Reversed, so that only the id the handler really saw can match.
  console.log("di=" + context.awsRequestId.split("").reverse().join(""));
  throw new Error("downstream is down");
};`)
	inv, err := f.InvokeAsync(context.Background(), []byte(`{}`), sandbox.AsyncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Attempts) != 3 {
		t.Fatalf("%d attempts, want 3", len(inv.Attempts))
	}
	for i, a := range inv.Attempts {
		if !strings.Contains(a.LogText(), "di="+reverse(inv.RequestID)) {
			t.Errorf("attempt %d: the handler saw another request id:\n%s", i+1, a.LogText())
		}
	}
}

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}
