package compat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/googleapis/gax-go/v2/apierror"
	"golang.org/x/oauth2"
	classroom "google.golang.org/api/classroom/v1"
	"google.golang.org/api/googleapi"
	"google.golang.org/api/option"

	"github.com/classroom-conformance/classroom-conformance/reference"
)

// clients returns a Classroom service per built-in actor, each with the actor's static bearer
// token, all pointed at base.
func clients(t *testing.T, base string) map[string]*classroom.Service {
	t.Helper()
	out := map[string]*classroom.Service{}
	for _, id := range reference.BuiltinIdentities() {
		svc, err := classroom.NewService(context.Background(),
			option.WithEndpoint(base+"/"),
			option.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: id.Token, TokenType: "Bearer"})),
		)
		if err != nil {
			t.Fatalf("new service for %s: %v", id.Actor, err)
		}
		out[id.Actor] = svc
	}
	return out
}

func newReference(t *testing.T) string {
	t.Helper()
	s, err := reference.New(reference.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return srv.URL
}

// wantAPIError checks that err is the *googleapi.Error of an HTTP code and canonical status, and
// optionally that its message starts with a documented "@Code " prefix. The client maps HTTP
// codes to gRPC codes by itself (400 is always InvalidArgument to apierror), so the canonical
// status is read from the error envelope the client kept in Body.
func wantAPIError(t *testing.T, err error, code int, status string, prefix string) {
	t.Helper()
	var gerr *googleapi.Error
	if !errors.As(err, &gerr) {
		t.Fatalf("error %v (%T) is not a *googleapi.Error", err, err)
	}
	if gerr.Code != code {
		t.Fatalf("HTTP code %d, want %d: %s", gerr.Code, code, gerr.Body)
	}
	var env struct {
		Error struct {
			Code   int    `json:"code"`
			Status string `json:"status"`
		} `json:"error"`
	}
	if jerr := json.Unmarshal([]byte(gerr.Body), &env); jerr != nil {
		t.Fatalf("error body is not Google's envelope: %v: %s", jerr, gerr.Body)
	}
	if env.Error.Status != status || env.Error.Code != code {
		t.Fatalf("envelope %d %s, want %d %s", env.Error.Code, env.Error.Status, code, status)
	}
	if _, ok := apierror.FromError(err); !ok {
		t.Fatalf("apierror.FromError(%v) failed", err)
	}
	if prefix != "" && !strings.HasPrefix(gerr.Message, prefix) {
		t.Fatalf("message %q does not start with %q", gerr.Message, prefix)
	}
}

// TestOfficialClientFlow walks the life of an assignment with the official client: a course is
// created and activated, a student joins with the enrolment code, course work is created and
// listed page by page, the student turns in and reclaims, and the documented errors arrive as
// *googleapi.Error values.
func TestOfficialClientFlow(t *testing.T) {
	assignmentFlow(t, clients(t, newReference(t)))
}

// assignmentFlow is the life of an assignment, driven through the given clients.
func assignmentFlow(t *testing.T, cl map[string]*classroom.Service) {
	t.Helper()
	ctx := context.Background()
	teacher, student := cl["teacher"], cl["student"]

	course, err := teacher.Courses.Create(&classroom.Course{Name: "Chemistry", OwnerId: "me"}).Context(ctx).Do()
	if err != nil {
		t.Fatalf("create course: %v", err)
	}
	if course.CourseState != "PROVISIONED" || course.EnrollmentCode == "" {
		t.Fatalf("new course: state %q, enrollment code %q", course.CourseState, course.EnrollmentCode)
	}
	course, err = teacher.Courses.Patch(course.Id, &classroom.Course{CourseState: "ACTIVE"}).UpdateMask("courseState").Context(ctx).Do()
	if err != nil || course.CourseState != "ACTIVE" {
		t.Fatalf("activate course: %v (state %q)", err, course.CourseState)
	}
	if _, err := student.Courses.Students.Create(course.Id, &classroom.Student{UserId: "me"}).EnrollmentCode(course.EnrollmentCode).Context(ctx).Do(); err != nil {
		t.Fatalf("enrol: %v", err)
	}
	if _, err := teacher.Courses.Aliases.Create(course.Id, &classroom.CourseAlias{Alias: "p:chem-" + course.Id}).Context(ctx).Do(); err != nil {
		t.Fatalf("alias: %v", err)
	}

	var work []*classroom.CourseWork
	for i := 0; i < 5; i++ {
		cw, err := teacher.Courses.CourseWork.Create(course.Id, &classroom.CourseWork{
			Title:     fmt.Sprintf("Lab report %d", i+1),
			WorkType:  "ASSIGNMENT",
			State:     "PUBLISHED",
			MaxPoints: 100,
		}).Context(ctx).Do()
		if err != nil {
			t.Fatalf("create course work: %v", err)
		}
		if cw.Id == "" || cw.CourseId != course.Id || !cw.AssociatedWithDeveloper || cw.AssigneeMode != "ALL_STUDENTS" {
			t.Fatalf("course work %+v", cw)
		}
		work = append(work, cw)
	}
	var listed []string
	pages := 0
	err = student.Courses.CourseWork.List("p:chem-"+course.Id).PageSize(2).Pages(ctx, func(r *classroom.ListCourseWorkResponse) error {
		pages++
		for _, cw := range r.CourseWork {
			listed = append(listed, cw.Id)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("list course work: %v", err)
	}
	if len(listed) != 5 || pages != 3 {
		t.Fatalf("listed %d items in %d pages, want 5 in 3", len(listed), pages)
	}

	cw := work[0]
	subs, err := student.Courses.CourseWork.StudentSubmissions.List(course.Id, cw.Id).UserId("me").Context(ctx).Do()
	if err != nil || len(subs.StudentSubmissions) != 1 {
		t.Fatalf("list submissions: %v (%d)", err, len(subs.StudentSubmissions))
	}
	sub := subs.StudentSubmissions[0]

	// Reclaiming what was never turned in: FAILED_PRECONDITION.
	_, err = student.Courses.CourseWork.StudentSubmissions.Reclaim(course.Id, cw.Id, sub.Id, &classroom.ReclaimStudentSubmissionRequest{}).Context(ctx).Do()
	wantAPIError(t, err, 400, "FAILED_PRECONDITION", "")

	if _, err := student.Courses.CourseWork.StudentSubmissions.TurnIn(course.Id, cw.Id, sub.Id, &classroom.TurnInStudentSubmissionRequest{}).Context(ctx).Do(); err != nil {
		t.Fatalf("turn in: %v", err)
	}
	// Only the owner may reclaim.
	_, err = teacher.Courses.CourseWork.StudentSubmissions.Reclaim(course.Id, cw.Id, sub.Id, &classroom.ReclaimStudentSubmissionRequest{}).Context(ctx).Do()
	wantAPIError(t, err, 403, "PERMISSION_DENIED", "")
	// Only through the project that created the course work.
	_, err = cl["student via project B"].Courses.CourseWork.StudentSubmissions.Reclaim(course.Id, cw.Id, sub.Id, &classroom.ReclaimStudentSubmissionRequest{}).Context(ctx).Do()
	wantAPIError(t, err, 403, "PERMISSION_DENIED", "@ProjectPermissionDenied ")
	// Only with the classroom.coursework.me scope.
	_, err = cl["student without coursework scope"].Courses.CourseWork.StudentSubmissions.Reclaim(course.Id, cw.Id, sub.Id, &classroom.ReclaimStudentSubmissionRequest{}).Context(ctx).Do()
	wantAPIError(t, err, 403, "PERMISSION_DENIED", "Request had insufficient authentication scopes.")

	if _, err := student.Courses.CourseWork.StudentSubmissions.Reclaim("p:chem-"+course.Id, cw.Id, sub.Id, &classroom.ReclaimStudentSubmissionRequest{}).Context(ctx).Do(); err != nil {
		t.Fatalf("reclaim: %v", err)
	}
	got, err := teacher.Courses.CourseWork.StudentSubmissions.Get(course.Id, cw.Id, sub.Id).Context(ctx).Do()
	if err != nil {
		t.Fatalf("get submission: %v", err)
	}
	if got.State != "RECLAIMED_BY_STUDENT" {
		t.Fatalf("state %q, want RECLAIMED_BY_STUDENT", got.State)
	}
	last := got.SubmissionHistory[len(got.SubmissionHistory)-1]
	if last.StateHistory == nil || last.StateHistory.State != "RECLAIMED_BY_STUDENT" {
		t.Fatalf("last history entry %+v", last)
	}

	// NOT_FOUND for each of course, course work and submission.
	for _, ids := range [][3]string{{"999999999999", cw.Id, sub.Id}, {course.Id, "999999999999", sub.Id}, {course.Id, cw.Id, "nope"}} {
		_, err = student.Courses.CourseWork.StudentSubmissions.Reclaim(ids[0], ids[1], ids[2], &classroom.ReclaimStudentSubmissionRequest{}).Context(ctx).Do()
		wantAPIError(t, err, 404, "NOT_FOUND", "")
	}
	// Invalid input is INVALID_ARGUMENT.
	_, err = teacher.Courses.CourseWork.Create(course.Id, &classroom.CourseWork{Title: strings.Repeat("é", 3001), WorkType: "ASSIGNMENT"}).Context(ctx).Do()
	wantAPIError(t, err, 400, "INVALID_ARGUMENT", "")
	// An unknown token is UNAUTHENTICATED.
	bad, err := classroom.NewService(ctx, option.WithEndpoint(cl["teacher"].BasePath),
		option.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "not-a-token"})))
	if err != nil {
		t.Fatal(err)
	}
	_, err = bad.Courses.List().Context(ctx).Do()
	wantAPIError(t, err, 401, "UNAUTHENTICATED", "")
}
