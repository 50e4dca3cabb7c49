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
//	classroom-conformance cassettes lint DIR...   fail on credentials in cassettes
//	classroom-conformance cassettes validate DIR...   check recorded traffic against the discovery document
//
// Exit codes: 0 success, 1 a check failed, 2 bad usage or an unusable target.
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
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
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
	c, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "classroom-conformance: unknown command %q\n\n", args[0])
		usage(stderr, cmds)
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
// there, it returns done with the exit code: 0 after -h, 2 for bad usage (the flag package
// has already said what was wrong).
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer) (code int, done bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, true
		}
		return 2, true
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "classroom-conformance %s: unexpected argument %q\n\n", fs.Name(), fs.Arg(0))
		fs.Usage()
		return 2, true
	}
	return 0, false
}
