package reference

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// User ids of the built-in actors.
const (
	teacherID      = "100000000000000000001"
	studentID      = "100000000000000000002"
	otherStudentID = "100000000000000000003"
	outsiderID     = "100000000000000000004"
)

// get returns the JSON value at a dotted path of the body ("materials.0.link.url"), or nil.
func (r reply) get(path string) any {
	var v any = r.Body
	for _, p := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[p]
		case []any:
			i, err := strconv.Atoi(p)
			if err != nil || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

// text returns the string at a dotted path of the body, through arrays too, or "".
func (r reply) text(path string) string {
	s, _ := r.get(path).(string)
	return s
}

// has reports whether the body has a value at path.
func (r reply) has(path string) bool { return r.get(path) != nil }

// is reports whether the value at path is JSON-equal to the JSON text want.
func (r reply) is(path, want string) bool {
	var w any
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		panic("bad JSON in test: " + want)
	}
	a, _ := json.Marshal(r.get(path))
	b, _ := json.Marshal(w)
	return string(a) == string(b)
}

// strs returns the strings at path over the items of a list: strs("courseWork", "id").
func (r reply) strs(list, field string) []string {
	items, _ := r.get(list).([]any)
	var out []string
	for _, it := range items {
		m, _ := it.(map[string]any)
		s, _ := m[field].(string)
		out = append(out, s)
	}
	return out
}

// A testClock is a clock tests move by hand; it starts at 2026-01-05T09:00:00Z.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func newTestClock() *testClock {
	return &testClock{now: time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)}
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// classroom is a harness with an active course where the student and the other student are
// enrolled.
type classroom struct {
	*harness
	course string
}

func newClassroom(t *testing.T, opts Options) *classroom {
	t.Helper()
	h := newHarness(t, opts)
	return &classroom{harness: h, course: h.activeCourse("student", "other student")}
}

// work creates course work as the teacher from a JSON body and returns its id.
func (c *classroom) work(body string) string {
	c.t.Helper()
	return c.must("teacher", "POST", "/v1/courses/"+c.course+"/courseWork", body).str("id")
}

// published creates a published assignment worth 100 points and returns its id.
func (c *classroom) published() string {
	c.t.Helper()
	return c.work(`{"title":"Essay","workType":"ASSIGNMENT","state":"PUBLISHED","maxPoints":100}`)
}

func (c *classroom) workPath(id string) string {
	return "/v1/courses/" + c.course + "/courseWork/" + id
}

const validDue = `"dueDate":{"year":2027,"month":6,"day":1},"dueTime":{"hours":12}`

