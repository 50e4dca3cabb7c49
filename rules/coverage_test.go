package rules

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// feature wraps scenarios in a feature file with one course per scenario.
func feature(body string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte("Feature: Reclaim\n\n  Background:\n    Given a course owned by the teacher\n\n" + body)}
}

const coveringScenarios = `
  @rule:reclaim.only-turned-in
  Scenario: Never turned in
    When the student sends "POST" to "/x:reclaim"
    Then the request fails with 400 FAILED_PRECONDITION

  @rule:reclaim.returned-submission @ambiguity:reclaim.returned=FAILED_PRECONDITION
  Scenario: Returned is refused
    Then the request fails with 400 FAILED_PRECONDITION

  @rule:reclaim.returned-submission @ambiguity:reclaim.returned=ALLOWED
  Scenario: Returned is reclaimed
    Then the response status is 200

  Scenario Outline: Unknown <what>
    When the teacher sends "GET" to "<path>"
    Then the request fails with 404 NOT_FOUND

    @rule:errors.unknown-path
    Examples:
      | what | path  |
      | path | /nope |
      | verb | /also |
`

func TestCheck(t *testing.T) {
	cat, err := Parse([]byte(minimal))
	require.NoError(t, err)
	tests := []struct {
		name          string
		features      string
		wantProblems  []string // substrings, one problem each
		wantUncovered []string
	}{
		{name: "every rule covered, every tag known", features: coveringScenarios},
		{
			name:          "a rule without a scenario",
			features:      strings.Replace(coveringScenarios, "@rule:reclaim.only-turned-in", "@rule:reclaim.returned-submission @ambiguity:reclaim.returned=ALLOWED", 1),
			wantUncovered: []string{"reclaim.only-turned-in"},
		},
		{
			name:         "a scenario without a rule tag",
			features:     coveringScenarios + "\n  Scenario: Untagged\n    Then the response status is 200\n",
			wantProblems: []string{`"Untagged": no @rule:<id> tag`},
		},
		{
			name:         "a tag that names an unknown rule",
			features:     coveringScenarios + "\n  @rule:reclaim.everything\n  Scenario: Unknown\n    Then the response status is 200\n",
			wantProblems: []string{"tag @rule:reclaim.everything names no rule"},
		},
		{
			name:         "a tag that names an unknown ambiguity",
			features:     coveringScenarios + "\n  @rule:reclaim.only-turned-in @ambiguity:reclaim.other=ALLOWED\n  Scenario: Other\n    Then the response status is 200\n",
			wantProblems: []string{"tag @ambiguity:reclaim.other=ALLOWED names no ambiguity"},
		},
		{
			name:         "a tag with a choice the ambiguity does not have",
			features:     coveringScenarios + "\n  @rule:reclaim.returned-submission @ambiguity:reclaim.returned=MAYBE\n  Scenario: Maybe\n    Then the response status is 200\n",
			wantProblems: []string{"MAYBE is not a choice of reclaim.returned", "depends on ambiguity reclaim.returned"},
		},
		{
			name:         "an ambiguity tag without a choice",
			features:     coveringScenarios + "\n  @rule:reclaim.returned-submission @ambiguity:reclaim.returned\n  Scenario: No choice\n    Then the response status is 200\n",
			wantProblems: []string{"has no =<CHOICE>", "depends on ambiguity reclaim.returned"},
		},
		{
			name:         "an ambiguity rule's scenario without a choice tag",
			features:     coveringScenarios + "\n  @rule:reclaim.returned-submission\n  Scenario: Untagged choice\n    Then the response status is 200\n",
			wantProblems: []string{"its rule depends on ambiguity reclaim.returned"},
		},
		{
			name:         "a choice tag on a scenario whose rules do not depend on it",
			features:     coveringScenarios + "\n  @rule:reclaim.only-turned-in @ambiguity:reclaim.returned=ALLOWED\n  Scenario: Stray choice\n    Then the response status is 200\n",
			wantProblems: []string{"none of its rules depends on that ambiguity"},
		},
		{
			name:         "a choice no scenario expects",
			features:     strings.Replace(coveringScenarios, "@ambiguity:reclaim.returned=ALLOWED", "@ambiguity:reclaim.returned=FAILED_PRECONDITION", 1),
			wantProblems: []string{"ambiguity reclaim.returned: no scenario expects ALLOWED"},
		},
		{
			name:         "a misspelt rule tag",
			features:     coveringScenarios + "\n  @rule:reclaim.only-turned-in @rules:reclaim.only-turned-in\n  Scenario: Misspelt\n    Then the response status is 200\n",
			wantProblems: []string{"tag @rules:reclaim.only-turned-in is misspelt"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			scenarios, err := ParseFeatures(fstest.MapFS{"reclaim.feature": feature(tt.features)})
			require.NoError(t, err)
			rep := Check(cat, scenarios)
			if len(rep.Problems) != len(tt.wantProblems) {
				t.Errorf("got %d problems, want %d:\n  %s", len(rep.Problems), len(tt.wantProblems), strings.Join(rep.Problems, "\n  "))
			}
			for _, want := range tt.wantProblems {
				if !containsSubstring(rep.Problems, want) {
					t.Errorf("no problem mentions %q; problems:\n  %s", want, strings.Join(rep.Problems, "\n  "))
				}
			}
			if got := strings.Join(rep.Uncovered(), ","); got != strings.Join(tt.wantUncovered, ",") {
				t.Errorf("Uncovered() = %q, want %q", got, strings.Join(tt.wantUncovered, ","))
			}
			wantComplete := len(tt.wantProblems) == 0 && len(tt.wantUncovered) == 0
			if rep.Complete() != wantComplete {
				t.Errorf("Complete() = %v, want %v", rep.Complete(), wantComplete)
			}
		})
	}
}

