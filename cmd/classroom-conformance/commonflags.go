package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
	"github.com/classroom-conformance/classroom-conformance/suite"
)

// commandFlags is the flag set of a command: errors and -h go to stderr, and -h prints usage
// (the command's text) and then the flags.
func commandFlags(name, usage string, stderr io.Writer) *flag.FlagSet {
	fset := flag.NewFlagSet(name, flag.ContinueOnError)
	fset.SetOutput(stderr)
	fset.Usage = func() {
		fmt.Fprint(stderr, usage)
		fset.PrintDefaults()
	}
	return fset
}

// formatFlag collects repeated --format flags of run and verify, each checked by parse against
// the command's own formats (suite.ParseFormat, verify.ParseFormat).
type formatFlag struct {
	parse func(string) (suite.Format, error)
	list  []suite.Format
}

func (f *formatFlag) String() string {
	if f == nil {
		return ""
	}
	parts := make([]string, len(f.list))
	for i, x := range f.list {
		parts[i] = x.String()
	}
	return strings.Join(parts, ",")
}

func (f *formatFlag) Set(s string) error {
	x, err := f.parse(s)
	if err != nil {
		return err
	}
	f.list = append(f.list, x)
	return nil
}

// readProfile reads the target profile --profile names; nil when it names none.
func readProfile(path string) (*endpoint.Profile, error) {
	if path == "" {
		return nil, nil
	}
	return endpoint.LoadProfile(path, endpoint.LoadOptions{})
}