func TestCreateCourseWorkRules(t *testing.T) {
	c := newClassroom(t, Options{})
	base := func(extra string) string {
		if extra == "" {
			return `{"title":"Essay","workType":"ASSIGNMENT"}`
		}
		return `{"title":"Essay","workType":"ASSIGNMENT",` + extra + `}`
	}
	due := func(date, tod string) string { return base(`"dueDate":` + date + `,"dueTime":` + tod) }
	link := func(url string) string { return base(`"materials":[{"link":{"url":"` + url + `"}}]`) }
	materials := func(n int) string {
		return base(`"materials":[` + strings.TrimSuffix(strings.Repeat(`{"link":{"url":"https://example.com/r"}},`, n), ",") + `]`)
	}
	tests := []struct {
		name, body string
		code       int
		status     string
	}{
		{"3000 characters is the maximum title", `{"title":"` + strings.Repeat("é", 3000) + `","workType":"ASSIGNMENT"}`, 200, ""},
		{"a title of 3001 characters is rejected", `{"title":"` + strings.Repeat("é", 3001) + `","workType":"ASSIGNMENT"}`, 400, "INVALID_ARGUMENT"},
		{"a one-character title is accepted", `{"title":"é","workType":"ASSIGNMENT"}`, 200, ""},
		{"an empty title is rejected", `{"title":"","workType":"ASSIGNMENT"}`, 400, "INVALID_ARGUMENT"},
		{"the title is required", `{"workType":"ASSIGNMENT"}`, 400, "INVALID_ARGUMENT"},
		{"a surrogate pair is one character", `{"title":"` + strings.Repeat(`\ud83d\ude00`, 3000) + `","workType":"ASSIGNMENT"}`, 200, ""},
		{"a lone surrogate is not valid UTF-8", `{"title":"a\ud800b","workType":"ASSIGNMENT"}`, 400, "INVALID_ARGUMENT"},
		{"invalid UTF-8 bytes are rejected", "{\"title\":\"a\xffb\",\"workType\":\"ASSIGNMENT\"}", 400, "INVALID_ARGUMENT"},
		{"30,000 characters is the maximum description", base(`"description":"` + strings.Repeat("é", 30000) + `"`), 200, ""},
		{"a description of 30,001 characters is rejected", base(`"description":"` + strings.Repeat("é", 30001) + `"`), 400, "INVALID_ARGUMENT"},
		{"20 materials are accepted", materials(20), 200, ""},
		{"21 materials are rejected", materials(21), 400, "INVALID_ARGUMENT"},
		{"a material must set one kind", base(`"materials":[{}]`), 400, "INVALID_ARGUMENT"},
		{"a material may not set two kinds", base(`"materials":[{"link":{"url":"https://example.com/"},"youtubeVideo":{"id":"dQw4w9WgXcQ"}}]`), 400, "INVALID_ARGUMENT"},
		{"a form material is not supported", base(`"materials":[{"form":{"formUrl":"https://docs.google.com/forms/d/x"}}]`), 400, "INVALID_ARGUMENT"},
		{"a gem material is not supported", base(`"materials":[{"gem":{"id":"g"}}]`), 400, "INVALID_ARGUMENT"},
		{"a notebook material is not supported", base(`"materials":[{"notebook":{"id":"n"}}]`), 400, "INVALID_ARGUMENT"},
		{"a link of 2024 characters is accepted", link("https://example.com/" + strings.Repeat("a", 2004)), 200, ""},
		{"a link of 2025 characters is rejected", link("https://example.com/" + strings.Repeat("a", 2005)), 400, "INVALID_ARGUMENT"},
		{"an empty link is rejected", link(""), 400, "INVALID_ARGUMENT"},
		{"a YouTube video needs an id", base(`"materials":[{"youtubeVideo":{"title":"t"}}]`), 400, "INVALID_ARGUMENT"},
		{"a YouTube video is accepted", base(`"materials":[{"youtubeVideo":{"id":"dQw4w9WgXcQ"}}]`), 200, ""},
		{"a Drive file needs an id", base(`"materials":[{"driveFile":{"shareMode":"VIEW"}}]`), 400, "INVALID_ARGUMENT"},
		{"a Drive file is never visible", base(`"materials":[{"driveFile":{"driveFile":{"id":"abc"},"shareMode":"VIEW"}}]`), 400, "FAILED_PRECONDITION"},
		{"workType is required", `{"title":"Essay"}`, 400, "INVALID_ARGUMENT"},
		{"COURSE_WORK_TYPE_UNSPECIFIED is no work type", `{"title":"Essay","workType":"COURSE_WORK_TYPE_UNSPECIFIED"}`, 400, "INVALID_ARGUMENT"},
		{"an unknown work type is rejected", `{"title":"Essay","workType":"QUIZ"}`, 400, "INVALID_ARGUMENT"},
		{"work cannot be created DELETED", base(`"state":"DELETED"`), 400, "INVALID_ARGUMENT"},
		{"an unknown state is rejected", base(`"state":"ARCHIVED"`), 400, "INVALID_ARGUMENT"},
		{"a due date needs a due time", base(`"dueDate":{"year":2027,"month":6,"day":1}`), 400, "INVALID_ARGUMENT"},
		{"a due time needs a due date", base(`"dueTime":{"hours":12}`), 400, "INVALID_ARGUMENT"},
		{"Feb 29 2028 exists", due(`{"year":2028,"month":2,"day":29}`, `{"hours":12}`), 200, ""},
		{"Feb 29 2027 does not exist", due(`{"year":2027,"month":2,"day":29}`, `{"hours":12}`), 400, "INVALID_ARGUMENT"},
		{"Apr 30 exists", due(`{"year":2027,"month":4,"day":30}`, `{"hours":12}`), 200, ""},
		{"Apr 31 does not exist", due(`{"year":2027,"month":4,"day":31}`, `{"hours":12}`), 400, "INVALID_ARGUMENT"},
		{"Dec 31 exists", due(`{"year":2027,"month":12,"day":31}`, `{"hours":12}`), 200, ""},
		{"month 13 does not exist", due(`{"year":2027,"month":13,"day":1}`, `{"hours":12}`), 400, "INVALID_ARGUMENT"},
		{"month 0 is not a whole date", due(`{"year":2027,"month":0,"day":1}`, `{"hours":12}`), 400, "INVALID_ARGUMENT"},
		{"day 0 is not a whole date", due(`{"year":2027,"month":6,"day":0}`, `{"hours":12}`), 400, "INVALID_ARGUMENT"},
		{"year 0 is not a whole date", due(`{"year":0,"month":6,"day":1}`, `{"hours":12}`), 400, "INVALID_ARGUMENT"},
		{"year 10000 is out of range", due(`{"year":10000,"month":6,"day":1}`, `{"hours":12}`), 400, "INVALID_ARGUMENT"},
		{"year 9999 is in range", due(`{"year":9999,"month":12,"day":31}`, `{"hours":23,"minutes":59,"seconds":59,"nanos":999999999}`), 200, ""},
		{"hour 23 is the last hour", due(`{"year":2027,"month":6,"day":1}`, `{"hours":23}`), 200, ""},
		{"hour 24 is rejected", due(`{"year":2027,"month":6,"day":1}`, `{"hours":24}`), 400, "INVALID_ARGUMENT"},
		{"negative hours are rejected", due(`{"year":2027,"month":6,"day":1}`, `{"hours":-1}`), 400, "INVALID_ARGUMENT"},
		{"minute 60 is rejected", due(`{"year":2027,"month":6,"day":1}`, `{"hours":1,"minutes":60}`), 400, "INVALID_ARGUMENT"},
		{"second 60 is rejected", due(`{"year":2027,"month":6,"day":1}`, `{"hours":1,"seconds":60}`), 400, "INVALID_ARGUMENT"},
		{"a billion nanos are rejected", due(`{"year":2027,"month":6,"day":1}`, `{"nanos":1000000000}`), 400, "INVALID_ARGUMENT"},
		{"midnight is a due time", due(`{"year":2027,"month":6,"day":1}`, `{}`), 200, ""},
		{"a due date in the past is rejected", due(`{"year":2025,"month":6,"day":1}`, `{"hours":12}`), 400, "INVALID_ARGUMENT"},
		{"earlier the same day is in the past", due(`{"year":2026,"month":1,"day":5}`, `{"hours":8}`), 400, "INVALID_ARGUMENT"},
		{"later the same day is in the future", due(`{"year":2026,"month":1,"day":5}`, `{"hours":10}`), 200, ""},
		{"maxPoints 0 is ungraded", base(`"maxPoints":0`), 200, ""},
		{"maxPoints 100 is accepted", base(`"maxPoints":100`), 200, ""},
		{"maxPoints as a string is accepted", base(`"maxPoints":"100"`), 200, ""},
		{"maxPoints -1 is rejected", base(`"maxPoints":-1`), 400, "INVALID_ARGUMENT"},
		{"maxPoints 1.5 is rejected", base(`"maxPoints":1.5`), 400, "INVALID_ARGUMENT"},
		{"a question needs its choices", `{"title":"Q","workType":"MULTIPLE_CHOICE_QUESTION"}`, 400, "INVALID_ARGUMENT"},
		{"a question needs at least one choice", `{"title":"Q","workType":"MULTIPLE_CHOICE_QUESTION","multipleChoiceQuestion":{"choices":[]}}`, 400, "INVALID_ARGUMENT"},
		{"a choice is not empty", `{"title":"Q","workType":"MULTIPLE_CHOICE_QUESTION","multipleChoiceQuestion":{"choices":["a",""]}}`, 400, "INVALID_ARGUMENT"},
		{"a question with choices is accepted", `{"title":"Q","workType":"MULTIPLE_CHOICE_QUESTION","multipleChoiceQuestion":{"choices":["a","b"]}}`, 200, ""},
		{"an assignment has no choices", base(`"multipleChoiceQuestion":{"choices":["a"]}`), 400, "INVALID_ARGUMENT"},
		{"a short answer question has no choices", `{"title":"Q","workType":"SHORT_ANSWER_QUESTION","multipleChoiceQuestion":{"choices":["a"]}}`, 400, "INVALID_ARGUMENT"},
		{"students options need INDIVIDUAL_STUDENTS", base(`"individualStudentsOptions":{"studentIds":["` + studentID + `"]}`), 400, "INVALID_ARGUMENT"},
		{"an empty options object is ignored", base(`"individualStudentsOptions":{}`), 200, ""},
		{"INDIVIDUAL_STUDENTS needs a student", base(`"assigneeMode":"INDIVIDUAL_STUDENTS"`), 400, "INVALID_ARGUMENT"},
		{"INDIVIDUAL_STUDENTS with an enrolled student", base(`"assigneeMode":"INDIVIDUAL_STUDENTS","individualStudentsOptions":{"studentIds":["` + studentID + `"]}`), 200, ""},
		{"INDIVIDUAL_STUDENTS by email", base(`"assigneeMode":"INDIVIDUAL_STUDENTS","individualStudentsOptions":{"studentIds":["student@school.example"]}`), 200, ""},
		{"INDIVIDUAL_STUDENTS with a user outside the course", base(`"assigneeMode":"INDIVIDUAL_STUDENTS","individualStudentsOptions":{"studentIds":["` + outsiderID + `"]}`), 400, "INVALID_ARGUMENT"},
		{"INDIVIDUAL_STUDENTS with the teacher", base(`"assigneeMode":"INDIVIDUAL_STUDENTS","individualStudentsOptions":{"studentIds":["` + teacherID + `"]}`), 400, "INVALID_ARGUMENT"},
		{"no topic exists", base(`"topicId":"123"`), 400, "INVALID_ARGUMENT"},
		{"no grading period exists", base(`"gradingPeriodId":"123"`), 400, "INVALID_ARGUMENT"},
		{"a scheduled draft", base(`"state":"DRAFT","scheduledTime":"2026-06-01T00:00:00Z"`), 200, ""},
		{"published work cannot be scheduled", base(`"state":"PUBLISHED","scheduledTime":"2026-06-01T00:00:00Z"`), 400, "INVALID_ARGUMENT"},
		{"a schedule in the past is rejected", base(`"state":"DRAFT","scheduledTime":"2025-06-01T00:00:00Z"`), 400, "INVALID_ARGUMENT"},
		{"a schedule that is not a timestamp", base(`"state":"DRAFT","scheduledTime":"next Monday"`), 400, "INVALID_ARGUMENT"},
		{"an unknown field is rejected", base(`"dueDateTime":"2027-01-01T00:00:00Z"`), 400, "INVALID_ARGUMENT"},
		{"a body that is not JSON", `title=Essay`, 400, "INVALID_ARGUMENT"},
		{"a JSON array body", `[]`, 400, "INVALID_ARGUMENT"},
		{"proto field names are accepted", `{"title":"Essay","work_type":"ASSIGNMENT","max_points":5}`, 200, ""},
		{"read-only fields are ignored", base(`"id":"1","courseId":"2","creationTime":"2020-01-01T00:00:00Z","creatorUserId":"9","alternateLink":"x","associatedWithDeveloper":false,"assignment":{"studentWorkFolder":{"id":"f"}}`), 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.do("teacher", "POST", "/v1/courses/"+c.course+"/courseWork", tt.body)
			if tt.status == "" {
				if r.Code != http.StatusOK {
					t.Fatalf("got %d: %s", r.Code, r.Raw)
				}
				return
			}
			wantError(t, r, tt.code, tt.status)
		})
	}
}

