package proxy

import (
	"bufio"
	"context"
	"fmt"
	"github.com/stretchr/testify/require"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/classroom-conformance/classroom-conformance/proxy/cassette"
	"github.com/classroom-conformance/classroom-conformance/redact"
)

// The workflow the proxy exists for: record against a live server, then replay with no server.
func TestRecordThenReplay(t *testing.T) {
	up := newUpstream(t)
	path := t.TempDir() + "/classroom.yaml"
	rec := serve(t, &Proxy{Mode: Record, Cassette: cassette.New(path, cassette.Options{}), Upstream: up.url(t), SaveInterval: time.Hour})
	client := &http.Client{}
	requests := []struct{ method, path, body string }{
		{"GET", "/v1/courses?pageSize=10&alt=json", ""},
		{"POST", "/v1/courses/1/courseWork", `{"title":"Essay","maxPoints":100}`},
		{"GET", "/v1/courses/1/courseWork/2", ""},
		{"GET", "/v1/courses/1/courseWork/2", ""}, // identical: gets its own answer
		{"PATCH", "/v1/courses/1/courseWork/2?updateMask=title", `{"title":"Essay 2"}`},
		{"DELETE", "/v1/courses/1/courseWork/2", ""},
	}
	var recorded []string
	for _, r := range requests {
		code, body, _ := do(t, client, r.method, rec.URL+r.path, r.body)
		if code != 200 {
			t.Fatalf("%s %s: %d %s", r.method, r.path, code, body)
		}
		recorded = append(recorded, body)
	}
	require.NoError(t, rec.stop())
	hits := up.hits.Load()
	if hits != int64(len(requests)) {
		t.Fatalf("upstream saw %d requests", hits)
	}

	c, err := cassette.Load(context.Background(), path, cassette.Options{})
	require.NoError(t, err)
	up.Close() // replay must not need it
	rep := serve(t, &Proxy{Mode: Replay, Cassette: c})
	for n, r := range requests {
		// Key order, whitespace and system parameters do not matter.
		body := strings.ReplaceAll(r.body, ",", " ,\n ")
		p := strings.Replace(r.path, "alt=json", "prettyPrint=false", 1)
		code, got, _ := do(t, client, r.method, rep.URL+p, body)
		if code != 200 {
			t.Fatalf("replay %s %s: %d %s", r.method, p, code, got)
		}
		if got != recorded[n] {
			t.Errorf("replay %d: got %s, recorded %s", n, got, recorded[n])
		}
	}
	if u := c.Unused(); len(u) != 0 {
		t.Errorf("unused: %v", u)
	}
	if e1, e2 := decodeEcho(t, recorded[2]), decodeEcho(t, recorded[3]); e1.N == e2.N {
		t.Error("identical requests were given the same answer")
	}
}

func TestReplayModeNeverTouchesTheNetwork(t *testing.T) {
	forbidden := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("replay mode reached the upstream: %s %s", r.Method, r.URL)
	}))
	defer forbidden.Close()
	u, _ := url.Parse(forbidden.URL)
	rep := serve(t, &Proxy{Mode: Replay, Cassette: newCassette(t, cassette.Options{}), Upstream: u})
	code, body, h := do(t, http.DefaultClient, "GET", rep.URL+"/v1/courses", "")
	if code != http.StatusNotImplemented || h.Get(MissHeader) != "true" {
		t.Errorf("miss answered %d %s", code, body)
	}
}

