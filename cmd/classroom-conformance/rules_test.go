package main

import (
	"bytes"
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
	"github.com/classroom-conformance/classroom-conformance/rules"
)

func runRulesCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := runRules(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestRulesText(t *testing.T) {
	code, out, stderr := runRulesCLI(t)
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	m := regexp.MustCompile(`Coverage: (\d+)/(\d+) rules have scenarios; (\d+) scenarios`).FindStringSubmatch(out)
	if m == nil || m[1] != m[2] || m[3] == "0" {
		t.Fatalf("no complete coverage line in the output:\n%.600s", out)
	}
	for _, want := range []string{
		"reclaim.only-turned-in  [documented]  FAILED_PRECONDITION",
		`"FAILED_PRECONDITION if the student submission has not been turned in."`,
		"reclaim.feature:",
		"coursework.delete.unknown-id  [inferred]  NOT_FOUND",
		"expect: {coursework.default-state: PUBLISHED}",
		"default     FAILED_PRECONDITION",
		"Behaviour.ModifyAssigneesProjectRule",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

func TestRulesJSON(t *testing.T) {
	code, out, stderr := runRulesCLI(t, "--json")
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	var listing struct {
		Coverage struct {
			Complete                         bool
			Rules, Covered, Scenarios, Steps int
		}
		Rules []struct {
			ID        string
			Scenarios []struct{ Location string }
		}
		Ambiguities []struct {
			ID, Default, ProfileKey string
		}
	}
	if err := json.Unmarshal([]byte(out), &listing); err != nil {
		t.Fatalf("--json output is not JSON: %v", err)
	}
	cv := listing.Coverage
	if !cv.Complete || cv.Rules == 0 || cv.Covered != cv.Rules || cv.Scenarios == 0 || cv.Steps == 0 || len(listing.Rules) != cv.Rules {
		t.Errorf("coverage = %+v with %d rules listed", cv, len(listing.Rules))
	}
	if want := len(endpoint.Ambiguities()); len(listing.Ambiguities) != want {
		t.Errorf("%d ambiguities, want %d", len(listing.Ambiguities), want)
	}
	for _, r := range listing.Rules {
		if len(r.Scenarios) == 0 {
			t.Errorf("rule %s listed without scenarios", r.ID)
		}
	}
}

func TestRulesUsage(t *testing.T) {
	tests := []struct {
		args     []string
		wantCode int
		want     string
	}{
		{[]string{"--yaml"}, 2, "flag provided but not defined"},
		{[]string{"everything"}, 2, `unexpected argument "everything"`},
		{[]string{"-h"}, 0, "usage: classroom-conformance rules [--json]"},
	}
	for _, tt := range tests {
		code, _, stderr := runRulesCLI(t, tt.args...)
		if code != tt.wantCode || !strings.Contains(stderr, tt.want) {
			t.Errorf("rules %v: exit %d, stderr:\n%s\nwant exit %d and %q", tt.args, code, stderr, tt.wantCode, tt.want)
		}
	}
}

// TestRulesNamesDocumentsByTitle: the catalogue's ids of its documents are its own; the listing
// names documents as people know them.
func TestRulesNamesDocumentsByTitle(t *testing.T) {
	cat, err := rules.Load()
	require.NoError(t, err)
	r := cli(t, "rules")
	require.Equal(t, 0, r.code, r)
	for _, d := range cat.Documents {
		assert.NotContains(t, r.stdout, "("+d.ID+", ", "document id %s printed", d.ID)
	}
	assert.Contains(t, r.stdout, `"Status of this course work. If unspecified, the default state is DRAFT." (REST Resource: courses.courseWork, CourseWork.state)`)
}
