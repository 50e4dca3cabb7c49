package steps

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/cucumber/godog"
	"github.com/tidwall/gjson"
)

// sendNoBody: When the teacher sends "GET" to "/v1/courses/{courseId}" [with no body].
func (w *World) sendNoBody(ctx context.Context, who, method, path string) error {
	return w.request(ctx, who, method, path, nil)
}

// sendWith: When the teacher sends "POST" to "/v1/courses" with: <doc string>. The doc string is
// sent as it is, after variable substitution, with Content-Type: application/json.
func (w *World) sendWith(ctx context.Context, who, method, path string, doc *godog.DocString) error {
	return w.request(ctx, who, method, path, doc)
}

func (w *World) request(ctx context.Context, who, method, path string, doc *godog.DocString) error {
	if err := w.begin(); err != nil {
		return err
	}
	uri, err := w.substituteURI(path)
	if err != nil {
		return err
	}
	var body []byte
	if doc != nil {
		s, err := w.substitute(doc.Content, jsonForm)
		if err != nil {
			return err
		}
		body = []byte(s)
	}
	_, err = w.send(ctx, actorOf(who), method, uri, body, doc != nil)
	return err
}

// response returns the last exchange, or an error when the scenario has sent nothing.
func (w *World) response() (*exchange, error) {
	if w.last == nil || w.last.header == nil {
		return nil, w.failf("there is no response to check: no request has been answered yet")
	}
	return w.last, nil
}

// field returns a gjson path of the last response body.
func (w *World) field(path string) (gjson.Result, error) {
	ex, err := w.response()
	if err != nil {
		return gjson.Result{}, err
	}
	if !gjson.ValidBytes(ex.body) {
		return gjson.Result{}, w.failf("the response field %q cannot be read: the response body is not JSON", path)
	}
	return gjson.GetBytes(ex.body, path), nil
}

// describe says what a field holds, for failure messages.
func describe(r gjson.Result) string {
	if !r.Exists() {
		return "absent"
	}
	raw := r.Raw
	if len(raw) > 300 {
		raw = raw[:300] + "..."
	}
	switch r.Type {
	case gjson.String:
		return "the string " + raw
	case gjson.Number:
		return "the number " + raw
	case gjson.Null:
		return "null"
	case gjson.True, gjson.False:
		return raw
	default:
		if r.IsArray() {
			return fmt.Sprintf("an array of %d items: %s", len(r.Array()), raw)
		}
		return "the object " + raw
	}
}

// statusIs: Then the response status is 200.
func (w *World) statusIs(ctx context.Context, code int) error {
	if err := w.begin(); err != nil {
		return err
	}
	ex, err := w.response()
	if err != nil {
		return err
	}
	if ex.status != code {
		return w.failf("expected HTTP status %d, got %d", code, ex.status)
	}
	return nil
}

// failsWith: Then the request fails with 400 FAILED_PRECONDITION. The HTTP code, error.code and
// error.status of Google's error envelope must all agree.
func (w *World) failsWith(ctx context.Context, code int, status string) error {
	return w.checkError(code, status, "", false)
}

// failsWithPrefix: ... and message prefix "@ProjectPermissionDenied". Classroom documents error
// types as a prefix of the message; the rest is prose and is never asserted.
func (w *World) failsWithPrefix(ctx context.Context, code int, status, prefix string) error {
	return w.checkError(code, status, prefix, true)
}

func (w *World) checkError(code int, status, prefix string, withPrefix bool) error {
	if err := w.begin(); err != nil {
		return err
	}
	ex, err := w.response()
	if err != nil {
		return err
	}
	if withPrefix {
		if prefix, err = w.substitute(prefix, rawForm); err != nil {
			return err
		}
	}
	want := fmt.Sprintf("%d %s", code, status)
	if withPrefix {
		want += fmt.Sprintf(" with a message starting %q", prefix)
	}
	var problems []string
	if ex.status != code {
		problems = append(problems, fmt.Sprintf("HTTP status is %d", ex.status))
	}
	if !gjson.ValidBytes(ex.body) {
		problems = append(problems, "the body is not JSON")
	} else {
		e := gjson.GetBytes(ex.body, "error")
		if !e.IsObject() {
			problems = append(problems, `the body has no "error" object`)
		} else {
			if c := e.Get("code"); c.Type != gjson.Number || c.Raw != fmt.Sprint(code) {
				problems = append(problems, "error.code is "+describe(c))
			}
			if s := e.Get("status"); s.Type != gjson.String || s.Str != status {
				problems = append(problems, "error.status is "+describe(s))
			}
			if m := e.Get("message"); withPrefix && (m.Type != gjson.String || !strings.HasPrefix(m.Str, prefix)) {
				problems = append(problems, "error.message is "+describe(m))
			}
		}
	}
	if len(problems) > 0 {
		return w.failf("expected the request to fail with %s, but %s", want, strings.Join(problems, "; "))
	}
	return nil
}

