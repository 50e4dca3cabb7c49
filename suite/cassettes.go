package suite

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
	"github.com/classroom-conformance/classroom-conformance/features"
	"github.com/classroom-conformance/classroom-conformance/proxy/cassette"
	"github.com/classroom-conformance/classroom-conformance/proxy/recorder"
	"github.com/classroom-conformance/classroom-conformance/reference"
)

// Cassettes makes every scenario of a run record to, or replay from, a cassette of its own,
// through the recorder the proxy uses, with its matching and redaction. Cassettes are named for
// the feature file and the scenario (see CassetteNames), so a recording made against one target
// replays for the same scenario anywhere: matching uses the actor's name, never its token.
type Cassettes struct {
	// Dir holds the cassettes, one folder per feature file.
	Dir string
	// Mode is recorder.Record (requests reach the run's target and are recorded; a scenario
	// that does not pass keeps its previous cassette) or recorder.Replay (nothing leaves the
	// process: every answer comes from the scenario's cassette, and a request it has no answer
	// for, or a recorded interaction the scenario does not replay, is a stale recording).
	Mode recorder.Mode
}

// ErrNotRecorded marks a scenario whose recording was dropped because it did not pass (it
// failed, was skipped, or the run was interrupted while it ran): its previous cassette, if any,
// is kept. The error is a *NotRecordedError.
var ErrNotRecorded = errors.New("not recorded")

// A NotRecordedError names the cassette a scenario did not replace, and why.
type NotRecordedError struct {
	File string // the scenario's cassette, left as it was (it may not exist)
	Why  string // "the scenario did not pass", "the run was interrupted"
}

func (e *NotRecordedError) Error() string {
	return fmt.Sprintf("%v: %s is left as it was, as %s", ErrNotRecorded, e.File, e.Why)
}

// Is makes errors.Is(err, ErrNotRecorded) hold.
func (e *NotRecordedError) Is(target error) bool { return target == ErrNotRecorded }

// replayBase is where a replayed run's requests are addressed. The replay transport never dials;
// should anything ever try, it reaches the discard port on loopback, not the network.
const replayBase = "http://127.0.0.1:9/"

// Attach configures opts to record or replay. Replay needs no target: opts must not name one.
func (cs Cassettes) Attach(opts *Options) error {
	if cs.Dir == "" {
		return errors.New("cassettes: no folder given")
	}
	if opts.FS == nil {
		return errors.New("cassettes: no features")
	}
	names, err := CassetteNames(opts.FS)
	if err != nil {
		return err
	}
	var recordedNow func() time.Time
	switch cs.Mode {
	case recorder.Record:
		if err := os.MkdirAll(cs.Dir, 0o755); err != nil {
			return fmt.Errorf("cassettes: %w", err)
		}
		if opts.Target == nil && opts.TargetURL == "" && (opts.Profile == nil || opts.Profile.Target == "") {
			// Recording the embedded reference: one scenario at a time on a clock of its own,
			// so that recording twice writes the same bytes (make cassettes).
			if opts.ReferenceClock == nil {
				opts.ReferenceClock = reference.SteppingClock(recordingEpoch)
			}
			if opts.Concurrency == 0 {
				opts.Concurrency = 1
			}
			recordedNow = func() time.Time { return recordingEpoch }
		}
	case recorder.Replay:
		if err := checkCassetteFolder(context.Background(), cs.Dir); err != nil {
			return err
		}
		if opts.Target != nil || opts.TargetURL != "" || (opts.Profile != nil && opts.Profile.Target != "") {
			return errors.New("cassettes: a replay needs no target: every answer comes from the cassettes")
		}
		tokens := TargetTokens(opts.Profile)
		base, err := endpoint.ParseBaseURL(replayBase)
		if err != nil {
			return err
		}
		opts.Target = &endpoint.HTTP{BaseURL: base, Tokens: tokens, Client: &http.Client{}, UserAgent: userAgent}
		if opts.Concurrency == 0 {
			opts.Concurrency = 4
		}
	default:
		return fmt.Errorf("cassettes: mode %s is not record or replay", cs.Mode)
	}
	opts.ScenarioTarget = func(ctx context.Context, sc Scenario, run endpoint.Target) (endpoint.Target, func(bool) error, error) {
		name, ok := names[scenarioKey(sc.URI, sc.Line)]
		if !ok {
			return nil, nil, fmt.Errorf("no cassette name for %s:%d", sc.URI, sc.Line)
		}
		return cs.scenarioTarget(ctx, filepath.Join(cs.Dir, filepath.FromSlash(name)), run, recordedNow)
	}
	return nil
}

// recordingEpoch is when the embedded reference's clock starts when the suite records it.
var recordingEpoch = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

