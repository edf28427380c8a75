package python

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"math"
	"math/big"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

type builtinFn = func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error)

func module(name string, members map[string]any) *starlarkstruct.Module {
	m := &starlarkstruct.Module{Name: name, Members: starlark.StringDict{}}
	for k, v := range members {
		switch f := v.(type) {
		case builtinFn:
			m.Members[k] = starlark.NewBuiltin(k, f)
		case starlark.Value:
			m.Members[k] = f
		default:
			panic(fmt.Sprintf("module %s: member %s has type %T", name, k, v))
		}
	}
	return m
}

// newStdModule builds one of the modules written in Go for this instance.
func (in *instance) newStdModule(name string) starlark.Value {
	switch name {
	case "json":
		return newJSONModule(in.newerJSON())
	case "os":
		return in.newOSModule()
	case "time":
		return in.newTimeModule()
	case "logging":
		return in.newLoggingModule()
	case "base64":
		return newBase64Module()
	case "hashlib":
		return newHashlibModule()
	case "uuid":
		return in.newUUIDModule()
	case "urllib":
		return module("urllib", map[string]any{"parse": newURLParseModule()})
	case "urllib.parse":
		return newURLParseModule()
	case "math":
		return newMathModule()
	case "random":
		return in.newRandomModule()
	case "datetime":
		return in.newDatetimeModule()
	case "re":
		return newReModule()
	case "typing":
		m := module("typing", nil)
		for _, n := range []string{"Any", "Dict", "List", "Optional", "Union", "Tuple", "Set", "Callable", "Mapping", "Sequence", "Iterable", "TypedDict", "Literal"} {
			m.Members[n] = starlark.None
		}
		return m
	}
	panic("python: no module " + name)
}

// os: the function's environment (Lambda's variables and its own), never
// the host's.
func (in *instance) newOSModule() *starlarkstruct.Module {
	env := starlark.NewDict(len(in.h.Env))
	keys := make([]string, 0, len(in.h.Env))
	for k := range in.h.Env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		_ = env.SetKey(starlark.String(k), starlark.String(in.h.Env[k]))
	}
	getenv := func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var key string
		var def starlark.Value = starlark.None
		if err := starlark.UnpackArgs("getenv", args, kwargs, "key", &key, "default?", &def); err != nil {
			return nil, err
		}
		v, found, _ := env.Get(starlark.String(key))
		if !found {
			return def, nil
		}
		return v, nil
	}
	return module("os", map[string]any{"environ": env, "getenv": builtinFn(getenv), "sep": starlark.String("/"),
		"linesep": starlark.String("\n"), "name": starlark.String("posix")})
}

// time: time() and sleep() on the virtual clock.
func (in *instance) newTimeModule() *starlarkstruct.Module {
	seconds := func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackPositionalArgs("time", args, kwargs, 0); err != nil {
			return nil, err
		}
		return starlark.Float(float64(in.now().UnixNano()) / 1e9), nil
	}
	return module("time", map[string]any{
		"time":         builtinFn(seconds),
		"monotonic":    builtinFn(seconds),
		"perf_counter": builtinFn(seconds),
		"time_ns": builtinFn(func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return starlark.MakeInt64(in.now().UnixNano()), nil
		}),
		"sleep": builtinFn(func(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var s starlark.Value
			if err := starlark.UnpackPositionalArgs("sleep", args, kwargs, 1, &s); err != nil {
				return nil, err
			}
			f, err := toFloat(s)
			if err != nil {
				return nil, raise("TypeError", "'%s' object cannot be interpreted as an integer", typeName(s))
			}
			if f < 0 {
				return nil, raise("ValueError", "sleep length must be non-negative")
			}
			if in.call == nil {
				return starlark.None, nil
			}
			in.flush()
			if err := in.call.Wait(time.Duration(f * float64(time.Second))); err != nil {
				return nil, err
			}
			in.limitSteps()
			return starlark.None, nil
		}),
	})
}

// Python's logging levels.
const (
	levelNotSet   = 0
	levelDebug    = 10
	levelInfo     = 20
	levelWarning  = 30
	levelError    = 40
	levelCritical = 50
)

