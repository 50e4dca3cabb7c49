package recorder

import (
	"fmt"
	"strconv"
	"strings"
)

// Mode says what a Recorder does with a request.
type Mode int

const (
	// Replay answers from the cassette only and never touches the network. A request without a
	// recorded answer fails with a *cassette.MissError. It is the zero Mode, so a Recorder that
	// was not told otherwise cannot reach a server.
	Replay Mode = iota
	// Record forwards every request upstream and appends the exchange to the cassette.
	Record
	// ReplayOrRecord answers from the cassette when it can, and forwards and records the rest.
	ReplayOrRecord
	// Passthrough forwards every request upstream and records nothing.
	Passthrough
)

var modeNames = [...]string{Replay: "replay", Record: "record", ReplayOrRecord: "replay-or-record", Passthrough: "passthrough"}

func (m Mode) String() string {
	if m >= 0 && int(m) < len(modeNames) {
		return modeNames[m]
	}
	return "Mode(" + strconv.Itoa(int(m)) + ")"
}

// ParseMode parses the name of a mode as String spells it.
func ParseMode(s string) (Mode, error) {
	for m, name := range modeNames {
		if s == name {
			return Mode(m), nil
		}
	}
	return 0, fmt.Errorf("unknown mode %q (want %s)", s, strings.Join(modeNames[:], ", "))
}

// Records reports whether m adds interactions to the cassette.
func (m Mode) Records() bool { return m == Record || m == ReplayOrRecord }

// Replays reports whether m answers from the cassette.
func (m Mode) Replays() bool { return m == Replay || m == ReplayOrRecord }

// valid reports whether m is one of the four modes.
func (m Mode) valid() bool { return m >= Replay && m <= Passthrough }
