package reference

import (
	"encoding/base64"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The tests in this file hold the shapes Google's answers are observed to have (the catalogue's
// observed rules) to the examples they were observed in.

func TestSubmissionIDIsGooglesProtobufKey(t *testing.T) {
	assert.Equal(t, "CgsI9f2LMxCrkKutew", submissionID(107151093, "33112639531"))
	raw, err := base64.RawURLEncoding.DecodeString(submissionID(700001007922, "700002015844"))
	require.NoError(t, err)
	assert.Equal(t, byte(0x0a), raw[0], "field 1, an embedded message")
	assert.Equal(t, len(raw)-2, int(raw[1]), "the embedded message fills the rest")
}

func TestLinkIDIsBase64OfTheDigitsPaddedWithZ(t *testing.T) {
	tests := map[string]string{
		"33112639531":  "MzMxMTI2Mzk1MzFa",
		"107151093":    "MTA3MTUxMDkz",
		"700001007922": "NzAwMDAxMDA3OTIy",
		"1234567":      "MTIzNDU2N1pa",
	}
	for id, want := range tests {
		assert.Equal(t, want, linkID(id), id)
		assert.NotContains(t, linkID(id), "=")
	}
}

func TestTimestampsHaveThreeFractionalDigits(t *testing.T) {
	at := time.Date(2019, 3, 27, 15, 49, 8, 976543210, time.FixedZone("x", 9*3600))
	assert.Equal(t, "2019-03-27T06:49:08.976Z", timestamp(at))
	assert.Equal(t, "2019-03-27T06:49:08.000Z", timestamp(at.Truncate(time.Second)))
}

func TestCourseShapes(t *testing.T) {
	h := newHarness(t, Options{})
	co := h.must("teacher", "POST", "/v1/courses", `{"name":"Year 9 Biology","section":"Group B","ownerId":"me","courseState":"ACTIVE"}`)
	assert.Equal(t, "Year 9 Biology Group B", co.str("descriptionHeading"))
	assert.Equal(t, false, co.Body["guardiansEnabled"])
	assert.Equal(t, map[string]any{"calculationType": "TOTAL_POINTS", "displaySetting": "HIDE_OVERALL_GRADE"}, co.Body["gradebookSettings"])
	assert.Regexp(t, `^Year_9_Biology_teachers_[0-9a-f]{8}@`, co.str("teacherGroupEmail"))
	assert.Regexp(t, `^Year_9_Biology_[0-9a-f]{8}@`, co.str("courseGroupEmail"))
	assert.Regexp(t, `^classroom[0-9]{21}@group\.calendar\.google\.com$`, co.str("calendarId"))
	assert.Equal(t, "https://classroom.google.com/c/"+linkID(co.str("id")), co.str("alternateLink"))

	named := h.must("teacher", "POST", "/v1/courses", `{"name":"Chemistry","descriptionHeading":"Welcome","ownerId":"me"}`)
	assert.Equal(t, "Welcome", named.str("descriptionHeading"), "a heading given is kept")
	plain := h.must("teacher", "POST", "/v1/courses", `{"name":"Physics","ownerId":"me"}`)
	assert.Equal(t, "Physics", plain.str("descriptionHeading"))
}

func TestCourseWorkLinksFollowTheWorkType(t *testing.T) {
	c := newClassroom(t, Options{})
	for workType, segment := range map[string]string{"ASSIGNMENT": "a", "SHORT_ANSWER_QUESTION": "sa", "MULTIPLE_CHOICE_QUESTION": "mc"} {
		body := `{"title":"Q","workType":"` + workType + `","state":"PUBLISHED"`
		if workType == "MULTIPLE_CHOICE_QUESTION" {
			body += `,"multipleChoiceQuestion":{"choices":["yes","no"]}`
		}
		w := c.must("teacher", "POST", "/v1/courses/"+c.course+"/courseWork", body+"}")
		want := "https://classroom.google.com/c/" + linkID(c.course) + "/" + segment + "/" + linkID(w.str("id"))
		assert.Equal(t, want+"/details", w.str("alternateLink"), workType)

		subs := c.must("teacher", "GET", c.workPath(w.str("id"))+"/studentSubmissions", "")
		list, _ := subs.Body["studentSubmissions"].([]any)
		require.NotEmpty(t, list, workType)
		sub := list[0].(map[string]any)
		raw, err := base64.RawURLEncoding.DecodeString(sub["id"].(string))
		require.NoError(t, err)
		n, cw := decodeSubmissionKey(t, raw)
		assert.Equal(t, w.str("id"), strconv.FormatUint(cw, 10))
		assert.Regexp(t, `^[0-9]{6,13}$`, strconv.FormatUint(n, 10))
		assert.Equal(t, want+"/submissions/by-status/and-sort-last-name/student/"+linkID(strconv.FormatUint(n, 10)), sub["alternateLink"], workType)
		assert.Equal(t, map[string]any{}, sub["assignmentSubmission"], "a NEW submission has an empty assignmentSubmission")
		assert.NotContains(t, sub, "late")
	}
}

// decodeSubmissionKey reads {1: {1: n, 2: courseWorkId}} from a submission id.
func decodeSubmissionKey(t *testing.T, raw []byte) (n, courseWork uint64) {
	t.Helper()
	require.GreaterOrEqual(t, len(raw), 4)
	require.Equal(t, []byte{0x0a, byte(len(raw) - 2), 0x08}, raw[:3])
	var i int
	n, i = uvarint(raw[3:])
	rest := raw[3+i:]
	require.Equal(t, byte(0x10), rest[0])
	courseWork, _ = uvarint(rest[1:])
	return n, courseWork
}

func uvarint(b []byte) (uint64, int) {
	var v uint64
	for i, c := range b {
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			return v, i + 1
		}
	}
	return v, len(b)
}

