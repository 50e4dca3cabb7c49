package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/classroom-conformance/classroom-conformance/rules"
	"github.com/classroom-conformance/classroom-conformance/suite"
)

// stringsFlag collects a repeatable string flag.
type stringsFlag []string

func (f *stringsFlag) String() string     { return strings.Join(*f, ",") }
func (f *stringsFlag) Set(s string) error { *f = append(*f, s); return nil }

// selectionFlags are the flags of run that choose what runs: listing, selection, shards and
// features from disk.
type selectionFlags struct {
	list                        bool
	features, methods, scenario stringsFlag
	shard, shardIndex           string
	featuresDir                 string
}

func (s *selectionFlags) register(fset *flag.FlagSet) {
	fset.BoolVar(&s.list, "list", false, "print the selected scenarios (file:line, name, rules, actors) and run nothing")
	fset.Var(&s.features, "feature", "run only the feature `FILE` (e.g. coursework_create.feature); repeatable")
	fset.Var(&s.methods, "method", "run only the features tagged @method:`ID` (e.g. classroom.courses.courseWork.create); repeatable")
	fset.Var(&s.scenario, "scenario", "run only the scenario of this `NAME`, or at FILE:LINE; repeatable")
	fset.StringVar(&s.shard, "shard", "", "run part `K/N` of the selection: N runs with K=1..N run every scenario exactly once")
	fset.StringVar(&s.shardIndex, "shard-index", "", "run part `I/N` of the selection, I counted from 0 (a Kubernetes Indexed Job's completion index)")
	fset.StringVar(&s.featuresDir, "features", "", "run the *.feature files of `DIR` instead of the embedded suite, checked against the rules catalogue")
}

// apply sets the selection and, with --features, the features of opts. The error is a usage
// error: one line naming the fix.
func (s *selectionFlags) apply(opts *suite.Options) error {
	opts.Select = suite.Selection{Features: s.features, Methods: s.methods, Scenarios: s.scenario}
	switch {
	case s.shard != "" && s.shardIndex != "":
		return errors.New("--shard and --shard-index cannot be used together: give one")
	case s.shard != "":
		sh, err := suite.ParseShard(s.shard)
		if err != nil {
			return err
		}
		opts.Select.Shard = sh
	case s.shardIndex != "":
		sh, err := suite.ParseShardIndex(s.shardIndex)
		if err != nil {
			return err
		}
		opts.Select.Shard = sh
	}
	if s.featuresDir == "" {
		return nil
	}
	if st, err := os.Stat(s.featuresDir); err != nil || !st.IsDir() {
		return fmt.Errorf("--features %s: not a folder of *.feature files", s.featuresDir)
	}
	cat, err := rules.Load()
	if err != nil {
		return err
	}
	fsys := os.DirFS(s.featuresDir)
	if err := suite.CheckFeatures(fsys, cat); err != nil {
		return fmt.Errorf("--features %s: %w", s.featuresDir, err)
	}
	opts.FS = fsys
	return nil
}

// listScenarios prints, one line each, the scenarios a run with opts would execute, and their
// number on stderr.
func listScenarios(opts suite.Options, stdout, stderr io.Writer) int {
	listed, err := suite.List(opts)
	if err != nil {
		fmt.Fprintf(stderr, "classroom-conformance run: %v\n", err)
		return 2
	}
	width := 0
	for _, l := range listed {
		width = max(width, len(l.Location()))
	}
	for _, l := range listed {
		line := fmt.Sprintf("%-*s  %s  rules: %s  actors: %s", width, l.Location(), l.Name, orNone(l.Rules), orNone(l.Actors))
		if l.Skip != "" {
			line += "  (skipped: " + l.Skip + ")"
		}
		fmt.Fprintln(stdout, line)
	}
	what := fmt.Sprintf("%d scenario%s", len(listed), map[bool]string{true: "", false: "s"}[len(listed) == 1])
	if !opts.Select.Shard.IsZero() {
		what += " in shard " + opts.Select.Shard.String()
	}
	fmt.Fprintln(stderr, what)
	return 0
}

func orNone(list []string) string {
	if len(list) == 0 {
		return "-"
	}
	return strings.Join(list, ",")
}
