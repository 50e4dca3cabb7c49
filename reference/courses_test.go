package reference

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

func TestCourseCreateDefaults(t *testing.T) {
	h := newHarness(t, Options{})
	r := h.must("teacher", "POST", "/v1/courses", `{"name":"Physics","ownerId":"me","section":"A"}`)
	for field, want := range map[string]string{
		"courseState": "PROVISIONED",
		"ownerId":     "100000000000000000001",
		"name":        "Physics",
		"section":     "A",
	} {
		if got := r.str(field); got != want {
			t.Errorf("%s = %q, want %q", field, got, want)
		}
	}
	if !regexp.MustCompile(`^[0-9]{12}$`).MatchString(r.str("id")) {
		t.Errorf("id %q is not a numeric Classroom id", r.str("id"))
	}
	if !regexp.MustCompile(`^[a-z0-9]{7}$`).MatchString(r.str("enrollmentCode")) {
		t.Errorf("enrollmentCode %q", r.str("enrollmentCode"))
	}
	zulu := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3}|\.\d{6}|\.\d{9})?Z$`)
	if !zulu.MatchString(r.str("creationTime")) || !zulu.MatchString(r.str("updateTime")) {
		t.Errorf("timestamps not RFC 3339 UTC: %q %q", r.str("creationTime"), r.str("updateTime"))
	}
	if r.str("calendarId") != "" {
		t.Errorf("a PROVISIONED course has a calendarId %q; it is created on the first activation", r.str("calendarId"))
	}
	got := h.must("teacher", "GET", "/v1/courses/"+r.str("id"), "")
	if got.str("enrollmentCode") != r.str("enrollmentCode") {
		t.Errorf("get returned another course: %s", got.Raw)
	}
}

func TestCourseCreateRules(t *testing.T) {
	tests := []struct {
		name, body string
		code       int
		status     string
	}{
		{"owner may be given by email", `{"name":"N","ownerId":"teacher@school.example"}`, 200, ""},
		{"owner may be given by id", `{"name":"N","ownerId":"100000000000000000001"}`, 200, ""},
		{"ownerId is required", `{"name":"N"}`, 400, "INVALID_ARGUMENT"},
		{"a non-admin cannot create a course for someone else", `{"name":"N","ownerId":"student@school.example"}`, 403, "PERMISSION_DENIED"},
		{"an unknown owner is NOT_FOUND", `{"name":"N","ownerId":"nobody@school.example"}`, 404, "NOT_FOUND"},
		{"name is required", `{"ownerId":"me"}`, 400, "INVALID_ARGUMENT"},
		{"name of 750 characters is accepted", `{"ownerId":"me","name":"` + strings.Repeat("é", 750) + `"}`, 200, ""},
		{"name of 751 characters is rejected", `{"ownerId":"me","name":"` + strings.Repeat("é", 751) + `"}`, 400, "INVALID_ARGUMENT"},
		{"room of 651 characters is rejected", `{"ownerId":"me","name":"N","room":"` + strings.Repeat("r", 651) + `"}`, 400, "INVALID_ARGUMENT"},
		{"a URL in the title is a precondition failure", `{"ownerId":"me","name":"see https://x.example/"}`, 400, "FAILED_PRECONDITION"},
		{"created ACTIVE", `{"ownerId":"me","name":"N","courseState":"ACTIVE"}`, 200, ""},
		{"cannot be created ARCHIVED", `{"ownerId":"me","name":"N","courseState":"ARCHIVED"}`, 400, "INVALID_ARGUMENT"},
		{"an unknown course state", `{"ownerId":"me","name":"N","courseState":"OPEN"}`, 400, "INVALID_ARGUMENT"},
		{"an unknown field", `{"ownerId":"me","name":"N","colour":"red"}`, 400, "INVALID_ARGUMENT"},
		{"proto field names are accepted", `{"owner_id":"me","name":"N","description_heading":"H"}`, 200, ""},
		{"a project alias as id", `{"ownerId":"me","name":"N","id":"p:physics-2026"}`, 200, ""},
		{"a domain alias needs an administrator", `{"ownerId":"me","name":"N","id":"d:physics"}`, 403, "PERMISSION_DENIED"},
		{"an id that is not an alias", `{"ownerId":"me","name":"N","id":"123"}`, 400, "INVALID_ARGUMENT"},
		{"malformed JSON", `{"ownerId":"me",`, 400, "INVALID_ARGUMENT"},
		{"a JSON array body", `[]`, 400, "INVALID_ARGUMENT"},
		{"a number where a string belongs", `{"ownerId":"me","name":5}`, 400, "INVALID_ARGUMENT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, Options{})
			r := h.do("teacher", "POST", "/v1/courses", tt.body)
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

func TestCourseAliasAlreadyExists(t *testing.T) {
	h := newHarness(t, Options{})
	h.must("teacher", "POST", "/v1/courses", `{"ownerId":"me","name":"N","id":"p:retry-1"}`)
	// "retrying a request will return ALREADY_EXISTS if a previous one has succeeded"
	wantError(t, h.do("teacher", "POST", "/v1/courses", `{"ownerId":"me","name":"N","id":"p:retry-1"}`), 409, "ALREADY_EXISTS")
}

func TestCourseStateTransitions(t *testing.T) {
	tests := []struct {
		name  string
		path  []string // states to patch to, in order; the last is checked
		code  int
		state string
	}{
		{"PROVISIONED to ACTIVE", []string{"ACTIVE"}, 200, ""},
		{"PROVISIONED to DECLINED", []string{"DECLINED"}, 200, ""},
		{"DECLINED back to PROVISIONED", []string{"DECLINED", "PROVISIONED"}, 200, ""},
		{"ACTIVE to ARCHIVED and back", []string{"ACTIVE", "ARCHIVED", "ACTIVE"}, 200, ""},
		{"PROVISIONED to ARCHIVED", []string{"ARCHIVED"}, 400, "FAILED_PRECONDITION"},
		{"ACTIVE to PROVISIONED", []string{"ACTIVE", "PROVISIONED"}, 400, "FAILED_PRECONDITION"},
		{"ACTIVE to DECLINED", []string{"ACTIVE", "DECLINED"}, 400, "FAILED_PRECONDITION"},
		{"nobody sets SUSPENDED", []string{"SUSPENDED"}, 400, "FAILED_PRECONDITION"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, Options{})
			id := h.must("teacher", "POST", "/v1/courses", `{"ownerId":"me","name":"N"}`).str("id")
			var r reply
			for _, st := range tt.path {
				r = h.do("teacher", "PATCH", "/v1/courses/"+id+"?updateMask=courseState", `{"courseState":"`+st+`"}`)
			}
			if tt.state == "" {
				if r.Code != 200 || r.str("courseState") != tt.path[len(tt.path)-1] {
					t.Fatalf("got %d %s", r.Code, r.Raw)
				}
				return
			}
			wantError(t, r, tt.code, tt.state)
		})
	}
}

func TestCoursePatch(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.activeCourse("student")
	path := "/v1/courses/" + id
	wantError(t, h.do("teacher", "PATCH", path, `{"name":"X"}`), 400, "INVALID_ARGUMENT")
	wantError(t, h.do("teacher", "PATCH", path+"?updateMask=enrollmentCode", `{}`), 400, "INVALID_ARGUMENT")
	wantError(t, h.do("teacher", "PATCH", path+"?updateMask=id", `{}`), 400, "INVALID_ARGUMENT")
	wantError(t, h.do("student", "PATCH", path+"?updateMask=name", `{"name":"X"}`), 403, "PERMISSION_DENIED")
	wantError(t, h.do("outsider", "PATCH", path+"?updateMask=name", `{"name":"X"}`), 403, "PERMISSION_DENIED")
	r := h.must("teacher", "PATCH", path+"?updateMask=name,description_heading", `{"name":"Renamed","descriptionHeading":"H"}`)
	if r.str("name") != "Renamed" || r.str("descriptionHeading") != "H" {
		t.Fatalf("patch did not apply: %s", r.Raw)
	}
	if r.str("calendarId") == "" {
		t.Errorf("an activated course has no calendarId")
	}
	// "You cannot modify it except to change it to a different state."
	h.must("teacher", "PATCH", path+"?updateMask=courseState", `{"courseState":"ARCHIVED"}`)
	r = h.do("teacher", "PATCH", path+"?updateMask=name", `{"name":"Y"}`)
	wantError(t, r, 400, "FAILED_PRECONDITION")
	if !strings.HasPrefix(r.str("error.message"), "@CourseNotModifiable ") {
		t.Errorf("message %q lacks @CourseNotModifiable", r.str("error.message"))
	}
	// "The course state can be changed in a request that changes other properties."
	h.must("teacher", "PATCH", path+"?updateMask=name,courseState", `{"name":"Y","courseState":"ACTIVE"}`)
}

func TestCourseVisibilityAndDelete(t *testing.T) {
	h := newHarness(t, Options{})
	co := h.must("teacher", "POST", "/v1/courses", `{"ownerId":"me","name":"N"}`)
	id := co.str("id")
	// A provisioned course is "accessible by the primary teacher and domain administrators".
	wantError(t, h.do("student", "POST", "/v1/courses/"+id+"/students?enrollmentCode="+co.str("enrollmentCode"), `{"userId":"me"}`), 400, "FAILED_PRECONDITION")
	h.must("teacher", "PATCH", "/v1/courses/"+id+"?updateMask=courseState", `{"courseState":"ACTIVE"}`)
	h.must("student", "POST", "/v1/courses/"+id+"/students?enrollmentCode="+co.str("enrollmentCode"), `{"userId":"me"}`)
	got := h.must("student", "GET", "/v1/courses/"+id, "")
	if got.Body["teacherFolder"] != nil {
		t.Errorf("a student sees the teacher folder")
	}
	if h.must("teacher", "GET", "/v1/courses/"+id, "").Body["teacherFolder"] == nil {
		t.Errorf("the teacher does not see the teacher folder")
	}
	wantError(t, h.do("outsider", "GET", "/v1/courses/"+id, ""), 403, "PERMISSION_DENIED")
	wantError(t, h.do("teacher", "GET", "/v1/courses/999999999999", ""), 404, "NOT_FOUND")
	wantError(t, h.do("student", "DELETE", "/v1/courses/"+id, ""), 403, "PERMISSION_DENIED")
	if r := h.must("teacher", "DELETE", "/v1/courses/"+id, ""); r.Raw != "{}\n" {
		t.Errorf("delete answered %q, want {}", r.Raw)
	}
	wantError(t, h.do("teacher", "GET", "/v1/courses/"+id, ""), 404, "NOT_FOUND")
}

func TestCourseList(t *testing.T) {
	h := newHarness(t, Options{})
	var ids []string
	for i := 0; i < 5; i++ {
		ids = append(ids, h.activeCourse("student"))
	}
	h.must("teacher", "POST", "/v1/courses", `{"ownerId":"me","name":"Provisioned"}`)
	// "ordered by creation time, with the most recently created coming first"
	var seen []string
	tok := ""
	for page := 0; ; page++ {
		path := "/v1/courses?studentId=me&pageSize=2"
		if tok != "" {
			path += "&pageToken=" + tok
		}
		r := h.must("student", "GET", path, "")
		for _, c := range r.Body["courses"].([]any) {
			seen = append(seen, c.(map[string]any)["id"].(string))
		}
		if tok = r.str("nextPageToken"); tok == "" {
			break
		}
		if page > 5 {
			t.Fatal("paging does not end")
		}
	}
	want := []string{ids[4], ids[3], ids[2], ids[1], ids[0]}
	if strings.Join(seen, ",") != strings.Join(want, ",") {
		t.Fatalf("courses %v, want %v", seen, want)
	}
	all := h.must("teacher", "GET", "/v1/courses", "")
	if n := len(all.Body["courses"].([]any)); n != 6 {
		t.Errorf("teacher sees %d courses, want 6 (any state by default)", n)
	}
	prov := h.must("teacher", "GET", "/v1/courses?courseStates=PROVISIONED", "")
	if n := len(prov.Body["courses"].([]any)); n != 1 {
		t.Errorf("courseStates=PROVISIONED gives %d courses, want 1", n)
	}
	if r := h.must("outsider", "GET", "/v1/courses", ""); r.Raw != "{}\n" {
		t.Errorf("an empty list is %q, want {}", r.Raw)
	}
	r := h.do("teacher", "GET", "/v1/courses?studentId=me&teacherId=me", "")
	wantError(t, r, 400, "FAILED_PRECONDITION")
	if !strings.HasPrefix(r.str("error.message"), "@ListCoursesStudentAndTeacherFilter ") {
		t.Errorf("message %q", r.str("error.message"))
	}
	wantError(t, h.do("teacher", "GET", "/v1/courses?studentId=nobody@school.example", ""), 404, "NOT_FOUND")
	wantError(t, h.do("teacher", "GET", "/v1/courses?courseStates=OPEN", ""), 400, "INVALID_ARGUMENT")
	wantError(t, h.do("teacher", "GET", "/v1/courses?pageSize=-1", ""), 400, "INVALID_ARGUMENT")
	wantError(t, h.do("teacher", "GET", "/v1/courses?pageSize=x", ""), 400, "INVALID_ARGUMENT")
	wantError(t, h.do("teacher", "GET", "/v1/courses?pageToken=garbage", ""), 400, "INVALID_ARGUMENT")
	// A token is valid only for the request that produced it.
	first := h.must("student", "GET", "/v1/courses?studentId=me&pageSize=2", "")
	wantError(t, h.do("student", "GET", "/v1/courses?pageSize=2&pageToken="+first.str("nextPageToken"), ""), 400, "INVALID_ARGUMENT")
}

func TestAliases(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.activeCourse("student")
	base := "/v1/courses/" + id + "/aliases"
	h.must("teacher", "POST", base, `{"alias":"p:bio-101"}`)
	wantError(t, h.do("teacher", "POST", base, `{"alias":"p:bio-101"}`), 409, "ALREADY_EXISTS")
	wantError(t, h.do("teacher", "POST", base, `{"alias":"bio-101"}`), 400, "INVALID_ARGUMENT")
	wantError(t, h.do("teacher", "POST", base, `{"alias":"p:`+strings.Repeat("a", 255)+`"}`), 400, "INVALID_ARGUMENT")
	h.must("teacher", "POST", base, `{"alias":"p:`+strings.Repeat("a", 254)+`"}`)
	wantError(t, h.do("teacher", "POST", base, `{"alias":"d:bio"}`), 403, "PERMISSION_DENIED")
	wantError(t, h.do("student", "POST", base, `{"alias":"p:mine"}`), 403, "PERMISSION_DENIED")

	// "can be used in place of the Classroom course ID"; responses carry the Classroom id.
	if got := h.must("student", "GET", "/v1/courses/p:bio-101", ""); got.str("id") != id {
		t.Fatalf("alias resolved to %s, want %s", got.str("id"), id)
	}
	// Project aliases are visible only to the project that created them.
	wantError(t, h.do("teacher via project B", "GET", "/v1/courses/p:bio-101", ""), 404, "NOT_FOUND")
	h.must("teacher via project B", "POST", base, `{"alias":"p:bio-b"}`)
	list := h.must("teacher", "GET", base, "")
	if n := len(list.Body["aliases"].([]any)); n != 2 {
		t.Errorf("project A sees %d aliases, want 2: %s", n, list.Raw)
	}
	wantError(t, h.do("teacher", "DELETE", base+"/p:bio-b", ""), 404, "NOT_FOUND")
	wantError(t, h.do("teacher", "DELETE", base+"/"+id, ""), 400, "INVALID_ARGUMENT")
	h.must("teacher", "DELETE", base+"/p:bio-101", "")
	wantError(t, h.do("teacher", "GET", "/v1/courses/p:bio-101", ""), 404, "NOT_FOUND")
}

func TestEnrolment(t *testing.T) {
	h := newHarness(t, Options{})
	co := h.must("teacher", "POST", "/v1/courses", `{"ownerId":"me","name":"N","courseState":"ACTIVE"}`)
	id, code := co.str("id"), co.str("enrollmentCode")
	students := "/v1/courses/" + id + "/students"
	wantError(t, h.do("student", "POST", students, `{"userId":"me"}`), 403, "PERMISSION_DENIED")
	wantError(t, h.do("student", "POST", students+"?enrollmentCode=wrong", `{"userId":"me"}`), 403, "PERMISSION_DENIED")
	wantError(t, h.do("student", "POST", students+"?enrollmentCode="+code, `{}`), 400, "INVALID_ARGUMENT")
	r := h.must("student", "POST", students+"?enrollmentCode="+code, `{"userId":"me"}`)
	if r.str("userId") != "100000000000000000002" || r.str("courseId") != id || r.str("profile.emailAddress") != "student@school.example" {
		t.Fatalf("student: %s", r.Raw)
	}
	wantError(t, h.do("student", "POST", students+"?enrollmentCode="+code, `{"userId":"me"}`), 409, "ALREADY_EXISTS")
	wantError(t, h.do("teacher", "POST", students+"?enrollmentCode="+code, `{"userId":"me"}`), 409, "ALREADY_EXISTS")
	wantError(t, h.do("student", "POST", students, `{"userId":"other.student@school.example"}`), 403, "PERMISSION_DENIED")
	h.must("teacher", "POST", students, `{"userId":"other.student@school.example"}`)
	wantError(t, h.do("teacher", "POST", students, `{"userId":"ghost@school.example"}`), 404, "NOT_FOUND")
	list := h.must("student", "GET", students, "")
	if n := len(list.Body["students"].([]any)); n != 2 {
		t.Errorf("%d students, want 2", n)
	}
	h.must("teacher", "GET", students+"/student@school.example", "")
	wantError(t, h.do("teacher", "GET", students+"/outsider@school.example", ""), 404, "NOT_FOUND")
	wantError(t, h.do("outsider", "GET", students, ""), 403, "PERMISSION_DENIED")
	teachers := h.must("student", "GET", "/v1/courses/"+id+"/teachers", "")
	if n := len(teachers.Body["teachers"].([]any)); n != 1 {
		t.Errorf("%d teachers, want the owner only", n)
	}
	h.must("teacher", "DELETE", students+"/100000000000000000003", "")
	wantError(t, h.do("teacher", "DELETE", students+"/100000000000000000003", ""), 404, "NOT_FOUND")
}

func TestFrontEnd(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.activeCourse()
	tests := []struct {
		name, actor, method, path, body string
		code                            int
		status                          string
	}{
		{"no credentials", "", "GET", "/v1/courses", "", 401, "UNAUTHENTICATED"},
		{"a token without the method's scope", "student without coursework scope", "POST", "/v1/courses/" + id + "/courseWork", `{}`, 403, "PERMISSION_DENIED"},
		{"an unknown query parameter", "teacher", "GET", "/v1/courses?colour=red", "", 400, "INVALID_ARGUMENT"},
		{"system parameters are accepted", "teacher", "GET", "/v1/courses?alt=json&prettyPrint=false&quotaUser=q&$.xgafv=2&fields=courses", "", 200, ""},
		{"an unknown path", "teacher", "GET", "/v1/nothing", "", 404, "NOT_FOUND"},
		{"a method the path does not have", "teacher", "PUT", "/v1/courses/" + id + "/courseWork", `{}`, 404, "NOT_FOUND"},
		{"an unknown custom verb", "teacher", "POST", "/v1/courses/" + id + "/courseWork/1:explode", `{}`, 404, "NOT_FOUND"},
		{"a method outside the emulated surface", "teacher", "GET", "/v1/userProfiles/me", "", 501, "UNIMPLEMENTED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.do(tt.actor, tt.method, tt.path, tt.body)
			if tt.status == "" {
				if r.Code != tt.code {
					t.Fatalf("got %d: %s", r.Code, r.Raw)
				}
				return
			}
			wantError(t, r, tt.code, tt.status)
		})
	}
	r := h.do("", "GET", "/v1/courses", "")
	if !strings.HasPrefix(r.str("error.message"), "Request is missing required authentication credential.") {
		t.Errorf("401 message %q", r.str("error.message"))
	}
	r = h.do("student without coursework scope", "POST", "/v1/courses/"+id+"/courseWork", `{}`)
	if r.str("error.message") != "Request had insufficient authentication scopes." {
		t.Errorf("403 message %q", r.str("error.message"))
	}
	want := `Bearer realm="https://accounts.google.com/", error="insufficient_scope", scope="https://www.googleapis.com/auth/classroom.coursework.students"`
	if got := r.Header.Get("WWW-Authenticate"); got != want {
		t.Errorf("WWW-Authenticate %q, want %q", got, want)
	}
}
