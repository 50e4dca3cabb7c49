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
		if e, ok := ParseAmbiguityTag(t); ok {
			out = append(out, e)
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
	Observed    int                 `json:"observed"`   // rules Google is observed to follow
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
	t := &tally{c: c, rep: &Report{Total: len(c.Rules), Scenarios: len(scenarios)},
		byRule: map[string][]Scenario{}, byChoice: map[string]map[string]int{}}
	for _, a := range c.Ambiguities {
		t.byChoice[a.ID] = map[string]int{}
	}
	for _, s := range scenarios {
		t.scenario(s)
	}
	t.summarise()
	sort.Strings(t.rep.Problems)
	return t.rep
}

// tally accumulates the coverage of a catalogue, one scenario at a time.
type tally struct {
	c        *Catalogue
	rep      *Report
	byRule   map[string][]Scenario
	byChoice map[string]map[string]int // ambiguity -> choice -> scenarios expecting it
}

func (t *tally) problem(s Scenario, format string, args ...any) {
	t.rep.Problems = append(t.rep.Problems, fmt.Sprintf("%s %q: %s", s.Location, s.Name, fmt.Sprintf(format, args...)))
}

// scenario counts one scenario against the rules and ambiguity choices its tags name.
func (t *tally) scenario(s Scenario) {
	t.rep.Steps += s.Steps
	ruleAmbiguities := t.rules(s)
	expected := t.expectations(s, ruleAmbiguities)
	for id := range ruleAmbiguities {
		if !expected[id] {
			t.problem(s, "its rule depends on ambiguity %s: tag it %s%s=<CHOICE>", id, AmbiguityTagPrefix, id)
		}
	}
	for _, tag := range s.Tags {
		if strings.HasPrefix(tag, "@rule") && !strings.HasPrefix(tag, RuleTagPrefix) ||
			strings.HasPrefix(tag, "@ambiguit") && !strings.HasPrefix(tag, AmbiguityTagPrefix) {
			t.problem(s, "tag %s is misspelt (want %s<id> or %s<id>=<CHOICE>)", tag, RuleTagPrefix, AmbiguityTagPrefix)
		}
	}
}

// rules files the scenario under each rule it names and returns the ambiguities those rules
// depend on.
func (t *tally) rules(s Scenario) map[string]bool {
	ids := s.Rules()
	if len(ids) == 0 {
		t.problem(s, "no %s<id> tag", RuleTagPrefix)
	}
	ambiguities := map[string]bool{}
	for _, id := range ids {
		r, ok := t.c.Rule(id)
		if !ok {
			t.problem(s, "tag %s%s names no rule of the catalogue", RuleTagPrefix, id)
			continue
		}
		t.byRule[id] = append(t.byRule[id], s)
		if r.Ambiguity != "" {
			ambiguities[r.Ambiguity] = true
		}
	}
	return ambiguities
}

// expectations counts the choices the scenario expects and returns the ambiguities it expects
// a valid choice of.
func (t *tally) expectations(s Scenario, ruleAmbiguities map[string]bool) map[string]bool {
	expected := map[string]bool{}
	for _, e := range s.Expectations() {
		a, ok := t.c.Ambiguity(e.Ambiguity)
		switch {
		case !ok:
			t.problem(s, "tag %s%s=%s names no ambiguity of the catalogue", AmbiguityTagPrefix, e.Ambiguity, e.Choice)
			continue
		case e.Choice == "":
			t.problem(s, "tag %s%s has no =<CHOICE>", AmbiguityTagPrefix, e.Ambiguity)
			continue
		case !a.HasChoice(e.Choice):
			t.problem(s, "tag %s%s=%s: %s is not a choice of %s", AmbiguityTagPrefix, e.Ambiguity, e.Choice, e.Choice, e.Ambiguity)
			continue
		case expected[e.Ambiguity]:
			t.problem(s, "expects two choices of %s", e.Ambiguity)
		}
		expected[e.Ambiguity] = true
		t.byChoice[e.Ambiguity][e.Choice]++
		if !ruleAmbiguities[e.Ambiguity] {
			t.problem(s, "expects a choice of %s but none of its rules depends on that ambiguity", e.Ambiguity)
		}
	}
	return expected
}

// summarise fills the per-rule and per-ambiguity coverage once every scenario is counted.
func (t *tally) summarise() {
	rep := t.rep
	for _, r := range t.c.Rules {
		rc := RuleCoverage{Rule: r, Scenarios: t.byRule[r.ID]}
		if len(rc.Scenarios) > 0 {
			rep.Covered++
		}
		switch r.Tier {
		case TierDocumented:
			rep.Documented++
		case TierObserved:
			rep.Observed++
		default:
			rep.Inferred++
		}
		rep.Rules = append(rep.Rules, rc)
	}
	for _, a := range t.c.Ambiguities {
		ac := AmbiguityCoverage{Ambiguity: a, Scenarios: t.byChoice[a.ID]}
		for _, ch := range a.Choices {
			if ac.Scenarios[ch.Value] == 0 {
				rep.Problems = append(rep.Problems, fmt.Sprintf("ambiguity %s: no scenario expects %s", a.ID, ch.Value))
			}
		}
		rep.Ambiguities = append(rep.Ambiguities, ac)
	}
}
