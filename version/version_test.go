package version

import (
	"bytes"
	"runtime/debug"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/features"
)

func TestFromBuildInfo(t *testing.T) {
	vcs := func(rev, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: modified}}
	}
	const rev = "33203a3f0c1d2e3f4a5b6c7d8e9f00112233aabb"
	tests := []struct {
		name                   string
		main                   string
		settings               []debug.BuildSetting
		stampedRev, stampedMod string
		want                   Info
	}{
		{"go install at a release names the release", "v1.2.0", nil, "", "",
			Info{Module: "v1.2.0", Go: "go1.24.0"}},
		{"a checkout build keeps Go's pseudo-version and its revision", "v0.0.0-20261205111234-33203a3f0c1d+dirty", vcs(rev, "true"), "", "",
			Info{Module: "v0.0.0-20261205111234-33203a3f0c1d+dirty", Revision: rev, Dirty: true, Go: "go1.24.0"}},
		{"a devel build with a revision names the commit", "(devel)", vcs(rev, "false"), "", "",
			Info{Module: "devel-33203a3f0c1d", Revision: rev, Go: "go1.24.0"}},
		{"a dirty devel build says so", "(devel)", vcs(rev, "true"), "", "",
			Info{Module: "devel-33203a3f0c1d+dirty", Revision: rev, Dirty: true, Go: "go1.24.0"}},
		{"the linker's stamp stands in when Go stamped nothing", "(devel)", nil, rev, "true",
			Info{Module: "devel-33203a3f0c1d+dirty", Revision: rev, Dirty: true, Go: "go1.24.0"}},
		{"Go's own stamp wins over the linker's", "(devel)", vcs(rev, "false"), "0000000000000000", "true",
			Info{Module: "devel-33203a3f0c1d", Revision: rev, Go: "go1.24.0"}},
		{"no version and no revision is devel", "", nil, "", "",
			Info{Module: Devel, Go: "go1.24.0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bi := &debug.BuildInfo{GoVersion: "go1.24.0", Main: debug.Module{Path: ModulePath, Version: tt.main}, Settings: tt.settings}
			got := fromBuildInfo(bi, Info{Module: Devel}, tt.stampedRev, tt.stampedMod)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestGet(t *testing.T) {
	info, err := Get()
	require.NoError(t, err)
	assert.Equal(t, "20261028", info.Discovery)
	want, err := SuiteDigest(features.FS)
	require.NoError(t, err)
	assert.Equal(t, want, info.Suite)
	assert.Regexp(t, `^[0-9a-f]{16}$`, info.Suite)
	assert.NotEmpty(t, info.Module)
}

func TestSuiteDigestFollowsTheFeatures(t *testing.T) {
	base := fstest.MapFS{
		"a.feature": {Data: []byte("Feature: A\n  Scenario: one\n    Given x\n")},
		"b.feature": {Data: []byte("Feature: B\n  Scenario: two\n    Given y\n")},
		"notes.txt": {Data: []byte("not a feature")},
	}
	digest := func(fsys fstest.MapFS) string {
		t.Helper()
		d, err := SuiteDigest(fsys)
		require.NoError(t, err)
		return d
	}
	d := digest(base)
	assert.Equal(t, d, digest(base), "the digest is stable")

	clone := func() fstest.MapFS {
		c := fstest.MapFS{}
		for k, v := range base {
			c[k] = &fstest.MapFile{Data: append([]byte(nil), v.Data...)}
		}
		return c
	}
	other := clone()
	other["notes.txt"].Data = []byte("changed notes")
	assert.Equal(t, d, digest(other), "files that are not features do not count")

	changed := clone()
	changed["b.feature"].Data = []byte("Feature: B\n  @wip\n  Scenario: two\n    Given y\n")
	assert.NotEqual(t, d, digest(changed), "a tag changes the suite")

	renamed := clone()
	renamed["c.feature"] = renamed["b.feature"]
	delete(renamed, "b.feature")
	assert.NotEqual(t, d, digest(renamed), "a renamed file changes the suite")

	moved := fstest.MapFS{
		"a.feature": {Data: []byte("Feature: A\n  Scenario: one\n    Given x\nFeature: B\n  Scenario: two\n    Given y\n")},
		"b.feature": {Data: []byte("")},
	}
	assert.NotEqual(t, d, digest(moved), "moving text between files changes the suite")
}

func TestWriteText(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, Info{Module: "v1.2.0", Revision: "abc", Dirty: true, Go: "go1.24.0", Suite: "0123456789abcdef", Discovery: "20261028"}.WriteText(&buf))
	out := buf.String()
	assert.True(t, strings.HasPrefix(out, "classroom-conformance v1.2.0\n"), out)
	for _, want := range []string{"revision:  abc (with uncommitted changes)", "suite:     0123456789abcdef", "discovery: 20261028", "go:        go1.24.0"} {
		assert.Contains(t, out, want)
	}
}
