package verify

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	vcr "gopkg.in/dnaeon/go-vcr.v3/cassette"

	"github.com/classroom-conformance/classroom-conformance/proxy/cassette"
	"github.com/classroom-conformance/classroom-conformance/redact"
)

// credentialParams are query parameters that carry credentials: the target's token goes in the
// Authorization header instead.
var credentialParams = map[string]bool{"access_token": true, "oauth_token": true, "key": true}

// notForwarded are recorded headers that are not re-sent: the credentials and identity belong
// to the target's actor, the rest is the transport's business.
var notForwarded = map[string]bool{
	"Authorization": true, cassette.ActorHeader: true, "Content-Length": true, "Host": true,
	"User-Agent": true, "Accept-Encoding": true, "Connection": true, "X-Goog-Api-Key": true,
	"Cookie": true, "Proxy-Authorization": true, "Transfer-Encoding": true,
}

// apiPath returns the path and query of a recorded request relative to the API's root: the
// recorded URL's, less any prefix the recording server was mounted under ("/proxy/v1/..." is
// "/v1/...") when only the shorter path names a method.
func apiPath(api *apiIndex, method string, u *url.URL) string {
	p := u.EscapedPath()
	if api.method(method, u.Path) == nil {
		for _, root := range []string{"/v1/", "/v1beta1/"} {
			if i := strings.Index(p, root); i > 0 {
				if plain, err := url.PathUnescape(p[i:]); err == nil && api.method(method, plain) != nil {
					p = p[i:]
					break
				}
			}
		}
	}
	if p == "" {
		p = "/"
	}
	return p
}

// outgoing builds the request to send to the target for a recorded one, rewritten through the
// bindings, and notes the strings the client sent. It returns the request and its body.
func (b *binder) outgoing(api *apiIndex, r *vcr.Request) (*http.Request, []byte, error) {
	u, err := url.Parse(r.URL)
	if err != nil {
		return nil, nil, fmt.Errorf("recorded URL %q: %w", r.URL, err)
	}
	b.noteSent(u, r.Body)
	path := b.rewrite(apiPath(api, r.Method, u), url.PathEscape)
	var query []string
	if u.RawQuery != "" {
		for _, part := range strings.Split(u.RawQuery, "&") {
			name, _, _ := strings.Cut(part, "=")
			if n, err := url.QueryUnescape(name); err == nil && credentialParams[n] {
				continue
			}
			query = append(query, b.rewrite(part, url.QueryEscape))
		}
	}
	ref := path
	if len(query) > 0 {
		ref += "?" + strings.Join(query, "&")
	}
	body := r.Body
	if redact.LooksJSON(body) {
		body = b.rewrite(body, jsonEscape)
	} else {
		body = b.rewrite(body, verbatim)
	}
	req, err := http.NewRequest(r.Method, ref, bytes.NewReader([]byte(body)))
	if err != nil {
		return nil, nil, fmt.Errorf("rewritten request %s %s: %w", r.Method, ref, err)
	}
	for name, values := range r.Headers {
		if notForwarded[http.CanonicalHeaderKey(name)] {
			continue
		}
		for _, v := range values {
			req.Header.Add(name, v)
		}
	}
	if body == "" {
		req.Body, req.ContentLength = http.NoBody, 0
	}
	return req, []byte(body), nil
}

// noteSent remembers the strings of a recorded request: its path segments (and custom verb),
// its query values and the strings of its JSON body.
func (b *binder) noteSent(u *url.URL, body string) {
	for _, seg := range strings.Split(u.Path, "/") {
		if seg == "" {
			continue
		}
		b.sent[seg] = true
		if i := strings.LastIndexByte(seg, ':'); i > 0 {
			b.sent[seg[:i]] = true
		}
	}
	for _, vs := range u.Query() {
		for _, v := range vs {
			b.sent[v] = true
		}
	}
	if v, ok := decodeJSON([]byte(body)); ok {
		collectStrings(v, b.sent)
	}
}

func collectStrings(v any, into map[string]bool) {
	switch x := v.(type) {
	case string:
		into[x] = true
	case map[string]any:
		for _, e := range x {
			collectStrings(e, into)
		}
	case []any:
		for _, e := range x {
			collectStrings(e, into)
		}
	}
}
