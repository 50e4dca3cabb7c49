package endpoint

import (
	"fmt"
	"sort"

	"github.com/classroom-conformance/classroom-conformance/rules"
)

// Ambiguities are the points where Classroom's documentation contradicts itself or is silent.
// The rules catalogue owns them (ids, choices, defaults): a profile's expect: map selects a
// choice other than the default, and scenarios tagged @ambiguity:<id>=<CHOICE> run only when
// the profile expects that choice.

// Expectations map an ambiguity id to the choice a target is expected to make. An id that is
// not in the map expects the default choice.
type Expectations map[string]string

// Choice returns the choice expected for id: the map's, or the ambiguity's default. An unknown
// id has no choice ("").
func (e Expectations) Choice(id string) string {
	if c, ok := e[id]; ok {
		return c
	}
	cat, err := rules.Embedded()
	if err != nil {
		return ""
	}
	if a, ok := cat.Ambiguity(id); ok {
		return a.Default
	}
	return ""
}

// Validate reports the first id or choice that is not an ambiguity of the rules catalogue.
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
	cat, err := rules.Embedded()
	if err != nil {
		return fmt.Errorf("check expectation %s: %w", id, err)
	}
	return cat.CheckExpectation(rules.Expectation{Ambiguity: id, Choice: choice})
}
