package discovery_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/discovery"
	"github.com/classroom-conformance/classroom-conformance/reference"
)

// exercise drives a teacher and a student through courses, rosters, course work and the
// submission lifecycle against base, and fails on an answer the flow cannot go on from.
func exercise(t *testing.T, base string) {
	t.Helper()
	call := func(token, method, path, body string, want int) map[string]any {
		t.Helper()
		req, err := http.NewRequest(method, base+path, strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+token)
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		require.Equal(t, want, resp.StatusCode, "%s %s: %s", method, path, data)
		var out map[string]any
		json.Unmarshal(data, &out)
		return out
	}
	const teacher, student = "tok-teacher", "tok-student"
	course := call(teacher, "POST", "/v1/courses", `{"name":"Maths","section":"A","ownerId":"me"}`, 200)
	c := "/v1/courses/" + course["id"].(string)
	call(teacher, "PATCH", c+"?updateMask=courseState", `{"courseState":"ACTIVE"}`, 200)
	call(teacher, "POST", c+"/students", `{"userId":"100000000000000000002"}`, 200)
	call(teacher, "GET", c+"/students", "", 200)
	call(teacher, "GET", c+"/teachers", "", 200)
	work := call(teacher, "POST", c+"/courseWork", `{"title":"Homework","workType":"ASSIGNMENT","state":"PUBLISHED","maxPoints":10,
		"dueDate":{"year":2030,"month":1,"day":2},"dueTime":{"hours":9},"materials":[{"link":{"url":"https://example.com/"}}]}`, 200)
	w := c + "/courseWork/" + work["id"].(string)
	call(teacher, "GET", w, "", 200)
	call(student, "GET", c+"/courseWork?orderBy=dueDate%20desc", "", 200)
	call(teacher, "PATCH", w+"?updateMask=description", `{"description":"Chapter 2"}`, 200)
	subs := call(student, "GET", w+"/studentSubmissions", "", 200)
	s := w + "/studentSubmissions/" + subs["studentSubmissions"].([]any)[0].(map[string]any)["id"].(string)
	call(student, "POST", s+":turnIn", `{}`, 200)
	call(teacher, "PATCH", s+"?updateMask=assignedGrade,draftGrade", `{"assignedGrade":8,"draftGrade":8}`, 200)
	call(teacher, "POST", s+":return", `{}`, 200)
	call(teacher, "GET", s, "", 200)
	call(teacher, "GET", "/v1/courses?courseStates=ACTIVE", "", 200)
	call(teacher, "GET", "/v1/courses/999", "", 404)
	call(student, "DELETE", w, "", 403)
	call(teacher, "POST", c+"/courseWork", `{"title":5}`, 400)
}

// validated serves h behind a Validator and returns the findings the exercise makes.
func validated(t *testing.T, h http.Handler) []string {
	var mu sync.Mutex
	found := []string{}
	v := &discovery.Validator{Doc: doc(t), Next: h, Report: func(f discovery.Finding) {
		mu.Lock()
		defer mu.Unlock()
		found = append(found, f.String())
	}}
	srv := httptest.NewServer(v)
	defer srv.Close()
	exercise(t, srv.URL)
	assert.Equal(t, int64(len(found)), v.Findings())
	return found
}

func newReference(t *testing.T) http.Handler {
	s, err := reference.New(reference.Options{Now: reference.SteppingClock(time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC))})
	require.NoError(t, err)
	return s
}

func TestTheReferenceConforms(t *testing.T) {
	assert.Empty(t, validated(t, newReference(t)))
}

// broken serves the reference with mutate applied to the JSON answers of one method.
func broken(t *testing.T, method string, mutate func(map[string]any)) http.Handler {
	ref := newReference(t)
	d := doc(t)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if d.MethodID(r.Method, r.URL.Path) != method {
			ref.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		ref.ServeHTTP(rec, r)
		var body map[string]any
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body))
		mutate(body)
		out, _ := json.Marshal(body)
		for k, vs := range rec.Header() {
			w.Header()[k] = vs
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(out)))
		w.WriteHeader(rec.Code)
		io.Copy(w, bytes.NewReader(out))
	})
}

func TestBrokenVariantsOfTheReference(t *testing.T) {
	const (
		create = "classroom.courses.courseWork.create"
		get    = "classroom.courses.courseWork.get"
		list   = "classroom.courses.courseWork.studentSubmissions.list"
	)
	tests := []struct {
		name   string
		method string
		mutate func(map[string]any)
		want   string
	}{
		{"a field the schema lacks", create, func(b map[string]any) { b["grade"] = 1 },
			create + " response $.grade: unknown field of CourseWork"},
		{"a number as a string", get, func(b map[string]any) { b["maxPoints"] = "10" },
			get + " response $.maxPoints: is a string, want a number"},
		{"a state outside the enum", get, func(b map[string]any) { b["state"] = "OPEN" },
			get + ` response $.state: "OPEN" is not one of COURSE_WORK_STATE_UNSPECIFIED, PUBLISHED, DRAFT, DELETED`},
		{"a timestamp without a zone", create, func(b map[string]any) { b["creationTime"] = "2026-01-05T09:00:00" },
			create + ` response $.creationTime: "2026-01-05T09:00:00" is not an RFC 3339 timestamp (google-datetime)`},
		{"a nested object of the wrong type", list, func(b map[string]any) {
			b["studentSubmissions"].([]any)[0].(map[string]any)["assignmentSubmission"] = []any{}
		}, list + " response $.studentSubmissions[0].assignmentSubmission: is an array, want an object (AssignmentSubmission)"},
		{"an int32 as a string", create, func(b map[string]any) {
			if due, ok := b["dueDate"].(map[string]any); ok {
				due["year"] = "2030"
			}
		},
			create + " response $.dueDate.year: is a string, want an integer"},
		{"an error envelope with a made-up status", "classroom.courses.get", func(b map[string]any) {
			if e, ok := b["error"].(map[string]any); ok {
				e["status"] = "MISSING"
			}
		}, `classroom.courses.get response $.error.status: "MISSING" is not one of`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			found := validated(t, broken(t, tt.method, tt.mutate))
			require.NotEmpty(t, found)
			assert.Contains(t, strings.Join(found, "\n"), tt.want)
		})
	}
}
