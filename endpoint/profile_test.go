package endpoint

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// testEnv is the environment the golden profiles are read with.
func testEnv(name string) (string, bool) {
	env := map[string]string{
		"TEACHER_TOKEN": "tok-teacher",
		"STUDENT_TOKEN": "tok-student",
		"BASE_URL":      "http://127.0.0.1:9999/prefix/",
		"EMPTY":         "",
	}
	v, ok := env[name]
	return v, ok
}

// TestProfileGolden parses every profile under testdata/profiles and compares the outcome (the
// parsed profile as JSON, or the error) with the .golden file next to it.
func TestProfileGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/profiles/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no profiles: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".yaml")
		t.Run(name, func(t *testing.T) {
			var got string
			p, err := LoadProfile(file, LoadOptions{LookupEnv: testEnv})
			if err != nil {
				got = "error: " + err.Error() + "\n"
			} else {
				b, err := json.MarshalIndent(p, "", "  ")
				require.NoError(t, err)
				got = string(b) + "\n"
			}
			golden := strings.TrimSuffix(file, ".yaml") + ".golden"
			if *update {
				require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("read golden (run with -update to create it): %v", err)
			}
			if got != string(want) {
				t.Errorf("%s:\ngot:\n%s\nwant:\n%s", file, got, want)
			}
		})
	}
}

func TestProfileErrorsNameTheProblem(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string
	}{
		{"unknown top-level key names key and line", "target: http://127.0.0.1/\nactor:\n  teacher: x\n", []string{"line 2", `unknown key "actor"`}},
		{"unset variable is named", "actors:\n  student: ${NOPE_NOT_SET}\n", []string{"line 2", "NOPE_NOT_SET is not set"}},
		{"unknown ambiguity lists the known ones", "expect:\n  foo: BAR\n", []string{"line 2", `unknown ambiguity "foo"`, "coursework.default-state"}},
		{"unknown choice lists the choices", "expect:\n  coursework.default-state: DRAFTY\n", []string{`unknown choice "DRAFTY"`, "DRAFT, PUBLISHED"}},
		{"a literal token is never echoed", "actors:\n  teacher: secret token\n", []string{"white space"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseProfile("p.yaml", []byte(tt.yaml), LoadOptions{LookupEnv: testEnv})
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("error %q echoes the token", err)
			}
		})
	}
}

func TestExpectationsChoice(t *testing.T) {
	e := Expectations{"reclaim.returned": "ALLOWED"}
	tests := []struct{ id, want string }{
		{"reclaim.returned", "ALLOWED"},
		{"coursework.default-state", "DRAFT"},
		{"modifyassignees.project-rule", "NOT_ENFORCED"},
		{"no.such", ""},
	}
	for _, tt := range tests {
		if got := e.Choice(tt.id); got != tt.want {
			t.Errorf("Choice(%q) = %q, want %q", tt.id, got, tt.want)
		}
	}
	if err := (Expectations{"reclaim.returned": "NO"}).Validate(); err == nil {
		t.Error("Validate accepted an unknown choice")
	}
	if err := e.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
}
