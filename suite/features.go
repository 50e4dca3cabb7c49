package suite

import (
	"fmt"
	"io/fs"

	"github.com/classroom-conformance/classroom-conformance/features"
)

// A plannedScenario is a scenario the tag expression selects, known before the run.
type plannedScenario struct {
	id        string // the pickle id godog gives the scenario (see plan)
	feature   string // the name of the feature
	uri, name string
	line      int64
	tags      []string
}

// plan parses every *.feature file of fsys, checks its @ambiguity tags, and returns the
// scenarios the tag expression selects, in the order godog runs them. Errors name the file and
// line, so a broken feature is reported before anything is sent.
//
// Files are read in fs.WalkDir order with one id sequence, as godog reads them, so a scenario's
// id here is the id of the pickle godog runs; the runner uses it to find the scenario's line.
func plan(fsys fs.FS, tags tagExpr) ([]plannedScenario, error) {
	parsed, err := features.Parse(fsys)
	if err != nil {
		return nil, err
	}
	if len(parsed) == 0 {
		return nil, fmt.Errorf("no *.feature files with scenarios")
	}
	var out []plannedScenario
	for _, p := range parsed {
		for _, t := range p.Tags {
			if _, _, _, err := ambiguityTag(t); err != nil {
				return nil, fmt.Errorf("feature %s: %w", p.Location(), err)
			}
		}
		if tags.match(p.Tags) {
			out = append(out, plannedScenario{id: p.ID, feature: p.Feature, uri: p.URI, name: p.Name, line: p.Line, tags: p.Tags})
		}
	}
	return out, nil
}
