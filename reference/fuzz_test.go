package reference

import (
	"bytes"
	"encoding/json"
	"log"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

// fuzzServer is a reference server with an active course where the student is enrolled, reached
// through its handler without a network.
type fuzzServer struct {
	t      *testing.T
	s      *Server
	logged *bytes.Buffer
	course string
	now    time.Time
}

func newFuzzServer(t *testing.T) *fuzzServer {
	now := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	logged := &bytes.Buffer{}
	s, err := New(Options{Now: func() time.Time { return now }, ErrorLog: log.New(logged, "", 0)})
	require.NoError(t, err)
	f := &fuzzServer{t: t, s: s, logged: logged, now: now}
	code, co := f.do("tok-teacher", "POST", "/v1/courses", `{"name":"Fuzz","ownerId":"me","courseState":"ACTIVE"}`)
	if code != 200 {
		t.Fatalf("create course: %d %v", code, co)
	}
	f.course = co["id"].(string)
	if code, st := f.do("tok-teacher", "POST", "/v1/courses/"+f.course+"/students", `{"userId":"`+studentID+`"}`); code != 200 {
		t.Fatalf("enrol: %d %v", code, st)
	}
	return f
}

// do serves one request and checks the answer's shape: a JSON object, and for errors Google's
// envelope with a code that is the HTTP status of the canonical status name.
func (f *fuzzServer) do(token, method, path, body string) (int, map[string]any) {
	f.t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()
	f.s.ServeHTTP(rec, req)
	return f.check(method, path, rec)
}

// check checks the shape of an answer: a JSON object, and for errors Google's envelope with a
// code that is the HTTP status of the canonical status name.
func (f *fuzzServer) check(method, path string, rec *httptest.ResponseRecorder) (int, map[string]any) {
	f.t.Helper()
	var out map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		f.t.Fatalf("%s %s: answer is not a JSON object: %v\n%s", method, path, err, rec.Body)
	}
	if f.logged.Len() > 0 {
		f.t.Fatalf("%s %s: the server logged an internal error: %s", method, path, f.logged)
	}
	if rec.Code == http.StatusOK {
		if _, isErr := out["error"]; isErr {
			f.t.Fatalf("%s %s: 200 with an error: %s", method, path, rec.Body)
		}
		return rec.Code, out
	}
	e, ok := out["error"].(map[string]any)
	if !ok || len(out) != 1 || len(e) != 3 {
		f.t.Fatalf("%s %s: %d without a well-formed error envelope: %s", method, path, rec.Code, rec.Body)
	}
	code, _ := e["code"].(float64)
	status, _ := e["status"].(string)
	msg, _ := e["message"].(string)
	if int(code) != rec.Code || httpCode(status) != rec.Code || msg == "" {
		f.t.Fatalf("%s %s: HTTP %d with error %v", method, path, rec.Code, e)
	}
	return rec.Code, out
}

