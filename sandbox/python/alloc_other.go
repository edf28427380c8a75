//go:build !unix

package python

import "sync/atomic"

// linearMemory is one instance's wasm memory, with growth past the
// function's memory size refused (CPython then raises MemoryError).
type linearMemory struct {
	buf     []byte
	limit   uint64
	refused atomic.Bool
}

func newLinearMemory(limit uint64) (*linearMemory, error) {
	return &linearMemory{limit: limit}, nil
}

func (m *linearMemory) Reallocate(size uint64) []byte {
	if size > m.limit {
		m.refused.Store(true)
		return nil
	}
	if uint64(cap(m.buf)) < size {
		nb := make([]byte, size, min(max(size, 2*uint64(cap(m.buf))), m.limit))
		copy(nb, m.buf)
		m.buf = nb
	}
	return m.buf[:size]
}

func (m *linearMemory) Free() { m.buf = nil }
