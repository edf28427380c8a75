package nodejs

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"path"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/dop251/goja"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

// builtinModules are the Node.js modules the sandbox offers. Those it
// cannot offer (unavailableModules) fail with a message that says why.
var builtinModules map[string]func(*instance) goja.Value

func init() {
	builtinModules = map[string]func(*instance) goja.Value{
		"util":   func(in *instance) goja.Value { return in.support().Get("util") },
		"events": func(in *instance) goja.Value { return in.support().Get("EventEmitter") },
		"buffer": func(in *instance) goja.Value {
			return in.objectOf(map[string]goja.Value{"Buffer": in.support().Get("Buffer")})
		},
		"crypto":          (*instance).cryptoModule,
		"fs":              (*instance).fsModule,
		"fs/promises":     func(in *instance) goja.Value { return in.require("fs", "").ToObject(in.vm).Get("promises") },
		"os":              (*instance).osModule,
		"path":            (*instance).pathModule,
		"timers":          (*instance).timersModule,
		"timers/promises": (*instance).timersPromisesModule,
		"querystring":     func(in *instance) goja.Value { return in.support().Get("querystring") },
		"url":             (*instance).urlModule,
		"zlib":            (*instance).zlibModule,
		"stream":          func(in *instance) goja.Value { return in.support().Get("stream") },
		"stream/promises": func(in *instance) goja.Value { return in.support().Get("stream").ToObject(in.vm).Get("promises") },
	}
}

func (in *instance) objectOf(m map[string]goja.Value) *goja.Object {
	o := in.vm.NewObject()
	for k, v := range m {
		_ = o.Set(k, v)
	}
	return o
}

// bytesOf reads a string (in an encoding) or a Buffer/TypedArray/ArrayBuffer.
func (in *instance) bytesOf(v goja.Value, enc goja.Value) []byte {
	switch x := v.Export().(type) {
	case string:
		e := "utf8"
		if enc != nil && !goja.IsUndefined(enc) {
			e = strings.ToLower(enc.String())
		}
		b, err := encodeString(x, e)
		if err != nil {
			panic(in.vm.NewTypeError(err.Error()))
		}
		return b
	case []byte:
		return x
	case goja.ArrayBuffer:
		return x.Bytes()
	}
	panic(in.newError("TypeError", "The \"data\" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received "+in.inspect(v), "ERR_INVALID_ARG_TYPE"))
}

// toBuffer wraps bytes in a Node Buffer.
func (in *instance) toBuffer(b []byte) goja.Value {
	from, _ := goja.AssertFunction(in.support().Get("Buffer").ToObject(in.vm).Get("from"))
	v, err := from(in.support().Get("Buffer"), in.vm.ToValue(in.vm.NewArrayBuffer(b)))
	if err != nil {
		panic(err)
	}
	return v
}

