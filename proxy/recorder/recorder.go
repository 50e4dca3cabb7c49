// Package recorder opens a cassette in a mode and gives an http.RoundTripper that records to it,
// replays from it, or passes requests through, with one lifecycle whatever uses it (the suite's
// scenarios, the proxy, a test): Open, send requests through the Recorder, Close. Close saves a
// recording (atomically, and only when something was recorded) or reports what a replay missed
// and left unused; Discard drops a recording that must not replace a good cassette. It is
// shaped like go-vcr's recorder, and keeps its matching, redaction and file format in package
// cassette.
package recorder

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/classroom-conformance/classroom-conformance/proxy/cassette"
)

// Options say how a Recorder works. The zero value replays, matches on method, path, query and
// body, and applies the built-in redactions.
type Options struct {
	// Mode is what the Recorder does; the zero value is Replay.
	Mode Mode
	// Cassette says how requests are matched and what is redacted (for a cassette Open loads
	// or creates).
	Cassette cassette.Options
	// Overwrite lets Record mode replace a cassette that already holds interactions. Without
	// it Open refuses, so that a recording is never lost by starting another one by mistake;
	// ReplayOrRecord extends a cassette instead.
	Overwrite bool
	// Upstream sends the requests that are not replayed. Nil means http.DefaultTransport.
	Upstream http.RoundTripper
	// Actor labels the caller of a request in the cassette (see cassette.ActorHeader and
	// endpoint.Labeller). Nil leaves requests unlabelled.
	Actor func(*http.Request) string
	// MaxBody is the largest request body accepted; zero means DefaultMaxBody.
	MaxBody int64
	// MaxResponseBody is the largest upstream answer recorded; zero means
	// DefaultMaxResponseBody.
	MaxResponseBody int64
	// Now is the clock that times recorded exchanges. Nil means time.Now.
	Now func() time.Time
	// SaveEmpty makes Close write the cassette in Record mode even when the session recorded
	// nothing: a session that sends no request (a scenario without one) still leaves a
	// cassette, so that its replay finds one. Without it, such a session leaves the file as it
	// was.
	SaveEmpty bool
}

// ErrWouldOverwrite is Open's answer to recording over a cassette that holds interactions
// without Options.Overwrite.
var ErrWouldOverwrite = errors.New("a recording would replace them")

// ErrClosed reports a request sent through a Recorder after Close or Discard.
var ErrClosed = errors.New("recorder closed")

// A Recorder is an http.RoundTripper bound to one cassette in one mode. It is safe for
// concurrent use.
type Recorder struct {
	opts     Options
	cassette *cassette.Cassette // nil in Passthrough mode

	recorded atomic.Int64
	replayed atomic.Int64
	missed   atomic.Int64
	closed   atomic.Bool
	saved    atomic.Bool

	mu     sync.Mutex
	misses []string // the first maxMisses misses, for the report
}

// maxMisses bounds the misses a ReplayError lists.
const maxMisses = 5

// Open opens the cassette at path in opts.Mode: Replay loads it (a missing or unreadable one is
// a *cassette.LoadError); ReplayOrRecord loads it, or starts an empty one if there is no file;
// Record starts an empty one, refusing to replace one that holds interactions unless
// opts.Overwrite; Passthrough ignores path.
func Open(ctx context.Context, path string, opts Options) (*Recorder, error) {
	if !opts.Mode.valid() {
		return nil, fmt.Errorf("recorder: unknown mode %s", opts.Mode)
	}
	if path == "" && opts.Mode != Passthrough {
		return nil, fmt.Errorf("recorder: %s mode needs a cassette", opts.Mode)
	}
	var c *cassette.Cassette
	var err error
	switch opts.Mode {
	case Replay:
		c, err = cassette.Load(ctx, path, opts.Cassette)
	case ReplayOrRecord:
		c, err = cassette.Load(ctx, path, opts.Cassette)
		if errors.Is(err, fs.ErrNotExist) {
			c, err = cassette.New(path, opts.Cassette), nil
		}
	case Record:
		if !opts.Overwrite {
			if err := refuseOverwrite(ctx, path, opts.Cassette); err != nil {
				return nil, err
			}
		}
		co := opts.Cassette
		co.RecordOnly = true // nothing is replayed: keep only what is saved
		c = cassette.New(path, co)
	}
	if err != nil {
		return nil, err
	}
	return New(c, opts), nil
}

// refuseOverwrite fails when path holds a cassette with interactions, or a file that is not a
// cassette at all (it may be someone's recording in another layout).
func refuseOverwrite(ctx context.Context, path string, opts cassette.Options) error {
	st, err := os.Stat(path)
	if err != nil || st.Size() == 0 {
		return nil
	}
	old, err := cassette.Load(ctx, path, opts)
	if err != nil {
		return fmt.Errorf("%s exists and is not a cassette this tool can read (%v); %w", path, err, ErrWouldOverwrite)
	}
	if n := old.Len(); n > 0 {
		return fmt.Errorf("%s holds %d interactions: %w", path, n, ErrWouldOverwrite)
	}
	return nil
}

