// Package proxy records HTTP traffic to cassettes and replays it, so that tests can run against
// a Classroom API without network or credentials.
//
// A Proxy is a reverse proxy in front of one upstream (Google's https://classroom.googleapis.com/,
// or any compatible server): clients point their endpoint at it. A Transport is the same
// record/replay machinery as an http.RoundTripper, for clients in the same process, such as the
// conformance suite. Both match and redact through package cassette.
package proxy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/classroom-conformance/classroom-conformance/proxy/cassette"
	"github.com/classroom-conformance/classroom-conformance/proxy/recorder"
)

// DefaultSaveInterval is how often Serve saves a recording cassette that has changed.
const DefaultSaveInterval = time.Second

// A Proxy forwards the requests it receives to Upstream, and only there, recording or replaying
// them according to Mode. Configure it through its fields before the first request:
//
//	p := &proxy.Proxy{Upstream: u, Mode: proxy.Replay, Cassette: c}
//	err := p.Serve(ctx, listener)
type Proxy struct {
	// Recorder records, replays or passes the requests through, in its mode; Serve closes it
	// when it stops. When nil, the proxy makes one of Mode and Cassette.
	Recorder *recorder.Recorder
	// Mode is what the proxy does with requests when Recorder is nil; the zero value is Replay.
	Mode Mode
	// Cassette records and answers requests when Recorder is nil; required except in
	// Passthrough mode.
	Cassette *cassette.Cassette
	// Upstream is the server requests are forwarded to: scheme (http or https), host, and an
	// optional path prefix. Whatever host a request names, it goes here and nowhere else.
	// Required except in Replay mode.
	Upstream *url.URL
	// Transport sends requests upstream when Recorder is nil. Nil means a clone of
	// http.DefaultTransport that keeps more idle connections per host, as a proxy serving
	// concurrent clients needs.
	Transport http.RoundTripper
	// Identity labels the caller of each request for the cassette when Recorder is nil (see
	// TokenLabel and endpoint.Labeller). Nil leaves requests unlabelled.
	Identity func(*http.Request) string
	// Timeout bounds each upstream exchange; past it the client gets 504 DEADLINE_EXCEEDED.
	// Zero means no limit.
	Timeout time.Duration
	// MaxBody is the largest request body accepted (413 above it); zero means DefaultMaxBody.
	MaxBody int64
	// SaveInterval is how often Serve saves a recording cassette; zero means
	// DefaultSaveInterval.
	SaveInterval time.Duration
	// ErrorLog receives failed exchanges and failed saves. Nil means the log package's
	// standard logger. Nothing logged holds a credential.
	ErrorLog *log.Logger

	once    sync.Once
	initErr error
	rec     *recorder.Recorder
	buffers sync.Pool // *[]byte for copying answers
}

// DefaultUpstreamTransport returns the transport a Proxy uses when Transport is nil.
func DefaultUpstreamTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 256
	t.MaxIdleConnsPerHost = 64
	return t
}

// mode is the proxy's mode: its Recorder's, or Mode.
func (p *Proxy) mode() Mode {
	if p.Recorder != nil {
		return p.Recorder.Mode()
	}
	return p.Mode
}

// Validate reports what is wrong with the proxy's configuration, if anything.
func (p *Proxy) Validate() error {
	mode := p.mode()
	if mode < Replay || mode > Passthrough {
		return fmt.Errorf("proxy: unknown mode %s", mode)
	}
	if p.Recorder == nil && mode != Passthrough && p.Cassette == nil {
		return fmt.Errorf("proxy: %s mode needs a cassette", mode)
	}
	if mode != Replay {
		if p.Upstream == nil {
			return fmt.Errorf("proxy: %s mode needs an upstream", mode)
		}
		if err := CheckUpstream(p.Upstream); err != nil {
			return err
		}
	}
	return nil
}

// CheckUpstream reports whether u can be a proxy's upstream: an absolute http or https URL with a
// host, and without credentials, query or fragment.
func CheckUpstream(u *url.URL) error {
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("proxy: upstream %q: scheme must be http or https", u.Redacted())
	case u.Host == "":
		return fmt.Errorf("proxy: upstream %q: no host", u.Redacted())
	case u.User != nil:
		return fmt.Errorf("proxy: upstream %q: must not carry credentials; clients send their own", u.Redacted())
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return fmt.Errorf("proxy: upstream %q: must not have a query or fragment", u.Redacted())
	}
	return nil
}

