package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/discovery"
	"github.com/classroom-conformance/classroom-conformance/faults"
	"github.com/classroom-conformance/classroom-conformance/reference"
)

var fenced = regexp.MustCompile("(?s)```(yaml|json)\n(.*?)```")

// TestTestingAppsDocWorks runs what docs/testing-apps.md shows: its fault plans parse, and its
// identities file is one serve accepts and answers with.
func TestTestingAppsDocWorks(t *testing.T) {
	text, err := os.ReadFile(filepath.Join("..", "..", "docs", "testing-apps.md"))
	require.NoError(t, err)
	d, err := discovery.Load()
	require.NoError(t, err)
	var plans, identities int
	for _, m := range fenced.FindAllStringSubmatch(string(text), -1) {
		switch m[1] {
		case "yaml":
			p, err := faults.Parse([]byte(m[2]), d)
			require.NoError(t, err, m[2])
			assert.False(t, p.Empty())
			plans++
		case "json":
			ids, err := reference.LoadIdentities(strings.NewReader(m[2]))
			require.NoError(t, err)
			assert.Len(t, ids, 2)
			file := writeFile(t, t.TempDir(), "identities.json", m[2])
			base, stop := startServe(t, "--identities", file)
			status, _ := get(t, base+"/v1/courses", "tok-student")
			assert.Equal(t, 200, status)
			status, _ = get(t, base+"/v1/courses", "tok-outsider")
			assert.Equal(t, 401, status, "only the file's tokens")
			code, _, _ := stop()
			assert.Equal(t, 0, code)
			identities++
		}
	}
	assert.Equal(t, 1, plans)
	assert.Equal(t, 1, identities)
}
