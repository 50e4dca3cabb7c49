package rules

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func listingFor(t *testing.T, features string) *Listing {
	t.Helper()
	cat, err := Parse([]byte(minimal))
	require.NoError(t, err)
	scenarios, err := ParseFeatures(fstest.MapFS{"reclaim.feature": feature(features)})
	require.NoError(t, err)
	return NewListing(cat, Check(cat, scenarios))
}

func TestWriteTextGolden(t *testing.T) {
	tests := []struct{ name, features string }{
		{"complete", coveringScenarios},
		{"incomplete", strings.Replace(coveringScenarios, "@rule:errors.unknown-path", "@rule:errors.unknown-paths", 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := listingFor(t, tt.features).WriteText(&buf); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "listing-"+tt.name+".golden")
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got := buf.String(); got != string(want) {
				t.Errorf("WriteText differs from %s (run go test -update after checking):\n--- got\n%s\n--- want\n%s", golden, got, want)
			}
		})
	}
}

func TestWriteJSON(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, listingFor(t, coveringScenarios).WriteJSON(&buf))
	var got struct {
		Coverage Coverage `json:"coverage"`
		Rules    []struct {
			ID         string       `json:"id"`
			Quote      string       `json:"quote"`
			Documented bool         `json:"documented"`
			SourceURL  string       `json:"sourceUrl"`
			Scenarios  []ScenarioAt `json:"scenarios"`
		} `json:"rules"`
		Ambiguities []struct {
			ID         string         `json:"id"`
			Default    string         `json:"default"`
			ProfileKey string         `json:"profileKey"`
			Scenarios  map[string]int `json:"scenarios"`
		} `json:"ambiguities"`
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &got), "output is not JSON:\n%s", buf.String())
	assert.True(t, got.Coverage.Complete, "coverage = %+v", got.Coverage)
	assert.Equal(t, 3, got.Coverage.Rules, "coverage.rules")
	assert.Equal(t, 3, got.Coverage.Covered, "coverage.covered")
	assert.Equal(t, 5, got.Coverage.Scenarios, "coverage.scenarios")
	assert.Equal(t, 1, got.Coverage.Inferred, "coverage.inferred")
	if assert.Len(t, got.Rules, 3) {
		r := got.Rules[0]
		assert.Equal(t, "reclaim.only-turned-in", r.ID)
		assert.Equal(t, "https://example.invalid/seed", r.SourceURL, r.ID)
		assert.True(t, r.Documented, "%s: documented", r.ID)
		if assert.Len(t, r.Scenarios, 1, r.ID) {
			assert.Equal(t, "reclaim.feature:8", r.Scenarios[0].Location, r.ID)
		}
	}
	if assert.Len(t, got.Ambiguities, 1) {
		a := got.Ambiguities[0]
		assert.Equal(t, "FAILED_PRECONDITION", a.Default, a.ID)
		assert.Equal(t, "reclaim.returned", a.ProfileKey, a.ID)
		assert.Equal(t, 1, a.Scenarios["ALLOWED"], "%s: scenarios expecting ALLOWED", a.ID)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }

func TestWriteErrorsAreReported(t *testing.T) {
	l := listingFor(t, coveringScenarios)
	if err := l.WriteText(failingWriter{}); err == nil {
		t.Error("WriteText to a failing writer returned nil")
	}
	if err := l.WriteJSON(failingWriter{}); err == nil {
		t.Error("WriteJSON to a failing writer returned nil")
	}
}
