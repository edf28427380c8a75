package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readCode reads every code file of the handler's folder whole, whatever
// its size against the buffer it starts with, refuses a folder over the
// deployment limit, and follows a symbolic link to a code file.
func TestReadCodeReadsWholeFiles(t *testing.T) {
	dir := t.TempDir()
	want := map[string]string{
		"index.js":                  "exports.handler = async () => 1;\n",
		"empty.js":                  "",
		"lib/big.json":              `"` + strings.Repeat("x", 100_000) + `"`,
		"node_modules/m/index.js":   strings.Repeat("// line\n", 5000),
		"node_modules/m/package.js": "module.exports = {};\n",
	}
	for name, text := range want {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(dir, "index.js"), filepath.Join(dir, "alias.js")); err != nil {
		t.Fatal(err)
	}
	want["alias.js"] = want["index.js"]
	got, err := readCode(filepath.Join(dir, "index.js"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Errorf("read %d files, want %d: %v", len(got), len(want), keys(got))
	}
	for name, text := range want {
		if got[name] != text {
			t.Errorf("%s: read %d bytes, want %d", name, len(got[name]), len(text))
		}
	}

	if err := os.WriteFile(filepath.Join(dir, "huge.js"), bytes.Repeat([]byte("x"), maxCodeBytes+2), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readCode(filepath.Join(dir, "index.js")); err == nil || !strings.Contains(err.Error(), "larger than 3 MB") {
		t.Errorf("a 3 MB code file: err = %v, want it named as larger than 3 MB", err)
	}
}

func keys(m map[string]string) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}
