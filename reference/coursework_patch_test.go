package reference

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestPatchCourseWorkRules(t *testing.T) {
	tests := []struct {
		name, mask, body string
		status           string
		check            map[string]string // path -> JSON value after the patch
	}{
		{"camelCase mask", "title,maxPoints", `{"title":"Second draft","maxPoints":50}`, "", map[string]string{"title": `"Second draft"`, "maxPoints": `50`}},
		{"snake_case mask", "max_points,due_date,due_time,submission_modification_mode",
			`{"maxPoints":10,"dueDate":{"year":2027,"month":5,"day":14},"dueTime":{"hours":16,"minutes":30},"submissionModificationMode":"MODIFIABLE"}`, "",
			map[string]string{"maxPoints": `10`, "dueDate": `{"year":2027,"month":5,"day":14}`, "dueTime": `{"hours":16,"minutes":30}`, "submissionModificationMode": `"MODIFIABLE"`}},
		{"fields outside the mask are left alone", "title", `{"title":"T","maxPoints":7}`, "", map[string]string{"maxPoints": `100`}},
		{"a description is cleared by the mask alone", "description", `{}`, "", map[string]string{"description": `null`}},
		{"maxPoints is cleared to ungraded", "maxPoints", `{}`, "", map[string]string{"maxPoints": `null`}},
		{"3000 characters is the maximum title", "title", `{"title":"` + strings.Repeat("é", 3000) + `"}`, "", nil},
		{"the mask may repeat a field", "title,title", `{"title":"T"}`, "", map[string]string{"title": `"T"`}},
		{"the mask may have spaces", "title, description", `{"title":"T","description":"D"}`, "", map[string]string{"description": `"D"`}},
		{"a title of 3001 characters is rejected", "title", `{"title":"` + strings.Repeat("é", 3001) + `"}`, "INVALID_ARGUMENT", nil},
		{"the title cannot be cleared", "title", `{"description":"no title"}`, "INVALID_ARGUMENT", nil},
		{"the state cannot be cleared", "state", `{}`, "INVALID_ARGUMENT", nil},
		{"the modification mode cannot be cleared", "submissionModificationMode", `{}`, "INVALID_ARGUMENT", nil},
		{"the mask is required", "", `{"title":"T"}`, "INVALID_ARGUMENT", nil},
		{"an empty mask is missing", ",", `{"title":"T"}`, "INVALID_ARGUMENT", nil},
		{"workType cannot be changed", "workType", `{"workType":"SHORT_ANSWER_QUESTION"}`, "INVALID_ARGUMENT", nil},
		{"work_type cannot be changed", "work_type", `{"workType":"SHORT_ANSWER_QUESTION"}`, "INVALID_ARGUMENT", nil},
		{"assigneeMode is for modifyAssignees", "assigneeMode", `{"assigneeMode":"INDIVIDUAL_STUDENTS"}`, "INVALID_ARGUMENT", nil},
		{"individualStudentsOptions is for modifyAssignees", "individualStudentsOptions", `{}`, "INVALID_ARGUMENT", nil},
		{"materials cannot be patched", "materials", `{"materials":[]}`, "INVALID_ARGUMENT", nil},
		{"id is read-only", "id", `{"id":"1"}`, "INVALID_ARGUMENT", nil},
		{"creationTime is read-only", "creationTime", `{}`, "INVALID_ARGUMENT", nil},
		{"an unknown field", "colour", `{}`, "INVALID_ARGUMENT", nil},
		{"a nested path", "dueDate.year", `{}`, "INVALID_ARGUMENT", nil},
		{"learning_goals is not in this revision", "learning_goals", `{}`, "INVALID_ARGUMENT", nil},
		{"maxPoints -1 is rejected", "maxPoints", `{"maxPoints":-1}`, "INVALID_ARGUMENT", nil},
		{"maxPoints 1.5 is rejected", "maxPoints", `{"maxPoints":1.5}`, "INVALID_ARGUMENT", nil},
		{"a due date cannot be left without a time", "dueDate", `{"dueDate":{"year":2027,"month":5,"day":14}}`, "INVALID_ARGUMENT", nil},
		{"a past due date is rejected", "dueDate,dueTime", `{"dueDate":{"year":2025,"month":5,"day":14},"dueTime":{}}`, "INVALID_ARGUMENT", nil},
		{"Apr 31 is rejected", "dueDate,dueTime", `{"dueDate":{"year":2027,"month":4,"day":31},"dueTime":{}}`, "INVALID_ARGUMENT", nil},
		{"published work cannot go back to draft", "state", `{"state":"DRAFT"}`, "FAILED_PRECONDITION", nil},
		{"published work cannot be scheduled", "scheduledTime", `{"scheduledTime":"2027-01-01T00:00:00Z"}`, "INVALID_ARGUMENT", nil},
		{"patch may delete", "state", `{"state":"DELETED"}`, "", map[string]string{"state": `"DELETED"`, "alternateLink": `null`}},
		{"no topic exists", "topicId", `{"topicId":"5"}`, "INVALID_ARGUMENT", nil},
		{"an empty topic clears it", "topicId,gradingPeriodId", `{}`, "", nil},
		{"a body that is not JSON", "title", `title: Essay`, "INVALID_ARGUMENT", nil},
		{"a body with an unknown field", "title", `{"title":"T","colour":"red"}`, "INVALID_ARGUMENT", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClassroom(t, Options{})
			id := c.published()
			before := c.must("teacher", "GET", c.workPath(id), "")
			path := c.workPath(id)
			if tt.mask != "" {
				path += "?updateMask=" + strings.ReplaceAll(tt.mask, " ", "%20")
			}
			r := c.do("teacher", "PATCH", path, tt.body)
			if tt.status != "" {
				wantError(t, r, 400, tt.status)
				assert.JSONEq(t, before.Raw, c.must("teacher", "GET", c.workPath(id), "").Raw, "a refused patch changed the work")
				return
			}
			if r.Code != 200 {
				t.Fatalf("got %d: %s", r.Code, r.Raw)
			}
			got := c.must("teacher", "GET", c.workPath(id), "")
			for path, want := range tt.check {
				if !got.is(path, want) || !r.is(path, want) {
					t.Errorf("%s = %v (answer %v), want %s", path, got.get(path), r.get(path), want)
				}
			}
			if got.str("updateTime") <= before.str("updateTime") {
				t.Errorf("updateTime %s did not move on from %s", got.str("updateTime"), before.str("updateTime"))
			}
		})
	}
}