func (in *instance) cryptoModule() goja.Value {
	vm := in.vm
	o := vm.NewObject()
	_ = o.Set("randomUUID", func() string {
		var b [16]byte
		for i := range b {
			b[i] = byte(in.h.Rand.UintN(256))
		}
		b[6] = b[6]&0x0f | 0x40
		b[8] = b[8]&0x3f | 0x80
		h := hex.EncodeToString(b[:])
		return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
	})
	_ = o.Set("randomBytes", func(n int) goja.Value {
		if n < 0 || n > 1<<16 {
			panic(in.newError("RangeError", fmt.Sprintf("The value of \"size\" is out of range. It must be >= 0 && <= 65536. Received %d", n), "ERR_OUT_OF_RANGE"))
		}
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(in.h.Rand.UintN(256))
		}
		return in.toBuffer(b)
	})
	_ = o.Set("randomInt", func(call goja.FunctionCall) goja.Value {
		lo, hi := int64(0), call.Argument(0).ToInteger()
		if len(call.Arguments) > 1 {
			if _, ok := goja.AssertFunction(call.Argument(1)); !ok {
				lo, hi = hi, call.Argument(1).ToInteger()
			}
		}
		if hi <= lo {
			panic(in.newError("RangeError", "The value of \"max\" is out of range. It must be greater than the value of \"min\"", "ERR_OUT_OF_RANGE"))
		}
		return vm.ToValue(lo + int64(in.h.Rand.Uint64N(uint64(hi-lo))))
	})
	newHash := func(alg string, key []byte) goja.Value {
		var mk func() hash.Hash
		switch strings.ToLower(alg) {
		case "md5":
			mk = md5.New
		case "sha1":
			mk = sha1.New
		case "sha256":
			mk = sha256.New
		case "sha512":
			mk = sha512.New
		default:
			panic(in.newError("Error", "Digest method not supported", "ERR_CRYPTO_INVALID_DIGEST"))
		}
		var h hash.Hash
		if key != nil {
			h = hmac.New(mk, key)
		} else {
			h = mk()
		}
		obj := vm.NewObject()
		done := false
		_ = obj.Set("update", func(call goja.FunctionCall) goja.Value {
			if done {
				panic(in.newError("Error", "Digest already called", "ERR_CRYPTO_HASH_FINALIZED"))
			}
			h.Write(in.bytesOf(call.Argument(0), call.Argument(1)))
			return obj
		})
		_ = obj.Set("digest", func(call goja.FunctionCall) goja.Value {
			if done {
				panic(in.newError("Error", "Digest already called", "ERR_CRYPTO_HASH_FINALIZED"))
			}
			done = true
			sum := h.Sum(nil)
			if enc := call.Argument(0); !goja.IsUndefined(enc) {
				return vm.ToValue(decodeBytes(sum, strings.ToLower(enc.String())))
			}
			return in.toBuffer(sum)
		})
		return obj
	}
	_ = o.Set("createHash", func(alg string) goja.Value { return newHash(alg, nil) })
	_ = o.Set("createHmac", func(call goja.FunctionCall) goja.Value {
		return newHash(call.Argument(0).String(), in.bytesOf(call.Argument(1), nil))
	})
	_ = o.Set("timingSafeEqual", func(a, b goja.Value) bool {
		x, y := in.bytesOf(a, nil), in.bytesOf(b, nil)
		if len(x) != len(y) {
			panic(in.newError("RangeError", "Input buffers must have the same byte length", "ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH"))
		}
		return subtle.ConstantTimeCompare(x, y) == 1
	})
	_ = o.Set("getRandomValues", func(v goja.Value) goja.Value {
		if b, ok := v.Export().([]byte); ok {
			for i := range b {
				b[i] = byte(in.h.Rand.UintN(256))
			}
		}
		return v
	})
	return o
}

// fsError turns a sandbox file error into Node's error object.
func (in *instance) fsError(err error) *goja.Object {
	var fe *sandbox.FSError
	if !errors.As(err, &fe) {
		return in.newError("Error", err.Error(), "")
	}
	o := in.newError("Error", fe.Error(), fe.Code)
	_ = o.Set("errno", -fe.Errno)
	_ = o.Set("syscall", fe.Syscall)
	_ = o.Set("path", fe.Path)
	return o
}

// encodingArg reads fs's options argument: "utf8" or {encoding: "utf8"}.
func encodingArg(v goja.Value) string {
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return ""
	}
	if o, ok := v.(*goja.Object); ok {
		if e := o.Get("encoding"); e != nil && !goja.IsUndefined(e) && !goja.IsNull(e) {
			return e.String()
		}
		return ""
	}
	return v.String()
}

