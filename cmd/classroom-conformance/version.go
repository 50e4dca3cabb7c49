package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/classroom-conformance/classroom-conformance/version"
)

const versionUsage = `usage: classroom-conformance version [--json]

Prints the module version (a release, or the VCS revision of a checkout build), the version of
the suite the binary carries (a digest of its features and rules catalogue) and the revision of
the discovery document the reference follows. Two runs with the same suite version checked the
same scenarios against the same rules.

flags:
`

func runVersion(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fset := commandFlags("version", versionUsage, stderr)
	asJSON := fset.Bool("json", false, "print the versions as a JSON object")
	if code, done := parseFlags(fset, args, stderr); done {
		return code
	}
	info, err := version.Get()
	if err != nil {
		fmt.Fprintf(stderr, "classroom-conformance version: %v\n", err)
		return 2
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(info)
	} else {
		err = info.WriteText(stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "classroom-conformance version: %v\n", err)
		return 2
	}
	return 0
}
