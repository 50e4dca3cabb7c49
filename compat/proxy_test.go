package compat

import (
	"context"
	"net"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"testing"

	"github.com/classroom-conformance/classroom-conformance/proxy"
	"github.com/classroom-conformance/classroom-conformance/proxy/cassette"
	"github.com/classroom-conformance/classroom-conformance/reference"
)

// serveProxy runs p on a loopback port until the test ends or stop is called, and returns its
// base URL and stop, which waits for Serve to return (and so for the cassette to be saved).
func serveProxy(t *testing.T, p *proxy.Proxy) (string, func()) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Serve(ctx, ln) }()
	stopped := false
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		if err := <-done; err != nil {
			t.Errorf("proxy: %v", err)
		}
	}
	t.Cleanup(stop)
	return "http://" + ln.Addr().String(), stop
}

// TestOfficialClientThroughProxy records the official client's whole flow through the proxy in
// front of the reference, then stops the reference and replays the same flow from the cassette
// alone: an app's tests can run offline from what the proxy recorded.
func TestOfficialClientThroughProxy(t *testing.T) {
	ref, err := reference.New(reference.Options{})
	if err != nil {
		t.Fatal(err)
	}
	upstream := httptest.NewServer(ref)
	u, _ := url.Parse(upstream.URL)
	file := filepath.Join(t.TempDir(), "flow.yaml")
	opts := cassette.Options{MatchActor: true}

	recording := &proxy.Proxy{Mode: proxy.Record, Upstream: u, Cassette: cassette.New(file, opts), Identity: proxy.TokenLabel}
	base, stop := serveProxy(t, recording)
	assignmentFlow(t, clients(t, base))
	stop()
	upstream.Close() // nothing may reach the reference from now on

	c, err := cassette.Load(context.Background(), file, opts)
	if err != nil {
		t.Fatal(err)
	}
	if c.Len() == 0 {
		t.Fatal("the proxy recorded nothing")
	}
	replaying := &proxy.Proxy{Mode: proxy.Replay, Cassette: c, Identity: proxy.TokenLabel}
	base, _ = serveProxy(t, replaying)
	assignmentFlow(t, clients(t, base))
	if unused := c.Unused(); len(unused) > 0 {
		t.Fatalf("%d recorded interactions were not replayed, the first: %s", len(unused), unused[0])
	}
}
