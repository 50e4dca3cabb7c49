// Package report turns the results of conformance runs into the compatibility report a person
// reads: one self-contained HTML page (which documented rules hold on which target, what exactly
// differs, what changed since a baseline) and a Markdown summary for a CI job.
//
// Results are merged by what they checked, not by file: the shards of one run (same target,
// same suite version, same expected choices) become one column, so a sharded gate reports the
// same page as an unsharded one.
package report

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/classroom-conformance/classroom-conformance/results"
)

// Verdicts of a cell, as the page's data-verdict attribute spells them.
const (
	Pass      = "pass"      // a scenario of the rule passed and none failed
	Fail      = "fail"      // a scenario of the rule failed
	Skip      = "skip"      // every scenario of the rule that ran was skipped
	Unchecked = "unchecked" // no scenario of the rule ran
)

// Changes against a baseline.
const (
	NewlyFailing = "newly failing"
	NewlyHolding = "newly holding"
)

// ungrouped is the method group of rules about the whole API.
const ungrouped = "the whole API"

// Input is one results file.
type Input struct {
	Name string // where it came from, for messages
	Run  *results.Run
}

// Report is the merged results: a column per target, a row per rule.
type Report struct {
	Columns []*Column
	Groups  []Group
	// Baseline is set when the report compares against earlier results.
	Baseline bool
}

// A Group is the rules of one method, in catalogue order.
type Group struct {
	Method string
	Rules  []results.Rule
}

// A Column is one target: the results of one run, or the merged shards of one run.
type Column struct {
	Label    string
	Kind     string
	Target   string
	Profile  string
	Choices  map[string]string
	Versions []results.Versions // every distinct set among the merged results
	Start    time.Time
	End      time.Time
	// Scenarios are the merged scenarios, by feature file and line.
	Scenarios []results.Scenario
	// Cells hold the verdict of every rule, by rule id.
	Cells map[string]*Cell
	// Tally counts the verdicts of the rules by tier.
	Tally map[string]*Tally
	// Baseline is the matching column of the baseline, when there is one.
	Baseline *Column

	key string
}

// A Cell is the verdict of one rule on one target.
type Cell struct {
	Verdict                         string
	Passed, Failed, Skipped, NotRun int
	// Failures and Skips index the column's Scenarios.
	Failures, Skips []int
	// Change is NewlyFailing or NewlyHolding against the baseline, or "".
	Change string
}

// Tally counts the rules of one tier: those that hold, do not hold, and were not checked
// (skipped, not run, or without a scenario in the run).
type Tally struct{ Hold, Fail, NotChecked int }

// Merge merges results into a report, and marks what changed against the baseline results,
// when any are given.
func Merge(inputs, baseline []Input) (*Report, error) {
	if len(inputs) == 0 {
		return nil, fmt.Errorf("no results to report")
	}
	cols := mergeColumns(inputs)
	rep := &Report{Columns: cols, Groups: groups(inputs)}
	for _, c := range cols {
		c.judge(rep.Groups)
	}
	if len(baseline) > 0 {
		rep.Baseline = true
		base := mergeColumns(baseline)
		for _, b := range base {
			b.judge(rep.Groups)
		}
		for _, c := range cols {
			c.Baseline = matchBaseline(c, base, len(cols) == 1)
			c.compare()
		}
	}
	return rep, nil
}

// columnKey says which results are parts of the same run: what was checked, with which suite,
// expecting which choices.
func columnKey(r *results.Run) string {
	return strings.Join([]string{r.Kind, r.Target, r.Versions.Suite, results.ChoiceKey(r.Choices)}, "\x00")
}

// baselineKey matches a column with the baseline of the same target and choices, whatever the
// suite version.
func baselineKey(c *Column) string {
	return strings.Join([]string{c.Kind, c.Target, results.ChoiceKey(c.Choices)}, "\x00")
}

