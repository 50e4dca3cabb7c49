package suite

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/classroom-conformance/classroom-conformance"

// deps lists the packages pkg depends on (itself included), each with whether it is in the
// standard library.
func deps(t *testing.T, pkg string) map[string]bool {
	t.Helper()
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}} {{.Standard}}", pkg).CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
	}
	m := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		path, std, _ := strings.Cut(line, " ")
		m[path] = std == "true"
	}
	return m
}

// TestImportGraph holds the edges the design depends on: the steps reach a server through
// endpoint.Target only, so they never import the reference or the proxy; the reference is the
// standard library only, so it can be vendored into anything.
func TestImportGraph(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	for _, pkg := range []string{module + "/steps", module + "/endpoint"} {
		for dep := range deps(t, pkg) {
			for _, forbidden := range []string{module + "/reference", module + "/proxy"} {
				if dep == forbidden || strings.HasPrefix(dep, forbidden+"/") {
					t.Errorf("%s imports %s", pkg, dep)
				}
			}
		}
	}
	for dep, std := range deps(t, module+"/reference") {
		if !std && dep != module+"/reference" {
			t.Errorf("reference imports %s, which is not in the standard library", dep)
		}
	}
}
