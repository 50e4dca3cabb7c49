package verify

import (
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/discovery"
	"github.com/classroom-conformance/classroom-conformance/endpoint"
)

func testIndex(t *testing.T) *apiIndex {
	t.Helper()
	api, err := parseDiscovery(discovery.JSON())
	require.NoError(t, err)
	return api
}

func TestMethodsAreNamedFromTheDiscoveryDocument(t *testing.T) {
	api := testIndex(t)
	tests := []struct{ method, path, want string }{
		{"GET", "/v1/courses/123/courseWork/456", "classroom.courses.courseWork.get"},
		{"POST", "/v1/courses/p:alias-1/courseWork", "classroom.courses.courseWork.create"},
		{"POST", "/v1/courses/1/courseWork/2/studentSubmissions/Cg4I:reclaim", "classroom.courses.courseWork.studentSubmissions.reclaim"},
		{"POST", "/v1/courses/1/courseWork/2:modifyAssignees", "classroom.courses.courseWork.modifyAssignees"},
		{"GET", "/v1/courses/1/aliases", "classroom.courses.aliases.list"},
		{"GET", "/v1/courses/1/homework", ""},
		{"PUT", "/v1/courses/1/courseWork/2", ""},
	}
	for _, tt := range tests {
		m := api.method(tt.method, tt.path)
		got := ""
		if m != nil {
			got = m.id
		}
		assert.Equal(t, tt.want, got, "%s %s", tt.method, tt.path)
	}
}

func TestRewriteReplacesBoundValuesWhereTheyStandAlone(t *testing.T) {
	b := newBinder()
	b.bind("700001007922", "712345678901", "#0 $.id")
	b.bind("dx7wxdf", `a"b`, "#0 $.enrollmentCode")
	tests := []struct {
		name, in, want string
		escape         func(string) string
	}{
		{"path segment", "/v1/courses/700001007922/courseWork", "/v1/courses/712345678901/courseWork", verbatim},
		{"inside an alias", "p:alias-700001007922", "p:alias-712345678901", verbatim},
		{"inside a longer number", "17000010079223", "17000010079223", verbatim},
		{"whole value", "700001007922", "712345678901", verbatim},
		{"escaped for a query", "enrollmentCode=dx7wxdf", "enrollmentCode=a%22b", url.QueryEscape},
		{"escaped for JSON", `{"code":"dx7wxdf"}`, `{"code":"a\"b"}`, jsonEscape},
		{"nothing bound", "/v1/courses", "/v1/courses", verbatim},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, b.rewrite(tt.in, tt.escape), tt.name)
	}
}

// compareOne compares one recorded answer with the target's through a fresh binder, after the
// steps given (each a recorded and a target body of an earlier interaction).
func compareOne(t *testing.T, strict bool, exp endpoint.Expectations, sent []string, steps ...[2]string) *comparer {
	t.Helper()
	c := &comparer{api: testIndex(t), rules: DefaultVolatile(), strict: strict, expect: exp, b: newBinder()}
	for _, s := range sent {
		c.b.sent[s] = true
	}
	get := c.api.method("GET", "/v1/courses/1/courseWork/2")
	for i, s := range steps {
		c.at, c.diffs, c.warns = i, nil, nil
		c.compare(get, 200, []byte(s[0]), 200, []byte(s[1]))
	}
	return c
}