// bodyIs: Then the response body is exactly: <doc string>. JSON-equal: key order, white space
// and the spelling of numbers do not matter.
func (w *World) bodyIs(ctx context.Context, doc *godog.DocString) error {
	if err := w.begin(); err != nil {
		return err
	}
	ex, err := w.response()
	if err != nil {
		return err
	}
	src, err := w.substitute(doc.Content, jsonForm)
	if err != nil {
		return err
	}
	want, err := decodeJSON([]byte(src))
	if err != nil {
		return fmt.Errorf("the expected body is not JSON: %w", err)
	}
	got, err := decodeJSON(ex.body)
	if err != nil {
		return w.failf("expected the body %s, but the response body is not JSON", compactJSON(src))
	}
	if !jsonEqual(want, got) {
		return w.failf("expected the response body to be %s", compactJSON(src))
	}
	return nil
}

// fieldAndText starts an assertion on a response field: it returns the field at path and the
// expected text with its variables substituted.
func (w *World) fieldAndText(path, text string) (gjson.Result, string, error) {
	if err := w.begin(); err != nil {
		return gjson.Result{}, "", err
	}
	text, err := w.substitute(text, rawForm)
	if err != nil {
		return gjson.Result{}, "", err
	}
	res, err := w.field(path)
	return res, text, err
}

// fieldIs: Then the response field "state" is "RECLAIMED_BY_STUDENT". The field must be a string.
func (w *World) fieldIs(ctx context.Context, path, want string) error {
	res, want, err := w.fieldAndText(path, want)
	if err != nil {
		return err
	}
	if res.Type != gjson.String || res.Str != want {
		return w.failf("expected the response field %q to be the string %q, got %s", path, short(want), describe(res))
	}
	return nil
}

// fieldIsJSON: Then the response field "maxPoints" is the JSON value 100.
func (w *World) fieldIsJSON(ctx context.Context, path, literal string) error {
	if err := w.begin(); err != nil {
		return err
	}
	src, err := w.substitute(literal, jsonForm)
	if err != nil {
		return err
	}
	want, err := decodeJSON([]byte(src))
	if err != nil {
		return fmt.Errorf("%s is not a JSON value: %w", literal, err)
	}
	res, err := w.field(path)
	if err != nil {
		return err
	}
	if !res.Exists() {
		return w.failf("expected the response field %q to be %s, but it is absent", path, src)
	}
	got, err := decodeJSON([]byte(res.Raw))
	if err != nil || !jsonEqual(want, got) {
		return w.failf("expected the response field %q to be %s, got %s", path, src, describe(res))
	}
	return nil
}

// fieldAbsent: Then the response field "alternateLink" is absent.
func (w *World) fieldAbsent(ctx context.Context, path string) error {
	return w.checkField(path, "to be absent", func(r gjson.Result) bool { return !r.Exists() })
}

// fieldPresent: Then the response field "id" is present.
func (w *World) fieldPresent(ctx context.Context, path string) error {
	return w.checkField(path, "to be present", gjson.Result.Exists)
}

var numericID = regexp.MustCompile(`^[0-9]+$`)

// fieldNumericID: Then the response field "id" is a numeric string id.
func (w *World) fieldNumericID(ctx context.Context, path string) error {
	return w.checkField(path, "to be a numeric string id", func(r gjson.Result) bool {
		return r.Type == gjson.String && numericID.MatchString(r.Str)
	})
}

