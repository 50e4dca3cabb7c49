package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/results"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func load(t *testing.T, names ...string) []Input {
	t.Helper()
	var out []Input
	for _, n := range names {
		path := filepath.Join("testdata", n+".json")
		run, err := results.ReadFile(path)
		require.NoError(t, err)
		out = append(out, Input{Name: path, Run: run})
	}
	return out
}

func verdicts(c *Column) map[string]string {
	m := map[string]string{}
	for id, cell := range c.Cells {
		m[id] = cell.Verdict
	}
	return m
}

func TestMergeGivesAVerdictPerRuleAndTarget(t *testing.T) {
	rep, err := Merge(load(t, "vendor", "reference"), nil)
	require.NoError(t, err)
	require.Len(t, rep.Columns, 2)
	vendor, ref := rep.Columns[0], rep.Columns[1]
	assert.Equal(t, "https://classroom.vendor.example/ (vendor)", vendor.Label)
	assert.Equal(t, "embedded reference", ref.Label)

	assert.Equal(t, map[string]string{
		"reclaim.only-turned-in":   Fail, // one failed, one skipped: a failure decides
		"errors.envelope":          Fail,
		"reclaim.history":          Pass,
		"coursework.state.default": Pass,
		"auth.observed-realm":      Unchecked, // its only scenario did not run
	}, verdicts(vendor))
	for id, v := range verdicts(ref) {
		assert.Equal(t, Pass, v, id)
	}
	cell := vendor.Cells["reclaim.only-turned-in"]
	assert.Equal(t, 1, cell.Failed)
	assert.Equal(t, 1, cell.Skipped)
	require.Len(t, cell.Failures, 1)
	assert.Equal(t, "the request fails with 400 FAILED_PRECONDITION", vendor.Scenarios[cell.Failures[0]].Step)

	assert.Equal(t, Tally{Hold: 1, Fail: 2}, *vendor.Tally[results.Documented])
	assert.Equal(t, Tally{Hold: 1}, *vendor.Tally[results.Inferred])
	assert.Equal(t, Tally{NotChecked: 1}, *vendor.Tally[results.Observed])
	assert.Equal(t, Tally{Hold: 2, Fail: 2, NotChecked: 1}, vendor.Total())
	assert.Equal(t, []results.Versions{{Tool: "v0.4.0", Suite: "sha256:2222222222222222bbbb", Discovery: "20261028"}}, ref.Versions)

	var groups []string
	for _, g := range rep.Groups {
		groups = append(groups, g.Method)
	}
	assert.Equal(t, []string{
		"classroom.courses.courseWork.studentSubmissions.reclaim", "classroom.courses.courseWork.create",
		ungrouped, "classroom.courses.courseWork.list",
	}, groups, "rules are grouped by their first method, in catalogue order")
	assert.Equal(t, 5, rep.RuleCount())
}

func TestBaselineMarksWhatChanged(t *testing.T) {
	rep, err := Merge(load(t, "vendor", "reference"), load(t, "baseline"))
	require.NoError(t, err)
	vendor, ref := rep.Columns[0], rep.Columns[1]
	require.NotNil(t, vendor.Baseline, "the baseline of the same target and choices is found")
	ids := func(rs []results.Rule) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.ID)
		}
		return out
	}
	assert.Equal(t, []string{"reclaim.only-turned-in", "errors.envelope"}, ids(rep.Changed(vendor, NewlyFailing)))
	assert.Equal(t, []string{"reclaim.history"}, ids(rep.Changed(vendor, NewlyHolding)))
	assert.Nil(t, ref.Baseline, "another target is not compared with the vendor's baseline")
	assert.Empty(t, rep.Changed(ref, NewlyHolding))

	// One column against one baseline column: compared, whatever their targets.
	moved := load(t, "reference")
	rep, err = Merge(moved, load(t, "baseline"))
	require.NoError(t, err)
	require.NotNil(t, rep.Columns[0].Baseline)
	assert.Equal(t, []string{"reclaim.history", "auth.observed-realm"}, ids(rep.Changed(rep.Columns[0], NewlyHolding)))
}

// TestResultsOfAnotherSuiteVersionGetTheirOwnColumn: results of the same target with another
// suite version are not shards of one run; they merge as two columns, each with its versions.
func TestResultsOfAnotherSuiteVersionGetTheirOwnColumn(t *testing.T) {
	in := load(t, "vendor", "vendor")
	other := *in[1].Run
	other.Versions.Suite = "sha256:9999999999999999cccc"
	in[1].Run = &other
	rep, err := Merge(in, nil)
	require.NoError(t, err)
	require.Len(t, rep.Columns, 2)
	assert.Contains(t, rep.Columns[0].Label, "suite 111111111111")
	assert.Contains(t, rep.Columns[1].Label, "suite 999999999999")
	var page bytes.Buffer
	require.NoError(t, rep.WriteHTML(&page))
	assert.Contains(t, page.String(), "suite 111111111111")
	assert.Contains(t, page.String(), "suite 999999999999")
}

func TestMarkdownSummary(t *testing.T) {
	rep, err := Merge(load(t, "vendor", "reference"), load(t, "baseline"))
	require.NoError(t, err)
	var got bytes.Buffer
	require.NoError(t, rep.WriteMarkdown(&got))
	golden := filepath.Join("testdata", "summary.md")
	if *update {
		require.NoError(t, os.WriteFile(golden, got.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	if got.String() != string(want) {
		t.Errorf("the summary differs from %s (go test ./report -update rewrites it):\n%s", golden, got.String())
	}
}

func TestHTMLCarriesARowPerRuleAndACellPerTarget(t *testing.T) {
	in := load(t, "vendor", "reference")
	// What a target answers is data, never markup.
	in[0].Run.Scenarios[0].Message = `<script>alert("x")</script>`
	rep, err := Merge(in, load(t, "baseline"))
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, rep.WriteHTML(&buf))
	page := buf.String()

	rows := regexp.MustCompile(`<tr data-rule="([^"]+)"`).FindAllStringSubmatch(page, -1)
	assert.Len(t, rows, rep.RuleCount())
	assert.Len(t, regexp.MustCompile(`<td data-verdict="(pass|fail|skip|unchecked)"`).FindAllString(page, -1), rep.RuleCount()*len(rep.Columns))
	assert.Equal(t, 2, strings.Count(page, `<td data-verdict="fail"`), "two rules fail on the vendor")
	assert.Equal(t, 2, strings.Count(page, `data-ev="e0-`), "each failing cell opens its scenarios")
	assert.Contains(t, page, `data-change="newly failing"`)
	assert.Contains(t, page, `data-change="newly holding"`)
	assert.NotContains(t, page, `<script>alert`)
	assert.Contains(t, page, `&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;`)
	assert.Contains(t, page, "POST /v1/courses/1/courseWork/2/studentSubmissions/3:reclaim")
	assert.Contains(t, page, `&#34;status&#34;: &#34;FAILED_PRECONDITION&#34;`, "the response body is shown indented")
	assert.Contains(t, page, "coursework.default-state")
	assert.NotContains(t, page, `class="differs"`, "both targets expected the same choices")

	// Self-contained: nothing is loaded from anywhere.
	assert.NotRegexp(t, `(?i)<(script|img|link|iframe)[^>]+(src|href)="(https?:)?//`, page)
	assert.NotContains(t, page, "@import")
	assert.NotContains(t, page, "url(")
	assert.Contains(t, page, `content="default-src 'none';`)
}
