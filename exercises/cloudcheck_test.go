package exercises

import (
	"context"
	"testing"
)

func TestProjectStarterFailsOnTheCloudState(t *testing.T) {
	cat, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	ex, err := cat.Get("idempotent-payments")
	if err != nil {
		t.Fatal(err)
	}
	for _, rt := range checkRuntimes() {
		res, err := Check(context.Background(), ex, ex.StarterCode(rt), CheckOptions{})
		if err != nil {
			t.Fatal(err)
		}
		t.Log(res.Panel(100))
	}
}