var levelNames = map[int]string{levelDebug: "DEBUG", levelInfo: "INFO", levelWarning: "WARNING", levelError: "ERROR", levelCritical: "CRITICAL"}

// logger is a logging.Logger: its records go to the log as Lambda's
// Python runtime writes them, "[LEVEL]\t<time>\t<request id>\t<message>".
type logger struct {
	in    *instance
	name  string
	level int
	root  bool
}

func (l *logger) String() string {
	return fmt.Sprintf("<Logger %s (%s)>", l.name, levelNames[l.effective()])
}
func (l *logger) Type() string          { return "Logger" }
func (l *logger) Freeze()               {}
func (l *logger) Truth() starlark.Bool  { return true }
func (l *logger) Hash() (uint32, error) { return 0, raise("TypeError", "unhashable type: 'Logger'") }
func (l *logger) AttrNames() []string {
	return []string{"critical", "debug", "error", "exception", "getEffectiveLevel", "info", "level", "name", "setLevel", "warn", "warning"}
}

func (l *logger) effective() int {
	if l.root {
		return l.in.logLevel
	}
	if l.level != levelNotSet {
		return l.level
	}
	return l.in.logLevel
}

func (l *logger) Attr(name string) (starlark.Value, error) {
	emit := func(level int) starlark.Value {
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return l.log(level, args)
		})
	}
	switch name {
	case "debug":
		return emit(levelDebug), nil
	case "info":
		return emit(levelInfo), nil
	case "warning", "warn":
		return emit(levelWarning), nil
	case "error", "exception":
		return emit(levelError), nil
	case "critical":
		return emit(levelCritical), nil
	case "name":
		return starlark.String(l.name), nil
	case "level":
		if l.root {
			return starlark.MakeInt(l.in.logLevel), nil
		}
		return starlark.MakeInt(l.level), nil
	case "getEffectiveLevel":
		return starlark.NewBuiltin(name, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.MakeInt(l.effective()), nil
		}), nil
	case "setLevel":
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var lv starlark.Value
			if err := starlark.UnpackPositionalArgs("setLevel", args, kwargs, 1, &lv); err != nil {
				return nil, err
			}
			n, err := parseLevel(lv)
			if err != nil {
				return nil, err
			}
			if l.root {
				l.in.logLevel = n
			} else {
				l.level = n
			}
			return starlark.None, nil
		}), nil
	}
	return nil, nil
}

func parseLevel(v starlark.Value) (int, error) {
	switch x := v.(type) {
	case starlark.Int:
		n, _ := x.Int64()
		return int(n), nil
	case starlark.String:
		for n, name := range levelNames {
			if name == strings.ToUpper(string(x)) {
				return n, nil
			}
		}
		return 0, raise("ValueError", "Unknown level: %s", quoteString(string(x)))
	}
	return 0, raise("TypeError", "Level not an integer or a valid string: %s", pyRepr(v))
}

func (l *logger) log(level int, args starlark.Tuple) (starlark.Value, error) {
	if len(args) == 0 {
		return nil, raise("TypeError", "missing 1 required positional argument: 'msg'")
	}
	if level < l.effective() {
		return starlark.None, nil
	}
	msg := pyStr(args[0])
	if len(args) > 1 {
		var fa starlark.Value = args[1:]
		if len(args) == 2 {
			if d, ok := args[1].(*starlark.Dict); ok {
				fa = d
			}
		}
		r, err := percentFormat(msg, fa)
		if err != nil {
			return nil, err
		}
		msg = string(r.(starlark.String))
	}
	in := l.in
	if in.call == nil {
		return starlark.None, nil
	}
	in.flushOutput()
	in.call.Log("[" + levelNames[level] + "]\t" + sandbox.FormatLogTime(in.now()) + "\t" + in.requestID() + "\t" + msg)
	return starlark.None, nil
}

