package endpoint

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/classroom-conformance/classroom-conformance/redact"
)

// DefaultTimeout bounds one request of a live target whose Client is nil. Classroom answers in
// well under a second; a minute means the server is gone, not slow.
const DefaultTimeout = 60 * time.Second

// HTTP is a live target: a base URL and a bearer token per actor.
//
//	t := &endpoint.HTTP{BaseURL: u, Tokens: map[string]string{"teacher": tok}}
//
// It is safe for concurrent use as long as its fields are not modified while it is in use.
type HTTP struct {
	// BaseURL is the root of the API: request paths such as "/v1/courses" are appended to its
	// path. It must be absolute (http or https) and carry no query or fragment.
	BaseURL *url.URL
	// Tokens maps an actor (see Actors) to its bearer token. Requests as Anonymous carry none.
	Tokens map[string]string
	// Client sends the requests. Nil means a client with DefaultTimeout and the default
	// transport. Set it (or use WithTransport) to record or replay traffic.
	Client *http.Client
	// UserAgent is sent with every request when not empty.
	UserAgent string
}

// ParseBaseURL parses and checks the base URL of a target, so a typo is reported before any
// scenario runs rather than as a failure of every request.
func ParseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("target URL %q: %w", raw, err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("target URL %q: scheme must be http or https", raw)
	case u.Host == "":
		return nil, fmt.Errorf("target URL %q: no host", raw)
	case u.User != nil:
		return nil, fmt.Errorf("target URL %s: credentials belong in the profile's actors, not in the URL", bare(u))
	case u.RawQuery != "" || u.ForceQuery:
		return nil, fmt.Errorf("target URL %s: must not have a query", bare(u))
	case u.Fragment != "":
		return nil, fmt.Errorf("target URL %s: must not have a fragment", bare(u))
	}
	return u, nil
}

// bare shows a URL without user info, query or fragment, any of which may hold a key.
func bare(u *url.URL) string {
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
}

// Do sends req as actor: it resolves req's path and query against BaseURL and sets the actor's
// bearer token, replacing any Authorization header req carries. An actor without a token fails
// with a *NoTokenError before anything is sent.
func (h *HTTP) Do(ctx context.Context, actor string, req *http.Request) (*http.Response, error) {
	if h.BaseURL == nil {
		return nil, errors.New("target has no base URL")
	}
	token := ""
	if actor != Anonymous {
		t, ok := h.Tokens[actor]
		if !ok || t == "" {
			return nil, &NoTokenError{Actor: actor}
		}
		token = t
	}
	u, err := h.resolve(req.URL)
	if err != nil {
		return nil, err
	}
	out := req.Clone(ctx)
	out.URL = u
	out.Host = ""
	out.RequestURI = ""
	out.Header.Del("Authorization")
	if token != "" {
		out.Header.Set("Authorization", "Bearer "+token)
	}
	if h.UserAgent != "" {
		out.Header.Set("User-Agent", h.UserAgent)
	}
	client := h.Client
	if client == nil {
		client = &http.Client{Timeout: DefaultTimeout}
	}
	resp, err := client.Do(out)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", req.Method, req.URL.RequestURI(), scrub(err, token))
	}
	return resp, nil
}

// resolve appends ref's path and query to the base URL, keeping the base's own path prefix
// ("https://host/prefix/" + "/v1/courses" is "https://host/prefix/v1/courses").
func (h *HTTP) resolve(ref *url.URL) (*url.URL, error) {
	if ref.IsAbs() || ref.Host != "" {
		return nil, fmt.Errorf("request URL %q must be a path relative to the target", ref)
	}
	if !strings.HasPrefix(ref.Path, "/") {
		return nil, fmt.Errorf("request path %q must start with /", ref.Path)
	}
	raw := strings.TrimSuffix(h.BaseURL.String(), "/") + ref.RequestURI()
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("resolve %q against %s: %w", ref.RequestURI(), h.BaseURL, err)
	}
	return u, nil
}

// HasActor reports whether the target has a token for actor; the anonymous caller needs none.
func (h *HTTP) HasActor(actor string) bool {
	if actor == Anonymous {
		return true
	}
	return h.Tokens[actor] != ""
}

// Secrets returns the tokens of the target, longest first, so that whatever prints a request or
// a response can mask them.
func (h *HTTP) Secrets() []string {
	s := make([]string, 0, len(h.Tokens))
	for _, t := range h.Tokens {
		if t != "" {
			s = append(s, t)
		}
	}
	sort.Slice(s, func(i, j int) bool { return len(s[i]) > len(s[j]) })
	return s
}

// WithTransport returns a copy of h that sends its requests through rt, with the same base URL,
// tokens and timeout. The suite uses it to give each scenario its own recorder or replayer.
func (h *HTTP) WithTransport(rt http.RoundTripper) *HTTP {
	c := *h
	client := &http.Client{Timeout: DefaultTimeout}
	if h.Client != nil {
		cc := *h.Client
		client = &cc
	}
	client.Transport = rt
	c.Client = client
	return &c
}

// scrub keeps a token out of an error message; url.Error can quote a request URL, and a
// misbehaving transport could quote a header.
func scrub(err error, token string) error {
	if token == "" {
		return err
	}
	msg := redact.NewKnown(token).Mask(err.Error())
	if msg == err.Error() {
		return err
	}
	return &scrubbedError{msg: msg, err: err}
}

type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }
