package verify

import (
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
	"github.com/classroom-conformance/classroom-conformance/reference"
	"github.com/classroom-conformance/classroom-conformance/suite"
)

// A verifyMutant is a broken variant of the reference (the middleware of the suite's mutant
// test) and where verify must see it: the method and the field of a difference it causes.
type verifyMutant struct {
	name   string
	mutate middleware
	method string // discovery method id of a differing interaction
	field  string // the Path of one of its differences
	// strict: the fault only adds fields, which are warnings unless --strict.
	strict bool
}

func verifyMutants(t *testing.T) []verifyMutant {
	fields, err := readDiscoveryFields("CourseWork", "ReclaimStudentSubmissionRequest",
		"TurnInStudentSubmissionRequest", "ReturnStudentSubmissionRequest")
	require.NoError(t, err)
	verbFields := map[string]bool{}
	for _, s := range []string{"ReclaimStudentSubmissionRequest", "TurnInStudentSubmissionRequest", "ReturnStudentSubmissionRequest"} {
		for f := range fields[s] {
			verbFields[f] = true
		}
	}
	isReclaim := func(r *http.Request) bool { return isVerb(r, "reclaim") }
	everything := func(*http.Request) bool { return true }
	const (
		create     = "classroom.courses.courseWork.create"
		get        = "classroom.courses.courseWork.get"
		list       = "classroom.courses.courseWork.list"
		patch      = "classroom.courses.courseWork.patch"
		reclaim    = "classroom.courses.courseWork.studentSubmissions.reclaim"
		turnIn     = "classroom.courses.courseWork.studentSubmissions.turnIn"
		submission = "classroom.courses.courseWork.studentSubmissions.get"
	)
	return []verifyMutant{
		{name: "FAILED_PRECONDITION answered with HTTP 409", mutate: failedPreconditionAs409(), method: reclaim, field: "status"},
		{name: "course work created without state is PUBLISHED", mutate: defaultStatePublished(), method: create, field: "$.state"},
		{name: "a title over 3000 characters is truncated and accepted", mutate: titleTruncated(), method: create, field: "status"},
		{name: "the teacher may reclaim a student's submission", mutate: tokenSwap(isReclaim, map[string]string{"teacher": "student"}), method: reclaim, field: "status"},
		{name: "the classroom.coursework.me scope is not checked", mutate: tokenSwap(everything, map[string]string{"student without coursework scope": "student"}), method: turnIn, field: "status"},
		{name: "the Developer Console project of the course work is not checked", mutate: tokenSwap(isProjectBWrite, map[string]string{
			"teacher via project B": "teacher", "student via project B": "student"}), method: patch, field: "status"},
		{name: `timestamps end in "+00:00" instead of "Z"`, mutate: timestampsWithOffset(), method: create, field: "$.creationTime"},
		{name: "the error envelope has no status", mutate: envelopeWithoutStatus(), method: get, field: "$.error.status"},
		{name: "NOT_FOUND answered as 403 PERMISSION_DENIED", mutate: notFoundAsPermissionDenied(), method: get, field: "status"},
		{name: "unknown JSON fields are dropped instead of refused", mutate: unknownFieldsDropped(fields["CourseWork"], verbFields), method: create, field: "status"},
		{name: "students list what the teacher sees, drafts included", mutate: tokenSwap(isCourseWorkListCall, map[string]string{"student": "teacher", "other student": "teacher"}), method: list, field: "$.courseWork"},
		{name: "courseWorkStates is ignored", mutate: editQuery(isCourseWorkListCall, dropQuery("courseWorkStates")), method: list, field: "$.courseWork"},
		{name: "maxPoints 1.5 is rounded and accepted", mutate: maxPointsRounded(), method: create, field: "status"},
		{name: "submissions keep no history", mutate: submissionHistoryDropped(), method: submission, field: "$.submissionHistory"},
		{name: "a patch overwrites the creation time", mutate: patchOverwritesCreationTime(), method: get, field: "$.creationTime"},
		{name: "a request without credentials acts as the teacher", mutate: anonymousAsTeacher(), method: get, field: "status"},
		{name: "reclaim answers the submission instead of an empty object", mutate: answerWithResource(isReclaim, func(p string) string { return strings.TrimSuffix(p, ":reclaim") }),
			method: reclaim, field: "$.alternateLink", strict: true},
		{name: "draft course work has an alternateLink", mutate: alternateLinkOnDrafts(), method: create, field: "$.alternateLink", strict: true},
		{name: "patch applies the whole body whatever the updateMask", mutate: patchAppliesWholeBody(), method: patch, field: "$."},
		{name: "a snake_case updateMask is refused", mutate: snakeCaseMaskRefused(), method: patch, field: "status"},
		{name: "studentSubmissions.list ignores pageSize", mutate: editQuery(isSubmissionListCall, dropQuery("pageSize")),
			method: "classroom.courses.courseWork.studentSubmissions.list", field: "$.studentSubmissions"},
		{name: "associatedWithDeveloper false is written out", mutate: associatedWithDeveloperFalse(), method: get, field: "$.associatedWithDeveloper", strict: true},
	}
}