func (in *instance) newLoggingModule() *starlarkstruct.Module {
	root := &logger{in: in, name: "root", root: true}
	loggers := map[string]*logger{}
	m := module("logging", map[string]any{
		"DEBUG": starlark.MakeInt(levelDebug), "INFO": starlark.MakeInt(levelInfo), "WARNING": starlark.MakeInt(levelWarning),
		"WARN": starlark.MakeInt(levelWarning), "ERROR": starlark.MakeInt(levelError), "CRITICAL": starlark.MakeInt(levelCritical),
		"NOTSET": starlark.MakeInt(levelNotSet),
		"getLogger": builtinFn(func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var name starlark.Value = starlark.None
			if err := starlark.UnpackPositionalArgs("getLogger", args, kwargs, 0, &name); err != nil {
				return nil, err
			}
			s, ok := name.(starlark.String)
			if !ok || s == "" || s == "root" {
				return root, nil
			}
			if l, ok := loggers[string(s)]; ok {
				return l, nil
			}
			l := &logger{in: in, name: string(s)}
			loggers[string(s)] = l
			return l, nil
		}),
		"basicConfig": builtinFn(func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			for _, kv := range kwargs {
				if string(kv[0].(starlark.String)) == "level" {
					n, err := parseLevel(kv[1])
					if err != nil {
						return nil, err
					}
					in.logLevel = n
				}
			}
			return starlark.None, nil
		}),
	})
	for _, n := range []string{"debug", "info", "warning", "warn", "error", "exception", "critical"} {
		v, _ := root.Attr(n)
		m.Members[n] = v
	}
	return m
}

func bytesArg(fn string, v starlark.Value, allowStr bool) ([]byte, error) {
	switch x := v.(type) {
	case starlark.Bytes:
		return []byte(x), nil
	case starlark.String:
		if allowStr {
			return []byte(x), nil
		}
		return nil, raise("TypeError", "a bytes-like object is required, not 'str'")
	}
	return nil, raise("TypeError", "a bytes-like object is required, not '%s'", typeName(v))
}

func newBase64Module() *starlarkstruct.Module {
	enc := func(name string, e *base64.Encoding) builtinFn {
		return func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var s starlark.Value
			if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &s); err != nil {
				return nil, err
			}
			b, err := bytesArg(name, s, false)
			if err != nil {
				return nil, err
			}
			return starlark.Bytes(e.EncodeToString(b)), nil
		}
	}
	dec := func(name string, e *base64.Encoding) builtinFn {
		return func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var s starlark.Value
			if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &s); err != nil {
				return nil, err
			}
			b, err := bytesArg(name, s, true)
			if err != nil {
				return nil, err
			}
			// Python discards characters outside the alphabet.
			clean := strings.Map(func(r rune) rune {
				if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '=' ||
					(e == base64.URLEncoding && (r == '-' || r == '_')) || (e == base64.StdEncoding && (r == '+' || r == '/')) {
					return r
				}
				return -1
			}, string(b))
			out, err := e.DecodeString(clean)
			if err != nil {
				if strings.TrimRight(clean, "=") != clean || len(clean)%4 != 0 {
					return nil, raise("Error", "Incorrect padding")
				}
				return nil, raise("Error", "Invalid base64-encoded string")
			}
			return starlark.Bytes(out), nil
		}
	}
	return module("base64", map[string]any{
		"b64encode": enc("b64encode", base64.StdEncoding), "b64decode": dec("b64decode", base64.StdEncoding),
		"urlsafe_b64encode": enc("urlsafe_b64encode", base64.URLEncoding), "urlsafe_b64decode": dec("urlsafe_b64decode", base64.URLEncoding),
		"standard_b64encode": enc("standard_b64encode", base64.StdEncoding), "standard_b64decode": dec("standard_b64decode", base64.StdEncoding),
	})
}

// hashObject is a hashlib hash: update(), hexdigest(), digest().
type hashObject struct {
	name string
	h    hash.Hash
}

