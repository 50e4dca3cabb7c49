// Package suite runs the conformance features with godog against a target: it selects
// scenarios by tag, skips those that depend on an ambiguity the profile resolves the other way,
// starts the embedded reference when no target is given, writes the reports, and turns the
// outcome into an exit status.
package suite

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/cucumber/godog"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
	"github.com/classroom-conformance/classroom-conformance/steps"
)

// Options configure a run. FS is required; the zero value of every other field is useful.
type Options struct {
	// FS holds the *.feature files (features.FS for the embedded suite).
	FS fs.FS
	// Profile gives the expected resolution of the ambiguities and, for a live target, the
	// tokens of the actors and the base URL. Nil means the defaults and the built-in identities.
	Profile *endpoint.Profile
	// TargetURL is the base URL of a live target; it overrides Profile.Target. When neither is
	// set (and Target is nil), the embedded reference is started on 127.0.0.1 for the run.
	TargetURL string
	// Target, when set, receives the requests as it is; TargetURL and the profile's target and
	// actors are not used, and no reachability check is made.
	Target endpoint.Target
	// HTTPClient sends the requests of a live target; nil means a client with a timeout.
	HTTPClient *http.Client
	// ScenarioTarget, when set, gives each scenario its own target derived from the run's (one
	// cassette per scenario, for recording and replay). done is called when the scenario ends,
	// with whether it failed; an error from it fails the scenario.
	ScenarioTarget func(ctx context.Context, sc Scenario, run endpoint.Target) (t endpoint.Target, done func(failed bool) error, err error)

	// Tags selects scenarios with a godog tag expression ("@a,@b" or, "@a && @b" and, "~@a" not).
	Tags string
	// Formats are the reports to write; nil means pretty on Stdout.
	Formats []Format
	// Concurrency is how many scenarios run at once; 0 means 4 against the embedded reference
	// (1 with a pretty report, which godog garbles when scenarios interleave) and 1 against a
	// live target, which may rate-limit.
	Concurrency int
	// Stdout receives the report of the format without a file; nil discards it.
	Stdout io.Writer
	// Color colours the pretty and progress reports.
	Color bool
	// ReferenceClock is the embedded reference's clock; nil means time.Now. With a
	// reference.SteppingClock and concurrency 1, a run sends and receives the same bytes every time.
	ReferenceClock func() time.Time
	// ErrorLog receives the embedded reference's internal errors; nil means the standard logger.
	ErrorLog *log.Logger
}

// A Scenario identifies one scenario (one example row of an outline).
type Scenario struct {
	Feature string // name of the feature
	URI     string // feature file, relative to the features' FS
	Line    int64  // line of the scenario, or of the example row
	Name    string
	Tags    []string
}

// String names the scenario as "file:line name".
func (s Scenario) String() string { return fmt.Sprintf("%s:%d %s", s.URI, s.Line, s.Name) }

// Status is the outcome of a scenario.
type Status string

// The outcomes of a scenario.
const (
	Passed  Status = "passed"
	Failed  Status = "failed"
	Skipped Status = "skipped"
)

// A ScenarioResult is the outcome of one scenario.
type ScenarioResult struct {
	Scenario
	Status Status
	// Reason says why a skipped scenario was skipped, or what failed a failed one.
	Reason string
	// Duration is how long the scenario took.
	Duration time.Duration
}

// Result is the outcome of a run.
type Result struct {
	// Target says what the suite ran against.
	Target string
	// Scenarios holds every selected scenario in feature order.
	Scenarios               []ScenarioResult
	Passed, Failed, Skipped int
	Duration                time.Duration

	godogFailed bool
}

// OK reports whether every scenario that ran passed.
func (r *Result) OK() bool { return r.Failed == 0 && !r.godogFailed }

// ExitCode is the process exit status of the run: 0 when every scenario passed or was
// skipped, 1 when one failed. (2, for a run that could not start, goes with Run's error.)
func (r *Result) ExitCode() int {
	if r.OK() {
		return 0
	}
	return 1
}

