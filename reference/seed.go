package reference

// Seeds. A recording made against the reference is only a portable test if replaying it against
// another server proves that the replayer learnt that server's ids rather than found the same
// ones by luck. Options.Seed makes the reference such another server: every id, enrolment code and
// value derived from them (links, group emails, Drive folders, page tokens of the lists under
// them) comes out different, while the sequence of answers stays deterministic.
//
// The seed moves where the id sequence starts; the formats of the ids are left to the
// generators in store.go. Seed 0 starts where it always has, so recordings made without a seed
// keep their bytes.

// seedFloor keeps a seeded sequence clear of the first ids of an unseeded one: a whole run of
// the conformance suite hands out fewer.
const seedFloor = 10_000

// seedSpan bounds where a seeded sequence starts, so that numeric ids keep their 12 digits for
// the hundreds of thousands of objects a long-running emulator may create.
const seedSpan = 190_000

// seqStart returns where the id sequence of a server with this seed starts.
func seqStart(seed int64) int64 {
	if seed == 0 {
		return 0
	}
	// SplitMix64's finaliser: neighbouring seeds start far apart.
	z := uint64(seed) + 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	z ^= z >> 31
	return seedFloor + int64(z%seedSpan)
}
