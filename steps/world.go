// Package steps implements the step vocabulary of docs/steps.md for godog: fixtures, requests,
// generated values, assertions and remembered values. Every step speaks HTTP through a
// endpoint.Target and nothing else, so a feature runs unchanged against Google, a compatible
// server, the reference emulator or a cassette.
//
// Each scenario gets its own World (actors, variables, last request and response); nothing is
// shared between scenarios, so they can run concurrently.
package steps

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/cucumber/godog"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
	"github.com/classroom-conformance/classroom-conformance/redact"
)

// Config configures the Worlds of a run.
type Config struct {
	// Target receives every request a scenario sends. A scenario's World may be given another
	// one before its first step with UseTarget (one cassette per scenario, for instance).
	Target endpoint.Target
}

// A World is the state of one scenario: where its requests go, the values it remembered and
// the last exchange, which assertions inspect. It is used by one scenario only.
type World struct {
	target   endpoint.Target
	actors   endpoint.ActorSet     // who the target can act as, when it says
	keeper   endpoint.SecretKeeper // what failure messages must mask, when it says
	scenario *godog.Scenario
	vars     map[string]variable
	last     *exchange

	started bool
	stop    error    // returned by the first step: set by Skip or Fail before the scenario starts
	skipped string   // why the scenario was skipped, once it was
	missing []string // the actors the target lacks, when that is why
}

// New returns the World of one scenario.
func New(cfg Config) *World {
	w := &World{vars: map[string]variable{}}
	w.UseTarget(cfg.Target)
	return w
}

// InitializeScenario returns a godog scenario initializer that gives every scenario a fresh
// World sending its requests to cfg.Target.
func InitializeScenario(cfg Config) func(*godog.ScenarioContext) {
	return func(sc *godog.ScenarioContext) { New(cfg).Register(sc) }
}

// UseTarget makes the scenario send its requests to t. Call it before the first step. A target
// that wraps another (a recorder, say) need not repeat what the first one told: which actors it
// has (endpoint.ActorSet) and which secrets it holds (endpoint.SecretKeeper).
func (w *World) UseTarget(t endpoint.Target) {
	w.target = t
	if s, ok := t.(endpoint.ActorSet); ok {
		w.actors = s
	}
	if k, ok := t.(endpoint.SecretKeeper); ok {
		w.keeper = k
	}
}

// Skip marks the scenario to be skipped, with reason, when its first step runs. Call it from a
// Before hook (for instance when the profile expects another resolution of an ambiguity).
func (w *World) Skip(reason string) {
	if w.stop == nil {
		w.stop = &skipError{reason: reason}
	}
}

// Fail marks the scenario to fail with err when its first step runs, for a problem found
// before it starts (an unknown ambiguity in a tag, a target that could not be opened).
func (w *World) Fail(err error) {
	if w.stop == nil {
		w.stop = err
	}
}

// SkipReason returns why the scenario was skipped, or "" when it was not.
func (w *World) SkipReason() string { return w.skipped }

// MissingActors returns the actors of the scenario the target has no token for, when that is
// why the scenario was skipped.
func (w *World) MissingActors() []string { return w.missing }

// Variable returns the remembered value of name as a step would substitute it into a path.
func (w *World) Variable(name string) (string, bool) {
	v, ok := w.vars[name]
	return v.raw, ok
}

// skipError skips the scenario: godog marks the step and the rest of the scenario skipped.
type skipError struct {
	reason string
	actors []string // the actors the target lacks, when that is the reason
}

func (e *skipError) Error() string { return "skipped: " + e.reason }
func (e *skipError) Unwrap() error { return godog.ErrSkip }

// Register binds the vocabulary to this World in a godog scenario context.
func (w *World) Register(sc *godog.ScenarioContext) {
	sc.Before(func(ctx context.Context, s *godog.Scenario) (context.Context, error) {
		w.scenario = s
		return ctx, nil
	})
	// The skip reason is attached to the skipped step so that reports (cucumber JSON) carry it.
	sc.StepContext().After(func(ctx context.Context, _ *godog.Step, _ godog.StepResultStatus, err error) (context.Context, error) {
		var se *skipError
		if errors.As(err, &se) {
			ctx = godog.Attach(ctx, godog.Attachment{FileName: "skip reason", MediaType: "text/plain", Body: []byte(se.reason)})
		}
		return ctx, nil
	})

	a := actorPattern
	// Fixtures.
	sc.Step(`^a course owned by the teacher$`, w.aCourse)
	sc.Step(`^(the student|the other student) is enrolled in the course$`, w.enrolled)
	sc.Step(`^the course has the alias "([^"]*)"$`, w.alias)
	sc.Step(`^a (published|draft) assignment in the course$`, w.assignment)
	sc.Step(`^(the student|the other student)(?:'|’)s submission for the assignment$`, w.submission)
	sc.Step(`^(the student|the other student) has turned in their submission$`, w.turnedIn)
	sc.Step(`^the teacher has returned (the student|the other student)(?:'|’)s submission$`, w.returned)
	sc.Step(`^(the student|the other student) has reclaimed their submission$`, w.reclaimed)
	// Requests.
	sc.Step(`^`+a+` sends "([A-Z]+)" to "([^"]*)"$`, w.sendNoBody)
	sc.Step(`^`+a+` sends "([A-Z]+)" to "([^"]*)" with no body$`, w.sendNoBody)
	sc.Step(`^`+a+` sends "([A-Z]+)" to "([^"]*)" with:$`, w.sendWith)
	// Generated values.
	sc.Step(`^"([^"]*)" is (\d+) repetitions of "(.*)"$`, w.repetitions)
	sc.Step(`^"([^"]*)" is a JSON array of (\d+) copies of:$`, w.copies)
	// Assertions.
	sc.Step(`^the response status is (\d+)$`, w.statusIs)
	sc.Step(`^the request fails with (\d+) ([A-Z_]+)$`, w.failsWith)
	sc.Step(`^the request fails with (\d+) ([A-Z_]+) and message prefix "(.*)"$`, w.failsWithPrefix)
	sc.Step(`^the response body is exactly:$`, w.bodyIs)
	sc.Step(`^the response field "([^"]*)" is "(.*)"$`, w.fieldIs)
	sc.Step(`^the response field "([^"]*)" is the JSON value (.+)$`, w.fieldIsJSON)
	sc.Step(`^the response field "([^"]*)" is absent$`, w.fieldAbsent)
	sc.Step(`^the response field "([^"]*)" is present$`, w.fieldPresent)
	sc.Step(`^the response field "([^"]*)" is a numeric string id$`, w.fieldNumericID)
	sc.Step(`^the response field "([^"]*)" is an RFC 3339 UTC timestamp$`, w.fieldTimestamp)
	sc.Step(`^the response field "([^"]*)" matches "(.*)"$`, w.fieldMatches)
	sc.Step(`^the response field "([^"]*)" has (\d+) items?$`, w.fieldHasItems)
	sc.Step(`^the response field "([^"]*)" contains "(.*)"$`, w.fieldContains)
	sc.Step(`^the response field "([^"]*)" does not contain "(.*)"$`, w.fieldNotContains)
	sc.Step(`^I remember the response field "([^"]*)" as "([^"]*)"$`, w.remember)
}

