package report

import (
	"bytes"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/features"
	"github.com/classroom-conformance/classroom-conformance/internal/mutants"
	"github.com/classroom-conformance/classroom-conformance/reference"
	"github.com/classroom-conformance/classroom-conformance/results"
	"github.com/classroom-conformance/classroom-conformance/suite"
)

// wholeRun runs the embedded suite against the broken reference (FAILED_PRECONDITION answered
// with HTTP 409, a fault the suite catches in several rules, so the merged page has failures and
// their exchanges) and returns its results.
func wholeRun(t *testing.T) *results.Run {
	t.Helper()
	ref, err := reference.New(reference.Options{})
	require.NoError(t, err)
	srv := httptest.NewServer(mutants.FailedPreconditionAs409().Handler(ref))
	defer srv.Close()
	var out bytes.Buffer
	res, err := suite.Run(t.Context(), suite.Options{
		FS: features.FS, TargetURL: srv.URL + "/", Formats: []suite.Format{{Name: "json"}}, Stdout: &out,
		Concurrency: 4,
	})
	require.NoError(t, err)
	require.NotZero(t, res.Failed, "the fault is caught")
	run, err := results.Decode(&out)
	require.NoError(t, err)
	return run
}

// shard splits a run the way a CI matrix would: each part has some of the scenarios, its own
// start and end within the run's, and the same target, suite and choices.
func shard(run *results.Run, n int) []*results.Run {
	parts := make([]*results.Run, n)
	step := run.End.Sub(run.Start) / time.Duration(n)
	for i := range parts {
		p := *run
		p.Scenarios = nil
		p.Start = run.Start.Add(time.Duration(i) * step)
		p.End = p.Start.Add(step)
		if i == n-1 {
			p.End = run.End
		}
		parts[i] = &p
	}
	for i, s := range run.Scenarios {
		parts[(i*7)%n].Scenarios = append(parts[(i*7)%n].Scenarios, s)
	}
	return parts
}

func render(t *testing.T, rep *Report) (string, string) {
	t.Helper()
	var html, md bytes.Buffer
	require.NoError(t, rep.WriteHTML(&html))
	require.NoError(t, rep.WriteMarkdown(&md))
	return html.String(), md.String()
}

// TestShardsMergeIntoTheUnshardedPage: the shards of one run, given in any order, make the
// same page and the same summary as the run itself, byte for byte.
func TestShardsMergeIntoTheUnshardedPage(t *testing.T) {
	run := wholeRun(t)
	whole, err := Merge([]Input{{Name: "whole", Run: run}}, nil)
	require.NoError(t, err)
	wantHTML, wantMD := render(t, whole)
	require.Len(t, whole.Columns, 1)
	require.NotZero(t, whole.Columns[0].Total().Fail)

	for _, n := range []int{2, 3, 4} {
		parts := shard(run, n)
		var in []Input
		for i := len(parts) - 1; i >= 0; i-- { // the last shard first
			in = append(in, Input{Name: "shard", Run: parts[i]})
		}
		merged, err := Merge(in, nil)
		require.NoError(t, err)
		require.Len(t, merged.Columns, 1, "%d shards of one run are one column", n)
		gotHTML, gotMD := render(t, merged)
		assert.Equal(t, wantMD, gotMD, "%d shards", n)
		if gotHTML != wantHTML {
			t.Errorf("%d shards: the page differs from the unsharded run's", n)
		}
	}
}