// Run runs the suite. An error means the run could not start or was interrupted (bad options,
// a broken feature, an unreachable target); the CLI exits 2 on it. Failed scenarios are not an
// error: they are in the Result.
func Run(ctx context.Context, opts Options) (*Result, error) {
	start := time.Now()
	if opts.FS == nil {
		return nil, errors.New("no features to run")
	}
	tags, err := parseTags(opts.Tags)
	if err != nil {
		return nil, err
	}
	formats := opts.Formats
	if len(formats) == 0 {
		formats = []Format{{Name: "pretty"}}
	}
	if err := checkFormats(formats); err != nil {
		return nil, err
	}
	if opts.Concurrency < 0 {
		return nil, fmt.Errorf("concurrency %d: must be at least 1", opts.Concurrency)
	}
	planned, err := plan(opts.FS, tags)
	if err != nil {
		return nil, err
	}
	if len(planned) == 0 {
		return nil, fmt.Errorf("no scenario matches the tag expression %q", opts.Tags)
	}
	exp := endpoint.Expectations{}
	if opts.Profile != nil && opts.Profile.Expect != nil {
		exp = opts.Profile.Expect
	}
	if err := exp.Validate(); err != nil {
		return nil, fmt.Errorf("profile: %w", err)
	}

	run, desc, concurrency, stop, err := resolveTarget(ctx, opts, exp)
	if err != nil {
		return nil, err
	}
	defer stop()

	stdout := opts.Stdout
	if stdout == nil {
		stdout = io.Discard
	}
	// godog writes every report but JUnit (see junit.go); it needs at least one.
	var viaGodog, viaSuite []Format
	for _, f := range formats {
		if f.Name == "junit" {
			viaSuite = append(viaSuite, f)
		} else {
			viaGodog = append(viaGodog, f)
		}
	}
	godogOut := stdout
	if len(viaGodog) == 0 {
		viaGodog, godogOut = []Format{{Name: "progress"}}, io.Discard
	}
	rec := newRecorder(planned)
	status := godog.TestSuite{
		Name:                "classroom-conformance",
		ScenarioInitializer: scenarioInitializer(opts, run, exp, rec),
		Options: &godog.Options{
			Format:         godogFormat(viaGodog),
			Output:         godogOut,
			NoColors:       !opts.Color,
			Strict:         true,
			Concurrency:    concurrency,
			FS:             opts.FS,
			Paths:          []string{"."},
			Tags:           opts.Tags,
			DefaultContext: ctx,
		},
	}.Run()

	res := rec.result()
	res.Target = desc
	res.Duration = time.Since(start)
	res.godogFailed = status == 1
	if status > 1 {
		return res, fmt.Errorf("godog could not run the features (status %d)", status)
	}
	for _, f := range viaSuite {
		if f.File == "" {
			err = writeJUnit(stdout, res)
		} else {
			err = writeJUnitFile(f.File, res)
		}
		if err != nil {
			return res, err
		}
	}
	if err := ctx.Err(); err != nil {
		return res, fmt.Errorf("run interrupted: %w", err)
	}
	return res, nil
}

// scenarioInitializer gives every scenario a World of its own, skips it when the profile
// expects another resolution of an ambiguity it depends on, and records its outcome.
func scenarioInitializer(opts Options, run endpoint.Target, exp endpoint.Expectations, rec *recorder) func(*godog.ScenarioContext) {
	return func(sc *godog.ScenarioContext) {
		w := steps.New(steps.Config{Target: run})
		var done func(failed bool) error
		var began time.Time
		sc.Before(func(ctx context.Context, p *godog.Scenario) (context.Context, error) {
			began = time.Now()
			if reason := skipReason(tagNames(p), exp); reason != "" {
				w.Skip(reason)
				return ctx, nil
			}
			if opts.ScenarioTarget != nil {
				t, d, err := opts.ScenarioTarget(ctx, rec.scenario(p), run)
				if err != nil {
					w.Fail(fmt.Errorf("prepare the scenario's target: %w", err))
					return ctx, nil
				}
				w.UseTarget(t)
				done = d
			}
			return ctx, nil
		})
		w.Register(sc)
		sc.After(func(ctx context.Context, p *godog.Scenario, err error) (context.Context, error) {
			failed := err != nil && !errors.Is(err, godog.ErrSkip)
			var doneErr error
			if done != nil {
				if doneErr = done(failed); doneErr != nil {
					err, failed = fmt.Errorf("finish the scenario's target: %w", doneErr), true
				}
			}
			took := time.Since(began)
			switch {
			case w.SkipReason() != "" && !failed:
				rec.add(p, Skipped, w.SkipReason(), took)
			case failed:
				rec.add(p, Failed, err.Error(), took)
			default:
				rec.add(p, Passed, "", took)
			}
			return ctx, doneErr
		})
	}
}

func tagNames(p *godog.Scenario) []string {
	names := make([]string, len(p.Tags))
	for i, t := range p.Tags {
		names[i] = t.Name
	}
	return names
}

// A recorder collects the outcomes of concurrently running scenarios.
type recorder struct {
	mu      sync.Mutex
	planned map[string]plannedScenario
	order   map[string]int
	results []ScenarioResult
	index   []int
}

func newRecorder(planned []plannedScenario) *recorder {
	r := &recorder{planned: map[string]plannedScenario{}, order: map[string]int{}}
	for i, p := range planned {
		r.planned[p.id] = p
		r.order[p.id] = i
	}
	return r
}

// scenario describes a running scenario, with its line when the plan knows it.
func (r *recorder) scenario(p *godog.Scenario) Scenario {
	s := Scenario{URI: p.Uri, Name: p.Name, Tags: tagNames(p)}
	if pl, ok := r.planned[p.Id]; ok && pl.uri == p.Uri && pl.name == p.Name {
		s.Line, s.Feature = pl.line, pl.feature
	}
	return s
}

func (r *recorder) add(p *godog.Scenario, st Status, reason string, took time.Duration) {
	s := r.scenario(p)
	r.mu.Lock()
	defer r.mu.Unlock()
	pos, ok := r.order[p.Id]
	if !ok || s.Line == 0 {
		pos = len(r.order) + len(r.results)
	}
	r.results = append(r.results, ScenarioResult{Scenario: s, Status: st, Reason: reason, Duration: took})
	r.index = append(r.index, pos)
}

func (r *recorder) result() *Result {
	r.mu.Lock()
	defer r.mu.Unlock()
	res := &Result{}
	idx := make([]int, len(r.results))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return r.index[idx[a]] < r.index[idx[b]] })
	for _, i := range idx {
		sr := r.results[i]
		res.Scenarios = append(res.Scenarios, sr)
		switch sr.Status {
		case Passed:
			res.Passed++
		case Failed:
			res.Failed++
		case Skipped:
			res.Skipped++
		}
	}
	return res
}
