package main

import (
	"context"
	"fmt"
	"io"

	"github.com/classroom-conformance/classroom-conformance/features"
	"github.com/classroom-conformance/classroom-conformance/rules"
)

const rulesUsage = `usage: classroom-conformance rules [--json] [--other-choices profile|tags]

Prints the rules catalogue and its coverage by the features; exit 1 if coverage is incomplete.
`

// runRules prints the rules catalogue with its coverage by the embedded features: every rule with
// its quoted documentation, source, methods, error status and scenarios, then the ambiguities
// with the profile key that selects each behaviour. Exit 1 when a rule has no scenario or a
// scenario is mis-tagged.
func runRules(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := commandFlags("rules", rulesUsage, stderr)
	asJSON := fs.Bool("json", false, "print the catalogue and its coverage as JSON")
	other := fs.String("other-choices", "", "print, for `make cassettes`, the non-default choice of every ambiguity as a `profile` or as the `tags` of their scenarios")
	if code, done := parseFlags(fs, args, stderr); done {
		return code
	}

	cat, err := rules.Load()
	if err != nil {
		fmt.Fprintf(stderr, "classroom-conformance rules: %v\n", err)
		return 1
	}
	switch *other {
	case "":
	case "profile":
		_, err := stdout.Write(cat.OtherChoicesProfile())
		return exitOn(err, stderr)
	case "tags":
		_, err := fmt.Fprintln(stdout, cat.OtherChoicesTags())
		return exitOn(err, stderr)
	default:
		return usageError(stderr, "rules", "--other-choices %q: want profile or tags", *other)
	}
	scenarios, err := rules.ParseFeatures(features.FS)
	if err != nil {
		fmt.Fprintf(stderr, "classroom-conformance rules: %v\n", err)
		return 1
	}
	report := rules.Check(cat, scenarios)
	listing := rules.NewListing(cat, report)
	if *asJSON {
		err = listing.WriteJSON(stdout)
	} else {
		err = listing.WriteText(stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "classroom-conformance rules: %v\n", err)
		return 1
	}
	if !report.Complete() {
		fmt.Fprintf(stderr, "classroom-conformance rules: coverage incomplete: %d/%d rules covered, %d problem(s)\n",
			report.Covered, report.Total, len(report.Problems))
		return 1
	}
	return 0
}

func exitOn(err error, stderr io.Writer) int {
	if err != nil {
		fmt.Fprintf(stderr, "classroom-conformance rules: %v\n", err)
		return 1
	}
	return 0
}
