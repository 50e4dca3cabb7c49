package verify

import (
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
	"github.com/classroom-conformance/classroom-conformance/features"
	"github.com/classroom-conformance/classroom-conformance/rules"
	"github.com/classroom-conformance/classroom-conformance/suite"
)

// scenariosByCassette maps the name `run --record` gives a scenario's cassette
// ("<feature>/<slug>.yaml") to the scenario. A nil fsys maps nothing.
func scenariosByCassette(fsys fs.FS) (map[string]features.Scenario, error) {
	if fsys == nil {
		return nil, nil
	}
	names, err := suite.CassetteNames(fsys)
	if err != nil {
		return nil, err
	}
	scenarios, err := features.Parse(fsys)
	if err != nil {
		return nil, err
	}
	out := map[string]features.Scenario{}
	for _, sc := range scenarios {
		if name, ok := names[fmt.Sprintf("%s:%d", sc.URI, sc.Line)]; ok {
			out[name] = sc
		}
	}
	return out, nil
}

// scenarioName is the part of a cassette's path that names its scenario: its folder and file.
func scenarioName(file string) string {
	dir, base := filepath.Split(filepath.Clean(file))
	return filepath.Base(dir) + "/" + base
}

// recordedChoices are the choices of ambiguities a scenario's @ambiguity tags expect.
func recordedChoices(tags []string) []rules.Expectation {
	var out []rules.Expectation
	for _, t := range tags {
		if e, ok := rules.ParseAmbiguityTag(t); ok {
			out = append(out, e)
		}
	}
	return out
}

// skipReason says why a cassette recorded for a scenario that expects these choices of
// ambiguities (its @ambiguity tags) is not verified under exp, or "" when it is.
func skipReason(recorded []rules.Expectation, exp endpoint.Expectations) string {
	for _, e := range recorded {
		if want := exp.Choice(e.Ambiguity); want != e.Choice {
			return fmt.Sprintf("recorded for %s=%s; the profile expects %s", e.Ambiguity, e.Choice, want)
		}
	}
	return ""
}
