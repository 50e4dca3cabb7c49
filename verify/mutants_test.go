package verify

import (
	"log"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
	"github.com/classroom-conformance/classroom-conformance/internal/mutants"
	"github.com/classroom-conformance/classroom-conformance/reference"
	"github.com/classroom-conformance/classroom-conformance/suite"
)

// serveMutant serves a reference with another seed behind mutate, as a live target with the
// built-in tokens.
func serveMutant(t *testing.T, mutate mutants.Middleware) (*endpoint.HTTP, *atomic.Int64) {
	t.Helper()
	var internal strings.Builder
	ref, err := reference.New(reference.Options{Seed: anotherSeed, ErrorLog: log.New(&syncWriter{b: &internal}, "", 0)})
	require.NoError(t, err)
	var hits atomic.Int64
	srv := httptest.NewServer(mutate(ref, func() { hits.Add(1) }))
	t.Cleanup(srv.Close)
	base, err := endpoint.ParseBaseURL(srv.URL)
	require.NoError(t, err)
	return &endpoint.HTTP{BaseURL: base, Tokens: suite.BuiltinTokens(), Client: srv.Client()}, &hits
}

// Every broken variant fails verify (exit 1), with a differing interaction of the method it
// breaks and a difference at the field it breaks; the control, the same plumbing without a fault,
// passes.
func TestMutantsFailVerify(t *testing.T) {
	t.Run("control: the reference behind a pass-through middleware", func(t *testing.T) {
		t.Parallel()
		target, hits := serveMutant(t, mutants.Control())
		res := verifyShipped(t, Options{Target: target, Strict: true})
		assert.Equal(t, 0, res.ExitCode(), pretty(t, res))
		assert.Positive(t, hits.Load())
	})
	all, err := mutants.All()
	require.NoError(t, err)
	for _, m := range all {
		if m.Method == "" {
			continue // the mutant names no method and field for verify
		}
		t.Run(m.Name, func(t *testing.T) {
			t.Parallel()
			target, hits := serveMutant(t, m.Mutate)
			res := verifyShipped(t, Options{Target: target, Strict: m.Strict})
			require.Positive(t, hits.Load(), "the mutant changed nothing")
			report := pretty(t, res)
			require.Equal(t, 1, res.ExitCode(), "verify passes against the mutant:\n%s", report)
			found := false
			for _, c := range res.Cassettes {
				for _, in := range c.Differing() {
					for _, d := range in.Differences {
						found = found || in.Method == m.Method && strings.HasPrefix(d.Path, m.Field)
					}
				}
			}
			assert.True(t, found, "no difference at %s of %s; the report:\n%s", m.Field, m.Method, report)
			assert.Contains(t, report, m.Method)
			assert.Contains(t, report, m.Field)
		})
	}
}

// syncWriter serialises writes from the server's goroutines.
type syncWriter struct {
	mu sync.Mutex
	b  *strings.Builder
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}