// checkCourseWork asserts that course work the server accepted obeys every documented rule.
func (f *fuzzServer) checkCourseWork(raw map[string]any) CourseWork {
	f.t.Helper()
	data, _ := json.Marshal(raw)
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var w CourseWork
	if err := dec.Decode(&w); err != nil {
		f.t.Fatalf("answer is not a CourseWork: %v\n%s", err, data)
	}
	fail := func(format string, args ...any) {
		f.t.Helper()
		f.t.Fatalf("accepted course work breaks a rule: "+format+"\n%s", append(args, data)...)
	}
	if n := utf8.RuneCountInString(w.Title); n < 1 || n > maxTitleChars || !utf8.ValidString(w.Title) {
		fail("title of %d characters", n)
	}
	if n := utf8.RuneCountInString(w.Description); n > maxDescriptionChars || !utf8.ValidString(w.Description) {
		fail("description of %d characters", n)
	}
	if len(w.Materials) > maxMaterials {
		fail("%d materials", len(w.Materials))
	}
	for _, m := range w.Materials {
		if m.Form != nil || m.Gem != nil || m.Notebook != nil || m.DriveFile != nil || (m.Link == nil) == (m.YoutubeVideo == nil) {
			fail("material %+v", m)
		}
		if m.Link != nil && (m.Link.URL == "" || utf8.RuneCountInString(m.Link.URL) > maxLinkURLChars) {
			fail("link %q", m.Link.URL)
		}
	}
	if !contains(workTypes, w.WorkType) || (w.State != "DRAFT" && w.State != "PUBLISHED") ||
		!contains(assigneeModes, w.AssigneeMode) || !contains(modifyModes, w.SubmissionModificationMode) {
		fail("enum values")
	}
	if (w.DueDate == nil) != (w.DueTime == nil) {
		fail("due date and time apart")
	}
	if w.DueDate != nil {
		if validateDue(w.DueDate, w.DueTime) != nil || !dueInstant(w.DueDate, w.DueTime).After(f.now) {
			fail("due %+v %+v", w.DueDate, w.DueTime)
		}
	}
	if w.MaxPoints < 0 || w.MaxPoints != math.Trunc(w.MaxPoints) {
		fail("maxPoints %v", w.MaxPoints)
	}
	if (w.WorkType == "MULTIPLE_CHOICE_QUESTION") != (w.MultipleChoiceQuestion != nil) {
		fail("details do not match the work type")
	}
	if (w.WorkType == "ASSIGNMENT") != (w.Assignment != nil) {
		fail("assignment details do not match the work type")
	}
	if w.ScheduledTime != "" && w.State != "DRAFT" {
		fail("scheduled %s work", w.State)
	}
	if (w.AssigneeMode == "INDIVIDUAL_STUDENTS") != (w.IndividualStudentsOptions != nil) {
		fail("assignee options do not match the mode")
	}
	if w.TopicID != "" || w.GradingPeriodID != "" || w.CourseID != f.course || !numericID.MatchString(w.ID) ||
		w.CreatorUserID != teacherID || !w.AssociatedWithDeveloper {
		fail("read-only fields")
	}
	if (w.State == "PUBLISHED") != (w.AlternateLink != "") {
		fail("alternateLink of %s work", w.State)
	}
	return w
}

