package suite

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
	"github.com/classroom-conformance/classroom-conformance/endpoint/endpointtest"
)

// fakeProfile is a profile for a fake Classroom on loopback.
func fakeProfile(t *testing.T, expect endpoint.Expectations) (*endpoint.Profile, *endpointtest.Server) {
	t.Helper()
	fake := endpointtest.New()
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	return &endpoint.Profile{Target: srv.URL, Actors: endpointtest.Tokens(), Expect: expect}, fake
}

func outcomes(res *Result) map[string]string {
	m := map[string]string{}
	for _, s := range res.Scenarios {
		key := s.Name
		if strings.Contains(s.Name, "<") || s.Name == "Who can read the submission" {
			key = s.String()
		}
		m[key] = string(s.Status)
		if s.Status == Skipped {
			m[key] += ": " + s.Reason
		}
	}
	return m
}

// TestRunAgainstFake runs the testdata suite with the real godog runner against a fake server,
// writing every format at once, and checks outcomes, skip reasons, lines and reports.
func TestRunAgainstFake(t *testing.T) {
	profile, _ := fakeProfile(t, nil)
	dir := t.TempDir()
	var stdout bytes.Buffer
	res, err := Run(context.Background(), Options{
		FS:      os.DirFS("testdata/features"),
		Profile: profile,
		Formats: []Format{
			{Name: "progress"},
			{Name: "junit", File: filepath.Join(dir, "report.xml")},
			{Name: "cucumber", File: filepath.Join(dir, "report.json")},
			{Name: "pretty", File: filepath.Join(dir, "report.txt")},
		},
		Concurrency: 3,
		Stdout:      &stdout,
	})
	require.NoError(t, err)
	want := map[string]string{
		"The teacher creates an active course":               "passed",
		"An anonymous caller cannot read a course":           "passed",
		"A returned submission cannot be reclaimed":          "passed",
		"A returned submission can be reclaimed":             "skipped: profile expects reclaim.returned=FAILED_PRECONDITION",
		"submissions.feature:34 Who can read the submission": "passed",
		"submissions.feature:35 Who can read the submission": "passed",
		"submissions.feature:36 Who can read the submission": "passed",
	}
	got := outcomes(res)
	if len(got) != len(want) {
		t.Errorf("got %d scenarios: %v", len(got), got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %q, want %q", k, got[k], v)
		}
	}
	if res.Passed != 6 || res.Skipped != 1 || res.Failed != 0 || res.ExitCode() != 0 {
		t.Errorf("counts %d/%d/%d exit %d", res.Passed, res.Failed, res.Skipped, res.ExitCode())
	}
	if res.Scenarios[0].URI != "courses.feature" || res.Scenarios[0].Line != 4 {
		t.Errorf("first scenario %v: want courses.feature:4 first", res.Scenarios[0].Scenario)
	}
	// godog's own count, in which a skipped scenario passes, is not repeated: the run's
	// summary is the one.
	assert.NotContains(t, stdout.String(), "scenarios (")
	assert.Contains(t, stdout.String(), "...")

	var junit struct {
		Tests int `xml:"tests,attr"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "report.xml"))
	if err != nil || xml.Unmarshal(b, &junit) != nil || junit.Tests != 7 {
		t.Errorf("junit report (%v): %s", err, b)
	}
	if !bytes.Contains(b, []byte(`<skipped message="profile expects reclaim.returned=FAILED_PRECONDITION">`)) || bytes.Contains(b, []byte("<error")) {
		t.Errorf("junit report does not report the skipped scenario as skipped:\n%s", b)
	}
	var cucumber []struct {
		URI      string `json:"uri"`
		Elements []struct {
			Name string `json:"name"`
		} `json:"elements"`
	}
	b, err = os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil || json.Unmarshal(b, &cucumber) != nil || len(cucumber) != 2 {
		t.Errorf("cucumber report (%v): %.300s", err, b)
	}
	reason := base64.StdEncoding.EncodeToString([]byte("profile expects reclaim.returned=FAILED_PRECONDITION"))
	if !bytes.Contains(b, []byte(reason)) {
		t.Error("the cucumber report does not carry the skip reason")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "report.txt")); !bytes.Contains(b, []byte("Scenario Outline: Who can read the submission")) {
		t.Errorf("pretty report:\n%s", b)
	}
}

// TestAmbiguityFilter: a scenario tagged @ambiguity:id=CHOICE runs only when the profile
// expects that choice.
func TestAmbiguityFilter(t *testing.T) {
	tests := []struct {
		name      string
		expect    endpoint.Expectations
		runs      string
		skipped   string
		wantCode  int
		wantFails int
	}{
		{"default choice", nil, "A returned submission cannot be reclaimed", "A returned submission can be reclaimed", 0, 0},
		{"explicit default", endpoint.Expectations{"reclaim.returned": "FAILED_PRECONDITION"}, "A returned submission cannot be reclaimed", "A returned submission can be reclaimed", 0, 0},
		// The fake refuses to reclaim a returned submission, so expecting ALLOWED fails.
		{"other choice", endpoint.Expectations{"reclaim.returned": "ALLOWED"}, "A returned submission can be reclaimed", "A returned submission cannot be reclaimed", 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			profile, _ := fakeProfile(t, tt.expect)
			res, err := Run(context.Background(), Options{FS: os.DirFS("testdata/features"), Profile: profile, Tags: "@rule:reclaim.returned"})
			require.NoError(t, err)
			got := outcomes(res)
			if s := got[tt.skipped]; !strings.HasPrefix(s, "skipped: profile expects reclaim.returned=") {
				t.Errorf("%q: %q, want skipped", tt.skipped, s)
			}
			if s := got[tt.runs]; s != "passed" && s != "failed" {
				t.Errorf("%q: %q, want it run", tt.runs, s)
			}
			if res.ExitCode() != tt.wantCode || res.Failed != tt.wantFails {
				t.Errorf("exit %d, %d failed; want %d, %d", res.ExitCode(), res.Failed, tt.wantCode, tt.wantFails)
			}
		})
	}
}

// TestMissingActorSkips: a profile without the outsider skips the outsider's example only.
func TestMissingActorSkips(t *testing.T) {
	profile, _ := fakeProfile(t, nil)
	delete(profile.Actors, "outsider")
	res, err := Run(context.Background(), Options{FS: os.DirFS("testdata/features"), Profile: profile, Tags: "@rule:submission.readers"})
	require.NoError(t, err)
	got := outcomes(res)
	if s := got["submissions.feature:36 Who can read the submission"]; s != "skipped: profile has no token for actor outsider" {
		t.Errorf("outsider example: %q (%v)", s, got)
	}
	if res.Passed != 2 || res.ExitCode() != 0 {
		t.Errorf("%v", got)
	}
}

func TestRunErrors(t *testing.T) {
	profile, _ := fakeProfile(t, nil)
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()
	rejecting := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(401)
	}))
	defer rejecting.Close()
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("hello"))
	}))
	defer plain.Close()
	dir := t.TempDir()
	notADir := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(notADir, nil, 0o644))
	empty := t.TempDir()

	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"no features", Options{}, "no features"},
		{"unreachable target", Options{FS: os.DirFS("testdata/features"), TargetURL: closedURL}, "unreachable"},
		{"rejected token", Options{FS: os.DirFS("testdata/features"), TargetURL: rejecting.URL}, "rejected the teacher's token"},
		{"base URL ending in /v1", Options{FS: os.DirFS("testdata/features"), TargetURL: profile.Target + "/v1/", Profile: &endpoint.Profile{Actors: profile.Actors}}, "drop /v1 from the base URL"},
		{"not a Classroom API", Options{FS: os.DirFS("testdata/features"), TargetURL: plain.URL}, "is not a Classroom API"},
		{"actors without a target", Options{FS: os.DirFS("testdata/features"), Profile: &endpoint.Profile{Actors: profile.Actors}}, "the profile gives actors but no target"},
		{"bad target URL", Options{FS: os.DirFS("testdata/features"), TargetURL: "localhost:8080"}, "target URL"},
		{"no scenario matches", Options{FS: os.DirFS("testdata/features"), Profile: profile, Tags: "@rule:none"}, "no scenario matches"},
		{"bad tag expression", Options{FS: os.DirFS("testdata/features"), Profile: profile, Tags: "@a and not @b"}, "is not a tag"},
		{"empty tag", Options{FS: os.DirFS("testdata/features"), Profile: profile, Tags: "@a,"}, "is not a tag"},
		{"broken feature", Options{FS: os.DirFS("testdata/broken"), Profile: profile}, "feature syntax.feature"},
		{"unknown ambiguity choice in a tag", Options{FS: os.DirFS("testdata/badtag"), Profile: profile}, "badtag.feature:4"},
		{"empty features", Options{FS: os.DirFS(empty), Profile: profile}, "no *.feature files"},
		{"bad expectation", Options{FS: os.DirFS("testdata/features"), Profile: &endpoint.Profile{Target: profile.Target, Expect: endpoint.Expectations{"x": "Y"}}}, "unknown ambiguity"},
		{"two formats on stdout", Options{FS: os.DirFS("testdata/features"), Profile: profile, Formats: []Format{{Name: "pretty"}, {Name: "junit"}}}, "both write to standard output"},
		{"unwritable report", Options{FS: os.DirFS("testdata/features"), Profile: profile, Formats: []Format{{Name: "junit", File: filepath.Join(notADir, "r.xml")}}}, "format junit:"},
		{"negative concurrency", Options{FS: os.DirFS("testdata/features"), Profile: profile, Concurrency: -1}, "concurrency"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Run(context.Background(), tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}

// TestFailedScenarioExitsOne: a scenario that fails makes the exit status 1 and its result
// carries the failure.
func TestFailedScenarioExitsOne(t *testing.T) {
	// The fake lets the anonymous caller read nothing, but answers 401 where this server
	// answers 200: the anonymous scenario fails.
	fake := endpointtest.New()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			w.Write([]byte(`{}`))
			return
		}
		fake.ServeHTTP(w, r)
	}))
	defer srv.Close()
	res, err := Run(context.Background(), Options{
		FS: os.DirFS("testdata/features"), Profile: &endpoint.Profile{Target: srv.URL, Actors: endpointtest.Tokens()},
		Tags: "@rule:course.anonymous",
	})
	require.NoError(t, err)
	if res.ExitCode() != 1 || res.Failed != 1 {
		t.Fatalf("exit %d, %+v", res.ExitCode(), res.Scenarios)
	}
	if r := res.Scenarios[0].Reason; !strings.Contains(r, "expected the request to fail with 401 UNAUTHENTICATED") || strings.Contains(r, "fake-teacher") {
		t.Errorf("reason %q", r)
	}
}

// TestScenarioTarget: each scenario can get its own target (record/replay) and is told when it
// ends, with its outcome.
func TestScenarioTarget(t *testing.T) {
	profile, _ := fakeProfile(t, nil)
	delete(profile.Actors, "outsider")
	var mu sync.Mutex
	ended := map[string]bool{}
	perScenario := map[string]int{}
	res, err := Run(context.Background(), Options{
		FS: os.DirFS("testdata/features"), Profile: profile, Concurrency: 2,
		ScenarioTarget: func(ctx context.Context, sc Scenario, run endpoint.Target) (endpoint.Target, func(bool) error, error) {
			key := sc.String()
			// A wrapper that does not say which actors it has: the run's target still does.
			counting := targetFunc(func(ctx context.Context, actor string, req *http.Request) (*http.Response, error) {
				mu.Lock()
				perScenario[key]++
				mu.Unlock()
				return run.Do(ctx, actor, req)
			})
			return counting, func(failed bool) error {
				mu.Lock()
				defer mu.Unlock()
				ended[key] = failed
				return nil
			}, nil
		},
	})
	require.NoError(t, err)
	if res.Passed != 5 || res.Skipped != 2 {
		t.Fatalf("%+v", res.Scenarios)
	}
	for _, s := range res.Scenarios {
		key := s.String()
		if n := perScenario[key]; (s.Status == Passed) != (n > 0) {
			t.Errorf("%s (%s) sent %d requests through its own target", key, s.Status, n)
		}
		failed, done := ended[key]
		ambiguity := strings.HasPrefix(s.Reason, "profile expects")
		if done == ambiguity || failed {
			t.Errorf("%s (%s %s): done called %v, failed %v", key, s.Status, s.Reason, done, failed)
		}
	}
}

// TestScenarioTargetErrors: a scenario whose target cannot be opened (a cassette that cannot be
// loaded), or whose recording cannot be finished, is the harness's problem, not a failure of the
// target: the scenario is in error and the run cannot be judged (exit 2).
func TestScenarioTargetErrors(t *testing.T) {
	tests := []struct {
		name  string
		open  error
		done  error
		wants string
	}{
		{"open fails", errors.New("cassette is corrupt"), nil, "prepare the scenario's target: cassette is corrupt"},
		{"done fails", nil, errors.New("disk full"), "finish the scenario's target: disk full"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			profile, _ := fakeProfile(t, nil)
			res, err := Run(context.Background(), Options{
				FS: os.DirFS("testdata/features"), Profile: profile, Tags: "@rule:course.create",
				ScenarioTarget: func(ctx context.Context, sc Scenario, run endpoint.Target) (endpoint.Target, func(bool) error, error) {
					if tt.open != nil {
						return nil, nil, tt.open
					}
					return run, func(bool) error { return tt.done }, nil
				},
			})
			require.NoError(t, err)
			require.Len(t, res.Scenarios, 1)
			assert.Equal(t, Errored, res.Scenarios[0].Status)
			assert.Contains(t, res.Scenarios[0].Reason, tt.wants)
			assert.Equal(t, 0, res.Failed)
			assert.Equal(t, 2, res.ExitCode())
			assert.ErrorIs(t, res.Problem(), ErrNotRunnable)
		})
	}
}

type targetFunc func(ctx context.Context, actor string, req *http.Request) (*http.Response, error)

func (f targetFunc) Do(ctx context.Context, actor string, req *http.Request) (*http.Response, error) {
	return f(ctx, actor, req)
}