func (o *hashObject) String() string        { return "<" + o.name + " _hashlib.HASH object>" }
func (o *hashObject) Type() string          { return "HASH" }
func (o *hashObject) Freeze()               {}
func (o *hashObject) Truth() starlark.Bool  { return true }
func (o *hashObject) Hash() (uint32, error) { return 0, raise("TypeError", "unhashable type: 'HASH'") }
func (o *hashObject) AttrNames() []string {
	return []string{"digest", "digest_size", "hexdigest", "name", "update"}
}
func (o *hashObject) Attr(name string) (starlark.Value, error) {
	switch name {
	case "name":
		return starlark.String(o.name), nil
	case "digest_size":
		return starlark.MakeInt(o.h.Size()), nil
	case "hexdigest":
		return starlark.NewBuiltin(name, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.String(hex.EncodeToString(o.h.Sum(nil))), nil
		}), nil
	case "digest":
		return starlark.NewBuiltin(name, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.Bytes(o.h.Sum(nil)), nil
		}), nil
	case "update":
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var s starlark.Value
			if err := starlark.UnpackPositionalArgs("update", args, kwargs, 1, &s); err != nil {
				return nil, err
			}
			b, err := hashData(s)
			if err != nil {
				return nil, err
			}
			o.h.Write(b)
			return starlark.None, nil
		}), nil
	}
	return nil, nil
}

func hashData(v starlark.Value) ([]byte, error) {
	switch x := v.(type) {
	case starlark.Bytes:
		return []byte(x), nil
	case starlark.String:
		return nil, raise("TypeError", "Strings must be encoded before hashing")
	}
	return nil, raise("TypeError", "object supporting the buffer API required")
}

func newHashlibModule() *starlarkstruct.Module {
	ctor := func(name string, mk func() hash.Hash) builtinFn {
		return func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var s starlark.Value = starlark.Bytes("")
			for _, kv := range kwargs {
				if string(kv[0].(starlark.String)) == "usedforsecurity" {
					continue
				}
				return nil, raise("TypeError", "%s() got an unexpected keyword argument '%s'", name, kv[0].(starlark.String))
			}
			if err := starlark.UnpackPositionalArgs(name, args, nil, 0, &s); err != nil {
				return nil, err
			}
			b, err := hashData(s)
			if err != nil {
				return nil, err
			}
			h := mk()
			h.Write(b)
			return &hashObject{name: name, h: h}, nil
		}
	}
	return module("hashlib", map[string]any{
		"md5": ctor("md5", md5.New), "sha1": ctor("sha1", sha1.New), "sha256": ctor("sha256", sha256.New),
		"sha224": ctor("sha224", sha256.New224), "sha512": ctor("sha512", sha512.New), "sha384": ctor("sha384", sha512.New384),
	})
}

// uuidValue is a uuid.UUID: str() gives the hyphenated form.
type uuidValue struct{ b [16]byte }

