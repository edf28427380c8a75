package sandbox

import (
	"path"
	"sort"
	"strings"
	"sync"
)

// TaskRoot is where the function's code appears, read-only.
const TaskRoot = "/var/task"

// FSError is a failed file operation with the POSIX code Node and Python
// both report (ENOENT, ENOSPC, EROFS, EISDIR, ENOTDIR, EEXIST, ENOTEMPTY).
type FSError struct {
	Code    string
	Errno   int
	Syscall string
	Path    string
}

var fsMessages = map[string]struct {
	errno int
	text  string
}{
	"ENOENT":    {2, "no such file or directory"},
	"EEXIST":    {17, "file already exists"},
	"ENOTDIR":   {20, "not a directory"},
	"EISDIR":    {21, "illegal operation on a directory"},
	"ENOSPC":    {28, "no space left on device"},
	"EROFS":     {30, "read-only file system"},
	"ENOTEMPTY": {39, "directory not empty"},
}

// Text is the description of the code, as Node prints it.
func (e *FSError) Text() string { return fsMessages[e.Code].text }

// Error reads like Node's: "ENOENT: no such file or directory, open '/tmp/x'".
func (e *FSError) Error() string {
	return e.Code + ": " + e.Text() + ", " + e.Syscall + " '" + e.Path + "'"
}

func fsErr(code, syscall, p string) *FSError {
	return &FSError{Code: code, Errno: fsMessages[code].errno, Syscall: syscall, Path: p}
}

// TmpFS is an execution environment's file system: a writable /tmp held
// in memory and sized by the ephemeral storage setting, and the function's
// code read-only under /var/task. Nothing of the host is reachable.
type TmpFS struct {
	mu    sync.Mutex
	files map[string]*file
	dirs  map[string]bool
	code  map[string]string
	used  int64
	limit int64
}

// NewTmpFS makes a file system with limitBytes of /tmp and the code files.
func NewTmpFS(limitBytes int64, code map[string]string) *TmpFS {
	return &TmpFS{files: map[string]*file{}, dirs: map[string]bool{"/tmp": true}, code: code, limit: limitBytes}
}

// file is a file's content in chunks, so that appending stays cheap.
type file struct {
	chunks [][]byte
	size   int64
}

func (f *file) bytes() []byte {
	out := make([]byte, 0, f.size)
	for _, c := range f.chunks {
		out = append(out, c...)
	}
	return out
}

// CleanPath resolves a path against /var/task (the working directory) and
// cleans it.
func CleanPath(p string) string {
	if !strings.HasPrefix(p, "/") {
		p = TaskRoot + "/" + p
	}
	return path.Clean(p)
}

func inTmp(p string) bool { return p == "/tmp" || strings.HasPrefix(p, "/tmp/") }

// Used returns the bytes stored in /tmp.
func (fs *TmpFS) Used() int64 {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.used
}

// ReadFile returns a file's content.
func (fs *TmpFS) ReadFile(p string) ([]byte, error) {
	p = CleanPath(p)
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if rel, ok := strings.CutPrefix(p, TaskRoot+"/"); ok {
		if s, ok := fs.code[rel]; ok {
			return []byte(s), nil
		}
	}
	if fs.dirs[p] || p == TaskRoot {
		return nil, fsErr("EISDIR", "read", p)
	}
	f, ok := fs.files[p]
	if !ok {
		return nil, fsErr("ENOENT", "open", p)
	}
	return f.bytes(), nil
}

func (fs *TmpFS) checkParent(p, syscall string) error {
	if !inTmp(p) || p == "/tmp" {
		if strings.HasPrefix(p, TaskRoot) || p == "/tmp" {
			return fsErr("EROFS", syscall, p)
		}
		if fs.dirs[path.Dir(p)] {
			return fsErr("EROFS", syscall, p)
		}
		return fsErr("ENOENT", syscall, p)
	}
	dir := path.Dir(p)
	if !fs.dirs[dir] {
		if _, isFile := fs.files[dir]; isFile {
			return fsErr("ENOTDIR", syscall, p)
		}
		return fsErr("ENOENT", syscall, p)
	}
	if fs.dirs[p] {
		return fsErr("EISDIR", syscall, p)
	}
	return nil
}

// WriteFile replaces a file in /tmp, or fails with ENOSPC when /tmp is full.
func (fs *TmpFS) WriteFile(p string, data []byte) error {
	return fs.write(CleanPath(p), data, false)
}

// AppendFile appends to a file in /tmp, creating it.
func (fs *TmpFS) AppendFile(p string, data []byte) error {
	return fs.write(CleanPath(p), data, true)
}

