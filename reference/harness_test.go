package reference

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// A harness is a reference server on a real loopback listener and a client that speaks to it as
// the built-in actors do. Tests of every resource share it.
type harness struct {
	t   *testing.T
	srv *httptest.Server
	ids map[string]Identity // by actor
}

func newHarness(t *testing.T, opts Options) *harness {
	t.Helper()
	if opts.Now == nil {
		opts.Now = SteppingClock(time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC))
	}
	s, err := New(opts)
	require.NoError(t, err, "New")
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	h := &harness{t: t, srv: srv, ids: map[string]Identity{}}
	for _, id := range BuiltinIdentities() {
		h.ids[id.Actor] = id
	}
	return h
}

// A reply is an answer of the server: its status and its decoded JSON body.
type reply struct {
	Code   int
	Header http.Header
	Body   map[string]any
	Raw    string
}

// errStatus returns error.status of an error answer, or "" for a success.
func (r reply) errStatus() string {
	if e, ok := r.Body["error"].(map[string]any); ok {
		s, _ := e["status"].(string)
		return s
	}
	return ""
}

// str returns a string field of the body, following dots: "error.message".
func (r reply) str(path string) string {
	var v any = r.Body
	for _, p := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		v = m[p]
	}
	s, _ := v.(string)
	return s
}

// do sends a request as actor ("" for no credentials) and decodes the answer.
func (h *harness) do(actor, method, path, body string) reply {
	h.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, h.srv.URL+path, rd)
	require.NoError(h.t, err, "new request")
	if actor != "" {
		id, ok := h.ids[actor]
		if !ok {
			h.t.Fatalf("no built-in actor %q", actor)
		}
		req.Header.Set("Authorization", "Bearer "+id.Token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := h.srv.Client().Do(req)
	require.NoError(h.t, err, "%s %s", method, path)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(h.t, err, "read body")
	r := reply{Code: resp.StatusCode, Header: resp.Header, Raw: string(raw)}
	require.NoError(h.t, json.Unmarshal(raw, &r.Body), "%s %s: answer is not a JSON object:\n%s", method, path, raw)
	if e, ok := r.Body["error"].(map[string]any); ok {
		if code, _ := e["code"].(float64); int(code) != resp.StatusCode {
			h.t.Fatalf("%s %s: error.code %v differs from HTTP status %d", method, path, e["code"], resp.StatusCode)
		}
	}
	return r
}

// must sends a request that must succeed and returns the answer.
func (h *harness) must(actor, method, path, body string) reply {
	h.t.Helper()
	r := h.do(actor, method, path, body)
	if r.Code != http.StatusOK {
		h.t.Fatalf("%s %s as %s: %d %s", method, path, actor, r.Code, r.Raw)
	}
	return r
}

// activeCourse creates a course owned by the teacher, activates it and enrols the given actors
// with the enrolment code. It returns the course id.
func (h *harness) activeCourse(students ...string) string {
	h.t.Helper()
	co := h.must("teacher", "POST", "/v1/courses", `{"name":"Biology 101","ownerId":"me"}`)
	id := co.str("id")
	h.must("teacher", "PATCH", "/v1/courses/"+id+"?updateMask=courseState", `{"courseState":"ACTIVE"}`)
	for _, s := range students {
		h.must(s, "POST", "/v1/courses/"+id+"/students?enrollmentCode="+co.str("enrollmentCode"), `{"userId":"me"}`)
	}
	return id
}

// wantError checks an error answer's HTTP code and status.
func wantError(t *testing.T, r reply, code int, status string) {
	t.Helper()
	if r.Code != code || r.errStatus() != status {
		t.Fatalf("got %d %s, want %d %s: %s", r.Code, r.errStatus(), code, status, r.Raw)
	}
}
