package discovery_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/discovery"
)

func doc(t testing.TB) *discovery.Document {
	t.Helper()
	d, err := discovery.Load()
	require.NoError(t, err)
	return d
}

func TestRevision(t *testing.T) {
	assert.Regexp(t, `^\d{8}$`, discovery.Revision())
	assert.Len(t, doc(t).MethodIDs(), len(doc(t).Methods))
}

func TestMatch(t *testing.T) {
	tests := []struct {
		name, method, path string
		wantID             string
		wantParams         map[string]string
	}{
		{"a collection", "GET", "/v1/courses", "classroom.courses.list", map[string]string{}},
		{"a resource", "GET", "/v1/courses/123", "classroom.courses.get", map[string]string{"id": "123"}},
		{"an alias holding a colon is an id, not a verb", "GET", "/v1/courses/d:school_math", "classroom.courses.get", map[string]string{"id": "d:school_math"}},
		{"a custom verb", "POST", "/v1/courses/1/courseWork/2/studentSubmissions/3:turnIn",
			"classroom.courses.courseWork.studentSubmissions.turnIn", map[string]string{"courseId": "1", "courseWorkId": "2", "id": "3"}},
		{"modifyAssignees", "POST", "/v1/courses/1/courseWork/2:modifyAssignees",
			"classroom.courses.courseWork.modifyAssignees", map[string]string{"courseId": "1", "id": "2"}},
		{"a nested list", "GET", "/v1/courses/1/courseWork/-/studentSubmissions",
			"classroom.courses.courseWork.studentSubmissions.list", map[string]string{"courseId": "1", "courseWorkId": "-"}},
		{"an empty segment still names the method", "GET", "/v1/courses//courseWork", "classroom.courses.courseWork.list", map[string]string{"courseId": ""}},
		{"an unknown path", "GET", "/v1/nothing/here", "", nil},
		{"a method the path does not have", "PUT", "/v1/courses", "", nil},
		{"no version", "GET", "/courses", "", nil},
	}
	d := doc(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := d.Match(tt.method, tt.path)
			assert.Equal(t, tt.wantID, d.MethodID(tt.method, tt.path))
			if tt.wantID == "" {
				assert.False(t, ok)
				return
			}
			require.True(t, ok)
			assert.Equal(t, tt.wantID, c.Method.ID)
			assert.Equal(t, tt.wantParams, c.Params)
		})
	}
}

// TestEveryMethodRoutesToItself builds a path for every method of the document and matches it
// back: no two methods shadow each other.
func TestEveryMethodRoutesToItself(t *testing.T) {
	d := doc(t)
	for _, id := range d.MethodIDs() {
		m := d.Methods[id]
		var segs []string
		for i, seg := range strings.Split(m.Path, "/") {
			if j := strings.Index(seg, "{"); j >= 0 {
				k := strings.Index(seg, "}")
				seg = seg[:j] + "x" + string(rune('0'+i)) + seg[k+1:]
			}
			segs = append(segs, seg)
		}
		assert.Equal(t, id, d.MethodID(m.HTTPMethod, "/"+strings.Join(segs, "/")), m.Path)
	}
}

func lines(fs []discovery.Finding) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, f.String())
	}
	return out
}

func TestCheckRequest(t *testing.T) {
	const create = "classroom.courses.courseWork.create"
	tests := []struct {
		name, path, query, body string
		want                    []string
	}{
		{"a valid body", "/v1/courses/1/courseWork", "", `{"title":"T","workType":"ASSIGNMENT","maxPoints":10,"dueDate":{"year":2030,"month":1,"day":2},"scheduledTime":"2030-01-01T00:00:00Z"}`, []string{}},
		{"proto names are Google's too", "/v1/courses/1/courseWork", "", `{"title":"T","work_type":"ASSIGNMENT"}`, []string{}},
		{"no body", "/v1/courses/1/courseWork", "", ``, []string{}},
		{"an unknown field", "/v1/courses/1/courseWork", "", `{"title":"T","colour":"red"}`,
			[]string{create + " request $.colour: unknown field of CourseWork"}},
		{"a wrong JSON type", "/v1/courses/1/courseWork", "", `{"title":5}`,
			[]string{create + " request $.title: is a number, want a string"}},
		{"an enum value the schema lacks", "/v1/courses/1/courseWork", "", `{"title":"T","workType":"ESSAY"}`,
			[]string{create + ` request $.workType: "ESSAY" is not one of COURSE_WORK_TYPE_UNSPECIFIED, ASSIGNMENT, SHORT_ANSWER_QUESTION, MULTIPLE_CHOICE_QUESTION`}},
		{"a google-datetime that is not RFC 3339", "/v1/courses/1/courseWork", "", `{"title":"T","scheduledTime":"2030-01-01 00:00"}`,
			[]string{create + ` request $.scheduledTime: "2030-01-01 00:00" is not an RFC 3339 timestamp (google-datetime)`}},
		{"an int32 out of range", "/v1/courses/1/courseWork", "", `{"title":"T","dueDate":{"year":3000000000}}`,
			[]string{create + " request $.dueDate.year: 3000000000 is out of the int32 range"}},
		{"a fraction where an integer goes", "/v1/courses/1/courseWork", "", `{"title":"T","dueDate":{"day":1.5}}`,
			[]string{create + " request $.dueDate.day: 1.5 is not an integer"}},
		{"an array element", "/v1/courses/1/courseWork", "", `{"title":"T","materials":[{"link":{"url":"u"}},{"youtubeVideo":"v"}]}`,
			[]string{create + " request $.materials[1].youtubeVideo: is a string, want an object (YouTubeVideo)"}},
		{"not JSON", "/v1/courses/1/courseWork", "", `{"title":`,
			[]string{create + " request $: not JSON: unexpected EOF"}},
		{"an empty required path parameter", "/v1/courses//courseWork", "", `{"title":"T"}`,
			[]string{create + " request {courseId}: required path parameter is empty"}},
		{"query parameters", "/v1/courses/1/courseWork", "pageSize=x&colour=red&alt=json", ``,
			[]string{create + " request ?colour: unknown query parameter", create + ` request ?pageSize: unknown query parameter`}},
	}
	d := doc(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := d.Match("POST", tt.path)
			require.True(t, ok)
			assert.Equal(t, tt.want, lines(d.CheckRequest(c, tt.query, []byte(tt.body))))
		})
	}
}

