package verify

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
	"github.com/classroom-conformance/classroom-conformance/features"
	"github.com/classroom-conformance/classroom-conformance/suite"
)

// ambiguityPrefix starts the tag of a scenario that depends on how an ambiguity is resolved:
// @ambiguity:<id>=<CHOICE>.
const ambiguityPrefix = "@ambiguity:"

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

// skipReason says why a cassette recorded for a scenario with these ambiguities ("<id>=<choice>")
// is not verified under the expectations, or "" when it is.
func skipReason(ambiguities []string, exp endpoint.Expectations) string {
	for _, a := range ambiguities {
		id, choice, _ := strings.Cut(a, "=")
		if want := exp.Choice(id); want != choice {
			return fmt.Sprintf("recorded for %s=%s; the profile expects %s", id, choice, want)
		}
	}
	return ""
}
