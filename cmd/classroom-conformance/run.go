package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/classroom-conformance/classroom-conformance/features"
	"github.com/classroom-conformance/classroom-conformance/proxy/recorder"
	"github.com/classroom-conformance/classroom-conformance/rules"
	"github.com/classroom-conformance/classroom-conformance/suite"
)

const runUsage = `usage: classroom-conformance run [--target URL] [--profile FILE] [--replay DIR | --record DIR]
                                 [--tags EXPR] [--format pretty|progress|junit|cucumber|json[:FILE]]...
                                 [--concurrency N] [--strict] [--list] [--shard K/N | --shard-index I/N]
                                 [--features DIR] [--feature FILE]... [--method ID]... [--scenario NAME|FILE:LINE]...

Runs the conformance suite. With no --target (and no target in the profile) it starts the
embedded reference on 127.0.0.1 and runs against it, resolving the documented ambiguities as
the profile expects. --target without --profile uses the reference's built-in identities.
Before the first scenario, one request (GET /v1/courses?pageSize=1) checks that the target
answers as a Classroom API does: a list of courses or Google's error envelope.

A profile (YAML) gives the target, a bearer token per actor and the expected ambiguities:
  target: https://classroom.googleapis.com/
  actors:
    teacher: ${CLASSROOM_TEACHER_TOKEN}
    student: ${CLASSROOM_STUDENT_TOKEN}
  expect:
    coursework.default-state: PUBLISHED
Scenarios naming an actor the profile lacks are skipped, with the reason. Actors without a
target are refused: without a target the suite runs against the embedded reference.

--record DIR records every scenario's traffic to its own cassette in DIR (credentials
redacted) while running against the target; --replay DIR runs every scenario from its
cassette with no network at all. Cassettes match on the actor's name, never its token.

--format json:FILE writes the native results of the run, which 'classroom-conformance report'
merges into the compatibility report (HTML and Markdown).

Rules come in tiers: documented (the documentation states them), inferred (it is silent and
the reference decides) and observed (Google's servers do it without documenting it). The run
reports how many rules of each tier hold; a failure of observed rules alone decides the exit
status only with --strict.

--list prints the scenarios a run would execute, with the rules they check and the actors they
need, and runs nothing. --feature, --method and --scenario narrow the selection (each repeatable;
different flags must all hold). --shard K/N runs part K of N of the selection, balanced and the
same on every machine, so N CI jobs run each scenario exactly once (docs/ci.md); --shard-index
I/N counts from 0, as a Kubernetes Indexed Job's completion index does. --features DIR
runs feature files from disk instead of the embedded suite (docs/writing-features.md).

Exit status:
  0  every checked rule holds, and at least one scenario ran (observed rules decide only
     with --strict)
  1  the target answered and a check failed
  2  the harness could not judge: bad usage, a bad profile or cassette, an unreachable or
     non-Classroom target, an interruption (SIGINT: scenarios not run are reported as such,
     never as failed), or nothing checked (every scenario skipped)

flags:
`

