package suite

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// A mutant is a Classroom server with one deliberate fault: a real reference server behind a
// middleware that rewrites requests on their way in, or answers on their way out, the way a
// vendor's implementation might get a rule wrong. The reference package itself is untouched.
//
// hit is called whenever the middleware actually changes something, so a test can tell a mutant
// the suite caught from one the suite never exercised.
type middleware func(next http.Handler, hit func()) http.Handler

// An answer is a response of the reference, captured so that a mutant can rewrite it.
type answer struct {
	code   int
	header http.Header
	body   []byte
}

// capture serves r with next and keeps the response.
func capture(next http.Handler, r *http.Request) *answer {
	rec := httptest.NewRecorder()
	next.ServeHTTP(rec, r)
	return &answer{code: rec.Code, header: rec.Header().Clone(), body: rec.Body.Bytes()}
}

func (a *answer) write(w http.ResponseWriter) {
	h := w.Header()
	for k, v := range a.header {
		h[k] = v
	}
	h.Del("Content-Length")
	w.WriteHeader(a.code)
	w.Write(a.body)
}

// object decodes the body as a JSON object, numbers kept exact; nil when it is not one.
func (a *answer) object() map[string]any { return decodeObject(a.body) }

// setObject replaces the body with m, encoded.
func (a *answer) setObject(m map[string]any) {
	b, err := json.Marshal(m)
	if err != nil {
		panic(fmt.Sprintf("encode a rewritten answer: %v", err)) // decoded JSON always encodes
	}
	a.body = b
}