// scenarioTarget opens the scenario's cassette and returns the target that records to or
// replays from it. now times recorded exchanges (nil: the real clock).
func (cs Cassettes) scenarioTarget(ctx context.Context, file string, run endpoint.Target, now func() time.Time) (endpoint.Target, func(bool) error, error) {
	live, ok := run.(*endpoint.HTTP)
	if !ok {
		return nil, nil, fmt.Errorf("cassettes need an HTTP target, not %T", run)
	}
	label, err := endpoint.Labeller(live.Tokens)
	if err != nil {
		return nil, nil, err
	}
	var upstream http.RoundTripper
	if live.Client != nil {
		upstream = live.Client.Transport
	}
	rec, err := recorder.Open(ctx, file, recorder.Options{
		Mode:      cs.Mode,
		Cassette:  cassette.Options{MatchActor: true},
		Overwrite: true, // re-recording a scenario replaces its cassette, once it passes
		SaveEmpty: true, // a scenario that sends nothing still gets a cassette, so its replay finds one
		Upstream:  upstream,
		Actor:     label,
		Now:       now,
	})
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil, fmt.Errorf("this scenario has no cassette (%w); record it with `classroom-conformance run --record %s`", err, cs.Dir)
		}
		return nil, nil, err
	}
	target := &cassetteTarget{HTTP: live.WithTransport(rec)}
	var once sync.Once
	done := func(failed bool) error {
		var err error
		once.Do(func() { err = cs.finish(ctx, rec, file, failed || target.skipped.Load()) })
		return err
	}
	return target, done, nil
}

// cassetteTarget is a scenario's target through its recorder. It notes when the scenario is
// skipped for an actor the profile lacks, which makes its recording incomplete: the steps
// stop there, and the scenario neither passes nor fails.
type cassetteTarget struct {
	*endpoint.HTTP
	skipped atomic.Bool
}

func (t *cassetteTarget) Do(ctx context.Context, actor string, req *http.Request) (*http.Response, error) {
	resp, err := t.HTTP.Do(ctx, actor, req)
	if errors.Is(err, endpoint.ErrNoToken) {
		t.skipped.Store(true)
	}
	return resp, err
}

// finish closes a scenario's recorder. A recording is saved only when the scenario passed and
// the run was not interrupted, so a partial recording never replaces a good one; otherwise the
// error is a *NotRecordedError naming the cassette kept (the scenario keeps its own outcome and
// reason, and the run's summary names it among those not recorded). A replay that
// missed a request, or (when the scenario passed) left a recorded interaction unused, is a
// stale recording: the fix is to record it again, not to blame the target.
// incomplete says the scenario failed or was skipped.
func (cs Cassettes) finish(ctx context.Context, rec *recorder.Recorder, file string, incomplete bool) error {
	if cs.Mode == recorder.Record {
		if ctx.Err() != nil {
			rec.Discard()
			return &NotRecordedError{File: file, Why: "the run was interrupted"}
		}
		if incomplete {
			rec.Discard()
			return &NotRecordedError{File: file, Why: "the scenario did not pass"}
		}
		return rec.Close()
	}
	err := rec.Close()
	var re *recorder.ReplayError
	if errors.As(err, &re) {
		if re.Missed == 0 && incomplete {
			return nil // unused interactions of a scenario that stopped early say nothing
		}
		return fmt.Errorf("%w: %v; re-record it with `classroom-conformance run --record %s`", cassette.ErrStale, err, cs.Dir)
	}
	return err
}

// checkCassetteFolder refuses a replay from something that is not a folder holding cassettes,
// or that holds one that cannot be loaded, before any scenario runs: the scenarios would
// otherwise fail, and be counted against the target, for a problem of the recordings. The
// error names the file and line; it wraps the *cassette.LoadError.
func checkCassetteFolder(ctx context.Context, dir string) error {
	hint := fmt.Sprintf("record them with `classroom-conformance run --record %s`", dir)
	st, err := os.Stat(dir)
	if err != nil || !st.IsDir() {
		return fmt.Errorf("cassettes: %s is not a folder of cassettes (%s)", dir, hint)
	}
	found := 0
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.EqualFold(filepath.Ext(p), ".yaml") {
			return err
		}
		found++
		if _, err := cassette.Load(ctx, p, cassette.Options{MatchActor: true}); err != nil {
			return fmt.Errorf("%w; re-record it with `classroom-conformance run --record %s`", err, dir)
		}
		return nil
	})
	switch {
	case err != nil:
		return fmt.Errorf("cassettes: %w", err)
	case found == 0:
		return fmt.Errorf("cassettes: %s holds no cassettes (%s)", dir, hint)
	}
	return nil
}

// CassetteNames names the cassette of every scenario of fsys, keyed by "file:line": the feature
// file's name without ".feature" as a folder, and the scenario's name in lower case with
// hyphens, plus "-2", "-3"... for the rows of an outline and for scenarios of the same name. Names
// depend on the files only, not on a tag selection, so a subset of the suite records and replays
// the same files as the whole.
func CassetteNames(fsys fs.FS) (map[string]string, error) {
	scenarios, err := features.Parse(fsys)
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(scenarios))
	taken := map[string]int{}
	for _, sc := range scenarios {
		folder := strings.TrimSuffix(path.Base(sc.URI), ".feature")
		base := folder + "/" + slug(sc.Name)
		taken[base]++
		name := base
		if n := taken[base]; n > 1 {
			name = fmt.Sprintf("%s-%d", base, n)
		}
		names[scenarioKey(sc.URI, sc.Line)] = name + ".yaml"
	}
	return names, nil
}

func scenarioKey(uri string, line int64) string { return fmt.Sprintf("%s:%d", uri, line) }

// slug turns a scenario name into a file name: lower-case letters and digits, words joined by
// hyphens, at most 80 characters.
func slug(name string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(name) {
		if b.Len() >= 80 {
			break
		}
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			hyphen = false
		default:
			hyphen = true
		}
	}
	if b.Len() == 0 {
		return "scenario"
	}
	return strings.TrimRight(b.String(), "-")
}
