package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
	"github.com/classroom-conformance/classroom-conformance/proxy"
	"github.com/classroom-conformance/classroom-conformance/proxy/cassette"
	"github.com/classroom-conformance/classroom-conformance/proxy/recorder"
	"github.com/classroom-conformance/classroom-conformance/redact"
)

// proxyFlags are the command line of `classroom-conformance proxy`.
type proxyFlags struct {
	upstream, cassette, mode, addr string
	profile                        string
	timeout, saveEvery             time.Duration
	maxBody                        sizeFlag
	redactHeaders, redactJSON      listFlag
	failUnused, matchIdentity      bool
	overwrite, repeatLast          bool
	apptest                        *appTestFlags // --faults, --validate
}

func newProxyFlagSet(f *proxyFlags, stderr io.Writer) *flag.FlagSet {
	fl := flag.NewFlagSet("proxy", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.StringVar(&f.upstream, "upstream", "", "`URL` of the API to forward to, e.g. https://classroom.googleapis.com/ (not needed in replay mode)")
	fl.StringVar(&f.cassette, "cassette", "", "cassette `FILE` (go-vcr v3 YAML) to record to or replay from")
	fl.StringVar(&f.mode, "mode", "", "`MODE`: record, replay, passthrough or replay-or-record")
	fl.StringVar(&f.addr, "addr", "127.0.0.1:8081", "`address` to listen on")
	fl.DurationVar(&f.timeout, "timeout", 30*time.Second, "upstream timeout per request (504 past it); 0 for none")
	f.maxBody = sizeFlag(proxy.DefaultMaxBody)
	fl.Var(&f.maxBody, "max-body", "largest request `size` accepted, e.g. 10MiB, 512KiB, 1048576 (413 above it)")
	fl.DurationVar(&f.saveEvery, "save-interval", proxy.DefaultSaveInterval, "how often a recording is saved while it runs")
	fl.Var(&f.redactHeaders, "redact-header", "extra header `NAME` whose value is redacted (repeatable)")
	fl.Var(&f.redactJSON, "redact-json", "extra JSON `PATH` whose value is redacted, e.g. course.ownerId or ..email (repeatable)")
	fl.BoolVar(&f.failUnused, "fail-unused", false, "replay modes: exit 1 if some recorded interactions were never replayed")
	fl.BoolVar(&f.matchIdentity, "match-identity", false, "match the caller too, by a label derived from its token (never the token)")
	fl.StringVar(&f.profile, "profile", "", "target profile `FILE`: callers are labelled and matched by its actor names (implies --match-identity), and its target is the default upstream")
	fl.BoolVar(&f.overwrite, "overwrite", false, "record mode: replace a cassette that already holds interactions")
	fl.BoolVar(&f.repeatLast, "repeat-last", false, "replay modes: once every recorded answer of a request is used, replay the last one again")
	f.apptest = addAppTestFlags(fl)
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: classroom-conformance proxy --mode record|replay|passthrough|replay-or-record --cassette FILE [--upstream URL]")
		fmt.Fprintln(stderr, "                                   [--addr ADDR] [--profile FILE] [--overwrite] [--repeat-last] [--faults FILE] [--validate] [flags]")
		fmt.Fprintln(stderr, "\nA record/replay proxy: point a client's endpoint at the address it prints. Stop it with")
		fmt.Fprintln(stderr, "SIGINT or SIGTERM: it saves a recording, or reports what a replay missed and left unused.")
		fmt.Fprintln(stderr, "Exit status: 0 clean; 1 a replay missed a request (or left some unused, with --fail-unused);")
		fmt.Fprintln(stderr, "2 bad flags, a cassette that cannot be loaded, or a recording that could not be saved.")
		fmt.Fprintln(stderr, "\nflags:")
		fl.PrintDefaults()
	}
	return fl
}

// badFlagsError is a bad command line: exit 2 with one line and a pointer to -h.
type badFlagsError struct{ msg string }

