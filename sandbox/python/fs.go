package python

import (
	"encoding/binary"
	"io"
	"io/fs"
	"os"
	"sync"
	"sync/atomic"
	"testing/fstest"

	experimentalsys "github.com/tetratelabs/wazero/experimental/sys"
	"github.com/tetratelabs/wazero/experimental/sysfs"
	"github.com/tetratelabs/wazero/sys"
)

// channelDir is where the bootstrap finds its channel to the host: the
// only way results leave the interpreter, so that nothing a handler prints
// (even to sys.__stdout__) can pass for a result. It opens once.
const channelDir = "/dev/lambdatutor"

// channel carries framed messages between the host and the bootstrap:
// a 4-byte big-endian length, then the payload. Reads block until the
// host sends a message; closing the channel ends the interpreter's loop.
type channel struct {
	experimentalsys.UnimplementedFS
	tmp    *tmpDir // its "tmp-full" entry exists while /tmp has refused a write
	opened atomic.Bool
	in     chan []byte   // host -> guest messages
	out    chan []byte   // guest -> host messages
	ready  chan struct{} // closed at the guest's first read
	once   sync.Once
	closed chan struct{}
	close1 sync.Once

	// wantSnapshot makes the "snapshot" entry exist, which asks the
	// bootstrap to stop at the snapshot point; armed is set when it
	// looks, and the next clock read takes the snapshot (snapshot.go).
	wantSnapshot atomic.Bool
	armed        atomic.Bool

	// sdk answers an SDK call frame (kind 'M' or 'A') on the guest's own thread,
	// without a trip through the host's goroutines: the answer is the
	// guest's next read (aws.go).
	sdk func(req []byte) []byte
}

func newChannel(tmp *tmpDir) *channel {
	return &channel{tmp: tmp, in: make(chan []byte, 1), out: make(chan []byte, 1), ready: make(chan struct{}), closed: make(chan struct{})}
}

// shut ends the channel: a guest waiting for a message reads end of file.
func (c *channel) shut() { c.close1.Do(func() { close(c.closed) }) }

func (c *channel) OpenFile(path string, _ experimentalsys.Oflag, _ fs.FileMode) (experimentalsys.File, experimentalsys.Errno) {
	switch path {
	case ".", "":
		return &emptyDir{}, 0
	case "channel":
		if c.opened.Swap(true) {
			return nil, experimentalsys.EACCES
		}
		return &channelFile{c: c}, 0
	}
	return nil, experimentalsys.ENOENT
}

func (c *channel) Stat(path string) (sys.Stat_t, experimentalsys.Errno) {
	if path == "." || path == "" {
		return sys.Stat_t{Mode: fs.ModeDir | 0o500, Nlink: 1}, 0
	}
	if path == "tmp-full" && c.tmp != nil && c.tmp.full.Load() {
		return sys.Stat_t{Mode: 0o400, Nlink: 1}, 0
	}
	if path == "snapshot" && c.wantSnapshot.Swap(false) {
		c.armed.Store(true)
		return sys.Stat_t{Mode: 0o400, Nlink: 1}, 0
	}
	return sys.Stat_t{}, experimentalsys.ENOENT
}

// send hands the guest one message.
func (c *channel) send(msg []byte) bool {
	select {
	case c.in <- msg:
		return true
	case <-c.closed:
		return false
	}
}

type channelFile struct {
	experimentalsys.UnimplementedFile
	c       *channel
	pending []byte
	partial []byte
}

func (f *channelFile) IsDir() (bool, experimentalsys.Errno) { return false, 0 }

func (f *channelFile) Stat() (sys.Stat_t, experimentalsys.Errno) {
	return sys.Stat_t{Mode: fs.ModeCharDevice | 0o600, Nlink: 1}, 0
}

func (f *channelFile) Read(p []byte) (int, experimentalsys.Errno) {
	if len(f.pending) == 0 {
		f.c.once.Do(func() {
			if f.c.wantSnapshot.Swap(false) || f.c.armed.Swap(false) {
				snapshotMissed() // the bootstrap passed the snapshot point without stopping
			}
			close(f.c.ready)
		})
		select {
		case msg := <-f.c.in:
			f.pending = binary.BigEndian.AppendUint32(make([]byte, 0, 4+len(msg)), uint32(len(msg)))
			f.pending = append(f.pending, msg...)
		case <-f.c.closed:
			return 0, 0
		}
	}
	n := copy(p, f.pending)
	f.pending = f.pending[n:]
	return n, 0
}

func (f *channelFile) Write(p []byte) (int, experimentalsys.Errno) {
	f.partial = append(f.partial, p...)
	for len(f.partial) >= 4 {
		n := int(binary.BigEndian.Uint32(f.partial))
		if len(f.partial) < 4+n {
			break
		}
		msg := append([]byte(nil), f.partial[4:4+n]...)
		f.partial = f.partial[4+n:]
		if len(msg) > 0 && (msg[0] == 'M' || msg[0] == 'A') && f.c.sdk != nil {
			ans := f.c.sdk(msg)
			f.pending = binary.BigEndian.AppendUint32(make([]byte, 0, 4+len(ans)), uint32(len(ans)))
			f.pending = append(f.pending, ans...)
			continue
		}
		select {
		case f.c.out <- msg:
		case <-f.c.closed:
			return 0, experimentalsys.EBADF
		}
	}
	return len(p), 0
}