func (u *uuidValue) pyStr() string {
	h := hex.EncodeToString(u.b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
func (u *uuidValue) pyRepr() string        { return "UUID('" + u.pyStr() + "')" }
func (u *uuidValue) String() string        { return u.pyStr() }
func (u *uuidValue) Type() string          { return "UUID" }
func (u *uuidValue) Freeze()               {}
func (u *uuidValue) Truth() starlark.Bool  { return true }
func (u *uuidValue) Hash() (uint32, error) { return starlark.String(u.pyStr()).Hash() }
func (u *uuidValue) AttrNames() []string   { return []string{"hex", "version"} }
func (u *uuidValue) Attr(name string) (starlark.Value, error) {
	switch name {
	case "hex":
		return starlark.String(hex.EncodeToString(u.b[:])), nil
	case "version":
		return starlark.MakeInt(int(u.b[6] >> 4)), nil
	}
	return nil, nil
}

// uuid.uuid4 draws from the environment's seeded source, so ids repeat
// from run to run in deterministic mode.
func (in *instance) newUUIDModule() *starlarkstruct.Module {
	return module("uuid", map[string]any{
		"uuid4": builtinFn(func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs("uuid4", args, kwargs, 0); err != nil {
				return nil, err
			}
			u := &uuidValue{}
			for i := 0; i < 16; i += 8 {
				v := in.rng().Uint64()
				for j := 0; j < 8; j++ {
					u.b[i+j] = byte(v >> (8 * j))
				}
			}
			u.b[6] = u.b[6]&0x0f | 0x40
			u.b[8] = u.b[8]&0x3f | 0x80
			return u, nil
		}),
	})
}

// rng is the instance's random source: the environment's seeded one, or
// the one random.seed() made.
func (in *instance) rng() *rand.Rand {
	if in.seeded != nil {
		return in.seeded
	}
	return in.h.Rand
}

func (in *instance) newRandomModule() *starlarkstruct.Module {
	intArg := func(v starlark.Value, what string) (int64, error) { return toInt64(v, what) }
	return module("random", map[string]any{
		"random": builtinFn(func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.Float(in.rng().Float64()), nil
		}),
		"seed": builtinFn(func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var s starlark.Value = starlark.None
			if err := starlark.UnpackPositionalArgs("seed", args, kwargs, 0, &s); err != nil {
				return nil, err
			}
			h, err := s.Hash()
			if err != nil {
				return nil, err
			}
			if i, ok := s.(starlark.Int); ok {
				n, _ := i.Uint64()
				h = uint32(n) ^ uint32(n>>32)
			}
			in.seeded = rand.New(rand.NewPCG(uint64(h), 0x9e3779b97f4a7c15))
			return starlark.None, nil
		}),
		"randint": builtinFn(func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var a, b starlark.Value
			if err := starlark.UnpackPositionalArgs("randint", args, kwargs, 2, &a, &b); err != nil {
				return nil, err
			}
			lo, err := intArg(a, "a")
			if err != nil {
				return nil, err
			}
			hi, err := intArg(b, "b")
			if err != nil {
				return nil, err
			}
			if hi < lo {
				return nil, raise("ValueError", "empty range in randrange(%d, %d)", lo, hi+1)
			}
			return starlark.MakeInt64(lo + in.rng().Int64N(hi-lo+1)), nil
		}),
		"randrange": builtinFn(func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var a, b, st starlark.Value = nil, starlark.None, starlark.MakeInt(1)
			if err := starlark.UnpackPositionalArgs("randrange", args, kwargs, 1, &a, &b, &st); err != nil {
				return nil, err
			}
			start, err := intArg(a, "start")
			if err != nil {
				return nil, err
			}
			stop := start
			if b == starlark.None {
				start = 0
			} else if stop, err = intArg(b, "stop"); err != nil {
				return nil, err
			}
			step, err := intArg(st, "step")
			if err != nil {
				return nil, err
			}
			if step == 0 {
				return nil, raise("ValueError", "zero step for randrange()")
			}
			n := (stop - start + step - sign64(step)) / step
			if n <= 0 {
				return nil, raise("ValueError", "empty range in randrange(%d, %d, %d)", start, stop, step)
			}
			return starlark.MakeInt64(start + step*in.rng().Int64N(n)), nil
		}),
		"uniform": builtinFn(func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var a, b starlark.Value
			if err := starlark.UnpackPositionalArgs("uniform", args, kwargs, 2, &a, &b); err != nil {
				return nil, err
			}
			fa, err := toFloat(a)
			if err != nil {
				return nil, err
			}
			fb, err := toFloat(b)
			if err != nil {
				return nil, err
			}
			return starlark.Float(fa + (fb-fa)*in.rng().Float64()), nil
		}),
		"choice": builtinFn(func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var seq starlark.Indexable
			if err := starlark.UnpackPositionalArgs("choice", args, kwargs, 1, &seq); err != nil {
				return nil, err
			}
			if seq.Len() == 0 {
				return nil, raise("IndexError", "Cannot choose from an empty sequence")
			}
			return seq.Index(in.rng().IntN(seq.Len())), nil
		}),
		"shuffle": builtinFn(func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var l *starlark.List
			if err := starlark.UnpackPositionalArgs("shuffle", args, kwargs, 1, &l); err != nil {
				return nil, err
			}
			for i := l.Len() - 1; i > 0; i-- {
				j := in.rng().IntN(i + 1)
				a, b := l.Index(i), l.Index(j)
				if err := l.SetIndex(i, b); err != nil {
					return nil, err
				}
				_ = l.SetIndex(j, a)
			}
			return starlark.None, nil
		}),
		"sample": builtinFn(func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var seq starlark.Indexable
			var k int
			if err := starlark.UnpackArgs("sample", args, kwargs, "population", &seq, "k", &k); err != nil {
				return nil, err
			}
			if k < 0 || k > seq.Len() {
				return nil, raise("ValueError", "Sample larger than population or is negative")
			}
			idx := in.rng().Perm(seq.Len())[:k]
			out := make([]starlark.Value, k)
			for i, j := range idx {
				out[i] = seq.Index(j)
			}
			return starlark.NewList(out), nil
		}),
	})
}

