package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/classroom-conformance/classroom-conformance/reference"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (host:port; port 0 picks a free one)")
	identities := fs.String("identities", "", "JSON file of identities (token, user, project, scopes) to accept instead of the built-in ones")
	var b reference.Behaviour
	fs.StringVar(&b.CourseWorkDefaultState, "coursework-default-state", "DRAFT", "state of course work created without one: DRAFT or PUBLISHED")
	fs.BoolVar(&b.ReclaimReturned, "reclaim-returned", false, "let students reclaim RETURNED submissions (default: FAILED_PRECONDITION)")
	fs.BoolVar(&b.ReturnNotTurnedIn, "return-not-turned-in", false, "let teachers return submissions that are not TURNED_IN (default: FAILED_PRECONDITION)")
	fs.BoolVar(&b.TurnInTwice, "turnin-twice", false, "let students turn in a TURNED_IN submission again (default: FAILED_PRECONDITION)")
	fs.BoolVar(&b.ModifyAssigneesProjectRule, "modifyassignees-project-rule", false, "require the creating Developer Console project for modifyAssignees")
	apptest := addAppTestFlags(fs)
	fs.BoolVar(&b.HiddenWorkPermissionDenied, "hidden-work-permission-denied", false, "answer students' requests for course work they may not see with PERMISSION_DENIED (default: NOT_FOUND)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: classroom-conformance serve [--addr 127.0.0.1:8080] [--identities FILE] [--faults FILE] [--validate] [behaviour flags]")
		fmt.Fprintln(stderr, "\nServes the reference Classroom API v1 emulator from memory until interrupted.")
		fmt.Fprintln(stderr, "\nflags:")
		fs.PrintDefaults()
	}
	if code, done := parseFlags(fs, args, stderr); done {
		return code
	}
	opts := reference.Options{Behaviour: b, ErrorLog: log.New(stderr, "", log.LstdFlags)}
	if *identities != "" {
		f, err := os.Open(*identities)
		if err != nil {
			fmt.Fprintf(stderr, "serve: %v\n", err)
			return 2
		}
		opts.Identities, err = reference.LoadIdentities(f)
		f.Close()
		if err != nil {
			fmt.Fprintf(stderr, "serve: %s: %v\n", *identities, err)
			return 2
		}
	}
	srv, err := reference.New(opts)
	if err != nil {
		fmt.Fprintf(stderr, "serve: %v\n", err)
		return 2
	}
	if err := apptest.prepare(opts.ErrorLog); err != nil {
		fmt.Fprintf(stderr, "serve: %v\n", err)
		return 2
	}
	handler := apptest.wrap(srv)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "serve: %v\n", err)
		return 2
	}
	base := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "Classroom API v1 reference emulator listening on %s\n", base)
	fmt.Fprintln(stdout, "Point a client at it, e.g. option.WithEndpoint(\""+base+"/\") with google.golang.org/api/classroom/v1.")
	fmt.Fprintln(stdout, "Bearer tokens:")
	ids := opts.Identities
	if ids == nil {
		ids = reference.BuiltinIdentities()
	}
	for _, id := range ids {
		fmt.Fprintf(stdout, "  %-34s %-26s user %s, project %s\n", id.Actor, id.Token, id.UserID, id.Project)
	}
	hs := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second, ErrorLog: opts.ErrorLog}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		fmt.Fprintf(stderr, "serve: %v\n", err)
		return 1
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil {
		fmt.Fprintf(stderr, "serve: shutdown: %v\n", err)
		return 1
	}
	apptest.report(stdout)
	fmt.Fprintln(stdout, "stopped")
	return 0
}