// fieldTimestamp: Then the response field "creationTime" is an RFC 3339 UTC timestamp.
func (w *World) fieldTimestamp(ctx context.Context, path string) error {
	return w.checkField(path, "to be an RFC 3339 UTC timestamp (\"Z\" suffix)", func(r gjson.Result) bool {
		if r.Type != gjson.String || !strings.HasSuffix(r.Str, "Z") {
			return false
		}
		_, err := time.Parse(time.RFC3339Nano, r.Str)
		return err == nil
	})
}

func (w *World) checkField(path, want string, ok func(gjson.Result) bool) error {
	if err := w.begin(); err != nil {
		return err
	}
	res, err := w.field(path)
	if err != nil {
		return err
	}
	if !ok(res) {
		return w.failf("expected the response field %q %s, got %s", path, want, describe(res))
	}
	return nil
}

// fieldMatches: Then the response field "title" matches "^Essay$". Remembered values are
// inserted as literal text.
func (w *World) fieldMatches(ctx context.Context, path, pattern string) error {
	if err := w.begin(); err != nil {
		return err
	}
	expr, err := w.substitute(pattern, quoteForm)
	if err != nil {
		return err
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		return fmt.Errorf("bad regular expression %q: %w", pattern, err)
	}
	res, err := w.field(path)
	if err != nil {
		return err
	}
	text := res.Raw
	if res.Type == gjson.String {
		text = res.Str
	}
	if !res.Exists() || !re.MatchString(text) {
		return w.failf("expected the response field %q to match %q, got %s", path, expr, describe(res))
	}
	return nil
}

// fieldHasItems: Then the response field "courseWork" has 3 items. Google leaves empty lists out
// of its answers, so an absent field has 0 items.
func (w *World) fieldHasItems(ctx context.Context, path string, n int) error {
	if err := w.begin(); err != nil {
		return err
	}
	res, err := w.field(path)
	if err != nil {
		return err
	}
	switch {
	case !res.Exists() && n == 0:
		return nil
	case !res.IsArray():
		return w.failf("expected the response field %q to have %d items, got %s", path, n, describe(res))
	case len(res.Array()) != n:
		return w.failf("expected the response field %q to have %d items, it has %d", path, n, len(res.Array()))
	}
	return nil
}

// elementText is how a list element compares with the text of a step: a string by its value,
// anything else by its JSON.
func elementText(r gjson.Result) string {
	if r.Type == gjson.String {
		return r.Str
	}
	return r.Raw
}

// contains reports whether an array field has an element equal to want, or a string field
// contains want.
func contains(res gjson.Result, want string) bool {
	if res.IsArray() {
		for _, e := range res.Array() {
			if elementText(e) == want {
				return true
			}
		}
		return false
	}
	return res.Type == gjson.String && strings.Contains(res.Str, want)
}

// fieldContains: Then the response field "courseWork.#.id" contains "{courseWorkId}".
func (w *World) fieldContains(ctx context.Context, path, want string) error {
	res, want, err := w.fieldAndText(path, want)
	if err != nil {
		return err
	}
	if !res.IsArray() && res.Type != gjson.String {
		return w.failf("expected the response field %q to be a list containing %q, got %s", path, short(want), describe(res))
	}
	if !contains(res, want) {
		return w.failf("expected the response field %q to contain %q, got %s", path, short(want), describe(res))
	}
	return nil
}

// fieldNotContains: Then the response field "courseWork.#.id" does not contain "{courseWorkId}".
// An absent list (Google leaves empty lists out) contains nothing.
func (w *World) fieldNotContains(ctx context.Context, path, unwanted string) error {
	res, unwanted, err := w.fieldAndText(path, unwanted)
	if err != nil {
		return err
	}
	if !res.Exists() {
		return nil
	}
	if !res.IsArray() && res.Type != gjson.String {
		return w.failf("expected the response field %q to be a list without %q, got %s", path, short(unwanted), describe(res))
	}
	if contains(res, unwanted) {
		return w.failf("expected the response field %q not to contain %q, got %s", path, short(unwanted), describe(res))
	}
	return nil
}

// short keeps a generated value (3000 characters of é) from flooding a failure message.
func short(s string) string {
	if r := []rune(s); len(r) > 120 {
		return fmt.Sprintf("%s... (%d characters)", string(r[:120]), len(r))
	}
	return s
}