func sign64(n int64) int64 {
	if n < 0 {
		return -1
	}
	return 1
}

// math: Python's functions, with ValueError("math domain error") where
// Python raises it.
func newMathModule() *starlarkstruct.Module {
	unary := func(name string, f func(float64) float64, domain func(float64) bool) builtinFn {
		return func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var x starlark.Value
			if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &x); err != nil {
				return nil, err
			}
			v, err := toFloat(x)
			if err != nil {
				return nil, err
			}
			if domain != nil && !domain(v) {
				return nil, raise("ValueError", "math domain error")
			}
			return starlark.Float(f(v)), nil
		}
	}
	toInt := func(name string, f func(float64) float64) builtinFn {
		return func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var x starlark.Value
			if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &x); err != nil {
				return nil, err
			}
			if i, ok := x.(starlark.Int); ok {
				return i, nil
			}
			v, err := toFloat(x)
			if err != nil {
				return nil, err
			}
			if math.IsInf(v, 0) {
				return nil, raise("OverflowError", "cannot convert float infinity to integer")
			}
			if math.IsNaN(v) {
				return nil, raise("ValueError", "cannot convert float NaN to integer")
			}
			r, _ := big.NewFloat(f(v)).Int(nil)
			return starlark.MakeBigInt(r), nil
		}
	}
	pred := func(name string, f func(float64) bool) builtinFn {
		return func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var x starlark.Value
			if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &x); err != nil {
				return nil, err
			}
			v, err := toFloat(x)
			if err != nil {
				return nil, err
			}
			return starlark.Bool(f(v)), nil
		}
	}
	positive := func(x float64) bool { return x > 0 }
	return module("math", map[string]any{
		"pi": starlark.Float(math.Pi), "e": starlark.Float(math.E), "tau": starlark.Float(2 * math.Pi),
		"inf": starlark.Float(math.Inf(1)), "nan": starlark.Float(math.NaN()),
		"floor": toInt("floor", math.Floor), "ceil": toInt("ceil", math.Ceil), "trunc": toInt("trunc", math.Trunc),
		"sqrt":    unary("sqrt", math.Sqrt, func(x float64) bool { return x >= 0 }),
		"exp":     unary("exp", math.Exp, nil),
		"log10":   unary("log10", math.Log10, positive),
		"log2":    unary("log2", math.Log2, positive),
		"fabs":    unary("fabs", math.Abs, nil),
		"sin":     unary("sin", math.Sin, nil),
		"cos":     unary("cos", math.Cos, nil),
		"tan":     unary("tan", math.Tan, nil),
		"atan":    unary("atan", math.Atan, nil),
		"degrees": unary("degrees", func(x float64) float64 { return x * 180 / math.Pi }, nil),
		"radians": unary("radians", func(x float64) float64 { return x * math.Pi / 180 }, nil),
		"isnan":   pred("isnan", math.IsNaN),
		"isinf":   pred("isinf", func(x float64) bool { return math.IsInf(x, 0) }),
		"isfinite": pred("isfinite", func(x float64) bool {
			return !math.IsInf(x, 0) && !math.IsNaN(x)
		}),
		"log": builtinFn(func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var x, base starlark.Value = nil, starlark.None
			if err := starlark.UnpackPositionalArgs("log", args, kwargs, 1, &x, &base); err != nil {
				return nil, err
			}
			v, err := toFloat(x)
			if err != nil {
				return nil, err
			}
			if v <= 0 {
				return nil, raise("ValueError", "math domain error")
			}
			if base == starlark.None {
				return starlark.Float(math.Log(v)), nil
			}
			b, err := toFloat(base)
			if err != nil {
				return nil, err
			}
			if b <= 0 || b == 1 {
				return nil, raise("ValueError", "math domain error")
			}
			return starlark.Float(math.Log(v) / math.Log(b)), nil
		}),
		"pow": builtinFn(func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var x, y starlark.Value
			if err := starlark.UnpackPositionalArgs("pow", args, kwargs, 2, &x, &y); err != nil {
				return nil, err
			}
			a, err := toFloat(x)
			if err != nil {
				return nil, err
			}
			b, err := toFloat(y)
			if err != nil {
				return nil, err
			}
			if a < 0 && b != math.Trunc(b) || a == 0 && b < 0 {
				return nil, raise("ValueError", "math domain error")
			}
			return starlark.Float(math.Pow(a, b)), nil
		}),
		"hypot": builtinFn(func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			sum := 0.0
			for _, a := range args {
				v, err := toFloat(a)
				if err != nil {
					return nil, err
				}
				sum = math.Hypot(sum, v)
			}
			return starlark.Float(sum), nil
		}),
		"atan2": builtinFn(func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var y, x starlark.Value
			if err := starlark.UnpackPositionalArgs("atan2", args, kwargs, 2, &y, &x); err != nil {
				return nil, err
			}
			a, err := toFloat(y)
			if err != nil {
				return nil, err
			}
			b, err := toFloat(x)
			if err != nil {
				return nil, err
			}
			return starlark.Float(math.Atan2(a, b)), nil
		}),
		"isclose": builtinFn(func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var x, y starlark.Value
			var rel, abs starlark.Value = starlark.Float(1e-9), starlark.Float(0)
			if err := starlark.UnpackArgs("isclose", args, kwargs, "a", &x, "b", &y, "rel_tol?", &rel, "abs_tol?", &abs); err != nil {
				return nil, err
			}
			a, _ := toFloat(x)
			b, _ := toFloat(y)
			r, _ := toFloat(rel)
			t, _ := toFloat(abs)
			if a == b {
				return starlark.True, nil
			}
			d := math.Abs(a - b)
			return starlark.Bool(d <= r*math.Abs(a) || d <= r*math.Abs(b) || d <= t), nil
		}),
		"factorial": builtinFn(func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var x starlark.Value
			if err := starlark.UnpackPositionalArgs("factorial", args, kwargs, 1, &x); err != nil {
				return nil, err
			}
			n, err := toInt64(x, "factorial() argument")
			if err != nil {
				return nil, err
			}
			if n < 0 {
				return nil, raise("ValueError", "factorial() not defined for negative values")
			}
			if n > 20000 {
				return nil, raise("MemoryError", "factorial(%d) is too large for the tutor", n)
			}
			return starlark.MakeBigInt(new(big.Int).MulRange(1, n)), nil
		}),
		"gcd": builtinFn(func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			g := big.NewInt(0)
			for _, a := range args {
				b, ok := asBigInt(a)
				if !ok {
					return nil, raise("TypeError", "'%s' object cannot be interpreted as an integer", typeName(a))
				}
				g.GCD(nil, nil, g, new(big.Int).Abs(b))
			}
			return starlark.MakeBigInt(g), nil
		}),
		"fsum": builtinFn(func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var it starlark.Iterable
			if err := starlark.UnpackPositionalArgs("fsum", args, kwargs, 1, &it); err != nil {
				return nil, err
			}
			// exact summation with big floats, rounded once, as fsum is
			sum := new(big.Float).SetPrec(2048)
			iter := it.Iterate()
			defer iter.Done()
			var v starlark.Value
			for iter.Next(&v) {
				f, err := toFloat(v)
				if err != nil {
					return nil, err
				}
				sum.Add(sum, new(big.Float).SetPrec(2048).SetFloat64(f))
			}
			r, _ := sum.Float64()
			return starlark.Float(r), nil
		}),
	})
}
