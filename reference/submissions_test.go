package reference

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// assignment is a classroom with a published assignment and the student's submission of it.
type assignment struct {
	*classroom
	work, sub, otherSub string
}

func newAssignment(t *testing.T, opts Options) *assignment {
	t.Helper()
	c := newClassroom(t, opts)
	a := &assignment{classroom: c, work: c.published()}
	a.sub = c.must("student", "GET", c.workPath(a.work)+"/studentSubmissions?userId=me", "").text("studentSubmissions.0.id")
	a.otherSub = c.must("other student", "GET", c.workPath(a.work)+"/studentSubmissions?userId=me", "").text("studentSubmissions.0.id")
	if a.sub == "" || a.otherSub == "" {
		t.Fatal("no submission for the students")
	}
	return a
}

func (a *assignment) subPath(id string) string {
	return a.workPath(a.work) + "/studentSubmissions/" + id
}

// act sends a custom verb (turnIn, reclaim, return) for the student's submission.
func (a *assignment) act(actor, verb string) reply {
	a.t.Helper()
	return a.do(actor, "POST", a.subPath(a.sub)+":"+verb, "{}")
}

func (a *assignment) state() string {
	a.t.Helper()
	return a.must("teacher", "GET", a.subPath(a.sub), "").str("state")
}

// history returns the states of the stateHistory of the student's submission.
func (a *assignment) history() []string {
	a.t.Helper()
	r := a.must("teacher", "GET", a.subPath(a.sub), "")
	var out []string
	entries, _ := r.get("submissionHistory").([]any)
	for _, h := range entries {
		if sh, ok := h.(map[string]any)["stateHistory"].(map[string]any); ok {
			out = append(out, sh["state"].(string)+" by "+sh["actorUserId"].(string))
		}
	}
	return out
}

func TestSubmissionLifecycle(t *testing.T) {
	a := newAssignment(t, Options{})
	for _, step := range []struct{ actor, verb, state string }{
		{"student", "turnIn", "TURNED_IN"},
		{"student", "reclaim", "RECLAIMED_BY_STUDENT"},
		{"student", "turnIn", "TURNED_IN"},
		{"teacher", "return", "RETURNED"},
		{"student", "turnIn", "TURNED_IN"},
		{"student", "reclaim", "RECLAIMED_BY_STUDENT"},
	} {
		r := a.act(step.actor, step.verb)
		if r.Code != 200 || r.Raw != "{}\n" {
			t.Fatalf("%s by %s: %d %s", step.verb, step.actor, r.Code, r.Raw)
		}
		if got := a.state(); got != step.state {
			t.Fatalf("after %s by %s: state %s, want %s", step.verb, step.actor, got, step.state)
		}
	}
	want := []string{
		"CREATED by " + studentID, "TURNED_IN by " + studentID, "RECLAIMED_BY_STUDENT by " + studentID, "TURNED_IN by " + studentID,
		"RETURNED by " + teacherID, "TURNED_IN by " + studentID, "RECLAIMED_BY_STUDENT by " + studentID,
	}
	assert.Equal(t, want, a.history(), "the history starts with the student's CREATED entry")
	r := a.must("student", "GET", a.subPath(a.sub), "")
	assert.NotEmpty(t, r.str("creationTime"))
	assert.NotEqual(t, r.str("creationTime"), r.str("updateTime"), "updateTime moves with every change")
	if !r.is("assignmentSubmission", `{}`) {
		t.Errorf("assignmentSubmission %v", r.get("assignmentSubmission"))
	}
}

