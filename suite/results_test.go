package suite

import (
	"bytes"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
	"github.com/classroom-conformance/classroom-conformance/features"
	"github.com/classroom-conformance/classroom-conformance/internal/mutants"
	"github.com/classroom-conformance/classroom-conformance/proxy"
	"github.com/classroom-conformance/classroom-conformance/redact"
	"github.com/classroom-conformance/classroom-conformance/reference"
	"github.com/classroom-conformance/classroom-conformance/results"
	"github.com/classroom-conformance/classroom-conformance/rules"
)

// TestJSONResultsOfAFailingRun runs the reclaim scenarios against the reference behind a fault
// (FAILED_PRECONDITION answered with HTTP 409, the token of the caller echoed in every error)
// and reads back what the json format wrote: every scenario with its rules and tiers, the
// failing step, the message without the exchange dump, the exchange itself, and no token.
func TestJSONResultsOfAFailingRun(t *testing.T) {
	ref, err := reference.New(reference.Options{ErrorLog: log.New(os.Stderr, "reference: ", 0)})
	require.NoError(t, err)
	echoToken := mutants.OnResponse(func(r *http.Request, a *mutants.Answer) bool {
		obj, e := a.ErrorOf()
		if e == nil {
			return false
		}
		e["message"] = "caller " + r.Header.Get("Authorization")
		a.SetObject(obj)
		return true
	})
	srv := httptest.NewServer(mutants.Chain(mutants.FailedPreconditionAs409(), echoToken).Handler(ref))
	defer srv.Close()

	path := filepath.Join(t.TempDir(), "out", "results.json")
	res, err := Run(t.Context(), Options{
		FS:          features.FS,
		TargetURL:   srv.URL + "/",
		Profile:     &endpoint.Profile{Expect: endpoint.Expectations{"reclaim.returned": "ALLOWED"}},
		Tags:        "@rule:reclaim.only-turned-in",
		Formats:     []Format{{Name: "json", File: path}},
		Concurrency: 2,
		ProfileName: "vendor",
	})
	require.NoError(t, err)
	require.Equal(t, 1, res.ExitCode(), "the fault fails the run")

	run, err := results.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, results.KindRun, run.Kind)
	assert.Equal(t, results.Versions{Tool: res.Versions.Module, Suite: res.Versions.Suite, Discovery: res.Versions.Discovery}, run.Versions)
	assert.NotEmpty(t, run.Versions.Suite)
	assert.Equal(t, srv.URL+"/", run.Target)
	assert.Equal(t, "vendor", run.Profile)
	assert.Equal(t, "ALLOWED", run.Choices["reclaim.returned"])
	assert.Equal(t, "DRAFT", run.Choices["coursework.default-state"], "a choice the profile does not state is its default")
	assert.Len(t, run.Choices, numAmbiguities(t))
	assert.False(t, run.End.Before(run.Start))
	assert.NotEmpty(t, run.Rules)
	require.Len(t, run.Scenarios, len(res.Scenarios))

	counts := run.Count()
	assert.Equal(t, results.Counts{Passed: res.Passed, Failed: res.Failed, Skipped: res.Skipped}, counts)
	require.NotZero(t, counts.Failed)
	for _, s := range run.Scenarios {
		assert.Contains(t, s.Tags, "@rule:reclaim.only-turned-in", s.Key())
		assert.Contains(t, s.Rules, results.RuleRef{ID: "reclaim.only-turned-in", Tier: results.Documented}, s.Key())
		assert.NotZero(t, s.Line, s.Key())
		assert.NotEmpty(t, s.Feature, s.Key())
		switch s.Status {
		case results.Failed:
			assert.Contains(t, s.Step, "the request fails with 400 FAILED_PRECONDITION", s.Key())
			assert.Contains(t, s.Message, "409", s.Key())
			assert.NotContains(t, s.Message, "request (", "the message leaves the exchange to Exchange")
			require.NotNil(t, s.Exchange, s.Key())
			assert.Equal(t, http.MethodPost, s.Exchange.Method)
			assert.Contains(t, s.Exchange.URL, ":reclaim")
			assert.Equal(t, http.StatusConflict, s.Exchange.Status)
			assert.Contains(t, s.Exchange.ResponseBody, "FAILED_PRECONDITION")
			assert.Contains(t, s.Exchange.ResponseBody, "caller Bearer "+redact.Placeholder, "the echoed token is masked")
		case results.Skipped:
			assert.NotEmpty(t, s.Reason, s.Key())
		}
	}
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	for actor, tok := range BuiltinTokens() {
		assert.NotContains(t, string(raw), tok, "the token of the %s reached the results", actor)
	}
}

// TestJSONResultsListWhatDidNotRun checks that a scenario the run never reached is in the
// results as not run, and the results target never carries credentials or the embedded
// reference's port.
func TestJSONResultsListWhatDidNotRun(t *testing.T) {
	planned := []plannedScenario{
		{id: "1", feature: "F", uri: "a.feature", name: "ran", line: 3, tags: []string{"@rule:errors.envelope"}},
		{id: "2", feature: "F", uri: "a.feature", name: "never reached", line: 9, tags: []string{"@rule:errors.envelope"}},
	}
	res := &Result{Scenarios: []ScenarioResult{{Scenario: Scenario{Feature: "F", URI: "a.feature", Line: 3, Name: "ran", Tags: planned[0].tags}, Status: Passed}}}
	now := time.Now()
	var buf bytes.Buffer
	require.NoError(t, writeResultsTo(&buf, Options{TargetURL: "https://user:secret@classroom.example.com/api/?key=AIza0123"}, res, runInfo{start: now, end: now, planned: planned}))
	run, err := results.Decode(&buf)
	require.NoError(t, err)
	require.Len(t, run.Scenarios, 2)
	assert.Equal(t, results.Passed, run.Scenarios[0].Status)
	assert.Equal(t, results.NotRun, run.Scenarios[1].Status)
	assert.Equal(t, "never reached", run.Scenarios[1].Name)
	assert.Equal(t, "https://classroom.example.com/api/", run.Target)
	assert.False(t, strings.Contains(buf.String(), "secret"))

	assert.Equal(t, results.Reference, resultsTarget(Options{}))

	replay := Options{FS: features.FS}
	require.NoError(t, Cassettes{Dir: shippedCassettes, Mode: proxy.Replay}.Attach(&replay))
	assert.Equal(t, RecordedCassettes, resultsTarget(replay))
}

func TestJSONIsAFormat(t *testing.T) {
	f, err := ParseFormat("json:reports/results.json")
	require.NoError(t, err)
	assert.Equal(t, Format{Name: "json", File: "reports/results.json"}, f)
}

func numAmbiguities(t *testing.T) int {
	cat, err := rules.Embedded()
	require.NoError(t, err)
	return len(cat.Ambiguities)
}
