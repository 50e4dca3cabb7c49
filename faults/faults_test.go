package faults_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/discovery"
	"github.com/classroom-conformance/classroom-conformance/faults"
)

func doc(t testing.TB) *discovery.Document {
	t.Helper()
	d, err := discovery.Load()
	require.NoError(t, err)
	return d
}

func TestParseRefusesBadPlans(t *testing.T) {
	tests := []struct{ name, plan, want string }{
		{"an unknown method id", "faults:\n  classroom.courses.get:\n    - status: 503\n  classroom.courses.fly:\n    - status: 503\n",
			`line 4: unknown method id "classroom.courses.fly"`},
		{"an unknown instruction", "faults:\n  classroom.courses.get:\n    - status: 503\n    - explode: true\n",
			`line 4: unknown instruction "explode" (known: status, code, message, retryAfter, delay, reset, truncate, after)`},
		{"a status Classroom does not answer with", "faults:\n  classroom.courses.get:\n    - status: 418\n",
			"line 3: status: status 418 is not one Classroom answers with"},
		{"two effects at once", "faults:\n  classroom.courses.get:\n    - {status: 503, reset: true}\n",
			"line 3: an instruction does one of status, reset, truncate or after"},
		{"a code that is not an error type", "faults:\n  classroom.courses.get:\n    - {status: 403, code: Denied}\n",
			`line 3: code: code "Denied" is not an error type such as @ProjectPermissionDenied`},
		{"a code without a status", "faults:\n  classroom.courses.get:\n    - {delay: 1s, code: \"@X\"}\n",
			"line 3: code, message and retryAfter go with a status"},
		{"a bad duration", "faults:\n  classroom.courses.get:\n    - delay: soon\n", `line 3: delay: "soon" is not a duration`},
		{"after zero", "faults:\n  classroom.courses.get:\n    - after: 0\n", "line 3: after: after must be at least 1"},
		{"not a list", "faults:\n  classroom.courses.get:\n    status: 503\n", "line 3: the instructions of classroom.courses.get are a list"},
		{"an unknown top-level key", "fault:\n  classroom.courses.get: []\n", `line 1: unknown key "fault"`},
		{"JSON with a line", "{\"faults\": {\n \"classroom.courses.nope\": [{\"status\": 429}]}}", `line 2: unknown method id "classroom.courses.nope"`},
	}
	d := doc(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := faults.Parse([]byte(tt.plan), d)
			var pe *faults.ParseError
			require.True(t, errors.As(err, &pe), "error %v", err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestParseAcceptsEmptyPlans(t *testing.T) {
	for _, plan := range []string{"", "faults:\n", "{}", `{"faults":{}}`} {
		p, err := faults.Parse([]byte(plan), doc(t))
		require.NoError(t, err, plan)
		assert.True(t, p.Empty(), plan)
	}
}

// server is an upstream that answers every call with a course, behind a fault Handler.
func server(t *testing.T, plan string) (*httptest.Server, *faults.Handler, *int) {
	t.Helper()
	p, err := faults.Parse([]byte(plan), doc(t))
	require.NoError(t, err)
	var mu sync.Mutex
	calls := new(int)
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		*calls++
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		fmt.Fprintf(w, `{"id":"123","name":"A course with a name long enough to be cut","courseState":"ACTIVE"}`)
	})
	h := &faults.Handler{Next: next, Doc: doc(t), Plan: p}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, h, calls
}

type answer struct {
	code       int
	body       string
	retryAfter string
	err        error
}

func fetch(t *testing.T, url string, header ...string) answer {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	// A fresh connection each time, so that a reset or a cut answer shows on this call only.
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		return answer{err: err}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return answer{code: resp.StatusCode, body: string(b), retryAfter: resp.Header.Get("Retry-After"), err: err}
}

func TestEveryInstructionKind(t *testing.T) {
	srv, h, calls := server(t, `
faults:
  classroom.courses.get:
    - status: 429
    - status: 500
    - status: 503
      retryAfter: 3s
    - status: 403
      code: "@ProjectPermissionDenied"
      message: The Developer Console project is not permitted to make this request.
    - delay: 300ms
    - reset: true
    - truncate: 10
    - after: 2
    - delay: 100ms
      status: 503
`)
	u := srv.URL + "/v1/courses/123"
	envelope := func(code int, status, msg string) string {
		b, _ := json.Marshal(map[string]any{"error": map[string]any{"code": code, "message": msg, "status": status}})
		return string(b)
	}

	a := fetch(t, u)
	assert.Equal(t, 429, a.code)
	assert.JSONEq(t, envelope(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota)."), a.body)
	assert.Equal(t, "1", a.retryAfter)

	a = fetch(t, u)
	assert.Equal(t, 500, a.code)
	assert.JSONEq(t, envelope(500, "INTERNAL", "Internal error encountered."), a.body)
	assert.Empty(t, a.retryAfter)

	a = fetch(t, u)
	assert.Equal(t, 503, a.code)
	assert.JSONEq(t, envelope(503, "UNAVAILABLE", "The service is currently unavailable."), a.body)
	assert.Equal(t, "3", a.retryAfter)

	a = fetch(t, u)
	assert.Equal(t, 403, a.code)
	assert.JSONEq(t, envelope(403, "PERMISSION_DENIED", "@ProjectPermissionDenied The Developer Console project is not permitted to make this request."), a.body)
	assert.Equal(t, 0, *calls, "status faults answer without calling the server")

	start := time.Now()
	a = fetch(t, u)
	assert.GreaterOrEqual(t, time.Since(start), 300*time.Millisecond)
	assert.Equal(t, 200, a.code)
	assert.Equal(t, 1, *calls)

	a = fetch(t, u)
	require.Error(t, a.err, "reset")
	assert.Contains(t, a.err.Error(), "EOF")
	assert.Equal(t, 1, *calls, "a reset answers without calling the server")

	a = fetch(t, u)
	require.Error(t, a.err, "truncate")
	assert.True(t, errors.Is(a.err, io.ErrUnexpectedEOF), "%v", a.err)
	assert.Equal(t, `{"id":"123`, a.body)
	assert.Equal(t, 2, *calls)

	for i := 0; i < 2; i++ {
		assert.Equal(t, 200, fetch(t, u).code, "after 2: call %d goes through", i+1)
	}
	start = time.Now()
	a = fetch(t, u)
	assert.Equal(t, 503, a.code)
	assert.GreaterOrEqual(t, time.Since(start), 100*time.Millisecond)
	assert.Equal(t, 200, fetch(t, u).code, "once the plan is used up calls go through")

	other := fetch(t, srv.URL+"/v1/courses")
	assert.Equal(t, 200, other.code, "another method is not in the plan")

	st := h.Statuses()
	require.Len(t, st, 1)
	assert.True(t, st[0].AllFired)
	kinds := []string{}
	for _, s := range st[0].Instructions {
		kinds = append(kinds, fmt.Sprintf("%d %s %d", s.Line, s.Kind, s.Calls))
	}
	assert.Equal(t, []string{"4 status 429 1", "5 status 500 1", "6 status 503 1", "8 status 403 @ProjectPermissionDenied 1",
		"11 delay 300ms 1", "12 reset 1", "13 truncate 10 1", "14 after 2 2", "15 delay 100ms, status 503 1"}, kinds)
}

func TestControlEndpoint(t *testing.T) {
	srv, _, _ := server(t, "faults:\n  classroom.courses.get:\n    - status: 503\n")
	post := func(body string) (int, map[string]any) {
		resp, err := http.Post(srv.URL+"/_faults", "application/yaml", strings.NewReader(body))
		require.NoError(t, err)
		defer resp.Body.Close()
		var out map[string]any
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
		return resp.StatusCode, out
	}
	code, out := post("faults:\n  classroom.courses.get:\n    - status: 429\n")
	require.Equal(t, 201, code)
	id := out["id"].(string)

	code, out = post("faults:\n  classroom.courses.get:\n    - bounce: 1\n")
	assert.Equal(t, 400, code)
	assert.Equal(t, "INVALID_ARGUMENT", out["error"].(map[string]any)["status"])
	assert.Contains(t, out["error"].(map[string]any)["message"], `line 3: unknown instruction "bounce"`)

	u := srv.URL + "/v1/courses/1"
	assert.Equal(t, 429, fetch(t, u, faults.PlanHeader, id).code, "the added plan")
	assert.Equal(t, 200, fetch(t, u, faults.PlanHeader, id).code, "the added plan only, not the default one")
	assert.Equal(t, 400, fetch(t, u, faults.PlanHeader, "plan-99").code, "an unknown plan")

	a := fetch(t, srv.URL+"/_faults")
	require.Equal(t, 200, a.code)
	var list struct{ Plans []faults.PlanStatus }
	require.NoError(t, json.Unmarshal([]byte(a.body), &list))
	require.Len(t, list.Plans, 2)
	assert.Equal(t, faults.DefaultPlanID, list.Plans[0].ID)
	assert.False(t, list.Plans[0].AllFired)
	assert.Equal(t, id, list.Plans[1].ID)
	assert.True(t, list.Plans[1].AllFired)

	assert.Equal(t, 503, fetch(t, u).code, "requests without the header take the default plan")
	a = fetch(t, srv.URL+"/_faults/"+faults.DefaultPlanID)
	assert.Contains(t, a.body, `"allFired": true`)

	req, _ := http.NewRequest("DELETE", srv.URL+"/_faults/"+id, nil)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 204, resp.StatusCode)
	assert.Equal(t, 400, fetch(t, u, faults.PlanHeader, id).code, "a removed plan")
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 404, resp.StatusCode, "removed twice")
}

