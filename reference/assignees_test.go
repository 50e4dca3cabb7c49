package reference

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestModifyAssigneesRules(t *testing.T) {
	only := func(ids ...string) string {
		return `{"assigneeMode":"INDIVIDUAL_STUDENTS","modifyIndividualStudentsOptions":{"addStudentIds":["` + strings.Join(ids, `","`) + `"]}}`
	}
	tests := []struct {
		name   string
		steps  []string // bodies sent before the one under test, each must succeed
		body   string
		status string
		prefix string
		want   []string // assigned students afterwards; nil means ALL_STUDENTS
	}{
		{"assign one student", nil, only(studentID), "", "", []string{studentID}},
		{"assign by email", nil, only("other.student@school.example"), "", "", []string{otherStudentID}},
		{"duplicates count once", nil, only(studentID, studentID), "", "", []string{studentID}},
		{"add to the list", []string{only(studentID)}, only(otherStudentID), "", "", []string{studentID, otherStudentID}},
		{"remove from the list", []string{only(studentID, otherStudentID)},
			`{"assigneeMode":"INDIVIDUAL_STUDENTS","modifyIndividualStudentsOptions":{"removeStudentIds":["` + otherStudentID + `"]}}`, "", "", []string{studentID}},
		{"removing a student who is not assigned changes nothing", []string{only(studentID)},
			`{"assigneeMode":"INDIVIDUAL_STUDENTS","modifyIndividualStudentsOptions":{"removeStudentIds":["` + otherStudentID + `"]}}`, "", "", []string{studentID}},
		{"back to all students", []string{only(studentID)}, `{"assigneeMode":"ALL_STUDENTS"}`, "", "", nil},
		{"removing the last student is EmptyAssignees", []string{only(studentID)},
			`{"assigneeMode":"INDIVIDUAL_STUDENTS","modifyIndividualStudentsOptions":{"removeStudentIds":["` + studentID + `"]}}`, "FAILED_PRECONDITION", "@EmptyAssignees ", []string{studentID}},
		{"individual students without any is EmptyAssignees", nil, `{"assigneeMode":"INDIVIDUAL_STUDENTS"}`, "FAILED_PRECONDITION", "@EmptyAssignees ", nil},
		{"options with ALL_STUDENTS are rejected", nil,
			`{"assigneeMode":"ALL_STUDENTS","modifyIndividualStudentsOptions":{"addStudentIds":["` + studentID + `"]}}`, "INVALID_ARGUMENT", "", nil},
		{"the mode is required", nil, `{}`, "INVALID_ARGUMENT", "", nil},
		{"ASSIGNEE_MODE_UNSPECIFIED is no mode", nil, `{"assigneeMode":"ASSIGNEE_MODE_UNSPECIFIED"}`, "INVALID_ARGUMENT", "", nil},
		{"an unknown mode is malformed", nil, `{"assigneeMode":"EVERYONE"}`, "INVALID_ARGUMENT", "", nil},
		{"a user outside the course", nil, only(outsiderID), "INVALID_ARGUMENT", "", nil},
		{"the teacher is not a student", nil, only(teacherID), "INVALID_ARGUMENT", "", nil},
		{"an unknown user", nil, only("999"), "INVALID_ARGUMENT", "", nil},
		{"added and removed at once", nil,
			`{"assigneeMode":"INDIVIDUAL_STUDENTS","modifyIndividualStudentsOptions":{"addStudentIds":["` + studentID + `"],"removeStudentIds":["` + studentID + `"]}}`, "INVALID_ARGUMENT", "", nil},
		{"an unknown field", nil, `{"assigneeMode":"ALL_STUDENTS","colour":"red"}`, "INVALID_ARGUMENT", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClassroom(t, Options{})
			id := c.published()
			for _, b := range tt.steps {
				c.must("teacher", "POST", c.workPath(id)+":modifyAssignees", b)
			}
			r := c.do("teacher", "POST", c.workPath(id)+":modifyAssignees", tt.body)
			if tt.status != "" {
				wantError(t, r, 400, tt.status)
				if !strings.HasPrefix(r.str("error.message"), tt.prefix) {
					t.Errorf("message %q, want prefix %q", r.str("error.message"), tt.prefix)
				}
			} else if r.Code != 200 || r.str("id") != id || r.str("courseId") != c.course {
				t.Fatalf("got %d: %s", r.Code, r.Raw)
			}
			got := c.must("teacher", "GET", c.workPath(id), "")
			ids, _ := got.get("individualStudentsOptions.studentIds").([]any)
			var assigned []string
			for _, x := range ids {
				assigned = append(assigned, x.(string))
			}
			mode := "INDIVIDUAL_STUDENTS"
			if tt.want == nil {
				mode = "ALL_STUDENTS"
			}
			if got.str("assigneeMode") != mode || !slices.Equal(assigned, tt.want) {
				t.Errorf("assigned %s %v, want %s %v", got.str("assigneeMode"), assigned, mode, tt.want)
			}
		})
	}
}

