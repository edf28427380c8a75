package nodejs

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"io"
	"strings"

	"github.com/andybalholm/brotli"
	"github.com/dop251/goja"
	nodeurl "github.com/dop251/goja_nodejs/url"
)

// urlModule is Node's url module: WHATWG URL and URLSearchParams from
// goja_nodejs (the goja author's implementation), plus the legacy
// url.parse/format that handlers still use, written over URL.
func (in *instance) urlModule() goja.Value {
	vm := in.vm
	module := vm.NewObject()
	exports := vm.NewObject()
	_ = module.Set("exports", exports)
	nodeurl.Require(vm, module)
	legacy, _ := goja.AssertFunction(in.support().Get("legacyURL"))
	if _, err := legacy(goja.Undefined(), exports); err != nil {
		panic(err)
	}
	return exports
}

// unavailableModules are Node built-ins that need what an offline,
// in-process sandbox cannot give: processes, sockets, DNS, threads. The
// value says why; unavailableError adds what to do instead.
var unavailableModules = map[string]string{
	"child_process":  "it would start processes on the host",
	"cluster":        "it would start processes on the host",
	"worker_threads": "it would start threads outside the sandbox's one JavaScript thread",
	"net":            "it would open network sockets",
	"tls":            "it would open network sockets",
	"dgram":          "it would open network sockets",
	"http":           "it would open network connections",
	"https":          "it would open network connections",
	"http2":          "it would open network connections",
	"dns":            "it would query DNS over the network",
	"inspector":      "it would open a debugger port",
	"v8":             "it exposes the V8 engine, and the tutor runs JavaScript on goja",
	"vm":             "it compiles code in new V8 contexts, and the tutor runs JavaScript on goja",
}

// unavailableError is the error of require() for a module the sandbox
// cannot offer. It keeps Node's code (MODULE_NOT_FOUND) so that code
// checking for it still works, but says why and what to do.
func (in *instance) unavailableError(id, why string) *goja.Object {
	msg := "Cannot load module '" + id + "' in the tutor: " + why + ", and the tutor runs your handler offline, in-process, with no network, processes or threads. " +
		"On real Lambda '" + id + "' works. To practise here, keep the handler's logic free of " + id +
		" (pass the data it would fetch in the event, or move the call behind a function you can replace in tests). " +
		"See `lambdatutor lessons show how-it-works`."
	return in.newError("Error", msg, "MODULE_NOT_FOUND")
}

// awsSDKError is require('@aws-sdk/...') (v3) or require('aws-sdk') (v2).
func (in *instance) awsSDKError(id string, stack []string) *goja.Object {
	if id == "aws-sdk" || strings.HasPrefix(id, "aws-sdk/") {
		// The real runtime's error, then the fact behind it.
		msg := "Cannot find module '" + id + "'\nRequire stack:\n- " + strings.Join(stack, "\n- ") +
			"\n(The AWS SDK for JavaScript v2, 'aws-sdk', is not in the Node.js runtimes since nodejs18.x, which ships only the v3 SDK, '@aws-sdk/*'. " +
			"Move to v3, e.g. require('@aws-sdk/client-s3'), or bundle v2 in your deployment package. See `lambdatutor lessons show packaging-and-deployment`.)"
		return in.newError("Error", msg, "MODULE_NOT_FOUND")
	}
	msg := "Cannot load module '" + id + "' in the tutor: the real nodejs18.x and later runtimes include the AWS SDK for JavaScript v3 (@aws-sdk/*), so this require works on Lambda, " +
		"but the tutor runs AWS services offline, in-process, and offers only @aws-sdk/client-dynamodb, lib-dynamodb, util-dynamodb, client-s3, client-sqs, client-sns, " +
		"client-eventbridge, client-secrets-manager, client-ssm and client-lambda. " +
		"To practise here, pass the data the SDK call would return in the event, or keep the SDK call outside the logic you test. See `lambdatutor lessons show how-it-works`."
	return in.newError("Error", msg, "MODULE_NOT_FOUND")
}

