package nodejs

import (
	"testing"

	"github.com/dop251/goja"

	"github.com/lambdatutor/lambdatutor/sandbox/events"
)

// BenchmarkEventToValue compares the ways of turning the apigw-rest event
// into a JavaScript value.
func BenchmarkEventToValue(b *testing.B) {
	ev, err := events.Get("apigw-rest")
	if err != nil {
		b.Fatal(err)
	}
	vm := goja.New()
	strs := make(map[string]cachedString)
	b.Run("parser", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			p := jsonParser{vm: vm, data: ev, strs: strs}
			if _, err := p.value(0); err != nil {
				b.Fatal(err)
			}
		}
	})
	in := &instance{vm: vm, jsonStrings: strs}
	b.Run("shape", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, ok := in.parseByShape(ev); !ok && i > 0 {
				b.Fatal("not built by its shape")
			}
		}
	})
	parse, _ := goja.AssertFunction(vm.Get("JSON").ToObject(vm).Get("parse"))
	b.Run("JSON.parse", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := parse(goja.Undefined(), vm.ToValue(string(ev))); err != nil {
				b.Fatal(err)
			}
		}
	})
}
