package suite

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/cucumber/godog"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
	"github.com/classroom-conformance/classroom-conformance/results"
	"github.com/classroom-conformance/classroom-conformance/rules"
	"github.com/classroom-conformance/classroom-conformance/steps"
)

// The json format writes the native results of the run (package results), which `report`
// merges into the compatibility page. Like JUnit it is written by the suite, from the run's
// outcomes, not by godog.

// stepWatch remembers the first step of a scenario that failed.
type stepWatch struct {
	mu     sync.Mutex
	failed string
}

// watchSteps registers a step hook that remembers the first failing step of the scenario.
func watchSteps(sc *godog.ScenarioContext) *stepWatch {
	sw := &stepWatch{}
	sc.StepContext().After(func(ctx context.Context, st *godog.Step, status godog.StepResultStatus, err error) (context.Context, error) {
		if status == godog.StepFailed {
			sw.mu.Lock()
			if sw.failed == "" {
				sw.failed = st.Text
			}
			sw.mu.Unlock()
		}
		return ctx, nil
	})
	return sw
}

// evidence returns what the scenario of w left behind besides its status: the step that failed
// and the last exchange.
func (sw *stepWatch) evidence(w *steps.World) (step string, exchange *steps.Exchange) {
	sw.mu.Lock()
	defer sw.mu.Unlock()
	if ex, ok := w.LastExchange(); ok {
		exchange = &ex
	}
	return sw.failed, exchange
}

// runInfo is what the results say about the run as a whole.
type runInfo struct {
	start, end time.Time
	exp        endpoint.Expectations
	planned    []plannedScenario
}

// writeResultsTo writes the results of the run as JSON to w.
func writeResultsTo(w io.Writer, opts Options, res *Result, info runInfo) error {
	run, err := buildResults(opts, res, info)
	if err != nil {
		return err
	}
	return run.Encode(w)
}

// writeResultsFile writes the results of the run to path, atomically.
func writeResultsFile(path string, opts Options, res *Result, info runInfo) error {
	run, err := buildResults(opts, res, info)
	if err != nil {
		return err
	}
	return results.WriteFile(path, run)
}

// buildResults turns the outcome of a run into its results: every selected scenario once, in
// feature order, those the run never reached as not run.
func buildResults(opts Options, res *Result, info runInfo) (*results.Run, error) {
	cat, err := rules.Load()
	if err != nil {
		return nil, err
	}
	run := &results.Run{
		ResultsVersion: results.Version,
		Kind:           results.KindRun,
		Versions:       results.Versions{Tool: res.Versions.Module, Suite: res.Versions.Suite, Discovery: res.Versions.Discovery},
		Target:         resultsTarget(opts),
		Profile:        opts.ProfileName,
		Choices:        map[string]string{},
		Start:          info.start.UTC(),
		End:            info.end.UTC(),
		Rules:          results.RulesOf(cat),
		Scenarios:      []results.Scenario{},
	}
	for _, a := range cat.Ambiguities {
		run.Choices[a.ID] = info.exp.Choice(a.ID)
	}
	ran := map[string]bool{}
	for _, sr := range res.Scenarios {
		ran[fmt.Sprintf("%s:%d %s", sr.URI, sr.Line, sr.Name)] = true
		run.Scenarios = append(run.Scenarios, scenarioResults(sr, cat))
	}
	// Scenarios the run did not reach (it was interrupted) are listed as not run, in plan
	// order after those that ran, so that a report does not count them as absent rules.
	for _, p := range info.planned {
		if ran[fmt.Sprintf("%s:%d %s", p.uri, p.line, p.name)] {
			continue
		}
		run.Scenarios = append(run.Scenarios, results.Scenario{
			Feature: p.feature, URI: p.uri, Line: p.line, Name: p.name, Tags: p.tags,
			Rules: results.RefsOf(p.tags, cat), Status: results.NotRun,
		})
	}
	return run, nil
}

func scenarioResults(sr ScenarioResult, cat *rules.Catalogue) results.Scenario {
	s := results.Scenario{
		Feature: sr.Feature, URI: sr.URI, Line: sr.Line, Name: sr.Name, Tags: sr.Tags,
		Rules: results.RefsOf(sr.Tags, cat), DurationMS: sr.Duration.Milliseconds(),
	}
	if s.Tags == nil {
		s.Tags = []string{}
	}
	switch sr.Status {
	case Passed:
		s.Status = results.Passed
	case Failed:
		s.Status = results.Failed
		s.Step = sr.Step
		s.Message = results.Message(failureMessage(sr.Reason))
		if ex := sr.Exchange; ex != nil {
			s.Exchange = results.Redact(results.Exchange{
				Actor: ex.Actor, Method: ex.Method, URL: ex.URL, RequestBody: ex.RequestBody,
				Status: ex.Status, ContentType: ex.ContentType, ResponseBody: ex.ResponseBody,
			})
		}
	default:
		s.Status = results.Skipped
		s.Reason = results.Message(sr.Reason)
	}
	return s
}

// failureMessage keeps what a failed step expected and drops the dump of the last exchange the
// steps append to it (after a blank line, starting "request ("): the results hold the exchange
// itself.
func failureMessage(reason string) string {
	if i := strings.Index(reason, "\n\nrequest ("); i >= 0 {
		return reason[:i]
	}
	return reason
}

// resultsTarget names the target of the run as the results record it: the base URL without
// credentials, query or fragment, results.Reference, or RecordedCassettes. The address the
// embedded reference happens to listen on is left out, so the shards of one run name the same
// target.
func resultsTarget(opts Options) string {
	if opts.Target != nil {
		h, ok := opts.Target.(*endpoint.HTTP)
		switch {
		case ok && h.BaseURL != nil && h.BaseURL.String() == replayBase:
			return RecordedCassettes
		case ok && h.BaseURL != nil:
			return bareURL(h.BaseURL)
		}
		return "the given target"
	}
	raw := opts.TargetURL
	if raw == "" && opts.Profile != nil {
		raw = opts.Profile.Target
	}
	if raw == "" {
		return results.Reference
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "an unparsable URL"
	}
	return bareURL(u)
}

// RecordedCassettes is the target of a run that replays cassettes, in its results.
const RecordedCassettes = "recorded cassettes"

// bareURL drops what may hold a credential: user information, query and fragment.
func bareURL(u *url.URL) string {
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
}
