//go:build race

package exercises

// raceEnabled: the race detector slows code down about tenfold, so
// real-time limits are reached before memory limits.
const raceEnabled = true
