package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
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
		"select with the emulator: serve --expect modifyassignees.project-rule=ENFORCED",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(out, "Behaviour.") {
		t.Errorf("the listing names a Go field of the reference:\n%s", out)
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
	cat, err := rules.Load()
	require.NoError(t, err)
	if want := len(cat.Ambiguities); len(listing.Ambiguities) != want {
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
		{[]string{"--other-choices", "yaml"}, 2, `--other-choices "yaml": want profile or tags`},
	}
	for _, tt := range tests {
		code, _, stderr := runRulesCLI(t, tt.args...)
		if code != tt.wantCode || !strings.Contains(stderr, tt.want) {
			t.Errorf("rules %v: exit %d, stderr:\n%s\nwant exit %d and %q", tt.args, code, stderr, tt.wantCode, tt.want)
		}
	}
}

// TestRulesOtherChoices checks what `make cassettes` records the other choices with: a profile
// that loads and expects a non-default choice of every ambiguity, and the tags of exactly those
// choices.
func TestRulesOtherChoices(t *testing.T) {
	code, profileText, stderr := runRulesCLI(t, "--other-choices=profile")
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	path := t.TempDir() + "/other.yaml"
	if err := os.WriteFile(path, []byte(profileText), 0o600); err != nil {
		t.Fatal(err)
	}
	profile, err := endpoint.LoadProfile(path, endpoint.LoadOptions{})
	if err != nil {
		t.Fatalf("generated profile does not load: %v\n%s", err, profileText)
	}
	code, tags, stderr := runRulesCLI(t, "--other-choices=tags")
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	cat, err := rules.Load()
	require.NoError(t, err)
	if len(profile.Expect) != len(cat.Ambiguities) {
		t.Errorf("profile expects %v, want one choice for each of %d ambiguities", profile.Expect, len(cat.Ambiguities))
	}
	var want []string
	for _, a := range cat.Ambiguities {
		if profile.Expect[a.ID] == a.Default {
			t.Errorf("profile expects the default %s=%s", a.ID, a.Default)
		}
		want = append(want, "@ambiguity:"+a.ID+"="+profile.Expect[a.ID])
	}
	if got := strings.TrimSpace(tags); got != strings.Join(want, ",") {
		t.Errorf("tags = %q, want %q", got, strings.Join(want, ","))
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
