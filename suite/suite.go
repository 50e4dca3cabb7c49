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
	"time"

	"github.com/cucumber/godog"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
	"github.com/classroom-conformance/classroom-conformance/steps"
	"github.com/classroom-conformance/classroom-conformance/version"
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
	// actors are not used, and no preflight is made.
	Target endpoint.Target
	// TargetName describes Target in Result.Target ("the recordings in cassettes/"); empty
	// means "the given target".
	TargetName string
	// HTTPClient sends the requests of a live target; nil means a client with a timeout.
	HTTPClient *http.Client
	// ScenarioTarget, when set, gives each scenario its own target derived from the run's (one
	// cassette per scenario, for recording and replay). done is called when the scenario ends,
	// with whether it failed or was cut short. An error from either is the harness's, not the
	// target's: the scenario is in error (Errored) and the run cannot be judged.
	ScenarioTarget func(ctx context.Context, sc Scenario, run endpoint.Target) (t endpoint.Target, done func(failed bool) error, err error)

	// Tags selects scenarios with a godog tag expression ("@a,@b" or, "@a && @b" and, "~@a" not).
	Tags string
	// Select narrows what Tags selects to feature files, methods, scenarios and a shard.
	Select Selection
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
	// ProfileName names the profile in the json results.
	ProfileName string
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

// Run runs the suite. An error means the run could not start (bad options, a broken feature, an
// unreachable or non-Classroom target) or its reports could not be written; the CLI exits 2 on
// it. Failed scenarios are not an error: they are in the Result, and so is an interruption (see
// Result.Problem).
func Run(ctx context.Context, opts Options) (*Result, error) {
	start := time.Now()
	pl, err := prepare(&opts)
	if err != nil {
		return nil, err
	}
	target, desc, concurrency, stop, err := resolveTarget(ctx, opts, pl.exp)
	if err != nil {
		return nil, err
	}
	defer stop()
	if opts.Target != nil && opts.TargetName != "" {
		desc = opts.TargetName
	}
	t := newTally(pl.planned)
	status := runGodog(ctx, opts, pl, target, concurrency, t)

	res := t.result()
	res.Target = desc
	res.Versions, res.Shard = pl.versions, opts.Select.Shard
	res.Duration = time.Since(start)
	res.godogFailed = status == 1
	res.Interrupted = ctx.Err() != nil && res.lostToInterruption()
	if status > 1 {
		return res, fmt.Errorf("godog could not run the features (status %d)", status)
	}
	info := runInfo{start: start, end: time.Now(), exp: pl.exp, planned: pl.planned}
	if err := writeSuiteReports(pl.viaSuite, pl.stdout, opts, res, info); err != nil {
		return res, err
	}
	return res, nil
}

// A runPlan is what Run settles before it touches a target.
type runPlan struct {
	planned  []plannedScenario
	exp      endpoint.Expectations
	viaGodog []Format // the reports godog writes
	viaSuite []Format // the reports the suite writes from the results (JUnit, json)
	stdout   io.Writer
	versions version.Info // of the binary and of the whole suite, before any selection
}

// prepare checks the options, parses the features and selects the scenarios, so that every
// mistake in them is reported before anything is sent.
func prepare(opts *Options) (*runPlan, error) {
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
	pl := &runPlan{stdout: opts.Stdout, exp: endpoint.Expectations{}}
	if pl.versions, err = runVersions(opts.FS); err != nil {
		return nil, err
	}
	if !opts.Select.IsZero() {
		// The selection narrows the features themselves, so what godog runs is what was planned.
		if opts.FS, _, err = opts.Select.apply(opts.FS, tags, opts.Tags); err != nil {
			return nil, err
		}
	}
	if pl.planned, err = plan(opts.FS, tags); err != nil {
		return nil, err
	}
	if len(pl.planned) == 0 {
		return nil, fmt.Errorf("no scenario matches the tag expression %q", opts.Tags)
	}
	if opts.Profile != nil && opts.Profile.Expect != nil {
		pl.exp = opts.Profile.Expect
	}
	if err := pl.exp.Validate(); err != nil {
		return nil, fmt.Errorf("profile: %w", err)
	}
	if pl.stdout == nil {
		pl.stdout = io.Discard
	}
	for _, f := range formats {
		if f.Name == "junit" || f.Name == "json" {
			pl.viaSuite = append(pl.viaSuite, f)
		} else {
			pl.viaGodog = append(pl.viaGodog, f)
		}
	}
	return pl, nil
}

