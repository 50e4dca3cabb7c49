package verify

import (
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/classroom-conformance/classroom-conformance/features"
	"github.com/classroom-conformance/classroom-conformance/results"
	"github.com/classroom-conformance/classroom-conformance/rules"
	"github.com/classroom-conformance/classroom-conformance/version"
)

// The JSON report is the results of package results, of kind verify, so that `report` shows a
// verification as a column next to the runs of the suite. Each cassette is a scenario: the one
// it was recorded for when its name is one `run --record` gives (with that scenario's rules),
// else a scenario of its own, named by its path and checking no rule. What the results have no
// field for, verify's own detail, is in each scenario's message: the cassette, how many of its
// interactions agreed, and every differing interaction with its differences; the exchange of a
// failed cassette is its first differing interaction, as sent and as the target answered.

// WriteJSON writes the result as results of kind verify.
func WriteJSON(w io.Writer, r *Result) error {
	run, err := Results(r)
	if err != nil {
		return err
	}
	return run.Encode(w)
}

// Results returns the verification as results of kind verify.
func Results(r *Result) (*results.Run, error) {
	cat, err := rules.Load()
	if err != nil {
		return nil, fmt.Errorf("results: %w", err)
	}
	info, err := version.Get()
	if err != nil {
		return nil, fmt.Errorf("results: %w", err)
	}
	fsys := r.features
	if fsys == nil {
		fsys = features.FS
	}
	if info.Suite, err = version.SuiteDigest(fsys); err != nil {
		return nil, fmt.Errorf("results: %w", err)
	}
	run := &results.Run{
		ResultsVersion: results.Version,
		Kind:           results.KindVerify,
		Versions:       results.Versions{Tool: info.Module, Suite: info.Suite, Discovery: info.Discovery},
		Target:         bareTarget(r.Target),
		Profile:        r.Profile,
		Choices:        map[string]string{},
		Start:          r.Start.UTC(),
		End:            r.Start.Add(r.Duration).UTC(),
		Rules:          results.RulesOf(cat),
		Scenarios:      make([]results.Scenario, 0, len(r.Cassettes)),
	}
	for _, a := range cat.Ambiguities {
		run.Choices[a.ID] = r.Expect.Choice(a.ID)
	}
	for i := range r.Cassettes {
		run.Scenarios = append(run.Scenarios, cassetteScenario(&r.Cassettes[i], cat))
	}
	return run, nil
}

// cassetteScenario is a cassette's outcome as a scenario of the results.
func cassetteScenario(c *CassetteResult, cat *rules.Catalogue) results.Scenario {
	s := results.Scenario{URI: c.Path, Name: c.Path, Tags: []string{}, Rules: []results.RuleRef{}, DurationMS: c.Duration.Milliseconds()}
	if sc := c.scenario; sc != nil {
		s.Feature, s.URI, s.Line, s.Name = sc.Feature, sc.URI, sc.Line, sc.Name
		s.Tags = append(s.Tags, sc.Tags...)
		s.Rules = results.RefsOf(sc.Tags, cat)
	}
	switch c.Status {
	case Passed:
		s.Status = results.Passed
	case Failed:
		s.Status = results.Failed
		if d := c.Differing(); len(d) > 0 {
			first := d[0]
			s.Step = fmt.Sprintf("interaction #%d %s: %s (as %s)", first.Index, first.Name(), first.Request, first.Actor)
			if first.exchange != nil {
				s.Exchange = results.Redact(*first.exchange)
			}
		}
	default:
		s.Status = results.Skipped
		s.Reason = results.Message(c.Reason)
	}
	if s.Status != results.Skipped {
		s.Message = results.Message(cassetteMessage(c))
	}
	return s
}

// cassetteMessage is verify's own account of a cassette, as the pretty report gives it but
// with every differing interaction: its first line says which cassette and how many
// interactions agreed, so that a one-line summary of it stands alone.
func cassetteMessage(c *CassetteResult) string {
	var b strings.Builder
	differing := c.Differing()
	if len(differing) == 0 {
		fmt.Fprintf(&b, "%s: %d interactions agreed", c.Path, len(c.Interactions))
	} else {
		fmt.Fprintf(&b, "%s: %d of %d interactions differ", c.Path, len(differing), len(c.Interactions))
	}
	if c.Updated {
		b.WriteString("; updated from the target's traffic")
	}
	for _, in := range differing {
		fmt.Fprintf(&b, "\n#%d %s  %s (as %s)", in.Index, in.Name(), in.Request, in.Actor)
		for _, d := range in.Differences {
			fmt.Fprintf(&b, "\n    %s", d)
		}
	}
	for _, id := range c.AmbiguitiesDiffering() {
		fmt.Fprintf(&b, "\nthe target makes another choice of the documented ambiguity %s than the recording", id)
	}
	for _, in := range c.Interactions {
		for _, d := range in.Warnings {
			fmt.Fprintf(&b, "\nwarning #%d %s: %s %s (only the target returns it)", in.Index, in.Name(), d.Path, d.Target)
		}
	}
	return b.String()
}

// bareTarget drops from a target's URL what may hold a credential: user information, query
// and fragment. A name that is not a URL ("the embedded reference (seed 7)") is kept.
func bareTarget(target string) string {
	u, err := url.Parse(target)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return target
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
}
