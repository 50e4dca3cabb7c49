package steps

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/cucumber/godog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// answered returns a World whose last exchange is the given response, as if the scenario had
// just sent a request.
func answered(status int, body string) *World {
	w := New(Config{})
	w.started = true
	w.vars["courseWorkId"] = literalVariable("42")
	w.vars["title"] = textVariable(`Say "hi"`)
	w.last = &exchange{
		actor: "teacher", method: "GET", uri: "/v1/courses/1/courseWork/42",
		status: status, statusText: fmt.Sprintf("%d %s", status, http.StatusText(status)),
		header: http.Header{"Content-Type": {"application/json"}}, body: []byte(body),
	}
	return w
}

const work = `{"id":"42","title":"Essay","state":"PUBLISHED","maxPoints":100,"creationTime":"2024-01-02T03:04:05.678Z",
 "updateTime":"2024-01-02T03:04:05+01:00","materials":[],"assigneeMode":"ALL_STUDENTS","quote":"Say \"hi\"",
 "submissionHistory":[{"stateHistory":{"state":"CREATED"}},{"stateHistory":{"state":"TURNED_IN"}}],
 "courseWork":[{"id":"41"},{"id":"42"}],"nested":{"a":1,"b":[true,null]}}`

const denied = `{"error":{"code":403,"message":"@ProjectPermissionDenied The Developer Console project is not permitted.","status":"PERMISSION_DENIED"}}`

func doc(s string) *godog.DocString { return &godog.DocString{Content: s} }

