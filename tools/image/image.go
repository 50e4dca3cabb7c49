// Command image builds the container image of classroom-conformance without a container daemon:
// a static binary, a non-root user, CA certificates and the shipped cassettes on an empty base,
// written as an OCI image layout tarball that `docker load` and `podman load` accept. The
// Dockerfile at the repository root builds the same image with Docker; a test keeps them equal.
//
// It lives in a module of its own so that go-containerregistry, pinned in this go.mod, is a
// build tool and never a dependency of classroom-conformance itself.
//
// Usage (from the repository root, or `make image`):
//
//	cd tools/image && go run . -root ../.. -o ../../bin/classroom-conformance-image.tar
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
)

func main() {
	var opts Options
	flag.StringVar(&opts.Root, "root", "../..", "the repository `DIR` to build from")
	flag.StringVar(&opts.Out, "o", "../../bin/classroom-conformance-image.tar", "the OCI image layout tarball to write (`FILE`)")
	flag.StringVar(&opts.Arch, "arch", runtime.GOARCH, "the `GOARCH` of the image")
	flag.StringVar(&opts.CACerts, "ca-certs", defaultCACerts, "the CA certificates bundle (`FILE`, PEM) to ship")
	buildArgs := flag.Bool("build-args", false, "print the --build-arg flags that make `docker build` label and stamp the image as this tool does, and build nothing")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if *buildArgs {
		args, err := DockerBuildArgs(ctx, opts.Root)
		if err != nil {
			fmt.Fprintf(os.Stderr, "image: %v\n", err)
			os.Exit(2)
		}
		fmt.Println(strings.Join(args, " "))
		return
	}
	res, err := Build(ctx, opts)
	if err != nil {
		fmt.Fprintf(os.Stderr, "image: %v\n", err)
		os.Exit(2)
	}
	out, _ := filepath.Abs(opts.Out)
	fmt.Printf("wrote %s (%.1f MB, %s, version %s, suite %s)\nload it with: docker load -i %s\n",
		out, float64(res.Size)/1e6, res.Digest, res.Labels[labelVersion], res.Labels[labelSuite], out)
}
