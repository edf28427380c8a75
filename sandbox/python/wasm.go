package python

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/klauspost/compress/zstd"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/experimental"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
)

// pythonWasm is CPython 3.12.0 for wasm32-wasi with its standard library
// inside, stripped of debug sections and compressed with zstd. Where it
// comes from, and how to rebuild it: wasm/SOURCE.md and wasm/fetch.sh.
//
//go:embed wasm/python.wasm.zst
var pythonWasm []byte

// WasmSHA256 is the sha256 of the stripped, uncompressed python.wasm
// (wasm/SOURCE.md); a test checks the embedded file against it.
const WasmSHA256 = "04a8c76e8b8f247f16f442016c052abbf85c9a553763128f500f4ab3f1c7799a"

// cacheVersion names the compile marker: change it when the wasm or
// wazero's version changes so that the "preparing" notice shows again.
const cacheVersion = "cpython-3.12.0-04a8c76e8b8f-sp-wazero-1.12.0"

// compiled is CPython compiled to machine code, shared by every
// instance in the process.
var compiled struct {
	once   sync.Once
	done   chan struct{}
	rt     wazero.Runtime
	mod    wazero.CompiledModule
	err    error
	marker string // file that records a finished compile in the cache
	// startGuard is the address of wasi-libc's "_start has run" flag,
	// which a snapshot's copy must clear (see findStartGuard).
	startGuard uint32
	started    sync.Once
}

func init() { compiled.done = make(chan struct{}) }

// CacheDir is where the compiled interpreter is kept between runs:
// $XDG_CACHE_HOME/lambdatutor (or the platform's user cache dir).
func CacheDir() (string, error) {
	dir := os.Getenv("XDG_CACHE_HOME")
	if dir == "" {
		d, err := os.UserCacheDir()
		if err != nil {
			return "", fmt.Errorf("no cache directory: set XDG_CACHE_HOME: %w", err)
		}
		dir = d
	}
	return filepath.Join(dir, "lambdatutor", "wazero"), nil
}

// NeedsPreparing reports whether the next Python run in this process
// first compiles the interpreter (a few seconds, once per machine): the
// caller shows "preparing Python, once per machine…" instead of a silent
// pause.
func NeedsPreparing() bool {
	select {
	case <-compiled.done:
		return false
	default:
	}
	dir, err := CacheDir()
	if err != nil {
		return true
	}
	_, err = os.Stat(filepath.Join(dir, cacheVersion+".ok"))
	return err != nil
}

// PrepareInBackground starts compiling the interpreter (or loading it
// from the cache) without waiting, so that it is ready when a learner
// first runs Python.
func PrepareInBackground() {
	compiled.started.Do(func() { go func() { _ = Prepare() }() })
}

// Prepare compiles the interpreter, or loads it from the compile cache;
// it is idempotent and safe for concurrent use.
func Prepare() error {
	compiled.once.Do(func() {
		defer close(compiled.done)
		compiled.rt, compiled.mod, compiled.err = compile()
		if compiled.err == nil && !snap.failed.Load() {
			loadSnapshot()
		}
	})
	return compiled.err
}

func compile() (wazero.Runtime, wazero.CompiledModule, error) {
	ctx := experimental.WithCompilationWorkers(context.Background(), 2)
	cfg := wazero.NewRuntimeConfigCompiler().
		WithDebugInfoEnabled(false).
		WithCloseOnContextDone(true)
	var marker string
	if dir, err := CacheDir(); err == nil {
		if cache, err := wazero.NewCompilationCacheWithDir(dir); err == nil {
			cfg = cfg.WithCompilationCache(cache)
			marker = filepath.Join(dir, cacheVersion+".ok")
		}
	}
	rt := wazero.NewRuntimeWithConfig(ctx, cfg)
	if _, err := wasi_snapshot_preview1.Instantiate(ctx, rt); err != nil {
		return nil, nil, fmt.Errorf("python: wasi: %w", err)
	}
	bin, err := decompress(pythonWasm)
	if err != nil {
		return nil, nil, err
	}
	if bin, err = exportStackPointer(bin); err != nil {
		return nil, nil, err
	}
	if compiled.startGuard, err = findStartGuard(bin); err != nil {
		snap.failed.Store(true) // start every interpreter in full
	}
	mod, err := rt.CompileModule(ctx, bin)
	if err != nil {
		return nil, nil, fmt.Errorf("python: compile the interpreter: %w", err)
	}
	if marker != "" {
		_ = os.WriteFile(marker, []byte("compiled\n"), 0o644)
	}
	compiled.marker = marker
	return rt, mod, nil
}

func decompress(b []byte) ([]byte, error) {
	d, err := zstd.NewReader(bytes.NewReader(b), zstd.WithDecoderConcurrency(1))
	if err != nil {
		return nil, fmt.Errorf("python: open the embedded interpreter: %w", err)
	}
	defer d.Close()
	var out bytes.Buffer
	out.Grow(14 << 20)
	if _, err := out.ReadFrom(d); err != nil {
		return nil, fmt.Errorf("python: decompress the embedded interpreter: %w", err)
	}
	if out.Len() == 0 {
		return nil, errors.New("python: the embedded interpreter is empty; rebuild it with sandbox/python/wasm/fetch.sh")
	}
	return out.Bytes(), nil
}

// stackPointer is the name under which exportStackPointer exports the
// interpreter's only global, the C stack pointer (global 0, mutable i32;
// `wasm-objdump -x -j Global` on python.wasm shows it), so that a snapshot
// can save and restore it.
const stackPointer = "__stack_pointer"

// exportStackPointer adds global 0 to the module's exports. It is the
// only change made to the embedded wasm, done at load: the module has
// one global and exports memory, _start and wasi_vfs_pack_fs.
func exportStackPointer(bin []byte) ([]byte, error) {
	const header = 8
	if len(bin) < header || string(bin[:4]) != "\x00asm" {
		return nil, errors.New("python: the embedded interpreter is not a wasm module; rebuild it with sandbox/python/wasm/fetch.sh")
	}
	for off := header; off < len(bin); {
		id := bin[off]
		size, n := uleb(bin[off+1:])
		if n == 0 || off+1+n+int(size) > len(bin) {
			break
		}
		body := bin[off+1+n : off+1+n+int(size)]
		if id != 7 { // the export section
			off += 1 + n + int(size)
			continue
		}
		count, m := uleb(body)
		if m == 0 {
			break
		}
		entry := append(append([]byte{byte(len(stackPointer))}, stackPointer...), 0x03, 0x00) // global 0
		nb := append(appendUleb(nil, count+1), body[m:]...)
		nb = append(nb, entry...)
		out := make([]byte, 0, len(bin)+len(entry)+8)
		out = append(out, bin[:off]...)
		out = append(out, 7)
		out = appendUleb(out, uint64(len(nb)))
		out = append(out, nb...)
		out = append(out, bin[off+1+n+int(size):]...)
		return out, nil
	}
	return nil, errors.New("python: the embedded interpreter has no export section; rebuild it with sandbox/python/wasm/fetch.sh")
}

func uleb(b []byte) (uint64, int) {
	var v uint64
	for i := 0; i < len(b) && i < 10; i++ {
		v |= uint64(b[i]&0x7f) << (7 * i)
		if b[i]&0x80 == 0 {
			return v, i + 1
		}
	}
	return 0, 0
}

func appendUleb(b []byte, v uint64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v != 0 {
			b = append(b, c|0x80)
			continue
		}
		return append(b, c)
	}
}

// findStartGuard finds the address of the flag with which wasi-libc's
// _start refuses to run twice in one instance (crt1-command.c: `static
// volatile int started`; a second _start traps). A snapshot is taken
// after _start began, so an instance restored from it must clear the flag
// before it calls _start. The flag's address is read from _start's first
// instructions: block; i32.const ADDR; i32.load; i32.eqz; if.
func findStartGuard(bin []byte) (uint32, error) {
	var imports, start uint64
	var code []byte
	haveStart := false
	for off := 8; off < len(bin); {
		id := bin[off]
		size, n := uleb(bin[off+1:])
		if n == 0 || off+1+n+int(size) > len(bin) {
			return 0, errors.New("python: malformed wasm section")
		}
		body := bin[off+1+n : off+1+n+int(size)]
		off += 1 + n + int(size)
		switch id {
		case 2: // imports: count the imported functions
			count, p := uleb(body)
			for range count {
				for range 2 { // module and field names
					l, m := uleb(body[p:])
					p += m + int(l)
				}
				kind := body[p]
				p++
				switch kind {
				case 0x00: // function: type index
					imports++
					_, m := uleb(body[p:])
					p += m
				case 0x01: // table: reftype, limits
					p++
					p += skipLimits(body[p:])
				case 0x02: // memory: limits
					p += skipLimits(body[p:])
				case 0x03: // global: valtype, mutability
					p += 2
				}
			}
		case 7: // exports: find _start
			count, p := uleb(body)
			for range count {
				l, m := uleb(body[p:])
				name := string(body[p+m : p+m+int(l)])
				p += m + int(l)
				kind := body[p]
				idx, m := uleb(body[p+1:])
				p += 1 + m
				if name == "_start" && kind == 0x00 {
					start, haveStart = idx, true
				}
			}
		case 10:
			code = body
		}
	}
	if !haveStart || code == nil || start < imports {
		return 0, errors.New("python: the interpreter has no _start")
	}
	count, p := uleb(code)
	for i := uint64(0); i < count; i++ {
		size, m := uleb(code[p:])
		p += m
		if i != start-imports {
			p += int(size)
			continue
		}
		fn := code[p : p+int(size)]
		groups, q := uleb(fn)
		for range groups {
			_, m := uleb(fn[q:])
			q += m + 1
		}
		if len(fn) < q+4 || fn[q] != 0x02 || fn[q+1] != 0x40 || fn[q+2] != 0x41 {
			break
		}
		addr, m := uleb(fn[q+3:]) // i32.const's immediate: a small positive address
		rest := fn[q+3+m:]
		if len(rest) < 6 || !bytes.Equal(rest[:6], []byte{0x28, 0x02, 0x00, 0x45, 0x04, 0x40}) || addr >= 1<<31 || fn[q+3+m-1]&0x40 != 0 {
			break
		}
		return uint32(addr), nil
	}
	return 0, errors.New("python: _start does not begin with wasi-libc's guard")
}

func skipLimits(b []byte) int {
	flag := b[0]
	_, m := uleb(b[1:])
	n := 1 + m
	if flag&1 != 0 {
		_, m := uleb(b[n:])
		n += m
	}
	return n
}
