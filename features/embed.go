// Package features holds the conformance suite: Gherkin scenarios, one file per Classroom method
// or concern, each scenario tagged with the rule of the documentation it checks
// (@rule:<id>, see package rules) and, where the documentation is ambiguous, with the behaviour it
// expects (@ambiguity:<id>=<CHOICE>). The files are embedded so the binary carries its suite.
package features

import "embed"

// FS holds every *.feature file of the suite, at the root of the file system. The runner executes
// them and package rules reads their tags to compute the coverage of the rules catalogue.
//
//go:embed *.feature
var FS embed.FS