// TestAssertions runs every assertion step against one response, once where it must hold and
// once where it must not, so that no assertion can pass vacuously.
func TestAssertions(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		status int
		body   string
		step   func(w *World) error
		pass   bool
	}{
		{"status matches", 200, work, func(w *World) error { return w.statusIs(ctx, 200) }, true},
		{"status differs", 200, work, func(w *World) error { return w.statusIs(ctx, 201) }, false},

		{"error matches", 403, denied, func(w *World) error { return w.failsWith(ctx, 403, "PERMISSION_DENIED") }, true},
		{"error status differs", 403, denied, func(w *World) error { return w.failsWith(ctx, 403, "NOT_FOUND") }, false},
		{"error HTTP code differs", 404, denied, func(w *World) error { return w.failsWith(ctx, 403, "PERMISSION_DENIED") }, false},
		{"error.code differs", 403, strings.Replace(denied, "403", "400", 1), func(w *World) error { return w.failsWith(ctx, 403, "PERMISSION_DENIED") }, false},
		{"success is not an error", 200, work, func(w *World) error { return w.failsWith(ctx, 200, "OK") }, false},
		{"error body not JSON", 403, "Forbidden", func(w *World) error { return w.failsWith(ctx, 403, "PERMISSION_DENIED") }, false},
		{"message prefix matches", 403, denied, func(w *World) error {
			return w.failsWithPrefix(ctx, 403, "PERMISSION_DENIED", "@ProjectPermissionDenied")
		}, true},
		{"message prefix differs", 403, denied, func(w *World) error {
			return w.failsWithPrefix(ctx, 403, "PERMISSION_DENIED", "@CourseNotModifiable")
		}, false},

		{"body JSON-equal ignoring order and spacing", 200, `{"a":1,"b":[1,2]}`, func(w *World) error { return w.bodyIs(ctx, doc("{ \"b\": [1, 2],\n \"a\": 1.0 }")) }, true},
		{"empty object", 200, `{}`, func(w *World) error { return w.bodyIs(ctx, doc("{}")) }, true},
		{"body differs", 200, `{"a":1}`, func(w *World) error { return w.bodyIs(ctx, doc(`{"a":2}`)) }, false},
		{"body has an extra member", 200, `{"a":1,"b":2}`, func(w *World) error { return w.bodyIs(ctx, doc(`{"a":1}`)) }, false},
		{"array order matters", 200, `[1,2]`, func(w *World) error { return w.bodyIs(ctx, doc(`[2,1]`)) }, false},

		{"string field", 200, work, func(w *World) error { return w.fieldIs(ctx, "state", "PUBLISHED") }, true},
		{"string field with variable", 200, work, func(w *World) error { return w.fieldIs(ctx, "id", "{courseWorkId}") }, true},
		{"string field with quotes from variable", 200, work, func(w *World) error { return w.fieldIs(ctx, "quote", "{title}") }, true},
		{"string field differs", 200, work, func(w *World) error { return w.fieldIs(ctx, "state", "DRAFT") }, false},
		{"number is not a string", 200, work, func(w *World) error { return w.fieldIs(ctx, "maxPoints", "100") }, false},
		{"absent is not a string", 200, work, func(w *World) error { return w.fieldIs(ctx, "dueDate", "") }, false},
		{"unknown variable fails", 200, work, func(w *World) error { return w.fieldIs(ctx, "id", "{nope}") }, false},

		{"JSON number", 200, work, func(w *World) error { return w.fieldIsJSON(ctx, "maxPoints", "100") }, true},
		{"JSON number other spelling", 200, work, func(w *World) error { return w.fieldIsJSON(ctx, "maxPoints", "1e2") }, true},
		{"JSON object", 200, work, func(w *World) error { return w.fieldIsJSON(ctx, "nested", `{"b":[true,null],"a":1}`) }, true},
		{"JSON string with variable", 200, work, func(w *World) error { return w.fieldIsJSON(ctx, "id", `"{courseWorkId}"`) }, true},
		{"JSON value differs", 200, work, func(w *World) error { return w.fieldIsJSON(ctx, "maxPoints", "99") }, false},
		{"JSON string is not a number", 200, work, func(w *World) error { return w.fieldIsJSON(ctx, "id", "42") }, false},
		{"JSON value of absent field", 200, work, func(w *World) error { return w.fieldIsJSON(ctx, "dueDate", "null") }, false},
		{"JSON literal must be JSON", 200, work, func(w *World) error { return w.fieldIsJSON(ctx, "maxPoints", "hundred") }, false},

		{"absent", 200, work, func(w *World) error { return w.fieldAbsent(ctx, "alternateLink") }, true},
		{"not absent", 200, work, func(w *World) error { return w.fieldAbsent(ctx, "title") }, false},
		{"present", 200, work, func(w *World) error { return w.fieldPresent(ctx, "title") }, true},
		{"empty list is present", 200, work, func(w *World) error { return w.fieldPresent(ctx, "materials") }, true},
		{"not present", 200, work, func(w *World) error { return w.fieldPresent(ctx, "alternateLink") }, false},

		{"numeric id", 200, work, func(w *World) error { return w.fieldNumericID(ctx, "id") }, true},
		{"number is not a numeric string id", 200, work, func(w *World) error { return w.fieldNumericID(ctx, "maxPoints") }, false},
		{"word is not a numeric string id", 200, work, func(w *World) error { return w.fieldNumericID(ctx, "title") }, false},

		{"UTC timestamp", 200, work, func(w *World) error { return w.fieldTimestamp(ctx, "creationTime") }, true},
		{"offset timestamp is not UTC", 200, work, func(w *World) error { return w.fieldTimestamp(ctx, "updateTime") }, false},
		{"word is not a timestamp", 200, work, func(w *World) error { return w.fieldTimestamp(ctx, "title") }, false},

		{"matches", 200, work, func(w *World) error { return w.fieldMatches(ctx, "title", "^Ess") }, true},
		{"matches with variable as literal", 200, work, func(w *World) error { return w.fieldMatches(ctx, "quote", `^{title}$`) }, true},
		{"regexp quantifier is not a variable", 200, work, func(w *World) error { return w.fieldMatches(ctx, "id", `^[0-9]{2}$`) }, true},
		{"does not match", 200, work, func(w *World) error { return w.fieldMatches(ctx, "title", "^essay$") }, false},
		{"absent does not match", 200, work, func(w *World) error { return w.fieldMatches(ctx, "dueDate", ".*") }, false},

		{"has items", 200, work, func(w *World) error { return w.fieldHasItems(ctx, "courseWork", 2) }, true},
		{"gjson path items", 200, work, func(w *World) error { return w.fieldHasItems(ctx, "submissionHistory.#.stateHistory.state", 2) }, true},
		{"empty list", 200, work, func(w *World) error { return w.fieldHasItems(ctx, "materials", 0) }, true},
		{"omitted list has 0 items", 200, work, func(w *World) error { return w.fieldHasItems(ctx, "studentSubmissions", 0) }, true},
		{"wrong count", 200, work, func(w *World) error { return w.fieldHasItems(ctx, "courseWork", 3) }, false},
		{"omitted list has not 1 item", 200, work, func(w *World) error { return w.fieldHasItems(ctx, "studentSubmissions", 1) }, false},
		{"string is not a list", 200, work, func(w *World) error { return w.fieldHasItems(ctx, "title", 5) }, false},

		{"contains", 200, work, func(w *World) error { return w.fieldContains(ctx, "courseWork.#.id", "{courseWorkId}") }, true},
		{"contains state", 200, work, func(w *World) error {
			return w.fieldContains(ctx, "submissionHistory.#.stateHistory.state", "TURNED_IN")
		}, true},
		{"does not contain", 200, work, func(w *World) error { return w.fieldContains(ctx, "courseWork.#.id", "43") }, false},
		{"absent list contains nothing", 200, work, func(w *World) error { return w.fieldContains(ctx, "studentSubmissions.#.id", "42") }, false},
		{"not contains", 200, work, func(w *World) error { return w.fieldNotContains(ctx, "courseWork.#.id", "43") }, true},
		{"absent list does not contain", 200, work, func(w *World) error { return w.fieldNotContains(ctx, "studentSubmissions.#.id", "42") }, true},
		{"contains, so not contains fails", 200, work, func(w *World) error {
			return w.fieldNotContains(ctx, "courseWork.#.id", "{courseWorkId}")
		}, false},

		{"remember present field", 200, work, func(w *World) error { return w.remember(ctx, "courseWork.0.id", "first") }, true},
		{"remember absent field", 200, work, func(w *World) error { return w.remember(ctx, "dueDate", "due") }, false},
		{"remember needs a variable name", 200, work, func(w *World) error { return w.remember(ctx, "id", "not a name") }, false},

		{"field of a non-JSON body", 200, "<html>", func(w *World) error { return w.fieldPresent(ctx, "id") }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.step(answered(tt.status, tt.body))
			if tt.pass && err != nil {
				t.Fatalf("want pass, got: %v", err)
			}
			if !tt.pass && err == nil {
				t.Fatal("want failure, got pass")
			}
		})
	}
}

