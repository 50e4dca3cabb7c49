package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"

	"github.com/classroom-conformance/classroom-conformance/discovery"
	"github.com/classroom-conformance/classroom-conformance/faults"
)

// appTestFlags are the flags serve and proxy share for testing apps offline: a fault plan, and
// the validation of traffic against the discovery document.
type appTestFlags struct {
	faultsFile string
	validate   bool

	doc       *discovery.Document
	plan      *faults.Plan
	logger    *log.Logger
	validator *discovery.Validator
}

func addAppTestFlags(fs *flag.FlagSet) *appTestFlags {
	f := &appTestFlags{}
	fs.StringVar(&f.faultsFile, "faults", "", "fault plan `FILE` (YAML or JSON) keyed by discovery method id; the control endpoint is /_faults")
	fs.BoolVar(&f.validate, "validate", false, "check every request and answer against its method's schema in the discovery document; one line per finding")
	return f
}

// prepare reads the fault plan, if any; a plan that does not parse is an error naming the file
// and the line.
func (f *appTestFlags) prepare(logger *log.Logger) error {
	doc, err := discovery.Load()
	if err != nil {
		return err
	}
	f.doc, f.logger = doc, logger
	if f.faultsFile == "" {
		return nil
	}
	data, err := os.ReadFile(f.faultsFile)
	if err != nil {
		return fmt.Errorf("--faults: %w", err)
	}
	if f.plan, err = faults.Parse(data, doc); err != nil {
		return fmt.Errorf("--faults %s: %w", f.faultsFile, err)
	}
	return nil
}

// wrap returns h behind the fault plan and the validator the flags ask for. Faults come first,
// so that what is validated is what the server answered. The control endpoint is there even
// without a plan file, for tests that bring their own plans.
func (f *appTestFlags) wrap(h http.Handler) http.Handler {
	if f.validate {
		logger := f.logger
		f.validator = &discovery.Validator{Doc: f.doc, Next: h, Report: func(fd discovery.Finding) {
			logger.Printf("validate: %s", fd)
		}}
		h = f.validator
	}
	return &faults.Handler{Next: h, Doc: f.doc, Plan: f.plan}
}

// report prints, at exit, how many findings validation made.
func (f *appTestFlags) report(w io.Writer) {
	if f.validator == nil {
		return
	}
	if n := f.validator.Findings(); n > 0 {
		fmt.Fprintf(w, "validate: %d finding(s) against the discovery document (revision %s)\n", n, discovery.Revision())
		return
	}
	fmt.Fprintf(w, "validate: no findings against the discovery document (revision %s)\n", discovery.Revision())
}
