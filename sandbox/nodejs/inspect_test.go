package nodejs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConsoleLogMatchesNode prints each case of testdata/inspect/cases.js
// with console.log in the tutor and in real Node.js: the messages must be
// the same byte for byte.
func TestConsoleLogMatchesNode(t *testing.T) {
	node := nodeOracle(t)
	cases, err := os.ReadFile("testdata/inspect/cases.js")
	if err != nil {
		t.Fatal(err)
	}
	index := "const cases = require('./cases');\nexports.handler = async () => {\n  for (const args of cases) console.log(...args);\n  return cases.length;\n};\n"
	dir := t.TempDir()
	for name, src := range map[string]string{"cases.js": string(cases), "index.js": index} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want := runNode(t, node, dir, "index.js", "{}")
	_, f := deploy(t, "nodejs22.x", map[string]string{"cases.js": string(cases), "index.js": index}, nil)
	r := run(t, f, "{}")
	if r.Error != nil {
		t.Fatalf("tutor: %v\n%s", r.Error, r.LogText())
	}
	got := tutorLogs(r)
	if len(want.Logs) < 60 {
		t.Fatalf("the differential needs at least 60 cases; node printed %d", len(want.Logs))
	}
	if len(got) != len(want.Logs) {
		t.Fatalf("tutor printed %d entries, node %d", len(got), len(want.Logs))
	}
	msg := func(l string) string {
		parts := strings.SplitN(l, "\t", 4)
		if len(parts) < 4 {
			return l
		}
		return parts[3]
	}
	bad := 0
	for i := range got {
		if g, w := msg(got[i]), msg(want.Logs[i]); g != w {
			bad++
			t.Errorf("case %d:\n--- tutor\n%s\n--- node\n%s", i, g, w)
		}
	}
	if bad > 0 {
		t.Logf("%d of %d cases differ", bad, len(got))
	}
}