// TestConcurrentPlans runs many tests' plans at once through one Handler: each plan's account
// is exactly its own calls. Run with -race.
func TestConcurrentPlans(t *testing.T) {
	srv, h, _ := server(t, "faults:\n  classroom.courses.list:\n    - status: 500\n")
	const plans, callsEach = 10, 12
	ids := make([]string, plans)
	for i := range ids {
		p, err := faults.Parse([]byte(fmt.Sprintf("faults:\n  classroom.courses.get:\n    - after: %d\n    - status: 429\n    - status: 503\n", i+1)), doc(t))
		require.NoError(t, err)
		ids[i] = h.Add(p)
	}
	client := &http.Client{}
	var wg sync.WaitGroup
	got := make([][]int, plans)
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; n < callsEach; n++ {
				req, _ := http.NewRequest("GET", srv.URL+"/v1/courses/1", nil)
				req.Header.Set(faults.PlanHeader, ids[i])
				resp, err := client.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				got[i] = append(got[i], resp.StatusCode)
			}
		}()
	}
	wg.Wait()
	for i, codes := range got {
		want := make([]int, callsEach)
		for n := range want {
			want[n] = 200
		}
		want[i+1], want[i+2] = 429, 503
		assert.Equal(t, want, codes, "plan %s", ids[i])
	}
	for _, ps := range h.Statuses() {
		if ps.ID == faults.DefaultPlanID {
			assert.False(t, ps.AllFired, "no request without the header")
			continue
		}
		assert.True(t, ps.AllFired, ps.ID)
	}
}
