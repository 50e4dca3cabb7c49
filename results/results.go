// Package results is the native, versioned record of one conformance run: what ran, against
// which target, with which resolution of the documented ambiguities, and for every scenario its
// outcome with the evidence a person needs to understand a failure (the failing step, its
// message and the last HTTP exchange, secrets masked).
//
// `run --format json:FILE` writes it, verify writes the same shape where it fits, and `report`
// merges any number of them (several targets, or the shards of one run) into one page. The
// file is the contract between those commands and between versions of the tool, so it is
// decoded strictly: an unknown field or results version is an error, never a silent guess.
package results

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Version is the version of the results format this package reads and writes. A change that an
// older reader would misread gets a new version.
const Version = 1

// Kinds of run.
const (
	KindRun    = "run"    // the conformance suite
	KindVerify = "verify" // recorded cassettes replayed against a target
)

// Status is the outcome of one scenario.
type Status string

// The outcomes of a scenario.
const (
	Passed  Status = "passed"
	Failed  Status = "failed"
	Skipped Status = "skipped" // Reason says why
	NotRun  Status = "not run" // selected, but the run ended before it ran
)

// Tiers of a rule: the documentation says it, it follows from what the documentation says, or
// Google was observed doing it while the documentation is silent.
const (
	Documented = "documented"
	Inferred   = "inferred"
	Observed   = "observed"
)

// Tiers lists the tiers in the order reports show them.
var Tiers = []string{Documented, Inferred, Observed}

// Run is the results of one run.
type Run struct {
	// ResultsVersion is Version for a file this package wrote.
	ResultsVersion int      `json:"resultsVersion"`
	Kind           string   `json:"kind"` // KindRun or KindVerify
	Versions       Versions `json:"versions"`
	// Target says what was checked: the base URL without credentials, query or fragment, or
	// Reference for the embedded reference.
	Target string `json:"target"`
	// Profile names the profile of the run (its file name without extension); "" for none.
	Profile string `json:"profile,omitempty"`
	// Choices holds, for every documented ambiguity, the choice the run expected of the target.
	Choices map[string]string `json:"choices"`
	Start   time.Time         `json:"start"`
	End     time.Time         `json:"end"`
	// Rules are the rules of the catalogue the run was built with, so that a report shows each
	// rule as that version of the suite stated it.
	Rules     []Rule     `json:"rules"`
	Scenarios []Scenario `json:"scenarios"`
}

// Reference is the Target of a run against the embedded reference.
const Reference = "embedded reference"

// Versions say which tool, suite and API description produced a run.
type Versions struct {
	Tool      string `json:"tool"`      // module version or VCS revision of the binary
	Suite     string `json:"suite"`     // digest of the embedded features and catalogue
	Discovery string `json:"discovery"` // revision of the discovery document
}

// Rule is a rule of the catalogue as a report shows it.
type Rule struct {
	ID        string   `json:"id"`
	Tier      string   `json:"tier"`
	Methods   []string `json:"methods,omitempty"`
	Quote     string   `json:"quote,omitempty"`
	Source    Source   `json:"source"`
	Ambiguity string   `json:"ambiguity,omitempty"`
}

// Source is where a rule's sentence comes from.
type Source struct {
	Title string `json:"title,omitempty"`
	URL   string `json:"url,omitempty"`
	Ref   string `json:"ref,omitempty"` // the field, method or section within it
}

// Scenario is the outcome of one scenario (one example row of an outline).
type Scenario struct {
	Feature string    `json:"feature"`
	URI     string    `json:"uri"` // the feature file
	Line    int64     `json:"line"`
	Name    string    `json:"name"`
	Tags    []string  `json:"tags"`
	Rules   []RuleRef `json:"rules"`
	Status  Status    `json:"status"`
	Reason  string    `json:"reason,omitempty"` // why it was skipped
	Step    string    `json:"step,omitempty"`   // the step that failed
	Message string    `json:"message,omitempty"`
	// Exchange is the last request the scenario sent and its answer, for a failed scenario.
	Exchange   *Exchange `json:"exchange,omitempty"`
	DurationMS int64     `json:"durationMs"`
}

// Key identifies a scenario within a suite version: its file, line and name.
func (s Scenario) Key() string { return fmt.Sprintf("%s:%d %s", s.URI, s.Line, s.Name) }

// RuleRef names a rule a scenario checks, with its tier.
type RuleRef struct {
	ID   string `json:"id"`
	Tier string `json:"tier"`
}

