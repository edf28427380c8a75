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
const cacheVersion = "cpython-3.12.0-04a8c76e8b8f-wazero-1.12.0"

// compiled is CPython compiled to machine code, shared by every
// instance in the process.
var compiled struct {
	once    sync.Once
	done    chan struct{}
	rt      wazero.Runtime
	mod     wazero.CompiledModule
	err     error
	marker  string // file that records a finished compile in the cache
	started sync.Once
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