// TestReclaimRules proves every sentence of the reclaim reference page, and the order in which
// its errors are checked.
func TestReclaimRules(t *testing.T) {
	tests := []struct {
		name      string
		behaviour Behaviour
		setup     []string // "actor verb" steps that must succeed first
		actor     string
		path      func(a *assignment) string
		body      string
		noBody    bool
		code      int
		status    string
		prefix    string
		after     string // the submission's state afterwards
	}{
		{name: "the owner reclaims a turned-in submission", setup: []string{"student turnIn"}, actor: "student", body: "{}", code: 200, after: "RECLAIMED_BY_STUDENT"},
		{name: "a null body is the empty message", setup: []string{"student turnIn"}, actor: "student", body: "null", code: 200, after: "RECLAIMED_BY_STUDENT"},
		{name: "no body is the empty message", setup: []string{"student turnIn"}, actor: "student", noBody: true, code: 200, after: "RECLAIMED_BY_STUDENT"},
		{name: "a body with a field is malformed", setup: []string{"student turnIn"}, actor: "student", body: `{"reason":"x"}`, code: 400, status: "INVALID_ARGUMENT", after: "TURNED_IN"},
		{name: "a body that is not JSON is malformed", setup: []string{"student turnIn"}, actor: "student", body: "reclaim please", code: 400, status: "INVALID_ARGUMENT", after: "TURNED_IN"},
		{name: "a JSON array is malformed", setup: []string{"student turnIn"}, actor: "student", body: "[]", code: 400, status: "INVALID_ARGUMENT", after: "TURNED_IN"},
		{name: "a new submission has not been turned in", actor: "student", body: "{}", code: 400, status: "FAILED_PRECONDITION", after: "NEW"},
		{name: "a reclaimed submission has not been turned in", setup: []string{"student turnIn", "student reclaim"}, actor: "student", body: "{}", code: 400, status: "FAILED_PRECONDITION", after: "RECLAIMED_BY_STUDENT"},
		{name: "a returned submission cannot be reclaimed by default", setup: []string{"student turnIn", "teacher return"}, actor: "student", body: "{}", code: 400, status: "FAILED_PRECONDITION", after: "RETURNED"},
		{name: "a returned submission can be reclaimed when allowed", behaviour: Behaviour{ReclaimReturned: true}, setup: []string{"student turnIn", "teacher return"}, actor: "student", body: "{}", code: 200, after: "RECLAIMED_BY_STUDENT"},
		{name: "the teacher is not the owner", setup: []string{"student turnIn"}, actor: "teacher", body: "{}", code: 403, status: "PERMISSION_DENIED", after: "TURNED_IN"},
		{name: "another student is not the owner", setup: []string{"student turnIn"}, actor: "other student", body: "{}", code: 403, status: "PERMISSION_DENIED", after: "TURNED_IN"},
		{name: "an outsider may not access the course", setup: []string{"student turnIn"}, actor: "outsider", body: "{}", code: 403, status: "PERMISSION_DENIED", after: "TURNED_IN"},
		{name: "only the creating project", setup: []string{"student turnIn"}, actor: "student via project B", body: "{}", code: 403, status: "PERMISSION_DENIED", prefix: "@ProjectPermissionDenied ", after: "TURNED_IN"},
		{name: "the project is checked before the state", actor: "student via project B", body: "{}", code: 403, status: "PERMISSION_DENIED", prefix: "@ProjectPermissionDenied ", after: "NEW"},
		{name: "ownership is checked before the state", actor: "teacher", body: "{}", code: 403, status: "PERMISSION_DENIED", after: "NEW"},
		{name: "the coursework.me scope is required", setup: []string{"student turnIn"}, actor: "student without coursework scope", body: "{}", code: 403, status: "PERMISSION_DENIED", prefix: "Request had insufficient authentication scopes.", after: "TURNED_IN"},
		{name: "credentials are required", setup: []string{"student turnIn"}, actor: "", body: "{}", code: 401, status: "UNAUTHENTICATED", after: "TURNED_IN"},
		{name: "an unknown course", setup: []string{"student turnIn"}, actor: "student", body: "{}", code: 404, status: "NOT_FOUND", after: "TURNED_IN",
			path: func(a *assignment) string {
				return "/v1/courses/999999999999/courseWork/" + a.work + "/studentSubmissions/" + a.sub + ":reclaim"
			}},
		{name: "unknown course work", setup: []string{"student turnIn"}, actor: "student", body: "{}", code: 404, status: "NOT_FOUND", after: "TURNED_IN",
			path: func(a *assignment) string {
				return a.workPath("999999999999") + "/studentSubmissions/" + a.sub + ":reclaim"
			}},
		{name: "an unknown submission", setup: []string{"student turnIn"}, actor: "student", body: "{}", code: 404, status: "NOT_FOUND", after: "TURNED_IN",
			path: func(a *assignment) string { return a.subPath("999999999999") + ":reclaim" }},
		{name: "a malformed body is refused before the course is looked up", actor: "outsider", body: `{"x":1}`, code: 400, status: "INVALID_ARGUMENT", after: "NEW",
			path: func(a *assignment) string {
				return "/v1/courses/999999999999/courseWork/" + a.work + "/studentSubmissions/" + a.sub + ":reclaim"
			}},
		{name: "an unknown course is NOT_FOUND even for an outsider", actor: "outsider", body: "{}", code: 404, status: "NOT_FOUND", after: "NEW",
			path: func(a *assignment) string {
				return "/v1/courses/999999999999/courseWork/" + a.work + "/studentSubmissions/" + a.sub + ":reclaim"
			}},
		{name: "an outsider learns nothing of the course work", actor: "outsider", body: "{}", code: 403, status: "PERMISSION_DENIED", after: "NEW",
			path: func(a *assignment) string {
				return a.workPath("999999999999") + "/studentSubmissions/" + a.sub + ":reclaim"
			}},
		{name: "the course may be named by an alias", setup: []string{"student turnIn", "teacher alias"}, actor: "student", body: "{}", code: 200, after: "RECLAIMED_BY_STUDENT",
			path: func(a *assignment) string {
				return "/v1/courses/p:alias-" + a.course + "/courseWork/" + a.work + "/studentSubmissions/" + a.sub + ":reclaim"
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newAssignment(t, Options{Behaviour: tt.behaviour})
			for _, step := range tt.setup {
				actor, verb, _ := strings.Cut(step, " ")
				if verb == "alias" {
					a.must("teacher", "POST", "/v1/courses/"+a.course+"/aliases", `{"alias":"p:alias-`+a.course+`"}`)
					continue
				}
				a.must(actor, "POST", a.subPath(a.sub)+":"+verb, "")
			}
			path := a.subPath(a.sub) + ":reclaim"
			if tt.path != nil {
				path = tt.path(a)
			}
			body := tt.body
			if tt.noBody {
				body = ""
			}
			r := a.do(tt.actor, "POST", path, body)
			if tt.status == "" {
				if r.Code != 200 || r.Raw != "{}\n" {
					t.Fatalf("got %d %s, want 200 {}", r.Code, r.Raw)
				}
			} else {
				wantError(t, r, tt.code, tt.status)
				if !strings.HasPrefix(r.str("error.message"), tt.prefix) {
					t.Errorf("message %q, want prefix %q", r.str("error.message"), tt.prefix)
				}
			}
			if got := a.state(); got != tt.after {
				t.Errorf("state afterwards %s, want %s", got, tt.after)
			}
		})
	}
}