func mergeColumns(inputs []Input) []*Column {
	var cols []*Column
	byKey := map[string]*Column{}
	scenarios := map[*Column]map[string]int{}
	for _, in := range inputs {
		r := in.Run
		k := columnKey(r)
		c, ok := byKey[k]
		if !ok {
			c = &Column{Kind: r.Kind, Target: r.Target, Profile: r.Profile, Choices: r.Choices, Start: r.Start, End: r.End, key: k}
			byKey[k] = c
			scenarios[c] = map[string]int{}
			cols = append(cols, c)
		}
		if r.Start.Before(c.Start) {
			c.Start = r.Start
		}
		if r.End.After(c.End) {
			c.End = r.End
		}
		if c.Profile == "" {
			c.Profile = r.Profile
		}
		if !containsVersions(c.Versions, r.Versions) {
			c.Versions = append(c.Versions, r.Versions)
		}
		for _, s := range r.Scenarios {
			if i, dup := scenarios[c][s.Key()]; dup {
				// The same scenario in two parts of a run (overlapping shards, a re-run):
				// the most telling outcome wins.
				if rank(s.Status) > rank(c.Scenarios[i].Status) {
					c.Scenarios[i] = s
				}
				continue
			}
			scenarios[c][s.Key()] = len(c.Scenarios)
			c.Scenarios = append(c.Scenarios, s)
		}
	}
	for _, c := range cols {
		sort.SliceStable(c.Scenarios, func(i, j int) bool {
			a, b := c.Scenarios[i], c.Scenarios[j]
			if a.URI != b.URI {
				return a.URI < b.URI
			}
			if a.Line != b.Line {
				return a.Line < b.Line
			}
			return a.Name < b.Name
		})
		sort.Slice(c.Versions, func(i, j int) bool {
			return fmt.Sprint(c.Versions[i]) < fmt.Sprint(c.Versions[j])
		})
	}
	labelColumns(cols)
	return cols
}

func rank(s results.Status) int {
	switch s {
	case results.Failed:
		return 3
	case results.Passed:
		return 2
	case results.Skipped:
		return 1
	}
	return 0
}

func containsVersions(list []results.Versions, v results.Versions) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// labelColumns names each column by its target and profile, and tells apart columns that
// would share a name by their kind and suite version.
func labelColumns(cols []*Column) {
	count := map[string]int{}
	for _, c := range cols {
		c.Label = c.Target
		if c.Profile != "" {
			c.Label += " (" + c.Profile + ")"
		}
		count[c.Label]++
	}
	for _, c := range cols {
		if count[c.Label] < 2 {
			continue
		}
		extra := []string{}
		if c.Kind != results.KindRun {
			extra = append(extra, c.Kind)
		}
		if len(c.Versions) > 0 {
			extra = append(extra, "suite "+short(c.Versions[0].Suite))
		}
		extra = append(extra, "choices "+results.ChoiceKey(c.Choices))
		c.Label += " [" + strings.Join(extra, ", ") + "]"
	}
}

// short abbreviates a digest for display.
func short(digest string) string {
	_, hex, found := strings.Cut(digest, ":")
	if !found {
		hex = digest
	}
	if len(hex) > 12 {
		hex = hex[:12]
	}
	return hex
}

// groups returns the rules of every input, first statement first, grouped by their first
// method; a rule only a scenario names is added with its tier and no sentence.
func groups(inputs []Input) []Group {
	var order []string
	rulesByID := map[string]results.Rule{}
	add := func(r results.Rule) {
		if _, seen := rulesByID[r.ID]; !seen {
			rulesByID[r.ID] = r
			order = append(order, r.ID)
		}
	}
	for _, in := range inputs {
		for _, r := range in.Run.Rules {
			add(r)
		}
	}
	for _, in := range inputs {
		for _, s := range in.Run.Scenarios {
			for _, ref := range s.Rules {
				add(results.Rule{ID: ref.ID, Tier: ref.Tier})
			}
		}
	}
	var out []Group
	index := map[string]int{}
	for _, id := range order {
		r := rulesByID[id]
		m := ungrouped
		if len(r.Methods) > 0 {
			m = r.Methods[0]
		}
		i, ok := index[m]
		if !ok {
			i = len(out)
			index[m] = i
			out = append(out, Group{Method: m})
		}
		out[i].Rules = append(out[i].Rules, r)
	}
	return out
}

