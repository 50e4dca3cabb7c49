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
	"strings"
	"time"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
	"github.com/classroom-conformance/classroom-conformance/proxy"
	"github.com/classroom-conformance/classroom-conformance/reference"
	"github.com/classroom-conformance/classroom-conformance/rules"
	"github.com/classroom-conformance/classroom-conformance/suite"
)

const serveUsage = `usage: classroom-conformance serve [--addr 127.0.0.1:8080] [--identities FILE] [--seed N] [--max-body SIZE]
                                   [--read-timeout DURATION] [--faults FILE] [--validate] [--expect AMBIGUITY=CHOICE]...

Serves the reference Classroom API v1 emulator from memory until interrupted. It binds to
loopback unless --addr says otherwise (and warns when it is reachable from other machines).

--identities FILE replaces the built-in identities with those of a JSON file: an array of
objects, one per bearer token the emulator accepts:
  [
    {"actor": "teacher", "token": "tok-teacher", "userId": "100000000000000000001",
     "email": "teacher@school.example", "name": "Tess Teacher", "project": "111111111111",
     "scopes": ["classroom.courses", "classroom.coursework.students", "classroom.rosters"]}
  ]
  actor    the name scenarios and profiles use (teacher, student, other student, outsider,
           teacher via project B, student via project B, student without coursework scope)
  token    the bearer token, unique in the file
  userId   the numeric Classroom user id; one user may have several tokens (projects, scopes)
  email    the user's email, accepted wherever a user id is; one per user id
  name     the user's full name
  project  the Developer Console project number of the OAuth client that got the token
  scopes   the OAuth scopes granted, as full URLs or short names ("classroom.courses")
Unknown fields, duplicate tokens and non-numeric user ids are errors.

Where the documentation contradicts itself or is silent, the emulator makes the default choice of
each ambiguity of the rules catalogue (classroom-conformance rules quotes the texts); --expect
selects another, as a target profile's expect: map does for run:
`

// serveReadTimeout bounds how long serve waits for a request's header and body: a client that
// declares a body and never sends it must not hold a connection forever.
const serveReadTimeout = 30 * time.Second

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "`address` to listen on (host:port; port 0 picks a free one)")
	identities := fs.String("identities", "", "JSON `FILE` of identities to accept instead of the built-in ones (format above)")
	maxBody := sizeFlag(proxy.DefaultMaxBody)
	fs.Var(&maxBody, "max-body", "largest request body accepted, `SIZE` e.g. 10MiB, 512KiB, 1048576 (413 above it, as Google answers)")
	readTimeout := fs.Duration("read-timeout", serveReadTimeout, "longest wait for a request's header and body, `DURATION`")
	seed := fs.Int64("seed", 0, "`N` selects the ids and enrolment codes handed out; another seed gives other ones (0: those of the shipped recordings)")
	expect := expectFlag{}
	fs.Var(expect, "expect", "make `AMBIGUITY=CHOICE`, a choice of the rules catalogue (listed above), instead of its default; repeatable")
	apptest := addAppTestFlags(fs)
	fs.Usage = func() {
		fmt.Fprint(stderr, serveUsage)
		printChoices(stderr)
		fmt.Fprint(stderr, "\nflags:\n")
		fs.PrintDefaults()
	}
	if code, done := parseFlags(fs, args, stderr); done {
		return code
	}
	b, err := suite.Behaviour(endpoint.Expectations(expect))
	if err != nil {
		fmt.Fprintf(stderr, "classroom-conformance serve: %v\n", err)
		return 2
	}
	if *readTimeout <= 0 {
		return usageError(stderr, "serve", "--read-timeout %s: must be positive", *readTimeout)
	}
	opts := reference.Options{Behaviour: b, MaxBodyBytes: int64(maxBody), Seed: *seed, ErrorLog: log.New(stderr, "", log.LstdFlags)}
	if *identities != "" {
		ids, err := loadIdentities(*identities)
		if err != nil {
			fmt.Fprintf(stderr, "classroom-conformance serve: %v\n", err)
			return 2
		}
		opts.Identities = ids
	}
	srv, err := reference.New(opts)
	if err != nil {
		fmt.Fprintf(stderr, "classroom-conformance serve: %v\n", err)
		return 2
	}
	if err := apptest.prepare(opts.ErrorLog); err != nil {
		fmt.Fprintf(stderr, "classroom-conformance serve: %v\n", err)
		return 2
	}
	handler := apptest.wrap(srv)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "classroom-conformance serve: --addr %s: %v\n", *addr, err)
		return 2
	}
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok && !tcp.IP.IsLoopback() {
		fmt.Fprintf(stderr, "classroom-conformance serve: warning: listening on %s, reachable from other machines\n", ln.Addr())
	}
	printServeBanner(stdout, "http://"+ln.Addr().String(), opts.Identities)
	hs := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: *readTimeout,
		ReadTimeout:       *readTimeout,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          opts.ErrorLog,
	}
	if err := serveUntilDone(ctx, hs, ln); err != nil {
		fmt.Fprintf(stderr, "classroom-conformance serve: %v\n", err)
		return 2
	}
	apptest.report(stdout)
	fmt.Fprintln(stdout, "stopped")
	return 0
}

