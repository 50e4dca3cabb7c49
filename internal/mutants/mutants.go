// Package mutants holds the broken variants of the reference: Classroom servers that each get
// one documented rule wrong, the way a vendor's implementation might, made as http.Handler
// middleware around a real reference server. Each variant is tied to what must catch it: the
// rules whose scenarios must fail in the suite, and the method and field of the difference verify
// must report.
//
// It exists so that the suite's, verify's and the report's tests break the reference in one
// way, from one list: a test file cannot be imported, and copies of the variants drift apart. Only
// tests import it (a test of the import graph holds that), so it may depend on the reference.
package mutants

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/classroom-conformance/classroom-conformance/discovery"
)

// A Mutant is a broken variant of the reference and where it must be caught.
type Mutant struct {
	Name   string
	Mutate Middleware
	// Rules each must have at least one failed scenario when the suite runs against the mutant:
	// the suite fails for the right reason, not by accident.
	Rules []string
	// Gap, when set, says which rule should catch the mutant and does not yet: the features have
	// no scenario for it. The suite's test reports such a mutant while it survives.
	Gap string
	// Method is the discovery method id of an interaction verify must find differing, and Field
	// the Path of one of its differences; both empty when verify's shipped cassettes do not reach
	// the fault.
	Method, Field string
	// Strict: the fault only adds fields, which verify reports as warnings unless --strict.
	Strict bool
}

// Control is the plumbing of the mutants without a fault: every request is read and re-sent and
// every JSON answer decoded and re-encoded, so a test can check the plumbing alone fails nothing.
func Control() Middleware {
	return Chain(OnRequest(func(r *http.Request, b []byte) ([]byte, bool) { return b, false }), reencodeAnswers())
}

// reencodeAnswers decodes and re-encodes every JSON object answer, as the mutants that edit
// answers do (key order and white space change, values do not).
func reencodeAnswers() Middleware {
	return OnResponse(func(r *http.Request, a *Answer) bool {
		m := a.Object()
		if m == nil {
			return false
		}
		a.SetObject(m)
		return true
	})
}

// The discovery method ids verify reports the mutants under.
const (
	create      = "classroom.courses.courseWork.create"
	get         = "classroom.courses.courseWork.get"
	list        = "classroom.courses.courseWork.list"
	patch       = "classroom.courses.courseWork.patch"
	reclaim     = "classroom.courses.courseWork.studentSubmissions.reclaim"
	turnIn      = "classroom.courses.courseWork.studentSubmissions.turnIn"
	submission  = "classroom.courses.courseWork.studentSubmissions.get"
	submissions = "classroom.courses.courseWork.studentSubmissions.list"
)

