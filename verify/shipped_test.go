package verify

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
	"github.com/classroom-conformance/classroom-conformance/features"
	"github.com/classroom-conformance/classroom-conformance/reference"
	"github.com/classroom-conformance/classroom-conformance/suite"
)

// shipped is the folder of the cassettes the suite records against the reference.
const shipped = "../cassettes"

// anotherSeed starts the reference on ids other than those of the shipped recordings.
const anotherSeed = 20261205

// startSeeded serves a reference making the choices exp expects, with seed.
func startSeeded(t testing.TB, exp endpoint.Expectations, seed int64) *Reference {
	t.Helper()
	behaviour, err := suite.Behaviour(exp)
	require.NoError(t, err)
	ref, err := StartReference(reference.Options{Behaviour: behaviour, Seed: seed})
	require.NoError(t, err)
	t.Cleanup(ref.Close)
	return ref
}

func verifyShipped(t testing.TB, opts Options) *Result {
	t.Helper()
	if opts.Features == nil {
		opts.Features = features.FS
	}
	if opts.Concurrency == 0 {
		opts.Concurrency = 4
	}
	res, err := Run(t.Context(), opts, shipped)
	require.NoError(t, err)
	return res
}

func pretty(t testing.TB, res *Result) string {
	var buf bytes.Buffer
	require.NoError(t, WritePretty(&buf, res))
	return buf.String()
}

func TestShippedCassettesVerifyAgainstAnotherSeed(t *testing.T) {
	ref := startSeeded(t, nil, anotherSeed)
	res := verifyShipped(t, Options{Target: ref.Target})
	if res.ExitCode() != 0 {
		t.Fatalf("exit %d:\n%s", res.ExitCode(), pretty(t, res))
	}
	t.Logf("%d passed, %d skipped", res.Passed, res.Skipped)
}

// Literal replay (send the recorded requests as they are and compare the answers as they are,
// as a record/replay tool does) fails against the same reference: it is binding that makes the
// recordings portable.
func TestLiteralReplayOfTheShippedCassettesFails(t *testing.T) {
	ref := startSeeded(t, nil, anotherSeed)
	res := verifyShipped(t, Options{Target: ref.Target, literal: true})
	require.Equal(t, 1, res.ExitCode())
	// Every cassette whose scenario creates something depends on the ids the server assigned.
	assert.Greater(t, res.Failed, res.Passed*9, "literal replay should fail nearly every cassette:\n%s", pretty(t, res))
	t.Logf("literal replay: %d passed, %d failed, %d skipped", res.Passed, res.Failed, res.Skipped)
}
