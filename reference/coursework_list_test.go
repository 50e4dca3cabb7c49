package reference

import (
	"fmt"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestListCourseWorkStates(t *testing.T) {
	c := newClassroom(t, Options{})
	published := c.published()
	draft := c.work(`{"title":"Draft","workType":"ASSIGNMENT"}`)
	deleted := c.published()
	c.must("teacher", "DELETE", c.workPath(deleted), "")
	base := "/v1/courses/" + c.course + "/courseWork"

	tests := []struct {
		name, actor, query string
		want               []string
	}{
		{"unspecified states mean PUBLISHED", "teacher", "", []string{published}},
		{"COURSE_WORK_STATE_UNSPECIFIED means PUBLISHED", "teacher", "?courseWorkStates=COURSE_WORK_STATE_UNSPECIFIED", []string{published}},
		{"drafts on request", "teacher", "?courseWorkStates=DRAFT", []string{draft}},
		{"deleted work on request", "teacher", "?courseWorkStates=DELETED", []string{deleted}},
		{"several states", "teacher", "?courseWorkStates=DRAFT&courseWorkStates=PUBLISHED", []string{draft, published}},
		{"proto name of the parameter", "teacher", "?course_work_states=DRAFT", []string{draft}},
		{"a student sees published work", "student", "", []string{published}},
		{"a student asking for drafts gets none", "student", "?courseWorkStates=DRAFT&courseWorkStates=DELETED", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.must(tt.actor, "GET", base+tt.query, "").strs("courseWork", "id")
			if !slices.Equal(got, tt.want) {
				t.Errorf("listed %v, want %v", got, tt.want)
			}
		})
	}
}

func TestListCourseWorkOrder(t *testing.T) {
	c := newClassroom(t, Options{})
	march := c.work(`{"title":"March","workType":"ASSIGNMENT","state":"PUBLISHED","dueDate":{"year":2027,"month":3,"day":1},"dueTime":{"hours":12}}`)
	none := c.work(`{"title":"None","workType":"ASSIGNMENT","state":"PUBLISHED"}`)
	sept := c.work(`{"title":"September","workType":"ASSIGNMENT","state":"PUBLISHED","dueDate":{"year":2027,"month":9,"day":1},"dueTime":{"hours":12}}`)
	june := c.work(`{"title":"June","workType":"ASSIGNMENT","state":"PUBLISHED","dueDate":{"year":2027,"month":6,"day":1},"dueTime":{"hours":12}}`)
	// Updating March makes it the most recently updated.
	c.must("teacher", "PATCH", c.workPath(march)+"?updateMask=description", `{"description":"updated"}`)

	tests := []struct {
		name, orderBy string
		want          []string
		status        string
	}{
		{"updateTime desc is the default", "", []string{march, june, sept, none}, ""},
		{"updateTime desc", "updateTime desc", []string{march, june, sept, none}, ""},
		{"updateTime asc", "updateTime asc", []string{none, sept, june, march}, ""},
		{"a field without a direction sorts ascending", "updateTime", []string{none, sept, june, march}, ""},
		{"dueDate asc puts undated work last", "dueDate asc", []string{march, june, sept, none}, ""},
		{"dueDate desc puts undated work last", "dueDate desc", []string{sept, june, march, none}, ""},
		{"dueDate without a direction", "dueDate", []string{march, june, sept, none}, ""},
		{"two keys", "dueDate desc,updateTime asc", []string{sept, june, march, none}, ""},
		{"proto field names", "due_date asc", []string{march, june, sept, none}, ""},
		{"title is not supported", "title", nil, "INVALID_ARGUMENT"},
		{"creationTime is not supported", "creationTime asc", nil, "INVALID_ARGUMENT"},
		{"an unknown direction", "dueDate upwards", nil, "INVALID_ARGUMENT"},
		{"a field given twice", "dueDate,dueDate desc", nil, "INVALID_ARGUMENT"},
		{"an empty item", "dueDate,", nil, "INVALID_ARGUMENT"},
		{"three words", "dueDate asc desc", nil, "INVALID_ARGUMENT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := "/v1/courses/" + c.course + "/courseWork"
			if tt.orderBy != "" {
				path += "?orderBy=" + url.QueryEscape(tt.orderBy)
			}
			r := c.do("teacher", "GET", path, "")
			if tt.status != "" {
				wantError(t, r, 400, tt.status)
				return
			}
			if got := r.strs("courseWork", "id"); !slices.Equal(got, tt.want) {
				t.Errorf("order %v, want %v", got, tt.want)
			}
		})
	}
}

