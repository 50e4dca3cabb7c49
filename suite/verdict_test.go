package suite

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
	"github.com/classroom-conformance/classroom-conformance/endpoint/endpointtest"
)

func TestExitCodeAndProblem(t *testing.T) {
	missing := ScenarioResult{Status: Skipped, Reason: "profile has no token for actor teacher", MissingActors: []string{"teacher", "student"}}
	tests := []struct {
		name    string
		res     Result
		code    int
		problem error
		says    string
	}{
		{"every checked scenario passed", Result{Passed: 2, Skipped: 1}, 0, nil, ""},
		{"a scenario failed", Result{Passed: 2, Failed: 1}, 1, nil, ""},
		{"godog failed what the tally did not see", Result{Passed: 2, godogFailed: true}, 1, nil, ""},
		{"interrupted", Result{Passed: 2, Failed: 1, NotRun: 3, Interrupted: true, Scenarios: make([]ScenarioResult, 6)}, 2, ErrInterrupted, "interrupted after 3 scenarios; 3 not run"},
		{"a scenario the harness could not run", Result{Passed: 2, Errored: 1, Scenarios: []ScenarioResult{{Status: Passed}, {Status: Errored, Reason: "no cassette x.yaml"}, {Status: Passed}}}, 2, ErrNotRunnable, "1 of 3 scenarios could not be run: no cassette x.yaml"},
		{"nothing checked for want of actors", Result{Skipped: 2, Scenarios: []ScenarioResult{missing, missing}}, 2, ErrNothingChecked, "the profile has no token for the actors student, teacher"},
		{"nothing checked for other choices", Result{Skipped: 1, Scenarios: []ScenarioResult{{Status: Skipped, Reason: "profile expects x=Y"}}}, 2, ErrNothingChecked, "another choice of a documented ambiguity"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.code, tt.res.ExitCode())
			p := tt.res.Problem()
			if tt.problem == nil {
				assert.NoError(t, p)
				return
			}
			assert.ErrorIs(t, p, tt.problem)
			assert.Contains(t, p.Error(), tt.says)
		})
	}
}

func TestClassroomAnswer(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		want   string
	}{
		{"an empty list", 200, `{}`, "list"},
		{"a page of courses", 200, `{"courses":[{"id":"1"}],"nextPageToken":"x"}`, "list"},
		{"Google's envelope", 401, `{"error":{"code":401,"message":"Request is missing required authentication credential.","status":"UNAUTHENTICATED"}}`, "UNAUTHENTICATED"},
		{"an envelope without status", 503, `{"error":{"code":503,"message":"Unavailable"}}`, "error"},
		{"an envelope whose code is not the HTTP status", 404, `{"error":{"code":400,"message":"x","status":"INVALID_ARGUMENT"}}`, ""},
		{"another object", 200, `{"kind":"file","name":"index.html"}`, ""},
		{"courses that are not a list", 200, `{"courses":"none"}`, ""},
		{"a list with another status", 201, `{}`, ""},
		{"HTML", 200, `<html></html>`, ""},
		{"nothing", 404, ``, ""},
		{"an array", 200, `[]`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, classroomAnswer(tt.status, []byte(tt.body)))
		})
	}
}

// TestLineFilter: godog's summary and step sources are dropped, coloured or not; every other
// line, and the progress report's characters, pass unchanged.
func TestLineFilter(t *testing.T) {
	var out bytes.Buffer
	f := &lineFilter{w: &out}
	for _, w := range []string{
		"Feature: Reclaim\n",
		"    Given a course owned by the teacher         # world.go:119 -> *World\n",
		"    \x1b[32mGiven\x1b[0m \x1b[32ma course\x1b[0m \x1b[1;30m# world.go:119 -> *World\x1b[0m\n",
		"  Scenario: A submission cannot be reclaimed             # reclaim.feature:63\n",
		"...", "..F", "-- 8\n",
		"\n",
		"3 scenarios (\x1b[32m3 passed\x1b[0m)\n",
		"21 steps (\x1b[32m21 passed\x1b[0m)\n",
		"1.234567ms\n",
		"\n",
	} {
		_, err := f.Write([]byte(w))
		require.NoError(t, err)
	}
	assert.Equal(t, "Feature: Reclaim\n"+
		"    Given a course owned by the teacher\n"+
		"    \x1b[32mGiven\x1b[0m \x1b[32ma course\x1b[0m\n"+
		"  Scenario: A submission cannot be reclaimed  # reclaim.feature:63\n"+
		".....F-- 8\n", out.String())
}

// TestInterruptedRun: cancelling a run's context (SIGINT) while scenarios run reports those cut
// short or never started as not run, never as failed, and the run cannot be judged.
func TestInterruptedRun(t *testing.T) {
	fake := endpointtest.New()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 12 {
			cancel()
		}
		time.Sleep(5 * time.Millisecond)
		fake.ServeHTTP(w, r)
	}))
	defer srv.Close()
	var stdout bytes.Buffer
	res, err := Run(ctx, Options{
		FS:      os.DirFS("testdata/features"),
		Profile: &endpoint.Profile{Target: srv.URL, Actors: endpointtest.Tokens()},
		Formats: []Format{{Name: "progress"}},
		Stdout:  &stdout,
	})
	require.NoError(t, err)
	assert.True(t, res.Interrupted)
	assert.Zero(t, res.Failed, "%+v", res.Scenarios)
	assert.Positive(t, res.NotRun)
	assert.Positive(t, res.Passed)
	assert.Equal(t, 2, res.ExitCode())
	assert.ErrorIs(t, res.Problem(), ErrInterrupted)
	for _, s := range res.Scenarios {
		if s.Status == NotRun {
			assert.True(t, strings.HasPrefix(s.Reason, "not run: the run was interrupted"), s.Reason)
		}
	}
}

// A cancelled run is interrupted when the signal cost something: a scenario not run, or a
// scenario's recording; a signal after the last scenario costs nothing.
func TestLostToInterruption(t *testing.T) {
	for _, tc := range []struct {
		name      string
		scenarios []ScenarioResult
		want      bool
	}{
		{"all ran and were recorded", []ScenarioResult{{Status: Passed}, {Status: Failed}}, false},
		{"one not run", []ScenarioResult{{Status: Passed}, {Status: NotRun}}, true},
		{"one passed but was not recorded", []ScenarioResult{{Status: Passed, NotRecorded: "a/b.yaml"}}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Result{Scenarios: tc.scenarios}
			if got := r.lostToInterruption(); got != tc.want {
				t.Errorf("lostToInterruption() = %v, want %v", got, tc.want)
			}
		})
	}
}
