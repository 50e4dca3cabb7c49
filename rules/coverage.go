package rules

import (
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/classroom-conformance/classroom-conformance/features"
)

// Tag prefixes that tie a scenario to the catalogue.
const (
	RuleTagPrefix      = "@rule:"
	AmbiguityTagPrefix = "@ambiguity:"
)

// Scenario is one runnable scenario of the suite (one row of a Scenario Outline counts as one),
// as the runner sees it: its name, where it is written, and its tags, including those inherited
// from the feature, the outline and the Examples block.
type Scenario struct {
	Name     string   `json:"name"`
	Location string   `json:"location"` // file.feature:line
	Tags     []string `json:"tags"`
	Steps    int      `json:"steps"`
}

// Expectation is the ambiguity choice a scenario depends on (@ambiguity:<id>=<CHOICE>).
type Expectation struct {
	Ambiguity string `json:"ambiguity"`
	Choice    string `json:"choice"`
}

// Rules returns the rule ids of the scenario's @rule tags.
func (s Scenario) Rules() []string {
	var ids []string
	for _, t := range s.Tags {
		if id, ok := strings.CutPrefix(t, RuleTagPrefix); ok {
			ids = append(ids, id)
		}
	}
	return ids
}

// Expectations returns the scenario's @ambiguity tags; a tag without "=" has an empty Choice.
func (s Scenario) Expectations() []Expectation {
	var out []Expectation
	for _, t := range s.Tags {
		if v, ok := strings.CutPrefix(t, AmbiguityTagPrefix); ok {
			id, choice, _ := strings.Cut(v, "=")
			out = append(out, Expectation{Ambiguity: id, Choice: choice})
		}
	}
	return out
}

// ParseFeatures reads every *.feature file of fsys and returns the scenarios the runner executes.
// A file that is not valid Gherkin is an error naming it.
func ParseFeatures(fsys fs.FS) ([]Scenario, error) {
	parsed, err := features.Parse(fsys)
	if err != nil {
		return nil, err
	}
	out := make([]Scenario, len(parsed))
	for i, p := range parsed {
		out[i] = Scenario{Name: p.Name, Location: p.Location(), Tags: p.Tags, Steps: p.Steps}
	}
	return out, nil
}

// Report is the coverage of a catalogue by a set of scenarios.
type Report struct {
	Rules       []RuleCoverage      `json:"rules"`
	Ambiguities []AmbiguityCoverage `json:"ambiguities"`
	Total       int                 `json:"total"`      // rules in the catalogue
	Covered     int                 `json:"covered"`    // rules with at least one scenario
	Documented  int                 `json:"documented"` // rules quoting the documentation
	Inferred    int                 `json:"inferred"`   // rules the reference infers
	Scenarios   int                 `json:"scenarios"`
	Steps       int                 `json:"steps"`
	// Problems are tagging errors: a scenario without @rule, a tag naming an unknown rule or
	// ambiguity choice, an ambiguity choice no scenario expects.
	Problems []string `json:"problems,omitempty"`
}

// RuleCoverage lists the scenarios that check one rule.
type RuleCoverage struct {
	Rule      Rule       `json:"rule"`
	Scenarios []Scenario `json:"scenarios"`
}

// AmbiguityCoverage counts the scenarios that expect each choice of an ambiguity.
type AmbiguityCoverage struct {
	Ambiguity Ambiguity      `json:"ambiguity"`
	Scenarios map[string]int `json:"scenarios"` // choice value -> scenarios expecting it
}

// Complete reports whether every rule has a scenario and no tag is wrong.
func (r *Report) Complete() bool { return r.Covered == r.Total && len(r.Problems) == 0 }

// Uncovered returns the ids of the rules no scenario checks.
func (r *Report) Uncovered() []string {
	var ids []string
	for _, rc := range r.Rules {
		if len(rc.Scenarios) == 0 {
			ids = append(ids, rc.Rule.ID)
		}
	}
	return ids
}

