package compat

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	classroom "google.golang.org/api/classroom/v1"
	"google.golang.org/api/option"

	"github.com/classroom-conformance/classroom-conformance/classroomtest"
)

// These tests use classroomtest exactly as docs/testing-apps.md shows it.

func TestCreateAssignmentRetriesAfter429(t *testing.T) {
	ctx := context.Background()
	emu := classroomtest.NewEmulator(t, classroomtest.Options{
		Faults: `
faults:
  classroom.courses.courseWork.create:
    - status: 429        # RESOURCE_EXHAUSTED, Retry-After: 1
`,
	})
	svc, err := classroom.NewService(ctx, option.WithEndpoint(emu.URL), option.WithHTTPClient(emu.Client("teacher")))
	require.NoError(t, err)
	course, err := svc.Courses.Create(&classroom.Course{Name: "Maths", OwnerId: "me"}).Do()
	require.NoError(t, err)

	start := time.Now()
	cw, err := CreateAssignment(ctx, svc, course.Id, "Homework")
	require.NoError(t, err)
	assert.Equal(t, "Homework", cw.Title)
	assert.GreaterOrEqual(t, time.Since(start), time.Second, "the app waited for Retry-After")
	// The emulator fails the test at cleanup if the planned 429 never fired.
}

func TestCreateAssignmentGivesUp(t *testing.T) {
	ctx := context.Background()
	emu := classroomtest.NewEmulator(t, classroomtest.Options{})
	client := emu.WithFaults(emu.Client("teacher"), `
faults:
  classroom.courses.courseWork.create:
    - status: 503
    - status: 500
    - status: 503
    - status: 503
    - status: 503
`)
	svc, err := classroom.NewService(ctx, option.WithEndpoint(emu.URL), option.WithHTTPClient(client))
	require.NoError(t, err)
	course, err := svc.Courses.Create(&classroom.Course{Name: "Maths", OwnerId: "me"}).Do()
	require.NoError(t, err)
	_, err = CreateAssignment(ctx, svc, course.Id, "Homework")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "after 5 attempt(s)")
	wantAPIError(t, err, 503, "UNAVAILABLE", "")
}

// TestSummaryFromRecording runs the app's flow from testdata/summary.yaml, with no server at
// all. CLASSROOM_RECORD=1 records it again, here against the emulator; an app records against
// Google with its credentials in RecordOptions.Upstream.
func TestSummaryFromRecording(t *testing.T) {
	ctx := context.Background()
	endpoint := "https://classroom.googleapis.com/" // never dialled in replay
	opts := &classroomtest.RecordOptions{}
	if classroomtest.Recording() {
		emu := classroomtest.NewEmulator(t, classroomtest.Options{})
		endpoint, opts.Upstream = emu.URL, emu.Client("teacher").Transport
	}
	client := &http.Client{Transport: classroomtest.Transport(t, "summary", opts)}
	svc, err := classroom.NewService(ctx, option.WithEndpoint(endpoint), option.WithHTTPClient(client))
	require.NoError(t, err)

	got, err := SetUpAndSummarise(ctx, svc, "100000000000000000002")
	require.NoError(t, err)
	assert.Equal(t, &Summary{Course: "Year 9 Physics", Assignments: []string{"Forces worksheet"}, Students: 1}, got)
}