func TestErrorsUseGoogleEnvelope(t *testing.T) {
	up := newUpstream(t)
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	}))
	defer slow.Close()
	down := httptest.NewServer(http.NotFoundHandler())
	downURL, _ := url.Parse(down.URL)
	down.Close()
	slowURL, _ := url.Parse(slow.URL)

	recorded := newCassette(t, cassette.Options{})
	rec := serve(t, &Proxy{Mode: Record, Cassette: recorded, Upstream: up.url(t)})
	do(t, http.DefaultClient, "POST", rec.URL+"/v1/courses", `{"name":"Maths","section":"A"}`)
	rec.stop()

	tests := []struct {
		name          string
		proxy         *Proxy
		method, path  string
		body          string
		wantCode      int
		wantStatus    string
		messageHas    []string
		messageHasNot []string
		chunked       bool
	}{
		{"upstream down", &Proxy{Mode: Passthrough, Upstream: downURL}, "GET", "/v1/courses?access_token=" + liveToken, "",
			502, "UNAVAILABLE", []string{"could not be reached", downURL.Host}, []string{liveToken}, false},
		{"upstream down while recording", &Proxy{Mode: Record, Cassette: newCassette(t, cassette.Options{}), Upstream: downURL}, "GET", "/v1/courses", "",
			502, "UNAVAILABLE", []string{"could not be reached"}, nil, false},
		{"slow upstream", &Proxy{Mode: Passthrough, Upstream: slowURL, Timeout: 100 * time.Millisecond}, "GET", "/v1/courses", "",
			504, "DEADLINE_EXCEEDED", []string{"did not answer within 100ms"}, nil, false},
		{"body over the limit", &Proxy{Mode: Passthrough, Upstream: up.url(t), MaxBody: 10}, "POST", "/v1/courses", `{"name":"too long"}`,
			413, "INVALID_ARGUMENT", []string{"Request payload size exceeds the limit: 10 bytes."}, nil, false},
		{"chunked body over the limit while recording", &Proxy{Mode: Record, Cassette: newCassette(t, cassette.Options{}), Upstream: up.url(t), MaxBody: 10}, "POST", "/v1/courses", `{"name":"too long"}`,
			413, "INVALID_ARGUMENT", []string{"exceeds the limit: 10 bytes"}, nil, true},
		{"chunked body over the limit in passthrough", &Proxy{Mode: Passthrough, Upstream: up.url(t), MaxBody: 10}, "POST", "/v1/courses", `{"name":"too long"}`,
			413, "INVALID_ARGUMENT", []string{"exceeds the limit: 10 bytes"}, nil, true},
		{"replay miss", &Proxy{Mode: Replay, Cassette: recorded}, "POST", "/v1/courses", `{"name":"Maths","section":"B"}`,
			501, "UNIMPLEMENTED", []string{"no recorded interaction matches", "the closest is #0 POST /v1/courses", `body.section: got "B", recorded "A"`}, nil, false},
		{"CONNECT", &Proxy{Mode: Passthrough, Upstream: up.url(t)}, "CONNECT", "", "",
			501, "UNIMPLEMENTED", []string{"CONNECT is not supported"}, nil, false},
		{"misconfigured", &Proxy{Mode: Record, Upstream: up.url(t)}, "GET", "/v1/courses", "",
			500, "INTERNAL", []string{"record mode needs a cassette"}, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.proxy)
			defer srv.Close()
			tt.proxy.ErrorLog = discardLog()
			var body io.Reader
			if tt.body != "" {
				body = strings.NewReader(tt.body)
				if tt.chunked {
					body = io.MultiReader(body) // unknown length: sent chunked
				}
			}
			var resp *http.Response
			var err error
			if tt.method == "CONNECT" {
				resp, err = rawRequest(t, srv.URL, "CONNECT example.invalid:443 HTTP/1.1\r\nHost: example.invalid:443\r\n\r\n")
			} else {
				req, _ := http.NewRequest(tt.method, srv.URL+tt.path, body)
				req.Header.Set("Authorization", "Bearer "+liveToken)
				resp, err = http.DefaultClient.Do(req)
			}
			require.NoError(t, err)
			data, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			code, status, msg := googleError(t, string(data))
			if resp.StatusCode != tt.wantCode || code != tt.wantCode || status != tt.wantStatus {
				t.Errorf("got %d %d %s, want %d %s", resp.StatusCode, code, status, tt.wantCode, tt.wantStatus)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/json; charset=UTF-8" {
				t.Errorf("Content-Type %q", ct)
			}
			for _, s := range tt.messageHas {
				if !strings.Contains(msg, s) {
					t.Errorf("message %q lacks %q", msg, s)
				}
			}
			for _, s := range tt.messageHasNot {
				if strings.Contains(msg, s) {
					t.Errorf("message %q holds %q", msg, s)
				}
			}
		})
	}
}

