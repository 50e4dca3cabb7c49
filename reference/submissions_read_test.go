package reference

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestGetSubmissionAccess(t *testing.T) {
	a := newAssignment(t, Options{})
	tests := []struct {
		name, actor, path string
		code              int
		status            string
	}{
		{"the owner reads their submission", "student", a.subPath(a.sub), 200, ""},
		{"the teacher reads it", "teacher", a.subPath(a.sub), 200, ""},
		{"another project reads it", "student via project B", a.subPath(a.sub), 200, ""},
		{"another student may not", "other student", a.subPath(a.sub), 403, "PERMISSION_DENIED"},
		{"an outsider may not", "outsider", a.subPath(a.sub), 403, "PERMISSION_DENIED"},
		{"an unknown course", "teacher", "/v1/courses/999999999999/courseWork/" + a.work + "/studentSubmissions/" + a.sub, 404, "NOT_FOUND"},
		{"unknown course work", "teacher", a.workPath("999999999999") + "/studentSubmissions/" + a.sub, 404, "NOT_FOUND"},
		{"an unknown submission", "teacher", a.subPath("999999999999"), 404, "NOT_FOUND"},
		{"a submission of other course work", "teacher", a.workPath(a.published()) + "/studentSubmissions/" + a.sub, 404, "NOT_FOUND"},
		{"an unknown query parameter", "student", a.subPath(a.sub) + "?colour=blue", 400, "INVALID_ARGUMENT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := a.do(tt.actor, "GET", tt.path, "")
			if tt.status == "" {
				if r.Code != 200 || r.str("id") != a.sub || r.str("userId") != studentID || r.str("courseWorkId") != a.work || r.str("courseId") != a.course {
					t.Fatalf("got %d: %s", r.Code, r.Raw)
				}
				if want := tt.actor != "student via project B"; r.has("associatedWithDeveloper") != want {
					t.Errorf("associatedWithDeveloper shown: %v, want %v", r.has("associatedWithDeveloper"), want)
				}
				return
			}
			wantError(t, r, tt.code, tt.status)
		})
	}
	// Submissions of a draft do not exist for students.
	c := newClassroom(t, Options{})
	draftID := c.work(`{"title":"D","workType":"ASSIGNMENT"}`)
	sub := c.must("teacher", "GET", c.workPath(draftID)+"/studentSubmissions?userId="+studentID, "").text("studentSubmissions.0.id")
	wantError(t, c.do("student", "GET", c.workPath(draftID)+"/studentSubmissions/"+sub, ""), 404, "NOT_FOUND")
	wantError(t, c.do("student", "POST", c.workPath(draftID)+"/studentSubmissions/"+sub+":turnIn", ""), 404, "NOT_FOUND")
}

