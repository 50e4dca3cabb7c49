package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"strings"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
	"github.com/classroom-conformance/classroom-conformance/features"
	"github.com/classroom-conformance/classroom-conformance/reference"
	"github.com/classroom-conformance/classroom-conformance/suite"
	"github.com/classroom-conformance/classroom-conformance/verify"
)

const verifyUsage = `usage: classroom-conformance verify [--target URL] [--profile FILE] [--format pretty|junit|json[:FILE]]...
                                    [--strict] [--update] [--seed N] [--actor NAME] [--volatile FIELD=SHAPE]...
                                    CASSETTE|DIR...

Re-sends every request of each cassette (files, or folders of *.yaml), in recorded order and as
the actor that sent it, to a target, and compares the answers with the recorded ones: status,
error status and @Code, every recorded JSON field with its type and value. Ids, enrolment codes,
page tokens and other values the server assigned are bound to the target's and rewritten into
later requests; timestamps, links, Drive folders and etags are compared by shape.

With no --target (and no target in the profile) the embedded reference is the target, making
the choices the profile expects, with ids from --seed. With a target, the profile gives a token
per actor; a cassette names its actors (record with run --record, or proxy --profile).
Against Google (--target https://classroom.googleapis.com/ --profile profiles/google.yaml) the
report is what Google now does differently from the recordings; --update rewrites each cassette
that differs from the fresh traffic (redacted, atomically), to review as a diff.

The json format writes results as run --format json does, of kind verify: a scenario per
cassette, with the rules of the scenario it was recorded for and verify's own detail in its
message, so that classroom-conformance report shows the verification as a column of its own.

Exit status: 0 the target answers as recorded, 1 it differs, 2 bad usage, a missing or
unreadable cassette, an actor without a token, or a target that does not answer.

flags:
`

// volatileFlags collects repeated --volatile flags.
type volatileFlags []verify.VolatileRule

func (v *volatileFlags) String() string { return fmt.Sprint(len(*v)) }

func (v *volatileFlags) Set(s string) error {
	r, err := verify.ParseVolatileFlag(s)
	if err != nil {
		return err
	}
	*v = append(*v, r)
	return nil
}

func runVerify(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fset := commandFlags("verify", verifyUsage, stderr)
	var (
		targetURL, profilePath, actor string
		strict, update                bool
		seed                          int64
		concurrency                   int
		formats                       = formatFlag{parse: verify.ParseFormat}
		volatile                      volatileFlags
	)
	fset.StringVar(&targetURL, "target", "", "base `URL` of the Classroom API to verify (default: the embedded reference)")
	fset.StringVar(&profilePath, "profile", "", "target profile `FILE` (YAML): target, actor tokens, expected ambiguities")
	fset.Var(&formats, "format", "report `FORMAT`[:FILE], one of "+strings.Join(verify.FormatNames(), ", ")+"; repeatable; default pretty")
	fset.BoolVar(&strict, "strict", false, "fail on fields only the target returns (default: warn)")
	fset.BoolVar(&update, "update", false, "rewrite each differing cassette from the target's traffic")
	fset.Int64Var(&seed, "seed", 1, "`N` selects the ids the embedded reference hands out (0: those of the shipped recordings)")
	fset.StringVar(&actor, "actor", "", "actor `NAME` of recorded requests that carry credentials but no actor label")
	fset.Var(&volatile, "volatile", "also compare `FIELD=SHAPE` (or format:FORMAT=SHAPE) by shape: timestamp, link, email, opaque, any; repeatable")
	fset.IntVar(&concurrency, "concurrency", 0, "cassettes verified at once, `N` (default 4 against the embedded reference, else 1)")
	paths, code, done := parseInterspersed(fset, args, stderr)
	if done {
		return code
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "classroom-conformance verify: "+format+"\n", a...)
		return 2
	}
	if len(paths) == 0 {
		return usageError(stderr, "verify", "no cassette given: name cassette files or folders, e.g. classroom-conformance verify cassettes")
	}
	if isSet(fset, "concurrency") && concurrency < 1 {
		return usageError(stderr, "verify", "--concurrency %d: must be at least 1", concurrency)
	}
	profile, err := readProfile(profilePath)
	if err != nil {
		return fail("%v", err)
	}
	opts := verify.Options{
		Strict: strict, Update: update, DefaultActor: actor, Volatile: volatile,
		Features: features.FS, Concurrency: concurrency, ProfileName: profileName(profilePath),
	}
	if profile != nil {
		opts.Expect = profile.Expect
	}
	if err := opts.Expect.Validate(); err != nil {
		return fail("profile: %v", err)
	}
	if targetURL == "" && profile != nil {
		targetURL = profile.Target
	}
	stop, err := verifyTarget(&opts, targetURL, profile, seed, stderr)
	if err != nil {
		return fail("%v", err)
	}
	defer stop()

	res, err := verify.Run(ctx, opts, paths...)
	if err != nil {
		switch {
		case errors.Is(err, verify.ErrTarget):
			return fail("%s did not answer (%s): start it, or point --target at a running Classroom API", opts.Target.BaseURL, strings.TrimPrefix(err.Error(), verify.ErrTarget.Error()+": "))
		case errors.Is(err, context.Canceled):
			return fail("interrupted; no cassette was changed")
		}
		return fail("%s", strings.TrimPrefix(err.Error(), verify.ErrBadInput.Error()+": "))
	}
	if err := writeVerify(stderr, stdout, formats.list, res); err != nil {
		return fail("%v", err)
	}
	return res.ExitCode()
}

