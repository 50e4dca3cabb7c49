package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/features"
)

func TestVerdicts(t *testing.T) {
	cat := &Catalogue{Rules: []Rule{{ID: "a"}, {ID: "b"}, {ID: "c"}, {ID: "d"}}}
	got := Verdicts(cat, []Outcome{
		{Tags: []string{"@rule:a"}, Status: "passed"},
		{Tags: []string{"@rule:a", "@rule:b"}, Status: "failed"},
		{Tags: []string{"@rule:b"}, Status: "passed"},
		{Tags: []string{"@rule:c"}, Status: "passed"},
		{Tags: []string{"@rule:d", "@ambiguity:x=Y"}, Status: "skipped"},
		{Tags: []string{"@rule:unknown"}, Status: "failed"},
	})
	want := map[string]string{"a": Fails, "b": Fails, "c": Holds, "d": NotChecked}
	if len(got) != len(want) {
		t.Fatalf("%d verdicts, want %d", len(got), len(want))
	}
	for _, v := range got {
		if v.State() != want[v.Rule.ID] {
			t.Errorf("rule %s: %s, want %s (%+v)", v.Rule.ID, v.State(), want[v.Rule.ID], v)
		}
	}
	assert.Equal(t, 1, got[0].Passed, "rule a passed")
	assert.Equal(t, 1, got[0].Failed, "rule a failed")
}

// TestAmbiguousRulesNameTheirAmbiguity checks that a rule whose scenarios depend on a documented
// ambiguity names it, so that `run` can tell a user which profile choice would apply.
func TestAmbiguousRulesNameTheirAmbiguity(t *testing.T) {
	cat, err := Load()
	require.NoError(t, err)
	scenarios, err := ParseFeatures(features.FS)
	require.NoError(t, err)
	byID := map[string]Rule{}
	for _, r := range cat.Rules {
		byID[r.ID] = r
	}
	for _, s := range scenarios {
		for _, e := range s.Expectations() {
			for _, id := range s.Rules() {
				if got := byID[id].Ambiguity; got != e.Ambiguity {
					t.Errorf("%s: rule %s has ambiguity %q, its scenario depends on %q", s.Location, id, got, e.Ambiguity)
				}
			}
		}
	}
}
