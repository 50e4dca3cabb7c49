package suite

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/classroom-conformance/classroom-conformance/steps"
	"github.com/classroom-conformance/classroom-conformance/version"
)

// Status is the outcome of a scenario.
type Status string

// The outcomes of a scenario. Only Passed and Failed say something about the target: a skipped
// scenario was not meant to run against it, and a scenario not run or in error was never judged.
const (
	Passed  Status = "passed"
	Failed  Status = "failed"
	Skipped Status = "skipped"
	// NotRun is a scenario the run was interrupted before or while it ran.
	NotRun Status = "not run"
	// Errored is a scenario the harness could not run: its target could not be prepared (a
	// cassette missing or unreadable) or finished (a recording that could not be saved).
	Errored Status = "error"
)

// A ScenarioResult is the outcome of one scenario.
type ScenarioResult struct {
	Scenario
	Status Status
	// Reason says why a skipped scenario was skipped, what failed a failed one, and why one was
	// not run or in error.
	Reason string
	// MissingActors are the actors a skipped scenario needed and the profile has no token for.
	MissingActors []string
	// NotRecorded is, in a run that records, the cassette the scenario did not replace because
	// it did not pass or was cut short: its previous recording, if any, is kept. Empty otherwise.
	NotRecorded string
	// Duration is how long the scenario took.
	Duration time.Duration
	// Step is the step that failed; Exchange the scenario's last request and its answer.
	Step     string
	Exchange *steps.Exchange
}

// Result is the outcome of a run.
type Result struct {
	// Target says what the suite ran against.
	Target string
	// Scenarios holds every selected scenario in feature order.
	Scenarios                                []ScenarioResult
	Passed, Failed, Skipped, NotRun, Errored int
	Duration                                 time.Duration
	// Interrupted is set when the run's context was cancelled (SIGINT) before every scenario
	// had run.
	Interrupted bool
	// Versions are the versions of the binary and of the suite the run read.
	Versions version.Info
	// Shard is the part of the selection the run ran; zero for all of it.
	Shard Shard

	godogFailed bool
}

// ErrInterrupted is the Problem of a run that was interrupted.
var ErrInterrupted = errors.New("interrupted")

// ErrNothingChecked is the Problem of a run in which no scenario was checked.
var ErrNothingChecked = errors.New("nothing was checked")

// ErrNotRunnable is the Problem of a run in which the harness could not run some scenarios.
var ErrNotRunnable = errors.New("scenarios could not be run")

// notRunnable is the Problem of a run with scenarios the harness could not run: an
// ErrNotRunnable whose message is its own.
type notRunnable string

func (e notRunnable) Error() string        { return string(e) }
func (e notRunnable) Is(target error) bool { return target == ErrNotRunnable }

// OK reports whether the run can be judged and every scenario that ran passed.
func (r *Result) OK() bool { return r.ExitCode() == 0 }

// Problem says why the run cannot be judged, or returns nil when it can: it was interrupted, the
// harness could not run some scenarios, or not one scenario was checked. The error wraps
// ErrInterrupted, ErrNotRunnable or ErrNothingChecked and its message names the fix.
func (r *Result) Problem() error {
	switch {
	case r.Interrupted:
		return fmt.Errorf("%w after %d scenarios; %d not run", ErrInterrupted, r.Finished(), r.NotRun)
	case r.Errored > 0:
		first := ""
		for _, s := range r.Scenarios {
			if s.Status == Errored {
				first = s.Reason
				break
			}
		}
		// The message ends with the reason, which ends with its fix.
		if r.Errored == 1 {
			return notRunnable(fmt.Sprintf("1 of %d scenarios could not be run: %s", len(r.Scenarios), first))
		}
		return notRunnable(fmt.Sprintf("%d of %d scenarios could not be run, the first: %s", r.Errored, len(r.Scenarios), first))
	case r.Passed+r.Failed == 0 && !r.godogFailed:
		return r.nothingChecked()
	}
	return nil
}

// nothingChecked explains a run in which every scenario was skipped.
func (r *Result) nothingChecked() error {
	if missing := r.MissingActors(); len(missing) > 0 {
		return fmt.Errorf("%w: all %d scenarios were skipped; the profile has no token for %s %s (give %s one in the profile's actors:)",
			ErrNothingChecked, len(r.Scenarios), plural(len(missing), "the actor", "the actors"), strings.Join(missing, ", "), plural(len(missing), "it", "each"))
	}
	return fmt.Errorf("%w: all %d scenarios were skipped (each expects another choice of a documented ambiguity than the profile's expect:)",
		ErrNothingChecked, len(r.Scenarios))
}

// MissingActors lists, sorted, the actors skipped scenarios needed and the profile lacks.
func (r *Result) MissingActors() []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range r.Scenarios {
		for _, a := range s.MissingActors {
			if !seen[a] {
				seen[a] = true
				out = append(out, a)
			}
		}
	}
	sort.Strings(out)
	return out
}

// lostToInterruption says whether a run whose context was cancelled lost something to it: a
// scenario not run, or a recording dropped (a scenario that passed as the signal came is not
// recorded either, and the folder is not the fresh recording it would otherwise be).
func (r *Result) lostToInterruption() bool {
	for _, s := range r.Scenarios {
		if s.Status == NotRun || s.NotRecorded != "" {
			return true
		}
	}
	return false
}

// Finished is how many scenarios ran to their end (passed, failed, skipped or in error).
func (r *Result) Finished() int { return len(r.Scenarios) - r.NotRun }

// ExitCode is the process exit status of the run: 0 every scenario that ran passed and at least
// one was checked; 1 the target answered and a check failed; 2 the run cannot be judged (see
// Problem). A run that could not start at all is 2 too, with Run's error.
func (r *Result) ExitCode() int {
	switch {
	case r.Problem() != nil:
		return 2
	case r.Failed > 0 || r.godogFailed:
		return 1
	}
	return 0
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
