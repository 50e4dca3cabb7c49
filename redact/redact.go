// Package redact removes credentials from recorded HTTP traffic before it reaches disk, and lints
// cassettes for credentials that slipped through.
//
// Redaction is deterministic and idempotent: redacting an already redacted request changes
// nothing, so a request can be matched against a recording by redacting both sides the same way.
// What is removed:
//
//   - the values of the headers Authorization, Proxy-Authorization, Cookie, Set-Cookie,
//     X-Goog-Api-Key and any header named in Options.Headers;
//   - the query parameters access_token, oauth_token and key;
//   - in JSON bodies, the values of credential fields at any depth (access_token, refresh_token,
//     id_token, client_secret, their camelCase forms, password, private_key, ...) and of the
//     fields named by Options.JSONPaths;
//   - in form bodies, the same fields plus the OAuth authorization code;
//   - anywhere in headers, URLs and bodies, substrings shaped like Google credentials (ya29.
//     access tokens, 1//0 refresh tokens, AIza API keys, JWTs, bearer credentials, private keys).
package redact

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Placeholder replaces every redacted value.
const Placeholder = "REDACTED"

// Options are the redactions a recording needs beyond the built-in ones. The zero value adds
// none.
type Options struct {
	// Headers are extra header names whose values are redacted (case-insensitive).
	Headers []string
	// JSONPaths are extra JSON fields whose values are redacted. A path is a list of object
	// keys separated by dots, from the root of the body ("course.ownerId"); arrays are crossed
	// transparently ("courseWork.description" reaches the description of every element); "*"
	// matches any key; a path starting with ".." matches at any depth ("..email").
	JSONPaths []string
}

// A Redactor removes credentials from requests and responses. It is immutable and safe for
// concurrent use; build it with New.
type Redactor struct {
	headers map[string]bool // canonical header names
	params  map[string]bool
	fields  map[string]bool // JSON and form field names redacted at any depth
	paths   []jsonPath
	pats    []pattern
}

