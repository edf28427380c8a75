package cloud

import (
	"errors"
	"testing"
)

func TestErrorReadsAsTheSDKPrintsIt(t *testing.T) {
	var err error = Errorf(400, "ValidationException", "One or more parameter values were invalid: %s", "Missing the key id in the item")
	var ce *Error
	if !errors.As(err, &ce) || ce.Status != 400 || ce.Code != "ValidationException" {
		t.Fatalf("got %#v", err)
	}
	if got, want := err.Error(), "ValidationException: One or more parameter values were invalid: Missing the key id in the item"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
