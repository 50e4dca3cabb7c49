package suite

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
	"github.com/classroom-conformance/classroom-conformance/steps"
)

// A Listed scenario is one a run with the same options would execute.
type Listed struct {
	Scenario
	// Rules are the ids of its @rule tags.
	Rules []string
	// Actors are the actors its steps act as: a live target's profile needs a token for each.
	Actors []string
	// Steps counts its steps, the Background's included.
	Steps int
	// Skip says why the profile's expectations skip it, or is "".
	Skip string
}

// List returns the scenarios Run would execute with opts (its tags, selection and shard), in
// the order it runs them, without starting or sending anything.
func List(opts Options) ([]Listed, error) {
	tags, err := parseTags(opts.Tags)
	if err != nil {
		return nil, err
	}
	if opts.FS == nil {
		return nil, errNoFeatures
	}
	_, picked, err := opts.Select.apply(opts.FS, tags, opts.Tags)
	if err != nil {
		return nil, err
	}
	exp := endpoint.Expectations{}
	if opts.Profile != nil && opts.Profile.Expect != nil {
		exp = opts.Profile.Expect
	}
	out := make([]Listed, len(picked))
	for i, c := range picked {
		l := Listed{Scenario: c.Scenario, Actors: steps.Actors(c.steps), Steps: len(c.steps), Skip: skipReason(c.Tags, exp)}
		for _, t := range c.Tags {
			if id, ok := strings.CutPrefix(t, "@rule:"); ok {
				l.Rules = append(l.Rules, id)
			}
		}
		out[i] = l
	}
	return out, nil
}

// apply returns the file system a run of the selection reads (fsys itself for the zero
// selection) and the scenarios it runs.
func (s Selection) apply(fsys fs.FS, tags tagExpr, tagsText string) (fs.FS, []candidate, error) {
	if err := s.Shard.validate(); err != nil {
		return nil, nil, err
	}
	all, docs, err := parseCandidates(fsys)
	if err != nil {
		return nil, nil, err
	}
	if len(all) == 0 {
		return nil, nil, errNoScenarios
	}
	for _, c := range all {
		for _, t := range c.Tags {
			if _, _, _, err := ambiguityTag(t); err != nil {
				return nil, nil, fmt.Errorf("feature %s: %w", c.Location(), err)
			}
		}
	}
	picked, err := s.pick(all, tags, tagsText)
	if err != nil {
		return nil, nil, err
	}
	if s.IsZero() {
		return fsys, picked, nil
	}
	narrowed, err := narrow(fsys, docs, picked)
	if err != nil {
		return nil, nil, err
	}
	return narrowed, picked, nil
}

var (
	errNoFeatures  = errors.New("no features to run")
	errNoScenarios = errors.New("no *.feature files with scenarios")
)
