package steps

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"

	"github.com/tidwall/gjson"
)

// Fixtures are built from the same HTTP requests as every other step, through the public API
// only, so that a feature runs unchanged against Google.

// call sends a fixture request with a JSON body (nil: none) and requires 200 OK. what says what
// the request was for in a failure.
func (w *World) call(ctx context.Context, what, actor, method, uri string, body any) (gjson.Result, error) {
	var b []byte
	if body != nil {
		var err error
		if b, err = json.Marshal(body); err != nil {
			return gjson.Result{}, fmt.Errorf("%s: encode request: %w", what, err)
		}
	}
	ex, err := w.send(ctx, actor, method, uri, b, body != nil)
	if err != nil {
		return gjson.Result{}, err
	}
	if ex.status != 200 {
		return gjson.Result{}, w.failf("fixture failed: %s: want HTTP 200, got %d", what, ex.status)
	}
	if !gjson.ValidBytes(ex.body) {
		return gjson.Result{}, w.failf("fixture failed: %s: the response is not JSON", what)
	}
	return gjson.ParseBytes(ex.body), nil
}

// need returns a string field of a fixture's response, failing when it is absent.
func (w *World) need(res gjson.Result, what, field string) (string, error) {
	v := res.Get(field)
	if v.Type != gjson.String || v.Str == "" {
		return "", w.failf("fixture failed: %s: the response has no %q", what, field)
	}
	return v.Str, nil
}

// path substitutes remembered values into a fixture's path.
func (w *World) path(format string) (string, error) { return w.substitute(format, rawForm) }

// aCourse: Given a course owned by the teacher. Creates the course, then makes it ACTIVE (a new
// course is PROVISIONED, and students cannot enrol in it); remembers {courseId},
// {enrollmentCode} and {teacherId}.
func (w *World) aCourse(ctx context.Context) error {
	if err := w.begin(); err != nil {
		return err
	}
	const what = "creating the course as the teacher"
	created, err := w.call(ctx, what, "teacher", "POST", "/v1/courses",
		map[string]string{"name": w.courseName(), "ownerId": "me"})
	if err != nil {
		return err
	}
	id, err := w.need(created, what, "id")
	if err != nil {
		return err
	}
	owner, err := w.need(created, what, "ownerId")
	if err != nil {
		return err
	}
	const activate = "making the course ACTIVE"
	patched, err := w.call(ctx, activate, "teacher", "PATCH",
		"/v1/courses/"+url.PathEscape(id)+"?updateMask=courseState", map[string]string{"courseState": "ACTIVE"})
	if err != nil {
		return err
	}
	code := patched.Get("enrollmentCode").Str
	if code == "" {
		code = created.Get("enrollmentCode").Str
	}
	if code == "" {
		return w.failf("fixture failed: %s: the course has no \"enrollmentCode\"", activate)
	}
	w.vars["courseId"] = literalVariable(id)
	w.vars["teacherId"] = literalVariable(owner)
	w.vars["enrollmentCode"] = textVariable(code)
	return nil
}

// studentVars names the variables of the student and the other student.
func studentVars(phrase string) (actor, idVar, submissionVar string) {
	if phrase == "the other student" {
		return "other student", "otherStudentId", "otherSubmissionId"
	}
	return "student", "studentId", "submissionId"
}

// enrolled: Given the student is enrolled in the course. Enrols with the enrolment code, as the
// student; remembers {studentId} (or {otherStudentId}).
func (w *World) enrolled(ctx context.Context, who string) error {
	if err := w.begin(); err != nil {
		return err
	}
	actor, idVar, _ := studentVars(who)
	uri, err := w.path("/v1/courses/{courseId}/students?enrollmentCode=")
	if err != nil {
		return fmt.Errorf("enrol %s: %w (a course must be created first)", who, err)
	}
	code, err := w.path("{enrollmentCode}")
	if err != nil {
		return err
	}
	what := "enrolling " + who + " with the enrolment code"
	res, err := w.call(ctx, what, actor, "POST", uri+url.QueryEscape(code), map[string]string{"userId": "me"})
	if err != nil {
		return err
	}
	uid, err := w.need(res, what, "userId")
	if err != nil {
		return err
	}
	w.vars[idVar] = literalVariable(uid)
	return nil
}

