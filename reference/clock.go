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
