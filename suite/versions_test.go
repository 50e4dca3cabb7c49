package suite

import (
	"bytes"
	"context"
	"encoding/xml"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/version"
)

// TestRunCarriesVersions: a run's result and its JUnit report say which build ran which suite,
// and every shard of a run carries the suite version of the whole, not of its part.
func TestRunCarriesVersions(t *testing.T) {
	profile, _ := fakeProfile(t, nil)
	fsys := os.DirFS("testdata/features")
	want, err := version.SuiteDigest(fsys)
	require.NoError(t, err)
	var stdout bytes.Buffer
	res, err := Run(context.Background(), Options{
		FS: fsys, Profile: profile, Stdout: &stdout,
		Formats: []Format{{Name: "junit"}},
		Select:  Selection{Shard: Shard{2, 2}},
	})
	require.NoError(t, err)
	assert.Equal(t, want, res.Versions.Suite)
	assert.Equal(t, "20261028", res.Versions.Discovery)
	assert.NotEmpty(t, res.Versions.Module)
	assert.Equal(t, Shard{2, 2}, res.Shard)

	var rep junitReport
	require.NoError(t, xml.Unmarshal(stdout.Bytes(), &rep))
	require.NotEmpty(t, rep.Suites)
	for _, s := range rep.Suites {
		require.NotNil(t, s.Properties, "testsuite %s", s.Name)
		got := map[string]string{}
		for _, p := range s.Properties.Property {
			got[p.Name] = p.Value
		}
		assert.Equal(t, map[string]string{
			"classroom-conformance.version":   res.Versions.Module,
			"classroom-conformance.suite":     want,
			"classroom-conformance.discovery": "20261028",
			"classroom-conformance.shard":     "2/2",
		}, got)
	}
}