func TestReclaimOfInvisibleWork(t *testing.T) {
	a := newAssignment(t, Options{})
	a.must("student", "POST", a.subPath(a.sub)+":turnIn", "")
	a.must("teacher", "DELETE", a.workPath(a.work), "")
	// Deleted work does not exist for the student; the teacher is told it is deleted.
	wantError(t, a.act("student", "reclaim"), 404, "NOT_FOUND")
	wantError(t, a.act("teacher", "return"), 400, "FAILED_PRECONDITION")
}

func TestTurnInAndReturnRules(t *testing.T) {
	tests := []struct {
		name      string
		behaviour Behaviour
		setup     []string
		actor     string
		verb      string
		status    string
		prefix    string
		after     string
	}{
		{name: "the owner turns in a new submission", actor: "student", verb: "turnIn", after: "TURNED_IN"},
		{name: "the owner turns in a returned submission", setup: []string{"student turnIn", "teacher return"}, actor: "student", verb: "turnIn", after: "TURNED_IN"},
		{name: "turning in twice is refused by default", setup: []string{"student turnIn"}, actor: "student", verb: "turnIn", status: "FAILED_PRECONDITION", after: "TURNED_IN"},
		{name: "turning in twice is a no-op when allowed", behaviour: Behaviour{TurnInTwice: true}, setup: []string{"student turnIn"}, actor: "student", verb: "turnIn", after: "TURNED_IN"},
		{name: "the teacher cannot turn in", actor: "teacher", verb: "turnIn", status: "PERMISSION_DENIED", after: "NEW"},
		{name: "another student cannot turn in", actor: "other student", verb: "turnIn", status: "PERMISSION_DENIED", after: "NEW"},
		{name: "an outsider cannot turn in", actor: "outsider", verb: "turnIn", status: "PERMISSION_DENIED", after: "NEW"},
		{name: "turn in only through the creating project", actor: "student via project B", verb: "turnIn", status: "PERMISSION_DENIED", prefix: "@ProjectPermissionDenied ", after: "NEW"},
		{name: "the teacher returns turned-in work", setup: []string{"student turnIn"}, actor: "teacher", verb: "return", after: "RETURNED"},
		{name: "work never turned in is not returned by default", actor: "teacher", verb: "return", status: "FAILED_PRECONDITION", after: "NEW"},
		{name: "work never turned in is returned when allowed", behaviour: Behaviour{ReturnNotTurnedIn: true}, actor: "teacher", verb: "return", after: "RETURNED"},
		{name: "returned work is not returned again by default", setup: []string{"student turnIn", "teacher return"}, actor: "teacher", verb: "return", status: "FAILED_PRECONDITION", after: "RETURNED"},
		{name: "returning returned work is a no-op when allowed", behaviour: Behaviour{ReturnNotTurnedIn: true}, setup: []string{"student turnIn", "teacher return"}, actor: "teacher", verb: "return", after: "RETURNED"},
		{name: "the student cannot return", setup: []string{"student turnIn"}, actor: "student", verb: "return", status: "PERMISSION_DENIED", after: "TURNED_IN"},
		{name: "return only through the creating project", setup: []string{"student turnIn"}, actor: "teacher via project B", verb: "return", status: "PERMISSION_DENIED", prefix: "@ProjectPermissionDenied ", after: "TURNED_IN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newAssignment(t, Options{Behaviour: tt.behaviour})
			for _, step := range tt.setup {
				actor, verb, _ := strings.Cut(step, " ")
				a.must(actor, "POST", a.subPath(a.sub)+":"+verb, "")
			}
			before := len(a.history())
			r := a.act(tt.actor, tt.verb)
			if tt.status == "" {
				if r.Code != 200 || r.Raw != "{}\n" {
					t.Fatalf("got %d %s", r.Code, r.Raw)
				}
			} else {
				wantError(t, r, map[string]int{"PERMISSION_DENIED": 403, "FAILED_PRECONDITION": 400}[tt.status], tt.status)
				if !strings.HasPrefix(r.str("error.message"), tt.prefix) {
					t.Errorf("message %q, want prefix %q", r.str("error.message"), tt.prefix)
				}
				if n := len(a.history()); n != before {
					t.Errorf("a refused %s changed the history from %d to %d entries", tt.verb, before, n)
				}
			}
			if got := a.state(); got != tt.after {
				t.Errorf("state afterwards %s, want %s", got, tt.after)
			}
		})
	}
}

func TestReturnKeepsTheDraftGrade(t *testing.T) {
	a := newAssignment(t, Options{})
	a.must("student", "POST", a.subPath(a.sub)+":turnIn", "")
	a.must("teacher", "PATCH", a.subPath(a.sub)+"?updateMask=draftGrade", `{"draftGrade":87}`)
	a.must("teacher", "POST", a.subPath(a.sub)+":return", "")
	r := a.must("teacher", "GET", a.subPath(a.sub), "")
	if r.has("assignedGrade") || !r.is("draftGrade", "87") {
		t.Errorf("return copied or lost a grade: %s", r.Raw)
	}
}
