package exercises

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// StateFile is the file in a workspace folder that records its runtime,
// the current exercise and the starters handed out.
const StateFile = ".lambdatutor-exercises.json"

// DefaultDir is the workspace folder `exercises init` creates by default.
const DefaultDir = "lambda-exercises"

// MaxCodeBytes bounds the code read from one exercise folder.
const MaxCodeBytes = 1 << 20

// ErrNoWorkspace is wrapped when a folder is not an exercises workspace.
var ErrNoWorkspace = errors.New("no exercises folder")

// Workspace is the learner's folder of exercises on disk: one sub-folder
// per exercise (the same NN-id names) with README.md, the code and, where
// the exercise has one, config.json.
type Workspace struct {
	// Dir is the absolute path of the folder.
	Dir   string
	state wsState
}

type wsState struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	// Runtime is node or python.
	Runtime Runtime `json:"runtime"`
	// Current is the exercise being worked on.
	Current string `json:"current,omitempty"`
	// Starters maps "NN-id/file" to the SHA-256 of the starter written,
	// to tell files the learner edited from untouched ones.
	Starters map[string]string `json:"starters"`
}

const wsFormat = "lambdatutor-exercises"

// Runtime is the runtime the workspace was created for.
func (w *Workspace) Runtime() Runtime { return w.state.Runtime }

// Current is the id of the exercise being worked on ("" if none yet).
func (w *Workspace) Current() string { return w.state.Current }

// SetCurrent records the exercise being worked on.
func (w *Workspace) SetCurrent(id string) error {
	w.state.Current = id
	return w.save()
}

// FindWorkspace returns the workspace folder for dir: dir itself when
// given, else the nearest folder from the working directory upwards that
// holds StateFile, else ./lambda-exercises.
func FindWorkspace(dir string) string {
	if dir != "" {
		return dir
	}
	if wd, err := os.Getwd(); err == nil {
		for d := wd; ; {
			if _, err := os.Stat(filepath.Join(d, StateFile)); err == nil {
				return d
			}
			parent := filepath.Dir(d)
			if parent == d {
				break
			}
			d = parent
		}
	}
	return DefaultDir
}

// OpenWorkspace opens a folder made by InitWorkspace. A missing folder or
// state file wraps ErrNoWorkspace and tells the learner to run `exercises
// init`; a damaged state file says how to repair it.
func OpenWorkspace(dir string) (*Workspace, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("exercises folder %s: %w", dir, err)
	}
	data, err := os.ReadFile(filepath.Join(abs, StateFile))
	if errors.Is(err, fs.ErrNotExist) {
		if _, serr := os.Stat(abs); serr != nil {
			return nil, fmt.Errorf("%w at %s; run `lambdatutor exercises init %s` to create it", ErrNoWorkspace, abs, dir)
		}
		return nil, fmt.Errorf("%w: %s has no %s; run `lambdatutor exercises init %s` to set it up (files you already have are kept)", ErrNoWorkspace, abs, StateFile, dir)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w; check the folder's permissions", filepath.Join(abs, StateFile), err)
	}
	w := &Workspace{Dir: abs}
	if err := json.Unmarshal(data, &w.state); err != nil || w.state.Format != wsFormat {
		return nil, fmt.Errorf("%s is damaged; delete it and run `lambdatutor exercises init %s --runtime node|python` again (your code is kept)", filepath.Join(abs, StateFile), dir)
	}
	if w.state.Runtime != Node && w.state.Runtime != Python {
		return nil, fmt.Errorf("%s names runtime %q; delete it and run `lambdatutor exercises init %s --runtime node|python` again (your code is kept)", filepath.Join(abs, StateFile), w.state.Runtime, dir)
	}
	if w.state.Starters == nil {
		w.state.Starters = map[string]string{}
	}
	return w, nil
}

// InitReport lists what InitWorkspace did, as paths relative to the folder.
type InitReport struct {
	// Written are new files; Updated untouched starters replaced by a
	// newer version; Kept files the learner edited, left alone.
	Written, Updated, Kept []string
}