// builtinHeaders carry credentials in every request or response that has them.
var builtinHeaders = []string{"Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "X-Goog-Api-Key"}

// builtinParams are the query parameters Google accepts credentials in.
var builtinParams = []string{"access_token", "oauth_token", "key"}

// builtinFields are the names credentials go by in OAuth token responses, token exchange
// requests and service account key files.
var builtinFields = []string{
	"access_token", "refresh_token", "id_token", "client_secret", "private_key", "private_key_id",
	"accessToken", "refreshToken", "idToken", "clientSecret", "privateKey", "privateKeyId",
	"api_key", "apiKey", "password", "client_assertion", "code_verifier",
}

// formOnlyFields are credentials only in form bodies: "code" is the OAuth authorization code in
// a token exchange (in JSON it is an error's numeric code), and "assertion" the signed JWT of a
// JWT-bearer grant (a JWT is scrubbed wherever it appears anyway).
var formOnlyFields = []string{"code", "assertion"}

// New returns a Redactor with the built-in redactions and those of opts. It fails on a header
// name or JSON path that cannot match anything.
func New(opts Options) (*Redactor, error) {
	r := &Redactor{
		headers: map[string]bool{},
		params:  map[string]bool{},
		fields:  map[string]bool{},
		pats:    patterns(),
	}
	for _, h := range builtinHeaders {
		r.headers[http.CanonicalHeaderKey(h)] = true
	}
	for _, h := range opts.Headers {
		h = strings.TrimSpace(h)
		if h == "" || strings.ContainsAny(h, " \t:\r\n") {
			return nil, fmt.Errorf("redact header %q: not a header name", h)
		}
		r.headers[http.CanonicalHeaderKey(h)] = true
	}
	for _, p := range builtinParams {
		r.params[p] = true
	}
	for _, f := range builtinFields {
		r.fields[f] = true
	}
	for _, p := range opts.JSONPaths {
		jp, err := parseJSONPath(p)
		if err != nil {
			return nil, err
		}
		r.paths = append(r.paths, jp)
	}
	return r, nil
}

// Default returns a Redactor with the built-in redactions only.
func Default() *Redactor {
	r, _ := New(Options{}) // cannot fail: no user input
	return r
}

// IsSecretHeader reports whether the value of header name is redacted.
func (r *Redactor) IsSecretHeader(name string) bool {
	return r.headers[http.CanonicalHeaderKey(name)]
}

// Header redacts h in place and reports whether it changed anything. Credential headers keep
// their authorization scheme ("Bearer REDACTED"), so a reader of the cassette still sees how the
// request was authenticated.
func (r *Redactor) Header(h http.Header) bool {
	changed := false
	for name, values := range h {
		secret := r.headers[name] || r.headers[http.CanonicalHeaderKey(name)]
		for i, v := range values {
			var nv string
			if secret {
				nv = redactCredential(v)
			} else {
				nv, _ = scrub(r.pats, v)
			}
			if nv != v {
				values[i] = nv
				changed = true
			}
		}
	}
	return changed
}

// redactCredential keeps the scheme of an Authorization-style value ("Bearer", "Basic") and
// replaces the rest.
func redactCredential(v string) string {
	if v == "" || v == Placeholder {
		return v
	}
	if i := strings.IndexByte(v, ' '); i > 0 && isToken(v[:i]) {
		rest := strings.TrimLeft(v[i:], " ")
		if rest == Placeholder {
			return v
		}
		return v[:i] + " " + Placeholder
	}
	return Placeholder
}

func isToken(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// Query redacts a raw (still escaped) query string, keeping the order and encoding of every
// parameter it leaves alone.
func (r *Redactor) Query(rawQuery string) string {
	if rawQuery == "" {
		return rawQuery
	}
	parts := strings.Split(rawQuery, "&")
	changed := false
	for i, part := range parts {
		k, v, hasValue := strings.Cut(part, "=")
		name, err := url.QueryUnescape(k)
		if err != nil {
			name = k
		}
		if r.params[name] {
			if hasValue && v != Placeholder && v != "" {
				parts[i] = k + "=" + Placeholder
				changed = true
			}
			continue
		}
		if uv, err := url.QueryUnescape(v); err == nil {
			if s, ok := scrub(r.pats, uv); ok {
				parts[i] = k + "=" + url.QueryEscape(s)
				changed = true
			}
		}
	}
	if !changed {
		return rawQuery
	}
	return strings.Join(parts, "&")
}

// URL redacts an absolute or relative URL: its query (see Query) and any password in it.
// A string that does not parse as a URL is scrubbed as text.
func (r *Redactor) URL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		s, _ := scrub(r.pats, raw)
		return s
	}
	changed := false
	if u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), Placeholder)
			changed = true
		}
	}
	if q := r.Query(u.RawQuery); q != u.RawQuery {
		u.RawQuery = q
		changed = true
	}
	if !changed {
		s, _ := scrub(r.pats, raw)
		return s
	}
	s, _ := scrub(r.pats, u.String())
	return s
}

// Body redacts a request or response body. JSON bodies (whatever their declared type) lose the
// values of credential fields, form bodies (application/x-www-form-urlencoded) the values of
// credential parameters; every body is then scrubbed of credential-shaped text. The layout of a
// JSON body is kept: only the redacted values change.
func (r *Redactor) Body(body, contentType string) string {
	if body == "" {
		return body
	}
	if LooksJSON(body) {
		body = r.jsonBody(body)
	} else if strings.HasPrefix(strings.ToLower(strings.TrimSpace(contentType)), "application/x-www-form-urlencoded") {
		body = r.formBody(body)
	}
	s, _ := scrub(r.pats, body)
	return s
}

// Text scrubs credential-shaped substrings from any text.
func (r *Redactor) Text(s string) string {
	s, _ = scrub(r.pats, s)
	return s
}

// LooksJSON reports whether a body is a JSON object or array, by its first character that is not
// white space: the test that decides whether a body is matched and redacted as JSON.
func LooksJSON(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\r', '\n':
			continue
		case '{', '[':
			return true
		default:
			return false
		}
	}
	return false
}

func (r *Redactor) formBody(body string) string {
	parts := strings.Split(body, "&")
	changed := false
	for i, part := range parts {
		k, v, hasValue := strings.Cut(part, "=")
		name, err := url.QueryUnescape(k)
		if err != nil || !hasValue || v == "" || v == Placeholder {
			continue
		}
		if r.fields[name] || r.params[name] || contains(formOnlyFields, name) {
			parts[i] = k + "=" + Placeholder
			changed = true
		}
	}
	if !changed {
		return body
	}
	return strings.Join(parts, "&")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
