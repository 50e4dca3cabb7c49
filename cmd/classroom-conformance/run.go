package main

import (
	"context"
	"fmt"
	"io"
)

func runSuite(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "classroom-conformance run: not available in this build")
	return 2
}