func (p *Proxy) init() error {
	p.once.Do(func() {
		if p.initErr = p.Validate(); p.initErr != nil {
			return
		}
		p.rec = p.Recorder
		if p.rec == nil {
			up := p.Transport
			if up == nil {
				up = DefaultUpstreamTransport()
			}
			p.rec = recorder.New(p.Cassette, recorder.Options{Mode: p.Mode, Upstream: up, MaxBody: p.maxBody(), Actor: p.Identity})
		}
	})
	return p.initErr
}

func (p *Proxy) maxBody() int64 {
	if p.MaxBody > 0 {
		return p.MaxBody
	}
	return DefaultMaxBody
}

func (p *Proxy) logf(format string, args ...any) {
	if p.ErrorLog != nil {
		p.ErrorLog.Printf(format, args...)
	} else {
		log.Printf(format, args...)
	}
}

// ServeHTTP forwards, records or replays one request.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := p.init(); err != nil {
		writeError(w, http.StatusInternalServerError, "INTERNAL", err.Error())
		return
	}
	if r.Method == http.MethodConnect {
		writeError(w, http.StatusNotImplemented, "UNIMPLEMENTED",
			"CONNECT is not supported: this proxy forwards requests to its configured upstream only")
		return
	}
	limit := p.maxBody()
	if r.ContentLength > limit {
		writeError(w, http.StatusRequestEntityTooLarge, "INVALID_ARGUMENT", tooLargeMessage(limit))
		return
	}
	ctx := r.Context()
	if p.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, p.Timeout)
		defer cancel()
	}
	body := r.Body
	if r.ContentLength != 0 {
		body = http.MaxBytesReader(w, r.Body, limit)
	}
	out := p.outbound(ctx, r, body)
	resp, err := p.rec.RoundTrip(out)
	if err != nil {
		p.fail(w, r, out, err)
		return
	}
	defer resp.Body.Close()
	h := w.Header()
	for k, vs := range resp.Header {
		h[k] = vs
	}
	recorder.RemoveHopByHop(h)
	if len(resp.Trailer) > 0 {
		names := make([]string, 0, len(resp.Trailer))
		for k := range resp.Trailer {
			names = append(names, k)
		}
		h.Set("Trailer", strings.Join(names, ", "))
	}
	w.WriteHeader(resp.StatusCode)
	if err := p.copyBody(w, resp.Body); err != nil {
		// The status line is gone: all that is left is to cut the connection, so the client
		// sees a broken answer rather than a short one that looks complete.
		p.logf("proxy: %s %s: copying the answer: %v", r.Method, out.URL.Path, err)
		panic(http.ErrAbortHandler)
	}
	for k, vs := range resp.Trailer {
		h[k] = vs
	}
}

// copyBody copies an answer through a pooled buffer. Hiding the ResponseWriter's ReadFrom
// matters: net/http's would write the first 512 bytes and the rest in separate system calls,
// through a fresh 32 KB buffer each time.
func (p *Proxy) copyBody(w http.ResponseWriter, body io.Reader) error {
	bp, _ := p.buffers.Get().(*[]byte)
	if bp == nil {
		b := make([]byte, 32*1024)
		bp = &b
	}
	defer p.buffers.Put(bp)
	_, err := io.CopyBuffer(writerOnly{w}, body, *bp)
	return err
}

// writerOnly hides every method of a writer but Write.
type writerOnly struct{ io.Writer }

// outbound is the request sent on: the same method, path, query, headers and body, addressed to
// the upstream whatever host or absolute URI the client named, without hop-by-hop headers.
func (p *Proxy) outbound(ctx context.Context, r *http.Request, body io.ReadCloser) *http.Request {
	out := r.WithContext(ctx)
	u := &url.URL{Path: r.URL.Path, RawPath: r.URL.RawPath, RawQuery: r.URL.RawQuery}
	if up := p.Upstream; up != nil {
		u.Scheme, u.Host = up.Scheme, up.Host
		if prefix := strings.TrimSuffix(up.Path, "/"); prefix != "" {
			u.Path = prefix + "/" + strings.TrimPrefix(r.URL.Path, "/")
			if r.URL.RawPath != "" {
				u.RawPath = strings.TrimSuffix(up.EscapedPath(), "/") + "/" + strings.TrimPrefix(r.URL.RawPath, "/")
			}
		}
	} else {
		u.Scheme, u.Host = "http", "upstream.invalid" // Replay mode: never dialled
	}
	out.URL = u
	out.Host = ""
	out.RequestURI = ""
	out.Header = r.Header.Clone()
	if out.Header == nil {
		out.Header = http.Header{}
	}
	recorder.RemoveHopByHop(out.Header)
	if p.mode().Records() {
		out.Header.Del("Accept-Encoding") // see Transport.record; saves it a copy of the header
	}
	out.Close = false
	if r.ContentLength == 0 {
		out.Body = nil // no body: let the transport send none, not an empty chunked one
	} else {
		out.Body = body
	}
	return out
}

