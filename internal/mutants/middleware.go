package mutants

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/classroom-conformance/classroom-conformance/reference"
)

// A Middleware makes a mutant: a Classroom server with one deliberate fault, a real reference
// server behind a middleware that rewrites requests on their way in, or answers on their way out,
// the way a vendor's implementation might get a rule wrong. The reference package itself is
// untouched.
//
// hit is called whenever the middleware actually changes something, so a test can tell a mutant
// the suite caught from one the suite never exercised.
type Middleware func(next http.Handler, hit func()) http.Handler

// Handler wraps next in the mutant for a test that does not count what the mutant changes.
func (m Middleware) Handler(next http.Handler) http.Handler { return m(next, func() {}) }

// An Answer is a response of the reference, captured so that a mutant can rewrite it.
type Answer struct {
	Code   int
	Header http.Header
	Body   []byte
}

// capture serves r with next and keeps the response.
func capture(next http.Handler, r *http.Request) *Answer {
	rec := httptest.NewRecorder()
	next.ServeHTTP(rec, r)
	return &Answer{Code: rec.Code, Header: rec.Header().Clone(), Body: rec.Body.Bytes()}
}

func (a *Answer) write(w http.ResponseWriter) {
	h := w.Header()
	for k, v := range a.Header {
		h[k] = v
	}
	h.Del("Content-Length")
	w.WriteHeader(a.Code)
	w.Write(a.Body)
}

// Object decodes the body as a JSON object, numbers kept exact; nil when it is not one.
func (a *Answer) Object() map[string]any { return decodeObject(a.Body) }

// SetObject replaces the body with m, encoded.
func (a *Answer) SetObject(m map[string]any) {
	b, err := json.Marshal(m)
	if err != nil {
		panic(fmt.Sprintf("encode a rewritten answer: %v", err)) // decoded JSON always encodes
	}
	a.Body = b
}

// ErrorOf decodes the answer and returns it with its "error" member, which is nil when the
// answer is not an error envelope.
func (a *Answer) ErrorOf() (map[string]any, map[string]any) {
	obj := a.Object()
	e, _ := obj["error"].(map[string]any)
	return obj, e
}

func decodeObject(b []byte) map[string]any {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if dec.Decode(&m) != nil || dec.More() {
		return nil
	}
	return m
}

func encodeObject(m map[string]any) []byte {
	b, err := json.Marshal(m)
	if err != nil {
		panic(fmt.Sprintf("encode a rewritten request: %v", err))
	}
	return b
}

// OnRequest makes a mutant that rewrites each request before the reference sees it: fn may
// change the header and URL of r, returns the body to send, and reports whether it changed
// anything.
func OnRequest(fn func(r *http.Request, body []byte) (newBody []byte, changed bool)) Middleware {
	return func(next http.Handler, hit func()) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, err := io.ReadAll(r.Body)
			if err != nil {
				http.Error(w, "read the request body: "+err.Error(), http.StatusBadRequest)
				return
			}
			r = r.Clone(r.Context())
			body, changed := fn(r, body)
			if changed {
				hit()
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			r.ContentLength = int64(len(body))
			next.ServeHTTP(w, r)
		})
	}
}

// OnResponse makes a mutant that rewrites each answer of the reference; fn reports whether it
// changed anything.
func OnResponse(fn func(r *http.Request, a *Answer) (changed bool)) Middleware {
	return func(next http.Handler, hit func()) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			a := capture(next, r)
			if fn(r, a) {
				hit()
			}
			a.write(w)
		})
	}
}

// Chain applies the middlewares in order: the first sees the request first.
func Chain(ms ...Middleware) Middleware {
	return func(next http.Handler, hit func()) http.Handler {
		for i := len(ms) - 1; i >= 0; i-- {
			next = ms[i](next, hit)
		}
		return next
	}
}

// The request paths the mutants rewrite. A course id may be an alias ("p:name"), so only the
// last segment excludes a colon.
var (
	courseWorkList = regexp.MustCompile(`^/v1/courses/([^/]+)/courseWork$`)
	courseWorkItem = regexp.MustCompile(`^/v1/courses/([^/]+)/courseWork/([^/:]+)$`)
	submissionItem = regexp.MustCompile(`^/v1/courses/([^/]+)/courseWork/([^/]+)/studentSubmissions/([^/:]+)$`)
	submissionList = regexp.MustCompile(`^/v1/courses/([^/]+)/courseWork/([^/]+)/studentSubmissions$`)
	submissionVerb = regexp.MustCompile(`^/v1/courses/([^/]+)/courseWork/([^/]+)/studentSubmissions/([^/:]+):(turnIn|reclaim|return)$`)
)

// isCourseWorkWrite reports whether r creates or patches course work: the requests whose body
// is a CourseWork.
func isCourseWorkWrite(r *http.Request) bool {
	return r.Method == http.MethodPost && courseWorkList.MatchString(r.URL.Path) ||
		r.Method == http.MethodPatch && courseWorkItem.MatchString(r.URL.Path)
}

