package rules

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseAmbiguityTag(t *testing.T) {
	tests := []struct {
		tag  string
		want Expectation
		ok   bool
	}{
		{"@ambiguity:reclaim.returned=ALLOWED", Expectation{"reclaim.returned", "ALLOWED"}, true},
		{"@ambiguity:reclaim.returned", Expectation{"reclaim.returned", ""}, true},
		{"@ambiguity:a.b=C=D", Expectation{"a.b", "C=D"}, true},
		{"@rule:reclaim.owner", Expectation{}, false},
		{"@ambiguities:x=Y", Expectation{}, false},
	}
	for _, tt := range tests {
		got, ok := ParseAmbiguityTag(tt.tag)
		assert.Equal(t, tt.ok, ok, tt.tag)
		assert.Equal(t, tt.want, got, tt.tag)
		if ok && got.Choice != "" {
			assert.Equal(t, tt.tag, got.Tag())
		}
	}
}

func TestCheckExpectation(t *testing.T) {
	cat, err := Embedded()
	require.NoError(t, err)
	for _, a := range cat.Ambiguities {
		for _, ch := range a.Choices {
			assert.NoError(t, cat.CheckExpectation(Expectation{a.ID, ch.Value}))
		}
	}
	err = cat.CheckExpectation(Expectation{"nope.nope", "X"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown ambiguity "nope.nope" (known: coursework.default-state, coursework.deleted, coursework.hidden-from-student, `)
	err = cat.CheckExpectation(Expectation{"reclaim.returned", "MAYBE"})
	require.Error(t, err)
	assert.Equal(t, `ambiguity reclaim.returned: unknown choice "MAYBE" (choices: FAILED_PRECONDITION, ALLOWED)`, err.Error())
}

// TestOtherChoices holds the derived other choices to the catalogue: every ambiguity once, with
// a choice that is not its default, so the defaults and the other choices cover every choice.
func TestOtherChoices(t *testing.T) {
	cat, err := Load()
	require.NoError(t, err)
	other := cat.OtherChoices()
	require.Len(t, other, len(cat.Ambiguities))
	covered := map[string]int{}
	for i, e := range other {
		a := cat.Ambiguities[i]
		assert.Equal(t, a.ID, e.Ambiguity)
		assert.NotEqual(t, a.Default, e.Choice, a.ID)
		covered[a.ID] = 2
		assert.Len(t, a.Choices, covered[a.ID], "%s: a choice neither the defaults nor the other choices make", a.ID)
	}
	assert.Equal(t, "@ambiguity:coursework.default-state=PUBLISHED,@ambiguity:reclaim.returned=ALLOWED",
		func() string { c := *cat; c.Ambiguities = c.Ambiguities[:2]; return c.OtherChoicesTags() }())
}

// TestOtherChoicesProfileIsShipped keeps profiles/other-choices.yaml the profile the catalogue
// derives, so that the cassettes it records are the ones replayed.
func TestOtherChoicesProfileIsShipped(t *testing.T) {
	cat, err := Embedded()
	require.NoError(t, err)
	shipped, err := os.ReadFile("../profiles/other-choices.yaml")
	require.NoError(t, err)
	assert.Equal(t, string(cat.OtherChoicesProfile()), string(shipped),
		"regenerate with: classroom-conformance rules --other-choices=profile > profiles/other-choices.yaml")
}

func TestEmbeddedIsLoadedOnce(t *testing.T) {
	a, err := Embedded()
	require.NoError(t, err)
	b, err := Embedded()
	require.NoError(t, err)
	assert.Same(t, a, b)
	fresh, err := Load()
	require.NoError(t, err)
	assert.NotSame(t, a, fresh)
	assert.Equal(t, a, fresh)
}
