//go:build !unix

package python

import "sync/atomic"

// linearMemory is one instance's wasm memory, with growth past the
// function's memory size refused (CPython then raises MemoryError).
type linearMemory struct {
	buf     []byte
	reserve uint64        // address space reserved
	limit   atomic.Uint64 // growth allowed: the function's memory size
	refused atomic.Bool
}

func newLinearMemory(reserve, limit uint64) (*linearMemory, error) {
	m := &linearMemory{reserve: reserve}
	m.limit.Store(limit)
	return m, nil
}

func (m *linearMemory) Reallocate(size uint64) []byte {
	if size > m.limit.Load() || size > m.reserve {
		m.refused.Store(true)
		return nil
	}
	if uint64(cap(m.buf)) < size {
		nb := make([]byte, size, min(max(size, 2*uint64(cap(m.buf))), m.reserve))
		copy(nb, m.buf)
		m.buf = nb
	}
	return m.buf[:size]
}

func (m *linearMemory) Free() { m.buf = nil }