// All returns the mutants. The one that drops unknown fields reads the properties of the request
// messages from the embedded discovery document.
func All() ([]Mutant, error) {
	doc, err := discovery.Load()
	if err != nil {
		return nil, fmt.Errorf("load the discovery document: %w", err)
	}
	fields := map[string]map[string]bool{}
	for _, name := range []string{"CourseWork", "ReclaimStudentSubmissionRequest", "TurnInStudentSubmissionRequest", "ReturnStudentSubmissionRequest"} {
		s, ok := doc.Schemas[name]
		if !ok {
			return nil, fmt.Errorf("the discovery document has no schema %s", name)
		}
		fields[name] = map[string]bool{}
		for p := range s.Properties {
			fields[name][p] = true
		}
	}
	verbFields := map[string]bool{}
	for _, s := range []string{"ReclaimStudentSubmissionRequest", "TurnInStudentSubmissionRequest", "ReturnStudentSubmissionRequest"} {
		for f := range fields[s] {
			verbFields[f] = true
		}
	}
	isReclaim := func(r *http.Request) bool { return isVerb(r, "reclaim") }
	isDelete := func(r *http.Request) bool {
		return r.Method == http.MethodDelete && courseWorkItem.MatchString(r.URL.Path)
	}
	everything := func(*http.Request) bool { return true }
	return []Mutant{
		{
			Name:   "FAILED_PRECONDITION answered with HTTP 409",
			Mutate: FailedPreconditionAs409(),
			Rules:  []string{"reclaim.only-turned-in", "errors.envelope", "coursework.delete.already-deleted"},
			Method: reclaim, Field: "status",
		},
		{
			Name:   "course work created without state is PUBLISHED",
			Mutate: defaultStatePublished(),
			Rules:  []string{"coursework.state.default"},
			Method: create, Field: "$.state",
		},
		{
			Name:   "a title over 3000 characters is truncated and accepted",
			Mutate: titleTruncated(),
			Rules:  []string{"coursework.title.length"},
			Method: create, Field: "status",
		},
		{
			Name:   "the teacher may reclaim a student's submission",
			Mutate: tokenSwap(isReclaim, map[string]string{"teacher": "student"}),
			Rules:  []string{"reclaim.only-owner"},
			Method: reclaim, Field: "status",
		},
		{
			Name: "the Developer Console project of the course work is not checked",
			Mutate: tokenSwap(isProjectBWrite, map[string]string{
				"teacher via project B": "teacher", "student via project B": "student",
			}),
			Rules: []string{
				"reclaim.developer-project", "coursework.patch.developer-project", "coursework.delete.developer-project",
				"submissions.turn-in.developer-project", "submissions.return.developer-project",
			},
			Method: patch, Field: "status",
		},
		{
			Name:   "the classroom.coursework.me scope is not checked",
			Mutate: tokenSwap(everything, map[string]string{"student without coursework scope": "student"}),
			Rules:  []string{"reclaim.scope", "submissions.turn-in.scope"},
			Method: turnIn, Field: "status",
		},
		{
			Name:   "reclaim answers the submission instead of an empty object",
			Mutate: answerWithResource(isReclaim, func(p string) string { return strings.TrimSuffix(p, ":reclaim") }),
			Rules:  []string{"reclaim.empty-response"},
			Method: reclaim, Field: "$.alternateLink", Strict: true,
		},
		{
			Name:   "draft course work has an alternateLink",
			Mutate: alternateLinkOnDrafts(),
			Rules:  []string{"coursework.alternate-link.published-only"},
			Method: create, Field: "$.alternateLink", Strict: true,
		},
		{
			Name:   `timestamps end in "+00:00" instead of "Z"`,
			Mutate: timestampsWithOffset(),
			Rules:  []string{"coursework.timestamps.rfc3339-utc", "coursework.timestamps.offset-input", "coursework.read-only.server-set"},
			Method: create, Field: "$.creationTime",
		},
		{
			Name:   "the error envelope has no status",
			Mutate: envelopeWithoutStatus(),
			Rules:  []string{"errors.envelope"},
			Method: get, Field: "$.error.status",
		},
		{
			Name:   "NOT_FOUND answered as 403 PERMISSION_DENIED",
			Mutate: notFoundAsPermissionDenied(),
			Rules:  []string{"reclaim.not-found", "coursework.get.not-found", "errors.unknown-path"},
			Method: get, Field: "status",
		},
		{
			Name:   "unknown JSON fields are dropped instead of refused",
			Mutate: unknownFieldsDropped(fields["CourseWork"], verbFields),
			Rules:  []string{"coursework.create.malformed", "reclaim.request-body", "submissions.turn-in.malformed"},
			Method: create, Field: "status",
		},
		{
			Name:   "students list what the teacher sees, drafts included",
			Mutate: tokenSwap(isCourseWorkListCall, map[string]string{"student": "teacher", "other student": "teacher"}),
			Rules:  []string{"coursework.visibility.students-published-only"},
			Method: list, Field: "$.courseWork",
		},
		{
			Name:   "maxPoints 1.5 is rounded and accepted",
			Mutate: maxPointsRounded(),
			Rules:  []string{"coursework.max-points.non-negative-integer"},
			Method: create, Field: "status",
		},
		{
			Name:   "courseWorkStates is ignored",
			Mutate: editQuery(isCourseWorkListCall, dropQuery("courseWorkStates")),
			Rules:  []string{"coursework.list.states-filter"},
			Method: list, Field: "$.courseWork",
		},
		{
			Name:   "orderBy is ignored",
			Mutate: editQuery(isCourseWorkListCall, dropQuery("orderBy")),
			Rules:  []string{"coursework.list.order-by"},
		},
		{
			Name:   "patch applies the whole body whatever the updateMask",
			Mutate: patchAppliesWholeBody(),
			Rules:  []string{"coursework.patch.only-masked-fields", "coursework.patch.update-mask-required"},
			Method: patch, Field: "$.",
		},
		{
			Name:   "a snake_case updateMask is refused",
			Mutate: snakeCaseMaskRefused(),
			Rules:  []string{"coursework.patch.update-mask-snake-case"},
			Method: patch, Field: "status",
		},
		{
			Name:   "delete answers the deleted course work instead of an empty object",
			Mutate: answerWithResource(isDelete, func(p string) string { return p }),
			Rules:  []string{"coursework.delete.empty-response"},
		},
		{
			Name:   "associatedWithDeveloper false is written out",
			Mutate: associatedWithDeveloperFalse(),
			Rules:  []string{"coursework.associated-with-developer", "submissions.associated-with-developer"},
			Method: get, Field: "$.associatedWithDeveloper", Strict: true,
		},
		{
			Name:   "a request without credentials acts as the teacher",
			Mutate: anonymousAsTeacher(),
			Rules:  []string{"auth.credentials-required"},
			Method: get, Field: "status",
		},
		{
			Name:   "submissions keep no history",
			Mutate: submissionHistoryDropped(),
			Rules:  []string{"reclaim.history"},
			Method: submission, Field: "$.submissionHistory",
		},
		{
			Name:   "a submission is found by its id whatever course and course work the path names",
			Mutate: submissionByIDAlone(),
			Rules:  []string{"reclaim.not-found", "submissions.get.not-found"},
		},
		{
			Name:   "students' course work lists carry the teacher-only studentWorkFolder",
			Mutate: studentWorkFolderInStudentLists(),
			Rules:  []string{"coursework.assignment.student-work-folder"},
		},
		{
			Name:   "a patch overwrites the creation time",
			Mutate: patchOverwritesCreationTime(),
			Rules:  []string{"coursework.read-only.server-set"},
			Method: get, Field: "$.creationTime",
		},
		{
			Name:   "studentSubmissions.list ignores pageSize",
			Mutate: editQuery(isSubmissionListCall, dropQuery("pageSize")),
			Rules:  []string{"submissions.list.paging"},
			Method: submissions, Field: "$.studentSubmissions",
		},
		{
			Name:   "the fields system parameter is ignored",
			Mutate: editQuery(func(*http.Request) bool { return true }, dropQuery("fields")),
			Rules:  []string{"api.partial-response"},
		},
	}, nil
}
