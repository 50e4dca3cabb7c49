package suite

import (
	"bytes"
	"log"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/features"
	"github.com/classroom-conformance/classroom-conformance/internal/mutants"
	"github.com/classroom-conformance/classroom-conformance/reference"
)

// TestMutantsFail runs the whole embedded suite, with the real godog runner, against servers
// that each break one documented rule, and checks that every run fails, in scenarios of the rule
// the fault breaks. The control, the same plumbing without a fault, must pass.
func TestMutantsFail(t *testing.T) {
	all, err := mutants.All()
	require.NoError(t, err)
	t.Run("control: the reference behind a pass-through middleware", func(t *testing.T) {
		t.Parallel()
		runAgainstMutant(t, mutants.Control()).checkPasses(t)
	})
	for _, m := range all {
		t.Run(m.Name, func(t *testing.T) {
			t.Parallel()
			runAgainstMutant(t, m.Mutate).checkCaught(t, m)
		})
	}
}

// A mutantRun is the outcome of the suite against one mutant.
type mutantRun struct {
	res    *Result
	hits   int64  // how many requests or answers the mutant changed
	report string // the progress report
	took   time.Duration
}

// runAgainstMutant serves a new reference behind mutate on 127.0.0.1 and runs the whole suite
// against it as a live target with the built-in tokens, as `run --target URL` does.
func runAgainstMutant(t *testing.T, mutate mutants.Middleware) mutantRun {
	t.Helper()
	var internal bytes.Buffer // log.Logger serialises its writes
	ref, err := reference.New(reference.Options{ErrorLog: log.New(&internal, "", 0)})
	require.NoError(t, err)
	var hits atomic.Int64
	srv := httptest.NewServer(mutate(ref, func() { hits.Add(1) }))
	var out bytes.Buffer
	start := time.Now()
	res, err := Run(t.Context(), Options{
		FS:          features.FS,
		TargetURL:   srv.URL,
		Formats:     []Format{{Name: "progress"}},
		Stdout:      &out,
		Concurrency: 4,
	})
	took := time.Since(start)
	srv.Close()
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	if internal.Len() > 0 {
		t.Errorf("the reference logged internal errors:\n%s", internal.String())
	}
	return mutantRun{res: res, hits: hits.Load(), report: out.String(), took: took}
}

// failedRules counts the failed scenarios of each rule.
func (r mutantRun) failedRules() map[string]int {
	m := map[string]int{}
	for _, s := range r.res.Scenarios {
		if s.Status != Failed {
			continue
		}
		for _, tag := range s.Tags {
			if rule, ok := strings.CutPrefix(tag, "@rule:"); ok {
				m[rule]++
			}
		}
	}
	return m
}

func (r mutantRun) checkPasses(t *testing.T) {
	t.Helper()
	for _, s := range r.res.Scenarios {
		if s.Status == Failed {
			t.Errorf("%s failed:\n%s", s.Scenario, s.Reason)
		}
	}
	if !r.res.OK() || r.res.ExitCode() != 0 || r.res.Passed == 0 {
		t.Errorf("exit %d with %d passed, %d failed:\n%s", r.res.ExitCode(), r.res.Passed, r.res.Failed, r.report)
	}
	if r.hits == 0 {
		t.Error("the middleware saw no answer to re-encode")
	}
	t.Logf("%d passed, %d skipped in %v", r.res.Passed, r.res.Skipped, r.took.Round(time.Millisecond))
}

func (r mutantRun) checkCaught(t *testing.T, m mutants.Mutant) {
	t.Helper()
	if m.Gap != "" && r.res.OK() {
		if r.hits == 0 {
			t.Skipf("feature gap: the mutant survives, and no scenario sends a request it changes (%s)", m.Gap)
		}
		t.Skipf("feature gap: the mutant survives after changing %d exchanges (%s)", r.hits, m.Gap)
	}
	if r.hits == 0 {
		t.Fatal("the mutant changed no request or answer: the suite never exercises the fault")
	}
	if r.res.OK() || r.res.ExitCode() != 1 || r.res.Failed == 0 {
		t.Fatalf("the suite passes against the mutant (exit %d, %d passed, %d failed, %d exchanges changed)",
			r.res.ExitCode(), r.res.Passed, r.res.Failed, r.hits)
	}
	caught := r.failedRules()
	for _, rule := range m.Rules {
		if caught[rule] == 0 {
			t.Errorf("no scenario of @rule:%s failed; the failed rules are %s", rule, describeRules(caught))
		}
	}
	if t.Failed() {
		for _, s := range r.res.Scenarios {
			if s.Status == Failed {
				t.Logf("%s failed:\n%s", s.Scenario, s.Reason)
			}
		}
	}
	if m.Gap != "" {
		t.Logf("the gap is closed: a scenario catches the mutant; drop the row's gap note")
	}
	t.Logf("%d of %d scenarios failed (%d exchanges changed) in %v: %s",
		r.res.Failed, len(r.res.Scenarios), r.hits, r.took.Round(time.Millisecond), describeRules(caught))
}

// describeRules lists rules with their failed scenario counts, most first.
func describeRules(counts map[string]int) string {
	rules := make([]string, 0, len(counts))
	for r := range counts {
		rules = append(rules, r)
	}
	sort.Slice(rules, func(i, j int) bool {
		if counts[rules[i]] != counts[rules[j]] {
			return counts[rules[i]] > counts[rules[j]]
		}
		return rules[i] < rules[j]
	})
	parts := make([]string, len(rules))
	for i, r := range rules {
		parts[i] = r + " (" + strconv.Itoa(counts[r]) + ")"
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}