func runSuite(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fset := commandFlags("run", runUsage, stderr)
	var (
		targetURL, profilePath, tags string
		recordDir, replayDir         string
		concurrency                  int
		formats                      = formatFlag{parse: suite.ParseFormat}
		strict                       bool
		sel                          selectionFlags
	)
	fset.StringVar(&targetURL, "target", "", "base `URL` of the Classroom API to check (default: the embedded reference)")
	fset.StringVar(&profilePath, "profile", "", "target profile `FILE` (YAML): target, actor tokens, expected ambiguities")
	fset.StringVar(&recordDir, "record", "", "record every scenario to its own cassette in `DIR`")
	fset.StringVar(&replayDir, "replay", "", "replay every scenario from its cassette in `DIR`, with no network")
	fset.StringVar(&tags, "tags", "", "run the scenarios matching this godog tag `EXPR`ession: \"@a,@b\" or, \"@a && @b\" and, \"~@a\" not")
	fset.Var(&formats, "format", "report `FORMAT`[:FILE], one of "+strings.Join(suite.FormatNames(), ", ")+"; repeatable; default pretty")
	fset.BoolVar(&strict, "strict", false, "let observed rules (what Google does without documenting it) decide the exit status too")
	fset.IntVar(&concurrency, "concurrency", 0, "scenarios run at once, `N` (default 4 against the embedded reference without a pretty report, else 1)")
	sel.register(fset)
	if code, done := parseFlags(fset, args, stderr); done {
		return code
	}
	if isSet(fset, "concurrency") && concurrency < 1 {
		return usageError(stderr, "run", "--concurrency %d: must be at least 1", concurrency)
	}
	if recordDir != "" && replayDir != "" {
		return usageError(stderr, "run", "--record and --replay cannot be used together")
	}
	opts := suite.Options{
		FS:          features.FS,
		TargetURL:   targetURL,
		Tags:        tags,
		Formats:     formats.list,
		Concurrency: concurrency,
		Stdout:      stdout,
		Color:       wantColor(stdout, formats.list),
		ErrorLog:    log.New(stderr, "reference: ", 0),
		ProfileName: profileName(profilePath),
	}
	profile, err := readProfile(profilePath)
	if err != nil {
		fmt.Fprintf(stderr, "classroom-conformance run: %v\n", err)
		return 2
	}
	opts.Profile = profile
	if err := sel.apply(&opts); err != nil {
		fmt.Fprintf(stderr, "classroom-conformance run: %v\n", err)
		return 2
	}
	if sel.list {
		return listScenarios(opts, stdout, stderr)
	}
	if err := attachCassettes(&opts, recordDir, replayDir); err != nil {
		fmt.Fprintf(stderr, "classroom-conformance run: %v\n", err)
		return 2
	}
	res, err := suite.Run(ctx, opts)
	if err != nil {
		fmt.Fprintf(stderr, "classroom-conformance run: %v\n", err)
		return 2
	}
	return verdict(stdout, stderr, res, reportsOnStdout(formats.list), strict, recordDir)
}

// reportsOnStdout reports whether a machine-readable report (JUnit, cucumber JSON) goes to
// standard output, where a line of text after it would break it.
func reportsOnStdout(formats []suite.Format) bool {
	for _, f := range formats {
		if f.File == "" && f.Name != "pretty" && f.Name != "progress" {
			return true
		}
	}
	return false
}

// attachCassettes makes the run record to, or replay from, a folder of cassettes.
func attachCassettes(opts *suite.Options, recordDir, replayDir string) error {
	switch {
	case recordDir != "":
		return suite.Cassettes{Dir: recordDir, Mode: recorder.Record}.Attach(opts)
	case replayDir != "":
		if err := (suite.Cassettes{Dir: replayDir, Mode: recorder.Replay}).Attach(opts); err != nil {
			return err
		}
		opts.TargetName = "the recordings in " + replayDir
	}
	return nil
}

// verdict reports the outcome of a run and returns its exit code. A run that cannot be judged
// (interrupted, scenarios the harness could not run, nothing checked) is exit 2 with one line
// saying why, and gives no verdict per rule. An interruption is said on standard output too,
// after the report there, unless that report is for machines.
// recordDir is the folder a recording run records to, "" otherwise.
func verdict(stdout, stderr io.Writer, res *suite.Result, machineStdout, strict bool, recordDir string) int {
	summarize(stderr, res)
	if recordDir != "" {
		summarizeRecording(stderr, res, recordDir)
	}
	if problem := res.Problem(); problem != nil {
		if errors.Is(problem, suite.ErrInterrupted) && !machineStdout {
			fmt.Fprintf(stdout, "interrupted after %d scenarios; %d not run\n", res.Finished(), res.NotRun)
		}
		fmt.Fprintf(stderr, "classroom-conformance run: %v\n", problem)
		return res.ExitCode()
	}
	if err := summarizeRules(stderr, res); err != nil {
		fmt.Fprintf(stderr, "classroom-conformance run: %v\n", err)
		return 2
	}
	code, err := res.ExitCodeForTiers(strict)
	if err != nil {
		fmt.Fprintf(stderr, "classroom-conformance run: %v\n", err)
	}
	return code
}

