// Package rules is the catalogue of the documented behaviour the conformance suite checks: each
// rule quotes the sentence of the Classroom documentation it comes from and names the methods and
// the error status it concerns; ambiguities record where the documentation contradicts itself or
// is silent, the behaviour the reference chooses and the profile switch that expects the other.
//
// The catalogue is embedded (catalogue.yaml) and decoded strictly. Coverage is computed from the
// @rule and @ambiguity tags of the feature files, so a rule without a scenario, or a scenario
// without a rule, is visible in `classroom-conformance rules` and fails the package tests.
package rules

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

//go:embed catalogue.yaml
var catalogueYAML []byte

// Catalogue is the rules catalogue: the documents quoted, the rules, the ambiguities and the
// notes on behaviour the documentation leaves open.
type Catalogue struct {
	Documents   []Document  `json:"documents"`
	Rules       []Rule      `json:"rules"`
	Ambiguities []Ambiguity `json:"ambiguities"`
	Notes       []Note      `json:"notes"`
}

// Document is a page or file the catalogue quotes.
type Document struct {
	ID    string `yaml:"id" json:"id"`
	Kind  string `yaml:"kind" json:"kind"` // one of DocumentKinds
	Title string `yaml:"title" json:"title"`
	URL   string `yaml:"url" json:"url"`
}

// DocumentKinds are the kinds of Document: a seed page the project started from, Google's
// discovery document, a guide or reference page of the Classroom documentation, or behaviour
// observed on Google's servers and reported publicly.
var DocumentKinds = []string{"seed", "discovery", "guide", "observed"}

// Source says where a quote comes from.
type Source struct {
	Document string `yaml:"document" json:"document"` // a Document.ID
	// Ref locates the quote in the document: for the discovery document a path such as
	// "schemas.CourseWork.properties.title" or "methods.classroom.courses.courseWork.patch", for
	// a page the field or section.
	Ref string `yaml:"ref" json:"ref"`
}

// Rule is one checked behaviour.
type Rule struct {
	ID string `json:"id"`
	// Quote is the sentence of the documentation the rule encodes, verbatim as rendered (markdown
	// markup removed). For an inferred rule it is the nearest sentence, which may be empty.
	Quote   string   `json:"quote,omitempty"`
	Source  Source   `json:"source"`
	Methods []string `json:"methods"` // discovery method ids; empty for API-wide rules
	// Code is the canonical error status the rule's negative scenarios expect, empty for a rule
	// about successful behaviour only.
	Code string `json:"code,omitempty"`
	// Documented is false for behaviour the documentation does not state and the reference
	// infers; Note then says why.
	Documented bool `json:"documented"`
	// Observed marks behaviour Google's servers show and the documentation does not state: the
	// quote is the observed answer, the source a document of kind observed. Observed rules
	// decide a run's exit status only when it is strict.
	Observed bool `json:"observed,omitempty"`
	// Tier is TierDocumented, TierInferred or TierObserved.
	Tier      string `json:"tier"`
	Ambiguity string `json:"ambiguity,omitempty"` // an Ambiguity.ID this rule depends on
	Note      string `json:"note,omitempty"`
}

// The tiers of rules: what the documentation states, what the reference infers where it is
// silent, and what Google's servers are observed to do without the documentation saying so.
const (
	TierDocumented = "documented"
	TierInferred   = "inferred"
	TierObserved   = "observed"
)

// Tiers lists the tiers in the order reports give them.
var Tiers = []string{TierDocumented, TierInferred, TierObserved}

// tier returns the tier of a rule from its documented and observed flags.
func tier(documented, observed bool) string {
	switch {
	case observed:
		return TierObserved
	case documented:
		return TierDocumented
	}
	return TierInferred
}

// Ambiguity is a point where the documentation contradicts itself or is silent and a target may
// legitimately behave in more than one way.
type Ambiguity struct {
	ID       string `yaml:"id" json:"id"`
	Question string `yaml:"question" json:"question"`
	Texts    []Text `yaml:"texts" json:"texts"` // the texts that conflict, or the closest ones
	// Choices are the possible behaviours; the first is the default, what the reference does.
	Choices []Choice `yaml:"choices" json:"choices"`
	Default string   `yaml:"default" json:"default"`
	// ProfileKey is the key of a target profile's expect: map that selects a choice.
	ProfileKey string `yaml:"profile_key" json:"profileKey"`
	// Behaviour names the reference.Behaviour field that switches the emulator.
	Behaviour string `yaml:"behaviour" json:"behaviour"`
}