func TestPatchCourseWorkStates(t *testing.T) {
	c := newClassroom(t, Options{})
	draft := c.work(`{"title":"D","workType":"ASSIGNMENT","scheduledTime":"2027-01-01T00:00:00Z"}`)
	r := c.must("teacher", "PATCH", c.workPath(draft)+"?updateMask=state", `{"state":"PUBLISHED"}`)
	if r.str("state") != "PUBLISHED" || !r.has("alternateLink") || r.has("scheduledTime") {
		t.Errorf("publishing a scheduled draft: %s", r.Raw)
	}
	wantError(t, c.do("teacher", "PATCH", c.workPath(draft)+"?updateMask=state", `{"state":"DRAFT"}`), 400, "FAILED_PRECONDITION")
	c.must("teacher", "PATCH", c.workPath(draft)+"?updateMask=state", `{"state":"PUBLISHED"}`) // no change is fine

	// A draft may be rescheduled or unscheduled.
	d2 := c.work(`{"title":"D","workType":"ASSIGNMENT"}`)
	if r := c.must("teacher", "PATCH", c.workPath(d2)+"?updateMask=scheduledTime", `{"scheduledTime":"2027-01-01T01:00:00+01:00"}`); r.str("scheduledTime") != "2027-01-01T00:00:00Z" {
		t.Errorf("scheduledTime %q", r.str("scheduledTime"))
	}
	if r := c.must("teacher", "PATCH", c.workPath(d2)+"?updateMask=scheduledTime", `{}`); r.has("scheduledTime") {
		t.Errorf("scheduledTime not cleared: %s", r.Raw)
	}
}

func TestPatchOverdueCourseWork(t *testing.T) {
	clock := newTestClock()
	c := newClassroom(t, Options{Now: clock.Now})
	id := c.work(`{"title":"T","workType":"ASSIGNMENT","state":"PUBLISHED","dueDate":{"year":2026,"month":1,"day":6},"dueTime":{"hours":9}}`)
	clock.Advance(48 * time.Hour)
	// The future rule applies to a due date being set, not to every patch of overdue work.
	c.must("teacher", "PATCH", c.workPath(id)+"?updateMask=title", `{"title":"Renamed"}`)
	wantError(t, c.do("teacher", "PATCH", c.workPath(id)+"?updateMask=dueTime", `{"dueTime":{"hours":10}}`), 400, "INVALID_ARGUMENT")
	c.must("teacher", "PATCH", c.workPath(id)+"?updateMask=dueDate,dueTime", `{}`) // clearing both is fine
}

func TestPatchCourseWorkAccess(t *testing.T) {
	c := newClassroom(t, Options{})
	id := c.published()
	tests := []struct {
		name, actor, path string
		code              int
		status, prefix    string
	}{
		{"a student cannot patch", "student", c.workPath(id), 403, "PERMISSION_DENIED", ""},
		{"an outsider cannot patch", "outsider", c.workPath(id), 403, "PERMISSION_DENIED", ""},
		{"another project cannot patch", "teacher via project B", c.workPath(id), 403, "PERMISSION_DENIED", "@ProjectPermissionDenied "},
		{"unknown work is NOT_FOUND", "teacher", c.workPath("999999999999"), 404, "NOT_FOUND", ""},
		{"an unknown course is NOT_FOUND", "teacher", "/v1/courses/999999999999/courseWork/" + id, 404, "NOT_FOUND", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.do(tt.actor, "PATCH", tt.path+"?updateMask=title", `{"title":"Changed"}`)
			wantError(t, r, tt.code, tt.status)
			if !strings.HasPrefix(r.str("error.message"), tt.prefix) {
				t.Errorf("message %q, want prefix %q", r.str("error.message"), tt.prefix)
			}
		})
	}
	if got := c.must("teacher", "GET", c.workPath(id), "").str("title"); got != "Essay" {
		t.Errorf("title after refused patches: %q", got)
	}
}