// Check computes the coverage of the catalogue by the scenarios and lists every tagging problem.
func Check(c *Catalogue, scenarios []Scenario) *Report {
	rep := &Report{Total: len(c.Rules), Scenarios: len(scenarios)}
	byRule := map[string][]Scenario{}
	byChoice := map[string]map[string]int{}
	for _, a := range c.Ambiguities {
		byChoice[a.ID] = map[string]int{}
	}
	problem := func(s Scenario, format string, args ...any) {
		rep.Problems = append(rep.Problems, fmt.Sprintf("%s %q: %s", s.Location, s.Name, fmt.Sprintf(format, args...)))
	}

	for _, s := range scenarios {
		rep.Steps += s.Steps
		ruleIDs := s.Rules()
		if len(ruleIDs) == 0 {
			problem(s, "no %s<id> tag", RuleTagPrefix)
		}
		ruleAmbiguities := map[string]bool{}
		for _, id := range ruleIDs {
			r, ok := c.Rule(id)
			if !ok {
				problem(s, "tag %s%s names no rule of the catalogue", RuleTagPrefix, id)
				continue
			}
			byRule[id] = append(byRule[id], s)
			if r.Ambiguity != "" {
				ruleAmbiguities[r.Ambiguity] = true
			}
		}
		expected := map[string]bool{}
		for _, e := range s.Expectations() {
			a, ok := c.Ambiguity(e.Ambiguity)
			switch {
			case !ok:
				problem(s, "tag %s%s=%s names no ambiguity of the catalogue", AmbiguityTagPrefix, e.Ambiguity, e.Choice)
				continue
			case e.Choice == "":
				problem(s, "tag %s%s has no =<CHOICE>", AmbiguityTagPrefix, e.Ambiguity)
				continue
			case !a.HasChoice(e.Choice):
				problem(s, "tag %s%s=%s: %s is not a choice of %s", AmbiguityTagPrefix, e.Ambiguity, e.Choice, e.Choice, e.Ambiguity)
				continue
			case expected[e.Ambiguity]:
				problem(s, "expects two choices of %s", e.Ambiguity)
			}
			expected[e.Ambiguity] = true
			byChoice[e.Ambiguity][e.Choice]++
			if !ruleAmbiguities[e.Ambiguity] {
				problem(s, "expects a choice of %s but none of its rules depends on that ambiguity", e.Ambiguity)
			}
		}
		for id := range ruleAmbiguities {
			if !expected[id] {
				problem(s, "its rule depends on ambiguity %s: tag it %s%s=<CHOICE>", id, AmbiguityTagPrefix, id)
			}
		}
		for _, t := range s.Tags {
			if strings.HasPrefix(t, "@rule") && !strings.HasPrefix(t, RuleTagPrefix) ||
				strings.HasPrefix(t, "@ambiguit") && !strings.HasPrefix(t, AmbiguityTagPrefix) {
				problem(s, "tag %s is misspelt (want %s<id> or %s<id>=<CHOICE>)", t, RuleTagPrefix, AmbiguityTagPrefix)
			}
		}
	}

	for _, r := range c.Rules {
		rc := RuleCoverage{Rule: r, Scenarios: byRule[r.ID]}
		if len(rc.Scenarios) > 0 {
			rep.Covered++
		}
		if r.Documented {
			rep.Documented++
		} else {
			rep.Inferred++
		}
		rep.Rules = append(rep.Rules, rc)
	}
	for _, a := range c.Ambiguities {
		ac := AmbiguityCoverage{Ambiguity: a, Scenarios: byChoice[a.ID]}
		for _, ch := range a.Choices {
			if ac.Scenarios[ch.Value] == 0 {
				rep.Problems = append(rep.Problems, fmt.Sprintf("ambiguity %s: no scenario expects %s", a.ID, ch.Value))
			}
		}
		rep.Ambiguities = append(rep.Ambiguities, ac)
	}
	sort.Strings(rep.Problems)
	return rep
}