func TestAssertionWithoutResponse(t *testing.T) {
	w := New(Config{})
	w.started = true
	err := w.statusIs(context.Background(), 200)
	if err == nil || !strings.Contains(err.Error(), "no request") {
		t.Fatalf("err = %v", err)
	}
}

// TestFailureMessage checks what a failure prints: the expectation, the request, the response,
// and no secret.
func TestFailureMessage(t *testing.T) {
	w := answered(403, denied)
	w.UseTarget(secretTarget{"tok-very-secret"})
	w.last.uri = "/v1/courses?key=api-key-123&pageSize=1"
	w.last.hasBody = true
	w.last.reqBody = []byte(`{"refresh_token":"rt-1","title":"tok-very-secret"}`)
	err := w.statusIs(context.Background(), 200)
	require.Error(t, err)
	msg := err.Error()
	for _, want := range []string{
		"expected HTTP status 200, got 403",
		"request (as the teacher, Authorization: Bearer REDACTED)",
		"GET /v1/courses?key=REDACTED&pageSize=1",
		"HTTP 403 Forbidden",
		`"status": "PERMISSION_DENIED"`,
	} {
		assert.Contains(t, msg, want)
	}
	for _, secret := range []string{"tok-very-secret", "api-key-123", "rt-1"} {
		assert.NotContains(t, msg, secret)
	}
}

// TestFailureMessageWithShortTokens: a profile may give an actor a token as short as "t"; the
// failure message masks that token where it stands alone and leaves every other word intact.
func TestFailureMessageWithShortTokens(t *testing.T) {
	w := answered(403, `{"error":{"code":403,"message":"token t is not a teacher","status":"PERMISSION_DENIED"}}`)
	w.UseTarget(secretTarget{"t"})
	w.last.uri = "/v1/courses/123/courseWork?pageSize=1"
	err := w.statusIs(context.Background(), 200)
	require.Error(t, err)
	msg := err.Error()
	assert.Contains(t, msg, "GET /v1/courses/123/courseWork?pageSize=1")
	assert.Contains(t, msg, "expected HTTP status 200, got 403")
	assert.Contains(t, msg, `"message": "token REDACTED is not a teacher"`)
	assert.Contains(t, msg, "Content-Type: application/json")
}

