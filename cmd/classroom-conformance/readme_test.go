package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var envRef = regexp.MustCompile(`\$\{([A-Z0-9_]+)\}`)

// TestReadmeProfileMatchesGoogleProfile: the README's example profile reads the environment
// variables profiles/google.yaml reads, so a user can follow either.
func TestReadmeProfileMatchesGoogleProfile(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	google, err := os.ReadFile(filepath.Join("..", "..", "profiles", "google.yaml"))
	require.NoError(t, err)
	_, example, ok := strings.Cut(string(readme), "# classroom.yaml\n")
	require.True(t, ok, "the README has no example profile")
	example, _, _ = strings.Cut(example, "```")
	vars := func(s string) (out []string) {
		for _, m := range envRef.FindAllStringSubmatch(s, -1) {
			out = append(out, m[1])
		}
		return out
	}
	assert.Equal(t, vars(string(google)), vars(example))
}

// TestMakeTestNamesTheGoItNeeds: on a Go older than compat/go.mod's, make test stops at once
// and says which Go it needs.
func TestMakeTestNamesTheGoItNeeds(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil || runtime.GOOS == "windows" {
		t.Skip("no make")
	}
	fake := filepath.Join(t.TempDir(), "go")
	require.NoError(t, os.WriteFile(fake, []byte("#!/bin/sh\necho go1.24.3\n"), 0o755))
	out, err := exec.Command("make", "-s", "-C", filepath.Join("..", ".."), "go-version", "GO="+fake).CombinedOutput()
	require.Error(t, err, "%s", out)
	assert.Contains(t, string(out), "make test needs Go 1.26")
	assert.Contains(t, string(out), "this is Go 1.24.3")
}
