package endpoint

import (
	"path/filepath"
	"testing"
)

// TestShippedProfiles loads every profile of the repository's profiles folder, with every
// variable it names set, so that a profile a user copies is known to be valid.
func TestShippedProfiles(t *testing.T) {
	files, err := filepath.Glob("../profiles/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no profiles: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			env := func(name string) (string, bool) { return "token-of-" + name, true }
			if _, err := LoadProfile(f, LoadOptions{LookupEnv: env}); err != nil {
				t.Fatal(err)
			}
		})
	}
}
