package rules

import (
	"testing"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
)

// TestCatalogueAmbiguitiesMatchProfiles checks that the catalogue documents exactly the
// ambiguities a profile can select (package target), with the same choices and default.
func TestCatalogueAmbiguitiesMatchProfiles(t *testing.T) {
	cat, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	inCatalogue := map[string]Ambiguity{}
	for _, a := range cat.Ambiguities {
		inCatalogue[a.ID] = a
	}
	for _, want := range endpoint.Ambiguities() {
		got, ok := inCatalogue[want.ID]
		if !ok {
			t.Errorf("profiles know ambiguity %s; the catalogue does not", want.ID)
			continue
		}
		delete(inCatalogue, want.ID)
		if got.Default != want.Default() {
			t.Errorf("%s: catalogue default %s, profiles default %s", want.ID, got.Default, want.Default())
		}
		var choices []string
		for _, c := range got.Choices {
			choices = append(choices, c.Value)
		}
		if len(choices) != len(want.Choices) {
			t.Errorf("%s: catalogue choices %v, profiles %v", want.ID, choices, want.Choices)
			continue
		}
		for i := range choices {
			if choices[i] != want.Choices[i] {
				t.Errorf("%s: catalogue choices %v, profiles %v", want.ID, choices, want.Choices)
				break
			}
		}
	}
	for id := range inCatalogue {
		t.Errorf("the catalogue documents ambiguity %s, which no profile can select", id)
	}
}