func (e *badFlagsError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &badFlagsError{fmt.Sprintf(format, a...)} }

// runProxy is `classroom-conformance proxy`: a record/replay reverse proxy in front of a
// Classroom API. It runs until ctx is cancelled (SIGINT or SIGTERM), then saves the recording
// or reports what the replay missed and left unused.
func runProxy(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var f proxyFlags
	if code, done := parseFlags(newProxyFlagSet(&f, stderr), args, stderr); done {
		return code
	}
	p, err := f.build(ctx)
	if err != nil {
		if errors.As(err, new(*badFlagsError)) {
			return usageError(stderr, "proxy", "%v", err)
		}
		fmt.Fprintf(stderr, "classroom-conformance proxy: %v\n", err)
		return 2
	}
	p.ErrorLog = log.New(stderr, "", log.LstdFlags)
	if err := f.apptest.prepare(p.ErrorLog); err != nil {
		fmt.Fprintf(stderr, "classroom-conformance proxy: %v\n", err)
		return 2
	}
	p.Wrap = f.apptest.wrap
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		fmt.Fprintf(stderr, "classroom-conformance proxy: --addr %s: %v\n", f.addr, err)
		return 2
	}
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok && !tcp.IP.IsLoopback() {
		fmt.Fprintf(stderr, "classroom-conformance proxy: warning: listening on %s, reachable from other machines\n", ln.Addr())
	}
	fmt.Fprintf(stdout, "classroom-conformance proxy: %s\n", describeProxy(p))
	fmt.Fprintf(stdout, "listening on http://%s\n", ln.Addr())
	err = p.Serve(ctx, ln)
	f.apptest.report(stdout)
	return proxySummary(stdout, stderr, p.Recorder, err, f.failUnused)
}

// build checks the flags and opens the cassette in its mode.
func (f *proxyFlags) build(ctx context.Context) (*proxy.Proxy, error) {
	if f.mode == "" {
		return nil, usagef("--mode is required (record, replay, passthrough or replay-or-record)")
	}
	mode, err := proxy.ParseMode(f.mode)
	if err != nil {
		return nil, usagef("--mode: %v", err)
	}
	label, err := f.labeller()
	if err != nil {
		return nil, err
	}
	var up *url.URL
	switch {
	case f.upstream != "":
		if up, err = url.Parse(f.upstream); err != nil {
			return nil, usagef("--upstream: %v", err)
		}
		if err := proxy.CheckUpstream(up); err != nil {
			return nil, usagef("--upstream: %v", strings.TrimPrefix(err.Error(), "proxy: "))
		}
	case mode != proxy.Replay:
		return nil, usagef("--upstream is required in %s mode", mode)
	}
	switch {
	case f.cassette == "" && mode != proxy.Passthrough:
		return nil, usagef("--cassette is required in %s mode", mode)
	case f.timeout < 0 || f.saveEvery <= 0:
		return nil, usagef("--timeout must not be negative and --save-interval must be positive")
	case (f.failUnused || f.repeatLast) && !mode.Replays():
		return nil, usagef("--fail-unused and --repeat-last apply to the replay modes only")
	case f.overwrite && mode != proxy.Record:
		return nil, usagef("--overwrite applies to record mode only")
	}
	red, err := redact.New(redact.Options{Headers: f.redactHeaders, JSONPaths: f.redactJSON})
	if err != nil {
		return nil, usagef("%v", err)
	}
	opts := recorder.Options{
		Mode:      mode,
		Cassette:  cassette.Options{MatchActor: f.matchIdentity, Redactor: red, RepeatLast: f.repeatLast},
		Overwrite: f.overwrite,
		Upstream:  proxy.DefaultUpstreamTransport(),
		MaxBody:   int64(f.maxBody),
	}
	if label != nil {
		opts.Actor = label
		opts.Cassette.MatchActor = true
	}
	rec, err := recorder.Open(ctx, f.cassette, opts)
	if errors.Is(err, recorder.ErrWouldOverwrite) {
		return nil, fmt.Errorf("%w; add --overwrite to replace them, or use --mode replay-or-record to extend the cassette", err)
	}
	if err != nil {
		return nil, err
	}
	p := &proxy.Proxy{Recorder: rec, Upstream: up, Timeout: f.timeout, MaxBody: int64(f.maxBody), SaveInterval: f.saveEvery}
	if err := p.Validate(); err != nil {
		return nil, usagef("%v", err)
	}
	return p, nil
}

