package features

import (
	"fmt"
	"io/fs"
	"strings"

	gherkin "github.com/cucumber/gherkin/go/v26"
	messages "github.com/cucumber/messages/go/v21"
)

// A Scenario is one runnable scenario as the runner sees it (each Examples row of a Scenario
// Outline counts as one): where it is written, its name and its tags, including those inherited
// from the feature, the outline and the Examples block.
type Scenario struct {
	// ID is the pickle id, in the same sequence godog uses when it reads the same files in the
	// same order, so a runner can tie godog's scenarios back to these.
	ID      string
	Feature string // the feature's name
	URI     string // the file's path within the file system
	Line    int64  // the line of the scenario, or of its Examples row
	Name    string
	Tags    []string
	Steps   int
}

// Location returns "file.feature:line".
func (s Scenario) Location() string { return fmt.Sprintf("%s:%d", s.URI, s.Line) }

// Files lists the *.feature files of fsys in fs.WalkDir order, which is lexical order and the
// order godog reads them in: the runner, the scenario selection and the suite digest all see
// the same files in the same order.
func Files(fsys fs.FS) ([]string, error) {
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
	return files, err
}

// Parse reads every *.feature file of fsys, in fs.WalkDir order, and compiles it into the
// scenarios it runs. A file that is not valid Gherkin is an error naming it, so a broken feature
// is reported before anything runs.
func Parse(fsys fs.FS) ([]Scenario, error) {
	files, err := Files(fsys)
	if err != nil {
		return nil, fmt.Errorf("read features: %w", err)
	}
	var out []Scenario
	newID := (&messages.Incrementing{}).NewId
	for _, file := range files {
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", file, err)
		}
		doc, err := gherkin.ParseGherkinDocumentForLanguage(strings.NewReader(string(data)), gherkin.DefaultDialect, newID)
		if err != nil {
			return nil, fmt.Errorf("feature %s: %w", file, err)
		}
		lines := scenarioLines(doc)
		feature := ""
		if doc.Feature != nil {
			feature = doc.Feature.Name
		}
		for _, p := range gherkin.Pickles(*doc, file, newID) {
			s := Scenario{ID: p.Id, Feature: feature, URI: file, Name: p.Name, Steps: len(p.Steps)}
			// The last AST node of a pickle is the Examples row for an outline, else the scenario.
			if n := len(p.AstNodeIds); n > 0 {
				s.Line = lines[p.AstNodeIds[n-1]]
				if s.Line == 0 {
					s.Line = lines[p.AstNodeIds[0]]
				}
			}
			for _, t := range p.Tags {
				s.Tags = append(s.Tags, t.Name)
			}
			out = append(out, s)
		}
	}
	return out, nil
}

// scenarioLines maps the ids of scenarios and Examples rows to their line numbers.
func scenarioLines(doc *messages.GherkinDocument) map[string]int64 {
	lines := map[string]int64{}
	scenario := func(sc *messages.Scenario) {
		lines[sc.Id] = sc.Location.Line
		for _, ex := range sc.Examples {
			for _, row := range ex.TableBody {
				lines[row.Id] = row.Location.Line
			}
		}
	}
	if doc.Feature == nil {
		return lines
	}
	for _, child := range doc.Feature.Children {
		if child.Scenario != nil {
			scenario(child.Scenario)
		}
		if child.Rule != nil {
			for _, rc := range child.Rule.Children {
				if rc.Scenario != nil {
					scenario(rc.Scenario)
				}
			}
		}
	}
	return lines
}
