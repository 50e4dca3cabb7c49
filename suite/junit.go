package suite

import (
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// The JUnit report is written from the run's results rather than by godog's formatter, which
// reports a skipped scenario as one <error> per step and drops the reason: CI systems would
// count a scenario the profile does not expect as an error. Here a skipped scenario is
// <skipped message="profile expects ...">, and a failure carries the request and the response.
// Only a failure is the target's: a scenario an interrupted run did not run is <skipped
// message="not run: ...">, and one the harness could not run (a cassette it could not load) is an
// <error>, so that a CI system never counts either against the target.

type junitReport struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string `xml:"name,attr"`
	File     string `xml:"file,attr,omitempty"`
	Tests    int    `xml:"tests,attr"`
	Failures int    `xml:"failures,attr"`
	Errors   int    `xml:"errors,attr"`
	Skipped  int    `xml:"skipped,attr"`
	Time     string `xml:"time,attr"`

	// Properties say which versions ran (see versionProperties).
	Properties *junitProperties `xml:"properties,omitempty"`

	Cases []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name       string           `xml:"name,attr"`
	Classname  string           `xml:"classname,attr"`
	File       string           `xml:"file,attr,omitempty"`
	Line       int64            `xml:"line,attr,omitempty"`
	Time       string           `xml:"time,attr"`
	Properties *junitProperties `xml:"properties,omitempty"`
	Failure    *junitMessage    `xml:"failure,omitempty"`
	Error      *junitMessage    `xml:"error,omitempty"`
	Skipped    *junitMessage    `xml:"skipped,omitempty"`
}

// junitProperties carry a scenario's tags, so that a CI system can group results by the rule
// (@rule:<id>) or the documented ambiguity (@ambiguity:<id>=<CHOICE>) they check.
type junitProperties struct {
	Property []junitProperty `xml:"property"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

func tagProperties(tags []string) *junitProperties {
	var props []junitProperty
	for _, t := range tags {
		name, value, ok := strings.Cut(strings.TrimPrefix(t, "@"), ":")
		if !ok {
			name, value = "tag", t
		}
		props = append(props, junitProperty{Name: name, Value: value})
	}
	if len(props) == 0 {
		return nil
	}
	return &junitProperties{Property: props}
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",cdata"`
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.6f", d.Seconds()) }

// junit builds the report: one testsuite per feature file, in run order.
func junit(res *Result) junitReport {
	rep := junitReport{Name: "classroom-conformance", Time: seconds(res.Duration)}
	index := map[string]int{}
	var spent []time.Duration
	for _, s := range res.Scenarios {
		i, ok := index[s.URI]
		if !ok {
			i = len(rep.Suites)
			index[s.URI] = i
			name := s.Feature
			if name == "" {
				name = s.URI
			}
			rep.Suites = append(rep.Suites, junitSuite{Name: name, File: s.URI, Properties: versionProperties(res)})
			spent = append(spent, 0)
		}
		suite := &rep.Suites[i]
		c := junitCase{Name: s.Name, Classname: suite.Name, File: s.URI, Line: s.Line, Time: seconds(s.Duration), Properties: tagProperties(s.Tags)}
		switch s.Status {
		case Failed:
			first, _, _ := strings.Cut(s.Reason, "\n")
			c.Failure = &junitMessage{Message: first, Text: s.Reason}
			suite.Failures++
		case Skipped, NotRun:
			c.Skipped = &junitMessage{Message: s.Reason}
			suite.Skipped++
		case Errored:
			first, _, _ := strings.Cut(s.Reason, "\n")
			c.Error = &junitMessage{Message: first, Text: s.Reason}
			suite.Errors++
		}
		suite.Tests++
		suite.Cases = append(suite.Cases, c)
		spent[i] += s.Duration
	}
	for i := range rep.Suites {
		suite := &rep.Suites[i]
		// Outline rows share their scenario's name; the line tells them apart.
		seen := map[string]int{}
		for _, c := range suite.Cases {
			seen[c.Name]++
		}
		for j, c := range suite.Cases {
			if seen[c.Name] > 1 {
				suite.Cases[j].Name = fmt.Sprintf("%s (line %d)", c.Name, c.Line)
			}
		}
		suite.Time = seconds(spent[i])
		rep.Tests += suite.Tests
		rep.Failures += suite.Failures
		rep.Errors += suite.Errors
		rep.Skipped += suite.Skipped
	}
	return rep
}

// writeJUnit writes the report to w.
func writeJUnit(w io.Writer, res *Result) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(junit(res)); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// writeJUnitFile writes the report to a temporary file and renames it over path, so that a CI
// system never reads half a report.
func writeJUnitFile(path string, res *Result) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".junit-*.xml")
	if err != nil {
		return fmt.Errorf("write JUnit report: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := writeJUnit(tmp, res); err != nil {
		tmp.Close()
		return fmt.Errorf("write JUnit report %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write JUnit report %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write JUnit report %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write JUnit report: %w", err)
	}
	return nil
}
