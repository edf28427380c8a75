package python

import (
	"fmt"
	"math"
	"math/big"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"go.starlark.net/syntax"
)

// sharedBuiltins are the built-ins that need no instance: Python's
// versions of str, repr, print helpers, isinstance, pow, round, sum, map,
// filter, the exception types, and the helpers the rewrites call.
var sharedBuiltins starlark.StringDict

func init() {
	sharedBuiltins = starlark.StringDict{
		"str":        starlark.NewBuiltin("str", builtinStr),
		"repr":       starlark.NewBuiltin("repr", builtinRepr),
		"isinstance": starlark.NewBuiltin("isinstance", builtinIsinstance),
		"pow":        starlark.NewBuiltin("pow", builtinPow),
		"round":      starlark.NewBuiltin("round", builtinRound),
		"sum":        starlark.NewBuiltin("sum", builtinSum),
		"map":        starlark.NewBuiltin("map", builtinMap),
		"filter":     starlark.NewBuiltin("filter", builtinFilter),
		"divmod":     starlark.NewBuiltin("divmod", builtinDivmod),
		"format":     starlark.NewBuiltin("format", builtinFormat),
		"__format__": starlark.NewBuiltin("format", builtinFormat),
		"__raise__":  starlark.NewBuiltin("raise", builtinRaise),
		"__assert__": starlark.NewBuiltin("assert", builtinAssert),
		"__enter__":  starlark.NewBuiltin("call", builtinEnter),
		"__mod__":    starlark.NewBuiltin("%", builtinMod),
		"__meth__":   starlark.NewBuiltin("method", builtinMethod),
		"__iter__":   starlark.NewBuiltin("iter", builtinIter),
		"type":       starlark.NewBuiltin("type", builtinType),
		"__add__":    starlark.NewBuiltin("+", builtinAdd),
		"__mul__":    starlark.NewBuiltin("*", builtinMul),
		"__grow__":   starlark.NewBuiltin("+=", builtinGrow),
		"list":       guardedSequence("list"),
		"tuple":      guardedSequence("tuple"),
		"sorted":     guardedSequence("sorted"),
		"set":        guardedSequence("set"),
	}
}

// exceptionTypes can be raised (raise ValueError("...")); they cannot be
// caught, as there is no try.
var exceptionTypes = []string{"Exception", "ValueError", "KeyError", "TypeError", "RuntimeError",
	"IndexError", "AttributeError", "NotImplementedError", "PermissionError", "TimeoutError",
	"ZeroDivisionError", "AssertionError", "LookupError", "ArithmeticError", "OSError",
	"ConnectionError", "FileNotFoundError", "NameError", "OverflowError", "UnicodeDecodeError"}

func init() {
	for _, name := range exceptionTypes {
		name := name
		sharedBuiltins[name] = starlark.NewBuiltin(name, func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if len(kwargs) > 0 {
				return nil, raise("TypeError", "%s() takes no keyword arguments", name)
			}
			return &exception{typ: name, args: args}, nil
		})
	}
}

// exception is an exception value: ValueError("bad input").
type exception struct {
	typ  string
	args starlark.Tuple
}

func (e *exception) String() string       { return e.pyRepr() }
func (e *exception) Type() string         { return e.typ }
func (e *exception) Freeze()              { e.args.Freeze() }
func (e *exception) Truth() starlark.Bool { return true }
func (e *exception) Hash() (uint32, error) {
	return 0, raise("TypeError", "unhashable type: '%s'", e.typ)
}
func (e *exception) pyRepr() string { return e.typ + pyRepr(e.args) }
func (e *exception) pyStr() string {
	switch len(e.args) {
	case 0:
		return ""
	case 1:
		if e.typ == "KeyError" {
			return pyRepr(e.args[0])
		}
		return pyStr(e.args[0])
	}
	return pyRepr(e.args)
}
func (e *exception) Attr(name string) (starlark.Value, error) {
	if name == "args" {
		return e.args, nil
	}
	return nil, nil
}
func (e *exception) AttrNames() []string { return []string{"args"} }

func builtinRaise(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 1 {
		return nil, raise("TypeError", "raise takes one exception")
	}
	switch x := args[0].(type) {
	case *exception:
		return nil, &pyError{Type: x.typ, Msg: x.pyStr()}
	case *starlark.Builtin:
		for _, n := range exceptionTypes {
			if x.Name() == n {
				return nil, &pyError{Type: n}
			}
		}
	}
	return nil, raise("TypeError", "exceptions must derive from BaseException")
}

