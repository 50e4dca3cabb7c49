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
// standard library and the discovery document only, so it can be vendored into anything; the
// proxy and the fault plans in front of any upstream never depend on the reference.
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
	for _, pkg := range []string{"reference", "discovery"} {
		for dep, std := range deps(t, module+"/"+pkg) {
			if !std && dep != module+"/"+pkg && dep != module+"/discovery" {
				t.Errorf("%s imports %s, which is neither the standard library nor discovery", pkg, dep)
			}
		}
	}
	for _, pkg := range []string{"proxy", "faults", "discovery"} {
		for dep := range deps(t, module+"/"+pkg) {
			for _, forbidden := range []string{module + "/reference", module + "/suite"} {
				if dep == forbidden || strings.HasPrefix(dep, forbidden+"/") {
					t.Errorf("%s imports %s", pkg, dep)
				}
			}
		}
	}
}

// TestMutantsOnlyInTests holds that the broken variants of the reference never reach a program:
// internal/mutants is imported by test files only (go list's Imports leaves test files out).
func TestMutantsOnlyInTests(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	const mutants = module + "/internal/mutants"
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, module+"/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list %s/...: %v\n%s", module, err, out)
	}
	packages := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		packages++
		for _, imp := range fields[1:] {
			if imp == mutants {
				t.Errorf("%s imports %s outside its test files", fields[0], mutants)
			}
		}
	}
	if packages < 2 {
		t.Fatalf("go list found %d packages:\n%s", packages, out)
	}
}