// verifyTarget sets opts' target: the Classroom API at targetURL, with the profile's tokens (or
// the reference's built-in ones), one cassette at a time by default; or, without a URL, an
// embedded reference making the profile's choices with ids from seed, four at a time. stop
// shuts the embedded reference down.
func verifyTarget(opts *verify.Options, targetURL string, profile *endpoint.Profile, seed int64, stderr io.Writer) (stop func(), err error) {
	if targetURL != "" {
		base, err := endpoint.ParseBaseURL(targetURL)
		if err != nil {
			return nil, fmt.Errorf("--target: %w", err)
		}
		opts.Target = &endpoint.HTTP{BaseURL: base, Tokens: suite.TargetTokens(profile), Client: &http.Client{Timeout: endpoint.DefaultTimeout}, UserAgent: verify.UserAgent}
		if opts.Concurrency == 0 {
			opts.Concurrency = 1
		}
		return func() {}, nil
	}
	behaviour, err := suite.Behaviour(opts.Expect)
	if err != nil {
		return nil, err
	}
	ref, err := verify.StartReference(reference.Options{
		Behaviour: behaviour, Seed: seed, ErrorLog: log.New(stderr, "reference: ", 0),
	})
	if err != nil {
		return nil, err
	}
	opts.Target = ref.Target
	opts.TargetName = fmt.Sprintf("the embedded reference (seed %d)", seed)
	if opts.Concurrency == 0 {
		opts.Concurrency = 4
	}
	return ref.Close, nil
}

// writeVerify writes the reports formats ask for (pretty on standard output by default), a
// one-line summary on standard error when no pretty report is on standard output, and names
// the cassettes --update rewrote.
func writeVerify(stderr, stdout io.Writer, formats []verify.Format, res *verify.Result) error {
	if len(formats) == 0 {
		formats = []verify.Format{{Name: "pretty"}}
	}
	prettyOnStdout := false
	for _, f := range formats {
		if err := verify.Write(stdout, f, res); err != nil {
			return err
		}
		prettyOnStdout = prettyOnStdout || f.Name == "pretty" && f.File == ""
	}
	if !prettyOnStdout {
		agreed, total := res.Interactions()
		fmt.Fprintf(stderr, "%d cassettes against %s: %d passed, %d failed, %d skipped; %d of %d interactions agreed\n",
			len(res.Cassettes), res.Target, res.Passed, res.Failed, res.Skipped, agreed, total)
	}
	for _, c := range res.Cassettes {
		if c.Updated {
			fmt.Fprintf(stderr, "updated %s from the target's traffic\n", c.Path)
		}
	}
	return nil
}