// InitWorkspace creates or completes a workspace for rt: for every
// exercise a folder with README.md, the starter code and config.json. It
// never overwrites a file the learner edited. An existing workspace keeps
// its runtime; asking for another one is an error.
func InitWorkspace(dir string, rt Runtime, cat *Catalog) (*Workspace, InitReport, error) {
	var rep InitReport
	w, err := OpenWorkspace(dir)
	switch {
	case err == nil:
		if w.state.Runtime != rt {
			return nil, rep, fmt.Errorf("%s is set up for %s; keep using it with that runtime, or choose another folder for %s: `lambdatutor exercises init OTHER-DIR --runtime %s`",
				w.Dir, w.state.Runtime.Title(), rt.Title(), rt)
		}
	case errors.Is(err, ErrNoWorkspace):
		abs, aerr := filepath.Abs(dir)
		if aerr != nil {
			return nil, rep, fmt.Errorf("exercises folder %s: %w", dir, aerr)
		}
		if err := os.MkdirAll(abs, 0o755); err != nil {
			return nil, rep, fmt.Errorf("cannot create the exercises folder %s: %w; choose another folder", abs, err)
		}
		w = &Workspace{Dir: abs, state: wsState{Format: wsFormat, Version: 1, Runtime: rt, Starters: map[string]string{}}}
	default:
		return nil, rep, err
	}
	for _, ex := range cat.All() {
		files := w.starterFiles(ex)
		names := make([]string, 0, len(files))
		for n := range files {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, name := range names {
			rel := ex.Dir + "/" + name
			what, err := w.place(rel, files[name])
			if err != nil {
				return nil, rep, err
			}
			switch what {
			case "written":
				rep.Written = append(rep.Written, rel)
			case "updated":
				rep.Updated = append(rep.Updated, rel)
			case "kept":
				rep.Kept = append(rep.Kept, rel)
			}
		}
	}
	if err := w.save(); err != nil {
		return nil, rep, err
	}
	return w, rep, nil
}

// starterFiles are the files a workspace folder starts with.
func (w *Workspace) starterFiles(ex *Exercise) map[string]string {
	files := ex.Files(w.state.Runtime, false)
	files["README.md"] = ex.README
	if ex.ConfigFile {
		files["config.json"] = ex.StarterConfig
	}
	return files
}

func hash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// place writes a starter file unless the learner has edited it: a missing
// file is written, one that matches the last starter handed out is
// updated, anything else is kept.
func (w *Workspace) place(rel, content string) (string, error) {
	p := filepath.Join(w.Dir, filepath.FromSlash(rel))
	old, err := os.ReadFile(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := writeFile(p, content); err != nil {
			return "", err
		}
		w.state.Starters[rel] = hash(content)
		return "written", nil
	case err != nil:
		return "kept", nil // a folder or unreadable file: not ours to touch
	case string(old) == content:
		w.state.Starters[rel] = hash(content)
		return "", nil
	case w.state.Starters[rel] == hash(string(old)):
		if err := writeFile(p, content); err != nil {
			return "", err
		}
		w.state.Starters[rel] = hash(content)
		return "updated", nil
	}
	return "kept", nil
}

func writeFile(p, content string) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return fmt.Errorf("cannot create %s: %w", filepath.Dir(p), err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		return fmt.Errorf("cannot write %s: %w", p, err)
	}
	return nil
}

func (w *Workspace) save() error {
	b, err := json.MarshalIndent(w.state, "", "  ")
	if err != nil {
		return fmt.Errorf("save exercises folder state: %w", err)
	}
	return writeFile(filepath.Join(w.Dir, StateFile), string(b)+"\n")
}

// ExerciseDir is the folder of one exercise.
func (w *Workspace) ExerciseDir(ex *Exercise) string { return filepath.Join(w.Dir, ex.Dir) }

// MainPath is the path of the handler file of an exercise.
func (w *Workspace) MainPath(ex *Exercise) string {
	return filepath.Join(w.ExerciseDir(ex), w.state.Runtime.MainFile())
}

// EditTarget names what the learner edits to make a failing check pass:
// the handler file, or in a project exercise the handler file or the
// lambdatutor.yaml beside it (where the functions' policies and resources
// are declared, e.g. 19-least-privilege).
func (w *Workspace) EditTarget(ex *Exercise) string {
	if ex.Project {
		return w.MainPath(ex) + " or " + filepath.Join(w.ExerciseDir(ex), ProjectFile)
	}
	return w.MainPath(ex)
}