// fsModule is fs over the environment's /tmp (and the read-only code).
func (in *instance) fsModule() goja.Value {
	vm := in.vm
	fs := in.h.FS
	o := vm.NewObject()
	sync := map[string]func(call goja.FunctionCall) (goja.Value, error){
		"readFile": func(call goja.FunctionCall) (goja.Value, error) {
			b, err := fs.ReadFile(call.Argument(0).String())
			if err != nil {
				return nil, err
			}
			if enc := encodingArg(call.Argument(1)); enc != "" {
				return vm.ToValue(decodeBytes(b, strings.ToLower(enc))), nil
			}
			return in.toBuffer(b), nil
		},
		"writeFile": func(call goja.FunctionCall) (goja.Value, error) {
			return goja.Undefined(), fs.WriteFile(call.Argument(0).String(), in.bytesOf(call.Argument(1), vm.ToValue(orUTF8(encodingArg(call.Argument(2))))))
		},
		"appendFile": func(call goja.FunctionCall) (goja.Value, error) {
			return goja.Undefined(), fs.AppendFile(call.Argument(0).String(), in.bytesOf(call.Argument(1), vm.ToValue(orUTF8(encodingArg(call.Argument(2))))))
		},
		"mkdir": func(call goja.FunctionCall) (goja.Value, error) {
			rec := false
			if opt, ok := call.Argument(1).(*goja.Object); ok {
				rec = opt.Get("recursive") != nil && opt.Get("recursive").ToBoolean()
			}
			return goja.Undefined(), fs.Mkdir(call.Argument(0).String(), rec)
		},
		"readdir": func(call goja.FunctionCall) (goja.Value, error) {
			names, err := fs.ReadDir(call.Argument(0).String())
			if err != nil {
				return nil, err
			}
			return vm.ToValue(names), nil
		},
		"unlink": func(call goja.FunctionCall) (goja.Value, error) {
			return goja.Undefined(), fs.Remove(call.Argument(0).String())
		},
		"rmdir": func(call goja.FunctionCall) (goja.Value, error) {
			return goja.Undefined(), fs.Remove(call.Argument(0).String())
		},
		"stat": func(call goja.FunctionCall) (goja.Value, error) {
			isDir, size, err := fs.Stat(call.Argument(0).String())
			if err != nil {
				return nil, err
			}
			st := vm.NewObject()
			_ = st.Set("size", size)
			_ = st.Set("isDirectory", func() bool { return isDir })
			_ = st.Set("isFile", func() bool { return !isDir })
			return st, nil
		},
	}
	promises := vm.NewObject()
	for name, fn := range sync {
		fn := fn
		_ = o.Set(name+"Sync", func(call goja.FunctionCall) goja.Value {
			v, err := fn(call)
			if err != nil {
				panic(in.fsError(err))
			}
			return v
		})
		_ = promises.Set(name, func(call goja.FunctionCall) goja.Value {
			p, resolve, reject := vm.NewPromise()
			if v, err := fn(call); err != nil {
				_ = reject(in.fsError(err))
			} else {
				_ = resolve(v)
			}
			return vm.ToValue(p)
		})
		_ = o.Set(name, func(call goja.FunctionCall) goja.Value {
			cb, ok := goja.AssertFunction(call.Argument(len(call.Arguments) - 1))
			if !ok {
				panic(in.newError("TypeError", "The \"cb\" argument must be of type function. Received "+in.inspect(call.Argument(len(call.Arguments)-1)), "ERR_INVALID_ARG_TYPE"))
			}
			call.Arguments = call.Arguments[:len(call.Arguments)-1]
			v, err := fn(call)
			args := []goja.Value{goja.Null(), v}
			if err != nil {
				args = []goja.Value{in.fsError(err)}
			}
			in.addTimer(0, cb, args)
			return goja.Undefined()
		})
	}
	_ = o.Set("existsSync", func(p string) bool {
		_, _, err := fs.Stat(p)
		return err == nil
	})
	_ = o.Set("rmSync", func(call goja.FunctionCall) goja.Value {
		if err := fs.Remove(call.Argument(0).String()); err != nil {
			force := false
			if opt, ok := call.Argument(1).(*goja.Object); ok && opt.Get("force") != nil {
				force = opt.Get("force").ToBoolean()
			}
			if !force {
				panic(in.fsError(err))
			}
		}
		return goja.Undefined()
	})
	_ = o.Set("promises", promises)
	return o
}

func orUTF8(s string) string {
	if s == "" {
		return "utf8"
	}
	return s
}

func (in *instance) pathModule() goja.Value {
	vm := in.vm
	o := vm.NewObject()
	_ = o.Set("sep", "/")
	_ = o.Set("delimiter", ":")
	_ = o.Set("join", func(parts ...string) string {
		j := path.Join(parts...)
		if j == "" {
			return "."
		}
		return j
	})
	_ = o.Set("resolve", func(parts ...string) string {
		p := sandbox.TaskRoot
		for _, s := range parts {
			if strings.HasPrefix(s, "/") {
				p = s
			} else if s != "" {
				p = p + "/" + s
			}
		}
		return path.Clean(p)
	})
	_ = o.Set("normalize", path.Clean)
	_ = o.Set("isAbsolute", path.IsAbs)
	_ = o.Set("dirname", path.Dir)
	_ = o.Set("extname", path.Ext)
	_ = o.Set("basename", func(p string, ext ...string) string {
		b := path.Base(p)
		if len(ext) > 0 {
			b = strings.TrimSuffix(b, ext[0])
		}
		return b
	})
	_ = o.Set("posix", o)
	return o
}

func (in *instance) timersModule() goja.Value {
	g := in.vm.GlobalObject()
	m := map[string]goja.Value{}
	for _, n := range []string{"setTimeout", "setInterval", "setImmediate", "clearTimeout", "clearInterval", "clearImmediate"} {
		m[n] = g.Get(n)
	}
	return in.objectOf(m)
}

