package suite

import (
	"fmt"
	"strings"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
	"github.com/classroom-conformance/classroom-conformance/rules"
)

// A tagExpr is a godog tag filter: "," separates alternatives, "&&" joins groups that must all
// hold, "~" negates a tag. "@rule:reclaim.only-turned-in,@rule:reclaim.owner && ~@wip" runs the
// scenarios of either rule that are not tagged @wip. The runner hands the same text to godog;
// it is parsed here too, to reject what godog would misread (or crash on) and to know which
// scenarios will run.
type tagExpr [][]tagTerm

type tagTerm struct {
	name   string // without "@"
	negate bool
}

const tagSyntax = `tags are written @name; "," means or, "&&" means and, "~" means not (e.g. "@rule:a,@rule:b && ~@wip")`

// parseTags parses a godog tag expression; "" matches every scenario.
func parseTags(expr string) (tagExpr, error) {
	if strings.TrimSpace(expr) == "" {
		return nil, nil
	}
	var e tagExpr
	for _, group := range strings.Split(expr, "&&") {
		var terms []tagTerm
		for _, raw := range strings.Split(group, ",") {
			t := strings.TrimSpace(raw)
			neg := strings.HasPrefix(t, "~")
			t = strings.ReplaceAll(strings.TrimPrefix(t, "~"), "@", "")
			if t == "" || strings.ContainsAny(t, " \t~&|()") {
				return nil, fmt.Errorf("tag expression %q: %q is not a tag: %s", expr, strings.TrimSpace(raw), tagSyntax)
			}
			terms = append(terms, tagTerm{name: t, negate: neg})
		}
		e = append(e, terms)
	}
	return e, nil
}

// match reports whether a scenario with the given tags (with or without "@") is selected,
// exactly as godog decides it.
func (e tagExpr) match(tags []string) bool {
	has := func(name string) bool {
		for _, t := range tags {
			if strings.ReplaceAll(t, "@", "") == name {
				return true
			}
		}
		return false
	}
	for _, group := range e {
		ok := false
		for _, t := range group {
			if has(t.name) != t.negate {
				ok = true
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// ambiguityTag parses an @ambiguity:<id>=<CHOICE> tag with the catalogue's parser. ok is false
// for other tags; err reports an ambiguity tag without a choice, or with an unknown id or choice.
func ambiguityTag(tag string) (id, choice string, ok bool, err error) {
	e, ok := rules.ParseAmbiguityTag(tag)
	if !ok {
		return "", "", false, nil
	}
	if e.Choice == "" {
		return "", "", true, fmt.Errorf("tag %s: want %s<id>=<CHOICE>", tag, rules.AmbiguityTagPrefix)
	}
	cat, err := rules.Embedded()
	if err != nil {
		return "", "", true, fmt.Errorf("tag %s: %w", tag, err)
	}
	if err := cat.CheckExpectation(e); err != nil {
		return "", "", true, fmt.Errorf("tag %s: %w", tag, err)
	}
	return e.Ambiguity, e.Choice, true, nil
}

// skipReason says why a scenario with these tags does not run under the expectations, or "" when
// it runs: every @ambiguity tag must name the choice the profile expects.
func skipReason(tags []string, exp endpoint.Expectations) string {
	for _, tag := range tags {
		id, choice, ok, err := ambiguityTag(tag)
		if !ok || err != nil {
			continue // tags were validated before the run
		}
		if want := exp.Choice(id); want != choice {
			return fmt.Sprintf("profile expects %s=%s", id, want)
		}
	}
	return ""
}
