package exercises

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWorkspaceInitNeverOverwritesEdits(t *testing.T) {
	cat := loadGood(t)
	dir := filepath.Join(t.TempDir(), "ws")
	if _, err := OpenWorkspace(dir); !errors.Is(err, ErrNoWorkspace) || !strings.Contains(err.Error(), "exercises init") {
		t.Fatalf("missing folder: %v", err)
	}
	w, rep, err := InitWorkspace(dir, Python, cat)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Written) != 5 || len(rep.Kept) != 0 || w.Runtime() != Python {
		t.Errorf("first init: %+v", rep)
	}
	greet, _ := cat.Get("greet")
	main := w.MainPath(greet)
	if b, err := os.ReadFile(main); err != nil || string(b) != greet.Starter[Python]["lambda_function.py"] {
		t.Fatalf("starter not written: %q %v", b, err)
	}
	for _, f := range []string{"README.md", "config.json"} {
		if _, err := os.Stat(filepath.Join(w.ExerciseDir(greet), f)); err != nil {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	if w.Edited(greet) {
		t.Error("fresh starter counts as edited")
	}
	// The learner edits one file; a second init keeps it and restores a deleted one.
	if err := os.WriteFile(main, []byte("def lambda_handler(e, c):\n    return 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(w.ExerciseDir(greet), "README.md")); err != nil {
		t.Fatal(err)
	}
	if !w.Edited(greet) {
		t.Error("edit not seen")
	}
	_, rep, err = InitWorkspace(dir, Python, cat)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Kept) != 1 || rep.Kept[0] != "01-greet/lambda_function.py" || len(rep.Written) != 1 || rep.Written[0] != "01-greet/README.md" {
		t.Errorf("second init: %+v", rep)
	}
	if b, _ := os.ReadFile(main); !strings.Contains(string(b), "return 1") {
		t.Error("init overwrote the learner's edit")
	}
	// Another runtime in the same folder is refused.
	if _, _, err := InitWorkspace(dir, Node, cat); err == nil || !strings.Contains(err.Error(), "set up for Python") {
		t.Errorf("runtime switch: %v", err)
	}
	// An untouched starter is updated when the catalog's starter changes.
	count, _ := cat.Get("count")
	newer := *count
	newer.Starter = map[Runtime]map[string]string{Python: {"lambda_function.py": "# v2\n"}}
	c2 := &Catalog{list: []*Exercise{&newer}, byID: map[string]*Exercise{"count": &newer}}
	_, rep, err = InitWorkspace(dir, Python, c2)
	if err != nil || len(rep.Updated) != 1 || rep.Updated[0] != "02-count/lambda_function.py" {
		t.Errorf("update of an untouched starter: %+v %v", rep, err)
	}

	// Reset restores the starter.
	w, err = OpenWorkspace(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Reset(greet); err != nil {
		t.Fatal(err)
	}
	if w.Edited(greet) {
		t.Error("still edited after reset")
	}
	if err := w.SetCurrent("greet"); err != nil {
		t.Fatal(err)
	}
	if w2, _ := OpenWorkspace(dir); w2.Current() != "greet" {
		t.Errorf("current not kept: %q", w2.Current())
	}
}

func TestWorkspaceReadCodeReportsBrokenFolders(t *testing.T) {
	cat := loadGood(t)
	greet, _ := cat.Get("greet")
	dir := t.TempDir()
	w, _, err := InitWorkspace(dir, Node, cat)
	if err != nil {
		t.Fatal(err)
	}
	ed := w.ExerciseDir(greet)
	// Extra files, helper modules and editor litter.
	os.MkdirAll(filepath.Join(ed, "lib"), 0o755)
	os.WriteFile(filepath.Join(ed, "lib", "greet.js"), []byte("exports.greet = 1;"), 0o644)
	os.WriteFile(filepath.Join(ed, "index.js~"), []byte("backup"), 0o644)
	os.WriteFile(filepath.Join(ed, ".index.js.swp"), []byte("swap"), 0o644)
	code, err := w.ReadCode(greet)
	if err != nil {
		t.Fatal(err)
	}
	if len(code.Files) != 2 || code.Files["lib/greet.js"] == "" || code.Config == "" || code.Runtime != Node {
		t.Errorf("code %+v", code)
	}

	breakers := map[string]func(){
		"index.js is missing": func() { os.Remove(filepath.Join(ed, "index.js")) },
		"config.json is missing": func() {
			os.WriteFile(filepath.Join(ed, "index.js"), []byte("x"), 0o644)
			os.Remove(filepath.Join(ed, "config.json"))
		},
		"should be a folder":    func() { os.RemoveAll(ed); os.WriteFile(ed, []byte("oops"), 0o644) },
		"the folder is missing": func() { os.Remove(ed) },
	}
	for _, want := range []string{"index.js is missing", "config.json is missing", "should be a folder", "the folder is missing"} {
		breakers[want]()
		_, err := w.ReadCode(greet)
		var be *BrokenError
		if !errors.As(err, &be) || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "exercises reset greet") {
			t.Errorf("%s: %v", want, err)
		}
	}
	// Reset repairs it.
	if err := w.Reset(greet); err != nil {
		t.Fatal(err)
	}
	if _, err := w.ReadCode(greet); err != nil {
		t.Errorf("after reset: %v", err)
	}

	// A damaged state file is reported with the way out.
	os.WriteFile(filepath.Join(dir, StateFile), []byte("{not json"), 0o644)
	if _, err := OpenWorkspace(dir); err == nil || !strings.Contains(err.Error(), "is damaged") {
		t.Errorf("damaged state: %v", err)
	}
	// A folder without the state file.
	plain := t.TempDir()
	if _, err := OpenWorkspace(plain); !errors.Is(err, ErrNoWorkspace) || !strings.Contains(err.Error(), "exercises init") {
		t.Errorf("plain folder: %v", err)
	}
}

func TestFindWorkspace(t *testing.T) {
	if got := FindWorkspace("given"); got != "given" {
		t.Errorf("explicit dir: %q", got)
	}
	dir := t.TempDir()
	if _, _, err := InitWorkspace(dir, Node, loadGood(t)); err != nil {
		t.Fatal(err)
	}
	t.Chdir(filepath.Join(dir, "01-greet"))
	if got := FindWorkspace(""); got != dir {
		t.Errorf("from inside an exercise folder: %q, want %q", got, dir)
	}
	t.Chdir(t.TempDir())
	if got := FindWorkspace(""); got != DefaultDir {
		t.Errorf("elsewhere: %q", got)
	}
}