func TestStudentWorkFolderHasOnlyAnID(t *testing.T) {
	c := newClassroom(t, Options{})
	w := c.must("teacher", "GET", c.workPath(c.published()), "")
	folder, ok := w.Body["assignment"].(map[string]any)["studentWorkFolder"].(map[string]any)
	require.True(t, ok, w.Raw)
	assert.Len(t, folder, 1)
	assert.NotEmpty(t, folder["id"])
}

func TestSubmissionTimestampsAndHistory(t *testing.T) {
	a := newAssignment(t, Options{})
	a.act("student", "turnIn")
	r := a.must("student", "GET", a.subPath(a.sub), "")
	ms := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)
	assert.Regexp(t, ms, r.str("creationTime"))
	assert.Regexp(t, ms, r.str("updateTime"))
	history := r.Body["submissionHistory"].([]any)
	first := history[0].(map[string]any)["stateHistory"].(map[string]any)
	assert.Equal(t, "CREATED", first["state"])
	assert.Equal(t, studentID, first["actorUserId"])
	assert.Regexp(t, ms, first["stateTimestamp"])
}

func TestJSONArrayBodyIsNotAMessage(t *testing.T) {
	c := newClassroom(t, Options{})
	r := c.do("teacher", "POST", "/v1/courses/"+c.course+"/courseWork", `[{"title":"x"}]`)
	wantError(t, r, 400, "INVALID_ARGUMENT")
	assert.Equal(t, `Invalid JSON payload received. Unknown name "": Root element must be a message.`, r.str("error.message"))
}

func TestDeletedWorkNotFound(t *testing.T) {
	for _, gone := range []bool{false, true} {
		c := newClassroom(t, Options{Behaviour: Behaviour{DeletedWorkNotFound: gone}})
		id := c.published()
		c.must("teacher", "DELETE", c.workPath(id), "")
		list := c.must("teacher", "GET", "/v1/courses/"+c.course+"/courseWork?courseWorkStates=DELETED", "")
		if gone {
			wantError(t, c.do("teacher", "GET", c.workPath(id), ""), 404, "NOT_FOUND")
			wantError(t, c.do("teacher", "DELETE", c.workPath(id), ""), 404, "NOT_FOUND")
			wantError(t, c.do("teacher", "PATCH", c.workPath(id)+"?updateMask=title", `{"title":"x"}`), 404, "NOT_FOUND")
			assert.NotContains(t, list.Raw, id)
		} else {
			assert.Equal(t, "DELETED", c.must("teacher", "GET", c.workPath(id), "").str("state"))
			wantError(t, c.do("teacher", "DELETE", c.workPath(id), ""), 400, "FAILED_PRECONDITION")
			assert.Contains(t, list.Raw, id)
		}
		wantError(t, c.do("student", "GET", c.workPath(id), ""), 404, "NOT_FOUND")
	}
}

func TestEveryChangeAdvancesUpdateTime(t *testing.T) {
	at := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	clock := millisecondClock(func() time.Time { return at.Add(400 * time.Microsecond) })
	assert.Equal(t, at, clock(), "read to the millisecond")
	assert.Equal(t, at.Add(time.Millisecond), clock(), "never the same time twice")
	readings := []time.Time{at, at.Add(-time.Second)}
	behind := millisecondClock(func() time.Time { r := readings[0]; readings = readings[1:]; return r })
	assert.Equal(t, at, behind())
	assert.Equal(t, at.Add(time.Millisecond), behind(), "a clock set back gives no earlier time")

	frozen := func() time.Time { return at }
	c := newClassroom(t, Options{Now: frozen})
	id := c.published()
	before := c.must("teacher", "GET", c.workPath(id), "").str("updateTime")
	after := c.must("teacher", "PATCH", c.workPath(id)+"?updateMask=title", `{"title":"Renamed"}`).str("updateTime")
	assert.Greater(t, after, before, "a patch within the same millisecond still moves updateTime")
}