func builtinAssert(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) < 1 || len(args) > 2 {
		return nil, raise("TypeError", "assert takes a condition and an optional message")
	}
	if args[0].Truth() {
		return starlark.None, nil
	}
	if len(args) == 2 {
		return nil, &pyError{Type: "AssertionError", Msg: pyStr(args[1])}
	}
	return nil, &pyError{Type: "AssertionError"}
}

// builtinEnter starts every function call: Python's recursion limit.
func builtinEnter(th *starlark.Thread, _ *starlark.Builtin, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	// Each Python frame is one Starlark frame; this built-in adds one.
	if th.CallStackDepth() > maxRecursion {
		return nil, raise("RecursionError", "maximum recursion depth exceeded")
	}
	return starlark.None, nil
}

func builtinMod(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	return modOp(args[0], args[1])
}

func builtinFormat(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	spec := ""
	if err := starlark.UnpackPositionalArgs("format", args, kwargs, 1, &v, &spec); err != nil {
		return nil, err
	}
	s, err := formatValue(v, spec)
	return starlark.String(s), err
}

func builtinStr(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 0 {
		return starlark.String(""), nil
	}
	if len(args) > 1 || len(kwargs) > 0 {
		// str(b, "utf-8")
		if bs, ok := args[0].(starlark.Bytes); ok {
			return starlark.String(string(bs)), nil
		}
		return nil, raise("TypeError", "str() takes at most 1 argument")
	}
	if bs, ok := args[0].(starlark.Bytes); ok {
		return starlark.String(pyBytesRepr(string(bs))), nil
	}
	return starlark.String(pyStr(args[0])), nil
}

func builtinRepr(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 1 {
		return nil, raise("TypeError", "repr() takes exactly one argument (%d given)", len(args))
	}
	return starlark.String(pyRepr(args[0])), nil
}