// isVerb reports whether r is the studentSubmissions method verb (turnIn, reclaim, return).
func isVerb(r *http.Request, verb string) bool {
	m := submissionVerb.FindStringSubmatch(r.URL.Path)
	return r.Method == http.MethodPost && m != nil && m[4] == verb
}

// builtinTokens maps each actor of the suite to the bearer token the reference knows it by.
func builtinTokens() map[string]string {
	m := map[string]string{}
	for _, id := range reference.BuiltinIdentities() {
		m[id.Actor] = id.Token
	}
	return m
}

func bearer(r *http.Request) string {
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return token
}

// swapToken replaces the bearer token of r by the one swaps maps it to, if any.
func swapToken(r *http.Request, swaps map[string]string) bool {
	to, ok := swaps[bearer(r)]
	if !ok {
		return false
	}
	r.Header.Set("Authorization", "Bearer "+to)
	return true
}

// tokenSwap is a mutant that answers the requests match selects as another user: swaps maps
// the actor a request is sent as to the actor the reference sees.
func tokenSwap(match func(r *http.Request) bool, swaps map[string]string) Middleware {
	tokens := builtinTokens()
	byToken := map[string]string{}
	for from, to := range swaps {
		byToken[tokens[from]] = tokens[to]
	}
	return OnRequest(func(r *http.Request, body []byte) ([]byte, bool) {
		return body, match(r) && swapToken(r, byToken)
	})
}

// editBody is a mutant that edits the JSON object bodies of the requests match selects; edit
// reports whether it changed the object.
func editBody(match func(r *http.Request) bool, edit func(m map[string]any) bool) Middleware {
	return OnRequest(func(r *http.Request, body []byte) ([]byte, bool) {
		if !match(r) {
			return body, false
		}
		m := decodeObject(body)
		if m == nil || !edit(m) {
			return body, false
		}
		return encodeObject(m), true
	})
}

// editQuery is a mutant that edits the query of the requests match selects.
func editQuery(match func(r *http.Request) bool, edit func(q url.Values) bool) Middleware {
	return OnRequest(func(r *http.Request, body []byte) ([]byte, bool) {
		if !match(r) {
			return body, false
		}
		q := r.URL.Query()
		if !edit(q) {
			return body, false
		}
		r.URL.RawQuery = q.Encode()
		r.RequestURI = r.URL.RequestURI()
		return body, true
	})
}

// dropQuery edits the query by removing the named parameters.
func dropQuery(names ...string) func(q url.Values) bool {
	return func(q url.Values) bool {
		changed := false
		for _, n := range names {
			if q.Has(n) {
				q.Del(n)
				changed = true
			}
		}
		return changed
	}
}

// editObjects is a mutant that edits every JSON object in every answer (nested ones included);
// edit reports whether it changed the object.
func editObjects(edit func(obj map[string]any) bool) Middleware {
	return OnResponse(func(r *http.Request, a *Answer) bool {
		m := a.Object()
		if m == nil || !walkObjects(m, edit) {
			return false
		}
		a.SetObject(m)
		return true
	})
}

// walkObjects calls fn on v and every object inside it, and reports whether any call did.
func walkObjects(v any, fn func(map[string]any) bool) bool {
	changed := false
	switch x := v.(type) {
	case map[string]any:
		changed = fn(x)
		for _, k := range sortedKeys(x) {
			changed = walkObjects(x[k], fn) || changed
		}
	case []any:
		for _, e := range x {
			changed = walkObjects(e, fn) || changed
		}
	}
	return changed
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// editError is a mutant that edits the error envelopes the reference answers: fn gets the
// answer (to change its HTTP code) and the envelope's "error" member.
func editError(fn func(a *Answer, e map[string]any) bool) Middleware {
	return OnResponse(func(r *http.Request, a *Answer) bool {
		obj, e := a.ErrorOf()
		if e == nil || !fn(a, e) {
			return false
		}
		a.SetObject(obj)
		return true
	})
}

// isCourseWork tells a CourseWork from the other resources of an answer: only it has a
// workType (a submission has courseWorkType).
func isCourseWork(obj map[string]any) bool { _, ok := obj["workType"]; return ok }

// isSubmission tells a StudentSubmission from the other resources of an answer.
func isSubmission(obj map[string]any) bool { _, ok := obj["courseWorkType"]; return ok }

// answerWithResource is a mutant that, when a request match selects succeeds, answers with the
// resource at the path resource gives instead of the documented body, read as the same caller:
// a server returning the object it changed where the method documents an empty object.
func answerWithResource(match func(r *http.Request) bool, resource func(path string) string) Middleware {
	return func(next http.Handler, hit func()) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			a := capture(next, r)
			if match(r) && a.Code == http.StatusOK {
				get := httptest.NewRequestWithContext(r.Context(), http.MethodGet, resource(r.URL.Path), nil)
				get.Header.Set("Authorization", r.Header.Get("Authorization"))
				if got := capture(next, get); got.Code == http.StatusOK {
					a = got
					hit()
				}
			}
			a.write(w)
		})
	}
}
