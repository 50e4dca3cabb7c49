package suite

import (
	"bytes"
	"context"
	"io"
	"regexp"
	"sync"

	"github.com/cucumber/godog"
	"github.com/cucumber/godog/formatters"
)

// godog's pretty and progress reports end with their own count of scenarios, in which a
// scenario the suite skipped (a profile without its actor, an ambiguity resolved the other way)
// is "passed", and the pretty report follows every step with the Go source of its definition
// ("# world.go:118 -> *World"), which tells a reader of a conformance report nothing. The runner
// gives people one truthful summary of its own, so the human formats are godog's own with those
// lines filtered out.

// humanFormats maps a format name to the name under which its filtered variant is registered
// with godog.
var humanFormats = map[string]string{"pretty": "classroom-conformance-pretty", "progress": "classroom-conformance-progress"}

var registerHuman sync.Once

// registerHumanFormats registers the filtered formats with godog (its registry is global; the
// registration is the same every time, so it is done once).
func registerHumanFormats() {
	registerHuman.Do(func() {
		for base, name := range humanFormats {
			inner := godog.FindFmt(base)
			godog.Format(name, "godog's "+base+" report without its own summary or step sources",
				func(suite string, out io.Writer) formatters.Formatter {
					return inner(suite, &lineFilter{w: out})
				})
		}
	})
}

var (
	ansi = regexp.MustCompile(`\x1b\[[0-9;]*m`)
	// godog's summary: "299 scenarios (299 passed)", "2162 steps (...)", then the time taken.
	summaryCount = regexp.MustCompile(`^(\d+ scenarios \(.*\)|No scenarios|\d+ steps \(.*\)|No steps)$`)
	elapsed      = regexp.MustCompile(`^[0-9.]+(h|m|s|ms|µs|ns)([0-9.]+(m|s|ms|µs|ns))*$`)
	// A step definition's source after a step, with the padding before it and its colour.
	stepSource = regexp.MustCompile(`[ \t]*(\x1b\[[0-9;]*m)*# [^ \t]+\.go:\d+ -> [^\x1b\n]*(\x1b\[[0-9;]*m)*`)
	// The padding godog puts before a scenario's "# file.feature:line", sized for the step
	// sources that are gone.
	featurePadding = regexp.MustCompile(`[ \t]{2,}((\x1b\[[0-9;]*m)*# [^ \t]+\.feature:\d+)`)
)

// lineFilter drops godog's summary lines and step sources from what a formatter writes. godog
// writes each line it prints in one call; the progress report's characters arrive without a
// newline and are passed on at once.
type lineFilter struct {
	mu       sync.Mutex
	w        io.Writer
	midLine  bool // the last write ended inside a line, which is passed on unfiltered
	dropNext bool // the last line was godog's count of steps: the time taken follows it
	blanks   int  // empty lines held back: those before the dropped summary are dropped too
}

func (f *lineFilter) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := len(p)
	var out bytes.Buffer
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			for ; f.blanks > 0; f.blanks-- {
				out.WriteByte('\n')
			}
			out.Write(p)
			f.midLine = true
			break
		}
		line := p[:i]
		p = p[i+1:]
		if f.midLine {
			f.midLine = false
			out.Write(line)
			out.WriteByte('\n')
			continue
		}
		keep, text := f.filter(line)
		switch {
		case !keep:
			f.blanks = 0
		case len(bytes.TrimSpace(ansi.ReplaceAll(text, nil))) == 0:
			f.blanks++
		default:
			for ; f.blanks > 0; f.blanks-- {
				out.WriteByte('\n')
			}
			out.Write(text)
			out.WriteByte('\n')
		}
	}
	if out.Len() > 0 {
		if _, err := f.w.Write(out.Bytes()); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// filter decides whether a complete line is kept, and what of it.
func (f *lineFilter) filter(line []byte) (bool, []byte) {
	plain := ansi.ReplaceAll(line, nil)
	dropTime := f.dropNext
	f.dropNext = false
	switch {
	case summaryCount.Match(plain):
		f.dropNext = bytes.HasSuffix(plain, []byte(")")) && bytes.Contains(plain, []byte(" steps (")) || bytes.Equal(plain, []byte("No steps"))
		return false, nil
	case dropTime && elapsed.Match(plain):
		return false, nil
	}
	line = stepSource.ReplaceAll(line, nil)
	line = featurePadding.ReplaceAll(line, []byte("  $1"))
	return true, line
}

// gatedWriter passes writes on until ctx is done, and drops them after: once a run is
// interrupted, the scenarios that were cut short or never started are reported once, as not
// run, and not one by one by godog's reports.
type gatedWriter struct {
	ctx context.Context
	w   io.Writer
}

func (g gatedWriter) Write(p []byte) (int, error) {
	if g.ctx.Err() != nil {
		return len(p), nil
	}
	return g.w.Write(p)
}