// Exchange is one HTTP request and its response, with every secret masked and each body cut
// at MaxBody bytes.
type Exchange struct {
	Actor        string `json:"actor,omitempty"`
	Method       string `json:"method"`
	URL          string `json:"url"` // path and query relative to the target
	RequestBody  string `json:"requestBody,omitempty"`
	Status       int    `json:"status,omitempty"` // 0: no response came
	ContentType  string `json:"contentType,omitempty"`
	ResponseBody string `json:"responseBody,omitempty"`
	// RequestBytes and ResponseBytes are the lengths of the whole bodies, so a reader knows
	// when a body was cut.
	RequestBytes  int `json:"requestBytes,omitempty"`
	ResponseBytes int `json:"responseBytes,omitempty"`
}

// ErrFormat reports a results file that is corrupt or of a version this package cannot read.
var ErrFormat = errors.New("not a results file this version can read")

// Decode reads results strictly: unknown fields, trailing data (json.Unmarshal refuses it), a
// missing or unknown results version and inconsistent content are errors wrapping ErrFormat.
func Decode(r io.Reader) (*Run, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	// The version is read first, so that a file of another version says so rather than
	// failing on a field this version does not know.
	var head struct {
		ResultsVersion *int `json:"resultsVersion"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	switch {
	case head.ResultsVersion == nil:
		return nil, fmt.Errorf("%w: no resultsVersion", ErrFormat)
	case *head.ResultsVersion != Version:
		return nil, fmt.Errorf("%w: results version %d (this tool reads version %d)", ErrFormat, *head.ResultsVersion, Version)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var run Run
	if err := dec.Decode(&run); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	if err := run.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	return &run, nil
}

// Validate checks what a report relies on: a known kind, a target, known statuses and tiers.
func (r *Run) Validate() error {
	var problems []string
	if r.Kind != KindRun && r.Kind != KindVerify {
		problems = append(problems, fmt.Sprintf("kind %q is not %s or %s", r.Kind, KindRun, KindVerify))
	}
	if r.Target == "" {
		problems = append(problems, "no target")
	}
	for _, rule := range r.Rules {
		if rule.ID == "" || !knownTier(rule.Tier) {
			problems = append(problems, fmt.Sprintf("rule %q: tier %q is not one of %s", rule.ID, rule.Tier, strings.Join(Tiers, ", ")))
		}
	}
	for _, s := range r.Scenarios {
		switch s.Status {
		case Passed, Failed, Skipped, NotRun:
		default:
			problems = append(problems, fmt.Sprintf("scenario %s: unknown status %q", s.Key(), s.Status))
		}
		for _, ref := range s.Rules {
			if ref.ID == "" || !knownTier(ref.Tier) {
				problems = append(problems, fmt.Sprintf("scenario %s: rule %q has tier %q", s.Key(), ref.ID, ref.Tier))
			}
		}
	}
	if len(problems) > 3 {
		problems = append(problems[:3], fmt.Sprintf("and %d more", len(problems)-3))
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

func knownTier(t string) bool { return t == Documented || t == Inferred || t == Observed }

// Encode writes the results as indented JSON with the current version.
func (r *Run) Encode(w io.Writer) error {
	c := *r
	c.ResultsVersion = Version
	if c.Choices == nil {
		c.Choices = map[string]string{}
	}
	if c.Rules == nil {
		c.Rules = []Rule{}
	}
	if c.Scenarios == nil {
		c.Scenarios = []Scenario{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&c); err != nil {
		return fmt.Errorf("encode results: %w", err)
	}
	return nil
}

// ReadFile reads the results in the file at path; every error names the file.
func ReadFile(path string) (*Run, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("results %s: %w", path, err)
	}
	defer f.Close()
	run, err := Decode(f)
	if err != nil {
		return nil, fmt.Errorf("results %s: %w", path, err)
	}
	return run, nil
}

// WriteFile writes the results to path atomically: a temporary file in the same directory,
// renamed over path, so a reader never sees half a file.
func WriteFile(path string, r *Run) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write results %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write results %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := r.Encode(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("write results %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write results %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write results %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write results %s: %w", path, err)
	}
	return nil
}

// Counts are the scenarios of a run by status.
type Counts struct{ Passed, Failed, Skipped, NotRun int }

// Count counts the scenarios of the run by status.
func (r *Run) Count() Counts {
	var c Counts
	for _, s := range r.Scenarios {
		switch s.Status {
		case Passed:
			c.Passed++
		case Failed:
			c.Failed++
		case Skipped:
			c.Skipped++
		case NotRun:
			c.NotRun++
		}
	}
	return c
}

// ChoiceKey is the choices in one canonical string ("id=CHOICE,..." sorted by id): two runs
// that expected the same behaviour of their target have the same key.
func ChoiceKey(choices map[string]string) string {
	ids := make([]string, 0, len(choices))
	for id := range choices {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = id + "=" + choices[id]
	}
	return strings.Join(parts, ",")
}
