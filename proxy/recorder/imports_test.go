package recorder

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/classroom-conformance/classroom-conformance"

// TestRecordingDoesNotNeedTheProxy holds the edges the cassette lifecycle depends on: cassettes
// and the recorder never import the HTTP proxy (it is built on them, not the other way round),
// and the suite records and replays without it.
func TestRecordingDoesNotNeedTheProxy(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	for _, pkg := range []string{"/proxy/cassette", "/proxy/recorder", "/suite"} {
		out, err := exec.Command("go", "list", "-deps", module+pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			if dep == module+"/proxy" {
				t.Errorf("%s imports %s", module+pkg, dep)
			}
		}
	}
}
