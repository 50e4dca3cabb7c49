package rules

import "strings"

// An Outcome is what a run made of one scenario: its tags and whether it passed, failed or was
// skipped.
type Outcome struct {
	Tags   []string
	Status string // "passed", "failed" or "skipped"
}

// A Verdict says whether a rule holds on a target: it fails when one of its scenarios failed,
// holds when at least one passed and none failed, and is not checked when none ran.
type Verdict struct {
	Rule                    Rule
	Passed, Failed, Skipped int
}

// Verdict states.
const (
	Holds      = "holds"
	Fails      = "fails"
	NotChecked = "not checked"
)

// State is Holds, Fails or NotChecked.
func (v Verdict) State() string {
	switch {
	case v.Failed > 0:
		return Fails
	case v.Passed > 0:
		return Holds
	}
	return NotChecked
}

// Verdicts returns the verdict of every rule of the catalogue, in catalogue order, from the
// outcomes of a run: the per-rule answer a vendor checking compatibility wants.
func Verdicts(c *Catalogue, outcomes []Outcome) []Verdict {
	index := make(map[string]int, len(c.Rules))
	out := make([]Verdict, len(c.Rules))
	for i, r := range c.Rules {
		out[i].Rule = r
		index[r.ID] = i
	}
	for _, o := range outcomes {
		for _, t := range o.Tags {
			id, ok := strings.CutPrefix(t, RuleTagPrefix)
			if !ok {
				continue
			}
			i, known := index[id]
			if !known {
				continue
			}
			switch o.Status {
			case "passed":
				out[i].Passed++
			case "failed":
				out[i].Failed++
			default:
				out[i].Skipped++
			}
		}
	}
	return out
}