// timersPromisesModule offers `await setTimeout(ms, value)`, the usual sleep.
func (in *instance) timersPromisesModule() goja.Value {
	vm := in.vm
	sleep := func(call goja.FunctionCall, immediate bool) goja.Value {
		p, resolve, _ := vm.NewPromise()
		value := call.Argument(1)
		delay := time.Millisecond
		if immediate {
			value, delay = call.Argument(0), 0
		} else if ms := call.Argument(0).ToFloat(); ms >= 1 {
			delay = time.Duration(ms * float64(time.Millisecond))
		}
		in.addTimer(delay, func(goja.Value, ...goja.Value) (goja.Value, error) { return goja.Undefined(), resolve(value) }, nil)
		return vm.ToValue(p)
	}
	o := vm.NewObject()
	_ = o.Set("setTimeout", func(call goja.FunctionCall) goja.Value { return sleep(call, false) })
	_ = o.Set("setImmediate", func(call goja.FunctionCall) goja.Value { return sleep(call, true) })
	return o
}

// encodeString encodes a JavaScript string in one of Node's encodings.
func encodeString(s, enc string) ([]byte, error) {
	switch enc {
	case "utf8", "utf-8", "":
		return []byte(s), nil
	case "hex":
		if len(s)%2 == 1 {
			s = s[:len(s)-1]
		}
		b, err := hex.DecodeString(s)
		if err != nil {
			return nil, nil
		}
		return b, nil
	case "base64", "base64url":
		s = strings.TrimRight(strings.NewReplacer("-", "+", "_", "/", "\n", "", " ", "").Replace(s), "=")
		b, err := base64.RawStdEncoding.DecodeString(s)
		if err != nil {
			return nil, nil
		}
		return b, nil
	case "latin1", "binary", "ascii":
		b := make([]byte, 0, len(s))
		for _, r := range s {
			b = append(b, byte(r))
		}
		return b, nil
	case "utf16le", "ucs2":
		u := utf16.Encode([]rune(s))
		b := make([]byte, 0, 2*len(u))
		for _, c := range u {
			b = append(b, byte(c), byte(c>>8))
		}
		return b, nil
	}
	return nil, unknownEncoding(enc)
}

// unknownEncoding is Node's TypeError text for an encoding it lacks.
type unknownEncoding string

func (e unknownEncoding) Error() string { return "Unknown encoding: " + string(e) }

// decodeBytes decodes bytes from one of Node's encodings.
func decodeBytes(b []byte, enc string) string {
	switch enc {
	case "hex":
		return hex.EncodeToString(b)
	case "base64":
		return base64.StdEncoding.EncodeToString(b)
	case "base64url":
		return base64.RawURLEncoding.EncodeToString(b)
	case "latin1", "binary":
		r := make([]rune, len(b))
		for i, c := range b {
			r[i] = rune(c)
		}
		return string(r)
	case "ascii":
		r := make([]rune, len(b))
		for i, c := range b {
			r[i] = rune(c & 0x7f)
		}
		return string(r)
	case "utf16le", "ucs2":
		u := make([]uint16, len(b)/2)
		for i := range u {
			u[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
		}
		return string(utf16.Decode(u))
	}
	if utf8.Valid(b) {
		return string(b)
	}
	return lossyUTF8(b)
}

// lossyUTF8 decodes UTF-8 as Node (and the WHATWG Encoding standard) do:
// each maximal part of an invalid sequence becomes one U+FFFD, so
// "\xe0\xa4%" gives "\uFFFD%" and "\xe9\xff" two U+FFFD.
func lossyUTF8(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b) + 8)
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r != utf8.RuneError || n > 1 {
			sb.Write(b[i : i+n])
			i += n
			continue
		}
		sb.WriteString("\uFFFD")
		i += utf8Subpart(b[i:])
	}
	return sb.String()
}

// utf8Subpart is the length of the maximal subpart of an invalid UTF-8
// sequence at the start of b: its lead byte and the continuation bytes
// that could still have been part of a valid sequence.
func utf8Subpart(b []byte) int {
	lo, hi, need := byte(0x80), byte(0xBF), 0
	switch c := b[0]; {
	case c >= 0xC2 && c <= 0xDF:
		need = 1
	case c == 0xE0:
		lo, need = 0xA0, 2
	case c == 0xED:
		hi, need = 0x9F, 2
	case c >= 0xE1 && c <= 0xEF:
		need = 2
	case c == 0xF0:
		lo, need = 0x90, 3
	case c == 0xF4:
		hi, need = 0x8F, 3
	case c >= 0xF1 && c <= 0xF3:
		need = 3
	default:
		return 1
	}
	n := 1
	for k := 0; k < need && n < len(b); k++ {
		if b[n] < lo || b[n] > hi {
			break
		}
		lo, hi = 0x80, 0xBF
		n++
	}
	return n
}
