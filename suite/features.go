package suite

import (
	"fmt"
	"io/fs"
	"strings"

	gherkin "github.com/cucumber/gherkin/go/v26"
	messages "github.com/cucumber/messages/go/v21"
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
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".feature") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read features: %w", err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no *.feature files")
	}
	var out []plannedScenario
	newID := (&messages.Incrementing{}).NewId
	for _, file := range files {
		f, err := fsys.Open(file)
		if err != nil {
			return nil, fmt.Errorf("read features: %w", err)
		}
		doc, err := gherkin.ParseGherkinDocumentForLanguage(f, gherkin.DefaultDialect, newID)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("feature %s: %w", file, err)
		}
		lines := scenarioLines(doc)
		for _, p := range gherkin.Pickles(*doc, file, newID) {
			var names []string
			line := int64(0)
			if len(p.AstNodeIds) > 0 {
				line = lines[p.AstNodeIds[len(p.AstNodeIds)-1]]
				if line == 0 {
					line = lines[p.AstNodeIds[0]]
				}
			}
			for _, t := range p.Tags {
				names = append(names, t.Name)
				if _, _, _, err := ambiguityTag(t.Name); err != nil {
					return nil, fmt.Errorf("feature %s:%d: %w", file, line, err)
				}
			}
			if tags.match(names) {
				out = append(out, plannedScenario{id: p.Id, feature: featureName(doc), uri: file, name: p.Name, line: line, tags: names})
			}
		}
	}
	return out, nil
}

func featureName(doc *messages.GherkinDocument) string {
	if doc.Feature == nil {
		return ""
	}
	return doc.Feature.Name
}

// scenarioLines maps the ids of scenarios and example rows to their lines.
func scenarioLines(doc *messages.GherkinDocument) map[string]int64 {
	m := map[string]int64{}
	scenario := func(s *messages.Scenario) {
		m[s.Id] = s.Location.Line
		for _, ex := range s.Examples {
			for _, row := range ex.TableBody {
				m[row.Id] = row.Location.Line
			}
		}
	}
	if doc.Feature == nil {
		return m
	}
	for _, c := range doc.Feature.Children {
		if c.Scenario != nil {
			scenario(c.Scenario)
		}
		if c.Rule != nil {
			for _, rc := range c.Rule.Children {
				if rc.Scenario != nil {
					scenario(rc.Scenario)
				}
			}
		}
	}
	return m
}