// TestTransportErrorWithShortTokens: the error of a request that could not be sent quotes its
// URL; a one-letter token must not turn it into garbage.
func TestTransportErrorWithShortTokens(t *testing.T) {
	w := New(Config{Target: failingTarget{secrets: []string{"t", "a"}}})
	w.started = true
	_, err := w.send(context.Background(), "teacher", "GET", "/v1/courses?pageSize=1", nil, false)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `the request could not be sent: Get "http://127.0.0.1:1/v1/courses?pageSize=1": dial tcp 127.0.0.1:1: connect: connection refused`)
	assert.ErrorIs(t, err, errRefused, "the transport's error stays in the chain, for the runner to classify")
}

var errRefused = errors.New("connect: connection refused")

type failingTarget struct{ secrets []string }

func (f failingTarget) Do(_ context.Context, _ string, r *http.Request) (*http.Response, error) {
	return nil, fmt.Errorf(`Get "http://127.0.0.1:1%s": dial tcp 127.0.0.1:1: %w`, r.URL.RequestURI(), errRefused)
}
func (f failingTarget) Secrets() []string { return f.secrets }

type secretTarget struct{ secret string }

func (s secretTarget) Do(context.Context, string, *http.Request) (*http.Response, error) {
	return nil, nil
}
func (s secretTarget) Secrets() []string { return []string{s.secret} }

func TestSubstitute(t *testing.T) {
	w := New(Config{})
	w.vars["title"] = textVariable("a\"b")
	w.vars["materials"] = literalVariable(`[{"x":1}]`)
	tests := []struct {
		in, raw, json string
		err           bool
	}{
		{`{"title":"{title}"}`, `{"title":"a"b"}`, `{"title":"a\"b"}`, false},
		{`{"materials":{materials}}`, `{"materials":[{"x":1}]}`, `{"materials":[{"x":1}]}`, false},
		{`{}`, `{}`, `{}`, false},
		{`{"a":{"b":1}}`, `{"a":{"b":1}}`, `{"a":{"b":1}}`, false},
		{`/v1/{missing}`, "", "", true},
	}
	for _, tt := range tests {
		raw, err := w.substitute(tt.in, rawForm)
		if tt.err {
			if err == nil || !strings.Contains(err.Error(), "{missing}") {
				t.Errorf("substitute(%q) err = %v, want one naming {missing}", tt.in, err)
			}
			continue
		}
		js, _ := w.substitute(tt.in, jsonForm)
		if err != nil || raw != tt.raw || js != tt.json {
			t.Errorf("substitute(%q) = %q, %q, %v; want %q, %q", tt.in, raw, js, err, tt.raw, tt.json)
		}
	}
}

func TestGeneratedValues(t *testing.T) {
	ctx := context.Background()
	w := New(Config{})
	w.started = true
	require.NoError(t, w.repetitions(ctx, "title", 3000, "é"))
	if v, _ := w.Variable("title"); len([]rune(v)) != 3000 {
		t.Errorf("title has %d characters", len([]rune(v)))
	}
	if err := w.repetitions(ctx, "q", 2, `"`); err != nil || w.vars["q"].json != `\"\"` {
		t.Errorf("quote repetitions: %q, %v", w.vars["q"].json, err)
	}
	require.NoError(t, w.copies(ctx, "materials", 3, doc("{\"link\": {\"url\": \"https://example.com/\"}}\n")))
	want := `[{"link":{"url":"https://example.com/"}},{"link":{"url":"https://example.com/"}},{"link":{"url":"https://example.com/"}}]`
	if v, _ := w.Variable("materials"); v != want {
		t.Errorf("materials = %s", v)
	}
	if err := w.copies(ctx, "bad", 2, doc("{not json")); err == nil {
		t.Error("copies of a non-JSON document were accepted")
	}
	if err := w.repetitions(ctx, "huge", 1<<30, "abcdefgh"); err == nil {
		t.Error("a gigabyte of repetitions was accepted")
	}
}

func TestSubstituteURIEscapes(t *testing.T) {
	w := New(Config{})
	for name, v := range map[string]string{"courseId": "p:a b", "token": "a+b/c=="} {
		require.NoError(t, w.set(name, textVariable(v)))
	}
	got, err := w.substituteURI("/v1/courses/{courseId}/courseWork?pageToken={token}&pageSize=2")
	require.NoError(t, err)
	if want := "/v1/courses/p:a%20b/courseWork?pageToken=a%2Bb%2Fc%3D%3D&pageSize=2"; got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
}
