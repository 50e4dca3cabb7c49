package main

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/reference"
)

// TestRunStrictWeighsObservedRules runs the scenario of an observed rule against a reference
// that answers a JSON array body in the documented envelope but without Google's observed
// wording: the rule does not hold, which fails the run only with --strict.
func TestRunStrictWeighsObservedRules(t *testing.T) {
	ref, err := reference.New(reference.Options{})
	require.NoError(t, err)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if bytes.HasPrefix(bytes.TrimSpace(body), []byte("[")) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			w.Write([]byte(`{"error":{"code":400,"message":"Invalid JSON payload received. Root element must be a message.","status":"INVALID_ARGUMENT"}}`))
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		ref.ServeHTTP(w, r)
	}))
	defer srv.Close()

	for _, tt := range []struct {
		args []string
		code int
	}{
		{nil, 0},
		{[]string{"--strict"}, 1},
	} {
		args := append([]string{"--target", srv.URL, "--tags", "@rule:errors.json-array-body", "--format", "progress"}, tt.args...)
		code, stdout, stderr := runCLI(t, args...)
		assert.Equal(t, tt.code, code, "run %v\nstdout:\n%s\nstderr:\n%s", tt.args, stdout, stderr)
		assert.Contains(t, stderr, "rule errors.json-array-body does not hold")
		assert.Contains(t, stderr, "it decides the exit status with --strict only")
		assert.Contains(t, stderr, "rules that hold by tier: documented: 0/")
		assert.True(t, strings.Contains(stderr, ", observed: 0/"), stderr)
	}
}

// TestRunReportsTiers: against the embedded reference every tier holds, and the run says so
// tier by tier.
func TestRunReportsTiers(t *testing.T) {
	code, _, stderr := runCLI(t, "--tags", "@rule:errors.json-array-body,@rule:coursework.create.malformed", "--format", "progress", "--strict")
	require.Equal(t, 0, code, stderr)
	assert.Regexp(t, `rules that hold by tier: documented: 1/\d+, inferred: 0/\d+, observed: 1/\d+`, stderr)
}
