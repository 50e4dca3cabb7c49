package suite

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestJUnitGolden: skipped scenarios are <skipped> with their reason, and so are scenarios an
// interruption did not run (never <failure>); a scenario the harness could not run is an
// <error>; failures carry the whole message; outline rows are told apart by line.
func TestJUnitGolden(t *testing.T) {
	res := &Result{
		Duration: 1500 * time.Millisecond,
		Scenarios: []ScenarioResult{
			{Scenario: Scenario{Feature: "Reclaim", URI: "reclaim.feature", Line: 4, Name: "A turned-in submission can be reclaimed"}, Status: Passed, Duration: 20 * time.Millisecond},
			{Scenario: Scenario{Feature: "Reclaim", URI: "reclaim.feature", Line: 12, Name: "A returned submission can be reclaimed"}, Status: Skipped, Reason: "profile expects reclaim.returned=FAILED_PRECONDITION"},
			{Scenario: Scenario{Feature: "Reclaim", URI: "reclaim.feature", Line: 30, Name: "Who may reclaim"}, Status: Passed, Duration: 5 * time.Millisecond},
			{Scenario: Scenario{Feature: "Reclaim", URI: "reclaim.feature", Line: 31, Name: "Who may reclaim"}, Status: Failed, Duration: 7 * time.Millisecond,
				Reason: "expected HTTP status 404, got 200\n\nrequest (as the outsider, Authorization: Bearer <redacted>):\n  POST /v1/courses/1/courseWork/2/studentSubmissions/3:reclaim"},
			{Scenario: Scenario{Feature: "Course work", URI: "coursework.feature", Line: 3, Name: "Course work <is> created & listed"}, Status: Skipped, Reason: "profile has no token for actor teacher via project B"},
			{Scenario: Scenario{Feature: "Course work", URI: "coursework.feature", Line: 9, Name: "Course work is deleted"}, Status: NotRun, Reason: "not run: the run was interrupted"},
			{Scenario: Scenario{Feature: "Course work", URI: "coursework.feature", Line: 15, Name: "Course work is patched"}, Status: Errored, Reason: "prepare the scenario's target: no cassette cassettes/coursework/course-work-is-patched.yaml for this scenario"},
		},
	}
	var b bytes.Buffer
	require.NoError(t, writeJUnit(&b, res))
	golden := filepath.Join("testdata", "junit.golden")
	if *update {
		os.WriteFile(golden, b.Bytes(), 0o644)
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run with -update")
	assert.Equal(t, string(want), b.String())
	var parsed junitReport
	require.NoError(t, xml.Unmarshal(b.Bytes(), &parsed))
	assert.Equal(t, [4]int{7, 1, 1, 3}, [4]int{parsed.Tests, parsed.Failures, parsed.Errors, parsed.Skipped}, "tests, failures, errors, skipped")
}

func TestJUnitFileIsReplacedWhole(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.xml")
	os.WriteFile(path, []byte("old contents that are longer than nothing"), 0o644)
	require.NoError(t, writeJUnitFile(path, &Result{}))
	b, _ := os.ReadFile(path)
	if !bytes.HasPrefix(b, []byte(xml.Header)) || bytes.Contains(b, []byte("old")) {
		t.Errorf("%s", b)
	}
	if m, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".junit-*")); len(m) != 0 {
		t.Errorf("temporary files left: %v", m)
	}
}
