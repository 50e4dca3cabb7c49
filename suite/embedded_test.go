package suite

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
	"github.com/classroom-conformance/classroom-conformance/reference"
	"github.com/classroom-conformance/classroom-conformance/rules"
)

// TestBehaviourFollowsTheCatalogue holds the one table from ambiguity to reference switch: the
// default choices are the reference's zero behaviour, each other choice changes exactly the
// field its ambiguity names, and the reference accepts every choice.
func TestBehaviourFollowsTheCatalogue(t *testing.T) {
	cat, err := rules.Embedded()
	require.NoError(t, err)
	defaults, err := Behaviour(nil)
	require.NoError(t, err)
	_, err = reference.New(reference.Options{Behaviour: defaults})
	require.NoError(t, err)
	zero := reflect.ValueOf(reference.Behaviour{})
	for i := range zero.NumField() {
		f := reflect.ValueOf(defaults).Field(i)
		if f.Kind() == reflect.Bool {
			assert.False(t, f.Bool(), "default choices turn on %s", zero.Type().Field(i).Name)
		}
	}
	named := map[string]bool{}
	for _, a := range cat.Ambiguities {
		named[a.Behaviour] = true
		for _, ch := range a.Alternatives() {
			b, err := Behaviour(endpoint.Expectations{a.ID: ch.Value})
			require.NoError(t, err)
			_, err = reference.New(reference.Options{Behaviour: b})
			require.NoError(t, err, "%s=%s", a.ID, ch.Value)
			for i := range zero.NumField() {
				name := zero.Type().Field(i).Name
				changed := !reflect.DeepEqual(reflect.ValueOf(b).Field(i).Interface(), reflect.ValueOf(defaults).Field(i).Interface())
				assert.Equal(t, name == a.Behaviour, changed, "%s=%s changes %s", a.ID, ch.Value, name)
			}
		}
	}
	for i := range zero.NumField() {
		assert.True(t, named[zero.Type().Field(i).Name], "reference.Behaviour.%s is no ambiguity's switch", zero.Type().Field(i).Name)
	}
}
