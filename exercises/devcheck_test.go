package exercises

import (
	"context"
	"testing"
)

// TestDevCheck is rustlings' `dev check` for the embedded exercises: in
// both runtimes, the starter fails at least one test and the solution
// passes them all. Run one exercise with
//
//	go test ./exercises/ -run 'TestDevCheck/hello-world' -v
func TestDevCheck(t *testing.T) {
	cat, err := Default()
	if err != nil {
		t.Errorf("the embedded exercises have problems:\n%v", err)
	}
	if cat.Len() == 0 {
		t.Fatal("no exercises are embedded; add folders under exercises/content/")
	}
	for _, ex := range cat.All() {
		for _, rt := range Runtimes {
			t.Run(ex.ID+"/"+string(rt), func(t *testing.T) {
				t.Parallel()
				for _, p := range DevCheck(context.Background(), ex, rt) {
					t.Error(p)
				}
			})
		}
	}
}
