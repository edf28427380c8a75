package nodejs

import (
	"runtime"
	"strings"
	"testing"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

// One built-in call that would allocate more than the function's memory
// stops before allocating: past V8's limits with V8's catchable
// RangeError, past the function's memory as Lambda's out-of-memory error.
// Either way the host allocates next to nothing, and other environments
// keep working.
func TestBuiltinBombsStopBeforeAllocating(t *testing.T) {
	healthy := js(t, `let n = 0; exports.handler = async () => ++n;`)
	run(t, healthy, `{}`)
	const oom = sandbox.ErrTypeOutOfMemory
	cases := []struct {
		name, expr string
		memory     int    // MB
		want       string // error type, or the caught error's text in the response
	}{
		{"Array fill", `new Array(1e8).fill(0)`, 128, oom},
		{"Array fill caught", `(() => { try { return new Array(1e8).fill(0).length; } catch (e) { return 'caught'; } })()`, 128, oom},
		{"Array fill range", `new Array(1e9).fill(0, 5e8)`, 128, oom},
		{"String repeat", `'x'.repeat(2e8).length`, 128, oom},
		{"String repeat past V8's limit", `'ab'.repeat(2 ** 28)`, 1024, `"RangeError: Invalid string length"`},
		{"padStart", `'x'.padStart(2e8).length`, 128, oom},
		{"padEnd", `'x'.padEnd(3e8, 'ab').length`, 128, oom},
		{"Array join", `Array(2e8).join('x').length`, 128, oom},
		{"Array join past V8's limit", `Array(1e9).join('ab')`, 128, `"RangeError: Invalid string length"`},
		{"Array join of big elements", `(() => { const s = 'x'.repeat(1e6); return new Array(600).fill(s).join(''); })()`, 1024, `"RangeError: Invalid string length"`},
		{"Array join of big elements, memory", `(() => { const s = 'x'.repeat(1e6); return new Array(300).fill(s).join('').length; })()`, 128, oom},
		{"replace with a big replacement", `'x'.repeat(1e4).replace(/x/g, 'y'.repeat(20000)).length`, 128, oom},
		{"replace past V8's limit", "'x'.repeat(3e4).replace(/x/g, '$`$`').length", 1024, `"RangeError: Invalid string length"`},
		{"replaceAll", `'ab'.repeat(1e4).replaceAll('a', 'z'.repeat(30000)).length`, 128, oom},
		{"JSON.stringify", `(() => { const s = 'x'.repeat(1e6); return JSON.stringify({ a: new Array(600).fill(s) }).length; })()`, 1024, `"RangeError: Invalid string length"`},
		{"JSON.stringify of a long array", `JSON.stringify(new Array(1e8)).length`, 128, oom},
		{"JSON.stringify with a replacer", `JSON.stringify(new Array(1e8), (k, v) => v).length`, 128, oom},
		{"Buffer.alloc", `Buffer.alloc(5e8).length`, 128, `"RangeError: Array buffer allocation failed"`},
		{"Float64Array", `new Float64Array(1e8).length`, 128, `"RangeError: Array buffer allocation failed"`},
		{"Uint8Array from an array-like", `new Uint8Array({ length: 5e8 }).length`, 128, `"RangeError: Array buffer allocation failed"`},
		{"ArrayBuffer", `new ArrayBuffer(5e8).byteLength`, 128, `"RangeError: Array buffer allocation failed"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := `exports.handler = async () => { try { return ` + tc.expr + `; } catch (e) { if (e instanceof RangeError) return String(e); throw e; } };`
			if strings.Contains(tc.name, "caught") {
				src = `exports.handler = async () => ` + tc.expr + `;`
			}
			_, f := deploy(t, "nodejs22.x", map[string]string{"index.js": src}, func(c *sandbox.Config) {
				c.MemoryMB, c.TimeoutSec = tc.memory, 10
			})
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			r := run(t, f, `{}`)
			runtime.ReadMemStats(&after)
			if tc.want == oom {
				if r.Error == nil || r.Error.Type != oom {
					t.Fatalf("error = %v, response %.200s; want %s\n%s", r.Error, r.Response, oom, r.LogText())
				}
				if !strings.Contains(r.LogText(), "Error: Runtime exited with error: signal: killed") {
					t.Errorf("log lacks Lambda's out-of-memory lines:\n%s", r.LogText())
				}
			} else if r.Error != nil || string(r.Response) != tc.want {
				t.Fatalf("error = %v, response = %.200s; want %s", r.Error, r.Response, tc.want)
			}
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 && !raceEnabled {
				t.Errorf("the host allocated %d MB for it", grew>>20)
			}
			if n := run(t, healthy, `{}`); n.Error != nil || n.Cold {
				t.Errorf("another environment was harmed: %v cold=%v", n.Error, n.Cold)
			}
		})
	}
}

// The checks leave the built-ins as they were: same results, names and
// lengths, and typed arrays that still know their constructor.
func TestGuardedBuiltinsBehaveAsBefore(t *testing.T) {
	f := js(t, `
class Sub extends Uint8Array {}
exports.handler = async () => [
  'ab'.repeat(3), 'x'.padStart(4, '-'), 'x'.padEnd(3), 'a-b-c'.replace(/-/g, '+'), 'a-b'.replace('-', '$&$&'),
  'aaa'.replaceAll('a', 'b'), [1, null, 'x', undefined].join(), [1, 2].join(''), new Array(3).fill(7),
  JSON.stringify({ a: [1, 'two', { b: null }], u: undefined }), JSON.stringify({ a: 1 }, null, 2),
  JSON.stringify({ a: 1, b: 2 }, ['b']), JSON.stringify({ a: 1 }, (k, v) => (k === 'a' ? 2 : v)), JSON.stringify([1, 2], function (k, v) { return Array.isArray(this) && k === '1' ? 3 : v; }),
  new Uint8Array(3).constructor === Uint8Array, new Uint8Array([1, 2]) instanceof Uint8Array,
  new Sub(2) instanceof Sub, new Sub(2).length, Buffer.alloc(3, 1).toString('hex'), new ArrayBuffer(8).byteLength,
  String.prototype.repeat.name, String.prototype.padStart.length, Array.prototype.join.name, JSON.stringify.length,
  Uint8Array.name, Uint8Array.BYTES_PER_ELEMENT, Float64Array.from([1, 2]).length,
];`)
	wantResponse(t, run(t, f, `{}`), `["ababab","---x","x  ","a+b+c","a--b","bbb","1,,x,","12",[7,7,7],"{\"a\":[1,\"two\",{\"b\":null}]}","{\n  \"a\": 1\n}","{\"b\":2}","{\"a\":2}","[1,3]",true,true,true,2,"010101",8,"repeat",1,"join",3,"Uint8Array",1,2]`)
}

// The typed-array and JSON.stringify guards wait for the first use of
// their object (see deferGuards), yet every way to reach one in a new
// environment meets the guard; and a global the code replaced first stays
// its own.
func TestTypedArrayGuardsHoldBeforeFirstUse(t *testing.T) {
	const failed = `"RangeError: Array buffer allocation failed"`
	cases := []struct{ name, prelude, expr, want string }{
		{"descriptor", ``, `new (Object.getOwnPropertyDescriptor(globalThis, 'Uint8Array').value)(5e8).length`, failed},
		{"all descriptors", ``, `new (Object.values(Object.getOwnPropertyDescriptors(globalThis)).map((d) => d.value).find((v) => v && v.name === 'Int8Array'))(5e8).length`, failed},
		{"Reflect.get", ``, `new (Reflect.get(globalThis, 'Float64Array'))(1e8).length`, failed},
		{"computed name", ``, `new globalThis['Uint' + '8Array'](5e8).length`, failed},
		{"global", ``, `new global.ArrayBuffer(5e8).byteLength`, failed},
		{"sloppy this", ``, `new ((function () { return this; })().ArrayBuffer)(5e8).byteLength`, failed},
		{"Function", ``, `new (Function('return this')().Uint16Array)(3e8).length`, failed},
		{"with", ``, `(() => { with (globalThis) { return new Uint32Array(2e8).length; } })()`, failed},
		{"getter on Object.prototype", `Object.defineProperty(Object.prototype, 'me', { get() { return this; }, configurable: true });`, `new me.BigInt64Array(1e8).length`, failed},
		{"keys", ``, `Object.getOwnPropertyNames(globalThis).includes('Uint8Array') && new globalThis[Object.getOwnPropertyNames(globalThis).find((n) => n === 'Uint8Array')](5e8).length`, failed},
		{"replaced first", `globalThis.Uint8Array = function Mine(n) { this.n = n; };`, `[new Uint8Array(5e8).n, Uint8Array.name, global.Uint8Array === globalThis.Uint8Array]`, `[500000000,"Mine",true]`},
		{"defined first", `Object.defineProperty(globalThis, 'Int8Array', { value: 7, writable: false, configurable: true });`, `[Int8Array, Object.getOwnPropertyDescriptor(globalThis, 'Int8Array').writable]`, `[7,false]`},
		{"a buffer's constructor", ``, `new (new Uint8Array(1).buffer.constructor)(5e8).byteLength`, failed},
		{"JSON by descriptor", ``, `Object.getOwnPropertyDescriptor(globalThis, 'JSON').value.stringify(new Array(1e8)).length`, sandbox.ErrTypeOutOfMemory},
		{"JSON by Reflect.get", ``, `Reflect.get(globalThis, 'JSON').stringify(new Array(1e8)).length`, sandbox.ErrTypeOutOfMemory},
		{"JSON through with", ``, `(() => { with (global) { return JSON.stringify(new Array(1e8)).length; } })()`, sandbox.ErrTypeOutOfMemory},
		{"after many reads", `let m = 0; for (let i = 0; i < 3000; i++) m += Math.PI;`, `[m > 9000, new Uint8Array(5e8).length]`, failed},
		{"getter after many reads", `Object.defineProperty(Object.prototype, 'me', { get() { return this; }, configurable: true }); for (let i = 0; i < 1100; i++) if (me !== globalThis) throw new Error('read ' + i);`, `new me.Int32Array(2e8).length`, failed},
		{"identity", ``, `[globalThis === global, (function () { return this; })() === globalThis, Function('return this')() === global]`, `[true,true,true]`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := tc.prelude + "\nexports.handler = async () => { try { return " + tc.expr + "; } catch (e) { if (e instanceof RangeError) return String(e); throw e; } };"
			_, f := deploy(t, "nodejs22.x", map[string]string{"index.js": src}, func(c *sandbox.Config) {
				c.MemoryMB, c.TimeoutSec = 128, 10
			})
			r := run(t, f, `{}`)
			if tc.want == sandbox.ErrTypeOutOfMemory {
				if r.Error == nil || r.Error.Type != tc.want {
					t.Fatalf("error = %v, response = %.200s; want %s\n%s", r.Error, r.Response, tc.want, r.LogText())
				}
			} else if r.Error != nil || string(r.Response) != tc.want {
				t.Fatalf("error = %v, response = %.200s; want %s\n%s", r.Error, r.Response, tc.want, r.LogText())
			}
		})
	}
}

// JSON.stringify's counting replacer is one per VM: calls nested in a
// replacer or toJSON, and a call that throws, leave the others' counts
// and results as they were.
func TestGuardedStringifyNests(t *testing.T) {
	f := js(t, `
exports.handler = async () => {
  const inner = JSON.stringify({ a: [1, 'x'] }, (k, v) => (k === 'a' ? JSON.stringify(v, null, 1) : v));
  const viaToJSON = JSON.stringify({ t: { toJSON() { return JSON.stringify([this === undefined, 2]); } } });
  let threw = '';
  try { JSON.stringify({ a: 1 }, () => { throw new Error('boom'); }); } catch (e) { threw = e.message; }
  return [inner, viaToJSON, threw, JSON.stringify({ after: 'ok' }, null, '\t')];
};`)
	wantResponse(t, run(t, f, `{}`), `["{\"a\":\"[\\n 1,\\n \\\"x\\\"\\n]\"}","{\"t\":\"[false,2]\"}","boom","{\n\t\"after\": \"ok\"\n}"]`)
}

// The global proxy answers the first operations on the global object of a
// new environment as goja's own global object did, errors included.
func TestGlobalProxyKeepsGojaAnswers(t *testing.T) {
	cases := []struct{ expr, want string }{
		{`globalThis.NaN = 1`, `"1"`},
		{`(() => { 'use strict'; globalThis.NaN = 1; })()`, `"TypeError: Cannot assign to read only property 'NaN'"`},
		{`(() => { 'use strict'; undefined = 1; })()`, `"TypeError: Cannot assign to read only property 'undefined'"`},
		{`(() => { 'use strict'; delete globalThis.NaN; })()`, `"TypeError: Cannot delete property 'NaN' of [object global]"`},
		{`delete globalThis.NaN`, `"false"`},
		{`Object.defineProperty(globalThis, 'NaN', { value: 1 })`, `"TypeError: Cannot redefine property: NaN"`},
		{`(() => { delete globalThis.Uint8Array; return typeof Uint8Array; })()`, `"undefined"`},
		{`(() => { globalThis.x1 = 5; return [x1, Object.getOwnPropertyDescriptor(globalThis, 'x1').enumerable]; })()`, `"5,true"`},
		{`JSON.stringify(Object.getOwnPropertyDescriptor(globalThis, 'undefined'))`, `"{\"writable\":false,\"enumerable\":false,\"configurable\":false}"`},
		{`Object.prototype.toString.call(globalThis)`, `"[object global]"`},
	}
	for _, tc := range cases {
		f := js(t, `exports.handler = async () => { try { return String(`+tc.expr+`); } catch (e) { return e.constructor.name + ': ' + e.message; } };`)
		if r := run(t, f, `{}`); r.Error != nil || string(r.Response) != tc.want {
			t.Errorf("%s: error = %v, response = %s; want %s", tc.expr, r.Error, r.Response, tc.want)
		}
	}
}
