package endpoint

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// echo answers with the request line and the Authorization header it received.
func echo(hits *int32) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		atomic.AddInt32(hits, 1)
		io.WriteString(w, r.Method+" "+r.URL.RequestURI()+"|"+r.Header.Get("Authorization"))
	})
}

func TestHTTPDo(t *testing.T) {
	var hits int32
	srv := httptest.NewServer(echo(&hits))
	defer srv.Close()

	tests := []struct {
		name, base, actor, path string
		want                    string
		wantErr                 error
	}{
		{"teacher token is sent", srv.URL, "teacher", "/v1/courses?pageSize=1", "GET /v1/courses?pageSize=1|Bearer tok-t", nil},
		{"base path prefix is kept", srv.URL + "/prefix/", "student", "/v1/courses/1:turnIn", "GET /prefix/v1/courses/1:turnIn|Bearer tok-s", nil},
		{"anonymous sends no credentials", srv.URL, Anonymous, "/v1/courses", "GET /v1/courses|", nil},
		{"escaped path survives", srv.URL, "teacher", "/v1/courses/p:a%2Fb", "GET /v1/courses/p:a%2Fb|Bearer tok-t", nil},
		{"missing actor is ErrNoToken", srv.URL, "outsider", "/v1/courses", "", ErrNoToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base, err := ParseBaseURL(tt.base)
			require.NoError(t, err)
			h := &HTTP{BaseURL: base, Tokens: map[string]string{"teacher": "tok-t", "student": "tok-s"}}
			req, err := http.NewRequest("GET", tt.path, nil)
			require.NoError(t, err)
			req.Header.Set("Authorization", "Bearer smuggled")
			before := atomic.LoadInt32(&hits)
			resp, err := h.Do(context.Background(), tt.actor, req)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				if err.Error() != "profile has no token for actor "+tt.actor {
					t.Errorf("message %q", err)
				}
				if atomic.LoadInt32(&hits) != before {
					t.Error("a request was sent without a token")
				}
				return
			}
			require.NoError(t, err)
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if string(b) != tt.want {
				t.Errorf("server saw %q, want %q", b, tt.want)
			}
		})
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestWithTransportSendsTheActorsToken(t *testing.T) {
	base, _ := ParseBaseURL("http://127.0.0.1:1/")
	h := &HTTP{BaseURL: base, Tokens: map[string]string{"teacher": "tok-t"}}
	var seen string
	h2 := h.WithTransport(roundTripFunc(func(r *http.Request) (*http.Response, error) {
		seen = r.Header.Get("Authorization")
		return &http.Response{StatusCode: 204, Body: http.NoBody, Header: http.Header{}, Request: r}, nil
	}))
	req, _ := http.NewRequest("DELETE", "/v1/courses/1", nil)
	resp, err := h2.Do(context.Background(), "teacher", req)
	require.NoError(t, err)
	resp.Body.Close()
	if seen != "Bearer tok-t" {
		t.Errorf("transport saw Authorization %q", seen)
	}
	if h.Client != nil {
		t.Error("WithTransport modified the original")
	}
}

func TestErrorsNeverCarryTokens(t *testing.T) {
	base, _ := ParseBaseURL("http://127.0.0.1:1/")
	h := (&HTTP{BaseURL: base, Tokens: map[string]string{"teacher": "tok-secret"}}).WithTransport(
		roundTripFunc(func(r *http.Request) (*http.Response, error) {
			return nil, errors.New("refused: " + r.Header.Get("Authorization"))
		}))
	req, _ := http.NewRequest("GET", "/v1/courses", nil)
	_, err := h.Do(context.Background(), "teacher", req)
	if err == nil || strings.Contains(err.Error(), "tok-secret") {
		t.Fatalf("err = %v", err)
	}
}

func TestRequestMustBeRelative(t *testing.T) {
	base, _ := ParseBaseURL("http://127.0.0.1:1/")
	h := &HTTP{BaseURL: base}
	req, _ := http.NewRequest("GET", "http://elsewhere.test/v1/courses", nil)
	if _, err := h.Do(context.Background(), Anonymous, req); err == nil {
		t.Fatal("an absolute request URL was accepted")
	}
}

func TestParseBaseURL(t *testing.T) {
	tests := []struct {
		raw string
		ok  bool
	}{
		{"https://classroom.googleapis.com/", true},
		{"http://127.0.0.1:8080", true},
		{"127.0.0.1:8080", false},
		{"ftp://host/", false},
		{"http:///path", false},
		{"http://user:pw@host/", false},
		{"http://host/?key=1", false},
		{"http://host/#frag", false},
	}
	for _, tt := range tests {
		_, err := ParseBaseURL(tt.raw)
		if (err == nil) != tt.ok {
			t.Errorf("ParseBaseURL(%q) err = %v, want ok=%v", tt.raw, err, tt.ok)
		}
		if err != nil && strings.Contains(err.Error(), "pw") {
			t.Errorf("error echoes a password: %v", err)
		}
	}
}

// TestShortTokensLeaveErrorsReadable: a token as short as "t" is masked where it stands alone,
// never inside the words and URL of an error.
func TestShortTokensLeaveErrorsReadable(t *testing.T) {
	base, err := ParseBaseURL("http://127.0.0.1:1/")
	require.NoError(t, err)
	h := (&HTTP{BaseURL: base, Tokens: map[string]string{"teacher": "t"}}).WithTransport(
		roundTripFunc(func(r *http.Request) (*http.Response, error) {
			return nil, errors.New("refused " + r.Header.Get("Authorization") + ": dial tcp: connection refused")
		}))
	req, err := http.NewRequest("GET", "/v1/courses", nil)
	require.NoError(t, err)
	_, err = h.Do(context.Background(), "teacher", req)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `GET /v1/courses: Get "http://127.0.0.1:1/v1/courses": refused Bearer REDACTED: dial tcp: connection refused`)
}