// serveMutant serves a reference with another seed behind mutate, as a live target with the
// built-in tokens.
func serveMutant(t *testing.T, mutate middleware) (*endpoint.HTTP, *atomic.Int64) {
	t.Helper()
	var internal strings.Builder
	ref, err := reference.New(reference.Options{Seed: anotherSeed, ErrorLog: log.New(&syncWriter{b: &internal}, "", 0)})
	require.NoError(t, err)
	var hits atomic.Int64
	srv := httptest.NewServer(mutate(ref, func() { hits.Add(1) }))
	t.Cleanup(srv.Close)
	base, err := endpoint.ParseBaseURL(srv.URL)
	require.NoError(t, err)
	return &endpoint.HTTP{BaseURL: base, Tokens: suite.BuiltinTokens(), Client: srv.Client()}, &hits
}

// Every broken variant fails verify (exit 1), with a differing interaction of the method it
// breaks and a difference at the field it breaks; the control, the same plumbing without a fault,
// passes.
func TestMutantsFailVerify(t *testing.T) {
	t.Run("control: the reference behind a pass-through middleware", func(t *testing.T) {
		t.Parallel()
		target, hits := serveMutant(t, chain(onRequest(func(r *http.Request, b []byte) ([]byte, bool) { return b, false }), reencodeAnswers()))
		res := verifyShipped(t, Options{Target: target, Strict: true})
		assert.Equal(t, 0, res.ExitCode(), pretty(t, res))
		assert.Positive(t, hits.Load())
	})
	for _, m := range verifyMutants(t) {
		t.Run(m.name, func(t *testing.T) {
			t.Parallel()
			target, hits := serveMutant(t, m.mutate)
			res := verifyShipped(t, Options{Target: target, Strict: m.strict})
			require.Positive(t, hits.Load(), "the mutant changed nothing")
			report := pretty(t, res)
			require.Equal(t, 1, res.ExitCode(), "verify passes against the mutant:\n%s", report)
			found := false
			for _, c := range res.Cassettes {
				for _, in := range c.Differing() {
					for _, d := range in.Differences {
						found = found || in.Method == m.method && strings.HasPrefix(d.Path, m.field)
					}
				}
			}
			assert.True(t, found, "no difference at %s of %s; the report:\n%s", m.field, m.method, report)
			assert.Contains(t, report, m.method)
			assert.Contains(t, report, m.field)
		})
	}
}

func reencodeAnswers() middleware {
	return onResponse(func(r *http.Request, a *answer) bool {
		m := a.object()
		if m == nil {
			return false
		}
		a.setObject(m)
		return true
	})
}

// syncWriter serialises writes from the server's goroutines.
type syncWriter struct {
	mu sync.Mutex
	b  *strings.Builder
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}