// New returns a Recorder around c, which the caller has loaded or created (c may be nil in
// Passthrough mode). opts.Cassette and opts.Overwrite do not apply: c has its own options.
func New(c *cassette.Cassette, opts Options) *Recorder {
	return &Recorder{opts: opts, cassette: c}
}

// Mode returns the Recorder's mode.
func (r *Recorder) Mode() Mode { return r.opts.Mode }

// Cassette returns the cassette the Recorder records to or replays from (nil in Passthrough).
func (r *Recorder) Cassette() *cassette.Cassette { return r.cassette }

// Stats counts what a Recorder did.
type Stats struct {
	Recorded int64 // interactions added to the cassette
	Replayed int64 // requests answered from the cassette
	Missed   int64 // requests a replay had no answer for
	Unused   []cassette.Unused
	// Saved says Close wrote the cassette: it recorded something, or the cassette was loaded
	// with credentials that are now redacted on disk too.
	Saved bool
}

// Stats returns what the Recorder did so far.
func (r *Recorder) Stats() Stats {
	s := Stats{Recorded: r.recorded.Load(), Replayed: r.replayed.Load(), Missed: r.missed.Load(), Saved: r.saved.Load()}
	if r.cassette != nil && r.opts.Mode.Replays() {
		s.Unused = r.cassette.Unused()
	}
	return s
}

// Close ends the session. A recording is saved, atomically, when it added interactions (or
// when a loaded cassette needs rewriting without secrets); one that recorded nothing leaves the
// file as it was. A replay that missed requests, or left recorded interactions unused, returns
// a *ReplayError. Requests sent after Close fail with ErrClosed.
func (r *Recorder) Close() error {
	if r.closed.Swap(true) {
		return nil
	}
	return r.finish(context.Background())
}

func (r *Recorder) finish(ctx context.Context) error {
	var err error
	empty := r.opts.SaveEmpty && r.opts.Mode == Record && r.recorded.Load() == 0
	if r.opts.Mode.Records() && (r.cassette.Dirty() || empty) {
		if err = r.cassette.Save(ctx); err == nil {
			r.saved.Store(true)
		}
	}
	if r.opts.Mode.Replays() {
		if rerr := r.replayError(); rerr != nil {
			err = errors.Join(err, rerr)
		}
	}
	return err
}

// Discard ends a session without saving: the file keeps what it held before, whatever this
// session recorded. Use it when a recording is incomplete (an interrupted or failed scenario).
func (r *Recorder) Discard() {
	r.closed.Store(true)
}

// Save writes what has been recorded so far, atomically, if anything changed.
func (r *Recorder) Save(ctx context.Context) error {
	if !r.opts.Mode.Records() || !r.cassette.Dirty() {
		return nil
	}
	return r.cassette.Save(ctx)
}

// AutoSave saves a recording every interval while ctx is live (see cassette.AutoSave), so a
// crash loses at most that much traffic and never the cassette saved before.
func (r *Recorder) AutoSave(ctx context.Context, interval time.Duration, onError func(error)) {
	if r.opts.Mode.Records() {
		r.cassette.AutoSave(ctx, interval, onError)
	}
}

// A ReplayError says how a replay differed from its recording: requests it had no answer for,
// and recorded interactions no request used. Either means the recording and the code that
// replays it disagree.
type ReplayError struct {
	Path   string
	Missed int64             // requests with no recorded answer
	Misses []string          // the first of them, explained (see cassette.MissError)
	Unused []cassette.Unused // recorded interactions never replayed
}

func (e *ReplayError) Error() string {
	var parts []string
	if e.Missed > 0 {
		parts = append(parts, fmt.Sprintf("%d request(s) had no recorded answer, the first: %s", e.Missed, strings.TrimPrefix(e.Misses[0], "replay: ")))
	}
	if len(e.Unused) > 0 {
		parts = append(parts, fmt.Sprintf("%d recorded interaction(s) were not replayed, the first: %s", len(e.Unused), e.Unused[0]))
	}
	return e.Path + ": " + strings.Join(parts, "; ")
}

func (r *Recorder) replayError() error {
	e := &ReplayError{Path: r.cassette.Path(), Missed: r.missed.Load(), Unused: r.cassette.Unused()}
	if e.Missed == 0 && len(e.Unused) == 0 {
		return nil
	}
	r.mu.Lock()
	e.Misses = append([]string(nil), r.misses...)
	r.mu.Unlock()
	return e
}

func (r *Recorder) noteMiss(err error) {
	r.missed.Add(1)
	r.mu.Lock()
	if len(r.misses) < maxMisses {
		r.misses = append(r.misses, err.Error())
	}
	r.mu.Unlock()
}
