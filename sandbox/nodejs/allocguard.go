package nodejs

import (
	"errors"
	"strconv"
	"strings"
	"sync"

	"github.com/dop251/goja"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

// A single built-in call can allocate far more than a function's memory
// in one step ('x'.repeat(n), new Array(n).fill(0), Array(n).join(s),
// new Float64Array(n)), and goja runs a built-in to its end without
// looking at interrupts, so neither the memory watchdog nor the timeout
// could stop it. The built-ins below check the size of what they are
// about to make before making it:
//
//   - past V8's own limits they throw V8's errors ("RangeError: Invalid
//     string length", "RangeError: Invalid array length", "RangeError:
//     Array buffer allocation failed"), which a handler can catch, as on
//     Node;
//   - past the memory the call has left they stop the call as Lambda
//     stops a function that runs out of memory (Runtime.OutOfMemory), which
//     no handler can catch.
//
// Sizes are V8's: one byte per character of a string, eight bytes per
// array element, the typed array's bytes.
const (
	// maxStringLength is V8's String::kMaxLength on 64-bit hosts.
	maxStringLength = 1<<29 - 24
	// arrayElementBytes is what V8 spends on one element of an array.
	arrayElementBytes = 8
	// scanPoll is how many elements a size scan reads between looks at
	// the interrupt flag.
	scanPoll = 1 << 12
)

// guardBuiltins wraps the built-ins that can allocate without bound.
// The prototypes' methods are wrapped at once (they are reached from any
// string or array literal); JSON.stringify and the typed-array
// constructors when the code first reaches them (see deferGuards).
func (in *instance) guardBuiltins() {
	vm := in.vm
	// The prototypes without the constructors, which goja would build
	// for vm.Get("String") and vm.Get("Array").
	str := vm.ToValue("").ToObject(vm).Prototype()
	in.guardMethod(str, "repeat", 1, in.repeatSize)
	in.guardMethod(str, "padStart", 1, in.padSize)
	in.guardMethod(str, "padEnd", 1, in.padSize)
	in.guardMethod(str, "replace", 2, in.replaceSize(false))
	in.guardMethod(str, "replaceAll", 2, in.replaceSize(true))
	arr := vm.NewArray().Prototype()
	in.guardMethod(arr, "join", 1, in.joinSize)
	in.guardMethod(arr, "fill", 1, in.fillSize)
	in.deferGuards()
}

// deferredGuards are the globals whose guard waits for their first use,
// by bit: the typed-array constructors and JSON (for JSON.stringify).
var deferredGuards = []string{"ArrayBuffer", "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array",
	"Int32Array", "Uint32Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array", "JSON"}

// deferredGuard is the bit of each name in deferredGuards.
var deferredGuard = func() map[string]uint16 {
	m := map[string]uint16{}
	for i, n := range deferredGuards {
		m[n] = 1 << i
	}
	return m
}()

const (
	arrayBufferGuard = 1 << 0
	jsonGuard        = 1 << 12
	allGuards        = 1<<13 - 1
	typedArrayGuards = allGuards &^ arrayBufferGuard &^ jsonGuard
)

// Wrapping a typed-array constructor or JSON.stringify makes goja build
// the constructor or the JSON object, which it otherwise does only when
// the name is first read (about 460 allocations for the twelve
// constructors, 50 for JSON); most handlers never read most of them. So
// each wrapping waits for the first use: the global object the code sees
// is a proxy over goja's own (in.rawGlobal) that installs a guard before
// anything can reach its object through the proxy:
//
//   - reading the name (a typed array's also guards ArrayBuffer, which
//     its instances reach through .buffer);
//   - looking at a property's descriptor, or defining or setting one, on
//     the global object, which install them all (these are rare, and
//     answering them exactly is simplest after the guards are in);
//   - loading the support library, which makes ArrayBuffers from Go.
//
// Nothing else leads to these objects: goja makes no typed array, buffer
// or JSON object for the code except through them. Once all are in (at
// the latest after maxTrappedReads reads), the proxy has no traps left
// and only forwards. While any waits, reads of
// goja's own globals and of ours (see globalKinds) answer from the raw
// global object, where they are data properties (nothing can have made
// them anything else: that would have gone through a trap); any other
// name is read with Reflect.get and the proxy as the receiver, so that a
// getter never sees the raw global object, which would let it reach an
// unguarded object.
func (in *instance) deferGuards() {
	vm := in.vm
	raw := vm.GlobalObject()
	in.rawGlobal = raw
	cfg := &goja.ProxyTrapConfig{}
	in.guardTraps, in.pendingGuards = cfg, allGuards
	call := func(fn goja.Callable, args ...goja.Value) goja.Value {
		v, err := fn(goja.Undefined(), args...)
		if err != nil {
			panic(err)
		}
		return v
	}
	reflect := func(name string) goja.Callable {
		fn, _ := goja.AssertFunction(raw.Get("Reflect").ToObject(vm).Get(name))
		return fn
	}
	cfg.Get = func(t *goja.Object, name string, recv goja.Value) goja.Value {
		if in.trappedReads++; in.trappedReads > maxTrappedReads {
			in.installGuards(allGuards)
		}
		switch bit := globalKinds()[name]; {
		case bit == 0:
			if in.reflectGet == nil {
				in.reflectGet = reflect("get")
			}
			return call(in.reflectGet, t, vm.ToValue(name), recv)
		case bit != plainGlobal:
			in.installGuards(bit)
		}
		return t.Get(name)
	}
	cfg.GetOwnPropertyDescriptor = func(t *goja.Object, name string) goja.PropertyDescriptor {
		in.installGuards(allGuards)
		d, ok := call(reflect("getOwnPropertyDescriptor"), t, vm.ToValue(name)).(*goja.Object)
		if !ok {
			return goja.PropertyDescriptor{}
		}
		return toDescriptor(d)
	}
	cfg.DefineProperty = func(t *goja.Object, name string, d goja.PropertyDescriptor) bool {
		in.installGuards(allGuards)
		var err error
		if d.Getter != nil || d.Setter != nil {
			err = t.DefineAccessorProperty(name, d.Getter, d.Setter, d.Configurable, d.Enumerable)
		} else {
			err = t.DefineDataProperty(name, d.Value, d.Writable, d.Configurable, d.Enumerable)
		}
		if ex := (*goja.Exception)(nil); errors.As(err, &ex) {
			// goja's own error ("Cannot redefine property: NaN") rather
			// than the proxy's "trap returned falsish", as
			// Object.defineProperty throws it. (Reflect.defineProperty
			// would answer false: the trap cannot tell them apart. Only
			// NaN, Infinity and undefined can fail here, and only as the
			// first such operation of an environment.)
			panic(ex.Value())
		}
		return err == nil
	}
	// Setting a global asks the proxy for its descriptor first (goja's
	// ordinary [[Set]] with the proxy as the receiver), and deleting one
	// reveals nothing, so neither needs a trap of its own.
	proxy := vm.ToValue(vm.NewProxy(raw, cfg)).ToObject(vm)
	vm.SetGlobalObject(proxy)
	_ = raw.Set("global", proxy)
}

// installGuards installs the waiting guards among bits (see deferGuards),
// each once; when none waits any more, the global proxy loses its traps.
func (in *instance) installGuards(bits uint16) {
	if bits&typedArrayGuards != 0 {
		bits |= arrayBufferGuard // a typed array's .buffer is an ArrayBuffer
	}
	bits &= in.pendingGuards
	if bits == 0 {
		return
	}
	in.pendingGuards &^= bits
	if in.pendingGuards == 0 {
		*in.guardTraps = goja.ProxyTrapConfig{}
	}
	for i, name := range deferredGuards {
		switch {
		case bits&(1<<i) == 0:
		case name == "JSON":
			if json, ok := in.rawGlobal.Get("JSON").(*goja.Object); ok {
				in.guardStringify(json)
			}
		default:
			in.guardConstructor(in.rawGlobal, name)
		}
	}
}

// toDescriptor reads a property descriptor object.
func toDescriptor(o *goja.Object) goja.PropertyDescriptor {
	flag := func(name string) goja.Flag {
		v := o.Get(name)
		switch {
		case v == nil:
			return goja.FLAG_NOT_SET
		case v.ToBoolean():
			return goja.FLAG_TRUE
		}
		return goja.FLAG_FALSE
	}
	return goja.PropertyDescriptor{Value: o.Get("value"), Getter: o.Get("get"), Setter: o.Get("set"),
		Writable: flag("writable"), Configurable: flag("configurable"), Enumerable: flag("enumerable")}
}

// globalKinds tells, for each name the global proxy reads at speed,
// plainGlobal (goja's own globals and ours, data properties of the raw
// global object while guards wait) or the bit of its deferred guard.
var globalKinds = sync.OnceValue(func() map[string]uint16 {
	m := map[string]uint16{"global": plainGlobal}
	for _, n := range goja.New().GlobalObject().GetOwnPropertyNames() {
		m[n] = plainGlobal
	}
	for n := range lazyGroups {
		m[n] = plainGlobal
	}
	for n, bit := range deferredGuard {
		m[n] = bit
	}
	return m
})

// plainGlobal is globalKinds' mark of a name without a deferred guard.
const plainGlobal = 1 << 15

// maxTrappedReads is how many global reads go through the proxy's trap
// before it installs every waiting guard and lets reads go straight to
// the global object. A trapped read costs about 130 ns more, so code that
// reads globals in a loop pays for the guards once (about 50 µs) rather
// than on every read, while a handler that reads a few per invoke keeps
// its cold start light for its first few hundred invokes.
const maxTrappedReads = 1024

// sizeCheck is the outcome of looking at a built-in call before it runs.
type sizeCheck struct {
	chars int64 // characters of a string result
	bytes int64 // bytes of any other result
}

// guardMethod replaces obj[name] by a function of the same name and
// length that sizes the call first (size panics with V8's error, or
// returns the size) and then calls the original.
func (in *instance) guardMethod(obj *goja.Object, name string, length int, size func(goja.FunctionCall) sizeCheck) {
	vm := in.vm
	orig, ok := goja.AssertFunction(obj.Get(name))
	if !ok {
		return
	}
	fn := vm.ToValue(func(call goja.FunctionCall) goja.Value {
		if !in.allow(size(call)) {
			return goja.Undefined()
		}
		v, err := orig(call.This, call.Arguments...)
		if err != nil {
			panic(err)
		}
		return v
	}).ToObject(vm)
	_ = fn.DefineDataProperty("name", vm.ToValue(name), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	_ = fn.DefineDataProperty("length", vm.ToValue(length), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	_ = obj.DefineDataProperty(name, fn, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
}

// allow checks a size against V8's string limit and the call's memory.
// It throws V8's RangeError past the string limit; past the memory it
// stops the call out of memory and returns false.
func (in *instance) allow(s sizeCheck) bool {
	if s.chars > maxStringLength {
		panic(in.rangeError("Invalid string length"))
	}
	return in.reserve(s.chars + s.bytes)
}

// reserve stops the call out of memory when n bytes do not fit in what it
// may still allocate, and otherwise reports them to the sandbox.
func (in *instance) reserve(n int64) bool {
	c := in.call
	if c == nil || in.interrupted.Load() {
		return !in.interrupted.Load()
	}
	if n > c.MemoryLimit() {
		in.Interrupt(sandbox.ErrOutOfMemory)
		return false
	}
	c.Allocating(n)
	return true
}

func (in *instance) rangeError(msg string) goja.Value {
	e, err := in.vm.New(in.vm.Get("RangeError"), in.vm.ToValue(msg))
	if err != nil {
		panic(err)
	}
	return e
}

// strLen is the length of v as a string, or -1 when v is not a string
// (converting it could run code).
func strLen(v goja.Value) int64 {
	if s, ok := v.(goja.String); ok {
		return int64(s.Length())
	}
	return -1
}

// thisLen is the length of the string a String.prototype method works on.
func thisLen(call goja.FunctionCall) int64 {
	if n := strLen(call.This); n >= 0 {
		return n
	}
	if goja.IsUndefined(call.This) || goja.IsNull(call.This) {
		return 0 // the original throws its TypeError
	}
	return int64(call.This.ToString().(goja.String).Length())
}

// count converts a count argument as the built-ins do, clamped to what
// the checks need.
func count(v goja.Value) int64 {
	if v == nil {
		return 0
	}
	f := v.ToFloat()
	switch {
	case f != f || f <= 0:
		return 0
	case f > 1<<53:
		return 1 << 53
	}
	return int64(f)
}

func (in *instance) repeatSize(call goja.FunctionCall) sizeCheck {
	n, s := count(call.Argument(0)), thisLen(call)
	if s == 0 || n == 0 {
		return sizeCheck{}
	}
	if n > maxStringLength/s+1 {
		return sizeCheck{chars: maxStringLength + 1}
	}
	return sizeCheck{chars: n * s}
}

func (in *instance) padSize(call goja.FunctionCall) sizeCheck {
	return sizeCheck{chars: count(call.Argument(0))}
}

// replaceSize bounds the result of replace/replaceAll with a replacement
// string: the string, plus for each match the replacement with its $
// patterns expanded. When that bound is too large the matches are
// counted (with the original match methods) for the exact figure.
func (in *instance) replaceSize(all bool) func(goja.FunctionCall) sizeCheck {
	return func(call goja.FunctionCall) sizeCheck {
		s := thisLen(call)
		pat, rep := call.Argument(0), call.Argument(1)
		if _, fn := goja.AssertFunction(rep); fn || s < 0 {
			return sizeCheck{}
		}
		r := strLen(rep)
		if r < 0 {
			if goja.IsUndefined(rep) {
				r = int64(len("undefined"))
			} else {
				r = int64(rep.ToString().(goja.String).Length())
			}
		}
		text := ""
		if r > 0 && strings.Contains(rep.String(), "$") {
			text = rep.String()
		}
		// The most matches there can be, and the longest.
		matches, longest := s+1, s
		global := all
		patObj, isObj := pat.(*goja.Object)
		if isObj && patObj.ClassName() == "RegExp" {
			global = strings.Contains(patObj.Get("flags").String(), "g")
		} else if p := strLen(pat); p >= 0 {
			longest = p
			if p > 0 {
				matches = s/p + 1
			}
		}
		if !global {
			matches = 1
		}
		bound := func() int64 { return s + matches*expanded(r, text, longest, s) }
		if bound() <= maxStringLength && bound() <= in.quickLimit() {
			return sizeCheck{}
		}
		if global {
			matches, longest = in.countMatches(call.This, pat, isObj)
		}
		return sizeCheck{chars: bound()}
	}
}

// expanded is the most characters one match's replacement can take: the
// replacement, with $& and $n as long as the longest match and $` and $'
// as long as the string.
func expanded(r int64, text string, longest, s int64) int64 {
	n := r
	for i := 0; i+1 < len(text); i++ {
		if text[i] != '$' {
			continue
		}
		switch c := text[i+1]; {
		case c == '&' || c == '<' || (c >= '0' && c <= '9'):
			n += longest
		case c == '`' || c == '\'':
			n += s
		}
		i++
	}
	return n
}

// countMatches runs the pattern's matching (the original
// String.prototype.match or split for a string pattern) to count its
// matches and find the longest.
func (in *instance) countMatches(this, pat goja.Value, isRegExp bool) (n, longest int64) {
	vm := in.vm
	if !isRegExp {
		s := this.String()
		p := pat.String()
		if p == "" {
			return int64(len(s)) + 1, 0
		}
		return int64(strings.Count(s, p)), int64(len(p))
	}
	match, _ := goja.AssertFunction(vm.Get("String").ToObject(vm).Get("prototype").ToObject(vm).Get("match"))
	v, err := match(this, pat)
	if err != nil {
		panic(err)
	}
	arr, ok := v.(*goja.Object)
	if !ok {
		return 0, 0
	}
	l := arr.Get("length").ToInteger()
	for i := int64(0); i < l; i++ {
		if i%scanPoll == 0 && in.interrupted.Load() {
			break
		}
		longest = max(longest, max(strLen(arr.Get(strconv.FormatInt(i, 10))), 0))
	}
	return l, longest
}

// quickLimit is a cheap bound under which no check is needed.
func (in *instance) quickLimit() int64 {
	if in.call == nil {
		return maxStringLength
	}
	return in.call.MemoryLimit()
}

// joinSize adds up the separators and the string elements (other
// elements count as empty: converting them could run code). It reads the
// elements once more than join does, looking at the interrupt flag as it
// goes, and stops as soon as the sum is too large.
func (in *instance) joinSize(call goja.FunctionCall) sizeCheck {
	if goja.IsUndefined(call.This) || goja.IsNull(call.This) {
		return sizeCheck{}
	}
	o := call.This.ToObject(in.vm)
	l := count(o.Get("length"))
	sep := int64(1)
	if a := call.Argument(0); !goja.IsUndefined(a) {
		if sep = strLen(a); sep < 0 {
			sep = int64(a.ToString().(goja.String).Length())
		}
	}
	if l == 0 {
		return sizeCheck{}
	}
	total := (l - 1) * sep
	if l-1 > maxStringLength || total > maxStringLength {
		return sizeCheck{chars: maxStringLength + 1}
	}
	limit := min(int64(maxStringLength), in.quickLimit())
	for i := int64(0); i < l && total <= limit; i++ {
		if i%scanPoll == 0 && in.interrupted.Load() {
			return sizeCheck{}
		}
		if v := o.Get(strconv.FormatInt(i, 10)); v != nil {
			total += max(strLen(v), 0)
		}
	}
	return sizeCheck{chars: total}
}

// fillSize is the array elements fill may create: from start to end.
func (in *instance) fillSize(call goja.FunctionCall) sizeCheck {
	if goja.IsUndefined(call.This) || goja.IsNull(call.This) {
		return sizeCheck{}
	}
	o := call.This.ToObject(in.vm)
	if o.ClassName() != "Array" {
		return sizeCheck{}
	}
	l := count(o.Get("length"))
	start, end := relIndex(call.Argument(1), l, 0), relIndex(call.Argument(2), l, l)
	if end <= start {
		return sizeCheck{}
	}
	return sizeCheck{bytes: (end - start) * arrayElementBytes}
}

// relIndex resolves a relative index argument as fill and slice do.
func relIndex(v goja.Value, l, def int64) int64 {
	if goja.IsUndefined(v) {
		return def
	}
	f := v.ToFloat()
	switch {
	case f != f:
		return 0
	case f < 0:
		return max(l+int64(max(f, -1<<53)), 0)
	}
	return min(int64(min(f, 1<<53)), l)
}

// guardStringify makes JSON.stringify count what it writes as it goes: it
// passes a replacer that returns each value as the handler's own replacer
// (if any) returns it, and adds up a lower bound of its text, which ends
// the call past V8's string limit or the memory left. (A replacer is
// called for every value before it is written, and is the one place where
// goja's serializer lets code run.) A list of keys as the replacer is left
// to the original.
func (in *instance) guardStringify(json *goja.Object) {
	vm := in.vm
	orig, ok := goja.AssertFunction(json.Get("stringify"))
	if !ok {
		return
	}
	fn := vm.ToValue(func(call goja.FunctionCall) goja.Value {
		rep := call.Argument(1)
		own, isFn := goja.AssertFunction(rep)
		if o, isObj := rep.(*goja.Object); isObj && !isFn && o.ClassName() == "Array" {
			// A list of keys: the handler's code runs for none of the
			// values, and the list keeps the output to what it names.
			return in.callOrig(orig, call)
		}
		st := stringifyState{own: own, isFn: isFn}
		if sp := call.Argument(2); !goja.IsUndefined(sp) {
			if n := strLen(sp); n >= 0 {
				st.indent = min(n, 10)
			} else if f := sp.ToFloat(); f > 0 {
				st.indent = int64(min(f, 10))
			}
		}
		// A replacer may call JSON.stringify again: each call counts on
		// its own state, the top of the stack.
		in.strStates = append(in.strStates, st)
		defer func() { in.strStates = in.strStates[:len(in.strStates)-1] }()
		if in.strCounter == nil {
			in.strCounter = vm.ToValue(in.countJSON)
		}
		return in.callOrig(orig, goja.FunctionCall{This: call.This, Arguments: []goja.Value{call.Argument(0), in.strCounter, call.Argument(2)}})
	})
	obj := fn.ToObject(vm)
	_ = obj.DefineDataProperty("name", vm.ToValue("stringify"), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	_ = obj.DefineDataProperty("length", vm.ToValue(3), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	_ = json.DefineDataProperty("stringify", obj, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
}

// stringifyState is what one guarded JSON.stringify call counts with.
type stringifyState struct {
	own    goja.Callable // the handler's own replacer, if any
	isFn   bool
	indent int64
	total  int64 // characters written so far, at least
}

// countJSON is the replacer guardStringify passes (one function per VM,
// which no handler code can see): it returns each value as the handler's
// own replacer returns it, and adds a lower bound of its text to the
// running call's total.
func (in *instance) countJSON(c goja.FunctionCall) goja.Value {
	top := len(in.strStates) - 1
	v := c.Argument(1)
	if st := in.strStates[top]; st.isFn {
		// The handler's own replacer first: its result is what is
		// written.
		var err error
		if v, err = st.own(c.This, c.Arguments...); err != nil {
			panic(err)
		}
	}
	st := &in.strStates[top] // after the replacer, which may have grown the stack
	inArray := false
	if h, ok := c.This.(*goja.Object); ok && h.ClassName() == "Array" {
		inArray = true
	}
	size := int64(2) // at least two characters: a digit and a comma, or {}
	if n := strLen(v); n >= 0 {
		size = n + 2
	}
	if !inArray {
		size += max(strLen(c.Argument(0)), 0) + 3 + st.indent // "key":
	} else {
		// The array's own line counted two characters for this element
		// already.
		size -= 2
	}
	if o, ok := v.(*goja.Object); ok && o.ClassName() == "Array" {
		// An array is written element by element, each quoted string
		// only after the one before: add up its elements now, two
		// characters each and their strings in full.
		size += in.arrayTextSize(o, st.indent)
	}
	st.total += max(size, 0)
	if st.total > maxStringLength {
		panic(in.rangeError("Invalid string length"))
	}
	if !in.reserveSoft(st.total) {
		panic(in.rangeError("Invalid string length")) // not reached: the call is already stopped
	}
	return v
}

// arrayTextSize is a lower bound of the text of an array's elements in
// JSON: two characters each, plus the string elements in full. It stops
// counting past V8's string limit or the memory left.
func (in *instance) arrayTextSize(o *goja.Object, indent int64) int64 {
	l := count(o.Get("length"))
	total := l * (2 + indent)
	limit := min(int64(maxStringLength), in.quickLimit())
	for i := int64(0); i < l && total <= limit; i++ {
		if i%scanPoll == 0 && in.interrupted.Load() {
			break
		}
		if v := o.Get(strconv.FormatInt(i, 10)); v != nil {
			total += max(strLen(v), 0)
		}
	}
	return total
}

// reserveSoft is reserve for a running total: it stops the call out of
// memory past the memory left, without reporting the bytes.
func (in *instance) reserveSoft(n int64) bool {
	if in.interrupted.Load() {
		return false
	}
	if c := in.call; c != nil && n > c.MemoryLimit() {
		in.Interrupt(sandbox.ErrOutOfMemory)
		return false
	}
	return true
}

func (in *instance) callOrig(orig goja.Callable, call goja.FunctionCall) goja.Value {
	v, err := orig(call.This, call.Arguments...)
	if err != nil {
		panic(err)
	}
	return v
}

// guardConstructor puts a typed array or ArrayBuffer constructor behind a
// proxy that sizes the buffer before it is made. The prototype's
// constructor is the proxy too, so that instances still answer
// x.constructor === Uint8Array.
func (in *instance) guardConstructor(g *goja.Object, name string) {
	vm := in.vm
	target, ok := g.Get(name).(*goja.Object)
	if !ok {
		return
	}
	per := int64(1)
	if b := target.Get("BYTES_PER_ELEMENT"); b != nil && !goja.IsUndefined(b) {
		per = b.ToInteger()
	}
	isBuffer := name == "ArrayBuffer"
	var pv *goja.Object
	proxy := vm.NewProxy(target, &goja.ProxyTrapConfig{
		Construct: func(t *goja.Object, args []goja.Value, newTarget *goja.Object) *goja.Object {
			if len(args) > 0 {
				n := int64(-1)
				switch a := args[0].(type) {
				case *goja.Object:
					if !isBuffer && a.ClassName() != "ArrayBuffer" {
						n = count(a.Get("length"))
					}
				default:
					if !goja.IsUndefined(a) {
						n = count(a)
					}
				}
				if n > 0 && n <= 1<<53/per {
					if c := in.call; c != nil && n*per > c.MemoryLimit() {
						panic(in.rangeError("Array buffer allocation failed"))
					}
					if !in.reserve(n * per) {
						return vm.NewObject()
					}
				}
			}
			var o *goja.Object
			var err error
			if newTarget == nil || newTarget == pv || newTarget == t {
				o, err = vm.New(t, args...)
			} else {
				o, err = in.reflectConstruct(t, args, newTarget)
			}
			if err != nil {
				panic(err)
			}
			return o
		},
	})
	pv = vm.ToValue(proxy).ToObject(vm)
	// goja's instanceof cannot look through a proxy: answer it on the
	// constructor itself, as Function.prototype[Symbol.hasInstance] would.
	_ = target.DefineDataPropertySymbol(goja.SymHasInstance, in.hasInstance(), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	if proto, ok := target.Get("prototype").(*goja.Object); ok {
		_ = proto.DefineDataProperty("constructor", pv, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	}
	_ = g.DefineDataProperty(name, pv, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
}

// hasInstance is OrdinaryHasInstance for a constructor behind a proxy and
// its subclasses: whether this.prototype is on v's prototype chain.
func (in *instance) hasInstance() goja.Value {
	if in.hasInst == nil {
		in.hasInst = in.vm.ToValue(func(call goja.FunctionCall) goja.Value {
			c, ok := call.This.(*goja.Object)
			v, isObj := call.Argument(0).(*goja.Object)
			if !ok || !isObj {
				return in.vm.ToValue(false)
			}
			proto, ok := c.Get("prototype").(*goja.Object)
			if !ok {
				panic(in.vm.NewTypeError("Function has non-object prototype '" + c.Get("prototype").String() + "' in instanceof check"))
			}
			for p := v.Prototype(); p != nil; p = p.Prototype() {
				if p.SameAs(proto) {
					return in.vm.ToValue(true)
				}
			}
			return in.vm.ToValue(false)
		})
	}
	return in.hasInst
}

// reflectConstruct is Reflect.construct(t, args, newTarget), for
// subclasses (class FastBuffer extends Uint8Array).
func (in *instance) reflectConstruct(t *goja.Object, args []goja.Value, newTarget *goja.Object) (*goja.Object, error) {
	vm := in.vm
	construct, _ := goja.AssertFunction(vm.Get("Reflect").ToObject(vm).Get("construct"))
	v, err := construct(goja.Undefined(), t, vm.NewArray(toInterfaces(args)...), newTarget)
	if err != nil {
		return nil, err
	}
	return v.ToObject(vm), nil
}
