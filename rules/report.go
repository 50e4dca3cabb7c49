package rules

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Listing is the catalogue with its coverage, as `classroom-conformance rules --json` prints it.
type Listing struct {
	Coverage    Coverage          `json:"coverage"`
	Rules       []ListedRule      `json:"rules"`
	Ambiguities []ListedAmbiguity `json:"ambiguities"`
	Notes       []Note            `json:"notes"`
	Problems    []string          `json:"problems,omitempty"`

	titles map[string]string // document titles by id, for people
}

// Coverage is the summary figures of a Report.
type Coverage struct {
	Complete   bool     `json:"complete"`
	Rules      int      `json:"rules"`
	Covered    int      `json:"covered"`
	Documented int      `json:"documented"`
	Inferred   int      `json:"inferred"`
	Observed   int      `json:"observed"`
	Scenarios  int      `json:"scenarios"`
	Steps      int      `json:"steps"`
	Uncovered  []string `json:"uncovered,omitempty"`
}

// ListedRule is a rule with its source resolved and the scenarios that check it.
type ListedRule struct {
	Rule
	SourceTitle string       `json:"sourceTitle"`
	SourceURL   string       `json:"sourceUrl"`
	Scenarios   []ScenarioAt `json:"scenarios"`
}

// ScenarioAt names a scenario and where it is written.
type ScenarioAt struct {
	Name     string `json:"name"`
	Location string `json:"location"`
}

// ListedAmbiguity is an ambiguity with the number of scenarios expecting each choice.
type ListedAmbiguity struct {
	Ambiguity
	Scenarios map[string]int `json:"scenarios"`
}

// NewListing combines a catalogue and its coverage report.
func NewListing(c *Catalogue, rep *Report) *Listing {
	l := &Listing{
		Coverage: Coverage{
			Complete: rep.Complete(), Rules: rep.Total, Covered: rep.Covered,
			Documented: rep.Documented, Inferred: rep.Inferred, Observed: rep.Observed,
			Scenarios: rep.Scenarios, Steps: rep.Steps, Uncovered: rep.Uncovered(),
		},
		Notes:    c.Notes,
		Problems: rep.Problems,
		titles:   map[string]string{},
	}
	for _, d := range c.Documents {
		l.titles[d.ID] = d.Title
	}
	for _, rc := range rep.Rules {
		lr := ListedRule{Rule: rc.Rule, Scenarios: []ScenarioAt{}}
		if d, ok := c.Document(rc.Rule.Source.Document); ok {
			lr.SourceTitle, lr.SourceURL = d.Title, d.URL
		}
		for _, s := range rc.Scenarios {
			lr.Scenarios = append(lr.Scenarios, ScenarioAt{Name: s.Name, Location: s.Location})
		}
		l.Rules = append(l.Rules, lr)
	}
	for _, ac := range rep.Ambiguities {
		l.Ambiguities = append(l.Ambiguities, ListedAmbiguity{Ambiguity: ac.Ambiguity, Scenarios: ac.Scenarios})
	}
	return l
}

// WriteJSON writes the listing as indented JSON.
func (l *Listing) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(l); err != nil {
		return fmt.Errorf("write rules listing: %w", err)
	}
	return nil
}

// WriteText writes the listing for people: the figures, every rule with its quote, source,
// methods, code and scenarios, the ambiguities with the profile key that selects each choice,
// the notes, and any problem.
func (l *Listing) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	cv := l.Coverage
	ew.printf("Rules catalogue: %d rules (%d documented, %d inferred, %d observed), %d ambiguities\n",
		cv.Rules, cv.Documented, cv.Inferred, cv.Observed, len(l.Ambiguities))
	ew.printf("Coverage: %d/%d rules have scenarios; %d scenarios, %d steps\n", cv.Covered, cv.Rules, cv.Scenarios, cv.Steps)
	if len(cv.Uncovered) > 0 {
		ew.printf("Not covered: %s\n", strings.Join(cv.Uncovered, ", "))
	}

	l.writeRules(ew)
	l.writeAmbiguities(ew)

	if len(l.Notes) > 0 {
		ew.printf("\nNOTES (what the documentation leaves open and the reference decides)\n")
		for _, n := range l.Notes {
			ew.printf("- %s: %s", n.Topic, n.Decision)
			if len(n.Rules) > 0 {
				ew.printf(" [%s]", strings.Join(n.Rules, ", "))
			}
			ew.printf("\n")
		}
	}
	if len(l.Problems) > 0 {
		ew.printf("\nPROBLEMS\n")
		for _, p := range l.Problems {
			ew.printf("- %s\n", p)
		}
	}
	if ew.err != nil {
		return fmt.Errorf("write rules listing: %w", ew.err)
	}
	return nil
}

// writeRules writes every rule with its quote, source, methods, code and scenarios.
func (l *Listing) writeRules(ew *errWriter) {
	ew.printf("\nRULES\n")
	for _, r := range l.Rules {
		kind := r.Tier
		if r.Ambiguity != "" {
			kind += ", ambiguity " + r.Ambiguity
		}
		code := r.Code
		if code == "" {
			code = "success"
		}
		ew.printf("\n%s  [%s]  %s  %d scenario%s\n", r.ID, kind, code, len(r.Scenarios), plural(len(r.Scenarios)))
		if r.Quote != "" {
			ew.printf("  %q\n", r.Quote)
		}
		if r.SourceTitle != "" {
			ew.printf("  source:    %s, %s <%s>\n", r.SourceTitle, r.Source.Ref, r.SourceURL)
		}
		methods := "any"
		if len(r.Methods) > 0 {
			methods = strings.Join(r.Methods, ", ")
		}
		ew.printf("  methods:   %s\n", methods)
		if r.Note != "" {
			ew.printf("  note:      %s\n", r.Note)
		}
		if len(r.Scenarios) == 0 {
			ew.printf("  scenarios: NONE\n")
		}
		for i, s := range r.Scenarios {
			label := "          "
			if i == 0 {
				label = "scenarios:"
			}
			ew.printf("  %s %s  %s\n", label, s.Location, s.Name)
		}
	}
}

// writeAmbiguities writes every ambiguity with the texts behind it and how to select each
// choice.
func (l *Listing) writeAmbiguities(ew *errWriter) {
	ew.printf("\nAMBIGUITIES (the default is what the reference does; a profile's expect: selects another)\n")
	for _, a := range l.Ambiguities {
		ew.printf("\n%s: %s\n", a.ID, a.Question)
		for _, t := range a.Texts {
			doc := t.Source.Document
			if title := l.titles[doc]; title != "" {
				doc = title // the catalogue's ids are its own; people know documents by title
			}
			ew.printf("  %q (%s, %s)\n", t.Quote, doc, t.Source.Ref)
		}
		for _, ch := range a.Choices {
			role := "alternative"
			if ch.Value == a.Default {
				role = "default"
			}
			ew.printf("  %-11s %s: %s (%d scenario%s)\n", role, ch.Value, ch.Behaviour, a.Scenarios[ch.Value], plural(a.Scenarios[ch.Value]))
			if ch.Value != a.Default {
				ew.printf("              select with the profile:  expect: {%s: %s}\n", a.ProfileKey, ch.Value)
				ew.printf("              select with the emulator: serve --expect %s=%s\n", a.ID, ch.Value)
			}
		}
	}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// errWriter keeps the first write error so the listing code stays linear.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