// Text is a quoted passage of the documentation.
type Text struct {
	Quote  string `yaml:"quote" json:"quote"`
	Source Source `yaml:"source" json:"source"`
}

// Choice is one behaviour a target may have at an ambiguity.
type Choice struct {
	Value     string `yaml:"value" json:"value"`
	Behaviour string `yaml:"behaviour" json:"behaviour"`
}

// Note records a point the documentation leaves open and the decision the reference takes.
type Note struct {
	Topic    string   `yaml:"topic" json:"topic"`
	Decision string   `yaml:"decision" json:"decision"`
	Rules    []string `yaml:"rules,omitempty" json:"rules,omitempty"` // rules whose scenarios check it
}

// Codes are the canonical error statuses (google.rpc.Code) a rule may expect.
var Codes = map[string]int{
	"CANCELLED": 499, "UNKNOWN": 500, "INVALID_ARGUMENT": 400, "DEADLINE_EXCEEDED": 504,
	"NOT_FOUND": 404, "ALREADY_EXISTS": 409, "PERMISSION_DENIED": 403, "UNAUTHENTICATED": 401,
	"RESOURCE_EXHAUSTED": 429, "FAILED_PRECONDITION": 400, "ABORTED": 409, "OUT_OF_RANGE": 400,
	"UNIMPLEMENTED": 501, "INTERNAL": 500, "UNAVAILABLE": 503, "DATA_LOSS": 500,
}

// ErrInvalid reports a catalogue that decodes but breaks one of its own rules.
var ErrInvalid = errors.New("invalid rules catalogue")

var (
	ruleIDPattern   = regexp.MustCompile(`^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$`)
	methodPattern   = regexp.MustCompile(`^classroom(\.[a-zA-Z]+)+$`)
	choicePattern   = regexp.MustCompile(`^[A-Z][A-Z_]*$`)
	ambiguityIDLike = ruleIDPattern
)

// rawCatalogue mirrors the YAML layout; Documented is a pointer so that a rule that forgets to
// say whether it is documented is an error rather than silently inferred.
type rawCatalogue struct {
	Documents   []Document  `yaml:"documents"`
	Rules       []rawRule   `yaml:"rules"`
	Ambiguities []Ambiguity `yaml:"ambiguities"`
	Notes       []Note      `yaml:"notes"`
}

type rawRule struct {
	ID         string   `yaml:"id"`
	Quote      string   `yaml:"quote"`
	Source     Source   `yaml:"source"`
	Methods    []string `yaml:"methods"`
	Code       string   `yaml:"code"`
	Documented *bool    `yaml:"documented"`
	Observed   bool     `yaml:"observed"`
	Ambiguity  string   `yaml:"ambiguity"`
	Note       string   `yaml:"note"`
}

// Load returns the embedded catalogue.
func Load() (*Catalogue, error) {
	c, err := Parse(catalogueYAML)
	if err != nil {
		return nil, fmt.Errorf("load embedded catalogue.yaml: %w", err)
	}
	return c, nil
}

// Parse decodes a catalogue strictly (unknown keys, duplicate ids and dangling references are
// errors) and validates it.
func Parse(data []byte) (*Catalogue, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var raw rawCatalogue
	if err := dec.Decode(&raw); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%w: empty document", ErrInvalid)
		}
		return nil, fmt.Errorf("decode catalogue: %w", err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%w: more than one YAML document", ErrInvalid)
	}
	c := &Catalogue{Documents: raw.Documents, Ambiguities: raw.Ambiguities, Notes: raw.Notes}
	var problems []string
	for i, r := range raw.Rules {
		if r.Documented == nil {
			problems = append(problems, fmt.Sprintf("rule %d (%q): documented: must be set to true or false", i+1, r.ID))
		}
		c.Rules = append(c.Rules, Rule{
			ID: r.ID, Quote: strings.TrimSpace(r.Quote), Source: r.Source, Methods: r.Methods,
			Code: r.Code, Documented: r.Documented != nil && *r.Documented, Observed: r.Observed,
			Tier: tier(r.Documented != nil && *r.Documented, r.Observed), Ambiguity: r.Ambiguity,
			Note: strings.TrimSpace(r.Note),
		})
	}
	problems = append(problems, c.validate()...)
	if len(problems) > 0 {
		return nil, fmt.Errorf("%w:\n  %s", ErrInvalid, strings.Join(problems, "\n  "))
	}
	return c, nil
}