func TestListCourseWorkPaging(t *testing.T) {
	c := newClassroom(t, Options{})
	var created []string
	for i := 0; i < 5; i++ {
		created = append(created, c.work(fmt.Sprintf(`{"title":"Week %d","workType":"ASSIGNMENT","state":"PUBLISHED"}`, i+1)))
	}
	base := "/v1/courses/" + c.course + "/courseWork?orderBy=updateTime%20asc"

	var seen []string
	token := ""
	for pages := 1; ; pages++ {
		path := base + "&pageSize=2"
		if token != "" {
			path += "&pageToken=" + url.QueryEscape(token)
		}
		r := c.must("teacher", "GET", path, "")
		seen = append(seen, r.strs("courseWork", "id")...)
		token = r.str("nextPageToken")
		if token == "" {
			if pages != 3 {
				t.Errorf("%d pages, want 3", pages)
			}
			break
		}
		if pages > 3 {
			t.Fatalf("more than 3 pages: %v", seen)
		}
	}
	if !slices.Equal(seen, created) {
		t.Errorf("pages listed %v, want %v", seen, created)
	}

	first := c.must("teacher", "GET", base+"&pageSize=2", "")
	tok := url.QueryEscape(first.str("nextPageToken"))
	tests := []struct {
		name, path, status string
	}{
		{"the page size may change between pages", base + "&pageSize=3&pageToken=" + tok, ""},
		{"a token from a request with other filters", base + "&courseWorkStates=DRAFT&pageToken=" + tok, "INVALID_ARGUMENT"},
		{"a token from a request with another order", "/v1/courses/" + c.course + "/courseWork?pageToken=" + tok, "INVALID_ARGUMENT"},
		{"a token of another user", base + "&pageToken=" + tok, "INVALID_ARGUMENT"},
		{"a token the server never issued", base + "&pageToken=not-a-page-token", "INVALID_ARGUMENT"},
		{"a negative page size", base + "&pageSize=-1", "INVALID_ARGUMENT"},
		{"a page size that is text", base + "&pageSize=ten", "INVALID_ARGUMENT"},
		{"an unknown state", base + "&courseWorkStates=FINISHED", "INVALID_ARGUMENT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			actor := "teacher"
			if tt.name == "a token of another user" {
				actor = "student"
			}
			r := c.do(actor, "GET", tt.path, "")
			if tt.status == "" {
				if r.Code != 200 || len(r.strs("courseWork", "id")) != 3 || r.has("nextPageToken") {
					t.Fatalf("got %d: %s", r.Code, r.Raw)
				}
				return
			}
			wantError(t, r, 400, tt.status)
		})
	}
}

func TestListCourseWorkAccess(t *testing.T) {
	c := newClassroom(t, Options{})
	r := c.must("teacher", "GET", "/v1/courses/"+c.course+"/courseWork", "")
	if r.Raw != "{}\n" {
		t.Errorf("an empty list answered %q, want {}", r.Raw)
	}
	wantError(t, c.do("outsider", "GET", "/v1/courses/"+c.course+"/courseWork", ""), 403, "PERMISSION_DENIED")
	wantError(t, c.do("teacher", "GET", "/v1/courses/999999999999/courseWork", ""), 404, "NOT_FOUND")

	mine := c.work(`{"title":"Extra","workType":"ASSIGNMENT","state":"PUBLISHED","assigneeMode":"INDIVIDUAL_STUDENTS","individualStudentsOptions":{"studentIds":["` + studentID + `"]}}`)
	assert.Equal(t, []string{mine}, c.must("student", "GET", "/v1/courses/"+c.course+"/courseWork", "").strs("courseWork", "id"), "the assigned student's list")
	if got := c.must("other student", "GET", "/v1/courses/"+c.course+"/courseWork", "").strs("courseWork", "id"); len(got) != 0 {
		t.Errorf("an unassigned student lists %v", got)
	}
}

func TestScheduledDraftIsPublishedWhenItsTimeComes(t *testing.T) {
	clock := newTestClock()
	c := newClassroom(t, Options{Now: clock.Now})
	id := c.work(`{"title":"Soon","workType":"ASSIGNMENT","state":"DRAFT","scheduledTime":"2026-01-05T10:00:01+01:00"}`)
	if got := c.must("teacher", "GET", c.workPath(id), ""); got.str("state") != "DRAFT" || got.str("scheduledTime") != "2026-01-05T09:00:01Z" {
		t.Fatalf("before its time, in UTC: %s", got.Raw)
	}
	wantError(t, c.do("student", "GET", c.workPath(id), ""), 404, "NOT_FOUND")
	clock.Advance(2 * time.Second)
	got := c.must("student", "GET", c.workPath(id), "")
	assert.Equal(t, "PUBLISHED", got.str("state"), got.Raw)
	assert.False(t, got.has("scheduledTime"), got.Raw)
	assert.Equal(t, "2026-01-05T09:00:01.000Z", got.str("updateTime"), "published at its scheduled time, with milliseconds")
	assert.True(t, got.has("alternateLink"), got.Raw)
}
