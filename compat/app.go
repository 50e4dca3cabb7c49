package compat

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/googleapis/gax-go/v2"
	classroom "google.golang.org/api/classroom/v1"
	"google.golang.org/api/googleapi"
)

// The functions below stand for an app's own Classroom code: what docs/testing-apps.md shows
// being tested against the emulator, with faults, and from a recording.

// CreateAssignment creates a published assignment, retrying when Classroom asks the app to
// slow down (429 RESOURCE_EXHAUSTED) or is briefly unavailable (503, 500), as Google's guidance
// on quotas says to: after the Retry-After the answer gives, else with exponential backoff.
// The official client does not retry Classroom calls by itself.
func CreateAssignment(ctx context.Context, svc *classroom.Service, courseID, title string) (*classroom.CourseWork, error) {
	backoff := gax.Backoff{Initial: 50 * time.Millisecond, Max: 2 * time.Second, Multiplier: 2}
	cw := &classroom.CourseWork{Title: title, WorkType: "ASSIGNMENT", State: "PUBLISHED", MaxPoints: 10}
	for attempt := 1; ; attempt++ {
		created, err := svc.Courses.CourseWork.Create(courseID, cw).Context(ctx).Do()
		if err == nil {
			return created, nil
		}
		wait, retry := retryAfter(err, &backoff)
		if !retry || attempt == 5 {
			return nil, fmt.Errorf("create assignment %q after %d attempt(s): %w", title, attempt, err)
		}
		if err := gax.Sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// retryAfter says whether a failed call is worth retrying, and when.
func retryAfter(err error, backoff *gax.Backoff) (time.Duration, bool) {
	var gerr *googleapi.Error
	if !errors.As(err, &gerr) {
		return 0, false
	}
	switch gerr.Code {
	case 429, 500, 503:
	default:
		return 0, false
	}
	if s, err := strconv.Atoi(gerr.Header.Get("Retry-After")); err == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	return backoff.Pause(), true
}

// A Summary is what an app might show a teacher about one course.
type Summary struct {
	Course      string
	Assignments []string
	Students    int
}

// SetUpAndSummarise creates a course with a student and an assignment, then reads back the
// summary the app shows: a flow that touches courses, rosters and course work.
func SetUpAndSummarise(ctx context.Context, svc *classroom.Service, studentID string) (*Summary, error) {
	course, err := svc.Courses.Create(&classroom.Course{Name: "Year 9 Physics", Section: "B", OwnerId: "me"}).Context(ctx).Do()
	if err != nil {
		return nil, fmt.Errorf("create course: %w", err)
	}
	if _, err := svc.Courses.Patch(course.Id, &classroom.Course{CourseState: "ACTIVE"}).UpdateMask("courseState").Context(ctx).Do(); err != nil {
		return nil, fmt.Errorf("activate course: %w", err)
	}
	if _, err := svc.Courses.Students.Create(course.Id, &classroom.Student{UserId: studentID}).Context(ctx).Do(); err != nil {
		return nil, fmt.Errorf("add student: %w", err)
	}
	if _, err := CreateAssignment(ctx, svc, course.Id, "Forces worksheet"); err != nil {
		return nil, err
	}
	s := &Summary{Course: course.Name}
	err = svc.Courses.CourseWork.List(course.Id).Context(ctx).Pages(ctx, func(page *classroom.ListCourseWorkResponse) error {
		for _, cw := range page.CourseWork {
			s.Assignments = append(s.Assignments, cw.Title)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list course work: %w", err)
	}
	students, err := svc.Courses.Students.List(course.Id).Context(ctx).Do()
	if err != nil {
		return nil, fmt.Errorf("list students: %w", err)
	}
	s.Students = len(students.Students)
	return s, nil
}