func discardLog() *log.Logger { return log.New(io.Discard, "", 0) }

// rawRequest writes a request as is, for request lines http.Client will not send.
func rawRequest(t *testing.T, serverURL, raw string) (*http.Response, error) {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(serverURL, "http://"))
	if err != nil {
		return nil, err
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := io.WriteString(conn, raw); err != nil {
		return nil, err
	}
	return http.ReadResponse(bufio.NewReader(conn), nil)
}

// Whatever host a request names, in its Host header or its request line, it goes upstream and
// nowhere else.
func TestNotAnOpenRelay(t *testing.T) {
	up := newUpstream(t)
	elsewhere := newUpstream(t)
	other := strings.TrimPrefix(elsewhere.URL, "http://")
	for _, mode := range []Mode{Passthrough, Record, ReplayOrRecord} {
		for _, raw := range []string{
			"GET http://" + other + "/v1/courses HTTP/1.1\r\nHost: " + other + "\r\nConnection: close\r\n\r\n",
			"GET /v1/courses HTTP/1.1\r\nHost: " + other + "\r\nConnection: close\r\n\r\n",
			"GET https://" + other + "/v1/courses?x=1 HTTP/1.1\r\nHost: " + other + "\r\nConnection: close\r\n\r\n",
		} {
			t.Run(mode.String()+" "+strings.SplitN(raw, "\r\n", 2)[0], func(t *testing.T) {
				p := &Proxy{Mode: mode, Upstream: up.url(t), ErrorLog: discardLog()}
				if mode != Passthrough {
					p.Cassette = newCassette(t, cassette.Options{})
				}
				srv := httptest.NewServer(p)
				defer srv.Close()
				before := up.hits.Load()
				resp, err := rawRequest(t, srv.URL, raw)
				require.NoError(t, err)
				data, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 || decodeEcho(t, string(data)).Path != "/v1/courses" {
					t.Errorf("answer %d %s", resp.StatusCode, data)
				}
				if up.hits.Load() != before+1 {
					t.Error("the upstream did not get the request")
				}
			})
		}
	}
	if n := elsewhere.hits.Load(); n != 0 {
		t.Errorf("the proxy forwarded %d requests to a host the client named", n)
	}
}

func TestUpstreamPathPrefixAndHopByHopHeaders(t *testing.T) {
	up := newUpstream(t)
	u := up.url(t)
	u.Path = "/prefix/"
	srv := httptest.NewServer(&Proxy{Mode: Passthrough, Upstream: u})
	defer srv.Close()
	req, _ := http.NewRequest("GET", srv.URL+"/v1/courses/a%2Fb?pageSize=1", nil)
	req.Header.Set("Connection", "X-Hop")
	req.Header.Set("X-Hop", "drop me")
	req.Header.Set("Proxy-Authorization", "Basic c2VjcmV0")
	req.Header.Set("X-Keep", "keep me")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	got := up.seen[len(up.seen)-1]
	if got.URL.EscapedPath() != "/prefix/v1/courses/a%2Fb" || got.URL.RawQuery != "pageSize=1" {
		t.Errorf("upstream got %s", got.URL)
	}
	for _, h := range []string{"X-Hop", "Proxy-Authorization"} {
		if got.Header.Get(h) != "" {
			t.Errorf("%s was forwarded", h)
		}
	}
	if got.Header.Get("X-Keep") != "keep me" {
		t.Error("an end-to-end header was dropped")
	}
}