// loadIdentities reads the --identities file.
func loadIdentities(path string) ([]reference.Identity, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--identities: %w", err)
	}
	defer f.Close()
	ids, err := reference.LoadIdentities(f)
	if err != nil {
		return nil, fmt.Errorf("--identities %s: %w", path, err)
	}
	return ids, nil
}

// printServeBanner says where the emulator listens and which bearer tokens it accepts (ids, or
// the built-in identities when nil).
func printServeBanner(stdout io.Writer, base string, ids []reference.Identity) {
	fmt.Fprintf(stdout, "Classroom API v1 reference emulator listening on %s\n", base)
	fmt.Fprintln(stdout, "Point a client at it, e.g. option.WithEndpoint(\""+base+"/\") with google.golang.org/api/classroom/v1.")
	fmt.Fprintln(stdout, "Bearer tokens:")
	if ids == nil {
		ids = reference.BuiltinIdentities()
	}
	for _, id := range ids {
		fmt.Fprintf(stdout, "  %-34s %-26s user %s, project %s\n", id.Actor, id.Token, id.UserID, id.Project)
	}
}

// serveUntilDone serves on ln until ctx is done (SIGINT or SIGTERM), then lets the requests in
// flight finish, for at most five seconds.
func serveUntilDone(ctx context.Context, hs *http.Server, ln net.Listener) error {
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// expectFlag is serve's --expect AMBIGUITY=CHOICE, checked against the rules catalogue.
type expectFlag endpoint.Expectations

func (e expectFlag) String() string { return "" }

func (e expectFlag) Set(s string) error {
	id, choice, ok := strings.Cut(s, "=")
	if !ok {
		return fmt.Errorf("want AMBIGUITY=CHOICE, e.g. coursework.default-state=PUBLISHED")
	}
	one := endpoint.Expectations{id: choice}
	if err := one.Validate(); err != nil {
		return err
	}
	e[id] = choice
	return nil
}

// printChoices lists the ambiguities of the rules catalogue and their choices, the default
// first.
func printChoices(w io.Writer) {
	cat, err := rules.Embedded()
	if err != nil {
		fmt.Fprintf(w, "  (the rules catalogue cannot be read: %v)\n", err)
		return
	}
	for _, a := range cat.Ambiguities {
		fmt.Fprintf(w, "  %-32s %s (default), %s\n", a.ID, a.Default, strings.Join(otherChoices(a), ", "))
	}
}

// otherChoices are an ambiguity's choices but its default.
func otherChoices(a rules.Ambiguity) []string {
	var out []string
	for _, v := range a.Values() {
		if v != a.Default {
			out = append(out, v)
		}
	}
	return out
}
