package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/classroom-conformance/classroom-conformance/redact"
)

// runCassettes is `classroom-conformance cassettes`: tools for cassette files. lint fails when a
// cassette holds something that looks like a credential; validate checks the recorded traffic
// against the discovery document (cassettes_validate.go).
func runCassettes(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	usage := func() {
		fmt.Fprintln(stderr, "usage: classroom-conformance cassettes lint|validate DIR|FILE...")
		fmt.Fprintln(stderr, "\nlint  report every line of a cassette (.yaml or .yml, directories searched")
		fmt.Fprintln(stderr, "      recursively) that holds a credential: an OAuth token, refresh token, API")
		fmt.Fprintln(stderr, "      key, JWT, bearer credential, or an unredacted credential header or field.")
		fmt.Fprintln(stderr, "      Exit 1 if there is one.")
		fmt.Fprintln(stderr, "\nvalidate  check every recorded request and answer against its method's schema")
		fmt.Fprintln(stderr, "      in the discovery document. Exit 1 on any finding, 2 if a cassette cannot be read.")
	}
	if len(args) == 0 {
		return usageError(stderr, "cassettes", "name a subcommand, lint or validate")
	}
	switch args[0] {
	case "-h", "--help", "help":
		usage()
		return 0
	case "lint":
	case "validate":
		return runCassettesValidate(ctx, args[1:], stdout, stderr)
	default:
		return usageError(stderr, "cassettes", "unknown subcommand %q", args[0])
	}
	fl := flag.NewFlagSet("cassettes lint", flag.ContinueOnError)
	fl.Usage = usage
	paths, code, done := parseInterspersed(fl, args[1:], stderr)
	if done {
		return code
	}
	if len(paths) == 0 {
		return usageError(stderr, "cassettes lint", "name at least one directory or file")
	}
	findings, files, err := redact.LintPaths(paths...)
	if err != nil {
		fmt.Fprintf(stderr, "classroom-conformance cassettes: %v\n", err)
		return 2
	}
	for _, f := range findings {
		fmt.Fprintln(stdout, f)
	}
	if len(findings) > 0 {
		fmt.Fprintf(stdout, "%d credential(s) found in %d cassette file(s) checked\n", len(findings), files)
		return 1
	}
	fmt.Fprintf(stdout, "%d cassette file(s) checked, no credentials found\n", files)
	return 0
}
