//go:build race

package verify

// raceEnabled reports a build with the race detector, which slows the two sides of a timing
// comparison unequally.
const raceEnabled = true
