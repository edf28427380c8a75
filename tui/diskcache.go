package tui

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
)

// Rendered lessons are also kept on disk, so that a returning learner's
// first frame does not wait for a cold glamour render (tens of
// milliseconds for a long lesson). A file is named by the hash of
// everything the output depends on: the Markdown handed to glamour (the
// lesson after our rewrites, and its sources), the wrap width, the style
// and glamour's version. It holds glamour's output after a header line
// with the output's own hash, so that a truncated or altered file is
// noticed and rendered again. The cache is only an accelerator: a missing,
// corrupt or unwritable cache is ignored.

// diskCacheMagic starts every cache file; bump the version when the file
// layout or the rendering around glamour changes, and when
// third_party/chroma changes: a replaced module carries no version in the
// build information, so the key cannot see it (v2: chroma v2.27.0).
const diskCacheMagic = "lambdatutor-render-v2 "

// diskCacheDir is where rendered lessons are kept:
// $XDG_CACHE_HOME/lambdatutor/lessons (~/.cache/... when unset). Tests
// replace it.
var diskCacheDir = func() (string, error) {
	d, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "lambdatutor", "lessons"), nil
}

// glamourVersion is the version of the linked glamour module ("" when the
// binary carries no module information, as in some test builds).
var glamourVersion = sync.OnceValue(func() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	for _, m := range bi.Deps {
		if m.Path == "charm.land/glamour/v2" {
			if m.Replace != nil {
				return m.Replace.Path + "@" + m.Replace.Version
			}
			return m.Version
		}
	}
	return ""
})

// diskCacheKey names the cache file of one render.
func diskCacheKey(md string, wrap int, style string) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%d\x00%s\x00%s\x00", diskCacheMagic, wrap, style, glamourVersion())
	h.Write([]byte(md))
	return hex.EncodeToString(h.Sum(nil))
}

// loadRendered returns the cached glamour output for key, or false when
// there is none or it does not check out.
func loadRendered(key string) (string, bool) {
	dir, err := diskCacheDir()
	if err != nil {
		return "", false
	}
	b, err := os.ReadFile(filepath.Join(dir, key))
	if err != nil {
		return "", false
	}
	head, body, ok := bytes.Cut(b, []byte("\n"))
	if !ok || !bytes.HasPrefix(head, []byte(diskCacheMagic)) {
		return "", false
	}
	sum := sha256.Sum256(body)
	if string(head[len(diskCacheMagic):]) != hex.EncodeToString(sum[:]) {
		return "", false
	}
	return string(body), true
}

// storeRendered writes glamour's output for key, atomically (a temporary
// file renamed into place), and gives up quietly on any error.
func storeRendered(key, out string) {
	dir, err := diskCacheDir()
	if err != nil {
		return
	}
	if os.MkdirAll(dir, 0o755) != nil {
		return
	}
	f, err := os.CreateTemp(dir, key+".*.tmp")
	if err != nil {
		return
	}
	sum := sha256.Sum256([]byte(out))
	_, err = fmt.Fprintf(f, "%s%s\n%s", diskCacheMagic, hex.EncodeToString(sum[:]), out)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(dir, key))
	}
	if err != nil {
		_ = os.Remove(f.Name())
	}
}