// alias: Given the course has the alias "p:{courseId}-alias". Created by the teacher.
func (w *World) alias(ctx context.Context, alias string) error {
	if err := w.begin(); err != nil {
		return err
	}
	a, err := w.substitute(alias, rawForm)
	if err != nil {
		return err
	}
	uri, err := w.path("/v1/courses/{courseId}/aliases")
	if err != nil {
		return err
	}
	_, err = w.call(ctx, "creating the alias "+a+" as the teacher", "teacher", "POST", uri, map[string]string{"alias": a})
	return err
}

// assignment: Given a published (draft) assignment in the course. Remembers {courseWorkId}.
func (w *World) assignment(ctx context.Context, kind string) error {
	if err := w.begin(); err != nil {
		return err
	}
	uri, err := w.path("/v1/courses/{courseId}/courseWork")
	if err != nil {
		return err
	}
	state := "PUBLISHED"
	if kind == "draft" {
		state = "DRAFT"
	}
	what := "creating a " + kind + " assignment as the teacher"
	res, err := w.call(ctx, what, "teacher", "POST", uri, map[string]any{
		"title": "Assignment", "workType": "ASSIGNMENT", "state": state, "maxPoints": 100,
	})
	if err != nil {
		return err
	}
	id, err := w.need(res, what, "id")
	if err != nil {
		return err
	}
	w.vars["courseWorkId"] = literalVariable(id)
	return nil
}

// submission: Given the student's submission for the assignment. Read by the student with
// userId=me; remembers {submissionId} (or {otherSubmissionId}).
func (w *World) submission(ctx context.Context, who string) error {
	if err := w.begin(); err != nil {
		return err
	}
	actor, _, subVar := studentVars(who)
	uri, err := w.path("/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions?userId=me")
	if err != nil {
		return err
	}
	what := "reading " + who + "'s submission as " + who
	res, err := w.call(ctx, what, actor, "GET", uri, nil)
	if err != nil {
		return err
	}
	subs := res.Get("studentSubmissions").Array()
	if len(subs) != 1 {
		return w.failf("fixture failed: %s: want exactly one submission, got %d", what, len(subs))
	}
	id, err := w.need(subs[0], what, "id")
	if err != nil {
		return err
	}
	w.vars[subVar] = literalVariable(id)
	return nil
}

// transition sends turnIn, return or reclaim on a student's submission, with an empty body.
func (w *World) transition(ctx context.Context, who, verb, actor string) error {
	if err := w.begin(); err != nil {
		return err
	}
	_, _, subVar := studentVars(who)
	uri, err := w.path("/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{" + subVar + "}:" + verb)
	if err != nil {
		return fmt.Errorf("%s: %w (the submission must be read first)", verb, err)
	}
	_, err = w.call(ctx, verb+" of "+who+"'s submission as the "+actor, actor, "POST", uri, struct{}{})
	return err
}

// turnedIn: Given the student has turned in their submission.
func (w *World) turnedIn(ctx context.Context, who string) error {
	actor, _, _ := studentVars(who)
	return w.transition(ctx, who, "turnIn", actor)
}

// returned: Given the teacher has returned the student's submission.
func (w *World) returned(ctx context.Context, who string) error {
	return w.transition(ctx, who, "return", "teacher")
}

// reclaimed: Given the student has reclaimed their submission.
func (w *World) reclaimed(ctx context.Context, who string) error {
	actor, _, _ := studentVars(who)
	return w.transition(ctx, who, "reclaim", actor)
}
