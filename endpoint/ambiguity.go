package endpoint

import (
	"fmt"
	"sort"
	"strings"
)

// An Ambiguity is a point where Classroom's documentation contradicts itself or is silent. The
// reference picks the first choice; a profile's expect: map may select another, and scenarios
// tagged @ambiguity:<ID>=<CHOICE> run only when the profile expects that choice.
type Ambiguity struct {
	// ID is the stable identifier used in profiles and tags, e.g. "coursework.default-state".
	ID string
	// Question says what the documentation leaves open.
	Question string
	// Choices are the possible behaviours; the first is the default.
	Choices []string
}

// Default is the choice a profile expects when it does not mention the ambiguity.
func (a Ambiguity) Default() string { return a.Choices[0] }

// Allows reports whether choice is one of a's choices.
func (a Ambiguity) Allows(choice string) bool {
	for _, c := range a.Choices {
		if c == choice {
			return true
		}
	}
	return false
}

// Ambiguities returns the documented ambiguities (the table of AMBIGUITIES.md), sorted by ID.
func Ambiguities() []Ambiguity {
	return []Ambiguity{
		{
			ID:       "coursework.default-state",
			Question: "state of course work created without state (field doc and guide: DRAFT; enum text for PUBLISHED: \"This is the default state.\")",
			Choices:  []string{"DRAFT", "PUBLISHED"},
		},
		{
			ID:       "coursework.hidden-from-student",
			Question: "what does a student get for course work they may not see (DRAFT, DELETED, or assigned to others): NOT_FOUND, or PERMISSION_DENIED (\"not permitted to access the requested course or course work\")?",
			Choices:  []string{"NOT_FOUND", "PERMISSION_DENIED"},
		},
		{
			ID:       "modifyassignees.project-rule",
			Question: "does modifyAssignees require the Developer Console project that created the course work (not stated, unlike patch and delete)?",
			Choices:  []string{"NOT_ENFORCED", "ENFORCED"},
		},
		{
			ID:       "reclaim.returned",
			Question: "may a RETURNED submission be reclaimed (\"only for a student submission that has been turned in\")?",
			Choices:  []string{"FAILED_PRECONDITION", "ALLOWED"},
		},
		{
			ID:       "return.not-turned-in",
			Question: "may a submission that is not TURNED_IN be returned (guide: only turned-in work; the reference page documents no FAILED_PRECONDITION)?",
			Choices:  []string{"FAILED_PRECONDITION", "ALLOWED"},
		},
		{
			ID:       "turnin.already-turned-in",
			Question: "may a submission that is already TURNED_IN be turned in again (no error documented)?",
			Choices:  []string{"FAILED_PRECONDITION", "ALLOWED"},
		},
	}
}

// LookupAmbiguity returns the ambiguity with the given id.
func LookupAmbiguity(id string) (Ambiguity, bool) {
	for _, a := range Ambiguities() {
		if a.ID == id {
			return a, true
		}
	}
	return Ambiguity{}, false
}

// Expectations map an ambiguity id to the choice a target is expected to make. An id that is
// not in the map expects the default choice.
type Expectations map[string]string

// Choice returns the choice expected for id: the map's, or the ambiguity's default. An unknown
// id has no choice ("").
func (e Expectations) Choice(id string) string {
	if c, ok := e[id]; ok {
		return c
	}
	if a, ok := LookupAmbiguity(id); ok {
		return a.Default()
	}
	return ""
}

// Validate reports the first id or choice that is not in the table of ambiguities.
func (e Expectations) Validate() error {
	ids := make([]string, 0, len(e))
	for id := range e {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if err := checkExpectation(id, e[id]); err != nil {
			return err
		}
	}
	return nil
}

func checkExpectation(id, choice string) error {
	a, ok := LookupAmbiguity(id)
	if !ok {
		return fmt.Errorf("unknown ambiguity %q (known: %s)", id, strings.Join(ambiguityIDs(), ", "))
	}
	if !a.Allows(choice) {
		return fmt.Errorf("ambiguity %s: unknown choice %q (choices: %s)", id, choice, strings.Join(a.Choices, ", "))
	}
	return nil
}

func ambiguityIDs() []string {
	var ids []string
	for _, a := range Ambiguities() {
		ids = append(ids, a.ID)
	}
	return ids
}
