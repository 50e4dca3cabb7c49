package suite

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
	"github.com/classroom-conformance/classroom-conformance/features"
	"github.com/classroom-conformance/classroom-conformance/proxy/recorder"
	"github.com/classroom-conformance/classroom-conformance/rules"
)

// alternatives expects the non-default choice of every ambiguity, and returns the tag
// expression that selects the scenarios depending on one of them.
func alternatives() (endpoint.Expectations, string) {
	cat, err := rules.Embedded()
	if err != nil {
		panic(err)
	}
	exp := endpoint.Expectations{}
	for _, e := range cat.OtherChoices() {
		exp[e.Ambiguity] = e.Choice
	}
	return exp, cat.OtherChoicesTags()
}

// TestConformance runs the embedded features against the embedded reference with the real
// godog runner: every scenario must pass, once with the reference's own choices and once, for
// the scenarios that depend on an ambiguity, with the other choices.
func TestConformance(t *testing.T) {
	alt, altTags := alternatives()
	runs := []struct {
		name   string
		expect endpoint.Expectations
		tags   string
	}{
		{"reference choices", nil, ""},
		{"other choices", alt, altTags},
	}
	for _, r := range runs {
		t.Run(r.name, func(t *testing.T) {
			te, err := parseTags(r.tags)
			require.NoError(t, err)
			if planned, err := plan(features.FS, te); err == nil && len(planned) == 0 {
				t.Skip("no scenario depends on another choice")
			}
			var out bytes.Buffer
			res, err := Run(context.Background(), Options{
				FS:      features.FS,
				Profile: &endpoint.Profile{Expect: r.expect},
				Tags:    r.tags,
				Formats: []Format{{Name: "progress"}},
				Stdout:  &out,
			})
			require.NoError(t, err)
			for _, s := range res.Scenarios {
				if s.Status == Failed {
					t.Errorf("%s failed:\n%s", s.Scenario, s.Reason)
				}
			}
			if res.ExitCode() != 0 && res.Failed == 0 {
				t.Errorf("exit status %d without a failed scenario:\n%s", res.ExitCode(), out.String())
			}
			if res.Passed == 0 {
				t.Errorf("no scenario passed:\n%s", out.String())
			}
			t.Logf("%d passed, %d skipped in %v", res.Passed, res.Skipped, res.Duration)
		})
	}
}

// BenchmarkSuite runs the whole embedded suite against a fresh embedded reference, one
// scenario at a time and with concurrency on; the design's target is about two seconds on two
// cores.
func BenchmarkSuite(b *testing.B) {
	for _, concurrency := range []int{1, 4} {
		b.Run(fmt.Sprintf("concurrency=%d", concurrency), func(b *testing.B) {
			for b.Loop() {
				res, err := Run(context.Background(), Options{
					FS:          features.FS,
					Formats:     []Format{{Name: "progress"}},
					Stdout:      io.Discard,
					Concurrency: concurrency,
				})
				if err != nil {
					b.Fatal(err)
				}
				// Failures are TestConformance's business; the benchmark measures, and shows them.
				b.ReportMetric(float64(len(res.Scenarios)), "scenarios/op")
				b.ReportMetric(float64(res.Failed), "failed/op")
			}
		})
	}
}

// BenchmarkSuiteReplay runs the whole suite from the shipped cassettes, with no network, to
// compare with BenchmarkSuite: the design's target is about two seconds on two cores for both.
func BenchmarkSuiteReplay(b *testing.B) {
	for b.Loop() {
		opts := Options{FS: features.FS, Formats: []Format{{Name: "progress"}}, Stdout: io.Discard, Concurrency: 4}
		if err := (Cassettes{Dir: shippedCassettes, Mode: recorder.Replay}).Attach(&opts); err != nil {
			b.Fatal(err)
		}
		res, err := Run(context.Background(), opts)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(res.Scenarios)), "scenarios/op")
		b.ReportMetric(float64(res.Failed), "failed/op")
	}
}