// Rule returns the rule with the given id.
func (c *Catalogue) Rule(id string) (Rule, bool) {
	for _, r := range c.Rules {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// Ambiguity returns the ambiguity with the given id.
func (c *Catalogue) Ambiguity(id string) (Ambiguity, bool) {
	for _, a := range c.Ambiguities {
		if a.ID == id {
			return a, true
		}
	}
	return Ambiguity{}, false
}

// Document returns the document with the given id.
func (c *Catalogue) Document(id string) (Document, bool) {
	for _, d := range c.Documents {
		if d.ID == id {
			return d, true
		}
	}
	return Document{}, false
}

// HasChoice reports whether value is one of the ambiguity's choices.
func (a Ambiguity) HasChoice(value string) bool {
	for _, ch := range a.Choices {
		if ch.Value == value {
			return true
		}
	}
	return false
}

// Alternatives returns the choices other than the default.
func (a Ambiguity) Alternatives() []Choice {
	var out []Choice
	for _, ch := range a.Choices {
		if ch.Value != a.Default {
			out = append(out, ch)
		}
	}
	return out
}

// problems collects what is wrong with a catalogue, in the order it is found.
type problems []string

func (p *problems) add(format string, args ...any) { *p = append(*p, fmt.Sprintf(format, args...)) }

func (c *Catalogue) validate() []string {
	var p problems
	docs := c.validateDocuments(&p)
	ambiguities := c.validateAmbiguities(&p, docs)
	rules := c.validateRules(&p, docs, ambiguities)
	c.validateObserved(&p)
	c.validateNotes(&p, rules)
	return p
}

// checkSource reports a source that names no document or locates nothing in it.
func (p *problems) checkSource(docs map[string]bool, where string, s Source) {
	if !docs[s.Document] {
		p.add("%s: source document %q is not in documents", where, s.Document)
	}
	if s.Ref == "" {
		p.add("%s: source ref is required", where)
	}
}

// validateDocuments checks the documents and returns their ids.
func (c *Catalogue) validateDocuments(p *problems) map[string]bool {
	docs := map[string]bool{}
	for _, d := range c.Documents {
		switch {
		case d.ID == "":
			p.add("document without id")
		case docs[d.ID]:
			p.add("document %s: duplicate id", d.ID)
		}
		docs[d.ID] = true
		if !contains(DocumentKinds, d.Kind) {
			p.add("document %s: kind %q is not one of %s", d.ID, d.Kind, strings.Join(DocumentKinds, ", "))
		}
		if d.Title == "" || d.URL == "" {
			p.add("document %s: title and url are required", d.ID)
		}
	}
	return docs
}

// validateAmbiguities checks the ambiguities and returns their ids.
func (c *Catalogue) validateAmbiguities(p *problems, docs map[string]bool) map[string]bool {
	ids := map[string]bool{}
	for _, a := range c.Ambiguities {
		where := "ambiguity " + a.ID
		if !ambiguityIDLike.MatchString(a.ID) {
			p.add("%s: id must look like area.name", where)
		}
		if ids[a.ID] {
			p.add("%s: duplicate id", where)
		}
		ids[a.ID] = true
		if a.Question == "" {
			p.add("%s: question is required", where)
		}
		if len(a.Texts) == 0 {
			p.add("%s: at least one quoted text is required", where)
		}
		for i, t := range a.Texts {
			if strings.TrimSpace(t.Quote) == "" {
				p.add("%s: text %d has no quote", where, i+1)
			}
			p.checkSource(docs, fmt.Sprintf("%s text %d", where, i+1), t.Source)
		}
		p.checkChoices(where, a)
		if a.ProfileKey == "" || a.Behaviour == "" {
			p.add("%s: profile_key and behaviour are required", where)
		} else if a.ProfileKey != a.ID {
			p.add("%s: profile_key %q must be the id, which profiles and tags name", where, a.ProfileKey)
		}
	}
	return ids
}

// checkChoices reports an ambiguity with fewer than two choices, a malformed or repeated choice,
// or a default that is not the first choice.
func (p *problems) checkChoices(where string, a Ambiguity) {
	if len(a.Choices) < 2 {
		p.add("%s: at least two choices are required", where)
	}
	seen := map[string]bool{}
	for _, ch := range a.Choices {
		if !choicePattern.MatchString(ch.Value) {
			p.add("%s: choice %q must be UPPER_CASE", where, ch.Value)
		}
		if seen[ch.Value] {
			p.add("%s: duplicate choice %s", where, ch.Value)
		}
		seen[ch.Value] = true
		if ch.Behaviour == "" {
			p.add("%s: choice %s has no behaviour", where, ch.Value)
		}
	}
	if len(a.Choices) > 0 && a.Default != a.Choices[0].Value {
		p.add("%s: default %q must be the first choice (%s)", where, a.Default, a.Choices[0].Value)
	}
}

// validateRules checks the rules and returns their ids.
func (c *Catalogue) validateRules(p *problems, docs, ambiguities map[string]bool) map[string]bool {
	ids := map[string]bool{}
	for _, r := range c.Rules {
		where := "rule " + r.ID
		if !ruleIDPattern.MatchString(r.ID) {
			p.add("%s: id must be lower-case words separated by dots, like coursework.title.length", where)
		}
		if ids[r.ID] {
			p.add("%s: duplicate id", where)
		}
		ids[r.ID] = true
		if r.Documented && r.Quote == "" {
			p.add("%s: a documented rule needs the quoted sentence", where)
		}
		if !r.Documented && !r.Observed && r.Note == "" {
			p.add("%s: an inferred rule needs a note saying what is inferred", where)
		}
		if r.Quote != "" || r.Documented {
			p.checkSource(docs, where, r.Source)
		}
		for _, m := range r.Methods {
			if !methodPattern.MatchString(m) {
				p.add("%s: method %q is not a discovery method id like classroom.courses.courseWork.create", where, m)
			}
		}
		if len(r.Methods) == 0 && r.Documented {
			p.add("%s: a documented rule names the methods it concerns", where)
		}
		if _, ok := Codes[r.Code]; r.Code != "" && !ok {
			p.add("%s: code %q is not a canonical status", where, r.Code)
		}
		if r.Ambiguity != "" && !ambiguities[r.Ambiguity] {
			p.add("%s: ambiguity %q is not in ambiguities", where, r.Ambiguity)
		}
	}
	if len(c.Rules) == 0 {
		p.add("no rules")
	}
	return ids
}

// validateObserved checks that an observed rule is not also documented, quotes the answer that
// was observed and cites where, in a document of kind observed.
func (c *Catalogue) validateObserved(p *problems) {
	for _, r := range c.Rules {
		if !r.Observed {
			continue
		}
		where := "rule " + r.ID
		if r.Documented {
			p.add("%s: an observed rule is not documented (documented: false)", where)
		}
		if r.Quote == "" {
			p.add("%s: an observed rule quotes the answer that was observed", where)
		}
		if d, ok := c.Document(r.Source.Document); !ok || d.Kind != "observed" {
			p.add("%s: an observed rule cites a document of kind observed", where)
		}
		if len(r.Methods) == 0 {
			p.add("%s: an observed rule names the methods whose answers were observed", where)
		}
	}
}

// validateNotes checks that every note decides something and names rules of the catalogue.
func (c *Catalogue) validateNotes(p *problems, rules map[string]bool) {
	for i, n := range c.Notes {
		if n.Topic == "" || n.Decision == "" {
			p.add("note %d: topic and decision are required", i+1)
		}
		for _, id := range n.Rules {
			if !rules[id] {
				p.add("note %d (%s): rule %q is not in rules", i+1, n.Topic, id)
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
