package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/features"
)

// writeFeature writes one embedded feature file, with edit applied, to a new folder.
func writeFeature(t *testing.T, name string, edit func(string) string) string {
	t.Helper()
	data, err := fs.ReadFile(features.FS, name)
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(edit(string(data))), 0o644))
	return dir
}

func TestRunList(t *testing.T) {
	code, stdout, stderr := runCLI(t, "--list")
	require.Equal(t, 0, code, stderr)
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	all, err := features.Parse(features.FS)
	require.NoError(t, err)
	require.Len(t, lines, len(all), "one line per scenario")
	assert.Equal(t, "", strings.TrimSpace(strings.TrimPrefix(stderr, strings.Split(stderr, "\n")[0])), "one summary line on stderr")
	assert.Contains(t, stderr, "scenarios")
	for i, s := range all {
		assert.True(t, strings.HasPrefix(lines[i], s.Location()+" "), "line %d: %s, want %s first", i, lines[i], s.Location())
		assert.Contains(t, lines[i], s.Name)
	}
	assert.Regexp(t, `(?m)^coursework_create\.feature:\d+ +A teacher of the course creates an assignment  rules: coursework\.create\.teacher  actors: teacher,student$`, stdout)
	assert.Regexp(t, `(?m)^auth_scopes\.feature:\d+ +.*actors: teacher,student,student without coursework scope`, stdout)
	assert.Regexp(t, `(?m)\(skipped: profile expects coursework\.default-state=DRAFT\)$`, stdout, "the scenarios of the other choices say the profile skips them")

	code, stdout, stderr = runCLI(t, "--list", "--feature", "coursework_delete.feature", "--scenario", "the student cannot delete course work")
	require.Equal(t, 0, code, stderr)
	lines = strings.Split(strings.TrimSpace(stdout), "\n")
	require.Len(t, lines, 1, stdout)
	assert.Regexp(t, `^coursework_delete\.feature:\d+ +the student cannot delete course work  rules: `, lines[0])
	assert.Equal(t, "1 scenario\n", stderr)

	// A zero-based index names the same shard.
	code, byIndex, _ := runCLI(t, "--list", "--shard-index", "1/3")
	require.Equal(t, 0, code)
	_, byK, _ := runCLI(t, "--list", "--shard", "2/3")
	assert.Equal(t, byK, byIndex)

	// The listing honours the shard and runs nothing: a target that does not exist is not asked.
	code, stdout, stderr = runCLI(t, "--list", "--shard", "2/3", "--target", "http://127.0.0.1:1/")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stderr, "in shard 2/3")
	assert.Less(t, len(strings.Split(strings.TrimSpace(stdout), "\n")), len(all)/2)
}

// TestRunSelectionRuns runs a selection through the CLI against the embedded reference: only
// the selected scenarios run.
func TestRunSelectionRuns(t *testing.T) {
	code, _, stderr := runCLI(t, "--format", "progress", "--method", "classroom.courses.courseWork.delete", "--feature", "coursework_delete.feature")
	require.Equal(t, 0, code, stderr)
	code, stdout, _ := runCLI(t, "--list", "--method", "classroom.courses.courseWork.delete", "--feature", "coursework_delete.feature")
	require.Equal(t, 0, code)
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	n, skipped := len(lines), 0
	for _, l := range lines {
		if strings.Contains(l, "(skipped: ") {
			skipped++
		}
	}
	assert.Regexp(t, `(?m)^`+strconv.Itoa(n)+` scenarios against the embedded reference at \S+: `+strconv.Itoa(n-skipped)+` passed, 0 failed, `+strconv.Itoa(skipped)+` skipped`, stderr)
}

// TestRunFeaturesFromDisk runs a feature file from a folder, as a newcomer tries a scenario
// without rebuilding.
func TestRunFeaturesFromDisk(t *testing.T) {
	dir := writeFeature(t, "coursework_get.feature", func(s string) string {
		return s + `
  @rule:coursework.get.returns
  Scenario: A scenario written today reads the course work back
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the response status is 200
`
	})
	code, stdout, stderr := runCLI(t, "--features", dir, "--list", "--scenario", "A scenario written today reads the course work back")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "A scenario written today reads the course work back  rules: coursework.get.returns")

	code, _, stderr = runCLI(t, "--features", dir, "--format", "progress")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stderr, "0 failed")
	assert.NotContains(t, stderr, "coursework_create", "only the folder's features run")
}

// TestRunSelectionUsageErrors: every bad selection is exit 2 with one line naming the fix.
func TestRunSelectionUsageErrors(t *testing.T) {
	unknownRule := writeFeature(t, "coursework_get.feature", func(s string) string {
		return strings.Replace(s, "@rule:coursework.get.returns", "@rule:coursework.get.brand-new", 1)
	})
	noRule := writeFeature(t, "coursework_get.feature", func(s string) string {
		return strings.Replace(s, "@rule:coursework.get.returns", "", 1)
	})
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"shard 0/3", []string{"--shard", "0/3"}, "--shard 0/3: K must be from 1 to N (e.g. --shard 1/3 ... --shard 3/3)"},
		{"shard 4/3", []string{"--shard", "4/3"}, "--shard 4/3: K must be from 1 to N"},
		{"shard a/b", []string{"--shard", "a/b"}, "--shard a/b: want K/N"},
		{"shard-index 4/4", []string{"--shard-index", "4/4"}, "--shard-index 4/4: I must be from 0 to N-1 (e.g. --shard-index 0/4 ... --shard-index 3/4)"},
		{"both shard flags", []string{"--shard", "1/4", "--shard-index", "0/4"}, "--shard and --shard-index cannot be used together"},
		{"shard a/b when listing", []string{"--list", "--shard", "a/b"}, "--shard a/b: want K/N"},
		{"a feature that does not exist", []string{"--feature", "homework.feature"}, `--feature "homework.feature": no such feature file; run --list to see the files`},
		{"a method no feature is tagged with", []string{"--method", "classroom.courses.topics.list"}, `--method "classroom.courses.topics.list": no feature is tagged @method:classroom.courses.topics.list; the tagged methods are classroom.`},
		{"a scenario that does not exist", []string{"--list", "--scenario", "coursework_get.feature:1"}, `--scenario "coursework_get.feature:1": no scenario has this name or file:line`},
		{"a selection matching nothing", []string{"--feature", "coursework_get.feature", "--method", "classroom.courses.courseWork.studentSubmissions.reclaim"}, "matches no scenario"},
		{"too many shards", []string{"--scenario", "The teacher reads published course work", "--shard", "2/2"}, "too few for 2 parts; use at most 1"},
		{"a rule the catalogue lacks", []string{"--features", unknownRule}, `tag @rule:coursework.get.brand-new names no rule of the catalogue this binary carries: fix the tag, or add the rule to rules/catalogue.yaml and rebuild`},
		{"a scenario without a rule", []string{"--features", noRule, "--list"}, "no @rule:<id> tag"},
		{"features from a folder that does not exist", []string{"--features", filepath.Join(t.TempDir(), "none")}, "not a folder of *.feature files"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tt.args...)
			assert.Equal(t, 2, code)
			assert.Empty(t, stdout)
			assert.Contains(t, stderr, tt.want)
			assert.Equal(t, 1, strings.Count(stderr, "\n"), "one line:\n%s", stderr)
		})
	}
}
