package proxy

import "github.com/classroom-conformance/classroom-conformance/proxy/recorder"

// Mode says what a Proxy does with a request; it is the recorder's Mode.
type Mode = recorder.Mode

// The modes, as package recorder defines them.
const (
	Replay         = recorder.Replay
	Record         = recorder.Record
	ReplayOrRecord = recorder.ReplayOrRecord
	Passthrough    = recorder.Passthrough
)

// ParseMode parses the name of a mode ("record", "replay", "replay-or-record", "passthrough").
func ParseMode(s string) (Mode, error) { return recorder.ParseMode(s) }

// DefaultMaxBody is the largest request body accepted when MaxBody is zero: 10 MiB, the limit
// Google's front end applies to JSON API requests.
const DefaultMaxBody = recorder.DefaultMaxBody