// With an identity function, callers are told apart by a label that never reveals the token.
func TestMatchIdentity(t *testing.T) {
	up := newUpstream(t)
	path := t.TempDir() + "/c.yaml"
	opts := cassette.Options{MatchActor: true}
	rec := serve(t, &Proxy{Mode: Record, Cassette: cassette.New(path, opts), Upstream: up.url(t), Identity: TokenLabel})
	get := func(base, token string) (int, string) {
		req, _ := http.NewRequest("GET", base+"/v1/courses/1", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(data)
	}
	_, teacher := get(rec.URL, "ya29.teacher-token-aaaaaaaaaaaa")
	_, student := get(rec.URL, "ya29.student-token-bbbbbbbbbbbb")
	require.NoError(t, rec.stop())
	data, _ := os.ReadFile(path)
	if strings.Contains(string(data), "teacher-token") || strings.Contains(string(data), "student-token") {
		t.Fatal("a token reached the cassette")
	}
	label := TokenLabel(&http.Request{Header: http.Header{"Authorization": {"Bearer ya29.teacher-token-aaaaaaaaaaaa"}}, URL: &url.URL{}})
	if !strings.Contains(string(data), cassette.ActorHeader+":\n                - "+label) {
		t.Errorf("cassette lacks the label %s:\n%s", label, data)
	}

	c, err := cassette.Load(context.Background(), path, opts)
	require.NoError(t, err)
	rep := serve(t, &Proxy{Mode: Replay, Cassette: c, Identity: TokenLabel})
	if _, got := get(rep.URL, "ya29.student-token-bbbbbbbbbbbb"); got != student {
		t.Errorf("student got %s, recorded %s", got, student)
	}
	if _, got := get(rep.URL, "ya29.teacher-token-aaaaaaaaaaaa"); got != teacher {
		t.Errorf("teacher got %s, recorded %s", got, teacher)
	}
	code, body := get(rep.URL, "ya29.outsider-token-cccccccccccc")
	if _, _, msg := googleError(t, body); code != 501 || !strings.Contains(msg, "actor: got \"token-") {
		t.Errorf("outsider: %d %s", code, msg)
	}
}

// Nothing secret reaches the cassette, while the client still gets the live answer.
func TestRecordingIsRedacted(t *testing.T) {
	tokenServer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.ReadAll(r.Body)
		w.Header().Set("Set-Cookie", "SID=secret-session; HttpOnly")
		w.Header().Set("X-Internal-Trace", "trace-secret")
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"access_token":%q,"refresh_token":"1//0gLiveRefreshToken0123456789","expires_in":3599,"email":"t@example.invalid"}`, liveToken)
	}))
	defer tokenServer.Close()
	u, _ := url.Parse(tokenServer.URL)
	red, err := redact.New(redact.Options{Headers: []string{"X-Internal-Trace"}, JSONPaths: []string{"..email"}})
	require.NoError(t, err)
	path := t.TempDir() + "/c.yaml"
	rec := serve(t, &Proxy{Mode: Record, Cassette: cassette.New(path, cassette.Options{Redactor: red}), Upstream: u})
	req, _ := http.NewRequest("POST", rec.URL+"/token?key=AIzaSyA1234567890abcdefghijklmnopqrstuv", strings.NewReader(`{"client_secret":"cs-123","refresh_token":"1//0gLiveRefreshToken0123456789"}`))
	req.Header.Set("Authorization", "Bearer "+liveToken)
	req.Header.Set("Cookie", "SID=client-cookie")
	req.Header.Set("X-Goog-Api-Key", "AIzaSyA1234567890abcdefghijklmnopqrstuv")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	live, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(live), liveToken) || resp.Header.Get("Set-Cookie") == "" {
		t.Errorf("the client did not get the live answer: %s", live)
	}
	require.NoError(t, rec.stop())
	findings, err := redact.LintFile(path)
	require.NoError(t, err)
	for _, f := range findings {
		t.Errorf("credential on disk: %s", f)
	}
	data, _ := os.ReadFile(path)
	for _, secret := range []string{"ya29.", "1//0g", "AIza", "cs-123", "client-cookie", "secret-session", "trace-secret", "t@example.invalid"} {
		if strings.Contains(string(data), secret) {
			t.Errorf("%q reached the cassette", secret)
		}
	}
}

func TestReplayOrRecord(t *testing.T) {
	up := newUpstream(t)
	path := t.TempDir() + "/c.yaml"
	first := serve(t, &Proxy{Mode: Record, Cassette: cassette.New(path, cassette.Options{}), Upstream: up.url(t)})
	_, recorded, _ := do(t, http.DefaultClient, "GET", first.URL+"/v1/courses/1", "")
	first.stop()

	c, err := cassette.Load(context.Background(), path, cassette.Options{})
	require.NoError(t, err)
	p := serve(t, &Proxy{Mode: ReplayOrRecord, Cassette: c, Upstream: up.url(t)})
	hits := up.hits.Load()
	if _, got, _ := do(t, http.DefaultClient, "GET", p.URL+"/v1/courses/1", ""); got != recorded {
		t.Errorf("a recorded request was not replayed: %s", got)
	}
	if up.hits.Load() != hits {
		t.Error("a hit went upstream")
	}
	_, fresh, _ := do(t, http.DefaultClient, "GET", p.URL+"/v1/courses/2", "")
	if up.hits.Load() != hits+1 {
		t.Error("a miss was not forwarded")
	}
	require.NoError(t, p.stop())
	again, err := cassette.Load(context.Background(), path, cassette.Options{})
	if err != nil || again.Len() != 2 {
		t.Fatalf("saved cassette: %v, %d interactions", err, again.Len())
	}
	rep := serve(t, &Proxy{Mode: Replay, Cassette: again})
	if _, got, _ := do(t, http.DefaultClient, "GET", rep.URL+"/v1/courses/2", ""); got != fresh {
		t.Errorf("the recorded miss replays as %s", got)
	}
}

// Serve saves everything recorded when it stops, not only what the last periodic save caught.
func TestServeSavesOnShutdown(t *testing.T) {
	up := newUpstream(t)
	path := t.TempDir() + "/c.yaml"
	p := serve(t, &Proxy{Mode: Record, Cassette: cassette.New(path, cassette.Options{}), Upstream: up.url(t), SaveInterval: time.Hour})
	for n := 0; n < 7; n++ {
		do(t, http.DefaultClient, "GET", fmt.Sprintf("%s/v1/courses/%d", p.URL, n), "")
	}
	if _, err := os.Stat(path); err == nil {
		t.Fatal("saved before shutdown with an hour's interval")
	}
	require.NoError(t, p.stop())
	c, err := cassette.Load(context.Background(), path, cassette.Options{})
	if err != nil || c.Len() != 7 {
		t.Fatalf("after shutdown: %v, %d interactions", err, c.Len())
	}
}

func TestHTTPSUpstream(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"id":"tls"}`)
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	c := newCassette(t, cassette.Options{})
	p := httptest.NewServer(&Proxy{Mode: Record, Cassette: c, Upstream: u, Transport: srv.Client().Transport})
	defer p.Close()
	if code, body, _ := do(t, http.DefaultClient, "GET", p.URL+"/v1/courses/tls", ""); code != 200 || body != `{"id":"tls"}` {
		t.Fatalf("%d %s", code, body)
	}
	if got := c.Interactions()[0].Request.URL; !strings.HasPrefix(got, "https://127.0.0.1:") {
		t.Errorf("recorded URL %s", got)
	}
}
func TestPassthroughRecordsNothing(t *testing.T) {
	up := newUpstream(t)
	c := newCassette(t, cassette.Options{})
	srv := httptest.NewServer(&Proxy{Mode: Passthrough, Cassette: c, Upstream: up.url(t)})
	defer srv.Close()
	if code, _, _ := do(t, http.DefaultClient, "GET", srv.URL+"/v1/courses", ""); code != 200 {
		t.Fatal(code)
	}
	if c.Len() != 0 {
		t.Error("passthrough recorded")
	}
}