func TestComparison(t *testing.T) {
	tests := []struct {
		name     string
		strict   bool
		expect   endpoint.Expectations
		sent     []string
		steps    [][2]string
		wantPath string // "" when the last step must agree
		wantWarn bool
	}{
		{name: "a server-assigned id is bound", steps: [][2]string{{`{"id":"111111"}`, `{"id":"999999"}`}}},
		{name: "a bound id must come back the same", steps: [][2]string{
			{`{"id":"111111"}`, `{"id":"999999"}`}, {`{"id":"111111"}`, `{"id":"888888"}`}}, wantPath: "$.id"},
		{name: "one target id cannot stand for two recorded ones", steps: [][2]string{
			{`{"id":"111111"}`, `{"id":"999999"}`}, {`{"id":"222222"}`, `{"id":"999999"}`}}, wantPath: "$.id"},
		{name: "a bound id is found inside a derived string", steps: [][2]string{
			{`{"id":"111111"}`, `{"id":"999999"}`}, {`{"courseId":"111111","title":"p:alias-111111"}`, `{"courseId":"999999","title":"p:alias-999999"}`}}},
		{name: "a value the client sent is compared as it is", sent: []string{"Essay"},
			steps: [][2]string{{`{"title":"Essay"}`, `{"title":"Essa"}`}}, wantPath: "$.title"},
		{name: "an enum value is compared as it is", steps: [][2]string{{`{"state":"DRAFT"}`, `{"state":"DELETED"}`}}, wantPath: "$.state"},
		{name: "an enum-like value outside the schema is compared as it is", steps: [][2]string{{`{"x":{"kind":"SOME_KIND"}}`, `{"x":{"kind":"OTHER_KIND"}}`}}, wantPath: "$.x.kind"},
		{name: "two choices of an ambiguity differ under the default profile",
			steps: [][2]string{{`{"state":"DRAFT"}`, `{"state":"PUBLISHED"}`}}, wantPath: "$.state"},
		{name: "the choice the profile expects is accepted", expect: endpoint.Expectations{"coursework.default-state": "PUBLISHED"},
			steps: [][2]string{{`{"state":"DRAFT"}`, `{"state":"PUBLISHED"}`}}},
		{name: "a timestamp compares by shape", steps: [][2]string{{`{"creationTime":"2026-01-05T09:00:00.561Z"}`, `{"creationTime":"2031-07-01T12:00:00Z"}`}}},
		{name: "a timestamp must be UTC with a Z", steps: [][2]string{{`{"creationTime":"2026-01-05T09:00:00.561Z"}`, `{"creationTime":"2026-01-05T09:00:00.561+00:00"}`}}, wantPath: "$.creationTime"},
		{name: "a repeated timestamp must be repeated", steps: [][2]string{
			{`{"creationTime":"2026-01-05T09:00:00.561Z"}`, `{"creationTime":"2031-07-01T12:00:00Z"}`},
			{`{"creationTime":"2026-01-05T09:00:00.561Z"}`, `{"creationTime":"2031-07-01T12:00:01Z"}`}}, wantPath: "$.creationTime"},
		{name: "a link compares by pattern", steps: [][2]string{{`{"alternateLink":"https://classroom.google.com/c/NzAw/a/MTIz/details"}`, `{"alternateLink":"https://classroom.google.com/c/OTk5/a/ODg4/details"}`}}},
		{name: "a link to another page differs", steps: [][2]string{{`{"alternateLink":"https://classroom.google.com/c/NzAw/a/MTIz/details"}`, `{"alternateLink":"https://classroom.google.com/c/OTk5/a/ODg4/edit"}`}}, wantPath: "$.alternateLink"},
		{name: "a missing field differs", steps: [][2]string{{`{"maxPoints":100}`, `{}`}}, wantPath: "$.maxPoints"},
		{name: "a number differs", steps: [][2]string{{`{"maxPoints":100}`, `{"maxPoints":100.5}`}}, wantPath: "$.maxPoints"},
		{name: "the same number written otherwise agrees", steps: [][2]string{{`{"maxPoints":100}`, `{"maxPoints":1e2}`}}},
		{name: "another JSON type differs", steps: [][2]string{{`{"maxPoints":100}`, `{"maxPoints":"100"}`}}, wantPath: "$.maxPoints"},
		{name: "a field only the target returns is a warning", steps: [][2]string{{`{}`, `{"extra":true}`}}, wantWarn: true},
		{name: "a field only the target returns fails under strict", strict: true, steps: [][2]string{{`{}`, `{"extra":true}`}}, wantPath: "$.extra"},
		{name: "a list the recording leaves out differs when filled", steps: [][2]string{{`{}`, `{"materials":[{"link":{"url":"u"}}]}`}}, wantPath: "$.materials"},
		{name: "a list of another length differs", steps: [][2]string{{`{"materials":[{},{}]}`, `{"materials":[{}]}`}}, wantPath: "$.materials"},
		{name: "an error status differs", steps: [][2]string{{`{"error":{"code":400,"status":"FAILED_PRECONDITION","message":"x"}}`, `{"error":{"code":400,"status":"INVALID_ARGUMENT","message":"x"}}`}}, wantPath: "$.error.status"},
		{name: "error prose may differ", steps: [][2]string{{`{"error":{"code":400,"status":"INVALID_ARGUMENT","message":"Bad."}}`, `{"error":{"code":400,"status":"INVALID_ARGUMENT","message":"Not good."}}`}}},
		{name: "the @Code of an error must be the same", steps: [][2]string{{`{"error":{"code":400,"status":"FAILED_PRECONDITION","message":"@EmptyAssignees No."}}`, `{"error":{"code":400,"status":"FAILED_PRECONDITION","message":"@Other No."}}`}}, wantPath: "$.error.message"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := compareOne(t, tt.strict, tt.expect, tt.sent, tt.steps...)
			if tt.wantPath == "" {
				assert.Empty(t, c.diffs)
			} else if assert.NotEmpty(t, c.diffs) {
				assert.Equal(t, tt.wantPath, c.diffs[0].Path, "%v", c.diffs)
			}
			assert.Equal(t, tt.wantWarn, len(c.warns) > 0, "warnings %v", c.warns)
		})
	}
}

