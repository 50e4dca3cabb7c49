package verify

import (
	"io/fs"
	"sort"
	"time"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
	"github.com/classroom-conformance/classroom-conformance/features"
	"github.com/classroom-conformance/classroom-conformance/results"
)

// Status is the outcome of a cassette.
type Status string

// The outcomes of a cassette.
const (
	Passed  Status = "passed"  // the target answered every request as recorded
	Failed  Status = "failed"  // some answer differs
	Skipped Status = "skipped" // not sent (see Reason)
)

// An InteractionResult is the comparison of one recorded exchange with the target's.
type InteractionResult struct {
	// Index is the interaction's id in the cassette.
	Index int `json:"index"`
	// Method is the discovery method id ("classroom.courses.courseWork.get"); empty when the
	// discovery document does not describe the request.
	Method string `json:"method,omitempty"`
	// Route is the method and path pattern of a request the discovery document does not
	// describe, with bound segments as {id}.
	Route string `json:"route,omitempty"`
	// Request is the method and path as sent to the target.
	Request string `json:"request"`
	// Actor sent it.
	Actor string `json:"actor"`
	// Agreed is true when no difference was found.
	Agreed bool `json:"agreed"`
	// Differences fail the interaction; Warnings do not (fields only the target returns).
	Differences []Difference `json:"differences,omitempty"`
	Warnings    []Difference `json:"warnings,omitempty"`
	// Accepted are differences between two choices of a documented ambiguity where the target
	// makes the choice the profile expects.
	Accepted []Difference `json:"accepted,omitempty"`

	// exchange is the request as sent and the target's answer, kept for a differing
	// interaction only: the evidence of the JSON results.
	exchange *results.Exchange
}

// Name is the method id, or the request when the method is unknown.
func (r InteractionResult) Name() string {
	if r.Method != "" {
		return r.Method
	}
	return r.Route
}

// A CassetteResult is the outcome of one cassette.
type CassetteResult struct {
	Path   string `json:"path"`
	Status Status `json:"status"`
	// Reason says why a skipped cassette was skipped.
	Reason string `json:"reason,omitempty"`
	// Ambiguities are the documented ambiguities the recorded scenario depends on, as
	// "<id>=<choice>".
	Ambiguities  []string            `json:"ambiguities,omitempty"`
	Interactions []InteractionResult `json:"interactions"`
	// Updated is true when the cassette was rewritten from the target's traffic.
	Updated  bool          `json:"updated,omitempty"`
	Duration time.Duration `json:"-"`

	// scenario is the scenario the cassette was recorded for, when its name says (see
	// Options.Features).
	scenario *features.Scenario
}

// Warnings counts the warnings of the cassette's interactions.
func (c *CassetteResult) Warnings() int {
	n := 0
	for _, i := range c.Interactions {
		n += len(i.Warnings)
	}
	return n
}

// AmbiguitiesDiffering names the documented ambiguities the cassette's differences are
// choices of, with the choice the target made, in order of appearance: "<id>=<choice>".
func (c *CassetteResult) AmbiguitiesDiffering() []string {
	var out []string
	seen := map[string]bool{}
	for _, i := range c.Interactions {
		for _, d := range i.Differences {
			if d.Ambiguity != "" && !seen[d.Ambiguity] {
				seen[d.Ambiguity] = true
				out = append(out, d.Ambiguity)
			}
		}
	}
	return out
}

// Differing returns the interactions that differ.
func (c *CassetteResult) Differing() []InteractionResult {
	var out []InteractionResult
	for _, i := range c.Interactions {
		if !i.Agreed {
			out = append(out, i)
		}
	}
	return out
}

// A MethodCount says how many of the interactions of a method agreed.
type MethodCount struct {
	Method string `json:"method"`
	Agreed int    `json:"agreed"`
	Total  int    `json:"total"`
}

// Result is the outcome of a verification.
type Result struct {
	Target                  string           `json:"target"`
	Strict                  bool             `json:"strict"`
	Cassettes               []CassetteResult `json:"cassettes"`
	Passed, Failed, Skipped int
	Duration                time.Duration
	// Start is when the verification started.
	Start time.Time `json:"-"`
	// Expect and Profile are the choices the target was expected to make, and the name of the
	// profile that said so ("" for none).
	Expect  endpoint.Expectations `json:"-"`
	Profile string                `json:"-"`

	features fs.FS // the features the cassettes were tied to, for the suite version
}

func (r *Result) add(c *CassetteResult) {
	r.Cassettes = append(r.Cassettes, *c)
	switch c.Status {
	case Passed:
		r.Passed++
	case Failed:
		r.Failed++
	default:
		r.Skipped++
	}
}

// ExitCode is 0 when the target answered every cassette as recorded, 1 when it differs.
func (r *Result) ExitCode() int {
	if r.Failed > 0 {
		return 1
	}
	return 0
}

// Methods counts, per method, how many interactions agreed; by method id.
func (r *Result) Methods() []MethodCount {
	by := map[string]*MethodCount{}
	for _, c := range r.Cassettes {
		for _, i := range c.Interactions {
			m := by[i.Name()]
			if m == nil {
				m = &MethodCount{Method: i.Name()}
				by[i.Name()] = m
			}
			m.Total++
			if i.Agreed {
				m.Agreed++
			}
		}
	}
	out := make([]MethodCount, 0, len(by))
	for _, m := range by {
		out = append(out, *m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Method < out[j].Method })
	return out
}

// Interactions counts the interactions compared, and those that agreed.
func (r *Result) Interactions() (agreed, total int) {
	for _, c := range r.Cassettes {
		for _, i := range c.Interactions {
			total++
			if i.Agreed {
				agreed++
			}
		}
	}
	return agreed, total
}
