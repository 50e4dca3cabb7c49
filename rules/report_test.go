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
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func listingFor(t *testing.T, features string) *Listing {
	t.Helper()
	cat, err := Parse([]byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	scenarios, err := ParseFeatures(fstest.MapFS{"reclaim.feature": feature(features)})
	if err != nil {
		t.Fatal(err)
	}
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
	if err := listingFor(t, coveringScenarios).WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
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
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, buf.String())
	}
	if !got.Coverage.Complete || got.Coverage.Rules != 3 || got.Coverage.Covered != 3 || got.Coverage.Scenarios != 5 || got.Coverage.Inferred != 1 {
		t.Errorf("coverage = %+v", got.Coverage)
	}
	if len(got.Rules) != 3 || got.Rules[0].ID != "reclaim.only-turned-in" || got.Rules[0].SourceURL != "https://example.invalid/seed" ||
		len(got.Rules[0].Scenarios) != 1 || got.Rules[0].Scenarios[0].Location != "reclaim.feature:8" || !got.Rules[0].Documented {
		t.Errorf("rules = %+v", got.Rules)
	}
	if len(got.Ambiguities) != 1 || got.Ambiguities[0].Default != "FAILED_PRECONDITION" || got.Ambiguities[0].ProfileKey != "reclaim.returned" ||
		got.Ambiguities[0].Scenarios["ALLOWED"] != 1 {
		t.Errorf("ambiguities = %+v", got.Ambiguities)
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
