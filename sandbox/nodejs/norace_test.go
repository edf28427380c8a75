//go:build !race

package nodejs

const raceEnabled = false
