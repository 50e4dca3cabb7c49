package endpoint

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
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
			if err != nil {
				t.Fatal(err)
			}
			h := &HTTP{BaseURL: base, Tokens: map[string]string{"teacher": "tok-t", "student": "tok-s"}}
			req, err := http.NewRequest("GET", tt.path, nil)
			if err != nil {
				t.Fatal(err)
			}
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
			if err != nil {
				t.Fatal(err)
			}
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
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if seen != "Bearer tok-t" {
		t.Errorf("transport saw Authorization %q", seen)
	}
	if h.Client != nil {
		t.Error("WithTransport modified the original")
	}
}