// isSet reports whether the flag name was given on the command line.
func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
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
	verdicts := rules.Verdicts(cat, outcomes)
	for _, v := range verdicts {
		counts[v.State()]++
		if v.State() == rules.Fails {
			fmt.Fprintf(w, "rule %s does not hold (%d of %d scenarios failed): %s\n", v.Rule.ID, v.Failed, v.Failed+v.Passed, ruleText(v.Rule))
			if v.Rule.Tier == rules.TierObserved {
				fmt.Fprintf(w, "  observed of Google, not documented: it decides the exit status with --strict only\n")
			}
			if v.Rule.Ambiguity != "" {
				fmt.Fprintf(w, "  the documentation is ambiguous here (%s): if the target deliberately answers otherwise, select its choice in the profile's expect: map\n", v.Rule.Ambiguity)
			}
		}
	}
	fmt.Fprintf(w, "%d rules: %d hold, %d do not hold, %d not checked\n",
		len(cat.Rules), counts[rules.Holds], counts[rules.Fails], counts[rules.NotChecked])
	fmt.Fprintf(w, "rules that hold by tier: %s\n", rules.FormatTiers(rules.TallyTiers(verdicts)))
	return nil
}

// ruleText is what a rule says: the quoted sentence of the documentation, or for a rule inferred
// with no sentence to quote, its note.
func ruleText(r rules.Rule) string {
	if r.Quote != "" {
		return strconv.Quote(r.Quote)
	}
	if r.Note != "" {
		return "(inferred) " + r.Note
	}
	return "(no sentence of the documentation)"
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
		case suite.Errored:
			fmt.Fprintf(w, "error   %s: %s\n", s.Scenario, s.Reason)
		}
	}
	counts := fmt.Sprintf("%d passed, %d failed, %d skipped", res.Passed, res.Failed, res.Skipped)
	if res.NotRun > 0 {
		counts += fmt.Sprintf(", %d not run", res.NotRun)
	}
	if res.Errored > 0 {
		counts += fmt.Sprintf(", %d could not be run", res.Errored)
	}
	fmt.Fprintf(w, "%d scenarios against %s: %s (%.1fs)\n", len(res.Scenarios), res.Target, counts, res.Duration.Seconds())
}

// summarizeRecording names the scenarios of a recording run whose cassette was not written, as
// they did not pass or were cut short, and counts those never started: each keeps its previous
// cassette, which a later replay would otherwise be trusted to hold.
func summarizeRecording(w io.Writer, res *suite.Result, dir string) {
	var kept []suite.ScenarioResult
	notStarted := 0
	for _, s := range res.Scenarios {
		switch {
		case s.NotRecorded != "":
			kept = append(kept, s)
		case s.Status == suite.NotRun:
			notStarted++
		}
	}
	if len(kept) > 0 {
		fmt.Fprintf(w, "%d %s not recorded, %s left as %s:\n", len(kept), plural(len(kept), "scenario was", "scenarios were"), plural(len(kept), "its cassette", "their cassettes"), plural(len(kept), "it was", "they were"))
		for _, s := range kept {
			fmt.Fprintf(w, "  %s (%s): %s\n", s.Scenario, s.Status, s.NotRecorded)
		}
	}
	if notStarted > 0 {
		fmt.Fprintf(w, "%d %s not run, so not recorded; %s in %s %s as %s\n", notStarted, plural(notStarted, "scenario was", "scenarios were"), plural(notStarted, "its cassette", "their cassettes"), dir, plural(notStarted, "is", "are"), plural(notStarted, "it was", "they were"))
	}
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

// profileName names a profile in the results by its file name, without folder or extension.
func profileName(path string) string {
	if path == "" {
		return ""
	}
	return strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
}

// plural picks the singular or plural form of a phrase for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
