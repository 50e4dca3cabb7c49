package verify

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
)

func otherChoices(t *testing.T) endpoint.Expectations {
	t.Helper()
	p, err := endpoint.LoadProfile("../profiles/other-choices.yaml", endpoint.LoadOptions{})
	require.NoError(t, err)
	return p.Expect
}

// A reference making the other documented choices, verified as a target that should make the
// documented defaults, fails exactly the interactions that depend on an ambiguity: those of the
// scenarios tagged with one, and those whose answer holds the other choice of one (course work
// created without a state, in scenarios about something else). The report names the ambiguity
// of each.
func TestOtherChoicesFailExactlyTheAmbiguityInteractions(t *testing.T) {
	ref := startSeeded(t, otherChoices(t), anotherSeed)
	res := verifyShipped(t, Options{Target: ref.Target})
	out := pretty(t, res)
	require.Equal(t, 1, res.ExitCode())
	tagged := 0
	for _, c := range res.Cassettes {
		if c.Status == Skipped {
			continue
		}
		if len(c.Ambiguities) > 0 {
			tagged++
			assert.Equal(t, Failed, c.Status, "%s depends on %v, yet the other choice answers it as recorded", c.Path, c.Ambiguities)
			for _, a := range c.Ambiguities {
				assert.Contains(t, out, "recorded for the documented ambiguity "+a)
			}
			continue
		}
		for _, in := range c.Differing() {
			for _, d := range in.Differences {
				assert.NotEmpty(t, d.Ambiguity, "%s #%d %s: %s differs for no documented ambiguity", c.Path, in.Index, in.Name(), d)
			}
		}
		for _, id := range c.AmbiguitiesDiffering() {
			assert.Contains(t, out, "another choice of the documented ambiguity "+id)
		}
	}
	assert.Positive(t, tagged)
	if t.Failed() {
		t.Log(out)
	}
}

// Verified as a target that should make the choices it makes, the same reference passes: the
// cassettes of the other choices are skipped, and answers that hold the expected choice where the
// recording holds the default are accepted.
func TestOtherChoicesPassWhenTheProfileExpectsThem(t *testing.T) {
	exp := otherChoices(t)
	ref := startSeeded(t, exp, anotherSeed)
	res := verifyShipped(t, Options{Target: ref.Target, Expect: exp})
	if !assert.Equal(t, 0, res.ExitCode()) {
		t.Log(pretty(t, res))
	}
	accepted := 0
	for _, c := range res.Cassettes {
		for _, in := range c.Interactions {
			accepted += len(in.Accepted)
		}
		if c.Status == Skipped {
			assert.True(t, strings.HasPrefix(c.Reason, "recorded for "), c.Reason)
		}
	}
	assert.Positive(t, accepted, "no difference between choices was accepted")
}