// actorPattern matches an actor as steps name it; longer names come first, so "the student via
// project B" is never read as "the student".
const actorPattern = `(the teacher via project B|the student via project B|the student without coursework scope|the other student|the outsider|the teacher|the student|an anonymous caller)`

var (
	actorInText = regexp.MustCompile(`\b` + actorPattern + `\b`)
	quoted      = regexp.MustCompile(`"[^"]*"`)
)

// actorOf maps an actor as a step names it to the actor of profiles and targets.
func actorOf(phrase string) string {
	if phrase == "an anonymous caller" {
		return endpoint.Anonymous
	}
	return strings.TrimPrefix(phrase, "the ")
}

// begin runs at the start of every step. The first time, it checks that the target can act as
// every actor the scenario names, so that a scenario the profile cannot play is skipped before
// it creates anything.
func (w *World) begin() error {
	if w.started {
		return w.stop
	}
	w.started = true
	if w.stop == nil && w.target == nil {
		w.stop = errors.New("no target to send requests to")
	}
	if w.stop == nil && w.scenario != nil && w.actors != nil {
		w.stop = w.checkActors()
	}
	return w.checkStop()
}

// checkActors returns a skip when steps of the scenario name actors the target lacks; the
// reason names the first, and the skip all of them. An actor inside quotes (a path, an expected
// value) is text, not an actor.
func (w *World) checkActors() error {
	var missing []string
	for _, st := range w.scenario.Steps {
		for _, m := range actorInText.FindAllStringSubmatch(quoted.ReplaceAllString(st.Text, `""`), -1) {
			if actor := actorOf(m[1]); !w.actors.HasActor(actor) && !slices.Contains(missing, actor) {
				missing = append(missing, actor)
			}
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return &skipError{reason: (&endpoint.NoTokenError{Actor: missing[0]}).Error(), actors: missing}
}

// checkStop records a skip and returns the error that stops the scenario, if any.
func (w *World) checkStop() error {
	var se *skipError
	if errors.As(w.stop, &se) {
		w.skipped, w.missing = se.reason, se.actors
	}
	return w.stop
}

// skipFor skips the scenario because a request was sent as an actor the target lacks.
func (w *World) skipFor(err error) error {
	se := &skipError{reason: err.Error()}
	var nt *endpoint.NoTokenError
	if errors.As(err, &nt) {
		se.reason, se.actors = nt.Error(), []string{nt.Actor}
	}
	w.stop = se
	return w.checkStop()
}

// courseName derives the name of the scenario's course from the scenario, so that requests are
// the same on every run and recordings replay.
func (w *World) courseName() string {
	name := "Conformance course"
	if w.scenario != nil && strings.TrimSpace(w.scenario.Name) != "" {
		name = strings.TrimSpace(w.scenario.Name)
	}
	// The documentation: the name "must be between 1 and 750 characters".
	if r := []rune(name); len(r) > 200 {
		name = string(r[:200])
	}
	return name
}

// failf builds a step failure: the expectation, then the last exchange with secrets masked.
func (w *World) failf(format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if w.last == nil {
		return errors.New(msg + "\n(no request has been sent yet)")
	}
	return errors.New(msg + "\n\n" + w.last.dump(w.known()))
}

// failWith is failf for a failure caused by err, the transport's: err stays in the chain (its
// text, masked, is in the message), so that the runner can tell a recording that cannot answer
// from the target's own answer.
func (w *World) failWith(cause error, format string, args ...any) error {
	return &stepFailure{msg: w.failf(format, args...).Error(), cause: cause}
}

// stepFailure is a step's failure message over the error that caused it.
type stepFailure struct {
	msg   string
	cause error
}

func (e *stepFailure) Error() string { return e.msg }
func (e *stepFailure) Unwrap() error { return e.cause }

// known masks what must never be printed: the target's tokens, when it tells them.
func (w *World) known() redact.Known {
	if w.keeper != nil {
		return redact.NewKnown(w.keeper.Secrets()...)
	}
	return redact.Known{}
}

// maskError is the text of an error of the transport, with credentials and the target's tokens
// masked (a url.Error quotes the request's URL, a misbehaving transport could quote a header).
func (w *World) maskError(err error) string {
	return w.known().Mask(redact.Default().Text(err.Error()))
}