func TestParseFeaturesExpandsOutlines(t *testing.T) {
	scenarios, err := ParseFeatures(fstest.MapFS{
		"dir/reclaim.feature": feature(coveringScenarios),
		"README.md":           &fstest.MapFile{Data: []byte("not a feature")},
	})
	require.NoError(t, err)
	if len(scenarios) != 5 {
		t.Fatalf("got %d scenarios, want 5 (3 scenarios and 2 outline rows)", len(scenarios))
	}
	row := scenarios[4]
	if row.Name != "Unknown verb" {
		t.Errorf("outline row name = %q, want the placeholder filled in: %q", row.Name, "Unknown verb")
	}
	wantLine := 1 + strings.Count(strings.Split(string(feature(coveringScenarios).Data), "| verb |")[0], "\n")
	if want := fmt.Sprintf("dir/reclaim.feature:%d", wantLine); row.Location != want {
		t.Errorf("outline row location = %q, want the line of its Examples row, %s", row.Location, want)
	}
	if got := strings.Join(row.Rules(), ","); got != "errors.unknown-path" {
		t.Errorf("outline row rules = %q, want the Examples tag errors.unknown-path", got)
	}
	if row.Steps != 3 {
		t.Errorf("outline row has %d steps, want 3 (background included)", row.Steps)
	}
	assert.Equal(t, []Expectation{{Ambiguity: "reclaim.returned", Choice: "FAILED_PRECONDITION"}}, scenarios[1].Expectations(), "Expectations()")
}

func TestParseFeaturesReportsSyntaxErrors(t *testing.T) {
	_, err := ParseFeatures(fstest.MapFS{"broken.feature": {Data: []byte("Feature: Broken\n  Scenario: A\n    Given x\n    this line is no step\n")}})
	if err == nil || !strings.Contains(err.Error(), "broken.feature") {
		t.Errorf("ParseFeatures error = %v, want a syntax error naming broken.feature", err)
	}
}

func containsSubstring(list []string, sub string) bool {
	for _, s := range list {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
