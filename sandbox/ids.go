package sandbox

import (
	"encoding/binary"
	"encoding/hex"
	"math/rand/v2"
	"time"
)

// FormatLogTime formats a virtual instant as Lambda's log lines do:
// 2019-06-07T19:11:20.562Z.
func FormatLogTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

// newRequestID draws a version 4 UUID from the seeded generator.
func newRequestID(r *rand.Rand) string {
	a, b := r.Uint64(), r.Uint64()
	a = a&^(0xf<<12) | 0x4<<12 // version 4
	b = b&^(0x3<<62) | 0x2<<62 // RFC 4122 variant
	var raw [16]byte
	binary.BigEndian.PutUint64(raw[:8], a)
	binary.BigEndian.PutUint64(raw[8:], b)
	var out [36]byte
	hex.Encode(out[0:8], raw[0:4])
	out[8] = '-'
	hex.Encode(out[9:13], raw[4:6])
	out[13] = '-'
	hex.Encode(out[14:18], raw[6:8])
	out[18] = '-'
	hex.Encode(out[19:23], raw[8:10])
	out[23] = '-'
	hex.Encode(out[24:36], raw[10:16])
	return string(out[:])
}

// newLogStream names the log stream of a new execution environment:
// YYYY/MM/DD/[version]<32 hex>.
func newLogStream(t time.Time, version string, r *rand.Rand) string {
	b := make([]byte, 0, 48+len(version))
	b = t.UTC().AppendFormat(b, "2006/01/02")
	b = append(b, "/["...)
	b = append(b, version...)
	b = append(b, ']')
	b = appendHex16(b, r.Uint64())
	b = appendHex16(b, r.Uint64())
	return string(b)
}

// appendHex16 appends v as 16 lower-case hex digits (fmt's %016x).
func appendHex16(b []byte, v uint64) []byte {
	for shift := 60; shift >= 0; shift -= 4 {
		b = append(b, "0123456789abcdef"[v>>uint(shift)&0xf])
	}
	return b
}
