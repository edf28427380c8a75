package nodejs

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dop251/goja"

	"github.com/lambdatutor/lambdatutor/sandbox/events"
)

// describeJS renders a value with everything a handler could tell apart:
// own property names in order, their descriptors, prototypes, array-ness
// and the primitives' types.
const describeJS = `(function describe(v) {
  if (v === null || typeof v !== 'object') return typeof v + ':' + (Object.is(v, -0) ? '-0' : String(v));
  const proto = Object.getPrototypeOf(v);
  let out = (Array.isArray(v) ? 'array' : 'object') + (proto === Object.prototype ? '' : proto === Array.prototype ? '' : '(proto?)') + '{';
  for (const k of Reflect.ownKeys(v)) {
    const d = Object.getOwnPropertyDescriptor(v, k);
    out += JSON.stringify(String(k)) + (d.writable ? 'w' : '') + (d.enumerable ? 'e' : '') + (d.configurable ? 'c' : '') + '=' + describe(d.value) + ';';
  }
  return out + '}';
})`

// Events built from their shape's function are the objects the plain
// parser builds (itself checked against JSON.parse by the realworld and
// handler tests): same keys in the same order, same descriptors and
// prototypes, same values.
func TestShapeBuiltEventsEqualParsedOnes(t *testing.T) {
	cases := []string{
		`{}`, `[]`, `{"a":1}`, `[1,"x",true,false,null]`,
		`{"a":1,"a":2,"b":3}`,
		`{"b":1,"a":2,"1":3,"0":4,"-1":5,"":6}`,
		`{"__proto__":{"polluted":true},"x":1}`,
		`{"__proto__":null}`,
		`{"constructor":1,"toString":"x","hasOwnProperty":null}`,
		`{"a":{"b":{"c":[[],[{}],{"d":[1,2,3]}]}}}`,
		`{"n":[0,-0,1.5,-2e-7,1e21,12345678901234567890,1e400,-1e400,9007199254740993]}`,
		`{"s":["","é","\u00e9","a\nb","\ud83d\ude00","\"quoted\"","\\"]}`,
		`  { "spaced" : [ 1 , 2 ] , "t" : true }  `,
		`[{"a":1},{"a":2},{"a":3}]`,
	}
	for _, name := range events.Names() {
		ev, err := events.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, string(ev))
	}
	vm := goja.New()
	describe, err := vm.RunString(describeJS)
	if err != nil {
		t.Fatal(err)
	}
	desc, _ := goja.AssertFunction(describe)
	shaped := 0
	for _, c := range cases {
		c += strings.Repeat(" ", minShapeBytes) // small events are not built by shape
		in := &instance{vm: vm, jsonStrings: map[string]cachedString{}}
		p := jsonParser{vm: vm, data: []byte(c), strs: in.jsonStrings}
		plain, err := p.value(0)
		if err != nil {
			t.Fatalf("plain parse of %.60s: %v", c, err)
		}
		want, err := desc(goja.Undefined(), plain)
		if err != nil {
			t.Fatal(err)
		}
		// The first sighting is built the plain way; the second compiles.
		for round := 0; round < 3; round++ {
			v, ok := in.parseByShape([]byte(c))
			if !ok {
				continue
			}
			if round > 0 {
				shaped++
			}
			got, err := desc(goja.Undefined(), v)
			if err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("event %.60s:\nshape-built %s\nparsed      %s", c, got, want)
				break
			}
		}
	}
	if shaped < 2*len(cases)-4 {
		t.Errorf("only %d of %d later sightings were built from their shape", shaped, 2*len(cases))
	}
	in := &instance{vm: vm, jsonStrings: map[string]cachedString{}}
	// Values change from one event to the next, some into longer ones
	// that start with the old text: each event has its own values.
	seq := []string{
		`{"n":12,"s":"ab","t":true,"l":[1,2],"o":{"x":null},"e":"a\"b"}`,
		`{"n":123,"s":"abc","t":true,"l":[1,2],"o":{"x":null},"e":"a\"b\""}`,
		`{"n":12e3,"s":"ab","t":false,"l":[10,2],"o":{"x":"null"},"e":"a\"b"}`,
		`{"n":12,"s":"ab\u0063","t":true,"l":[1,2.5],"o":{"x":null},"e":"a"}`,
		`{"n":-12,"s":"ab","t":true,"l":[1,2],"o":{"x":nullx},"e":"a\"b"}`,
	}
	for i, c := range seq {
		c += strings.Repeat(" ", minShapeBytes)
		p := jsonParser{vm: vm, data: []byte(c), strs: in.jsonStrings}
		plain, err := p.value(0)
		if err != nil {
			if i == len(seq)-1 {
				if _, ok := in.parseByShape([]byte(c)); ok {
					t.Errorf("event %d, not JSON, was built from a shape", i)
				}
				continue
			}
			t.Fatal(err)
		}
		want, _ := desc(goja.Undefined(), plain)
		v, ok := in.parseByShape([]byte(c))
		if !ok {
			if i > 1 {
				t.Errorf("event %d was not built from its shape", i)
			}
			continue
		}
		if got, _ := desc(goja.Undefined(), v); got.String() != want.String() {
			t.Errorf("event %d:\nshape-built %s\nparsed      %s", i, got, want)
		}
	}
	// An environment remembers a few shapes; more go the plain way.
	many := &instance{vm: vm, jsonStrings: map[string]cachedString{}}
	for i := 0; i < maxShapesPerVM+3; i++ {
		c := fmt.Sprintf(`{"k%d":1}`, i) + strings.Repeat(" ", minShapeBytes)
		many.parseByShape([]byte(c))
		_, ok := many.parseByShape([]byte(c))
		if want := i < maxShapesPerVM; ok != want {
			t.Errorf("shape %d: built by shape %v, want %v", i, ok, want)
		}
	}
	// Keys the shape's literal could not hold as they are go the plain way.
	for _, c := range []string{`{"a\"b":1}`, `{"é":1}`, `{"a\u0062":1}`} {
		c += strings.Repeat(" ", minShapeBytes)
		for round := 0; round < 3; round++ {
			if _, ok := in.parseByShape([]byte(c)); ok {
				t.Errorf("event %s was built from a shape", c)
			}
		}
	}
}
