package cassette

import (
	"github.com/classroom-conformance/classroom-conformance/redact"

	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/url"
	"sort"
	"strconv"
	"strings"

	vcr "gopkg.in/dnaeon/go-vcr.v3/cassette"
)

// A Key is the canonical form of a request: two requests with the same key are the same request
// as far as replay is concerned. It is readable, so that it can be printed:
//
//	GET /v1/courses/123/courseWork?pageSize=10 actor="teacher" body=
type Key string

// ignoredParams are Google's system parameters that change how an answer is encoded, or whom its
// quota is charged to, but not the answer; credentials passed as parameters are ignored too, as
// the actor stands for the caller. "fields" is not among them: it changes the answer.
var ignoredParams = []string{"alt", "prettyPrint", "$.xgafv", "quotaUser", "key", "access_token", "oauth_token"}

// IgnoredParams returns the query parameters matching ignores unless Options.IgnoreParams adds
// more.
func IgnoredParams() []string { return append([]string(nil), ignoredParams...) }

// canonical is a request reduced to what matching compares, kept apart so a miss can say which
// part differs.
type canonical struct {
	method string
	path   string
	query  url.Values // ignored parameters removed, values sorted
	rawQ   string     // encoded form of query
	body   string     // canonical JSON, or the raw body
	actor  string     // empty when identity is not matched
}

// maxInlineBody is the length up to which a canonical body appears in a key as is; longer ones
// appear as a hash.
const maxInlineBody = 64

func (k *canonical) key() Key {
	var b strings.Builder
	b.Grow(len(k.method) + len(k.path) + len(k.rawQ) + len(k.actor) + 80)
	b.WriteString(k.method)
	b.WriteByte(' ')
	if strings.ContainsAny(k.path, " \"%?#") || !isASCII(k.path) {
		b.WriteString((&url.URL{Path: k.path}).EscapedPath())
	} else {
		b.WriteString(k.path)
	}
	if k.rawQ != "" {
		b.WriteByte('?')
		b.WriteString(k.rawQ)
	}
	b.WriteString(" actor=")
	b.WriteString(strconv.Quote(k.actor))
	b.WriteString(" body=")
	if len(k.body) <= maxInlineBody {
		b.WriteString(k.body)
	} else {
		sum := sha256.Sum256([]byte(k.body))
		b.WriteString("sha256:")
		b.WriteString(base64.RawURLEncoding.EncodeToString(sum[:]))
	}
	return Key(b.String())
}

// Key returns the matching key of a request as the cassette records it (after redaction).
func (c *Cassette) Key(r *vcr.Request) Key {
	k := c.canonicalize(r, false)
	return k.key()
}

// canonicalize reduces a request to what matching compares, after the same redaction a recorded
// request went through, so a live request and its recording agree.
//
// redacted says r has been redacted already (it is stored), which saves redacting it again.
func (c *Cassette) canonicalize(r *vcr.Request, redacted bool) canonical {
	k := canonical{method: strings.ToUpper(r.Method)}
	rawURL := r.URL
	path, rawQuery := rawURL, ""
	if u, err := url.Parse(rawURL); err == nil {
		path, rawQuery = u.Path, u.RawQuery
	} else if i := strings.IndexByte(rawURL, '?'); i >= 0 {
		path, rawQuery = rawURL[:i], rawURL[i+1:]
	}
	if path == "" {
		path = "/"
	}
	k.path = path
	body := r.Body
	if !redacted {
		rawQuery = c.red.Query(rawQuery)
		body = c.red.Body(body, r.Headers.Get("Content-Type"))
	}
	k.query, k.rawQ = c.canonicalQuery(rawQuery)
	k.body = canonicalBody(body)
	if c.opts.MatchActor {
		k.actor = r.Headers.Get(ActorHeader)
	}
	return k
}

func (c *Cassette) canonicalQuery(raw string) (url.Values, string) {
	if raw == "" {
		return nil, ""
	}
	q, err := url.ParseQuery(raw)
	if err != nil {
		// Not a form-encoded query: it can only match itself.
		return url.Values{"": {raw}}, raw
	}
	for name := range q {
		if c.ignored[name] {
			delete(q, name)
		}
	}
	if len(q) == 0 {
		return nil, ""
	}
	for _, vs := range q {
		sort.Strings(vs)
	}
	return q, q.Encode()
}

// canonicalBody returns JSON with its keys sorted and its whitespace removed, numbers kept as
// written; anything else is returned as is.
func canonicalBody(body string) string {
	if body == "" || !redact.LooksJSON(body) {
		return body
	}
	dec := json.NewDecoder(strings.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return body
	}
	if _, err := dec.Token(); err != io.EOF {
		return body // trailing data: not one JSON document
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return body
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || s[i] < 0x20 {
			return false
		}
	}
	return true
}