// labeller is how callers are labelled: by the profile's actor names (and the upstream
// defaults to the profile's target), by a digest of their token with --match-identity, or not
// at all (nil).
func (f *proxyFlags) labeller() (func(*http.Request) string, error) {
	if f.profile == "" {
		if f.matchIdentity {
			return proxy.TokenLabel, nil
		}
		return nil, nil
	}
	p, err := endpoint.LoadProfile(f.profile, endpoint.LoadOptions{})
	if err != nil {
		return nil, err
	}
	if len(p.Actors) == 0 {
		return nil, fmt.Errorf("profile %s names no actors: --profile labels callers by them", f.profile)
	}
	label, err := endpoint.Labeller(p.Actors)
	if err != nil {
		return nil, fmt.Errorf("profile %s: %w", f.profile, err)
	}
	if f.upstream == "" {
		f.upstream = p.Target
	}
	return label, nil
}

// describeProxy is the line the proxy prints when it starts.
func describeProxy(p *proxy.Proxy) string {
	describe := p.Recorder.Mode().String()
	if c := p.Recorder.Cassette(); c != nil {
		describe += fmt.Sprintf(", cassette %s (%d interactions)", c.Path(), c.Len())
	}
	if p.Upstream != nil {
		describe += ", upstream " + p.Upstream.String()
	}
	return describe
}

// proxySummary says what the session did once the proxy has stopped, and gives the exit code:
// 1 when a replay missed a request, or left interactions unused with --fail-unused, or the
// recording could not be saved.
func proxySummary(stdout, stderr io.Writer, rec *recorder.Recorder, err error, failUnused bool) int {
	var replay *recorder.ReplayError
	errors.As(err, &replay)
	if err != nil && replay == nil {
		// The proxy's own problem (a recording it could not save), not a finding.
		fmt.Fprintf(stderr, "classroom-conformance proxy: %v\n", err)
		return 2
	}
	st := rec.Stats()
	mode := rec.Mode()
	if mode.Records() {
		c := rec.Cassette()
		switch {
		case st.Recorded == 0 && st.Saved:
			fmt.Fprintf(stdout, "recorded nothing; rewrote %s without the credentials it held (%d interactions)\n", c.Path(), c.Len())
		case st.Recorded == 0:
			fmt.Fprintf(stdout, "recorded nothing: %s left as it was\n", c.Path())
		default:
			fmt.Fprintf(stdout, "recorded %d interaction(s): saved %s (%d interactions)\n", st.Recorded, c.Path(), c.Len())
		}
	}
	if !mode.Replays() {
		return 0
	}
	fmt.Fprintf(stdout, "replayed %d request(s), %d miss(es), %d recorded interaction(s) unused\n", st.Replayed, st.Missed, len(st.Unused))
	if replay != nil {
		for _, m := range replay.Misses {
			fmt.Fprintf(stdout, "  miss: %s\n", strings.TrimPrefix(m, "replay: "))
		}
		if n := replay.Missed - int64(len(replay.Misses)); n > 0 {
			fmt.Fprintf(stdout, "  ... and %d more miss(es)\n", n)
		}
		for _, u := range replay.Unused {
			fmt.Fprintf(stdout, "  unused: %s\n", u)
		}
	}
	if st.Missed > 0 || failUnused && len(st.Unused) > 0 {
		return 1
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
