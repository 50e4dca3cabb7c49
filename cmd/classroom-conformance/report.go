package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/classroom-conformance/classroom-conformance/report"
	"github.com/classroom-conformance/classroom-conformance/results"
)

const reportUsage = `usage: classroom-conformance report [--html FILE] [--markdown FILE] [--baseline RESULTS]... RESULTS...

Merges the results of runs (written by run --format json:FILE) into the compatibility report:
one self-contained HTML page with a column per target and a row per rule of the catalogue, and
a Markdown summary for a CI job summary. Results of the same target, suite version and expected
choices (the shards of one run) merge into one column. With --baseline, rules newly failing
and newly holding since those results are marked.

Without --html or --markdown, the Markdown summary goes to standard output. "-" as FILE means
standard output.

Exit status: 0 the report was written (whatever the verdicts), 2 bad usage or a results file
that is missing, corrupt, or of a results version this tool cannot read.

flags:
`

// pathsFlag collects a repeated flag.
type pathsFlag []string

func (l *pathsFlag) String() string     { return strings.Join(*l, ",") }
func (l *pathsFlag) Set(s string) error { *l = append(*l, s); return nil }

func runReport(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fset := commandFlags("report", reportUsage, stderr)
	var htmlPath, mdPath string
	var baseline pathsFlag
	fset.StringVar(&htmlPath, "html", "", "write the HTML page to `FILE`")
	fset.StringVar(&mdPath, "markdown", "", "write the Markdown summary to `FILE`")
	fset.Var(&baseline, "baseline", "mark what changed since these `RESULTS`; repeatable (the shards of one run)")
	// Flags may come after the results too (report a.json b.json --html page.html).
	files, code, done := parseInterspersed(fset, args, stderr)
	if done {
		return code
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "classroom-conformance report: %v\n", err)
		return 2
	}
	if len(files) == 0 {
		return usageError(stderr, "report", "no results given: name the files run --format json:FILE wrote")
	}
	if htmlPath == "-" && mdPath == "-" {
		return fail(fmt.Errorf("--html and --markdown cannot both write to standard output"))
	}
	inputs, err := readResults(files)
	if err != nil {
		return fail(err)
	}
	base, err := readResults(baseline)
	if err != nil {
		return fail(err)
	}
	rep, err := report.Merge(inputs, base)
	if err != nil {
		return fail(err)
	}
	if htmlPath == "" && mdPath == "" {
		mdPath = "-"
	}
	if err := writeOutput(htmlPath, stdout, rep.WriteHTML); err != nil {
		return fail(err)
	}
	if err := writeOutput(mdPath, stdout, rep.WriteMarkdown); err != nil {
		return fail(err)
	}
	return 0
}

func readResults(paths []string) ([]report.Input, error) {
	var out []report.Input
	for _, p := range paths {
		run, err := results.ReadFile(p)
		if err != nil {
			return nil, err
		}
		out = append(out, report.Input{Name: p, Run: run})
	}
	return out, nil
}

// writeOutput renders into memory first, so that a failed rendering never leaves half a page,
// then writes path atomically ("-" is standard output, "" nothing).
func writeOutput(path string, stdout io.Writer, render func(io.Writer) error) error {
	if path == "" {
		return nil
	}
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		return err
	}
	if path == "-" {
		_, err := buf.WriteTo(stdout)
		return err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	_, err = buf.WriteTo(tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