func TestListSubmissionsFilters(t *testing.T) {
	a := newAssignment(t, Options{})
	second := a.published()
	secondSub := a.must("student", "GET", a.workPath(second)+"/studentSubmissions", "").text("studentSubmissions.0.id")
	a.must("student", "POST", a.subPath(a.sub)+":turnIn", "")
	list := a.workPath(a.work) + "/studentSubmissions"
	all := a.workPath("-") + "/studentSubmissions"

	tests := []struct {
		name, actor, path string
		want              []string
		status            string
		code              int
	}{
		{"the teacher lists every student's", "teacher", list, []string{a.sub, a.otherSub}, "", 0},
		{"a student lists their own", "student", list, []string{a.sub}, "", 0},
		{"userId=me", "student", list + "?userId=me", []string{a.sub}, "", 0},
		{"userId by numeric id", "teacher", list + "?userId=" + otherStudentID, []string{a.otherSub}, "", 0},
		{"userId by email", "teacher", list + "?userId=other.student@school.example", []string{a.otherSub}, "", 0},
		{"proto name user_id", "teacher", list + "?user_id=" + otherStudentID, []string{a.otherSub}, "", 0},
		{"a student asking for someone else gets nothing", "student", list + "?userId=" + otherStudentID, nil, "", 0},
		{"a user the server does not know", "teacher", list + "?userId=nobody@school.example", nil, "NOT_FOUND", 404},
		{"a userId that is no user reference", "teacher", list + "?userId=not%20a%20user", nil, "INVALID_ARGUMENT", 400},
		{"states filter", "teacher", list + "?states=TURNED_IN", []string{a.sub}, "", 0},
		{"several states", "teacher", list + "?states=NEW&states=RETURNED", []string{a.otherSub}, "", 0},
		{"SUBMISSION_STATE_UNSPECIFIED filters nothing", "teacher", list + "?states=SUBMISSION_STATE_UNSPECIFIED", []string{a.sub, a.otherSub}, "", 0},
		{"an unknown state is malformed", "teacher", list + "?states=FINISHED", nil, "INVALID_ARGUMENT", 400},
		{"nothing is late without a due date", "teacher", list + "?late=LATE_ONLY", nil, "", 0},
		{"everything is on time without a due date", "teacher", list + "?late=NOT_LATE_ONLY", []string{a.sub, a.otherSub}, "", 0},
		{"an unknown lateness is malformed", "teacher", list + "?late=VERY", nil, "INVALID_ARGUMENT", 400},
		{"a hyphen lists all course work, newest first", "teacher", all + "?userId=" + studentID, []string{secondSub, a.sub}, "", 0},
		{"a hyphen for a student", "student", all, []string{secondSub, a.sub}, "", 0},
		{"unknown course work", "teacher", a.workPath("999999999999") + "/studentSubmissions", nil, "NOT_FOUND", 404},
		{"an unknown course", "teacher", "/v1/courses/999999999999/courseWork/-/studentSubmissions", nil, "NOT_FOUND", 404},
		{"an outsider may not list", "outsider", list, nil, "PERMISSION_DENIED", 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := a.do(tt.actor, "GET", tt.path, "")
			if tt.status != "" {
				wantError(t, r, tt.code, tt.status)
				return
			}
			if got := r.strs("studentSubmissions", "id"); r.Code != 200 || !slices.Equal(got, tt.want) {
				t.Errorf("got %d %v, want %v: %s", r.Code, got, tt.want, r.Raw)
			}
		})
	}

	// Pages.
	first := a.must("teacher", "GET", list+"?pageSize=1", "")
	next := a.must("teacher", "GET", list+"?pageSize=1&pageToken="+url.QueryEscape(first.str("nextPageToken")), "")
	assert.Equal(t, []string{a.sub, a.otherSub}, append(first.strs("studentSubmissions", "id"), next.strs("studentSubmissions", "id")...), "pages listed")
	assert.False(t, next.has("nextPageToken"), "last page %s", next.Raw)
	wantError(t, a.do("teacher", "GET", list+"?states=NEW&pageToken="+url.QueryEscape(first.str("nextPageToken")), ""), 400, "INVALID_ARGUMENT")
}

func TestSubmissionLateness(t *testing.T) {
	clock := newTestClock()
	c := newClassroom(t, Options{Now: clock.Now})
	id := c.work(`{"title":"T","workType":"ASSIGNMENT","state":"PUBLISHED","dueDate":{"year":2026,"month":1,"day":6},"dueTime":{"hours":9}}`)
	list := c.workPath(id) + "/studentSubmissions"
	mine := c.must("student", "GET", list, "").text("studentSubmissions.0.id")
	theirs := c.must("other student", "GET", list, "").text("studentSubmissions.0.id")
	c.must("student", "POST", c.workPath(id)+"/studentSubmissions/"+mine+":turnIn", "")
	if got := c.must("teacher", "GET", list+"?late=LATE_ONLY", "").strs("studentSubmissions", "id"); len(got) != 0 {
		t.Errorf("late before the due time: %v", got)
	}
	clock.Advance(25 * time.Hour)
	assert.Equal(t, []string{theirs}, c.must("teacher", "GET", list+"?late=LATE_ONLY", "").strs("studentSubmissions", "id"), "late after the due time: want the one not turned in")
	assert.Equal(t, []string{mine}, c.must("teacher", "GET", list+"?late=NOT_LATE_ONLY", "").strs("studentSubmissions", "id"), "on time after the due time: want the one turned in on time")
	if r := c.must("other student", "GET", c.workPath(id)+"/studentSubmissions/"+theirs, ""); !r.is("late", "true") {
		t.Errorf("late = %v", r.get("late"))
	}
}

