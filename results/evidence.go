package results

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/classroom-conformance/classroom-conformance/redact"
	"github.com/classroom-conformance/classroom-conformance/rules"
)

// MaxBody is how much of each body an Exchange keeps: enough for any Classroom error and a
// course work, small enough that a page of a hundred failures stays light.
const MaxBody = 4 << 10

// MaxMessage is how much of a failure message a Scenario keeps.
const MaxMessage = 2 << 10

// TierOf is the tier of a catalogue rule; a rule of no known tier counts as documented.
func TierOf(r rules.Rule) string {
	if knownTier(r.Tier) {
		return r.Tier
	}
	return Documented
}

// RulesOf returns the rules of the catalogue as the results carry them, in catalogue order,
// with the title and address of the document each quotes.
func RulesOf(c *rules.Catalogue) []Rule {
	out := make([]Rule, 0, len(c.Rules))
	for _, r := range c.Rules {
		src := Source{Ref: r.Source.Ref}
		if d, ok := c.Document(r.Source.Document); ok {
			src.Title, src.URL = d.Title, d.URL
		}
		out = append(out, Rule{
			ID: r.ID, Tier: TierOf(r), Methods: r.Methods, Quote: r.Quote, Source: src, Ambiguity: r.Ambiguity,
		})
	}
	return out
}

// RefsOf returns the rules a scenario's @rule tags name, each with its tier in the catalogue.
// A rule the catalogue lacks is taken as documented: a scenario claims it checks the
// documentation, and a report should weigh its failure so.
func RefsOf(tags []string, c *rules.Catalogue) []RuleRef {
	refs := []RuleRef{}
	for _, t := range tags {
		id, ok := strings.CutPrefix(t, rules.RuleTagPrefix)
		if !ok {
			continue
		}
		tier := Documented
		if c != nil {
			if r, known := c.Rule(id); known {
				tier = TierOf(r)
			}
		}
		refs = append(refs, RuleRef{ID: id, Tier: tier})
	}
	return refs
}

// Redact returns e with every credential masked by package redact (headers never travel in an
// Exchange; the URL's query and both bodies are redacted) and each body cut at MaxBody bytes.
// Redaction comes first, so a cut never leaves part of a secret unrecognised.
func Redact(e Exchange) *Exchange {
	r := redact.Default()
	e.URL = r.URL(e.URL)
	e.RequestBody = r.Body(e.RequestBody, "application/json")
	e.ResponseBody = r.Body(e.ResponseBody, e.ContentType)
	e.RequestBytes, e.ResponseBytes = len(e.RequestBody), len(e.ResponseBody)
	e.RequestBody = Cut(e.RequestBody, MaxBody)
	e.ResponseBody = Cut(e.ResponseBody, MaxBody)
	return &e
}

// Message returns a failure message fit for the results: credentials masked, cut at MaxMessage.
func Message(s string) string { return Cut(redact.Default().Text(s), MaxMessage) }

// Cut shortens s to at most max bytes, on a character boundary, saying how long it was.
func Cut(s string, max int) string {
	if len(s) <= max {
		return s
	}
	n := max
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + fmt.Sprintf("\n… (cut: %d bytes in all)", len(s))
}
