package classroomtest

import (
	"context"
	"errors"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/classroom-conformance/classroom-conformance/proxy/cassette"
	"github.com/classroom-conformance/classroom-conformance/proxy/recorder"
	"github.com/classroom-conformance/classroom-conformance/redact"
)

// RecordEnv is the environment variable that makes Transport record: set to anything but "",
// "0" or "false", every Transport records afresh; otherwise they replay.
const RecordEnv = "CLASSROOM_RECORD"

// RecordOptions configure Transport. The zero value (or nil) records through
// http.DefaultTransport to testdata/NAME.yaml with the built-in redactions.
type RecordOptions struct {
	// Upstream sends the requests while recording; put the credentials here (an
	// oauth2.Transport, say). Nil means http.DefaultTransport. It is not used in replay.
	Upstream http.RoundTripper
	// Dir is where cassettes are kept; "" means "testdata".
	Dir string
	// RedactHeaders and RedactJSON name more headers and JSON paths (e.g. "course.ownerId",
	// "..email") to redact, beyond credentials, which are always redacted.
	RedactHeaders, RedactJSON []string
}

// Transport returns an http.RoundTripper for one test's Classroom traffic, like go-vcr's
// recorder: with RecordEnv set it sends requests through opts.Upstream and records them,
// redacted, to testdata/NAME.yaml, saved when the test passes (a failing test leaves the old
// recording alone); otherwise it answers them from that file, with no network. In replay, a
// request that was not recorded gets an error naming the closest recorded one, and the test fails
// at cleanup for it and for every recorded interaction no request used.
func Transport(t testing.TB, name string, opts *RecordOptions) http.RoundTripper {
	t.Helper()
	if opts == nil {
		opts = &RecordOptions{}
	}
	dir := opts.Dir
	if dir == "" {
		dir = "testdata"
	}
	path := filepath.Join(dir, name+".yaml")
	red, err := redact.New(redact.Options{Headers: opts.RedactHeaders, JSONPaths: opts.RedactJSON})
	if err != nil {
		t.Fatalf("classroomtest: %v", err)
	}
	ropts := recorder.Options{Mode: recorder.Replay, Cassette: cassette.Options{Redactor: red}, Upstream: opts.Upstream}
	if Recording() {
		ropts.Mode, ropts.Overwrite = recorder.Record, true
	}
	rec, err := recorder.Open(context.Background(), path, ropts)
	if errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("classroomtest: no recording %s; run the test once with %s=1 to make it", path, RecordEnv)
	}
	if err != nil {
		t.Fatalf("classroomtest: %v", err)
	}
	t.Cleanup(func() {
		if Recording() && t.Failed() {
			// A failed test leaves the previous recording alone.
			rec.Discard()
			t.Logf("classroomtest: the test failed, so %s was not saved", path)
			return
		}
		// Close saves a recording, or reports the misses and unused interactions of a replay.
		var replay *recorder.ReplayError
		switch err := rec.Close(); {
		case errors.As(err, &replay):
			for _, m := range replay.Misses {
				t.Errorf("classroomtest: %s: %s", path, m)
			}
			if n := replay.Missed - int64(len(replay.Misses)); n > 0 {
				t.Errorf("classroomtest: %s: %d more request(s) had no recorded answer", path, n)
			}
			for _, u := range replay.Unused {
				t.Errorf("classroomtest: %s: recorded interaction never replayed: %s", path, u)
			}
		case err != nil:
			t.Errorf("classroomtest: %v", err)
		}
	})
	return rec
}

// Recording reports whether RecordEnv asks Transport to record, for a test that must point its
// client at a live server only then.
func Recording() bool {
	v := strings.ToLower(strings.TrimSpace(os.Getenv(RecordEnv)))
	return v != "" && v != "0" && v != "false"
}