func TestCheckQueryOfAList(t *testing.T) {
	d := doc(t)
	c, ok := d.Match("GET", "/v1/courses/1/courseWork")
	require.True(t, ok)
	got := lines(d.CheckRequest(c, "pageSize=ten&courseWorkStates=PUBLISHED&courseWorkStates=GONE&order_by=title", nil))
	assert.Equal(t, []string{
		`classroom.courses.courseWork.list request ?courseWorkStates: "GONE" is not one of COURSE_WORK_STATE_UNSPECIFIED, PUBLISHED, DRAFT, DELETED`,
		`classroom.courses.courseWork.list request ?pageSize: ten is not an integer`,
	}, got)
}

func TestCheckResponse(t *testing.T) {
	const get = "classroom.courses.get"
	tests := []struct {
		name        string
		status      int
		contentType string
		body        string
		want        []string
	}{
		{"a conforming course", 200, "application/json; charset=UTF-8", `{"id":"1","name":"N","courseState":"ACTIVE","creationTime":"2026-01-05T09:00:00.334Z"}`, []string{}},
		{"null is not how Google leaves a field out", 200, "application/json", `{"id":"1","section":null}`,
			[]string{get + " response $.section: null (Google leaves unset fields out)"}},
		{"an error in the envelope", 404, "application/json", `{"error":{"code":404,"message":"Requested entity was not found.","status":"NOT_FOUND"}}`, []string{}},
		{"an envelope with the wrong code", 404, "application/json", `{"error":{"code":400,"message":"m","status":"NOT_FOUND"}}`,
			[]string{get + " response $.error.code: 400 is not the HTTP status 404"}},
		{"an envelope with an unknown status", 404, "application/json", `{"error":{"code":404,"message":"m","status":"MISSING","reason":"x"}}`,
			[]string{get + " response $.error.reason: unknown field of Status", get + ` response $.error.status: "MISSING" is not one of OK, CANCELLED, UNKNOWN, INVALID_ARGUMENT, DEADLINE_EXCEEDED, NOT_FOUND, ALREADY_EXISTS, PERMISSION_DENIED, UNAUTHENTICATED, RESOURCE_EXHAUSTED, FAILED_PRECONDITION, ABORTED, OUT_OF_RANGE, UNIMPLEMENTED, INTERNAL, UNAVAILABLE, DATA_LOSS`}},
		{"an error without the envelope", 500, "application/json", `{"message":"boom"}`,
			[]string{get + ` response $.error: missing: Google's errors are {"error":{"code":...,"message":...,"status":...}}`, get + " response $.message: unknown field of ErrorEnvelope"}},
		{"an envelope missing its parts", 500, "application/json", `{"error":{"code":500}}`,
			[]string{get + " response $.error.message: missing", get + " response $.error.status: missing"}},
		{"HTML", 502, "text/html", `<html>`, []string{get + ` response $: answer is "text/html", not application/json`}},
	}
	d := doc(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, lines(d.CheckResponse(d.Methods[get], tt.status, tt.contentType, []byte(tt.body))))
		})
	}
}

// TestFormatsClassroomDoesNotUse checks int64-as-string and the other formats on a document of
// our own, since the Classroom schemas have none of them.
func TestFormatsClassroomDoesNotUse(t *testing.T) {
	d, err := discovery.Parse([]byte(`{"revision":"1","schemas":{"Thing":{"id":"Thing","type":"object","properties":{
		"size":{"type":"string","format":"int64"},"count":{"type":"string","format":"uint64"},
		"blob":{"type":"string","format":"byte"},"wait":{"type":"string","format":"google-duration"},
		"labels":{"type":"object","additionalProperties":{"type":"string"}}}}},
		"resources":{"things":{"methods":{"get":{"id":"x.things.get","httpMethod":"GET","path":"v1/things/{id}",
		"parameters":{"id":{"location":"path","type":"string","required":true}},"response":{"$ref":"Thing"}}}}}}`))
	require.NoError(t, err)
	m := d.Methods["x.things.get"]
	assert.Empty(t, d.CheckResponse(m, 200, "", []byte(`{"size":"-12","count":"12","blob":"aGk=","wait":"3.5s","labels":{"a":"b"}}`)))
	assert.Equal(t, []string{
		`x.things.get response $.blob: "%%" is not base64 (byte)`,
		`x.things.get response $.count: "-1" is not a uint64`,
		`x.things.get response $.labels.a: is a number, want a string`,
		`x.things.get response $.size: is a number, want a string (int64 values are JSON strings)`,
		`x.things.get response $.wait: "3 seconds" is not a duration such as "3.5s" (google-duration)`,
	}, lines(d.CheckResponse(m, 200, "", []byte(`{"size":12,"count":"-1","blob":"%%","wait":"3 seconds","labels":{"a":1}}`))))
}
