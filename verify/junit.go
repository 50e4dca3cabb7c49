package verify

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Properties []junitProperty `xml:"properties>property,omitempty"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name       string          `xml:"name,attr"`
	Classname  string          `xml:"classname,attr"`
	Time       string          `xml:"time,attr"`
	Properties []junitProperty `xml:"properties>property,omitempty"`
	Failure    *junitMessage   `xml:"failure,omitempty"`
	Skipped    *junitMessage   `xml:"skipped,omitempty"`
	SystemOut  string          `xml:"system-out,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes a JUnit XML report with one test case per cassette: a differing cassette
// fails with its differing interactions, a skipped one says why.
func WriteJUnit(w io.Writer, r *Result) error {
	s := junitSuite{Name: "classroom-conformance verify " + r.Target, Time: seconds(r.Duration.Seconds()),
		Properties: []junitProperty{{Name: "target", Value: r.Target}}}
	for _, c := range r.Cassettes {
		tc := junitCase{Name: c.Path, Classname: "verify", Time: seconds(c.Duration.Seconds())}
		for _, a := range c.Ambiguities {
			tc.Properties = append(tc.Properties, junitProperty{Name: "ambiguity", Value: a})
		}
		switch c.Status {
		case Skipped:
			tc.Skipped = &junitMessage{Message: c.Reason}
			s.Skipped++
		case Failed:
			differing := c.Differing()
			var text strings.Builder
			for _, in := range differing {
				fmt.Fprintf(&text, "#%d %s %s (as %s)\n", in.Index, in.Name(), in.Request, in.Actor)
				for _, d := range in.Differences {
					fmt.Fprintf(&text, "  %s\n", d)
				}
			}
			msg := fmt.Sprintf("%d of %d interactions differ", len(differing), len(c.Interactions))
			if len(differing) > 0 && len(differing[0].Differences) > 0 {
				msg += "; first: #" + fmt.Sprint(differing[0].Index) + " " + differing[0].Name() + " " + differing[0].Differences[0].String()
			}
			tc.Failure = &junitMessage{Message: msg, Type: "difference", Text: text.String()}
			s.Failures++
		}
		var warn strings.Builder
		for _, in := range c.Interactions {
			for _, d := range in.Warnings {
				fmt.Fprintf(&warn, "warning #%d %s: %s %s (only the target returns it)\n", in.Index, in.Name(), d.Path, d.Target)
			}
		}
		tc.SystemOut = warn.String()
		s.Cases = append(s.Cases, tc)
		s.Tests++
	}
	doc := junitSuites{Name: "classroom-conformance verify", Tests: s.Tests, Failures: s.Failures, Skipped: s.Skipped, Time: s.Time, Suites: []junitSuite{s}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func seconds(s float64) string { return fmt.Sprintf("%.3f", s) }