func TestModifyAssigneesSubmissions(t *testing.T) {
	c := newClassroom(t, Options{})
	id := c.published()
	subs := func(actor string) []string {
		return c.must(actor, "GET", c.workPath(id)+"/studentSubmissions", "").strs("studentSubmissions", "userId")
	}
	c.must("teacher", "POST", c.workPath(id)+":modifyAssignees",
		`{"assigneeMode":"INDIVIDUAL_STUDENTS","modifyIndividualStudentsOptions":{"addStudentIds":["`+studentID+`"]}}`)
	assert.Equal(t, []string{studentID}, subs("teacher"), "submissions of assigned students")
	wantError(t, c.do("other student", "GET", c.workPath(id), ""), 404, "NOT_FOUND")
	before := c.must("student", "GET", c.workPath(id)+"/studentSubmissions", "").text("studentSubmissions.0.id")
	c.must("teacher", "POST", c.workPath(id)+":modifyAssignees", `{"assigneeMode":"ALL_STUDENTS"}`)
	assert.Equal(t, []string{studentID, otherStudentID}, subs("teacher"), "submissions after assigning all")
	if after := c.must("student", "GET", c.workPath(id)+"/studentSubmissions", "").text("studentSubmissions.0.id"); after != before {
		t.Errorf("the student's submission changed from %s to %s", before, after)
	}
}

func TestModifyAssigneesAccess(t *testing.T) {
	body := `{"assigneeMode":"INDIVIDUAL_STUDENTS","modifyIndividualStudentsOptions":{"addStudentIds":["` + studentID + `"]}}`
	tests := []struct {
		name, actor string
		behaviour   Behaviour
		code        int
		status      string
		prefix      string
	}{
		{"a student cannot modify assignees", "student", Behaviour{}, 403, "PERMISSION_DENIED", ""},
		{"an outsider cannot modify assignees", "outsider", Behaviour{}, 403, "PERMISSION_DENIED", ""},
		{"another project may, by default", "teacher via project B", Behaviour{}, 200, "", ""},
		{"another project may not, with the project rule", "teacher via project B", Behaviour{ModifyAssigneesProjectRule: true}, 403, "PERMISSION_DENIED", "@ProjectPermissionDenied "},
		{"the creating project may, with the project rule", "teacher", Behaviour{ModifyAssigneesProjectRule: true}, 200, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClassroom(t, Options{Behaviour: tt.behaviour})
			id := c.published()
			r := c.do(tt.actor, "POST", c.workPath(id)+":modifyAssignees", body)
			if tt.status == "" {
				if r.Code != 200 || r.str("assigneeMode") != "INDIVIDUAL_STUDENTS" {
					t.Fatalf("got %d: %s", r.Code, r.Raw)
				}
				return
			}
			wantError(t, r, tt.code, tt.status)
			if !strings.HasPrefix(r.str("error.message"), tt.prefix) {
				t.Errorf("message %q, want prefix %q", r.str("error.message"), tt.prefix)
			}
		})
	}
	c := newClassroom(t, Options{})
	wantError(t, c.do("teacher", "POST", c.workPath("999999999999")+":modifyAssignees", `{"assigneeMode":"ALL_STUDENTS"}`), 404, "NOT_FOUND")
	wantError(t, c.do("teacher", "POST", "/v1/courses/999999999999/courseWork/1:modifyAssignees", `{"assigneeMode":"ALL_STUDENTS"}`), 404, "NOT_FOUND")
}

func TestStudentWhoLeavesAndReturnsKeepsTheirWork(t *testing.T) {
	c := newClassroom(t, Options{})
	id := c.work(`{"title":"Extra","workType":"ASSIGNMENT","state":"PUBLISHED","assigneeMode":"INDIVIDUAL_STUDENTS","individualStudentsOptions":{"studentIds":["` + studentID + `","` + otherStudentID + `"]}}`)
	sub := c.must("student", "GET", c.workPath(id)+"/studentSubmissions", "").text("studentSubmissions.0.id")
	c.must("student", "POST", c.workPath(id)+"/studentSubmissions/"+sub+":turnIn", "")
	c.must("teacher", "DELETE", "/v1/courses/"+c.course+"/students/"+studentID, "")

	r := c.must("teacher", "GET", c.workPath(id), "")
	if !r.is("individualStudentsOptions.studentIds", `["`+otherStudentID+`"]`) {
		t.Errorf("a student who left is still shown: %v", r.get("individualStudentsOptions"))
	}
	wantError(t, c.do("teacher", "GET", c.workPath(id)+"/studentSubmissions/"+sub, ""), 404, "NOT_FOUND")
	// Removing the student who left is allowed; removing the last enrolled one is not.
	wantError(t, c.do("teacher", "POST", c.workPath(id)+":modifyAssignees",
		`{"assigneeMode":"INDIVIDUAL_STUDENTS","modifyIndividualStudentsOptions":{"removeStudentIds":["`+otherStudentID+`"]}}`), 400, "FAILED_PRECONDITION")

	c.must("teacher", "POST", "/v1/courses/"+c.course+"/students", `{"userId":"`+studentID+`"}`)
	got := c.must("student", "GET", c.workPath(id)+"/studentSubmissions/"+sub, "")
	if got.str("state") != "TURNED_IN" {
		t.Errorf("the returning student's submission: %s", got.Raw)
	}
}