// fail answers a request that could not be forwarded, recorded or replayed.
func (p *Proxy) fail(w http.ResponseWriter, r, out *http.Request, err error) {
	var miss *cassette.MissError
	switch {
	case errors.As(err, &miss):
		w.Header().Set(MissHeader, "true")
		writeError(w, http.StatusNotImplemented, "UNIMPLEMENTED", miss.Error())
		p.logf("proxy: %v", miss)
	case errors.Is(err, recorder.ErrBodyTooLarge) || errors.As(err, new(*http.MaxBytesError)):
		// The second: a passthrough request body cut by the limit while it was being sent.
		writeError(w, http.StatusRequestEntityTooLarge, "INVALID_ARGUMENT", tooLargeMessage(p.maxBody()))
	case r.Context().Err() != nil:
		// The client went away; there is no one to answer.
		p.logf("proxy: %s %s: client gone: %v", r.Method, out.URL.Path, r.Context().Err())
	case errors.Is(err, context.DeadlineExceeded):
		msg := fmt.Sprintf("The upstream %s did not answer within %s.", p.upstreamName(), p.Timeout)
		writeError(w, http.StatusGatewayTimeout, "DEADLINE_EXCEEDED", msg)
		p.logf("proxy: %s %s: %s", r.Method, out.URL.Path, msg)
	default:
		msg := fmt.Sprintf("The upstream %s could not be reached: %v", p.upstreamName(), cause(err))
		writeError(w, http.StatusBadGateway, "UNAVAILABLE", msg)
		p.logf("proxy: %s %s: %s", r.Method, out.URL.Path, msg)
	}
}

func tooLargeMessage(limit int64) string {
	return "Request payload size exceeds the limit: " + strconv.FormatInt(limit, 10) + " bytes."
}

func (p *Proxy) upstreamName() string {
	if p.Upstream == nil {
		return "(none)"
	}
	return (&url.URL{Scheme: p.Upstream.Scheme, Host: p.Upstream.Host, Path: p.Upstream.Path}).String()
}

// cause strips the *url.Error around a transport error: its URL may carry a credential in the
// query, and the message names the upstream anyway.
func cause(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// Serve accepts connections on ln until ctx is done, then stops accepting, lets the requests in
// flight finish (for up to ShutdownTimeout), and closes the Recorder: a recording is saved, a
// replay reports its misses and unused interactions (a *recorder.ReplayError). While it runs it
// saves a recording every SaveInterval, so a crash loses at most that much traffic and never
// the cassette saved before.
func (p *Proxy) Serve(ctx context.Context, ln net.Listener) error {
	if err := p.init(); err != nil {
		ln.Close()
		return err
	}
	srv := &http.Server{
		Handler:           p,
		ReadHeaderTimeout: 30 * time.Second,
		ErrorLog:          p.ErrorLog,
	}
	var saver sync.WaitGroup
	saveCtx, stopSaving := context.WithCancel(ctx)
	defer stopSaving()
	interval := p.SaveInterval
	if interval <= 0 {
		interval = DefaultSaveInterval
	}
	saver.Add(1)
	go func() {
		defer saver.Done()
		p.rec.AutoSave(saveCtx, interval, func(err error) { p.logf("proxy: %v", err) })
	}()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	var err error
	select {
	case err = <-served:
	case <-ctx.Done():
		shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), ShutdownTimeout)
		if err = srv.Shutdown(shutdownCtx); err != nil {
			srv.Close() // requests still in flight are cut; they were not recorded
		}
		cancel()
		<-served
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	stopSaving()
	saver.Wait()
	return errors.Join(err, p.rec.Close())
}

// ShutdownTimeout is how long Serve waits for requests in flight when it stops.
const ShutdownTimeout = 10 * time.Second
