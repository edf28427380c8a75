package tui

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/lambdatutor/lambdatutor/lessons"
)

// TestMain keeps the package's tests out of the user's cache folder.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "lambdatutor-tui-cache-")
	if err != nil {
		panic(err)
	}
	diskCacheDir = func() (string, error) { return dir, nil }
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
