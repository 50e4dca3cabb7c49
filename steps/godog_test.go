package steps_test

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/cucumber/godog"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
	"github.com/classroom-conformance/classroom-conformance/endpoint/endpointtest"
	"github.com/classroom-conformance/classroom-conformance/steps"
)

type outcome struct {
	status string // passes, fails, skipped
	detail string
}

// run runs the features under testdata/features with the real godog runner against tgt and
// returns each scenario's outcome by name.
func run(t *testing.T, tgt endpoint.Target, tags string, concurrency int) (map[string]outcome, map[string]string, string) {
	t.Helper()
	var mu sync.Mutex
	got := map[string]outcome{}
	want := map[string]string{}
	var out bytes.Buffer
	suite := godog.TestSuite{
		ScenarioInitializer: func(sc *godog.ScenarioContext) {
			w := steps.New(steps.Config{Target: tgt})
			w.Register(sc)
			sc.After(func(ctx context.Context, s *godog.Scenario, err error) (context.Context, error) {
				o := outcome{status: "passes"}
				switch {
				case w.SkipReason() != "":
					o = outcome{"skipped", w.SkipReason()}
				case err != nil:
					o = outcome{"fails", err.Error()}
				}
				mu.Lock()
				defer mu.Unlock()
				got[s.Name] = o
				for _, tag := range s.Tags {
					want[s.Name] = strings.TrimPrefix(tag.Name, "@")
				}
				return ctx, nil
			})
		},
		Options: &godog.Options{
			Format: "pretty", Output: &out, NoColors: true, Strict: true,
			FS: os.DirFS("testdata/features"), Paths: []string{"."}, Tags: tags, Concurrency: concurrency,
		},
	}
	suite.Run()
	return got, want, out.String()
}

// TestVocabularyAgainstFake runs every step of the vocabulary with godog against a fake
// Classroom over HTTP; each scenario's tag says whether it must pass, fail or be skipped.
func TestVocabularyAgainstFake(t *testing.T) {
	for _, concurrency := range []int{1, 4} {
		fake := endpointtest.New()
		srv := httptest.NewServer(fake)
		base, _ := endpoint.ParseBaseURL(srv.URL)
		tokens := endpointtest.Tokens()
		delete(tokens, "student via project B")
		tgt := &endpoint.HTTP{BaseURL: base, Tokens: tokens}

		got, want, report := run(t, tgt, "", concurrency)
		srv.Close()
		if os.Getenv("SHOW_REPORT") != "" && concurrency == 1 {
			t.Log(report)
		}
		if len(got) < 10 {
			t.Fatalf("only %d scenarios ran:\n%s", len(got), report)
		}
		for name, w := range want {
			if got[name].status != w {
				t.Errorf("concurrency %d: %q: got %s, want %s: %s", concurrency, name, got[name].status, w, got[name].detail)
			}
		}
		if t.Failed() {
			t.Logf("report:\n%s", report)
			return
		}
		if g := got["An actor the profile lacks skips the scenario"].detail; g != "profile has no token for actor student via project B" {
			t.Errorf("skip reason %q", g)
		}
		if g := got["An unknown variable fails the step"].detail; !strings.Contains(g, "{nothing}") {
			t.Errorf("unknown variable failure %q does not name it", g)
		}
		if strings.Contains(report, "fake-teacher") {
			t.Errorf("the report shows a token:\n%s", report)
		}
	}
}

// TestSkippedScenarioSendsNothing: a scenario naming an actor the profile lacks is skipped
// before its first request, so nothing is created on a live server.
func TestSkippedScenarioSendsNothing(t *testing.T) {
	fake := endpointtest.New()
	srv := httptest.NewServer(fake)
	defer srv.Close()
	base, _ := endpoint.ParseBaseURL(srv.URL)
	tgt := &endpoint.HTTP{BaseURL: base, Tokens: map[string]string{"teacher": "fake-teacher"}}
	got, _, report := run(t, tgt, "@skipped", 1)
	if len(got) != 1 {
		t.Fatalf("got %v\n%s", got, report)
	}
	for _, o := range got {
		if o.status != "skipped" || o.detail != "profile has no token for actor student" {
			t.Errorf("outcome %+v", o)
		}
	}
	if n := fake.Requests(); n != 0 {
		t.Errorf("the skipped scenario sent %d requests", n)
	}
}

// TestSkipFromHook: a runner may skip a scenario before it starts, with a reason.
func TestSkipFromHook(t *testing.T) {
	fake := endpointtest.New()
	srv := httptest.NewServer(fake)
	defer srv.Close()
	base, _ := endpoint.ParseBaseURL(srv.URL)
	tgt := &endpoint.HTTP{BaseURL: base, Tokens: endpointtest.Tokens()}
	var reason string
	var out bytes.Buffer
	godog.TestSuite{
		ScenarioInitializer: func(sc *godog.ScenarioContext) {
			w := steps.New(steps.Config{Target: tgt})
			sc.Before(func(ctx context.Context, s *godog.Scenario) (context.Context, error) {
				w.Skip("profile expects x=Y")
				return ctx, nil
			})
			w.Register(sc)
			sc.After(func(ctx context.Context, s *godog.Scenario, err error) (context.Context, error) {
				reason = w.SkipReason()
				return ctx, nil
			})
		},
		Options: &godog.Options{Format: "cucumber", Output: &out, Strict: true,
			FS: os.DirFS("testdata/features"), Paths: []string{"fixtures.feature:26"}},
	}.Run()
	if reason != "profile expects x=Y" || fake.Requests() != 0 {
		t.Errorf("reason %q, %d requests", reason, fake.Requests())
	}
	if !strings.Contains(out.String(), `"status": "skipped"`) {
		t.Errorf("cucumber report does not mark the scenario skipped:\n%s", out.String())
	}
}
