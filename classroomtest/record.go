package classroomtest

import (
	"context"
	"errors"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/classroom-conformance/classroom-conformance/proxy"
	"github.com/classroom-conformance/classroom-conformance/proxy/cassette"
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
	copts := cassette.Options{Redactor: red}
	if Recording() {
		c := cassette.New(path, copts)
		t.Cleanup(func() {
			if t.Failed() {
				t.Logf("classroomtest: the test failed, so %s was not saved", path)
				return
			}
			if err := c.Save(context.Background()); err != nil {
				t.Errorf("classroomtest: %v", err)
			}
		})
		return &proxy.Transport{Mode: proxy.Record, Cassette: c, Upstream: opts.Upstream}
	}
	c, err := cassette.Load(context.Background(), path, copts)
	if errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("classroomtest: no recording %s; run the test once with %s=1 to make it", path, RecordEnv)
	}
	if err != nil {
		t.Fatalf("classroomtest: %v", err)
	}
	r := &replayer{rt: &proxy.Transport{Mode: proxy.Replay, Cassette: c}}
	t.Cleanup(func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		for _, m := range r.misses {
			t.Errorf("classroomtest: %s: %s", path, m)
		}
		for _, u := range c.Unused() {
			t.Errorf("classroomtest: %s: recorded interaction never replayed: %s", path, u)
		}
	})
	return r
}

// Recording reports whether RecordEnv asks Transport to record, for a test that must point its
// client at a live server only then.
func Recording() bool {
	v := strings.ToLower(strings.TrimSpace(os.Getenv(RecordEnv)))
	return v != "" && v != "0" && v != "false"
}

// replayer keeps the misses of a replaying Transport for the test's cleanup.
type replayer struct {
	rt     http.RoundTripper
	mu     sync.Mutex
	misses []string
}

func (r *replayer) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.rt.RoundTrip(req)
	var miss *cassette.MissError
	if errors.As(err, &miss) {
		r.mu.Lock()
		r.misses = append(r.misses, miss.Error())
		r.mu.Unlock()
	}
	return resp, err
}