// pyBytesRepr is Python's repr of bytes: b'...'.
func pyBytesRepr(s string) string {
	var b strings.Builder
	b.WriteString("b'")
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case c < 0x20 || c >= 0x7f:
			fmt.Fprintf(&b, `\x%02x`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('\'')
	return b.String()
}

// builtinIsinstance accepts the built-in type functions (str, int, float,
// bool, dict, list, tuple, set) or a tuple of them; bool counts as int,
// as in Python.
func builtinIsinstance(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v, t starlark.Value
	if err := starlark.UnpackPositionalArgs("isinstance", args, kwargs, 2, &v, &t); err != nil {
		return nil, err
	}
	types := starlark.Tuple{t}
	if tt, ok := t.(starlark.Tuple); ok {
		types = tt
	}
	for _, t := range types {
		if c, isClass := t.(*callableModule); isClass {
			if v.Type() == c.m.Name {
				return starlark.True, nil
			}
			continue
		}
		b, ok := t.(*starlark.Builtin)
		if !ok {
			return nil, raise("TypeError", "isinstance() arg 2 must be a type or tuple of types")
		}
		name := b.Name()
		switch {
		case name == "str" && v.Type() == "string",
			name == "int" && (v.Type() == "int" || v.Type() == "bool"),
			name == v.Type():
			return starlark.True, nil
		}
		if ex, isEx := v.(*exception); isEx && (name == ex.typ || name == "Exception") {
			return starlark.True, nil
		}
	}
	return starlark.False, nil
}

func builtinPow(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x, y, m starlark.Value = nil, nil, starlark.None
	if err := starlark.UnpackPositionalArgs("pow", args, kwargs, 2, &x, &y, &m); err != nil {
		return nil, err
	}
	return pythonPow(x, y, m)
}

// pythonPow is Python's x ** y (and pow(x, y, m)): int for a non-negative
// int exponent, float otherwise.
func pythonPow(x, y, m starlark.Value) (starlark.Value, error) {
	xi, xInt := asBigInt(x)
	yi, yInt := asBigInt(y)
	if m != starlark.None {
		mi, mInt := asBigInt(m)
		if !xInt || !yInt || !mInt {
			return nil, raise("TypeError", "pow() 3rd argument not allowed unless all arguments are integers")
		}
		if mi.Sign() == 0 {
			return nil, raise("ValueError", "pow() 3rd argument cannot be 0")
		}
		r := new(big.Int).Exp(xi, yi, mi)
		if r == nil {
			return nil, raise("ValueError", "base is not invertible for the given modulus")
		}
		return starlark.MakeBigInt(r), nil
	}
	if xInt && yInt && yi.Sign() >= 0 {
		if xi.BitLen() > 1 && (!yi.IsInt64() || int64(xi.BitLen())*yi.Int64() > 1<<24) {
			return nil, raise("MemoryError", "the result of ** would be too large")
		}
		return starlark.MakeBigInt(new(big.Int).Exp(xi, yi, nil)), nil
	}
	fx, err := toFloat(x)
	if err != nil {
		return nil, raise("TypeError", "unsupported operand type(s) for ** or pow(): '%s' and '%s'", typeName(x), typeName(y))
	}
	fy, err := toFloat(y)
	if err != nil {
		return nil, raise("TypeError", "unsupported operand type(s) for ** or pow(): '%s' and '%s'", typeName(x), typeName(y))
	}
	if fx == 0 && fy < 0 {
		return nil, raise("ZeroDivisionError", "zero to a negative power")
	}
	if fx < 0 && fy != math.Trunc(fy) {
		return nil, raise("ValueError", "complex numbers are not supported: a negative number to a fractional power")
	}
	r := math.Pow(fx, fy)
	if math.IsInf(r, 0) && !math.IsInf(fx, 0) && !math.IsInf(fy, 0) {
		return nil, raise("OverflowError", "(34, 'Numerical result out of range')")
	}
	return starlark.Float(r), nil
}

func asBigInt(v starlark.Value) (*big.Int, bool) {
	switch x := v.(type) {
	case starlark.Int:
		return x.BigInt(), true
	case starlark.Bool:
		if x {
			return big.NewInt(1), true
		}
		return big.NewInt(0), true
	}
	return nil, false
}

// builtinRound is Python's round: half to even, on the exact binary value.
func builtinRound(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x, nd starlark.Value = nil, starlark.None
	if err := starlark.UnpackPositionalArgs("round", args, kwargs, 1, &x, &nd); err != nil {
		return nil, err
	}
	if i, ok := x.(starlark.Int); ok {
		if nd == starlark.None {
			return i, nil
		}
		n, err := toInt64(nd, "ndigits")
		if err != nil {
			return nil, err
		}
		if n >= 0 {
			return i, nil
		}
		p := new(big.Int).Exp(big.NewInt(10), big.NewInt(-n), nil)
		q, r := new(big.Int).DivMod(i.BigInt(), p, new(big.Int))
		twice := new(big.Int).Mul(r, big.NewInt(2))
		if c := twice.Cmp(p); c > 0 || c == 0 && q.Bit(0) == 1 {
			q.Add(q, big.NewInt(1))
		}
		return starlark.MakeBigInt(q.Mul(q, p)), nil
	}
	f, err := toFloat(x)
	if err != nil {
		return nil, raise("TypeError", "type %s doesn't define __round__ method", typeName(x))
	}
	if nd == starlark.None {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, raise("ValueError", "cannot convert float %s to integer", floatRepr(f))
		}
		r, _ := big.NewFloat(math.RoundToEven(f)).Int(nil)
		return starlark.MakeBigInt(r), nil
	}
	n, err := toInt64(nd, "ndigits")
	if err != nil {
		return nil, err
	}
	if math.IsNaN(f) || math.IsInf(f, 0) || n > 300 {
		return starlark.Float(f), nil
	}
	if n < 0 {
		p := math.Pow(10, float64(-n))
		return starlark.Float(math.RoundToEven(f/p) * p), nil
	}
	// strconv rounds the exact binary value correctly, half to even on
	// exact ties, as Python's round does.
	s := fmt.Sprintf("%.*f", n, f)
	var r float64
	fmt.Sscan(s, &r)
	return starlark.Float(r), nil
}

func builtinSum(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var it starlark.Iterable
	var start starlark.Value = starlark.MakeInt(0)
	if err := starlark.UnpackArgs("sum", args, kwargs, "iterable", &it, "start?", &start); err != nil {
		return nil, err
	}
	iter := it.Iterate()
	defer iter.Done()
	acc := start
	var v starlark.Value
	for iter.Next(&v) {
		r, err := starlark.Binary(syntax.PLUS, acc, v)
		if err != nil {
			return nil, raise("TypeError", "unsupported operand type(s) for +: '%s' and '%s'", typeName(acc), typeName(v))
		}
		acc = r
	}
	return acc, nil
}

