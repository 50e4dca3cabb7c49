package main

import (
	"bytes"
	"context"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/classroom-conformance/classroom-conformance/features"
)

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := runSuite(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestRunUsageErrors(t *testing.T) {
	dir := t.TempDir()
	badProfile := filepath.Join(dir, "bad.yaml")
	os.WriteFile(badProfile, []byte("target: http://127.0.0.1:1/\nactor:\n  teacher: x\n"), 0o644)
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()

	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown flag", []string{"--record-everything"}, "flag provided but not defined"},
		{"stray argument", []string{"features/"}, `unexpected argument "features/"`},
		{"unknown format", []string{"--format", "html"}, `unknown format "html"`},
		{"two formats on stdout", []string{"--format", "pretty", "--format", "progress"}, "both write to standard output"},
		{"missing profile", []string{"--profile", filepath.Join(dir, "none.yaml")}, "read profile"},
		{"bad profile", []string{"--profile", badProfile}, `line 2: unknown key "actor"`},
		{"unreachable target", []string{"--target", closed.URL}, "unreachable"},
		{"bad target", []string{"--target", "localhost:8080"}, "target URL"},
		{"tags matching nothing", []string{"--tags", "@rule:no-such-rule"}, "no scenario matches"},
		{"bad tags", []string{"--tags", "@a or @b"}, "is not a tag"},
		{"negative concurrency", []string{"--concurrency", "-2"}, "must be at least 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tt.args...)
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and %q", code, stderr, tt.want)
			}
		})
	}
}

func TestRunHelp(t *testing.T) {
	code, _, stderr := runCLI(t, "-h")
	if code != 0 || !strings.Contains(stderr, "--concurrency") || !strings.Contains(stderr, "Exit status") {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
}

// otherChoiceTag finds the tag of a scenario that depends on a non-default resolution of an
// ambiguity: with the default profile, it is skipped.
func otherChoiceTag(t *testing.T) string {
	re := regexp.MustCompile(`@ambiguity:(reclaim\.returned|turnin\.already-turned-in|return\.not-turned-in)=ALLOWED`)
	var tag string
	fs.WalkDir(features.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && tag == "" {
			b, _ := fs.ReadFile(features.FS, p)
			tag = re.FindString(string(b))
		}
		return nil
	})
	if tag == "" {
		t.Skip("no scenario depends on a non-default choice")
	}
	return tag
}

// TestRunSkippedIsSuccess: against the embedded reference, a scenario the profile does not
// expect is skipped with its reason on stderr, and the run succeeds when the others pass.
func TestRunSkippedIsSuccess(t *testing.T) {
	tag := otherChoiceTag(t)
	dir := t.TempDir()
	junit := filepath.Join(dir, "reports", "c.xml")
	code, stdout, stderr := runCLI(t, "--tags", tag+","+fewScenarios, "--format", "progress", "--format", "junit:"+junit)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "skipped ") || !strings.Contains(stderr, ": profile expects ") || !strings.Contains(stderr, "against the embedded reference at http://127.0.0.1:") {
		t.Errorf("stderr:\n%s", stderr)
	}
	if b, err := os.ReadFile(junit); err != nil || !bytes.Contains(b, []byte("<testsuites")) {
		t.Errorf("junit report: %v\n%s", err, b)
	}
	if !strings.Contains(stdout, "...") {
		t.Errorf("progress report:\n%s", stdout)
	}
}

// TestRunFailureExitsOne: a target that answers {} to everything fails the fixtures of every
// scenario.
func TestRunFailureExitsOne(t *testing.T) {
	tag := otherChoiceTag(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	profile := filepath.Join(t.TempDir(), "p.yaml")
	os.WriteFile(profile, []byte("expect:\n  "+strings.TrimPrefix(strings.ReplaceAll(tag, "=", ": "), "@ambiguity:")+"\n"), 0o644)
	code, stdout, stderr := runCLI(t, "--target", srv.URL, "--profile", profile, "--tags", tag, "--format", "progress")
	if code != 1 || !strings.Contains(stderr, "failed  ") || !strings.Contains(stdout, "fixture failed") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	// The verdict per rule names the rule that does not hold, with its sentence, and the
	// ambiguity a profile could select.
	if !strings.Contains(stderr, " does not hold (1 of 1 scenarios failed): \"") ||
		!strings.Contains(stderr, "the documentation is ambiguous here") ||
		!strings.Contains(stderr, " rules: ") {
		t.Errorf("no verdict per rule in:\n%s", stderr)
	}
}
