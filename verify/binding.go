package verify

import (
	"encoding/json"
	"sort"
	"strings"
)

// A binder holds what one cassette has taught about the target: which value the target uses
// for each value the recording's server assigned. Nothing tells it which fields hold ids; it
// learns a binding wherever the recording and the target answer different strings that the
// client did not send, are not enum values and are not volatile, and it then holds the target to
// it: the same recorded value must come back as the same target value everywhere after, and two
// recorded values cannot share one target value.
type binder struct {
	fwd   map[string]string // recorded value -> target value
	rev   map[string]string // target value -> recorded value
	where map[string]string // recorded value -> where it was bound, for reports
	keys  []string          // recorded values that rewrite text, longest first

	// volatile holds, per field and recorded value, the target's value and where it was seen:
	// a volatile value is compared by shape, but must still be stable.
	volatile map[string][2]string

	// sent holds every string the client sent so far, as recorded: such a value is the
	// client's, never the server's, so it is compared as it is.
	sent map[string]bool

	// literal turns binding off: requests are sent as recorded and values compared as they
	// are, as a record/replay tool does. Only the tests use it, to show what binding adds.
	literal bool
}

func newBinder() *binder {
	return &binder{
		fwd: map[string]string{}, rev: map[string]string{}, where: map[string]string{},
		volatile: map[string][2]string{}, sent: map[string]bool{},
	}
}

// minRewrite is the shortest recorded value rewritten where it appears inside a longer string
// (a path, a query, a body, an alias that embeds a course id). Shorter values are rewritten only
// where they are a whole JSON string: "1" inside "10" is not an id.
const minRewrite = 4

func (b *binder) bind(recorded, target, where string) {
	b.fwd[recorded] = target
	b.rev[target] = recorded
	b.where[recorded] = where
	if len(recorded) >= minRewrite && recorded != target {
		i := sort.Search(len(b.keys), func(i int) bool { return len(b.keys[i]) < len(recorded) })
		b.keys = append(b.keys, "")
		copy(b.keys[i+1:], b.keys[i:])
		b.keys[i] = recorded
	}
}

// rewrite replaces every bound recorded value in s by its target value, where it stands on its
// own (not inside a longer run of letters and digits); escape encodes a replacement for where s
// is used (a path, a query, a JSON string).
func (b *binder) rewrite(s string, escape func(string) string) string {
	if b.literal {
		return s
	}
	if t, ok := b.fwd[s]; ok {
		return escape(t)
	}
	found := false
	for _, k := range b.keys {
		if strings.Contains(s, k) {
			found = true
			break
		}
	}
	if !found {
		return s
	}
	var out strings.Builder
	for i := 0; i < len(s); {
		matched := false
		if i == 0 || !isWordByte(s[i-1]) {
			for _, k := range b.keys {
				end := i + len(k)
				if strings.HasPrefix(s[i:], k) && (end == len(s) || !isWordByte(s[end])) {
					out.WriteString(escape(b.fwd[k]))
					i, matched = end, true
					break
				}
			}
		}
		if !matched {
			out.WriteByte(s[i])
			i++
		}
	}
	return out.String()
}

func isWordByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func verbatim(s string) string { return s }

// jsonEscape encodes s for the inside of a JSON string.
func jsonEscape(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}
