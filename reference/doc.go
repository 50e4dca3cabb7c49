// Package reference is an in-memory emulator of the Google Classroom API v1: the reference
// implementation that the conformance suite runs against by default, and a server of its own
// (`classroom-conformance serve`) for developing Classroom apps without a Google Workspace domain.
//
// It imports only the standard library and package discovery. Its paths, query parameters,
// scopes and request schemas come from Google's discovery document, which package discovery
// embeds and reads for the emulator, the proxy and the validation of traffic alike, so that what
// it accepts matches Google's description to the letter: a method the document has and the emulator does not
// implement answers 501 UNIMPLEMENTED, an unknown query parameter or body field answers 400
// INVALID_ARGUMENT with Google's wording, and a token without any of a method's scopes answers
// 403 PERMISSION_DENIED "Request had insufficient authentication scopes."
//
// # Identities
//
// A bearer token stands for an Identity: a user, the Developer Console project of the OAuth
// client, and scopes. BuiltinIdentities covers every actor of the conformance suite; Options.
// Identities (or `serve --identities FILE`) replaces them. Course work and its submissions belong
// to the project whose client created them: patch, delete, turnIn, reclaim and return from another
// project are 403 PERMISSION_DENIED "@ProjectPermissionDenied ...".
//
// # Errors
//
// Every error leaves through one writer that produces Google's envelope,
// {"error":{"code":N,"message":"...","status":"..."}}, with the HTTP code of the canonical status
// (google.rpc.Code's HTTP mapping). Where Classroom documents an error type the message starts
// with "@Type " (for example "@EmptyAssignees "); otherwise it is Google's generic text.
//
// # Decisions where the documentation is silent or contradicts itself
//
// The choices below are the emulator's; where a user may need the other answer, Behaviour selects
// it (and the rules catalogue lists it as an ambiguity):
//
//   - Course work created without a state is DRAFT (the field documentation and the guide); the
//     enum text calls PUBLISHED "the default state". Behaviour.CourseWorkDefaultState.
//   - A RETURNED submission cannot be reclaimed: FAILED_PRECONDITION. Behaviour.ReclaimReturned.
//   - Only a TURNED_IN submission can be returned: FAILED_PRECONDITION. Behaviour.ReturnNotTurnedIn.
//   - Turning in a TURNED_IN submission again is FAILED_PRECONDITION. Behaviour.TurnInTwice.
//   - modifyAssignees does not require the creating project, since its documentation does not
//     say so, unlike patch and delete. Behaviour.ModifyAssigneesProjectRule.
//   - Course work a student may not see (DRAFT, DELETED, or assigned to other students) is
//     404 NOT_FOUND for that student, from get and from every method under it, so that hidden
//     work cannot be told from missing work; the methods' texts would also allow
//     PERMISSION_DENIED ("not permitted to access the requested course or course work").
//     Behaviour.HiddenWorkPermissionDenied.
//   - An unknown path, an unknown custom verb and a method the path does not have all answer
//     404 NOT_FOUND in the error envelope.
//   - Bodies: an empty body and the JSON literal null are the empty message; field names may be
//     given in JSON form (dueDate) or proto form (due_date); null leaves a field unset.
//   - Update masks accept camelCase and snake_case names alike.
//   - Page tokens are opaque and bound to the request that produced them: used with another
//     request, or forged, they are INVALID_ARGUMENT. pageSize 0 or unset means 100 (30 for
//     students and teachers lists, as documented); the maximum is 1000.
//   - Courses: a non-admin naming another owner is 403 PERMISSION_DENIED (the guide); an unknown
//     owner is 404 NOT_FOUND; a course may be created PROVISIONED or ACTIVE only; a URL in the name
//     is FAILED_PRECONDITION "@CourseTitleCannotContainUrl"; state changes other than the documented
//     ones (PROVISIONED to ACTIVE or DECLINED, DECLINED to PROVISIONED, ACTIVE and ARCHIVED to each
//     other) are FAILED_PRECONDITION; courses.list with both studentId and teacherId is
//     FAILED_PRECONDITION "@ListCoursesStudentAndTeacherFilter".
//   - A PROVISIONED or DECLINED course is accessible to its teachers only; a SUSPENDED one to its
//     owner only. A user who is neither teacher nor student of an existing course gets 403
//     PERMISSION_DENIED from the course's methods.
//   - Rosters: the emulator has no invitations, so a teacher of a course may add students and
//     teachers directly, as a domain administrator would. A student joins with the enrolment code
//     (a missing or wrong code is PERMISSION_DENIED), only while the course is ACTIVE.
//   - Domain aliases (d:) need a domain administrator, and the emulator has none: creating one is
//     403 PERMISSION_DENIED. Project aliases (p:) resolve only for their project; for any other
//     they do not exist (404).
//
// The decisions for course work, its assignees and its submissions (order of checks, visibility of
// drafts, due dates, scheduled publishing, the submission state machine, grades) are listed at the
// top of coursework.go, assignees.go and submissions.go, beside the code that makes them.
//
// # What is not modelled
//
// Drive, topics, grading periods, rubrics, add-ons, announcements, invitations, guardians and
// domain administrators. Of the system parameters, `fields` (partial responses) and `prettyPrint`
// are honoured, and only alt=json is served.
package reference