func TestStatusDifference(t *testing.T) {
	c := &comparer{api: testIndex(t), rules: DefaultVolatile(), b: newBinder()}
	c.compare(nil, 404, []byte(`{"error":{"code":404,"status":"NOT_FOUND"}}`), 403, []byte(`{"error":{"code":403,"status":"PERMISSION_DENIED"}}`))
	require.Len(t, c.diffs, 1)
	assert.Equal(t, Difference{Path: "status", Recorded: "404 NOT_FOUND", Target: "403 PERMISSION_DENIED", Ambiguity: "coursework.hidden-from-student"}, c.diffs[0])
}

func TestVolatileRules(t *testing.T) {
	require.NotEmpty(t, DefaultVolatile())
	for _, bad := range []string{"etag", "=opaque", "etag=fuzzy", "format:=timestamp", "a[=link"} {
		_, err := ParseVolatileFlag(bad)
		assert.Error(t, err, bad)
	}
	r, err := ParseVolatileFlag("format:date-time=timestamp")
	require.NoError(t, err)
	assert.Equal(t, VolatileRule{Format: "date-time", Shape: ShapeTimestamp}, r)

	_, err = ParseVolatile([]byte("rules:\n  - field: x\n    shape: link\n    colour: red\n"))
	assert.Error(t, err, "unknown keys are refused")

	// The first rule that matches applies, so rules put before the defaults override them.
	override := append([]VolatileRule{{Field: "alternateLink", Shape: ShapeAny}}, DefaultVolatile()...)
	assert.Equal(t, ShapeAny, ruleFor(override, []string{"courseWork", "alternateLink"}, "").Shape)
	assert.Equal(t, ShapeLink, ruleFor(DefaultVolatile(), []string{"courseWork", "alternateLink"}, "").Shape)
	assert.Equal(t, ShapeTimestamp, ruleFor(DefaultVolatile(), []string{"scheduledTime"}, "google-datetime").Shape)
	assert.Equal(t, ShapeOpaque, ruleFor(DefaultVolatile(), []string{"assignment", "studentWorkFolder", "id"}, "").Shape)
	assert.Nil(t, ruleFor(DefaultVolatile(), []string{"title"}, ""))

	dir := t.TempDir()
	file := filepath.Join(dir, "a.yaml")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.volatile.yaml"), []byte("rules:\n  - field: title\n    shape: any\n"), 0o644))
	rules, err := loadSidecar(file)
	require.NoError(t, err)
	assert.Equal(t, []VolatileRule{{Field: "title", Shape: ShapeAny}}, rules)
	none, err := loadSidecar(filepath.Join(dir, "b.yaml"))
	require.NoError(t, err)
	assert.Empty(t, none)
}
