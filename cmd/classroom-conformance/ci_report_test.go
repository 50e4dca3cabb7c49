package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/rules"
)

// A CI example's commands, as the test runs them for real: the suite's command once per shard,
// then the commands that merge the shards' results into one report.
type ciExample struct {
	name    string
	shards  [][]string // classroom-conformance run ..., one per shard, shard values substituted
	reports [][]string // classroom-conformance report ...
}

// runForReal runs a command of an example through the dispatch, as the example's CI system
// would, except that a run goes to the embedded reference instead of the profile's target (the
// examples' profiles name Google, with tokens the test does not have). Environment variables
// are expanded from env and patterns from the files the shards wrote, as a shell does.
func runForReal(t *testing.T, dir string, args []string, env map[string]string) {
	t.Helper()
	require.Equal(t, "classroom-conformance", args[0])
	var out []string
	for i := 1; i < len(args); i++ {
		a := os.Expand(args[i], func(name string) string {
			v, ok := env[name]
			require.True(t, ok, "%q: the test does not know $%s", args, name)
			return v
		})
		if args[1] == "run" && a == "--profile" {
			i++
			continue
		}
		if strings.ContainsAny(a, "*?[") {
			matches, err := filepath.Glob(a)
			require.NoError(t, err)
			require.NotEmpty(t, matches, "%q: %s matches no file", args, a)
			out = append(out, matches...)
			continue
		}
		out = append(out, a)
	}
	out = mapPaths(dir, out)
	var stdout, stderr bytes.Buffer
	code := dispatch(context.Background(), out, &stdout, &stderr)
	require.Equal(t, 0, code, "%q:\n%s", out, stderr.String())
}

// flagValue returns the value of a flag given as "--name value" or "--name=value".
func flagValue(args []string, name string) string {
	for i, a := range args {
		if a == name && i+1 < len(args) {
			return args[i+1]
		}
		if v, ok := strings.CutPrefix(a, name+"="); ok {
			return v
		}
	}
	return ""
}

var (
	ruleRow     = regexp.MustCompile(`<tr data-rule="([^"]+)"`)
	verdictCell = regexp.MustCompile(`<td data-verdict="([a-z]+)"`)
)

// pageVerdicts reads a report page as scripts do: the verdict cells of every rule row, by rule.
func pageVerdicts(t *testing.T, file string) map[string][]string {
	t.Helper()
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	page := string(b)
	out := map[string][]string{}
	rows := ruleRow.FindAllStringSubmatchIndex(page, -1)
	for i, r := range rows {
		end := len(page)
		if i+1 < len(rows) {
			end = rows[i+1][0]
		}
		if j := strings.Index(page[r[1]:end], "</tr>"); j >= 0 {
			end = r[1] + j
		}
		id := page[r[2]:r[3]]
		_, dup := out[id]
		require.False(t, dup, "%s: two rows for rule %s", file, id)
		out[id] = []string{}
		for _, m := range verdictCell.FindAllStringSubmatch(page[r[1]:end], -1) {
			out[id] = append(out[id], m[1])
		}
	}
	return out
}

// unshardedVerdicts runs the whole suite once against the embedded reference and returns the
// verdicts of its report page, to compare the merged shards of every example with.
func unshardedVerdicts(t *testing.T, dir string) map[string][]string {
	t.Helper()
	res, page := filepath.Join(dir, "unsharded", "results.json"), filepath.Join(dir, "unsharded", "report.html")
	runForReal(t, dir, []string{"classroom-conformance", "run", "--format", "json:" + res}, nil)
	runForReal(t, dir, []string{"classroom-conformance", "report", "--html", page, res}, nil)
	verdicts := pageVerdicts(t, page)
	cat, err := rules.Load()
	require.NoError(t, err)
	require.Len(t, verdicts, len(cat.Rules), "the unsharded page has a row per rule of the catalogue")
	held := 0
	for id, v := range verdicts {
		require.Len(t, v, 1, "rule %s: one column", id)
		if v[0] == "pass" {
			held++
		}
	}
	require.Positive(t, held, "the reference holds rules")
	return verdicts
}

// checkMerge runs an example for real: every shard's run, then its report commands, which
// must write a page with the verdicts of the unsharded run and a Markdown summary.
func checkMerge(t *testing.T, dir string, ex ciExample, env map[string]string, want map[string][]string) {
	t.Helper()
	require.NoError(t, os.RemoveAll(filepath.Join(dir, "reports")))
	require.NotEmpty(t, ex.shards, "%s: no shards", ex.name)
	require.NotEmpty(t, ex.reports, "%s: nothing merges the shards' results into one report", ex.name)
	for _, args := range ex.shards {
		require.NotEmpty(t, flagValue(args, "--format"), "%s: %q writes no report", ex.name, args)
		runForReal(t, dir, args, env)
	}
	for _, args := range ex.reports {
		require.Equal(t, "report", args[1], "%s: %q", ex.name, args)
		runForReal(t, dir, args, env)
		html := mapPaths(dir, []string{os.Expand(flagValue(args, "--html"), func(n string) string { return env[n] })})[0]
		require.NotEmpty(t, html, "%s: %q writes no HTML page", ex.name, args)
		assert.Equal(t, want, pageVerdicts(t, html), "%s: the merged shards must give the verdicts of the unsharded run", ex.name)
		md := mapPaths(dir, []string{os.Expand(flagValue(args, "--markdown"), func(n string) string { return env[n] })})[0]
		require.NotEmpty(t, md, "%s: %q writes no Markdown summary", ex.name, args)
		b, err := os.ReadFile(md)
		require.NoError(t, err)
		assert.Contains(t, string(b), fmt.Sprintf("%d rules, 1 target.", len(want)), "%s: the summary is of one target, every rule", ex.name)
		assert.Contains(t, string(b), "| documented |", "%s: the summary has the table of the target", ex.name)
	}
}
