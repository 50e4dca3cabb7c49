package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"strings"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
	"github.com/classroom-conformance/classroom-conformance/features"
	"github.com/classroom-conformance/classroom-conformance/proxy"
	"github.com/classroom-conformance/classroom-conformance/rules"
	"github.com/classroom-conformance/classroom-conformance/suite"
)

const runUsage = `usage: classroom-conformance run [--target URL] [--profile FILE] [--replay DIR | --record DIR]
                                 [--tags EXPR] [--format pretty|progress|junit|cucumber|json[:FILE]]...
                                 [--concurrency N]

Runs the conformance suite. With no --target (and no target in the profile) it starts the
embedded reference on 127.0.0.1 and runs against it, resolving the documented ambiguities as
the profile expects. --target without --profile uses the reference's built-in identities.

A profile (YAML) gives the target, a bearer token per actor and the expected ambiguities:
  target: https://classroom.googleapis.com/
  actors:
    teacher: ${CLASSROOM_TEACHER_TOKEN}
    student: ${CLASSROOM_STUDENT_TOKEN}
  expect:
    coursework.default-state: PUBLISHED
Scenarios naming an actor the profile lacks are skipped, with the reason.

--record DIR records every scenario's traffic to its own cassette in DIR (credentials
redacted) while running against the target; --replay DIR runs every scenario from its
cassette with no network at all. Cassettes match on the actor's name, never its token.

--format json:FILE writes the native results of the run, which 'classroom-conformance report'
merges into the compatibility report (HTML and Markdown).

Exit status: 0 every scenario passed (or was skipped), 1 a scenario failed,
2 bad usage, a bad profile or an unreachable target.

flags:
`

// formatFlag collects repeated --format flags.
type formatFlag []suite.Format

func (f *formatFlag) String() string {
	parts := make([]string, len(*f))
	for i, x := range *f {
		parts[i] = x.String()
	}
	return strings.Join(parts, ",")
}

func (f *formatFlag) Set(s string) error {
	x, err := suite.ParseFormat(s)
	if err != nil {
		return err
	}
	*f = append(*f, x)
	return nil
}

func runSuite(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("run", flag.ContinueOnError)
	fset.SetOutput(stderr)
	var (
		targetURL, profilePath, tags string
		recordDir, replayDir         string
		concurrency                  int
		formats                      formatFlag
	)
	fset.StringVar(&targetURL, "target", "", "base `URL` of the Classroom API to check (default: the embedded reference)")
	fset.StringVar(&profilePath, "profile", "", "target profile `FILE` (YAML): target, actor tokens, expected ambiguities")
	fset.StringVar(&recordDir, "record", "", "record every scenario to its own cassette in `DIR`")
	fset.StringVar(&replayDir, "replay", "", "replay every scenario from its cassette in `DIR`, with no network")
	fset.StringVar(&tags, "tags", "", "run the scenarios matching this godog tag `EXPR`ession: \"@a,@b\" or, \"@a && @b\" and, \"~@a\" not")
	fset.Var(&formats, "format", "report `FORMAT`[:FILE], one of "+strings.Join(suite.FormatNames(), ", ")+"; repeatable; default pretty")
	fset.IntVar(&concurrency, "concurrency", 0, "scenarios run at once, `N` (default 4 against the embedded reference without a pretty report, else 1)")
	fset.Usage = func() {
		fmt.Fprint(stderr, runUsage)
		fset.PrintDefaults()
	}
	if code, done := parseFlags(fset, args, stderr); done {
		return code
	}
	if concurrency < 0 {
		fmt.Fprintf(stderr, "classroom-conformance run: --concurrency %d: must be at least 1\n", concurrency)
		return 2
	}

	var err error
	opts := suite.Options{
		FS:          features.FS,
		TargetURL:   targetURL,
		Tags:        tags,
		Formats:     formats,
		Concurrency: concurrency,
		Stdout:      stdout,
		Color:       wantColor(stdout, formats),
		ErrorLog:    log.New(stderr, "reference: ", 0),
		Versions:    buildVersions(),
		ProfileName: profileName(profilePath),
	}
	if profilePath != "" {
		p, err := endpoint.LoadProfile(profilePath, endpoint.LoadOptions{})
		if err != nil {
			fmt.Fprintf(stderr, "classroom-conformance run: %v\n", err)
			return 2
		}
		opts.Profile = p
	}
	switch {
	case recordDir != "" && replayDir != "":
		fmt.Fprintln(stderr, "classroom-conformance run: --record and --replay cannot be used together")
		return 2
	case recordDir != "":
		err = suite.Cassettes{Dir: recordDir, Mode: proxy.Record}.Attach(&opts)
	case replayDir != "":
		err = suite.Cassettes{Dir: replayDir, Mode: proxy.Replay}.Attach(&opts)
	}
	if err != nil {
		fmt.Fprintf(stderr, "classroom-conformance run: %v\n", err)
		return 2
	}
	res, err := suite.Run(ctx, opts)
	if err != nil {
		fmt.Fprintf(stderr, "classroom-conformance run: %v\n", err)
		return 2
	}
	summarize(stderr, res)
	if err := summarizeRules(stderr, res); err != nil {
		fmt.Fprintf(stderr, "classroom-conformance run: %v\n", err)
		return 2
	}
	return res.ExitCode()
}