type emptyDir struct {
	experimentalsys.UnimplementedFile
}

func (emptyDir) IsDir() (bool, experimentalsys.Errno) { return true, 0 }
func (emptyDir) Stat() (sys.Stat_t, experimentalsys.Errno) {
	return sys.Stat_t{Mode: fs.ModeDir | 0o500, Nlink: 1}, 0
}
func (emptyDir) Readdir(int) ([]experimentalsys.Dirent, experimentalsys.Errno) { return nil, 0 }

// tmpDir is an execution environment's /tmp: a private host directory
// whose total size is held to the ephemeral storage setting. A write
// past it fails with EIO (WASI as wazero implements it has no ENOSPC; the
// bootstrap reports an unhandled one as Lambda's ENOSPC).
type tmpDir struct {
	experimentalsys.FS
	root  string
	used  atomic.Int64
	limit atomic.Int64
	full  atomic.Bool
}

// newTmpDir makes an empty /tmp; its host directory is made by create,
// when an execution environment takes the interpreter (an interpreter
// waiting in the pool writes nothing).
func newTmpDir(limit int64) *tmpDir {
	t := &tmpDir{FS: &sysfs.AdaptFS{FS: fstest.MapFS{}}}
	t.limit.Store(limit)
	return t
}

// create makes the host directory. The interpreter is waiting for its
// INIT message meanwhile, so nothing reads t.FS.
func (t *tmpDir) create() error {
	root, err := os.MkdirTemp("", "lambdatutor-tmp-")
	if err != nil {
		return err
	}
	t.FS, t.root = sysfs.DirFS(root), root
	return nil
}

func (t *tmpDir) remove() {
	if t.root != "" {
		_ = os.RemoveAll(t.root)
	}
}

func (t *tmpDir) size(path string) int64 {
	st, errno := t.FS.Stat(path)
	if errno != 0 || st.Mode.IsDir() {
		return 0
	}
	return st.Size
}

func (t *tmpDir) OpenFile(path string, flag experimentalsys.Oflag, perm fs.FileMode) (experimentalsys.File, experimentalsys.Errno) {
	before := int64(0)
	if flag&experimentalsys.O_TRUNC != 0 {
		before = t.size(path)
	}
	f, errno := t.FS.OpenFile(path, flag, perm)
	if errno != 0 {
		return nil, errno
	}
	t.used.Add(-before)
	return &tmpFile{File: f, t: t}, 0
}

func (t *tmpDir) Unlink(path string) experimentalsys.Errno {
	n := t.size(path)
	if errno := t.FS.Unlink(path); errno != 0 {
		return errno
	}
	t.used.Add(-n)
	return 0
}

func (t *tmpDir) Rename(from, to string) experimentalsys.Errno {
	n := t.size(to)
	if errno := t.FS.Rename(from, to); errno != 0 {
		return errno
	}
	t.used.Add(-n)
	return 0
}

type tmpFile struct {
	experimentalsys.File
	t *tmpDir
}

func (f *tmpFile) fileSize() int64 {
	st, errno := f.File.Stat()
	if errno != 0 {
		return 0
	}
	return st.Size
}

// grow checks that ending a write at end fits, and returns the size
// before it.
func (f *tmpFile) grow(end int64) (int64, experimentalsys.Errno) {
	size := f.fileSize()
	if end > size && f.t.used.Load()+end-size > f.t.limit.Load() {
		f.t.full.Store(true)
		return size, experimentalsys.EIO
	}
	return size, 0
}

func (f *tmpFile) account(before int64) { f.t.used.Add(f.fileSize() - before) }

func (f *tmpFile) Write(p []byte) (int, experimentalsys.Errno) {
	off := int64(0)
	if f.File.IsAppend() {
		off = f.fileSize()
	} else if o, errno := f.File.Seek(0, io.SeekCurrent); errno == 0 {
		off = o
	}
	before, errno := f.grow(off + int64(len(p)))
	if errno != 0 {
		return 0, errno
	}
	n, errno := f.File.Write(p)
	f.account(before)
	return n, errno
}

func (f *tmpFile) Pwrite(p []byte, off int64) (int, experimentalsys.Errno) {
	before, errno := f.grow(off + int64(len(p)))
	if errno != 0 {
		return 0, errno
	}
	n, errno := f.File.Pwrite(p, off)
	f.account(before)
	return n, errno
}

func (f *tmpFile) Truncate(size int64) experimentalsys.Errno {
	before, errno := f.grow(size)
	if errno != 0 {
		return errno
	}
	errno = f.File.Truncate(size)
	f.account(before)
	return errno
}

// taskFS is /var/task: the function's code, read-only, given when an
// interpreter started ahead of time is bound to an environment.
type taskFS struct{ files atomic.Pointer[fstest.MapFS] }

func newTaskFS() *taskFS {
	t := &taskFS{}
	t.files.Store(&fstest.MapFS{})
	return t
}

func (t *taskFS) set(files map[string]string) {
	m := fstest.MapFS{}
	for name, src := range files {
		m[name] = &fstest.MapFile{Data: []byte(src), Mode: 0o444}
	}
	t.files.Store(&m)
}

func (t *taskFS) Open(name string) (fs.File, error) { return t.files.Load().Open(name) }
