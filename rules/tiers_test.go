package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func tieredCatalogue() *Catalogue {
	return &Catalogue{Rules: []Rule{
		{ID: "a.documented", Tier: TierDocumented, Documented: true},
		{ID: "a.inferred", Tier: TierInferred},
		{ID: "a.observed", Tier: TierObserved, Observed: true},
		{ID: "b.observed", Tier: TierObserved, Observed: true},
	}}
}

func TestTallyTiers(t *testing.T) {
	c := tieredCatalogue()
	vs := Verdicts(c, []Outcome{
		{Tags: []string{"@rule:a.documented"}, Status: "passed"},
		{Tags: []string{"@rule:a.inferred"}, Status: "skipped"},
		{Tags: []string{"@rule:a.observed"}, Status: "failed"},
		{Tags: []string{"@rule:b.observed"}, Status: "passed"},
	})
	got := TallyTiers(vs)
	assert.Equal(t, []TierTally{
		{Tier: TierDocumented, Rules: 1, Hold: 1},
		{Tier: TierInferred, Rules: 1},
		{Tier: TierObserved, Rules: 2, Hold: 1, Fail: 1},
	}, got)
	assert.Equal(t, "documented: 1/1, inferred: 0/1, observed: 1/2", FormatTiers(got))
}

func TestDecides(t *testing.T) {
	c := tieredCatalogue()
	tests := []struct {
		tags           []string
		lenient, stric bool
	}{
		{[]string{"@rule:a.documented"}, true, true},
		{[]string{"@rule:a.inferred"}, true, true},
		{[]string{"@rule:a.observed"}, false, true},
		{[]string{"@rule:a.observed", "@rule:b.observed", "@wip"}, false, true},
		{[]string{"@rule:a.observed", "@rule:a.documented"}, true, true},
		{[]string{"@rule:unknown.rule"}, true, true},
		{nil, true, true},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.lenient, c.Decides(tt.tags, false), "%v", tt.tags)
		assert.Equal(t, tt.stric, c.Decides(tt.tags, true), "%v --strict", tt.tags)
	}
}

func TestEmbeddedTiers(t *testing.T) {
	c, err := Embedded()
	assert.NoError(t, err)
	counts := map[string]int{}
	for _, r := range c.Rules {
		assert.Equal(t, tier(r.Documented, r.Observed), r.Tier, r.ID)
		counts[r.Tier]++
	}
	for _, tier := range Tiers {
		assert.Positive(t, counts[tier], "no %s rule in the catalogue", tier)
	}
}