// errorOf decodes the answer and returns it with its "error" member, which is nil when the
// answer is not an error envelope.
func (a *answer) errorOf() (map[string]any, map[string]any) {
	obj := a.object()
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

// onRequest makes a mutant that rewrites each request before the reference sees it: fn may
// change the header and URL of r, returns the body to send, and reports whether it changed
// anything.
func onRequest(fn func(r *http.Request, body []byte) (newBody []byte, changed bool)) middleware {
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

// onResponse makes a mutant that rewrites each answer of the reference; fn reports whether it
// changed anything.
func onResponse(fn func(r *http.Request, a *answer) (changed bool)) middleware {
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

// chain applies the middlewares in order: the first sees the request first.
func chain(ms ...middleware) middleware {
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
func tokenSwap(match func(r *http.Request) bool, swaps map[string]string) middleware {
	tokens := BuiltinTokens()
	byToken := map[string]string{}
	for from, to := range swaps {
		byToken[tokens[from]] = tokens[to]
	}
	return onRequest(func(r *http.Request, body []byte) ([]byte, bool) {
		return body, match(r) && swapToken(r, byToken)
	})
}

// editBody is a mutant that edits the JSON object bodies of the requests match selects; edit
// reports whether it changed the object.
func editBody(match func(r *http.Request) bool, edit func(m map[string]any) bool) middleware {
	return onRequest(func(r *http.Request, body []byte) ([]byte, bool) {
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
func editQuery(match func(r *http.Request) bool, edit func(q url.Values) bool) middleware {
	return onRequest(func(r *http.Request, body []byte) ([]byte, bool) {
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
func editObjects(edit func(obj map[string]any) bool) middleware {
	return onResponse(func(r *http.Request, a *answer) bool {
		m := a.object()
		if m == nil || !walkObjects(m, edit) {
			return false
		}
		a.setObject(m)
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
func editError(fn func(a *answer, e map[string]any) bool) middleware {
	return onResponse(func(r *http.Request, a *answer) bool {
		obj, e := a.errorOf()
		if e == nil || !fn(a, e) {
			return false
		}
		a.setObject(obj)
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
func answerWithResource(match func(r *http.Request) bool, resource func(path string) string) middleware {
	return func(next http.Handler, hit func()) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			a := capture(next, r)
			if match(r) && a.code == http.StatusOK {
				get := httptest.NewRequestWithContext(r.Context(), http.MethodGet, resource(r.URL.Path), nil)
				get.Header.Set("Authorization", r.Header.Get("Authorization"))
				if got := capture(next, get); got.code == http.StatusOK {
					a = got
					hit()
				}
			}
			a.write(w)
		})
	}
}

// The mutants that rewrite one request or one answer at a time. Each comment says why a
// vendor's server might behave so.

func failedPreconditionAs409() middleware {
	// HTTP 409 is what many REST servers use for a state conflict; Google maps FAILED_PRECONDITION
	// to 400. The code is rewritten in the envelope too, so only the mapping is wrong.
	return editError(func(a *answer, e map[string]any) bool {
		if e["status"] != "FAILED_PRECONDITION" {
			return false
		}
		a.code, e["code"] = http.StatusConflict, http.StatusConflict
		return true
	})
}

func notFoundAsPermissionDenied() middleware {
	// Hiding whether something exists behind a 403 is a common security habit; Classroom
	// documents NOT_FOUND.
	return editError(func(a *answer, e map[string]any) bool {
		if e["status"] != "NOT_FOUND" {
			return false
		}
		a.code, e["code"], e["status"], e["message"] = http.StatusForbidden, http.StatusForbidden, "PERMISSION_DENIED", "The caller does not have permission"
		return true
	})
}

func envelopeWithoutStatus() middleware {
	return editError(func(a *answer, e map[string]any) bool {
		_, had := e["status"]
		delete(e, "status")
		return had
	})
}

func timestampsWithOffset() middleware {
	// "+00:00" is valid RFC 3339 and what many JSON encoders write for UTC; Classroom documents
	// "RFC3339 UTC \"Zulu\" format".
	return editObjects(func(obj map[string]any) bool {
		changed := false
		for k, v := range obj {
			s, ok := v.(string)
			if !ok || !strings.HasSuffix(s, "Z") {
				continue
			}
			if _, err := time.Parse(time.RFC3339Nano, s); err == nil {
				obj[k] = strings.TrimSuffix(s, "Z") + "+00:00"
				changed = true
			}
		}
		return changed
	})
}

func alternateLinkOnDrafts() middleware {
	return editObjects(func(obj map[string]any) bool {
		if !isCourseWork(obj) || obj["state"] != "DRAFT" || obj["alternateLink"] != nil {
			return false
		}
		obj["alternateLink"] = fmt.Sprintf("https://classroom.google.com/c/%v/a/%v/details", obj["courseId"], obj["id"])
		return true
	})
}

func associatedWithDeveloperFalse() middleware {
	// proto3 JSON encoders configured to emit defaults write false; Google leaves it out.
	return editObjects(func(obj map[string]any) bool {
		if !isCourseWork(obj) && !isSubmission(obj) || obj["associatedWithDeveloper"] != nil {
			return false
		}
		obj["associatedWithDeveloper"] = false
		return true
	})
}

func submissionHistoryDropped() middleware {
	return editObjects(func(obj map[string]any) bool {
		if !isSubmission(obj) || obj["submissionHistory"] == nil {
			return false
		}
		delete(obj, "submissionHistory")
		return true
	})
}

func defaultStatePublished() middleware {
	return editBody(func(r *http.Request) bool {
		return r.Method == http.MethodPost && courseWorkList.MatchString(r.URL.Path)
	}, func(m map[string]any) bool {
		if _, set := m["state"]; set {
			return false
		}
		m["state"] = "PUBLISHED"
		return true
	})
}

func titleTruncated() middleware {
	// A database column of 3000 characters that silently truncates.
	return editBody(isCourseWorkWrite, func(m map[string]any) bool {
		title, ok := m["title"].(string)
		if !ok || utf8.RuneCountInString(title) <= 3000 {
			return false
		}
		m["title"] = string([]rune(title)[:3000])
		return true
	})
}

func maxPointsRounded() middleware {
	return editBody(isCourseWorkWrite, func(m map[string]any) bool {
		n, ok := m["maxPoints"].(json.Number)
		if !ok {
			return false
		}
		f, err := n.Float64()
		if err != nil || f == math.Trunc(f) {
			return false
		}
		m["maxPoints"] = json.Number(strconv.FormatFloat(math.Round(f), 'f', -1, 64))
		return true
	})
}

// unknownFieldsDropped decodes bodies leniently, as a JSON decoder does by default: the fields
// the request message does not have are dropped instead of refused. courseWork holds the fields
// of CourseWork (create and patch), verbRequest those of the turnIn, reclaim and return requests.
func unknownFieldsDropped(courseWork, verbRequest map[string]bool) middleware {
	return onRequest(func(r *http.Request, body []byte) ([]byte, bool) {
		known := verbRequest
		switch {
		case isCourseWorkWrite(r):
			known = courseWork
		case r.Method != http.MethodPost || !submissionVerb.MatchString(r.URL.Path):
			return body, false
		}
		m := decodeObject(body)
		changed := false
		for k := range m {
			if !known[k] {
				delete(m, k)
				changed = true
			}
		}
		if !changed {
			return body, false
		}
		return encodeObject(m), true
	})
}

func patchAppliesWholeBody() middleware {
	// A server that updates every field the body carries and never reads updateMask.
	return onRequest(func(r *http.Request, body []byte) ([]byte, bool) {
		if r.Method != http.MethodPatch || !courseWorkItem.MatchString(r.URL.Path) {
			return body, false
		}
		m := decodeObject(body)
		if len(m) == 0 {
			return body, false
		}
		q := r.URL.Query()
		mask := strings.Join(sortedKeys(m), ",")
		if q.Get("updateMask") == mask {
			return body, false
		}
		q.Set("updateMask", mask)
		r.URL.RawQuery = q.Encode()
		r.RequestURI = r.URL.RequestURI()
		return body, true
	})
}

func snakeCaseMaskRefused() middleware {
	// A server that knows the JSON (camelCase) field names only.
	return func(next http.Handler, hit func()) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mask := r.URL.Query().Get("updateMask")
			if r.Method != http.MethodPatch || !courseWorkItem.MatchString(r.URL.Path) || !strings.Contains(mask, "_") {
				next.ServeHTTP(w, r)
				return
			}
			hit()
			a := &answer{code: http.StatusBadRequest, header: http.Header{"Content-Type": {"application/json; charset=UTF-8"}}}
			a.setObject(map[string]any{"error": map[string]any{
				"code": http.StatusBadRequest, "status": "INVALID_ARGUMENT",
				"message": fmt.Sprintf("Invalid field mask %q.", mask),
			}})
			a.write(w)
		})
	}
}

func isCourseWorkListCall(r *http.Request) bool {
	return r.Method == http.MethodGet && courseWorkList.MatchString(r.URL.Path)
}

func isSubmissionListCall(r *http.Request) bool {
	return r.Method == http.MethodGet && submissionList.MatchString(r.URL.Path)
}

// isProjectBWrite selects the methods that must come from the project that created the course
// work: patch and delete of course work, turnIn, reclaim and return.
func isProjectBWrite(r *http.Request) bool {
	return r.Method == http.MethodPatch && courseWorkItem.MatchString(r.URL.Path) ||
		r.Method == http.MethodDelete && courseWorkItem.MatchString(r.URL.Path) ||
		r.Method == http.MethodPost && submissionVerb.MatchString(r.URL.Path)
}

func anonymousAsTeacher() middleware {
	// A development server that authenticates everyone without credentials as a default user.
	teacher := BuiltinTokens()["teacher"]
	return onRequest(func(r *http.Request, body []byte) ([]byte, bool) {
		if r.Header.Get("Authorization") != "" || r.URL.Query().Has("access_token") || r.URL.Query().Has("oauth_token") {
			return body, false
		}
		r.Header.Set("Authorization", "Bearer "+teacher)
		return body, true
	})
}

// readDiscoveryFields returns the property names of the named schemas of the reference's
// discovery document, Google's machine-readable description of the API.
func readDiscoveryFields(schemas ...string) (map[string]map[string]bool, error) {
	b, err := os.ReadFile("../discovery/discovery.json")
	if err != nil {
		return nil, fmt.Errorf("read the discovery document: %w", err)
	}
	var doc struct {
		Schemas map[string]struct {
			Properties map[string]json.RawMessage `json:"properties"`
		} `json:"schemas"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("decode the discovery document: %w", err)
	}
	out := map[string]map[string]bool{}
	for _, name := range schemas {
		s, ok := doc.Schemas[name]
		if !ok {
			return nil, fmt.Errorf("the discovery document has no schema %s", name)
		}
		out[name] = map[string]bool{}
		for p := range s.Properties {
			out[name][p] = true
		}
	}
	return out, nil
}