func TestCreateCourseWorkAnswer(t *testing.T) {
	c := newClassroom(t, Options{})
	r := c.must("teacher", "POST", "/v1/courses/"+c.course+"/courseWork",
		`{"title":"Essay","workType":"ASSIGNMENT","id":"1","courseId":"2","creatorUserId":"9","alternateLink":"x",
		  "materials":[{"link":{"url":"https://www.youtube.com/watch?v=dQw4w9WgXcQ","title":"mine"}},{"link":{"url":"https://example.com/a"}}]}`)
	checks := []struct{ path, want string }{
		{"courseId", `"` + c.course + `"`},
		{"title", `"Essay"`},
		{"state", `"DRAFT"`},
		{"assigneeMode", `"ALL_STUDENTS"`},
		{"submissionModificationMode", `"MODIFIABLE_UNTIL_TURNED_IN"`},
		{"creatorUserId", `"` + teacherID + `"`},
		{"associatedWithDeveloper", `true`},
		{"alternateLink", `null`},
		{"maxPoints", `null`},
		{"multipleChoiceQuestion", `null`},
		{"materials.0.youtubeVideo.id", `"dQw4w9WgXcQ"`},
		{"materials.0.youtubeVideo.alternateLink", `"https://www.youtube.com/watch?v=dQw4w9WgXcQ"`},
		{"materials.0.link", `null`},
		{"materials.1.link", `{"url":"https://example.com/a"}`},
	}
	for _, ch := range checks {
		if !r.is(ch.path, ch.want) {
			t.Errorf("%s = %v, want %s", ch.path, r.get(ch.path), ch.want)
		}
	}
	if !regexp.MustCompile(`^[0-9]{12}$`).MatchString(r.str("id")) {
		t.Errorf("id %q is not a numeric id", r.str("id"))
	}
	zulu := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3}|\.\d{6}|\.\d{9})?Z$`)
	if !zulu.MatchString(r.str("creationTime")) || r.str("creationTime") != r.str("updateTime") {
		t.Errorf("creationTime %q, updateTime %q", r.str("creationTime"), r.str("updateTime"))
	}
	if r.str("assignment.studentWorkFolder.id") == "" {
		t.Errorf("a teacher sees no studentWorkFolder: %s", r.Raw)
	}

	// Published work has a link; students see the assignment without its folder; another
	// project's view is not associated with it.
	id := c.published()
	got := c.must("student", "GET", c.workPath(id), "")
	if !strings.HasPrefix(got.str("alternateLink"), "https://classroom.google.com/c/") {
		t.Errorf("published work has alternateLink %q", got.str("alternateLink"))
	}
	if !got.is("assignment", `{}`) {
		t.Errorf("a student sees assignment %v, want {}", got.get("assignment"))
	}
	if b := c.must("teacher via project B", "GET", c.workPath(id), ""); b.has("associatedWithDeveloper") {
		t.Errorf("another project sees associatedWithDeveloper %v", b.get("associatedWithDeveloper"))
	}
	q := c.must("teacher", "POST", "/v1/courses/"+c.course+"/courseWork", `{"title":"Q","workType":"SHORT_ANSWER_QUESTION"}`)
	if q.has("assignment") {
		t.Errorf("a question has assignment details: %s", q.Raw)
	}
}

func TestCreateCourseWorkDefaultStateBehaviour(t *testing.T) {
	c := newClassroom(t, Options{Behaviour: Behaviour{CourseWorkDefaultState: "PUBLISHED"}})
	r := c.must("teacher", "POST", "/v1/courses/"+c.course+"/courseWork", `{"title":"Essay","workType":"ASSIGNMENT"}`)
	if r.str("state") != "PUBLISHED" || r.str("alternateLink") == "" {
		t.Errorf("state %q, alternateLink %q", r.str("state"), r.str("alternateLink"))
	}
	r = c.must("teacher", "POST", "/v1/courses/"+c.course+"/courseWork", `{"title":"Essay","workType":"ASSIGNMENT","state":"COURSE_WORK_STATE_UNSPECIFIED"}`)
	if r.str("state") != "PUBLISHED" {
		t.Errorf("an unspecified state gave %q", r.str("state"))
	}
}

func TestCreateCourseWorkAccess(t *testing.T) {
	c := newClassroom(t, Options{})
	body := `{"title":"Essay","workType":"ASSIGNMENT"}`
	tests := []struct {
		name, actor, course string
		code                int
		status              string
	}{
		{"a student cannot create course work", "student", c.course, 403, "PERMISSION_DENIED"},
		{"an outsider cannot create course work", "outsider", c.course, 403, "PERMISSION_DENIED"},
		{"an unknown course is NOT_FOUND", "teacher", "999999999999", 404, "NOT_FOUND"},
		{"an unknown alias is NOT_FOUND", "teacher", "p:nothing", 404, "NOT_FOUND"},
		{"the teacher through another project may create", "teacher via project B", c.course, 200, ""},
		{"a token without the coursework scope", "student without coursework scope", c.course, 403, "PERMISSION_DENIED"},
		{"no credentials", "", c.course, 401, "UNAUTHENTICATED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.do(tt.actor, "POST", "/v1/courses/"+tt.course+"/courseWork", body)
			if tt.status == "" {
				if r.Code != 200 {
					t.Fatalf("got %d: %s", r.Code, r.Raw)
				}
				return
			}
			wantError(t, r, tt.code, tt.status)
		})
	}
	// A student's semantic errors never show: permission comes first.
	wantError(t, c.do("student", "POST", "/v1/courses/"+c.course+"/courseWork", `{"title":""}`), 403, "PERMISSION_DENIED")
	// An alias addresses the course; the answer carries the Classroom id.
	c.must("teacher", "POST", "/v1/courses/"+c.course+"/aliases", `{"alias":"p:bio"}`)
	r := c.must("teacher", "POST", "/v1/courses/p:bio/courseWork", body)
	if r.str("courseId") != c.course {
		t.Errorf("courseId %q, want %q", r.str("courseId"), c.course)
	}
}

func TestCreateCourseWorkCreatesSubmissions(t *testing.T) {
	c := newClassroom(t, Options{})
	all := c.published()
	one := c.work(`{"title":"Extra","workType":"ASSIGNMENT","state":"PUBLISHED","assigneeMode":"INDIVIDUAL_STUDENTS","individualStudentsOptions":{"studentIds":["` + otherStudentID + `"]}}`)

	subs := c.must("teacher", "GET", c.workPath(all)+"/studentSubmissions", "")
	require.Equal(t, []string{studentID, otherStudentID}, subs.strs("studentSubmissions", "userId"), "the users with submissions for all-students work")
	for _, path := range []string{"state", "courseWorkType", "courseId", "courseWorkId"} {
		want := map[string]string{"state": "NEW", "courseWorkType": "ASSIGNMENT", "courseId": c.course, "courseWorkId": all}[path]
		if got := subs.get("studentSubmissions.0." + path); got != want {
			t.Errorf("%s = %v, want %s", path, got, want)
		}
	}
	if subs.has("studentSubmissions.0.creationTime") || subs.has("studentSubmissions.0.updateTime") {
		t.Errorf("a NEW submission has timestamps: %s", subs.Raw)
	}
	require.Equal(t, []string{otherStudentID}, c.must("teacher", "GET", c.workPath(one)+"/studentSubmissions", "").strs("studentSubmissions", "userId"), "the users with submissions for individual work")

	// A student who joins later gets a submission for all-students work only.
	c.must("teacher", "POST", "/v1/courses/"+c.course+"/students", `{"userId":"`+outsiderID+`"}`)
	assert.Equal(t, []string{outsiderID}, c.must("outsider", "GET", c.workPath(all)+"/studentSubmissions", "").strs("studentSubmissions", "userId"), "the new student's submissions")
	wantError(t, c.do("outsider", "GET", c.workPath(one)+"/studentSubmissions", ""), 404, "NOT_FOUND")
}

func TestGetCourseWorkVisibility(t *testing.T) {
	c := newClassroom(t, Options{})
	published := c.published()
	draft := c.work(`{"title":"Draft","workType":"ASSIGNMENT","state":"DRAFT"}`)
	deleted := c.published()
	c.must("teacher", "DELETE", c.workPath(deleted), "")
	individual := c.work(`{"title":"Extra","workType":"ASSIGNMENT","state":"PUBLISHED","assigneeMode":"INDIVIDUAL_STUDENTS","individualStudentsOptions":{"studentIds":["` + otherStudentID + `"]}}`)
	other := c.activeCourse()

	tests := []struct {
		name, actor, path string
		code              int
		status            string
	}{
		{"the teacher reads published work", "teacher", c.workPath(published), 200, ""},
		{"the teacher reads a draft", "teacher", c.workPath(draft), 200, ""},
		{"the teacher reads deleted work", "teacher", c.workPath(deleted), 200, ""},
		{"another project reads the work", "teacher via project B", c.workPath(published), 200, ""},
		{"a student reads published work", "student", c.workPath(published), 200, ""},
		{"a draft does not exist for a student", "student", c.workPath(draft), 404, "NOT_FOUND"},
		{"deleted work does not exist for a student", "student", c.workPath(deleted), 404, "NOT_FOUND"},
		{"work for another student does not exist for a student", "student", c.workPath(individual), 404, "NOT_FOUND"},
		{"the assigned student reads individual work", "other student", c.workPath(individual), 200, ""},
		{"an outsider is denied", "outsider", c.workPath(published), 403, "PERMISSION_DENIED"},
		{"unknown work is NOT_FOUND", "teacher", c.workPath("999999999999"), 404, "NOT_FOUND"},
		{"work is found only in its own course", "teacher", "/v1/courses/" + other + "/courseWork/" + published, 404, "NOT_FOUND"},
		{"an unknown course is NOT_FOUND", "teacher", "/v1/courses/999999999999/courseWork/" + published, 404, "NOT_FOUND"},
		{"an unknown query parameter is malformed", "teacher", c.workPath(published) + "?colour=blue", 400, "INVALID_ARGUMENT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.do(tt.actor, "GET", tt.path, "")
			if tt.status == "" {
				if r.Code != 200 {
					t.Fatalf("got %d: %s", r.Code, r.Raw)
				}
				return
			}
			wantError(t, r, tt.code, tt.status)
		})
	}
	if r := c.must("other student", "GET", c.workPath(individual), ""); !r.is("individualStudentsOptions.studentIds", `["`+otherStudentID+`"]`) {
		t.Errorf("the assigned student sees %v", r.get("individualStudentsOptions"))
	}
	if r := c.must("teacher", "GET", c.workPath(deleted), ""); r.str("state") != "DELETED" || r.has("alternateLink") {
		t.Errorf("deleted work: %s", r.Raw)
	}
}

func TestDeleteCourseWork(t *testing.T) {
	c := newClassroom(t, Options{})
	id := c.published()
	tests := []struct {
		name, actor, path string
		code              int
		status, prefix    string
	}{
		{"a student cannot delete", "student", c.workPath(id), 403, "PERMISSION_DENIED", ""},
		{"an outsider cannot delete", "outsider", c.workPath(id), 403, "PERMISSION_DENIED", ""},
		{"another project cannot delete", "teacher via project B", c.workPath(id), 403, "PERMISSION_DENIED", "@ProjectPermissionDenied "},
		{"an unknown course is NOT_FOUND", "teacher", "/v1/courses/999999999999/courseWork/" + id, 404, "NOT_FOUND", ""},
		{"unknown work is NOT_FOUND", "teacher", c.workPath("999999999999"), 404, "NOT_FOUND", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.do(tt.actor, "DELETE", tt.path, "")
			wantError(t, r, tt.code, tt.status)
			if !strings.HasPrefix(r.str("error.message"), tt.prefix) {
				t.Errorf("message %q, want prefix %q", r.str("error.message"), tt.prefix)
			}
			if got := c.must("teacher", "GET", c.workPath(id), "").str("state"); got != "PUBLISHED" {
				t.Errorf("state after a refused delete: %s", got)
			}
		})
	}
	if r := c.must("teacher", "DELETE", c.workPath(id), ""); r.Raw != "{}\n" {
		t.Errorf("delete answered %q, want {}", r.Raw)
	}
	wantError(t, c.do("teacher", "DELETE", c.workPath(id), ""), 400, "FAILED_PRECONDITION")
	wantError(t, c.do("teacher", "PATCH", c.workPath(id)+"?updateMask=title", `{"title":"x"}`), 400, "FAILED_PRECONDITION")
	wantError(t, c.do("teacher", "POST", c.workPath(id)+":modifyAssignees", `{"assigneeMode":"ALL_STUDENTS"}`), 400, "FAILED_PRECONDITION")
	listed := c.must("teacher", "GET", "/v1/courses/"+c.course+"/courseWork?courseWorkStates=DELETED", "")
	assert.Equal(t, []string{id}, listed.strs("courseWork", "id"), "deleted work listed")
	// A draft can be deleted too.
	draft := c.work(`{"title":"D","workType":"ASSIGNMENT"}`)
	c.must("teacher", "DELETE", c.workPath(draft), "")
}
