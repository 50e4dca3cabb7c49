package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/classroom-conformance/classroom-conformance/proxy"
	"github.com/classroom-conformance/classroom-conformance/proxy/cassette"
	"github.com/classroom-conformance/classroom-conformance/redact"
)

// runProxy is `classroom-conformance proxy`: a record/replay reverse proxy in front of a
// Classroom API. It runs until ctx is cancelled (SIGINT or SIGTERM), then saves the cassette
// and, in the replay modes, reports the interactions no request used.
func runProxy(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("proxy", flag.ContinueOnError)
	fl.SetOutput(stderr)
	upstream := fl.String("upstream", "", "`URL` of the API to forward to, e.g. https://classroom.googleapis.com/ (not needed in replay mode)")
	cassettePath := fl.String("cassette", "", "cassette `FILE` (go-vcr v3 YAML) to record to or replay from")
	modeName := fl.String("mode", "", "`MODE`: record, replay, passthrough or replay-or-record")
	addr := fl.String("addr", "127.0.0.1:8081", "`address` to listen on")
	timeout := fl.Duration("timeout", 30*time.Second, "upstream timeout per request (504 past it); 0 for none")
	maxBody := sizeFlag(proxy.DefaultMaxBody)
	fl.Var(&maxBody, "max-body", "largest request `size` accepted, e.g. 10MiB, 512KiB, 1048576 (413 above it)")
	saveEvery := fl.Duration("save-interval", proxy.DefaultSaveInterval, "how often a recording is saved while it runs")
	var redactHeaders, redactJSON listFlag
	fl.Var(&redactHeaders, "redact-header", "extra header `NAME` whose value is redacted (repeatable)")
	fl.Var(&redactJSON, "redact-json", "extra JSON `PATH` whose value is redacted, e.g. course.ownerId or ..email (repeatable)")
	failUnused := fl.Bool("fail-unused", false, "replay modes: exit 1 if some recorded interactions were never replayed")
	apptest := addAppTestFlags(fl)
	matchIdentity := fl.Bool("match-identity", false, "match the caller too, by a label derived from its token (never the token)")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: classroom-conformance proxy --mode MODE --cassette FILE [--upstream URL] [flags]")
		fmt.Fprintln(stderr, "\nA record/replay proxy: point a client's endpoint at the address it prints.")
		fmt.Fprintln(stderr, "\nflags:")
		fl.PrintDefaults()
	}
	if code, done := parseFlags(fl, args, stderr); done {
		return code
	}
	usageErr := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "classroom-conformance proxy: "+format+"\n", a...)
		fmt.Fprintln(stderr, "Run 'classroom-conformance proxy -h' for usage.")
		return 2
	}
	if *modeName == "" {
		return usageErr("--mode is required (record, replay, passthrough or replay-or-record)")
	}
	mode, err := proxy.ParseMode(*modeName)
	if err != nil {
		return usageErr("--mode: %v", err)
	}
	var up *url.URL
	switch {
	case *upstream != "":
		if up, err = url.Parse(*upstream); err != nil {
			return usageErr("--upstream: %v", err)
		}
		if err := proxy.CheckUpstream(up); err != nil {
			return usageErr("--upstream: %v", strings.TrimPrefix(err.Error(), "proxy: "))
		}
	case mode != proxy.Replay:
		return usageErr("--upstream is required in %s mode", mode)
	}
	if *cassettePath == "" && mode != proxy.Passthrough {
		return usageErr("--cassette is required in %s mode", mode)
	}
	if *timeout < 0 || *saveEvery <= 0 {
		return usageErr("--timeout must not be negative and --save-interval must be positive")
	}
	if *failUnused && !mode.Replays() {
		return usageErr("--fail-unused applies to the replay modes only")
	}
	red, err := redact.New(redact.Options{Headers: redactHeaders, JSONPaths: redactJSON})
	if err != nil {
		return usageErr("%v", err)
	}

	opts := cassette.Options{MatchActor: *matchIdentity, Redactor: red}
	var c *cassette.Cassette
	switch mode {
	case proxy.Record:
		c = cassette.New(*cassettePath, opts)
	case proxy.Replay, proxy.ReplayOrRecord:
		c, err = cassette.Load(ctx, *cassettePath, opts)
		if errors.Is(err, fs.ErrNotExist) && mode == proxy.ReplayOrRecord {
			c, err = cassette.New(*cassettePath, opts), nil
		}
		if err != nil {
			fmt.Fprintf(stderr, "classroom-conformance proxy: %v\n", err)
			return 2
		}
	}
	p := &proxy.Proxy{
		Mode: mode, Cassette: c, Upstream: up, Timeout: *timeout, MaxBody: int64(maxBody),
		SaveInterval: *saveEvery, ErrorLog: log.New(stderr, "", log.LstdFlags),
	}
	if *matchIdentity {
		p.Identity = proxy.TokenLabel
	}
	if err := p.Validate(); err != nil {
		return usageErr("%v", err)
	}
	if err := apptest.prepare(p.ErrorLog); err != nil {
		fmt.Fprintf(stderr, "classroom-conformance proxy: %v\n", err)
		return 2
	}
	p.Wrap = apptest.wrap
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "classroom-conformance proxy: %v\n", err)
		return 2
	}
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok && !tcp.IP.IsLoopback() {
		fmt.Fprintf(stderr, "classroom-conformance proxy: warning: listening on %s, reachable from other machines\n", ln.Addr())
	}
	describe := string(mode.String())
	if c != nil {
		describe += fmt.Sprintf(", cassette %s (%d interactions)", c.Path(), c.Len())
	}
	if up != nil {
		describe += ", upstream " + up.String()
	}
	fmt.Fprintf(stdout, "classroom-conformance proxy: %s\n", describe)
	fmt.Fprintf(stdout, "listening on http://%s\n", ln.Addr())

	if err := p.Serve(ctx, ln); err != nil {
		fmt.Fprintf(stderr, "classroom-conformance proxy: %v\n", err)
		return 1
	}
	apptest.report(stdout)
	if mode.Records() {
		fmt.Fprintf(stdout, "saved %s (%d interactions)\n", c.Path(), c.Len())
	}
	if mode.Replays() {
		unused := c.Unused()
		if len(unused) == 0 {
			fmt.Fprintln(stdout, "every recorded interaction was replayed")
			return 0
		}
		fmt.Fprintf(stdout, "%d recorded interaction(s) never replayed:\n", len(unused))
		for _, u := range unused {
			fmt.Fprintf(stdout, "  %s\n", u)
		}
		if *failUnused {
			return 1
		}
	}
	return 0
}

// listFlag is a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

// sizeFlag is a byte count written as a number with an optional unit (B, KB, KiB, MB, MiB, GB,
// GiB).
type sizeFlag int64

func (s *sizeFlag) String() string { return strconv.FormatInt(int64(*s), 10) }

func (s *sizeFlag) Set(v string) error {
	units := []struct {
		suffix string
		mult   int64
	}{
		{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30},
		{"KB", 1000}, {"MB", 1000 * 1000}, {"GB", 1000 * 1000 * 1000},
		{"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"B", 1},
	}
	num, mult := strings.TrimSpace(v), int64(1)
	for _, u := range units {
		if strings.HasSuffix(num, u.suffix) {
			num, mult = strings.TrimSpace(strings.TrimSuffix(num, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)/mult {
		return fmt.Errorf("not a positive size: %q (examples: 10MiB, 512KiB, 1048576)", v)
	}
	*s = sizeFlag(n * mult)
	return nil
}
