package exercises

import (
	"context"
	"testing"
)

// BenchmarkLoadCatalog is what the first Default call costs: parsing and
// validating every embedded exercise.
func BenchmarkLoadCatalog(b *testing.B) {
	for b.Loop() {
		if _, err := Load(ContentFS()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheck runs the solution of the first exercise, per runtime.
func BenchmarkCheck(b *testing.B) {
	cat, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	ex := cat.All()[0]
	for _, rt := range Runtimes {
		b.Run(string(rt), func(b *testing.B) {
			for b.Loop() {
				res, err := Check(context.Background(), ex, ex.SolutionCode(rt), CheckOptions{})
				if err != nil || !res.Passed {
					b.Fatalf("%v %v", res, err)
				}
			}
		})
	}
}
