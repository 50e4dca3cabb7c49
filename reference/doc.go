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
// # Shapes
//
// Where Google's answers are observed to have a shape the documentation does not state, the
// emulator answers in it (the rules catalogue's observed rules check them): timestamps it sets
// have exactly three fractional digits; courses always show guardiansEnabled, a
// descriptionHeading filled from the name and section, gradebookSettings, group e-mails and a
// calendar id shaped like Google's; links spell ids as the base64 of their digits padded with Z
// and name the work type (a, mc, sa); a submission id is the protobuf key {1: {1: n, 2: course
// work id}}, n the student's number in the course, which the submission's link ends in. Every id
// derives from one sequence (store.go), so the same requests get the same ids.
//
// # Decisions where the documentation is silent or contradicts itself
//
// Where the documentation contradicts itself on a point a client notices, the rules catalogue
// records an ambiguity (`classroom-conformance rules` lists them, with their quotes): the emulator
// makes the catalogue's default choice, and the Behaviour field the catalogue names selects the
// other. Elsewhere the emulator decides as follows:
//
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
