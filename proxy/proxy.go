// Package proxy records HTTP traffic to cassettes and replays it, so that tests can run against
// a Classroom API without network or credentials.
//
// A Proxy is an httputil.ReverseProxy in front of one upstream (Google's
// https://classroom.googleapis.com/, or any compatible server): clients point their endpoint at
// it. It records and replays through a recorder.Recorder, the same one clients in the same
// process (such as the conformance suite) use as their http.RoundTripper; matching and redaction
// are package cassette's. The proxy adds only its guards: no CONNECT, a body limit, a timeout,
// and one upstream whatever a request names.
package proxy

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strconv"
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
	// Wrap, if not nil, is put in front of the proxy by Serve: fault plans and the validation of
	// traffic see every request before it is recorded, replayed or forwarded.
	Wrap func(http.Handler) http.Handler

	once    sync.Once
	initErr error
	rec     *recorder.Recorder
	rp      *httputil.ReverseProxy
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
		p.rp = &httputil.ReverseProxy{
			Rewrite:      p.rewrite,
			Transport:    p.rec,
			ErrorHandler: p.fail,
			BufferPool:   &bufferPool{},
			ErrorLog:     p.ErrorLog,
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

// ServeHTTP forwards, records or replays one request. The forwarding is
// httputil.ReverseProxy's (hop-by-hop headers, trailers, pooled copying, aborting a broken
// answer); the proxy adds only its guards: no CONNECT, a body limit, a timeout, and one
// upstream whatever the request names.
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
	if r.ContentLength != 0 {
		r.Body = http.MaxBytesReader(w, r.Body, limit)
	}
	if p.Timeout > 0 {
		ctx, cancel := context.WithTimeout(r.Context(), p.Timeout)
		defer cancel()
		r = r.WithContext(ctx)
	}
	p.rp.ServeHTTP(w, r)
}

// bufferPool lends ReverseProxy the buffers it copies answers through.
type bufferPool struct{ p sync.Pool }

func (b *bufferPool) Get() []byte {
	if bp, ok := b.p.Get().(*[]byte); ok {
		return *bp
	}
	return make([]byte, 32*1024)
}

func (b *bufferPool) Put(buf []byte) { b.p.Put(&buf) }

// rewrite addresses the outbound request to the upstream, whatever host or absolute URI the
// client named: the proxy is not an open relay.
func (p *Proxy) rewrite(pr *httputil.ProxyRequest) {
	if p.Upstream != nil {
		pr.SetURL(p.Upstream)
	} else {
		pr.Out.URL.Scheme, pr.Out.URL.Host = "http", "upstream.invalid" // Replay mode: never dialled
		pr.Out.Host = ""
	}
	if p.mode().Records() {
		pr.Out.Header.Del("Accept-Encoding") // the recorder negotiates compression itself
	}
}

// fail answers a request that could not be forwarded, recorded or replayed.
func (p *Proxy) fail(w http.ResponseWriter, r *http.Request, err error) {
	var miss *cassette.MissError
	switch {
	case errors.As(err, &miss):
		w.Header().Set(MissHeader, "true")
		writeError(w, http.StatusNotImplemented, "UNIMPLEMENTED", miss.Error())
		p.logf("proxy: %v", miss)
	case errors.Is(err, recorder.ErrBodyTooLarge) || errors.As(err, new(*http.MaxBytesError)):
		// The second: a passthrough request body cut by the limit while it was being sent.
		writeError(w, http.StatusRequestEntityTooLarge, "INVALID_ARGUMENT", tooLargeMessage(p.maxBody()))
	case errors.Is(err, context.DeadlineExceeded) && p.Timeout > 0:
		msg := fmt.Sprintf("The upstream %s did not answer within %s.", p.upstreamName(), p.Timeout)
		writeError(w, http.StatusGatewayTimeout, "DEADLINE_EXCEEDED", msg)
		p.logf("proxy: %s %s: %s", r.Method, r.URL.Path, msg)
	case errors.Is(err, context.Canceled):
		// The client went away; there is no one to answer.
		p.logf("proxy: %s %s: client gone: %v", r.Method, r.URL.Path, context.Canceled)
	default:
		msg := fmt.Sprintf("The upstream %s could not be reached: %v", p.upstreamName(), cause(err))
		writeError(w, http.StatusBadGateway, "UNAVAILABLE", msg)
		p.logf("proxy: %s %s: %s", r.Method, r.URL.Path, msg)
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
	var h http.Handler = p
	if p.Wrap != nil {
		h = p.Wrap(p)
	}
	srv := &http.Server{
		Handler:           h,
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
