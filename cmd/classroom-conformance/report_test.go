package main

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/internal/mutants"
	"github.com/classroom-conformance/classroom-conformance/reference"
	"github.com/classroom-conformance/classroom-conformance/results"
)

func dispatchCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := dispatch(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// brokenTarget serves a broken Classroom on 127.0.0.1 for the test: the reference, except that
// it answers FAILED_PRECONDITION with HTTP 409, as many REST servers answer a state conflict
// (Google answers 400).
func brokenTarget(t *testing.T) string {
	t.Helper()
	ref, err := reference.New(reference.Options{})
	require.NoError(t, err)
	srv := httptest.NewServer(mutants.FailedPreconditionAs409().Handler(ref))
	t.Cleanup(srv.Close)
	return srv.URL + "/"
}

// writeResults runs the suite through the command line and returns the results file it wrote.
func writeResults(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	path := filepath.Join(dir, name+".json")
	code, _, stderr := dispatchCLI(t, append([]string{"run", "--format", "json:" + path}, args...)...)
	require.Contains(t, []int{0, 1}, code, "run %s: %s", name, stderr)
	return path
}

func TestReportOfThreeTargets(t *testing.T) {
	dir := t.TempDir()
	only := []string{"--tags", "@rule:reclaim.only-turned-in,@rule:coursework.state.default"}
	ref := writeResults(t, dir, "reference", only...)
	other := writeResults(t, dir, "other", append(only, "--profile", filepath.Join("..", "..", "profiles", "other-choices.yaml"))...)
	broken := writeResults(t, dir, "broken", append(only, "--target", brokenTarget(t))...)

	html, md := filepath.Join(dir, "out", "report.html"), filepath.Join(dir, "out", "summary.md")
	code, stdout, stderr := dispatchCLI(t, "report", ref, other, broken, "--html", html, "--markdown", md)
	require.Equal(t, 0, code, stderr)
	assert.Empty(t, stdout)

	page, err := os.ReadFile(html)
	require.NoError(t, err)
	assert.Equal(t, 3, strings.Count(string(page), `<article class="target"`))
	assert.Contains(t, string(page), `data-rule="reclaim.only-turned-in"`)
	assert.Contains(t, string(page), "other-choices")
	assert.Contains(t, string(page), `<dd class="differs">PUBLISHED</dd>`, "the choices that set the targets apart are highlighted")
	summary, err := os.ReadFile(md)
	require.NoError(t, err)
	assert.Contains(t, string(summary), "`reclaim.only-turned-in`", "the broken target's failing rule is named")
	assert.Contains(t, string(summary), "HTTP status is 409")

	// Without --html or --markdown, the summary goes to standard output.
	code, stdout, stderr = dispatchCLI(t, "report", ref)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "### embedded reference\n")

	// Against a baseline: the broken target compared with the reference's results.
	code, stdout, stderr = dispatchCLI(t, "report", "--baseline", ref, broken)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "Newly failing against the baseline: `reclaim.only-turned-in`")
}

func TestReportBadInput(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	run := &results.Run{Kind: results.KindRun, Target: results.Reference}
	require.NoError(t, results.WriteFile(good, run))
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(data), 0o644))
		return p
	}
	corrupt := write("corrupt.json", `{"resultsVersion": 1, "kind": "run", "target"`)
	future := write("future.json", `{"resultsVersion": 7, "kind": "run"}`)
	cucumber := write("cucumber.json", `[{"uri": "reclaim.feature", "elements": []}]`)

	tests := []struct {
		name string
		args []string
		want string
	}{
		{"corrupt results", []string{good, corrupt}, "results " + corrupt + ": not a results file"},
		{"unknown results version", []string{future}, "results " + future + ": not a results file this version can read: results version 7"},
		{"cucumber JSON given as results", []string{cucumber}, "results " + cucumber + ": "},
		{"missing results", []string{filepath.Join(dir, "none.json")}, "none.json: no such file"},
		{"corrupt baseline", []string{"--baseline", corrupt, good}, "results " + corrupt},
		{"no results", []string{"--html", filepath.Join(dir, "x.html")}, "no results given"},
		{"both on standard output", []string{"--html", "-", "--markdown", "-", good}, "cannot both write"},
		{"unknown flag", []string{"--pdf", "x", good}, "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := dispatchCLI(t, append([]string{"report"}, tt.args...)...)
			assert.Equal(t, 2, code)
			assert.Contains(t, stderr, tt.want)
			if !strings.Contains(tt.name, "flag") {
				assert.Equal(t, 1, strings.Count(stderr, "\n"), "one line: %q", stderr)
			}
		})
	}
	_, err := os.Stat(filepath.Join(dir, "x.html"))
	assert.True(t, os.IsNotExist(err), "nothing is written on bad input")
}

func TestReportHelp(t *testing.T) {
	code, _, stderr := dispatchCLI(t, "report", "-h")
	assert.Equal(t, 0, code)
	assert.Contains(t, stderr, "usage: classroom-conformance report")
	assert.Contains(t, stderr, "-baseline")
}
