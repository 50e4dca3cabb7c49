package rules

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// The embedded catalogue owns the ambiguities: their ids, choices and defaults. Profiles are
// checked against it (package endpoint), the @ambiguity tags of the features are parsed here,
// the embedded reference is switched from it (package suite), and `make cassettes` derives the
// other choices from it (OtherChoices).

// embedded is the embedded catalogue, decoded once: it never changes while the program runs.
var embedded = sync.OnceValues(func() (*Catalogue, error) { return Load() })

// Embedded returns the embedded catalogue, decoded once and shared: callers must not modify it.
// Load returns a copy of their own.
func Embedded() (*Catalogue, error) { return embedded() }

// Values returns the values of the ambiguity's choices, the default first.
func (a Ambiguity) Values() []string {
	out := make([]string, len(a.Choices))
	for i, ch := range a.Choices {
		out[i] = ch.Value
	}
	return out
}

// ParseAmbiguityTag reads an @ambiguity:<id>=<CHOICE> tag. ok is false for any other tag; a tag
// without "=" has an empty Choice. It checks the syntax only; CheckExpectation checks the id and
// the choice against a catalogue.
func ParseAmbiguityTag(tag string) (e Expectation, ok bool) {
	v, ok := strings.CutPrefix(tag, AmbiguityTagPrefix)
	if !ok {
		return Expectation{}, false
	}
	id, choice, _ := strings.Cut(v, "=")
	return Expectation{Ambiguity: id, Choice: choice}, true
}

// Tag returns the @ambiguity tag of scenarios that expect e.
func (e Expectation) Tag() string { return AmbiguityTagPrefix + e.Ambiguity + "=" + e.Choice }

// CheckExpectation reports an expectation whose ambiguity is not in the catalogue or whose
// choice is not one of the ambiguity's.
func (c *Catalogue) CheckExpectation(e Expectation) error {
	a, ok := c.Ambiguity(e.Ambiguity)
	if !ok {
		ids := make([]string, len(c.Ambiguities))
		for i, a := range c.Ambiguities {
			ids[i] = a.ID
		}
		sort.Strings(ids)
		return fmt.Errorf("unknown ambiguity %q (known: %s)", e.Ambiguity, strings.Join(ids, ", "))
	}
	if !a.HasChoice(e.Choice) {
		return fmt.Errorf("ambiguity %s: unknown choice %q (choices: %s)", e.Ambiguity, e.Choice, strings.Join(a.Values(), ", "))
	}
	return nil
}

// OtherChoices expects, for every ambiguity, its first choice other than the default: together
// with the defaults they cover every choice of the catalogue, which has two per ambiguity.
func (c *Catalogue) OtherChoices() []Expectation {
	var out []Expectation
	for _, a := range c.Ambiguities {
		if alt := a.Alternatives(); len(alt) > 0 {
			out = append(out, Expectation{Ambiguity: a.ID, Choice: alt[0].Value})
		}
	}
	return out
}

// OtherChoicesTags is the tag expression that selects the scenarios expecting one of the other
// choices.
func (c *Catalogue) OtherChoicesTags() string {
	var tags []string
	for _, e := range c.OtherChoices() {
		tags = append(tags, e.Tag())
	}
	return strings.Join(tags, ",")
}

// OtherChoicesProfile is the target profile that expects the other choices: the embedded
// reference started with it makes them, so that the scenarios selected by OtherChoicesTags run.
// profiles/other-choices.yaml is this text; `classroom-conformance rules --other-choices=profile`
// prints it.
func (c *Catalogue) OtherChoicesProfile() []byte {
	var b bytes.Buffer
	b.WriteString("# The profile with which `make cassettes` records the scenarios of the other documented choices:\n")
	b.WriteString("# the embedded reference is started with these choices, and only the scenarios that expect them\n")
	b.WriteString("# run. Generated from the rules catalogue: classroom-conformance rules --other-choices=profile\n")
	b.WriteString("expect:\n")
	for _, e := range c.OtherChoices() {
		fmt.Fprintf(&b, "  %s: %s\n", e.Ambiguity, e.Choice)
	}
	return b.Bytes()
}
