package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/classroom-conformance/classroom-conformance/results"
)

// WriteMarkdown writes the summary for a CI job summary (GitHub's $GITHUB_STEP_SUMMARY, a
// merge request note): a table per target and the rules that do not hold, each with the
// scenario that failed and its message, and what changed against the baseline.
func (r *Report) WriteMarkdown(w io.Writer) error {
	ew := &errWriter{w: w}
	ew.printf("## Classroom conformance\n\n")
	ew.printf("%d rules, %d target%s.\n", r.RuleCount(), len(r.Columns), plural(len(r.Columns)))
	for _, c := range r.Columns {
		tot := c.Total()
		ew.printf("\n### %s\n\n", mdText(c.Label))
		verdict := "every checked rule holds"
		switch {
		case tot.Fail == 1:
			verdict = "1 rule does not hold"
		case tot.Fail > 1:
			verdict = fmt.Sprintf("%d rules do not hold", tot.Fail)
		}
		ew.printf("**%s**; %s.\n\n", verdict, mdText(versionsLine(c)))
		if ch := choicesLine(c.Choices); ch != "" {
			ew.printf("Choices: %s\n\n", mdText(ch))
		}
		ew.printf("| tier | hold | do not hold | not checked |\n|---|---:|---:|---:|\n")
		for _, t := range results.Tiers {
			if x := c.Tally[t]; x != nil && x.Hold+x.Fail+x.NotChecked > 0 {
				ew.printf("| %s | %d | %d | %d |\n", t, x.Hold, x.Fail, x.NotChecked)
			}
		}
		ew.printf("| **all** | **%d** | **%d** | **%d** |\n", tot.Hold, tot.Fail, tot.NotChecked)
		if r.Baseline && c.Baseline == nil {
			ew.printf("\nNo baseline results of this target and choices.\n")
		}
		if c.Baseline != nil {
			for _, ch := range []string{NewlyFailing, NewlyHolding} {
				if rs := r.Changed(c, ch); len(rs) > 0 {
					ids := make([]string, len(rs))
					for i, rule := range rs {
						ids[i] = "`" + rule.ID + "`"
					}
					ew.printf("\n%s%s against the baseline: %s\n", strings.ToUpper(ch[:1]), ch[1:], strings.Join(ids, ", "))
				}
			}
		}
		failing := r.Failing(c)
		if len(failing) == 0 {
			continue
		}
		ew.printf("\n<details open><summary>Rules that do not hold (%d)</summary>\n\n", len(failing))
		ew.printf("| rule | tier | failing scenario | message |\n|---|---|---|---|\n")
		for _, rule := range failing {
			cell := c.Cells[rule.ID]
			s := c.Scenarios[cell.Failures[0]]
			where := fmt.Sprintf("%s:%d %s", s.URI, s.Line, s.Name)
			if n := len(cell.Failures); n > 1 {
				where += fmt.Sprintf(" (and %d more)", n-1)
			}
			mark := ""
			if cell.Change == NewlyFailing {
				mark = " (" + NewlyFailing + ")"
			}
			ew.printf("| `%s`%s | %s | %s | %s |\n", rule.ID, mark, rule.Tier, mdText(where), mdText(firstLine(s.Message)))
		}
		ew.printf("\n</details>\n")
	}
	if ew.err != nil {
		return fmt.Errorf("write markdown summary: %w", ew.err)
	}
	return nil
}

// versionsLine says what produced a column.
func versionsLine(c *Column) string {
	parts := make([]string, 0, len(c.Versions))
	for _, v := range c.Versions {
		parts = append(parts, fmt.Sprintf("tool %s, suite %s, discovery %s", orUnknown(v.Tool), orUnknown(short(v.Suite)), orUnknown(v.Discovery)))
	}
	return strings.Join(parts, "; ")
}

func choicesLine(choices map[string]string) string {
	return strings.ReplaceAll(results.ChoiceKey(choices), ",", ", ")
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	if r := []rune(line); len(r) > 200 {
		line = string(r[:200]) + "…"
	}
	return line
}

// mdText makes text safe in a Markdown table cell: no line breaks, pipes escaped, and no HTML
// or link syntax a CI page would interpret.
func mdText(s string) string {
	r := strings.NewReplacer("\r", " ", "\n", " ", "|", `\|`, "<", "&lt;", ">", "&gt;", "[", `\[`, "]", `\]`, "`", "'", "*", `\*`, "_", `\_`)
	return r.Replace(s)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// errWriter keeps the first write error, so the writers stay linear.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
