//go:build unix

package python

import (
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// linearMemory is one instance's wasm memory: address space reserved
// (inaccessible, so no overcommit policy counts it), made writable as the
// memory grows, pages backed only when touched, and growth past the limit
// refused (CPython then raises MemoryError).
type linearMemory struct {
	buf     []byte
	open    uint64        // bytes made writable
	reserve uint64        // address space reserved
	limit   atomic.Uint64 // growth allowed: the function's memory size
	refused atomic.Bool
}

func newLinearMemory(reserve, limit uint64) (*linearMemory, error) {
	buf, err := unix.Mmap(-1, 0, int(reserve), unix.PROT_NONE, unix.MAP_PRIVATE|unix.MAP_ANON|unix.MAP_NORESERVE)
	if err != nil {
		return nil, err
	}
	m := &linearMemory{buf: buf[:0], reserve: reserve}
	m.limit.Store(limit)
	return m, nil
}

func (m *linearMemory) Reallocate(size uint64) []byte {
	if size > m.limit.Load() || size > m.reserve {
		m.refused.Store(true)
		return nil
	}
	if size > m.open {
		if err := unix.Mprotect(m.buf[m.open:size], unix.PROT_READ|unix.PROT_WRITE); err != nil {
			m.refused.Store(true)
			return nil
		}
		m.open = size
	}
	return m.buf[:size]
}

func (m *linearMemory) Free() {
	if m.buf != nil {
		_ = unix.Munmap(m.buf[:m.reserve])
		m.buf = nil
	}
}
