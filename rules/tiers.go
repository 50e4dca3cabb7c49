package rules

import (
	"fmt"
	"strings"
)

// TierTally counts the verdicts of the rules of one tier.
type TierTally struct {
	Tier  string `json:"tier"`
	Rules int    `json:"rules"` // rules of the tier in the catalogue
	Hold  int    `json:"hold"`
	Fail  int    `json:"fail"`
}

// TallyTiers counts the verdicts per tier, in the order of Tiers, so that a vendor sees which
// differences are documented and which are client-visible but undocumented.
func TallyTiers(verdicts []Verdict) []TierTally {
	out := make([]TierTally, len(Tiers))
	index := map[string]int{}
	for i, t := range Tiers {
		out[i].Tier = t
		index[t] = i
	}
	for _, v := range verdicts {
		i, ok := index[v.Rule.Tier]
		if !ok {
			continue
		}
		out[i].Rules++
		switch v.State() {
		case Holds:
			out[i].Hold++
		case Fails:
			out[i].Fail++
		}
	}
	return out
}

// FormatTiers writes tallies as "documented: 148/148, inferred: 10/10, observed: 9/12": the
// rules that hold out of the rules of each tier.
func FormatTiers(tallies []TierTally) string {
	parts := make([]string, len(tallies))
	for i, t := range tallies {
		parts[i] = fmt.Sprintf("%s: %d/%d", t.Tier, t.Hold, t.Rules)
	}
	return strings.Join(parts, ", ")
}

// Decides reports whether the failure of a scenario with these tags decides a run's exit status.
// By default only documented and inferred rules do: a scenario that checks observed rules only is
// reported and does not fail the run, unless strict is set. A scenario naming no rule of the
// catalogue decides, since nothing says it is only observed.
func (c *Catalogue) Decides(tags []string, strict bool) bool {
	if strict {
		return true
	}
	known := false
	for _, t := range tags {
		id, ok := strings.CutPrefix(t, RuleTagPrefix)
		if !ok {
			continue
		}
		r, ok := c.Rule(id)
		if !ok {
			continue
		}
		known = true
		if r.Tier != TierObserved {
			return true
		}
	}
	return !known
}
