package reference

import (
	"sync"
	"time"
)

// SteppingClock returns a clock for Options.Now that starts at start and moves one millisecond
// at every reading. A server on it, sent the same requests in the same order, answers the same
// bytes every time: timestamps are distinct and reproducible.
func SteppingClock(start time.Time) func() time.Time {
	var (
		mu  sync.Mutex
		now = start
	)
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(time.Millisecond)
		return now
	}
}

// millisecondClock reads clock at the precision of Google's timestamps, and never gives the same
// or an earlier time twice: a reading within the millisecond of the last one is a millisecond
// later. Every change a server records then has its own updateTime, so that orderBy updateTime
// and "the most recent change" mean the same thing however fast requests come.
func millisecondClock(clock func() time.Time) func() time.Time {
	var (
		mu   sync.Mutex
		last time.Time
	)
	return func() time.Time {
		now := clock().Truncate(time.Millisecond)
		mu.Lock()
		defer mu.Unlock()
		if !now.After(last) {
			now = last.Add(time.Millisecond)
		}
		last = now
		return now
	}
}