// summarizeRules gives the verdict per rule of the catalogue, and names every rule that does not
// hold with the sentence of the documentation it encodes.
func summarizeRules(w io.Writer, res *suite.Result) error {
	cat, err := rules.Load()
	if err != nil {
		return err
	}
	outcomes := make([]rules.Outcome, len(res.Scenarios))
	for i, s := range res.Scenarios {
		outcomes[i] = rules.Outcome{Tags: s.Tags, Status: string(s.Status)}
	}
	counts := map[string]int{}
	for _, v := range rules.Verdicts(cat, outcomes) {
		counts[v.State()]++
		if v.State() == rules.Fails {
			fmt.Fprintf(w, "rule %s does not hold (%d of %d scenarios failed): %q\n", v.Rule.ID, v.Failed, v.Failed+v.Passed, v.Rule.Quote)
			if v.Rule.Ambiguity != "" {
				fmt.Fprintf(w, "  the documentation is ambiguous here (%s): if the target deliberately answers otherwise, select its choice in the profile's expect: map\n", v.Rule.Ambiguity)
			}
		}
	}
	fmt.Fprintf(w, "%d rules: %d hold, %d do not hold, %d not checked\n",
		len(cat.Rules), counts[rules.Holds], counts[rules.Fails], counts[rules.NotChecked])
	return nil
}

// summarize tells, on standard error, which scenarios failed or were skipped and why, and the
// totals: the formats do not say why a scenario was skipped.
func summarize(w io.Writer, res *suite.Result) {
	for _, s := range res.Scenarios {
		switch s.Status {
		case suite.Skipped:
			fmt.Fprintf(w, "skipped %s: %s\n", s.Scenario, s.Reason)
		case suite.Failed:
			fmt.Fprintf(w, "failed  %s\n", s.Scenario)
		}
	}
	fmt.Fprintf(w, "%d scenarios against %s: %d passed, %d failed, %d skipped (%.1fs)\n",
		len(res.Scenarios), res.Target, res.Passed, res.Failed, res.Skipped, res.Duration.Seconds())
}

// wantColor colours the reports when standard output is a terminal, NO_COLOR is unset, and no
// human-readable report goes to a file (godog would colour the file too).
func wantColor(stdout io.Writer, formats []suite.Format) bool {
	if os.Getenv("NO_COLOR") != "" {
		return false
	}
	for _, f := range formats {
		if f.File != "" && (f.Name == "pretty" || f.Name == "progress") {
			return false
		}
	}
	f, ok := stdout.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
