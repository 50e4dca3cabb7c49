package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/reference"
	"github.com/classroom-conformance/classroom-conformance/results"
	"github.com/classroom-conformance/classroom-conformance/rules"
)

// A verification of every shipped cassette against a reference with other ids is a column of
// the compatibility report next to a run of the suite: each cassette stands for the scenario it
// was recorded for, so the rules of the catalogue get the same verdicts as the run's, and a
// cassette of no scenario checks no rule.
func TestVerifyResultsAreAColumnOfTheReport(t *testing.T) {
	dir := t.TempDir()
	// A recording of an app's own flow: a cassette no scenario was recorded as.
	app := filepath.Join(dir, "app", "flow.yaml")
	data, err := os.ReadFile("../../cassettes/coursework_get/the-teacher-reads-published-course-work.yaml")
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Dir(app), 0o755))
	require.NoError(t, os.WriteFile(app, data, 0o644))

	verified, ran := filepath.Join(dir, "verify.json"), filepath.Join(dir, "run.json")
	code, stdout, stderr := verifyCLI(t, "--seed", "7", "--format", "json:"+verified, "../../cassettes", app)
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	code, _, stderr = dispatchCLI(t, "run", "--format", "json:"+ran)
	require.Equal(t, 0, code, stderr)

	run, err := results.ReadFile(verified)
	require.NoError(t, err)
	assert.Equal(t, results.KindVerify, run.Kind)
	cassettes, err := filepath.Glob("../../cassettes/*/*.yaml")
	require.NoError(t, err)
	require.Len(t, run.Scenarios, len(cassettes)+1, "a scenario per cassette")
	byName := map[string]results.Scenario{}
	for _, s := range run.Scenarios {
		byName[s.Name] = s
		if s.Name != app {
			assert.NotEmpty(t, s.Rules, "%s: the cassette of a scenario checks its rules", s.Key())
			assert.True(t, strings.HasSuffix(s.URI, ".feature"), "%s: the scenario's feature file", s.Key())
		}
	}
	own := byName[app]
	assert.Equal(t, results.Passed, own.Status)
	assert.Equal(t, app, own.URI)
	assert.Empty(t, own.Rules, "a cassette of no scenario checks no rule")
	assert.Regexp(t, "^"+regexp.QuoteMeta(app)+`: \d+ interactions agreed`, own.Message)

	page, summary := filepath.Join(dir, "report.html"), filepath.Join(dir, "summary.md")
	code, _, stderr = dispatchCLI(t, "report", "--html", page, "--markdown", summary, ran, verified)
	require.Equal(t, 0, code, stderr)
	cat, err := rules.Load()
	require.NoError(t, err)
	verdicts := pageVerdicts(t, page)
	require.Len(t, verdicts, len(cat.Rules), "a row per rule")
	for id, v := range verdicts {
		require.Len(t, v, 2, "rule %s: a cell for the run and one for the verification", id)
		assert.Equal(t, v[0], v[1], "rule %s: the verification of the run's recordings gives the run's verdict", id)
		assert.NotEqual(t, "unchecked", v[1], "rule %s: a shipped cassette checks it", id)
	}
	html, err := os.ReadFile(page)
	require.NoError(t, err)
	assert.Contains(t, string(html), "verify against <b>the embedded reference (seed 7)</b>")
	md, err := os.ReadFile(summary)
	require.NoError(t, err)
	assert.Contains(t, string(md), "### the embedded reference (seed 7)")
}

// A target that answers otherwise than recorded fails the rules of the cassettes' scenarios in
// the report, and a failing cell shows verify's account: the differing interaction, the field
// with both values, and the exchange as sent and answered.
func TestVerifyResultsShowWhatDiffers(t *testing.T) {
	ref := serveReference(t, reference.Options{Seed: 5, Behaviour: reference.Behaviour{CourseWorkDefaultState: "PUBLISHED"}})
	dir := t.TempDir()
	verified, page := filepath.Join(dir, "verify.json"), filepath.Join(dir, "report.html")
	code, stdout, stderr := verifyCLI(t, "--target", ref.URL, "--format", "json:"+verified,
		"../../cassettes/coursework_defaults_readonly/course-work-created-without-a-state-is-a-draft.yaml")
	require.Equal(t, 1, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)

	run, err := results.ReadFile(verified)
	require.NoError(t, err)
	assert.Equal(t, ref.URL, run.Target)
	require.Len(t, run.Scenarios, 1)
	s := run.Scenarios[0]
	assert.Equal(t, results.Failed, s.Status)
	assert.Equal(t, "Course work created without a state is a draft", s.Name)
	require.NotEmpty(t, s.Rules)
	assert.Regexp(t, `^interaction #\d+ classroom\.courses\.courseWork\.create: POST /v1/courses/\S+/courseWork \(as teacher\)$`, s.Step)
	assert.Regexp(t, `: 1 of \d+ interactions differ\n`, s.Message)
	assert.Contains(t, s.Message, `$.state: recorded "DRAFT", target "PUBLISHED"`)
	require.NotNil(t, s.Exchange)
	assert.Equal(t, "POST", s.Exchange.Method)
	assert.Equal(t, 200, s.Exchange.Status)
	assert.Contains(t, s.Exchange.ResponseBody, `"PUBLISHED"`)

	code, _, stderr = dispatchCLI(t, "report", "--html", page, verified)
	require.Equal(t, 0, code, stderr)
	verdicts := pageVerdicts(t, page)
	for _, r := range s.Rules {
		assert.Equal(t, []string{"fail"}, verdicts[r.ID], "rule %s", r.ID)
	}
	html, err := os.ReadFile(page)
	require.NoError(t, err)
	assert.Regexp(t, regexp.MustCompile(`(?s)<section class="ev"[^>]*>.*Failing step: <b>interaction #\d+ classroom\.courses\.courseWork\.create.*\$\.state: recorded &#34;DRAFT&#34;, target &#34;PUBLISHED&#34;.*<p class="req"><b>POST /v1/courses/`), string(html))
}