// runGodog runs the planned scenarios against target and returns godog's status. godog writes
// every report but JUnit (see junit.go) and needs at least one. Its output to standard output
// stops when ctx is done: the scenarios cut short are reported once, as not run, by the caller.
func runGodog(ctx context.Context, opts Options, pl *runPlan, target endpoint.Target, concurrency int, t *tally) int {
	formats, out := pl.viaGodog, pl.stdout
	for _, f := range formats {
		if _, human := humanFormats[f.Name]; human && f.File == "" {
			// A report for people stops where the run does. One for machines (cucumber JSON,
			// written at the end) is written whole, with the scenarios not run as skipped.
			out = gatedWriter{ctx: ctx, w: pl.stdout}
		}
	}
	if len(formats) == 0 {
		formats, out = []Format{{Name: "progress"}}, io.Discard
	}
	registerHumanFormats()
	return godog.TestSuite{
		Name:                "classroom-conformance",
		ScenarioInitializer: scenarioInitializer(ctx, opts, target, pl.exp, t),
		Options: &godog.Options{
			Format:         godogFormat(formats),
			Output:         out,
			NoColors:       !opts.Color,
			Strict:         true,
			Concurrency:    concurrency,
			FS:             opts.FS,
			Paths:          []string{"."},
			Tags:           opts.Tags,
			DefaultContext: ctx,
		},
	}.Run()
}

// writeSuiteReports writes the reports the suite writes itself, from the results.
func writeSuiteReports(formats []Format, stdout io.Writer, opts Options, res *Result, info runInfo) error {
	for _, f := range formats {
		var err error
		switch {
		case f.Name == "json" && f.File == "":
			err = writeResultsTo(stdout, opts, res, info)
		case f.Name == "json":
			err = writeResultsFile(f.File, opts, res, info)
		case f.File == "":
			err = writeJUnit(stdout, res)
		default:
			err = writeJUnitFile(f.File, res)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// scenarioInitializer gives every scenario a World of its own, skips it when the profile
// expects another resolution of an ambiguity it depends on, and tallies its outcome. run is the
// run's context: once it is done, a scenario that has not started is not run, and one cut short
// is not run either, rather than failed.
func scenarioInitializer(run context.Context, opts Options, target endpoint.Target, exp endpoint.Expectations, t *tally) func(*godog.ScenarioContext) {
	return func(sc *godog.ScenarioContext) {
		w := steps.New(steps.Config{Target: target})
		watch := watchSteps(sc)
		var (
			done    func(failed bool) error
			began   time.Time
			settled *ScenarioResult // decided before the scenario started: not run, or in error
		)
		sc.Before(func(ctx context.Context, p *godog.Scenario) (context.Context, error) {
			began = time.Now()
			if run.Err() != nil {
				settled = &ScenarioResult{Status: NotRun, Reason: "not run: the run was interrupted"}
				w.Skip(settled.Reason)
				return ctx, nil
			}
			if reason := skipReason(tagNames(p), exp); reason != "" {
				w.Skip(reason)
				return ctx, nil
			}
			if opts.ScenarioTarget != nil {
				st, d, err := opts.ScenarioTarget(ctx, t.scenario(p), target)
				if err != nil {
					settled = &ScenarioResult{Status: Errored, Reason: fmt.Sprintf("prepare the scenario's target: %v", err)}
					w.Skip(settled.Reason)
					return ctx, nil
				}
				w.UseTarget(st)
				done = d
			}
			return ctx, nil
		})
		w.Register(sc)
		sc.After(func(ctx context.Context, p *godog.Scenario, err error) (context.Context, error) {
			r := outcome(settled, w, err, run.Err() != nil)
			if done != nil {
				var nr *NotRecordedError
				switch derr := done(r.Status != Passed && r.Status != Skipped); {
				case errors.As(derr, &nr):
					r.NotRecorded = nr.File
				case derr != nil && r.Status != NotRun:
					r = ScenarioResult{Status: Errored, Reason: fmt.Sprintf("finish the scenario's target: %v", derr)}
				}
			}
			if r.Status == Failed {
				r.Step, r.Exchange = watch.evidence(w)
			}
			t.add(p, r, time.Since(began))
			return ctx, nil
		})
	}
}

// outcome decides a scenario's result from what was settled before it started, its World, the
// error godog gives its end, and whether the run was interrupted by then.
func outcome(settled *ScenarioResult, w *steps.World, err error, interrupted bool) ScenarioResult {
	failed := err != nil && !errors.Is(err, godog.ErrSkip)
	switch {
	case settled != nil:
		return *settled
	case failed && interrupted:
		return ScenarioResult{Status: NotRun, Reason: "not run: the run was interrupted while it ran"}
	case failed:
		return ScenarioResult{Status: Failed, Reason: err.Error()}
	case w.SkipReason() != "":
		return ScenarioResult{Status: Skipped, Reason: w.SkipReason(), MissingActors: w.MissingActors()}
	}
	return ScenarioResult{Status: Passed}
}

func tagNames(p *godog.Scenario) []string {
	names := make([]string, len(p.Tags))
	for i, t := range p.Tags {
		names[i] = t.Name
	}
	return names
}
