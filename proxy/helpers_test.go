package proxy

import (
	"context"
	"encoding/json"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/proxy/cassette"
)

const liveToken = "ya29.a0AfB_byC-live-token-0123456789"

// upstream is a test server standing for Classroom. Each answer echoes the request and carries a
// sequence number, so replaying can be told apart from forwarding and answers from each other.
type upstream struct {
	*httptest.Server
	hits atomic.Int64
	mu   sync.Mutex
	seen []*http.Request // requests received, bodies drained
}

func newUpstream(t testing.TB) *upstream {
	u := &upstream{}
	u.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := u.hits.Add(1)
		body, _ := io.ReadAll(r.Body)
		u.mu.Lock()
		u.seen = append(u.seen, r)
		u.mu.Unlock()
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		w.Header().Set("Set-Cookie", "SID=upstream-session-secret; Path=/")
		json.NewEncoder(w).Encode(map[string]any{
			"n": n, "method": r.Method, "path": r.URL.Path, "query": r.URL.RawQuery,
			"body": string(body), "authorized": r.Header.Get("Authorization") != "",
		})
	}))
	t.Cleanup(u.Close)
	return u
}

func (u *upstream) url(t testing.TB) *url.URL {
	p, err := url.Parse(u.URL)
	require.NoError(t, err)
	return p
}

// echo is an upstream answer, decoded.
type echo struct {
	N          int    `json:"n"`
	Method     string `json:"method"`
	Path       string `json:"path"`
	Query      string `json:"query"`
	Body       string `json:"body"`
	Authorized bool   `json:"authorized"`
}

// running is a Proxy served on a loopback port until stop is called.
type running struct {
	URL  string
	stop func() error
}

func serve(t testing.TB, p *Proxy) *running {
	t.Helper()
	if p.ErrorLog == nil {
		p.ErrorLog = log.New(io.Discard, "", 0)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Serve(ctx, ln) }()
	var once sync.Once
	var serveErr error
	stop := func() error {
		once.Do(func() { cancel(); serveErr = <-done })
		return serveErr
	}
	t.Cleanup(func() { stop() })
	return &running{URL: "http://" + ln.Addr().String(), stop: stop}
}

// do sends a request with the live token and returns the status, the body and the header.
func do(t testing.TB, client *http.Client, method, rawURL, body string) (int, string, http.Header) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, rawURL, r)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+liveToken)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := client.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(data), resp.Header
}

func decodeEcho(t testing.TB, body string) echo {
	t.Helper()
	var e echo
	if err := json.Unmarshal([]byte(body), &e); err != nil {
		t.Fatalf("not an upstream answer: %v: %s", err, body)
	}
	return e
}

// googleError decodes Google's error envelope, failing the test if body is not one.
func googleError(t testing.TB, body string) (code int, status, message string) {
	t.Helper()
	var env struct {
		Error struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
			Status  string `json:"status"`
		} `json:"error"`
	}
	dec := json.NewDecoder(strings.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&env); err != nil || env.Error.Status == "" || env.Error.Message == "" {
		t.Fatalf("not a Google error envelope (%v): %s", err, body)
	}
	return env.Error.Code, env.Error.Status, env.Error.Message
}

func newCassette(t testing.TB, opts cassette.Options) *cassette.Cassette {
	return cassette.New(t.TempDir()+"/c.yaml", opts)
}

func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
