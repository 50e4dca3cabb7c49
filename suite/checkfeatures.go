package suite

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/classroom-conformance/classroom-conformance/rules"
)

// CheckFeatures checks feature files read from disk against the catalogue the binary carries,
// before anything runs: every scenario names at least one rule, every rule it names is in the
// catalogue, and it expects a choice of every ambiguity its rules depend on. A scenario that
// failed one of these would give a verdict on no rule, or on the wrong one. The error names
// the first offending scenario and the fix.
func CheckFeatures(fsys fs.FS, cat *rules.Catalogue) error {
	all, _, err := parseCandidates(fsys)
	if err != nil {
		return err
	}
	if len(all) == 0 {
		return errNoScenarios
	}
	for _, c := range all {
		expected := map[string]bool{}
		var ruleIDs []string
		for _, t := range c.Tags {
			if id, ok := strings.CutPrefix(t, rules.RuleTagPrefix); ok {
				ruleIDs = append(ruleIDs, id)
			}
			if v, ok := strings.CutPrefix(t, rules.AmbiguityTagPrefix); ok {
				id, _, _ := strings.Cut(v, "=")
				expected[id] = true
			}
		}
		at := fmt.Sprintf("%s %q", c.Location(), c.Name)
		if len(ruleIDs) == 0 {
			return fmt.Errorf("%s: no %s<id> tag: tag it with the rule of the catalogue it checks (see docs/writing-features.md)", at, rules.RuleTagPrefix)
		}
		for _, id := range ruleIDs {
			r, ok := cat.Rule(id)
			if !ok {
				return fmt.Errorf("%s: tag %s%s names no rule of the catalogue this binary carries: fix the tag, or add the rule to rules/catalogue.yaml and rebuild (see docs/writing-features.md)", at, rules.RuleTagPrefix, id)
			}
			if r.Ambiguity != "" && !expected[r.Ambiguity] {
				return fmt.Errorf("%s: rule %s depends on ambiguity %s: tag the scenario %s%s=<CHOICE>", at, id, r.Ambiguity, rules.AmbiguityTagPrefix, r.Ambiguity)
			}
		}
	}
	return nil
}

// Location returns "file.feature:line".
func (s Scenario) Location() string { return scenarioKey(s.URI, s.Line) }