// zlibModule is Node's zlib over Go's compress/gzip, compress/zlib and
// compress/flate, and github.com/andybalholm/brotli: gzip/gunzip,
// deflate/inflate, deflateRaw/inflateRaw, unzip and
// brotliCompress/brotliDecompress, each as *Sync, with a callback, and
// through util.promisify.
func (in *instance) zlibModule() goja.Value {
	vm := in.vm
	o := vm.NewObject()
	type codec func(b []byte, level int) ([]byte, error)
	compress := func(mk func(w io.Writer, level int) (io.WriteCloser, error)) codec {
		return func(b []byte, level int) ([]byte, error) {
			var buf bytes.Buffer
			w, err := mk(&buf, level)
			if err != nil {
				return nil, err
			}
			if _, err := w.Write(b); err != nil {
				return nil, err
			}
			if err := w.Close(); err != nil {
				return nil, err
			}
			return buf.Bytes(), nil
		}
	}
	decompress := func(mk func(r io.Reader) (io.Reader, error)) codec {
		return func(b []byte, _ int) ([]byte, error) {
			r, err := mk(bytes.NewReader(b))
			if err != nil {
				return nil, err
			}
			return io.ReadAll(r)
		}
	}
	gz := compress(func(w io.Writer, level int) (io.WriteCloser, error) {
		z, err := gzip.NewWriterLevel(w, level)
		if err == nil {
			z.OS = 3 // Unix, as zlib writes on Linux
		}
		return z, err
	})
	zl := compress(func(w io.Writer, level int) (io.WriteCloser, error) { return zlib.NewWriterLevel(w, level) })
	raw := compress(func(w io.Writer, level int) (io.WriteCloser, error) { return flate.NewWriter(w, level) })
	gunzip := decompress(func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) })
	inflate := decompress(func(r io.Reader) (io.Reader, error) { return zlib.NewReader(r) })
	inflateRaw := decompress(func(r io.Reader) (io.Reader, error) { return flate.NewReader(r), nil })
	unzip := func(b []byte, level int) ([]byte, error) {
		if len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b {
			return gunzip(b, level)
		}
		return inflate(b, level)
	}
	brotliCompress := func(b []byte, quality int) ([]byte, error) {
		var buf bytes.Buffer
		w := brotli.NewWriterLevel(&buf, quality)
		if _, err := w.Write(b); err != nil {
			return nil, err
		}
		if err := w.Close(); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
	brotliDecompress := decompress(func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil })
	ops := map[string]codec{
		"gzip": gz, "gunzip": gunzip, "deflate": zl, "inflate": inflate,
		"deflateRaw": raw, "inflateRaw": inflateRaw, "unzip": unzip,
		"brotliCompress": brotliCompress, "brotliDecompress": brotliDecompress,
	}
	run := func(name string, c codec, call goja.FunctionCall) ([]byte, error) {
		data := call.Argument(0)
		if goja.IsUndefined(data) || goja.IsNull(data) {
			panic(in.newError("TypeError", "The \"buffer\" argument must be of type string or an instance of Buffer, TypedArray, DataView, or ArrayBuffer. Received "+in.inspect(data), "ERR_INVALID_ARG_TYPE"))
		}
		level := flate.DefaultCompression
		brotliName := strings.HasPrefix(name, "brotli")
		if brotliName {
			level = 11 // BROTLI_DEFAULT_QUALITY
		}
		if opt, ok := call.Argument(1).(*goja.Object); ok {
			if l := opt.Get("level"); l != nil && !goja.IsUndefined(l) && !brotliName {
				level = int(l.ToInteger())
			}
			if p, ok := opt.Get("params").(*goja.Object); ok && brotliName {
				if q := p.Get("1"); q != nil && !goja.IsUndefined(q) { // BROTLI_PARAM_QUALITY
					level = int(q.ToInteger())
				}
			}
		}
		return c(in.bytesOf(data, nil), level)
	}
	for name, c := range ops {
		name, c := name, c
		_ = o.Set(name+"Sync", func(call goja.FunctionCall) goja.Value {
			out, err := run(name, c, call)
			if err != nil {
				panic(in.zlibError(err))
			}
			return in.toBuffer(out)
		})
		_ = o.Set(name, func(call goja.FunctionCall) goja.Value {
			last := call.Argument(len(call.Arguments) - 1)
			cb, ok := goja.AssertFunction(last)
			if !ok {
				panic(in.newError("TypeError", "The \"callback\" argument must be of type function. Received "+in.inspect(last), "ERR_INVALID_ARG_TYPE"))
			}
			if len(call.Arguments) > 2 {
				call.Arguments = call.Arguments[:2]
			} else {
				call.Arguments = call.Arguments[:1]
			}
			out, err := run(name, c, call)
			args := []goja.Value{goja.Null(), in.toBuffer(out)}
			if err != nil {
				args = []goja.Value{in.zlibError(err)}
			}
			in.addTimer(0, cb, args)
			return goja.Undefined()
		})
	}
	consts := vm.NewObject()
	for k, v := range map[string]int{"Z_NO_FLUSH": 0, "Z_SYNC_FLUSH": 2, "Z_FULL_FLUSH": 3, "Z_FINISH": 4, "Z_OK": 0, "Z_STREAM_END": 1,
		"Z_DATA_ERROR": -3, "Z_BUF_ERROR": -5, "Z_NO_COMPRESSION": 0, "Z_BEST_SPEED": 1, "Z_BEST_COMPRESSION": 9, "Z_DEFAULT_COMPRESSION": -1,
		"BROTLI_PARAM_MODE": 0, "BROTLI_PARAM_QUALITY": 1, "BROTLI_PARAM_SIZE_HINT": 5, "BROTLI_MIN_QUALITY": 0, "BROTLI_MAX_QUALITY": 11,
		"BROTLI_DEFAULT_QUALITY": 11, "BROTLI_MODE_GENERIC": 0, "BROTLI_MODE_TEXT": 1, "BROTLI_MODE_FONT": 2} {
		_ = consts.Set(k, v)
		if strings.HasPrefix(k, "Z_") {
			_ = o.Set(k, v)
		}
	}
	_ = o.Set("constants", consts)
	return o
}

// zlibError is Node's error for bad compressed input.
func (in *instance) zlibError(err error) *goja.Object {
	msg, code, errno := err.Error(), "Z_DATA_ERROR", -3
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		msg, code, errno = "unexpected end of file", "Z_BUF_ERROR", -5
	case errors.Is(err, gzip.ErrHeader) || errors.Is(err, zlib.ErrHeader):
		msg = "incorrect header check"
	case errors.Is(err, gzip.ErrChecksum) || errors.Is(err, zlib.ErrChecksum):
		msg = "incorrect data check"
	case strings.HasPrefix(msg, "brotli"):
		msg, code, errno = "Decompression failed", "ERR__ERROR_FORMAT_PADDING_1", -14
	default:
		var ce flate.CorruptInputError
		if errors.As(err, &ce) {
			msg = "invalid block type"
		}
	}
	o := in.newError("Error", msg, code)
	_ = o.Set("errno", errno)
	return o
}