// maskOf is an update mask naming every top-level field of a JSON object body, or "title".
func maskOf(body []byte) string {
	var obj map[string]json.RawMessage
	if json.Unmarshal(body, &obj) != nil || len(obj) == 0 {
		return "title"
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		if k != "" && !strings.Contains(k, ",") {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return "title"
	}
	sort.Strings(keys)
	return strings.Join(keys, ",")
}

// FuzzDecodeCourseWork sends arbitrary bytes as the body of courseWork.create and of
// courseWork.patch through the whole handler. The server must never fail internally; it answers
// 200 or a well-formed Google error; and whatever it accepts obeys the documented rules and reads
// back the same.
func FuzzDecodeCourseWork(f *testing.F) {
	seeds := []string{
		`{"title":"Essay","workType":"ASSIGNMENT"}`,
		`{"title":"Essay","workType":"ASSIGNMENT","state":"PUBLISHED","maxPoints":100,"description":"d"}`,
		`{"title":"Q","workType":"MULTIPLE_CHOICE_QUESTION","multipleChoiceQuestion":{"choices":["a","b"]}}`,
		`{"title":"Q","workType":"SHORT_ANSWER_QUESTION","multipleChoiceQuestion":{}}`,
		`{"title":"T","workType":"ASSIGNMENT","dueDate":{"year":2028,"month":2,"day":29},"dueTime":{"hours":23,"minutes":59,"seconds":59,"nanos":999999999}}`,
		`{"title":"T","workType":"ASSIGNMENT","dueDate":{"year":2027,"month":2,"day":29},"dueTime":{}}`,
		`{"title":"T","workType":"ASSIGNMENT","dueDate":{"year":2027,"month":4,"day":31},"dueTime":{"hours":24}}`,
		`{"title":"T","workType":"ASSIGNMENT","dueDate":{"year":2026,"month":1,"day":5},"dueTime":{"hours":9}}`,
		`{"title":"T","workType":"ASSIGNMENT","maxPoints":1.5}`,
		`{"title":"T","workType":"ASSIGNMENT","maxPoints":"1e308"}`,
		`{"title":"T","workType":"ASSIGNMENT","maxPoints":-0}`,
		`{"title":"T","workType":"ASSIGNMENT","materials":[{"link":{"url":"https://youtu.be/dQw4w9WgXcQ"}},{"youtubeVideo":{"id":"x"}}]}`,
		`{"title":"T","workType":"ASSIGNMENT","materials":[{"driveFile":{"driveFile":{"id":"f"},"shareMode":"STUDENT_COPY"}}]}`,
		`{"title":"T","workType":"ASSIGNMENT","materials":[{"form":{"formUrl":"u"}},{"gem":{}},{"notebook":{}}]}`,
		`{"title":"T","workType":"ASSIGNMENT","assigneeMode":"INDIVIDUAL_STUDENTS","individualStudentsOptions":{"studentIds":["` + studentID + `","student@school.example"]}}`,
		`{"title":"T","workType":"ASSIGNMENT","individualStudentsOptions":{"studentIds":["me"]}}`,
		`{"title":"T","workType":"ASSIGNMENT","state":"DRAFT","scheduledTime":"2026-02-01T00:00:00.5+02:00"}`,
		`{"title":"T","workType":"ASSIGNMENT","state":"DELETED","topicId":"1","gradingPeriodId":""}`,
		`{"title":"\ud83d\ude00","work_type":"ASSIGNMENT","submission_modification_mode":"MODIFIABLE"}`,
		`{"title":"\ud800","workType":"ASSIGNMENT"}`,
		"{\"title\":\"\xff\",\"workType\":\"ASSIGNMENT\"}",
		`{"title":"T","workType":"ASSIGNMENT","id":"1","courseId":"2","assignment":{"studentWorkFolder":{"id":"x"}},"gradeCategory":{"id":"g"}}`,
		`{"title":null,"workType":null,"materials":null}`,
		`{"title":"T","title":"U","workType":"ASSIGNMENT"}`,
		`{"dueDate":{"year":99999999999}}`,
		`[]`, `null`, ``, `"title"`, `{`, `{"a":1}`, `{"title":{"x":[1,2,{}]}}`,
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		srv := newFuzzServer(t)
		works := "/v1/courses/" + srv.course + "/courseWork"
		code, out := srv.do("tok-teacher", "POST", works, string(body))
		switch code {
		case http.StatusOK:
			w := srv.checkCourseWork(out)
			if _, again := srv.do("tok-teacher", "GET", works+"/"+w.ID, ""); !jsonSame(again, out) {
				t.Fatalf("course work reads back differently:\n%v\n%v", out, again)
			}
		case http.StatusBadRequest:
			e := out["error"].(map[string]any)
			if e["status"] == "FAILED_PRECONDITION" && !strings.HasPrefix(e["message"].(string), "@AttachmentNotVisible ") {
				t.Fatalf("create failed a precondition other than AttachmentNotVisible: %v", e)
			}
			if e["status"] != "INVALID_ARGUMENT" && e["status"] != "FAILED_PRECONDITION" {
				t.Fatalf("create answered 400 %v", e)
			}
		default:
			t.Fatalf("the teacher's create answered %d %v", code, out)
		}

		// The same bytes as a patch of valid course work, naming every field they set.
		_, base := srv.do("tok-teacher", "POST", works, `{"title":"Base","workType":"ASSIGNMENT","state":"DRAFT","maxPoints":10}`)
		id := base["id"].(string)
		code, out = srv.do("tok-teacher", "PATCH", works+"/"+id+"?updateMask="+url.QueryEscape(maskOf(body)), string(body))
		switch code {
		case http.StatusOK:
			if w := srv.checkCourseWork(out); w.WorkType != "ASSIGNMENT" || w.ID != id {
				t.Fatalf("patch changed what it may not: %v", out)
			}
		case http.StatusBadRequest:
		default:
			t.Fatalf("the teacher's patch answered %d %v", code, out)
		}
		if _, again := srv.do("tok-teacher", "GET", works+"/"+id, ""); code != http.StatusOK && !jsonSame(again, base) {
			t.Fatalf("a refused patch changed the course work:\n%v\n%v", base, again)
		}
	})
}

func jsonSame(a, b map[string]any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}
