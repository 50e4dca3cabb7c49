package main

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/features"
	"github.com/classroom-conformance/classroom-conformance/version"
)

func TestVersion(t *testing.T) {
	suite, err := version.SuiteDigest(features.FS)
	require.NoError(t, err)
	for _, args := range [][]string{{"version"}, {"--version"}} {
		var stdout, stderr bytes.Buffer
		code := dispatch(context.Background(), args, &stdout, &stderr)
		require.Equal(t, 0, code, stderr.String())
		assert.Regexp(t, `^classroom-conformance \S+\nmodule:    github.com/classroom-conformance/classroom-conformance \S+\n`, stdout.String())
		assert.Contains(t, stdout.String(), "suite:     "+suite+"\n")
		assert.Contains(t, stdout.String(), "discovery: 20261028\n")
	}

	var stdout, stderr bytes.Buffer
	code := dispatch(context.Background(), []string{"version", "--json"}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	var info version.Info
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &info))
	assert.Equal(t, suite, info.Suite)
	assert.Equal(t, "20261028", info.Discovery)
	assert.NotEmpty(t, info.Module)

	stdout.Reset()
	stderr.Reset()
	assert.Equal(t, 2, dispatch(context.Background(), []string{"version", "extra"}, &stdout, &stderr))
	assert.Contains(t, stderr.String(), `unexpected argument "extra"`)
}