// judge gives the column's verdict on every rule of the groups, and tallies them by tier.
func (c *Column) judge(gs []Group) {
	c.Cells = map[string]*Cell{}
	c.Tally = map[string]*Tally{}
	for _, t := range results.Tiers {
		c.Tally[t] = &Tally{}
	}
	for i, s := range c.Scenarios {
		for _, ref := range s.Rules {
			cell := c.Cells[ref.ID]
			if cell == nil {
				cell = &Cell{}
				c.Cells[ref.ID] = cell
			}
			switch s.Status {
			case results.Passed:
				cell.Passed++
			case results.Failed:
				cell.Failed++
				cell.Failures = append(cell.Failures, i)
			case results.Skipped:
				cell.Skipped++
				cell.Skips = append(cell.Skips, i)
			default:
				cell.NotRun++
			}
		}
	}
	for _, g := range gs {
		for _, r := range g.Rules {
			cell := c.Cells[r.ID]
			if cell == nil {
				cell = &Cell{}
				c.Cells[r.ID] = cell
			}
			switch {
			case cell.Failed > 0:
				cell.Verdict = Fail
			case cell.Passed > 0:
				cell.Verdict = Pass
			case cell.Skipped > 0:
				cell.Verdict = Skip
			default:
				cell.Verdict = Unchecked
			}
			t := c.Tally[r.Tier]
			if t == nil {
				t = &Tally{}
				c.Tally[r.Tier] = t
			}
			switch cell.Verdict {
			case Pass:
				t.Hold++
			case Fail:
				t.Fail++
			default:
				t.NotChecked++
			}
		}
	}
}

// Total sums the tally over the tiers.
func (c *Column) Total() Tally {
	var s Tally
	for _, t := range c.Tally {
		s.Hold += t.Hold
		s.Fail += t.Fail
		s.NotChecked += t.NotChecked
	}
	return s
}

// matchBaseline finds the baseline of c: the baseline column of the same target and choices,
// or, when the report and the baseline each have one column (a target that moved, a renamed
// profile), that column.
func matchBaseline(c *Column, base []*Column, only bool) *Column {
	for _, b := range base {
		if baselineKey(b) == baselineKey(c) {
			return b
		}
	}
	if only && len(base) == 1 {
		return base[0]
	}
	return nil
}

// compare marks the rules that fail now and did not in the baseline, and those that hold now
// and did not.
func (c *Column) compare() {
	if c.Baseline == nil {
		return
	}
	for id, cell := range c.Cells {
		before := Unchecked
		if b := c.Baseline.Cells[id]; b != nil {
			before = b.Verdict
		}
		switch {
		case cell.Verdict == Fail && before != Fail:
			cell.Change = NewlyFailing
		case cell.Verdict == Pass && before != Pass:
			cell.Change = NewlyHolding
		}
	}
}

// Failing returns the rules that do not hold on the column, in row order.
func (r *Report) Failing(c *Column) []results.Rule {
	var out []results.Rule
	for _, g := range r.Groups {
		for _, rule := range g.Rules {
			if c.Cells[rule.ID].Verdict == Fail {
				out = append(out, rule)
			}
		}
	}
	return out
}

// Changed returns the rules of the column with the given change, in row order.
func (r *Report) Changed(c *Column, change string) []results.Rule {
	var out []results.Rule
	for _, g := range r.Groups {
		for _, rule := range g.Rules {
			if c.Cells[rule.ID].Change == change {
				out = append(out, rule)
			}
		}
	}
	return out
}

// RuleCount is the number of rows.
func (r *Report) RuleCount() int {
	n := 0
	for _, g := range r.Groups {
		n += len(g.Rules)
	}
	return n
}
