package report

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/classroom-conformance/classroom-conformance/results"
)

// The page is one file: the template, its style sheet and its script are inlined, and the
// Content-Security-Policy forbids every load, so the page works from file:// or as a CI
// artifact and cannot reach the network even by mistake.
var (
	//go:embed page.html.tmpl
	pageTemplate string
	//go:embed page.css
	pageCSS string
	//go:embed page.js
	pageJS string
)

var page = template.Must(template.New("page").Funcs(template.FuncMap{
	"short": short,
	"inc":   func(n int) int { return n + 1 },
}).Parse(pageTemplate))

// WriteHTML writes the report as one self-contained HTML page.
func (r *Report) WriteHTML(w io.Writer) error {
	var buf bytes.Buffer
	if err := page.Execute(&buf, r.view()); err != nil {
		return fmt.Errorf("render report: %w", err)
	}
	if _, err := buf.WriteTo(w); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

type pageView struct {
	Columns   []columnView
	Groups    []groupView
	Methods   []string
	RuleCount int
	Baseline  bool
	Tiers     []string
	CSS       template.CSS
	JS        template.JS
}

type columnView struct {
	*Column
	Index   int
	Span    string
	Choices []choiceView
	// ChoicesDiffer is set when another target was expected to choose otherwise somewhere.
	ChoicesDiffer bool
	Tiers         []tierView
	Total         Tally
	BaseLabel     string
	Evidence      []evidenceView
}

// A choiceView is the choice a target was expected to make at an ambiguity; Differs when
// another target of the report was expected to make another.
type choiceView struct {
	ID, Value string
	Differs   bool
}

type tierView struct {
	Tier string
	Tally
}

type evidenceView struct {
	ID       string
	Scenario results.Scenario
	Request  string
	Response string
}

type groupView struct {
	Method string
	Rows   []rowView
}

type rowView struct {
	Rule    results.Rule
	Methods string
	Cells   []cellView
}

type cellView struct {
	Verdict  string
	Text     string
	Title    string
	Change   string
	Evidence string // ids of the evidence blocks, space separated
	Column   string
}

var verdictText = map[string]string{
	Pass: "✓ holds", Fail: "✗ fails", Skip: "– skipped", Unchecked: "· not checked",
}

func (r *Report) view() pageView {
	v := pageView{RuleCount: r.RuleCount(), Baseline: r.Baseline, Tiers: results.Tiers, CSS: template.CSS(pageCSS), JS: template.JS(pageJS)}
	methods := map[string]bool{}
	for i, c := range r.Columns {
		cv := columnView{Column: c, Index: i, Span: span(c.Start, c.End), Total: c.Total()}
		ids := make([]string, 0, len(c.Choices))
		for id := range c.Choices {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			ch := choiceView{ID: id, Value: c.Choices[id]}
			for _, o := range r.Columns {
				ch.Differs = ch.Differs || o.Choices[id] != ch.Value
			}
			cv.ChoicesDiffer = cv.ChoicesDiffer || ch.Differs
			cv.Choices = append(cv.Choices, ch)
		}
		for _, t := range results.Tiers {
			if x := c.Tally[t]; x != nil && x.Hold+x.Fail+x.NotChecked > 0 {
				cv.Tiers = append(cv.Tiers, tierView{t, *x})
			}
		}
		if c.Baseline != nil {
			cv.BaseLabel = c.Baseline.Label + ", " + span(c.Baseline.Start, c.Baseline.End)
		}
		for j, s := range c.Scenarios {
			if s.Status != results.Failed && s.Status != results.Skipped {
				continue
			}
			ev := evidenceView{ID: evidenceID(i, j), Scenario: s}
			if ex := s.Exchange; ex != nil {
				ev.Request, ev.Response = showBody(ex.RequestBody), showBody(ex.ResponseBody)
			}
			cv.Evidence = append(cv.Evidence, ev)
		}
		v.Columns = append(v.Columns, cv)
	}
	for _, g := range r.Groups {
		gv := groupView{Method: g.Method}
		for _, rule := range g.Rules {
			ms := rule.Methods
			if len(ms) == 0 {
				ms = []string{ungrouped}
			}
			for _, m := range ms {
				methods[m] = true
			}
			// The filter looks for "|method|" in data-methods.
			row := rowView{Rule: rule, Methods: "|" + strings.Join(ms, "|") + "|"}
			for i, c := range r.Columns {
				row.Cells = append(row.Cells, cellOf(i, c, c.Cells[rule.ID]))
			}
			gv.Rows = append(gv.Rows, row)
		}
		v.Groups = append(v.Groups, gv)
	}
	for m := range methods {
		v.Methods = append(v.Methods, m)
	}
	sort.Strings(v.Methods)
	return v
}

func cellOf(i int, c *Column, cell *Cell) cellView {
	cv := cellView{Verdict: cell.Verdict, Text: verdictText[cell.Verdict], Change: cell.Change, Column: c.Label}
	var parts []string
	for _, p := range []struct {
		n    int
		what string
	}{{cell.Passed, "passed"}, {cell.Failed, "failed"}, {cell.Skipped, "skipped"}, {cell.NotRun, "not run"}} {
		if p.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", p.n, p.what))
		}
	}
	cv.Title = "no scenario of this rule ran"
	if len(parts) > 0 {
		cv.Title = "scenarios: " + strings.Join(parts, ", ")
	}
	// A failing cell shows its failures, a skipped one why; the others have nothing to show.
	var shown []int
	switch cell.Verdict {
	case Fail:
		shown = cell.Failures
	case Skip:
		shown = cell.Skips
	}
	ids := make([]string, len(shown))
	for k, j := range shown {
		ids[k] = evidenceID(i, j)
	}
	cv.Evidence = strings.Join(ids, " ")
	return cv
}

func evidenceID(col, scenario int) string { return fmt.Sprintf("e%d-%d", col, scenario) }

func span(start, end time.Time) string {
	if start.IsZero() {
		return ""
	}
	s := start.UTC().Format("2006-01-02 15:04:05")
	if !end.IsZero() {
		s += fmt.Sprintf(" UTC, %.1fs", end.Sub(start).Seconds())
	}
	return s
}

// showBody indents a JSON body for reading, and leaves any other body as it is.
func showBody(body string) string {
	var out bytes.Buffer
	if json.Valid([]byte(body)) && json.Indent(&out, []byte(body), "", "  ") == nil {
		return out.String()
	}
	return body
}
