package tui

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lambdatutor/lambdatutor/lessons"
)

// TestMain keeps the package's tests out of the user's cache folder.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "lambdatutor-tui-cache-")
	if err != nil {
		panic(err)
	}
	diskCacheDir = func() (string, error) { return dir, nil }
	diskCachePruneDelay = -1 // the tests prune by hand
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// useDiskCache points the disk cache at dir for one test.
func useDiskCache(t testing.TB, dir string) {
	old := diskCacheDir
	diskCacheDir = func() (string, error) { return dir, nil }
	t.Cleanup(func() { diskCacheDir = old })
}

func firstLesson(t testing.TB) *lessons.Lesson {
	cat, err := lessons.Default()
	if err != nil {
		t.Fatal(err)
	}
	return cat.All()[0]
}

func cacheFiles(t *testing.T, dir string) []string {
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

func writeCacheFile(t *testing.T, path, head, body string) {
	if err := os.WriteFile(path, []byte(head+"\n"+body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestDiskCacheServesAndChecksRenders(t *testing.T) {
	dir := t.TempDir()
	useDiskCache(t, dir)
	l := firstLesson(t)
	want, err := render(l, 100, "dark")
	if err != nil {
		t.Fatal(err)
	}
	files := cacheFiles(t, dir)
	if len(files) != 1 {
		t.Fatalf("after one render the cache holds %v, want one file", files)
	}
	path := filepath.Join(dir, files[0])

	// A valid file is what the next render shows (no glamour run).
	body := "from the disk cache"
	sum := sha256.Sum256([]byte(body))
	writeCacheFile(t, path, diskCacheMagic+hex.EncodeToString(sum[:]), body)
	got, err := render(l, 100, "dark")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Lines, []string{body}) {
		t.Fatalf("with a cached render: lines %q, want the cached one", got.Lines)
	}

	// Another width or style is another file.
	if _, err := render(l, 60, "dark"); err != nil {
		t.Fatal(err)
	}
	if _, err := render(l, 100, "notty"); err != nil {
		t.Fatal(err)
	}
	if n := len(cacheFiles(t, dir)); n != 3 {
		t.Fatalf("after renders at two widths and two styles the cache holds %d files, want 3", n)
	}

	// Corrupt files (body altered, no header, empty) are rendered again and
	// replaced.
	for name, content := range map[string]string{
		"altered body": diskCacheMagic + hex.EncodeToString(sum[:]) + "\nfrom the disk cache, altered",
		"no header":    "from the disk cache",
		"empty":        "",
		"other magic":  "lambdatutor-render-v0 " + hex.EncodeToString(sum[:]) + "\n" + body,
	} {
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := render(l, 100, "dark")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !slices.Equal(got.Lines, want.Lines) || !slices.Equal(got.Sections, want.Sections) {
			t.Fatalf("%s: the corrupt cache file was used", name)
		}
		if out, ok := loadRendered(files[0]); !ok || out == "" {
			t.Fatalf("%s: the corrupt cache file was not replaced by a good one", name)
		}
	}
}

func TestDiskCacheUnusableIsIgnored(t *testing.T) {
	l := firstLesson(t)
	useDiskCache(t, t.TempDir())
	want, err := render(l, 100, "dark")
	if err != nil {
		t.Fatal(err)
	}
	// A regular file where the cache folder should be: nothing can be read
	// or written there.
	blocker := filepath.Join(t.TempDir(), "not-a-folder")
	if err := os.WriteFile(blocker, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	useDiskCache(t, filepath.Join(blocker, "lessons"))
	got, err := render(l, 100, "dark")
	if err != nil {
		t.Fatalf("an unwritable cache must not fail the render: %v", err)
	}
	if !slices.Equal(got.Lines, want.Lines) {
		t.Fatal("an unwritable cache changed the render")
	}
	// No cache folder at all (no home directory).
	old := diskCacheDir
	diskCacheDir = func() (string, error) { return "", os.ErrNotExist }
	t.Cleanup(func() { diskCacheDir = old })
	if got, err = render(l, 100, "dark"); err != nil || !slices.Equal(got.Lines, want.Lines) {
		t.Fatalf("without a cache folder: %v", err)
	}
}

// liveTags is the lesson tags of the built-in catalog.
func liveTags(t *testing.T) map[string]bool {
	cat, err := lessons.Default()
	if err != nil {
		t.Fatal(err)
	}
	live := map[string]bool{}
	for _, l := range cat.All() {
		live[lessonCacheTag(l)] = true
	}
	return live
}

func TestDiskCachePruneRemovesStaleFiles(t *testing.T) {
	dir := t.TempDir()
	useDiskCache(t, dir)
	l := firstLesson(t)
	if _, err := render(l, 100, "dark"); err != nil {
		t.Fatal(err)
	}
	rendered := cacheFiles(t, dir)
	if len(rendered) != 1 || !strings.HasPrefix(rendered[0], lessonCacheTag(l)+"-") {
		t.Fatalf("cache files %v, want one named after the lesson's tag", rendered)
	}
	key := strings.Repeat("ab", 32)
	old := time.Now().Add(-2 * max(tempFileAge, staleAge))
	for name, mtime := range map[string]time.Time{
		"0123456789abcdef-" + key: old,        // a lesson no longer in the catalog
		"fedcba9876543210-" + key: time.Now(), // the same, used by another process now
		key:                       old,        // the layout before lesson tags
		key + ".123.tmp":          old,        // left by a crashed process
		key + ".456.tmp":          time.Now(), // another process writing now
	} {
		writeCacheFile(t, filepath.Join(dir, name), "x", "y")
		if err := os.Chtimes(filepath.Join(dir, name), time.Time{}, mtime); err != nil {
			t.Fatal(err)
		}
	}
	pruneForCatalog(nil)
	got := cacheFiles(t, dir)
	want := []string{"fedcba9876543210-" + key, key + ".456.tmp", rendered[0]}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("after pruning the cache holds %v, want %v", got, want)
	}
}

func TestDiskCachePruneKeepsMostRecentlyUsed(t *testing.T) {
	dir := t.TempDir()
	useDiskCache(t, dir)
	live := map[string]bool{}
	base := time.Now().Add(-time.Hour)
	// Five files of 100 bytes, f0 the least recently used; written in
	// another order than their age.
	for _, i := range []int{3, 0, 4, 1, 2} {
		tag := fmt.Sprintf("%016d", i)
		live[tag] = true
		path := filepath.Join(dir, tag+"-f"+strconv.Itoa(i))
		if err := os.WriteFile(path, make([]byte, 100), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(path, time.Time{}, base.Add(time.Duration(i)*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	suffixes := func() []string {
		var s []string
		for _, n := range cacheFiles(t, dir) {
			s = append(s, n[strings.Index(n, "-")+1:])
		}
		slices.Sort(s)
		return s
	}
	pruneDiskCache(dir, live, 1000, 4)
	if got := suffixes(); !slices.Equal(got, []string{"f1", "f2", "f3", "f4"}) {
		t.Fatalf("with a cap of 4 files: %v, want the 4 most recent", got)
	}
	pruneDiskCache(dir, live, 250, 100)
	if got := suffixes(); !slices.Equal(got, []string{"f3", "f4"}) {
		t.Fatalf("with a cap of 250 bytes: %v, want the 2 most recent", got)
	}

	// Reading a render from the cache makes it the most recently used.
	l := firstLesson(t)
	live[lessonCacheTag(l)] = true
	if _, err := render(l, 100, "dark"); err != nil {
		t.Fatal(err)
	}
	var hit string
	for _, n := range cacheFiles(t, dir) {
		if strings.HasPrefix(n, lessonCacheTag(l)) {
			hit = n
		}
	}
	if err := os.Chtimes(filepath.Join(dir, hit), time.Time{}, base.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := render(l, 100, "dark"); err != nil { // from the disk cache
		t.Fatal(err)
	}
	pruneDiskCache(dir, live, 1<<30, 1)
	if got := cacheFiles(t, dir); !slices.Equal(got, []string{hit}) {
		t.Fatalf("after a cache hit and a cap of 1 file: %v, want the hit %s", got, hit)
	}
}

func TestDiskCacheReadOnlyFolder(t *testing.T) {
	dir := t.TempDir()
	useDiskCache(t, dir)
	l := firstLesson(t)
	want, err := render(l, 100, "dark")
	if err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(dir, "0123456789abcdef-stale")
	writeCacheFile(t, stale, "x", "y")
	if err := os.Chtimes(stale, time.Time{}, time.Now().Add(-2*staleAge)); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(dir, 0o755) })
	pruneForCatalog(nil)                   // cannot delete (unless run as root): no panic, no error
	for _, width := range []int{100, 60} { // cached, and a new render that cannot be stored
		got, err := render(l, width, "dark")
		if err != nil {
			t.Fatalf("width %d: a read-only cache folder must not fail the render: %v", width, err)
		}
		if width == 100 && !slices.Equal(got.Lines, want.Lines) {
			t.Fatal("a read-only cache folder changed the render")
		}
		if len(got.Lines) == 0 {
			t.Fatalf("width %d: empty render", width)
		}
	}
}
