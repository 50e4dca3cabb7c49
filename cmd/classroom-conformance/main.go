// Command classroom-conformance checks Google Classroom API v1 implementations against the
// documented behaviour of the API, records and replays Classroom traffic, and serves an
// in-memory reference emulator.
//
// Usage:
//
//	classroom-conformance run     run the conformance suite (embedded reference by default)
//	classroom-conformance serve   serve the reference emulator
//	classroom-conformance proxy   record/replay proxy in front of a Classroom API
//	classroom-conformance rules   print the rules catalogue and its coverage
//	classroom-conformance report  merge results into the compatibility report
//	classroom-conformance cassettes lint DIR...   fail on credentials in cassettes
//	classroom-conformance verify  replay cassettes against a target, binding the ids it assigns
//	classroom-conformance version   print the module, suite and discovery versions (also --version)
//	classroom-conformance cassettes validate DIR...   check recorded traffic against the discovery document
//
// Exit codes: 0 success (for run: every checked rule holds and at least one scenario ran),
// 1 a check failed (the target answered and did not conform), 2 the tool could not judge (bad
// usage, a bad profile or cassette, an unreachable or non-Classroom target, an interruption,
// nothing checked).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
)

// A command is one subcommand: it parses its own flags from args and returns the exit code.
type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

func commands() map[string]command {
	return map[string]command{
		"run":       {"run the conformance suite against a target", runSuite},
		"serve":     {"serve the reference Classroom emulator", runServe},
		"proxy":     {"record/replay proxy in front of a Classroom API", runProxy},
		"cassettes": {"check cassettes (lint: no credentials on disk; validate: against the discovery document)", runCassettes},
		"rules":     {"print the rules catalogue and its coverage", runRules},
		"report":    {"merge results into the compatibility report (HTML, Markdown)", runReport},
		"verify":    {"replay cassettes against a target, binding the ids it assigns", runVerify},
		"version":   {"print the module, suite and discovery versions", runVersion},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// The first signal asks the command to stop cleanly (run reports what it did, serve and
		// proxy finish their requests); a second one stops the process at once.
		<-ctx.Done()
		stop()
	}()
	code := dispatch(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func dispatch(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmds := commands()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr, cmds)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	if args[0] == "--version" || args[0] == "-version" {
		args = append([]string{"version"}, args[1:]...)
	}
	c, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "classroom-conformance: unknown command %q (see 'classroom-conformance -h')\n", args[0])
		return 2
	}
	return c.run(ctx, args[1:], stdout, stderr)
}

func usage(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "usage: classroom-conformance <command> [flags]")
	fmt.Fprintln(w, "\ncommands:")
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'classroom-conformance <command> -h' for the flags of a command.")
}

// parseFlags parses a command's flags and refuses stray arguments. When the command must stop
// there, it returns done with the exit code: 0 after -h, which prints the command's usage; 2 for
// bad usage, which prints one line saying what was wrong and where the usage is, not the usage
// itself (a CI log would bury the line that matters under it).
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer) (code int, done bool) {
	if code, done := parseQuietly(fs, args, stderr); done {
		return code, true
	}
	if fs.NArg() > 0 {
		return usageError(stderr, fs.Name(), "unexpected argument %q", fs.Arg(0)), true
	}
	return 0, false
}

// parseInterspersed parses flags that may come before, between or after the positional
// arguments ("verify cassettes --strict"), and returns the positional ones. done is set with the
// exit code when the command must stop, as parseFlags says.
func parseInterspersed(fs *flag.FlagSet, args []string, stderr io.Writer) (positional []string, code int, done bool) {
	for {
		if code, done := parseQuietly(fs, args, stderr); done {
			return nil, code, true
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, 0, false
		}
		if rest[0] == "--" {
			return append(positional, rest[1:]...), 0, false
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// parseQuietly parses flags with the flag package's own messages held back: -h prints the
// command's usage (exit 0), a bad flag is one line naming it and where the usage is (exit 2).
func parseQuietly(fs *flag.FlagSet, args []string, stderr io.Writer) (code int, done bool) {
	usage := fs.Usage
	var msg strings.Builder
	fs.Usage = func() {}
	fs.SetOutput(&msg)
	err := fs.Parse(args)
	fs.Usage = usage
	fs.SetOutput(stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.Usage()
		return 0, true
	case err != nil:
		return usageError(stderr, fs.Name(), "%s", strings.TrimSpace(msg.String())), true
	}
	return 0, false
}

// usageError tells, in one line, what was wrong with a command's usage, and where its usage is;
// it returns the exit code of bad usage.
func usageError(stderr io.Writer, command, format string, args ...any) int {
	fmt.Fprintf(stderr, "classroom-conformance %s: %s (see 'classroom-conformance %s -h')\n", command, fmt.Sprintf(format, args...), command)
	return 2
}
