package sim

import "math/bits"

// hist is a log-linear histogram of latencies in microseconds: exact below
// 128 µs, then 128 buckets per power of two (at most 0.8% off), and
// quantiles clamped to the exact minimum and maximum. Adding is a
// few instructions; memory is fixed whatever the number of samples.
type hist struct {
	n        int64
	min, max float64
	counts   [histSize]uint64
}

const (
	histSub  = 7
	histSize = 27 << histSub
)

func histIndex(us uint64) int {
	if us < 1<<histSub {
		return int(us)
	}
	e := bits.Len64(us) - histSub - 1
	i := e<<histSub + int(us>>uint(e))
	if i >= histSize {
		i = histSize - 1
	}
	return i
}

// histValue is the middle of bucket i, in microseconds.
func histValue(i int) float64 {
	if i < 1<<histSub {
		return float64(i)
	}
	e := i>>histSub - 1
	m := i - e<<histSub
	lo := float64(uint64(m) << uint(e))
	return lo + float64(uint64(1)<<uint(e))/2
}

func (h *hist) add(ms float64, n int64) {
	if h.n == 0 || ms < h.min {
		h.min = ms
	}
	if ms > h.max {
		h.max = ms
	}
	h.n += n
	h.counts[histIndex(uint64(ms*1000))] += uint64(n)
}

func (h *hist) count(i int) uint64 { return h.counts[i] }

// quantiles fills out with the q-quantiles (ms) of qs, in order.
func (h *hist) quantiles(qs []float64, out []float64) {
	for k := range out {
		out[k] = 0
	}
	if h.n == 0 {
		return
	}
	var cum uint64
	k := 0
	for i := 0; i < histSize && k < len(qs); i++ {
		cum += h.count(i)
		for k < len(qs) && float64(cum) >= qs[k]*float64(h.n) && cum > 0 {
			out[k] = min(h.max, max(h.min, histValue(i)/1000))
			k++
		}
	}
}

func (h *hist) maxMs() float64 { return h.max }

func (h *hist) reset() {
	h.n, h.min, h.max = 0, 0, 0
	h.counts = [histSize]uint64{}
}