// BrokenError is an exercise folder that cannot be checked: what is wrong
// and what to do. It is reported, never a crash.
type BrokenError struct {
	Exercise string
	Path     string
	Problem  string
}

func (e *BrokenError) Error() string {
	return fmt.Sprintf("exercise %s: %s (%s); fix it, or restore the starter with `lambdatutor exercises reset %s`", e.Exercise, e.Problem, e.Path, e.Exercise)
}

// ignored reports files of an exercise folder that are not code: the
// README, editor backups and hidden files.
func ignored(rel string) bool {
	base := filepath.Base(rel)
	return rel == "README.md" || rel == "config.json" || strings.HasPrefix(base, ".") ||
		strings.HasSuffix(base, "~") || strings.HasSuffix(base, ".swp") || strings.HasSuffix(base, ".bak") ||
		strings.HasPrefix(base, "#")
}

// ReadCode reads an exercise's code (and config.json) from its folder. A
// folder edited into a broken state gives a *BrokenError.
func (w *Workspace) ReadCode(ex *Exercise) (Code, error) {
	rt := w.state.Runtime
	code := Code{Runtime: rt, Files: map[string]string{}}
	dir := w.ExerciseDir(ex)
	broken := func(p, format string, args ...any) (Code, error) {
		return Code{}, &BrokenError{Exercise: ex.ID, Path: p, Problem: fmt.Sprintf(format, args...)}
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return broken(dir, "the folder is missing")
	}
	if !fi.IsDir() {
		return broken(dir, "this should be a folder, not a file")
	}
	total := 0
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules" || d.Name() == "__pycache__") {
				return filepath.SkipDir
			}
			return nil
		}
		if ignored(rel) || !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		total += len(b)
		if total > MaxCodeBytes {
			return fmt.Errorf("the code is larger than %d KiB", MaxCodeBytes>>10)
		}
		code.Files[rel] = string(b)
		return nil
	})
	if err != nil {
		return broken(dir, "cannot read the code: %v", err)
	}
	if _, ok := code.Files[rt.MainFile()]; !ok {
		return broken(filepath.Join(dir, rt.MainFile()), "%s is missing: Lambda looks for the handler %s", rt.MainFile(), rt.Handler())
	}
	if ex.ConfigFile {
		b, err := os.ReadFile(filepath.Join(dir, "config.json"))
		if err != nil {
			return broken(filepath.Join(dir, "config.json"), "config.json is missing or unreadable")
		}
		code.Config = string(b)
	}
	return code, nil
}

// Edited reports whether any starter file of the exercise (README
// excepted) differs from what was handed out, or is gone.
func (w *Workspace) Edited(ex *Exercise) bool {
	for name, content := range w.starterFiles(ex) {
		if name == "README.md" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(w.ExerciseDir(ex), filepath.FromSlash(name)))
		if err != nil || string(b) != content {
			return true
		}
	}
	return false
}

// Reset writes the starter code (and config.json) of an exercise back,
// replacing the learner's version; other files in the folder stay.
func (w *Workspace) Reset(ex *Exercise) error {
	for name, content := range w.starterFiles(ex) {
		p := filepath.Join(w.ExerciseDir(ex), filepath.FromSlash(name))
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			if err := os.RemoveAll(p); err != nil {
				return fmt.Errorf("cannot replace the folder %s with the starter file: %w", p, err)
			}
		}
		if err := writeFile(p, content); err != nil {
			return err
		}
		w.state.Starters[ex.Dir+"/"+name] = hash(content)
	}
	return w.save()
}

// Fingerprint is a cheap summary of an exercise folder (names, sizes and
// modification times) that changes when a file is saved.
func (w *Workspace) Fingerprint(ex *Exercise) string {
	var b strings.Builder
	_ = filepath.WalkDir(w.ExerciseDir(ex), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if info, err := d.Info(); err == nil && !d.IsDir() {
			fmt.Fprintf(&b, "%s %d %d\n", p, info.Size(), info.ModTime().UnixNano())
		}
		return nil
	})
	return b.String()
}