func builtinMap(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 2 || len(kwargs) > 0 {
		return nil, raise("TypeError", "map() takes a function and one iterable here")
	}
	fn, ok := args[0].(starlark.Callable)
	it, ok2 := args[1].(starlark.Iterable)
	if !ok || !ok2 {
		return nil, raise("TypeError", "map() takes a function and an iterable")
	}
	var out []starlark.Value
	iter := it.Iterate()
	defer iter.Done()
	var v starlark.Value
	for iter.Next(&v) {
		r, err := starlark.Call(th, fn, starlark.Tuple{v}, nil)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return starlark.NewList(out), nil
}

func builtinFilter(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 2 || len(kwargs) > 0 {
		return nil, raise("TypeError", "filter() takes a function (or None) and an iterable")
	}
	it, ok := args[1].(starlark.Iterable)
	if !ok {
		return nil, raise("TypeError", "'%s' object is not iterable", typeName(args[1]))
	}
	var out []starlark.Value
	iter := it.Iterate()
	defer iter.Done()
	var v starlark.Value
	for iter.Next(&v) {
		keep := v.Truth()
		if fn, isFn := args[0].(starlark.Callable); isFn {
			r, err := starlark.Call(th, fn, starlark.Tuple{v}, nil)
			if err != nil {
				return nil, err
			}
			keep = r.Truth()
		}
		if keep {
			out = append(out, v)
		}
	}
	return starlark.NewList(out), nil
}

func builtinDivmod(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var a, b starlark.Value
	if err := starlark.UnpackPositionalArgs("divmod", args, kwargs, 2, &a, &b); err != nil {
		return nil, err
	}
	q, err := starlark.Binary(syntax.SLASHSLASH, a, b)
	if err != nil {
		return nil, err
	}
	r, err := starlark.Binary(syntax.PERCENT, a, b)
	if err != nil {
		return nil, err
	}
	return starlark.Tuple{q, r}, nil
}

// newPredeclared builds the names every module of this instance sees.
func (in *instance) newPredeclared() starlark.StringDict {
	d := make(starlark.StringDict, len(sharedBuiltins)+4)
	for k, v := range sharedBuiltins {
		d[k] = v
	}
	d["__name__"] = starlark.String("")
	d["print"] = starlark.NewBuiltin("print", in.builtinPrint)
	d["__import__"] = starlark.NewBuiltin("__import__", in.builtinImport)
	return d
}

// builtinPrint is Python's print(*args, sep=' ', end='\n'): str() of each
// value, as bare text in the log.
func (in *instance) builtinPrint(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	sep, end := " ", "\n"
	for _, kv := range kwargs {
		k := string(kv[0].(starlark.String))
		s, isStr := kv[1].(starlark.String)
		switch {
		case k == "sep" && isStr:
			sep = string(s)
		case k == "end" && isStr:
			end = string(s)
		case (k == "sep" || k == "end") && kv[1] == starlark.None:
		case k == "flush" || k == "file":
		default:
			return nil, raise("TypeError", "'%s' is an invalid keyword argument for print()", k)
		}
	}
	var b strings.Builder
	for i, a := range args {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(pyStr(a))
		if b.Len() > maxStringBytes {
			return nil, raise("MemoryError", "print output exceeds %d bytes", maxStringBytes)
		}
	}
	b.WriteString(end)
	in.write(b.String())
	return starlark.None, nil
}

// write adds text to stdout: complete lines go to the log, a partial line
// waits for its end (print(..., end="")) or the end of the call.
func (in *instance) write(text string) {
	if in.call == nil {
		return
	}
	text = in.pending + text
	i := strings.LastIndexByte(text, '\n')
	if i < 0 {
		in.pending = text
		if len(in.pending) > maxStringBytes {
			in.flushOutput()
		}
		return
	}
	in.pending = text[i+1:]
	in.logText(text[:i])
}

// flushOutput logs a pending partial line.
func (in *instance) flushOutput() {
	if in.pending != "" && in.call != nil {
		in.logText(in.pending)
	}
	in.pending = ""
}

// builtinImport is what import statements are rewritten to call.
func (in *instance) builtinImport(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name string
	if err := starlark.UnpackPositionalArgs("__import__", args, kwargs, 1, &name); err != nil {
		return nil, err
	}
	return in.importModule(th, name)
}

func (in *instance) importModule(th *starlark.Thread, name string) (starlark.Value, error) {
	if m, ok := in.modules[name]; ok {
		return m, nil
	}
	var m starlark.Value
	switch {
	case stdModules[name]:
		m = in.newStdModule(name)
	case in.hasFile(strings.ReplaceAll(name, ".", "/")):
		globals, err := in.loadModule(th, strings.ReplaceAll(name, ".", "/"), false)
		if err != nil {
			return nil, err
		}
		m = &starlarkstruct.Module{Name: name, Members: globals}
	default:
		return nil, raise("ModuleNotFoundError", "No module named '%s'", name)
	}
	in.modules[name] = m
	return m, nil
}

func (in *instance) hasFile(mod string) bool {
	_, ok := in.h.Config.Files[mod+".py"]
	return ok
}

// loadModule compiles and runs one of the function's own files.
func (in *instance) loadModule(th *starlark.Thread, mod string, handlerModule bool) (starlark.StringDict, error) {
	file := mod + ".py"
	src, ok := in.h.Config.Files[file]
	if !ok {
		if handlerModule {
			return nil, &moduleMissing{mod: mod}
		}
		return nil, raise("ModuleNotFoundError", "No module named '%s'", mod)
	}
	if in.loading[mod] {
		return nil, raise("ImportError", "cannot import name from partially initialized module '%s' (most likely due to a circular import)", mod)
	}
	in.loading[mod] = true
	defer delete(in.loading, mod)
	if in.sources == nil {
		in.sources = map[string][]string{}
	}
	in.sources[file] = strings.Split(src, "\n")
	prog, err := compileFile(file, src, in.predeclared.Has, in.hasFile)
	if err != nil {
		return nil, err
	}
	// __name__ is the module's import name: Lambda imports the handler's
	// module, so an if __name__ == "__main__": block does not run.
	pre := make(starlark.StringDict, len(in.predeclared))
	for k, v := range in.predeclared {
		pre[k] = v
	}
	pre["__name__"] = starlark.String(strings.ReplaceAll(mod, "/", "."))
	return prog.Init(th, pre)
}

// moduleMissing is a handler module that is not in the package.
type moduleMissing struct{ mod string }

func (e *moduleMissing) Error() string {
	return fmt.Sprintf("Unable to import module '%s': No module named '%s'", e.mod, e.mod)
}

// Limits of one value, so that a single operation cannot allocate more
// than the host can spare before the memory watchdog looks.
const (
	maxValueBytes = maxStringBytes
	maxElems      = 8 << 20
)

// sizeOf is the size that counts against the limits: bytes of a string,
// elements of a list or tuple; -1 for other values.
func sizeOf(v starlark.Value) (n int64, isElems bool) {
	switch x := v.(type) {
	case starlark.String:
		return int64(len(x)), false
	case starlark.Bytes:
		return int64(len(x)), false
	case *starlark.List:
		return int64(x.Len()), true
	case starlark.Tuple:
		return int64(len(x)), true
	}
	return -1, false
}

func tooBig(n int64, elems bool) error {
	if elems && n > maxElems {
		return raise("MemoryError", "a list of %d items is over the tutor's limit of %d items for one value", n, maxElems)
	}
	if !elems && n > maxValueBytes {
		return raise("MemoryError", "a string of %d bytes is over the tutor's limit of %d MB for one value", n, maxValueBytes>>20)
	}
	return nil
}

func builtinAdd(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	if a, ea := sizeOf(args[0]); a >= 0 {
		if b, _ := sizeOf(args[1]); b >= 0 {
			if err := tooBig(a+b, ea); err != nil {
				return nil, err
			}
		}
	}
	return starlark.Binary(syntax.PLUS, args[0], args[1])
}

func builtinMul(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	seq, num := args[0], args[1]
	if _, ok := seq.(starlark.Int); ok {
		seq, num = num, seq
	}
	if n, elems := sizeOf(seq); n >= 0 {
		if k, ok := num.(starlark.Int); ok {
			times, fits := k.Int64()
			if !fits || times > 0 && n > 0 && times > (1<<62)/n {
				return nil, tooBig(1<<62, elems)
			}
			if err := tooBig(n*max(times, 0), elems); err != nil {
				return nil, err
			}
		}
	}
	return starlark.Binary(syntax.STAR, args[0], args[1])
}

// builtinGrow checks x += y (or x *= y) before Starlark applies it in
// place; it returns y.
func builtinGrow(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	x, y := args[0], args[1]
	op, _ := args[2].(starlark.Int).Int64()
	if a, elems := sizeOf(x); a >= 0 {
		switch syntax.Token(op) {
		case syntax.PLUS_EQ:
			if b, _ := sizeOf(y); b >= 0 {
				if err := tooBig(a+b, elems); err != nil {
					return nil, err
				}
			}
		case syntax.STAR_EQ:
			if k, ok := y.(starlark.Int); ok {
				times, fits := k.Int64()
				if !fits || times > 0 && a > 0 && times > (1<<62)/a {
					return nil, tooBig(1<<62, elems)
				}
				if err := tooBig(a*max(times, 0), elems); err != nil {
					return nil, err
				}
			}
		}
	}
	return y, nil
}

// guardedSequence wraps a built-in that copies a sequence (list(range(n)))
// with the element limit.
func guardedSequence(name string) *starlark.Builtin {
	orig := starlark.Universe[name].(*starlark.Builtin)
	return starlark.NewBuiltin(name, func(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if len(args) > 0 {
			if str, ok := args[0].(starlark.String); ok {
				// list("abc") is its characters, as in Python
				args = append(starlark.Tuple{chars(str)}, args[1:]...)
			}
			if s, ok := args[0].(starlark.Sequence); ok {
				if err := tooBig(int64(s.Len()), true); err != nil {
					return nil, err
				}
			}
		}
		return starlark.Call(th, orig, args, kwargs)
	})
}

// builtinIter gives what a for loop iterates: the characters of a str
// (code points, as Python's), anything else unchanged.
func builtinIter(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	if s, ok := args[0].(starlark.String); ok {
		return chars(s), nil
	}
	return args[0], nil
}

func chars(s starlark.String) *starlark.List {
	out := make([]starlark.Value, 0, len(s))
	for _, r := range string(s) {
		out = append(out, starlark.String(string(r)))
	}
	return starlark.NewList(out)
}

// typeObject is what type() returns for a value of a built-in type: the
// same built-in the names str, int, dict ... are bound to, so that
// type(x) == dict works as in Python; repr writes it as <class 'dict'>.
func typeObject(v starlark.Value) starlark.Value {
	name := ""
	switch v.(type) {
	case starlark.String:
		name = "str"
	case starlark.Int:
		name = "int"
	case starlark.Float:
		name = "float"
	case starlark.Bool:
		name = "bool"
	case *starlark.List:
		name = "list"
	case starlark.Tuple:
		name = "tuple"
	case *starlark.Dict:
		name = "dict"
	case *starlark.Set:
		name = "set"
	case starlark.Bytes:
		name = "bytes"
	default:
		return nil
	}
	if t, ok := sharedBuiltins[name]; ok {
		return t
	}
	return starlark.Universe[name]
}

func builtinType(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 1 || len(kwargs) > 0 {
		return nil, raise("TypeError", "type() takes 1 argument")
	}
	if t := typeObject(args[0]); t != nil {
		return t, nil
	}
	return &typeValue{name: typeName(args[0])}, nil
}

// typeValue is the type of a value without a built-in constructor
// (NoneType, function, datetime ...): it prints and compares by name.
type typeValue struct{ name string }

func (t *typeValue) String() string        { return "<class '" + t.name + "'>" }
func (t *typeValue) pyRepr() string        { return t.String() }
func (t *typeValue) Type() string          { return "type" }
func (t *typeValue) Freeze()               {}
func (t *typeValue) Truth() starlark.Bool  { return true }
func (t *typeValue) Hash() (uint32, error) { return starlark.String(t.name).Hash() }
func (t *typeValue) CompareSameType(op syntax.Token, y starlark.Value, _ int) (bool, error) {
	switch op {
	case syntax.EQL:
		return t.name == y.(*typeValue).name, nil
	case syntax.NEQ:
		return t.name != y.(*typeValue).name, nil
	}
	return false, raise("TypeError", "'<' not supported between instances of 'type' and 'type'")
}

// isTypeBuiltin tells the built-ins that stand for types.
func isTypeBuiltin(b *starlark.Builtin) bool {
	switch b.Name() {
	case "str", "int", "float", "bool", "list", "tuple", "dict", "set", "bytes":
		return sharedBuiltins[b.Name()] == b || starlark.Universe[b.Name()] == b
	}
	return false
}