func (fs *TmpFS) write(p string, data []byte, appendTo bool) error {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if err := fs.checkParent(p, "open"); err != nil {
		return err
	}
	f := fs.files[p]
	if f == nil || !appendTo {
		f = &file{}
	}
	grow := int64(len(data))
	if old := fs.files[p]; old != nil && !appendTo {
		grow -= old.size
	}
	if fs.used+grow > fs.limit {
		return fsErr("ENOSPC", "write", p)
	}
	fs.used += grow
	f.chunks = append(f.chunks, append([]byte(nil), data...))
	f.size += int64(len(data))
	fs.files[p] = f
	return nil
}

// Stat reports whether a path exists, whether it is a directory, and a
// file's size.
func (fs *TmpFS) Stat(p string) (isDir bool, size int64, err error) {
	p = CleanPath(p)
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if fs.dirs[p] || p == TaskRoot {
		return true, 0, nil
	}
	if f, ok := fs.files[p]; ok {
		return false, f.size, nil
	}
	if rel, ok := strings.CutPrefix(p, TaskRoot+"/"); ok {
		if s, ok := fs.code[rel]; ok {
			return false, int64(len(s)), nil
		}
	}
	return false, 0, fsErr("ENOENT", "stat", p)
}

// Mkdir makes a directory in /tmp; with parents it makes the missing
// parents too and accepts an existing directory.
func (fs *TmpFS) Mkdir(p string, parents bool) error {
	p = CleanPath(p)
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if parents {
		if fs.dirs[p] {
			return nil
		}
		if !inTmp(p) {
			return fsErr("EROFS", "mkdir", p)
		}
		for d := p; d != "/tmp"; d = path.Dir(d) {
			if _, isFile := fs.files[d]; isFile {
				return fsErr("ENOTDIR", "mkdir", p)
			}
		}
		for d := p; d != "/tmp"; d = path.Dir(d) {
			fs.dirs[d] = true
		}
		return nil
	}
	if fs.dirs[p] {
		return fsErr("EEXIST", "mkdir", p)
	}
	if err := fs.checkParent(p, "mkdir"); err != nil {
		return err
	}
	if _, isFile := fs.files[p]; isFile {
		return fsErr("EEXIST", "mkdir", p)
	}
	fs.dirs[p] = true
	return nil
}

// Remove deletes a file, or an empty directory.
func (fs *TmpFS) Remove(p string) error {
	p = CleanPath(p)
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if !inTmp(p) || p == "/tmp" {
		if _, err := fs.statLocked(p); err != nil {
			return fsErr("ENOENT", "unlink", p)
		}
		return fsErr("EROFS", "unlink", p)
	}
	if f, ok := fs.files[p]; ok {
		fs.used -= f.size
		delete(fs.files, p)
		return nil
	}
	if fs.dirs[p] {
		for q := range fs.files {
			if strings.HasPrefix(q, p+"/") {
				return fsErr("ENOTEMPTY", "rmdir", p)
			}
		}
		for q := range fs.dirs {
			if strings.HasPrefix(q, p+"/") {
				return fsErr("ENOTEMPTY", "rmdir", p)
			}
		}
		delete(fs.dirs, p)
		return nil
	}
	return fsErr("ENOENT", "unlink", p)
}

func (fs *TmpFS) statLocked(p string) (bool, error) {
	if fs.dirs[p] || p == TaskRoot {
		return true, nil
	}
	if _, ok := fs.files[p]; ok {
		return false, nil
	}
	if rel, ok := strings.CutPrefix(p, TaskRoot+"/"); ok {
		if _, ok := fs.code[rel]; ok {
			return false, nil
		}
	}
	return false, fsErr("ENOENT", "stat", p)
}

// ReadDir lists the names directly inside a directory, sorted.
func (fs *TmpFS) ReadDir(p string) ([]string, error) {
	p = CleanPath(p)
	fs.mu.Lock()
	defer fs.mu.Unlock()
	isDir, err := fs.statLocked(p)
	if err != nil {
		return nil, fsErr("ENOENT", "scandir", p)
	}
	if !isDir {
		return nil, fsErr("ENOTDIR", "scandir", p)
	}
	seen := map[string]bool{}
	add := func(full string) {
		if rest, ok := strings.CutPrefix(full, p+"/"); ok && rest != "" {
			seen[strings.SplitN(rest, "/", 2)[0]] = true
		}
	}
	for q := range fs.files {
		add(q)
	}
	for q := range fs.dirs {
		add(q)
	}
	if p == TaskRoot || strings.HasPrefix(p, TaskRoot+"/") {
		for rel := range fs.code {
			add(TaskRoot + "/" + rel)
		}
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	return names, nil
}
