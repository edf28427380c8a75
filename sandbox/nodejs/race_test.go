//go:build race

package nodejs

// raceEnabled: under the race detector goja's String.prototype.match,
// which the replace check uses to count matches, allocates about the
// input's size for every match, so the host's allocation says nothing
// about the checks.
const raceEnabled = true
