package reference

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// status is the status of an error, or "" for none.
func status(err *APIError) string {
	if err == nil {
		return ""
	}
	return err.Status
}

func TestValidateTitle(t *testing.T) {
	tests := []struct{ name, title, want string }{
		{"3000 characters is the maximum", strings.Repeat("é", 3000), ""},
		{"3001 characters is rejected", strings.Repeat("é", 3001), "INVALID_ARGUMENT"},
		{"characters are counted, not bytes", strings.Repeat("語", 3000), ""},
		{"one character is the minimum", "x", ""},
		{"the empty title is rejected", "", "INVALID_ARGUMENT"},
		{"invalid UTF-8 is rejected", "a\xffb", "INVALID_ARGUMENT"},
	}
	for _, tt := range tests {
		if got := status(validateTitle(tt.title)); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestValidateDescription(t *testing.T) {
	tests := []struct{ name, desc, want string }{
		{"30,000 characters is the maximum", strings.Repeat("é", 30000), ""},
		{"30,001 characters is rejected", strings.Repeat("é", 30001), "INVALID_ARGUMENT"},
		{"the description is optional", "", ""},
		{"invalid UTF-8 is rejected", "\xc3", "INVALID_ARGUMENT"},
	}
	for _, tt := range tests {
		if got := status(validateDescription(tt.desc)); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestValidateMaterials(t *testing.T) {
	link := func(url string) Material { return Material{Link: &Link{URL: url}} }
	n := func(k int) []Material {
		out := make([]Material, k)
		for i := range out {
			out[i] = link("https://example.com/")
		}
		return out
	}
	tests := []struct {
		name string
		ms   []Material
		want string
	}{
		{"20 materials is the maximum", n(20), ""},
		{"21 materials are rejected", n(21), "INVALID_ARGUMENT"},
		{"no materials", nil, ""},
		{"a link of 2024 characters", []Material{link(strings.Repeat("é", 2024))}, ""},
		{"a link of 2025 characters", []Material{link(strings.Repeat("é", 2025))}, "INVALID_ARGUMENT"},
		{"an empty link", []Material{link("")}, "INVALID_ARGUMENT"},
		{"nothing set", []Material{{}}, "INVALID_ARGUMENT"},
		{"two kinds set", []Material{{Link: &Link{URL: "u"}, YoutubeVideo: &YouTubeVideo{ID: "v"}}}, "INVALID_ARGUMENT"},
		{"a form", []Material{{Form: &Form{FormURL: "u"}}}, "INVALID_ARGUMENT"},
		{"a gem", []Material{{Gem: json.RawMessage(`{}`)}}, "INVALID_ARGUMENT"},
		{"a notebook", []Material{{Notebook: json.RawMessage(`{}`)}}, "INVALID_ARGUMENT"},
		{"a Drive file without id", []Material{{DriveFile: &SharedDriveFile{}}}, "INVALID_ARGUMENT"},
		{"a Drive file", []Material{{DriveFile: &SharedDriveFile{DriveFile: &DriveFile{ID: "f"}}}}, ""},
		{"a video without id", []Material{{YoutubeVideo: &YouTubeVideo{}}}, "INVALID_ARGUMENT"},
	}
	for _, tt := range tests {
		if got := status(validateMaterials(tt.ms)); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestValidateDue(t *testing.T) {
	d := func(y, m, day int32) *Date { return &Date{Year: y, Month: m, Day: day} }
	tod := func(h, m, s, n int32) *TimeOfDay { return &TimeOfDay{Hours: h, Minutes: m, Seconds: s, Nanos: n} }
	noon := tod(12, 0, 0, 0)
	tests := []struct {
		name string
		date *Date
		time *TimeOfDay
		want string
	}{
		{"neither is fine", nil, nil, ""},
		{"a date needs a time", d(2027, 6, 1), nil, "INVALID_ARGUMENT"},
		{"a time needs a date", nil, noon, "INVALID_ARGUMENT"},
		{"Feb 29 in a leap year", d(2028, 2, 29), noon, ""},
		{"Feb 29 in a common year", d(2027, 2, 29), noon, "INVALID_ARGUMENT"},
		{"Feb 29 2000, divisible by 400", d(2000, 2, 29), noon, ""},
		{"Feb 29 2100, divisible by 100", d(2100, 2, 29), noon, "INVALID_ARGUMENT"},
		{"Apr 30", d(2027, 4, 30), noon, ""},
		{"Apr 31", d(2027, 4, 31), noon, "INVALID_ARGUMENT"},
		{"Jan 31", d(2027, 1, 31), noon, ""},
		{"day 32", d(2027, 1, 32), noon, "INVALID_ARGUMENT"},
		{"day 0", d(2027, 1, 0), noon, "INVALID_ARGUMENT"},
		{"month 13", d(2027, 13, 1), noon, "INVALID_ARGUMENT"},
		{"month 0", d(2027, 0, 1), noon, "INVALID_ARGUMENT"},
		{"month -1", d(2027, -1, 1), noon, "INVALID_ARGUMENT"},
		{"year 1", d(1, 1, 1), noon, ""},
		{"year 9999", d(9999, 12, 31), noon, ""},
		{"year 0", d(0, 1, 1), noon, "INVALID_ARGUMENT"},
		{"year 10000", d(10000, 1, 1), noon, "INVALID_ARGUMENT"},
		{"23:59:59.999999999", d(2027, 1, 1), tod(23, 59, 59, 999_999_999), ""},
		{"midnight", d(2027, 1, 1), tod(0, 0, 0, 0), ""},
		{"hour 24", d(2027, 1, 1), tod(24, 0, 0, 0), "INVALID_ARGUMENT"},
		{"hour -1", d(2027, 1, 1), tod(-1, 0, 0, 0), "INVALID_ARGUMENT"},
		{"minute 60", d(2027, 1, 1), tod(1, 60, 0, 0), "INVALID_ARGUMENT"},
		{"second 60", d(2027, 1, 1), tod(1, 0, 60, 0), "INVALID_ARGUMENT"},
		{"a billion nanos", d(2027, 1, 1), tod(1, 0, 0, 1_000_000_000), "INVALID_ARGUMENT"},
		{"negative nanos", d(2027, 1, 1), tod(1, 0, 0, -1), "INVALID_ARGUMENT"},
	}
	for _, tt := range tests {
		if got := status(validateDue(tt.date, tt.time)); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestValidateDueInFuture(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	date := &Date{Year: 2026, Month: 3, Day: 1}
	tests := []struct {
		name string
		tod  *TimeOfDay
		want string
	}{
		{"one nanosecond later is the future", &TimeOfDay{Hours: 12, Nanos: 1}, ""},
		{"now is not the future", &TimeOfDay{Hours: 12}, "INVALID_ARGUMENT"},
		{"earlier is the past", &TimeOfDay{Hours: 11, Minutes: 59}, "INVALID_ARGUMENT"},
	}
	for _, tt := range tests {
		if got := status(validateDueInFuture(date, tt.tod, now)); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestValidateMaxPoints(t *testing.T) {
	tests := []struct {
		points float64
		want   string
	}{
		{0, ""}, {1, ""}, {100, ""}, {1e15, ""},
		{-1, "INVALID_ARGUMENT"}, {1.5, "INVALID_ARGUMENT"}, {0.01, "INVALID_ARGUMENT"},
		{math.Inf(1), "INVALID_ARGUMENT"}, {math.NaN(), "INVALID_ARGUMENT"},
	}
	for _, tt := range tests {
		if got := status(validateMaxPoints(tt.points)); got != tt.want {
			t.Errorf("maxPoints %v: got %q, want %q", tt.points, got, tt.want)
		}
	}
}

func TestValidateDetailsAndAssignees(t *testing.T) {
	q := func(choices ...string) *MultipleChoiceQuestion { return &MultipleChoiceQuestion{Choices: choices} }
	details := []struct {
		name, workType string
		q              *MultipleChoiceQuestion
		want           string
	}{
		{"a question with choices", "MULTIPLE_CHOICE_QUESTION", q("a", "b"), ""},
		{"a question without details", "MULTIPLE_CHOICE_QUESTION", nil, "INVALID_ARGUMENT"},
		{"a question without choices", "MULTIPLE_CHOICE_QUESTION", q(), "INVALID_ARGUMENT"},
		{"an empty choice", "MULTIPLE_CHOICE_QUESTION", q("a", ""), "INVALID_ARGUMENT"},
		{"an assignment with choices", "ASSIGNMENT", q("a"), "INVALID_ARGUMENT"},
		{"a short answer with an empty question", "SHORT_ANSWER_QUESTION", q(), "INVALID_ARGUMENT"},
		{"an assignment", "ASSIGNMENT", nil, ""},
	}
	for _, tt := range details {
		if got := status(validateDetails(tt.workType, tt.q)); got != tt.want {
			t.Errorf("details, %s: got %q, want %q", tt.name, got, tt.want)
		}
	}
	opts := func(ids ...string) *IndividualStudentsOptions { return &IndividualStudentsOptions{StudentIDs: ids} }
	assignees := []struct {
		name, mode string
		opts       *IndividualStudentsOptions
		want       string
	}{
		{"all students", "ALL_STUDENTS", nil, ""},
		{"all students with empty options", "ALL_STUDENTS", opts(), ""},
		{"all students with ids", "ALL_STUDENTS", opts("1"), "INVALID_ARGUMENT"},
		{"individual students with ids", "INDIVIDUAL_STUDENTS", opts("1"), ""},
		{"individual students without options", "INDIVIDUAL_STUDENTS", nil, "INVALID_ARGUMENT"},
		{"individual students with an empty id", "INDIVIDUAL_STUDENTS", opts(""), "INVALID_ARGUMENT"},
		{"an unknown mode", "SOME_STUDENTS", nil, "INVALID_ARGUMENT"},
	}
	for _, tt := range assignees {
		if got := status(validateAssigneeOptions(tt.mode, tt.opts)); got != tt.want {
			t.Errorf("assignees, %s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestValidateScheduledTime(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct{ name, state, at, want string }{
		{"a future schedule of a draft", "DRAFT", "2026-03-01T12:00:01Z", ""},
		{"an offset is accepted", "DRAFT", "2026-03-01T13:00:01+01:00", ""},
		{"no schedule", "PUBLISHED", "", ""},
		{"a schedule of published work", "PUBLISHED", "2027-01-01T00:00:00Z", "INVALID_ARGUMENT"},
		{"a schedule that is now", "DRAFT", "2026-03-01T12:00:00Z", "INVALID_ARGUMENT"},
		{"a schedule that is not a timestamp", "DRAFT", "tomorrow", "INVALID_ARGUMENT"},
	}
	for _, tt := range tests {
		if got := status(validateScheduledTime(tt.state, tt.at, now)); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestWorkStateChange(t *testing.T) {
	tests := []struct{ from, to, want string }{
		{"DRAFT", "PUBLISHED", ""},
		{"DRAFT", "DRAFT", ""},
		{"DRAFT", "DELETED", ""},
		{"PUBLISHED", "DELETED", ""},
		{"PUBLISHED", "PUBLISHED", ""},
		{"PUBLISHED", "DRAFT", "FAILED_PRECONDITION"},
		{"DRAFT", "ARCHIVED", "INVALID_ARGUMENT"},
	}
	for _, tt := range tests {
		if got := status(workStateChange(tt.from, tt.to)); got != tt.want {
			t.Errorf("%s to %s: got %q, want %q", tt.from, tt.to, got, tt.want)
		}
	}
}

// TestSubmissionTransitions proves the state machine for every state, action and behaviour.
func TestSubmissionTransitions(t *testing.T) {
	states := []string{"NEW", "CREATED", "TURNED_IN", "RETURNED", "RECLAIMED_BY_STUDENT"}
	type want struct {
		next    string
		changed bool
		fail    bool
	}
	rule := func(action, state string, b Behaviour) want {
		switch action {
		case actionTurnIn:
			if state == "TURNED_IN" {
				return want{state, false, !b.TurnInTwice}
			}
			return want{"TURNED_IN", true, false}
		case actionReclaim:
			if state == "TURNED_IN" || (state == "RETURNED" && b.ReclaimReturned) {
				return want{"RECLAIMED_BY_STUDENT", true, false}
			}
			return want{state, false, true}
		default:
			switch {
			case state == "TURNED_IN":
				return want{"RETURNED", true, false}
			case !b.ReturnNotTurnedIn:
				return want{state, false, true}
			case state == "RETURNED":
				return want{state, false, false}
			}
			return want{"RETURNED", true, false}
		}
	}
	behaviours := []Behaviour{{}, {ReclaimReturned: true, ReturnNotTurnedIn: true, TurnInTwice: true}}
	for _, b := range behaviours {
		for _, action := range []string{actionTurnIn, actionReclaim, actionReturn} {
			for _, state := range states {
				next, changed, err := submissionTransition(action, state, b)
				w := rule(action, state, b)
				if next != w.next || changed != w.changed || (err != nil) != w.fail || (err != nil && err.Status != "FAILED_PRECONDITION") {
					t.Errorf("%s from %s with %+v: got %s %v %v, want %+v", action, state, b, next, changed, err, w)
				}
			}
		}
	}
	// The seed page, word by word: reclaim is "only for a student submission that has been
	// turned in", and "FAILED_PRECONDITION if the student submission has not been turned in".
	if _, _, err := submissionTransition(actionReclaim, "RETURNED", Behaviour{}); status(err) != "FAILED_PRECONDITION" {
		t.Errorf("reclaiming a returned submission by default: %v", err)
	}
}

func TestCheckJSONText(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"plain text", `{"title":"é"}`, ""},
		{"a surrogate pair", `{"title":"\ud83d\ude00"}`, ""},
		{"a lone high surrogate", `{"title":"\ud83d"}`, "INVALID_ARGUMENT"},
		{"a high surrogate before another escape", `{"title":"\ud83d\n"}`, "INVALID_ARGUMENT"},
		{"a lone low surrogate", `{"title":"\ude00"}`, "INVALID_ARGUMENT"},
		{"an escaped backslash is not an escape", `{"title":"\\ud800"}`, ""},
		{"a surrogate in a key", `{"\ud800":1}`, "INVALID_ARGUMENT"},
		{"invalid bytes", "{\"t\":\"\xff\"}", "INVALID_ARGUMENT"},
		{"a truncated escape is left to the decoder", `{"t":"\u12`, ""},
		{"a trailing backslash is left to the decoder", `{"t":"\`, ""},
		{"empty", ``, ""},
	}
	for _, tt := range tests {
		if got := status(checkJSONText([]byte(tt.body))); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestRoundGrade(t *testing.T) {
	for in, want := range map[float64]float64{87.456: 87.46, 87.454: 87.45, 0.005: 0.01, 100: 100, 1e300: 1e300} {
		if got := roundGrade(in); got != want {
			t.Errorf("roundGrade(%v) = %v, want %v", in, got, want)
		}
	}
}

func TestUpgradeLink(t *testing.T) {
	tests := []struct{ url, video string }{
		{"https://www.youtube.com/watch?v=dQw4w9WgXcQ", "dQw4w9WgXcQ"},
		{"https://youtu.be/dQw4w9WgXcQ", "dQw4w9WgXcQ"},
		{"http://m.youtube.com/watch?v=dQw4w9WgXcQ&t=10", "dQw4w9WgXcQ"},
		{"https://www.youtube.com/watch?v=short", ""},
		{"https://example.com/watch?v=dQw4w9WgXcQ", ""},
		{"https://drive.google.com/file/d/abc/view", ""},
		{"not a url at all", ""},
	}
	for _, tt := range tests {
		m := upgradeLink(tt.url)
		if tt.video != "" {
			if assert.NotNil(t, m.YoutubeVideo, "%s: want video %s", tt.url, tt.video) {
				assert.Equal(t, tt.video, m.YoutubeVideo.ID, "%s: video", tt.url)
			}
			assert.Nil(t, m.Link, "%s: a video keeps no link", tt.url)
			continue
		}
		if assert.NotNil(t, m.Link, "%s: want the link unchanged", tt.url) {
			assert.Equal(t, tt.url, m.Link.URL, "%s: want the link unchanged", tt.url)
		}
	}
}

func TestApplyWorkPatch(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	cur := CourseWork{Title: "T", WorkType: "ASSIGNMENT", State: "DRAFT", AssigneeMode: "ALL_STUDENTS",
		SubmissionModificationMode: "MODIFIABLE_UNTIL_TURNED_IN", ScheduledTime: "2026-04-01T00:00:00Z", MaxPoints: 10}
	next, err := applyWorkPatch(cur, CourseWork{State: "PUBLISHED", MaxPoints: 20}, []string{"state"}, now)
	assert.Nil(t, err, "publishing")
	assert.Equal(t, "PUBLISHED", next.State, "publishing")
	assert.Empty(t, next.ScheduledTime, "publishing drops the schedule")
	assert.Equal(t, 10.0, next.MaxPoints, "publishing leaves maxPoints, outside the mask, alone")
	if _, err := applyWorkPatch(cur, CourseWork{State: "PUBLISHED", ScheduledTime: "2026-05-01T00:00:00Z"}, []string{"state", "scheduledTime"}, now); status(err) != "INVALID_ARGUMENT" {
		t.Errorf("publishing and scheduling at once: %v", err)
	}
	if _, err := applyWorkPatch(cur, CourseWork{}, []string{"dueDate"}, now); err != nil {
		t.Errorf("clearing an unset due date: %v", err)
	}
	next, err = applyWorkPatch(cur, CourseWork{}, []string{"maxPoints", "description"}, now)
	assert.Nil(t, err, "clearing maxPoints")
	assert.Zero(t, next.MaxPoints, "clearing maxPoints")
}

func TestAssigneesAfter(t *testing.T) {
	rec := &courseRecord{students: []string{"s1", "s2", "s3"}}
	student := func(ref string) (string, bool) { return ref, contains(rec.students, ref) }
	individual := func(ids ...string) *CourseWork {
		return &CourseWork{AssigneeMode: "INDIVIDUAL_STUDENTS", IndividualStudentsOptions: &IndividualStudentsOptions{StudentIDs: ids}}
	}
	req := func(add, del []string) ModifyCourseWorkAssigneesRequest {
		return ModifyCourseWorkAssigneesRequest{AssigneeMode: "INDIVIDUAL_STUDENTS",
			ModifyIndividualStudentsOptions: &ModifyIndividualStudentsOptions{AddStudentIDs: add, RemoveStudentIDs: del}}
	}
	tests := []struct {
		name string
		cur  *CourseWork
		req  ModifyCourseWorkAssigneesRequest
		want string // ids joined, or the error status
	}{
		{"from all students the list starts empty", &CourseWork{AssigneeMode: "ALL_STUDENTS"}, req([]string{"s2"}, nil), "s2"},
		{"additions keep the order", individual("s3"), req([]string{"s1", "s3"}, nil), "s3,s1"},
		{"removals", individual("s1", "s2"), req(nil, []string{"s1"}), "s2"},
		{"a former student on the list may be removed", individual("gone", "s1"), req(nil, []string{"gone"}), "s1"},
		{"a list of former students only is empty", individual("gone"), req(nil, nil), "FAILED_PRECONDITION"},
		{"removing the last one", individual("s1"), req(nil, []string{"s1"}), "FAILED_PRECONDITION"},
		{"an unknown student", individual("s1"), req([]string{"x"}, nil), "INVALID_ARGUMENT"},
		{"all students again", individual("s1"), ModifyCourseWorkAssigneesRequest{AssigneeMode: "ALL_STUDENTS"}, ""},
	}
	for _, tt := range tests {
		mode, ids, err := assigneesAfter(rec, tt.cur, tt.req, student)
		got := strings.Join(ids, ",")
		if err != nil {
			got = err.Status
		} else if mode == "ALL_STUDENTS" && ids != nil {
			t.Errorf("%s: ALL_STUDENTS with ids %v", tt.name, ids)
		}
		if got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestIsLate(t *testing.T) {
	w := &CourseWork{DueDate: &Date{Year: 2026, Month: 3, Day: 1}, DueTime: &TimeOfDay{Hours: 12}}
	before := time.Date(2026, 3, 1, 11, 0, 0, 0, time.UTC)
	after := time.Date(2026, 3, 1, 13, 0, 0, 0, time.UTC)
	turnedIn := func(at string) *StudentSubmission {
		return &StudentSubmission{State: "TURNED_IN", SubmissionHistory: []SubmissionHistory{{StateHistory: &StateHistory{State: "TURNED_IN", StateTimestamp: at}}}}
	}
	tests := []struct {
		name string
		w    *CourseWork
		sub  *StudentSubmission
		now  time.Time
		want bool
	}{
		{"no due date is never late", &CourseWork{}, &StudentSubmission{State: "NEW"}, after, false},
		{"not turned in before the due time", w, &StudentSubmission{State: "NEW"}, before, false},
		{"not turned in after the due time", w, &StudentSubmission{State: "CREATED"}, after, true},
		{"turned in on time", w, turnedIn("2026-03-01T11:59:59Z"), after, false},
		{"turned in late", w, turnedIn("2026-03-01T12:00:01Z"), after, true},
		{"reclaimed after the due time", w, &StudentSubmission{State: "RECLAIMED_BY_STUDENT"}, after, true},
	}
	for _, tt := range tests {
		if got := isLate(tt.w, tt.sub, tt.now); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}