func TestPatchSubmissionGrades(t *testing.T) {
	tests := []struct {
		name, mask, body string
		status           string
		draft, assigned  string // JSON value afterwards, "null" for unset
	}{
		{"a draft grade", "draftGrade", `{"draftGrade":87}`, "", "87", "null"},
		{"an assigned grade in proto form", "assigned_grade", `{"assignedGrade":90}`, "", "null", "90"},
		{"both grades", "draftGrade,assignedGrade", `{"draftGrade":80,"assignedGrade":85}`, "", "80", "85"},
		{"a grade of zero is a grade", "assignedGrade", `{"assignedGrade":0}`, "", "null", "0"},
		{"grades are rounded to two decimals", "draftGrade", `{"draftGrade":87.456}`, "", "87.46", "null"},
		{"a grade may exceed maxPoints", "draftGrade", `{"draftGrade":120}`, "", "120", "null"},
		{"fields outside the mask are ignored", "draftGrade", `{"draftGrade":1,"assignedGrade":2}`, "", "1", "null"},
		{"a negative grade is rejected", "draftGrade", `{"draftGrade":-1}`, "INVALID_ARGUMENT", "null", "null"},
		{"the mask is required", "", `{"draftGrade":1}`, "INVALID_ARGUMENT", "null", "null"},
		{"state cannot be patched", "state", `{"state":"RETURNED"}`, "INVALID_ARGUMENT", "null", "null"},
		{"an unknown field in the mask", "colour", `{}`, "INVALID_ARGUMENT", "null", "null"},
		{"a grade that is text", "draftGrade", `{"draftGrade":"high"}`, "INVALID_ARGUMENT", "null", "null"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newAssignment(t, Options{})
			path := a.subPath(a.sub)
			if tt.mask != "" {
				path += "?updateMask=" + tt.mask
			}
			r := a.do("teacher", "PATCH", path, tt.body)
			if tt.status != "" {
				wantError(t, r, 400, tt.status)
			} else if r.Code != 200 {
				t.Fatalf("got %d: %s", r.Code, r.Raw)
			}
			got := a.must("teacher", "GET", a.subPath(a.sub), "")
			if !got.is("draftGrade", tt.draft) || !got.is("assignedGrade", tt.assigned) {
				t.Errorf("grades draft %v assigned %v, want %s %s", got.get("draftGrade"), got.get("assignedGrade"), tt.draft, tt.assigned)
			}
		})
	}
}

func TestPatchSubmissionAccessAndHistory(t *testing.T) {
	a := newAssignment(t, Options{})
	body := `{"draftGrade":70,"assignedGrade":75}`
	mask := "?updateMask=draftGrade,assignedGrade"
	wantError(t, a.do("student", "PATCH", a.subPath(a.sub)+mask, body), 403, "PERMISSION_DENIED")
	wantError(t, a.do("outsider", "PATCH", a.subPath(a.sub)+mask, body), 403, "PERMISSION_DENIED")
	r := a.do("teacher via project B", "PATCH", a.subPath(a.sub)+mask, body)
	wantError(t, r, 403, "PERMISSION_DENIED")
	if !strings.HasPrefix(r.str("error.message"), "@ProjectPermissionDenied ") {
		t.Errorf("message %q", r.str("error.message"))
	}
	wantError(t, a.do("teacher", "PATCH", a.subPath("999999999999")+mask, body), 404, "NOT_FOUND")

	a.must("teacher", "PATCH", a.subPath(a.sub)+mask, body)
	a.must("teacher", "PATCH", a.subPath(a.sub)+mask, body) // unchanged: no new entries
	a.must("teacher", "PATCH", a.workPath(a.work)+"?updateMask=maxPoints", `{"maxPoints":80}`)
	teacher := a.must("teacher", "GET", a.subPath(a.sub), "")
	var kinds []string
	for _, h := range teacher.get("submissionHistory").([]any) {
		g := h.(map[string]any)["gradeHistory"].(map[string]any)
		kinds = append(kinds, g["gradeChangeType"].(string))
		if g["actorUserId"] != teacherID || g["gradeTimestamp"] == nil {
			t.Errorf("grade history entry %v", g)
		}
	}
	want := []string{"DRAFT_GRADE_POINTS_EARNED_CHANGE", "ASSIGNED_GRADE_POINTS_EARNED_CHANGE", "MAX_POINTS_CHANGE"}
	if !slices.Equal(kinds, want) {
		t.Errorf("grade history %v, want %v", kinds, want)
	}
	if !teacher.is("submissionHistory.0.gradeHistory.maxPoints", "100") || !teacher.is("submissionHistory.2.gradeHistory.maxPoints", "80") {
		t.Errorf("maxPoints in the history: %s", teacher.Raw)
	}
	if teacher.str("state") != "NEW" || teacher.has("updateTime") {
		t.Errorf("grading a NEW submission: %s", teacher.Raw)
	}

	// Students see their assigned grade, never the draft one.
	student := a.must("student", "GET", a.subPath(a.sub), "")
	if student.has("draftGrade") || !student.is("assignedGrade", "75") || strings.Contains(student.Raw, "DRAFT_GRADE") {
		t.Errorf("the student sees: %s", student.Raw)
	}
	listed := a.must("student", "GET", a.workPath(a.work)+"/studentSubmissions", "")
	if listed.has("studentSubmissions.0.draftGrade") {
		t.Errorf("the student lists a draft grade: %s", listed.Raw)
	}
}
