package tui

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/lambdatutor/lambdatutor/lessons"
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
//
// The name starts with a tag of the lesson's source (lessonCacheTag), so
// that the files of lessons no longer in the catalog (changed, or removed)
// can be found and deleted; the rest is kept to diskCacheMaxBytes and
// diskCacheMaxFiles by deleting the least recently used files (a read
// touches its file's mtime). pruneDiskCache does both, in the background
// some seconds after a session starts, at most every pruneEvery.

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
	path := filepath.Join(dir, key)
	b, err := os.ReadFile(path)
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
	// Mark the file as recently used for pruneDiskCache (mtime only: atime
	// is often not kept). One system call; a failure changes nothing.
	_ = os.Chtimes(path, time.Time{}, time.Now())
	return string(body), true
}

// lessonCacheTag is the first part of a lesson's cache file names: a short
// hash of the lesson's source, the cache layout and glamour's version. A
// file whose tag no lesson of the catalog has is stale.
func lessonCacheTag(l *lessons.Lesson) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00", diskCacheMagic, glamourVersion(), l.ID)
	h.Write([]byte(l.Markdown()))
	h.Write([]byte(l.SourcesMarkdown()))
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// The disk cache is kept to 64 MB and 2,000 files: a long lesson's render
// is about 100 kB, so that is several hundred renders (every lesson at a
// few widths in both styles).
const (
	diskCacheMaxBytes = 64 << 20
	diskCacheMaxFiles = 2000
)

// diskCachePruneDelay is how long after start-up the cache is pruned: well
// after the first frame, which it must not slow down. Negative turns
// pruning off (the package's tests, which prune by hand).
var diskCachePruneDelay = 5 * time.Second

// pruneEvery is how often at most a process prunes: a server that runs for
// weeks prunes again as new sessions start.
const pruneEvery = 10 * time.Minute

var (
	pruneMu   sync.Mutex
	lastPrune time.Time
)

// schedulePrune prunes the disk cache against cat (the built-in catalog
// when nil) diskCachePruneDelay from now, in the background, unless this
// process did so less than pruneEvery ago. Each session calls it.
func schedulePrune(cat *lessons.Catalog) {
	if diskCachePruneDelay < 0 {
		return
	}
	pruneMu.Lock()
	defer pruneMu.Unlock()
	if !lastPrune.IsZero() && time.Since(lastPrune) < pruneEvery {
		return
	}
	lastPrune = time.Now()
	time.AfterFunc(diskCachePruneDelay, func() { pruneForCatalog(cat) })
}

// pruneForCatalog prunes the disk cache against cat (the built-in catalog
// when nil) with the package's limits.
func pruneForCatalog(cat *lessons.Catalog) {
	if cat == nil {
		var err error
		if cat, err = lessons.Default(); err != nil {
			return
		}
	}
	dir, err := diskCacheDir()
	if err != nil {
		return
	}
	live := map[string]bool{}
	for _, l := range cat.All() {
		live[lessonCacheTag(l)] = true
	}
	pruneDiskCache(dir, live, diskCacheMaxBytes, diskCacheMaxFiles)
}

// staleAge is how long a file of a lesson not in the catalog is kept after
// its last use: another process (an older binary, or a server with other
// content packs) may share the folder and be reading it; its reads touch
// the file.
const staleAge = time.Hour

// tempFileAge is how old a temporary file must be before pruneDiskCache
// takes it for one left by a crashed process (another process may be
// writing a young one).
const tempFileAge = time.Hour

// pruneDiskCache deletes from dir the cache files whose lesson tag is not
// in live (and files not named as cache files are, such as those of an
// older layout) once unused for staleAge, then the least recently used files until at most
// maxFiles files of at most maxBytes in all are left. Errors are ignored:
// a file another process deleted first, or a folder that cannot be
// written, leaves the cache as it is.
func pruneDiskCache(dir string, live map[string]bool, maxBytes int64, maxFiles int) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	type file struct {
		name  string
		size  int64
		mtime time.Time
	}
	var keep []file
	for _, e := range ents {
		if !e.Type().IsRegular() {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue // deleted meanwhile
		}
		name := e.Name()
		if strings.HasSuffix(name, ".tmp") {
			if time.Since(info.ModTime()) > tempFileAge {
				_ = os.Remove(filepath.Join(dir, name))
			}
			continue
		}
		tag, _, ok := strings.Cut(name, "-")
		if (!ok || !live[tag]) && time.Since(info.ModTime()) > staleAge {
			_ = os.Remove(filepath.Join(dir, name))
			continue
		}
		keep = append(keep, file{name, info.Size(), info.ModTime()})
	}
	// Newest first; keep files while both limits allow.
	slices.SortFunc(keep, func(a, b file) int { return b.mtime.Compare(a.mtime) })
	var total int64
	for i, f := range keep {
		total += f.size
		if i >= maxFiles || total > maxBytes {
			_ = os.Remove(filepath.Join(dir, f.name))
		}
	}
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
