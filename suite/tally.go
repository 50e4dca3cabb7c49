package suite

import (
	"sort"
	"sync"
	"time"

	"github.com/cucumber/godog"
)

// A tally collects the outcomes of concurrently running scenarios, and puts them in the order of
// the plan.
type tally struct {
	mu      sync.Mutex
	planned []plannedScenario
	byID    map[string]int // pickle id -> position in planned
	results []ScenarioResult
	index   []int // position of each result in the plan
}

func newTally(planned []plannedScenario) *tally {
	t := &tally{planned: planned, byID: map[string]int{}}
	for i, p := range planned {
		t.byID[p.id] = i
	}
	return t
}

// scenario describes a running scenario, with its line when the plan knows it.
func (t *tally) scenario(p *godog.Scenario) Scenario {
	s := Scenario{URI: p.Uri, Name: p.Name, Tags: tagNames(p)}
	if i, ok := t.byID[p.Id]; ok {
		if pl := t.planned[i]; pl.uri == p.Uri && pl.name == p.Name {
			s.Line, s.Feature = pl.line, pl.feature
		}
	}
	return s
}

// add records the outcome of a scenario.
func (t *tally) add(p *godog.Scenario, r ScenarioResult, took time.Duration) {
	r.Scenario = t.scenario(p)
	r.Duration = took
	t.mu.Lock()
	defer t.mu.Unlock()
	pos, ok := t.byID[p.Id]
	if !ok || r.Line == 0 {
		pos = len(t.planned) + len(t.results)
	}
	t.results = append(t.results, r)
	t.index = append(t.index, pos)
}

// result returns the outcomes in plan order. A planned scenario godog never reported on is not
// run.
func (t *tally) result() *Result {
	t.mu.Lock()
	defer t.mu.Unlock()
	type placed struct {
		pos int
		r   ScenarioResult
	}
	all := make([]placed, 0, len(t.results))
	reported := map[int]bool{}
	for i, r := range t.results {
		all = append(all, placed{t.index[i], r})
		reported[t.index[i]] = true
	}
	for i, pl := range t.planned {
		if !reported[i] {
			sc := Scenario{Feature: pl.feature, URI: pl.uri, Line: pl.line, Name: pl.name, Tags: pl.tags}
			all = append(all, placed{i, ScenarioResult{Scenario: sc, Status: NotRun, Reason: "not run"}})
		}
	}
	sort.SliceStable(all, func(a, b int) bool { return all[a].pos < all[b].pos })
	res := &Result{}
	for _, p := range all {
		res.Scenarios = append(res.Scenarios, p.r)
		switch p.r.Status {
		case Passed:
			res.Passed++
		case Failed:
			res.Failed++
		case Skipped:
			res.Skipped++
		case NotRun:
			res.NotRun++
		case Errored:
			res.Errored++
		}
	}
	return res
}
