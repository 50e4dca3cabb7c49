@method:classroom.courses.courseWork.modifyAssignees
@method:classroom.courses.courseWork.studentSubmissions.get
@method:classroom.courses.courseWork.studentSubmissions.reclaim
Feature: Reclaim a student submission
  "Reclaims a student submission on behalf of the student that owns it. Reclaiming a student
  submission transfers ownership of attached Drive files to the student and updates the submission
  state. Only the student that owns the requested student submission may call this method, and only
  for a student submission that has been turned in."
  (Method: courses.courseWork.studentSubmissions.reclaim)

  Background:
    Given a course owned by the teacher
    And the student is enrolled in the course
    And a published assignment in the course
    And the student's submission for the assignment

  @rule:reclaim.empty-response
  Scenario: A successful reclaim answers an empty JSON object
    "If successful, the response body is an empty JSON object."

    Given the student has turned in their submission
    When the student sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:reclaim" with:
      """json
      {}
      """
    Then the response status is 200
    And the response body is exactly:
      """json
      {}
      """

  @rule:reclaim.updates-state
  Scenario: Reclaiming a turned-in submission makes it RECLAIMED_BY_STUDENT
    "Reclaiming a student submission transfers ownership of attached Drive files to the student and
    updates the submission state."

    Given the student has turned in their submission
    And the student has reclaimed their submission
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}"
    Then the response status is 200
    And the response field "state" is "RECLAIMED_BY_STUDENT"

  @rule:reclaim.history
  Scenario: The reclaim is recorded in the submission history
    StateHistory is "The history of each state this submission has been in."

    Given the student has turned in their submission
    And the student has reclaimed their submission
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}"
    Then the response status is 200
    And the response field "submissionHistory.#.stateHistory.state" contains "TURNED_IN"
    And the response field "submissionHistory.#.stateHistory.state" contains "RECLAIMED_BY_STUDENT"
    And the response field "submissionHistory.#(stateHistory.state==RECLAIMED_BY_STUDENT).stateHistory.actorUserId" is "{studentId}"
    And the response field "submissionHistory.#(stateHistory.state==RECLAIMED_BY_STUDENT).stateHistory.stateTimestamp" is an RFC 3339 UTC timestamp

  @rule:reclaim.updates-state
  Scenario: The teacher sees the reclaimed state too
    Given the student has turned in their submission
    And the student has reclaimed their submission
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}"
    Then the response status is 200
    And the response field "state" is "RECLAIMED_BY_STUDENT"
    And the response field "submissionHistory.#.stateHistory.state" contains "RECLAIMED_BY_STUDENT"

  @rule:reclaim.only-turned-in
  Scenario: A submission that was never turned in cannot be reclaimed
    "FAILED_PRECONDITION if the student submission has not been turned in."

    When the student sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:reclaim" with:
      """json
      {}
      """
    Then the request fails with 400 FAILED_PRECONDITION
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}"
    Then the response status is 200
    And the response field "state" matches "^(NEW|CREATED)$"
    And the response field "submissionHistory.#.stateHistory.state" does not contain "RECLAIMED_BY_STUDENT"

  @rule:reclaim.only-turned-in
  Scenario: A submission that was already reclaimed cannot be reclaimed again
    Given the student has turned in their submission
    And the student has reclaimed their submission
    When the student sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:reclaim" with:
      """json
      {}
      """
    Then the request fails with 400 FAILED_PRECONDITION

  @rule:reclaim.only-turned-in
  Scenario: A submission turned in again after a reclaim can be reclaimed again
    Given the student has turned in their submission
    And the student has reclaimed their submission
    And the student has turned in their submission
    When the student sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:reclaim" with:
      """json
      {}
      """
    Then the response status is 200
    And the response body is exactly:
      """json
      {}
      """

  @rule:reclaim.returned-submission @ambiguity:reclaim.returned=FAILED_PRECONDITION
  Scenario: A returned submission is not turned in, so it cannot be reclaimed
    Given the student has turned in their submission
    And the teacher has returned the student's submission
    When the student sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:reclaim" with:
      """json
      {}
      """
    Then the request fails with 400 FAILED_PRECONDITION

  @rule:reclaim.returned-submission @ambiguity:reclaim.returned=ALLOWED
  Scenario: A returned submission has been turned in, so it can be reclaimed
    Given the student has turned in their submission
    And the teacher has returned the student's submission
    When the student sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:reclaim" with:
      """json
      {}
      """
    Then the response status is 200
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}"
    Then the response field "state" is "RECLAIMED_BY_STUDENT"

  @rule:reclaim.only-owner
  Scenario: The teacher cannot reclaim a student's submission
    "Only the student that owns the requested student submission may call this method"

    Given the student has turned in their submission
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:reclaim" with:
      """json
      {}
      """
    Then the request fails with 403 PERMISSION_DENIED

  @rule:reclaim.only-owner
  Scenario: Another student of the course cannot reclaim the submission
    Given the other student is enrolled in the course
    And the student has turned in their submission
    When the other student sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:reclaim" with:
      """json
      {}
      """
    Then the request fails with 403 PERMISSION_DENIED

  @rule:reclaim.only-owner
  Scenario: A user outside the course cannot reclaim the submission
    Given the student has turned in their submission
    When the outsider sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:reclaim" with:
      """json
      {}
      """
    Then the request fails with 403 PERMISSION_DENIED

  @rule:reclaim.only-owner
  Scenario: The submission is left turned in when someone else tries to reclaim it
    Given the student has turned in their submission
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:reclaim" with:
      """json
      {}
      """
    Then the request fails with 403 PERMISSION_DENIED
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}"
    Then the response field "state" is "TURNED_IN"

  @rule:reclaim.developer-project
  Scenario: The owner cannot reclaim through another Developer Console project
    "This request must be made by the Developer Console project of the OAuth client ID used to
    create the corresponding course work item."

    Given the student has turned in their submission
    When the student via project B sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:reclaim" with:
      """json
      {}
      """
    Then the request fails with 403 PERMISSION_DENIED and message prefix "@ProjectPermissionDenied"
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}"
    Then the response status is 200
    And the response field "state" is "TURNED_IN"

  @rule:reclaim.scope
  Scenario: A token without the classroom.coursework.me scope cannot reclaim
    "Requires the following OAuth scope: https://www.googleapis.com/auth/classroom.coursework.me"

    Given the student has turned in their submission
    When the student without coursework scope sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:reclaim" with:
      """json
      {}
      """
    Then the request fails with 403 PERMISSION_DENIED
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}"
    Then the response status is 200
    And the response field "state" is "TURNED_IN"

  @rule:auth.credentials-required
  Scenario: A request without credentials cannot reclaim
    Given the student has turned in their submission
    When an anonymous caller sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:reclaim" with:
      """json
      {}
      """
    Then the request fails with 401 UNAUTHENTICATED

  @rule:reclaim.not-found
  Scenario: Reclaim in a course that does not exist
    "NOT_FOUND if the requested course, course work, or student submission does not exist."

    Given the student has turned in their submission
    When the student sends "POST" to "/v1/courses/999999999999999999/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:reclaim" with:
      """json
      {}
      """
    Then the request fails with 404 NOT_FOUND

  @rule:reclaim.not-found
  Scenario: Reclaim for course work that does not exist
    Given the student has turned in their submission
    When the student sends "POST" to "/v1/courses/{courseId}/courseWork/999999999999999999/studentSubmissions/{submissionId}:reclaim" with:
      """json
      {}
      """
    Then the request fails with 404 NOT_FOUND

  @rule:reclaim.not-found
  Scenario: Reclaim of a student submission that does not exist
    Given the student has turned in their submission
    When the student sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/999999999999999999:reclaim" with:
      """json
      {}
      """
    Then the request fails with 404 NOT_FOUND

  @rule:reclaim.hidden-work @ambiguity:coursework.hidden-from-student=NOT_FOUND
  Scenario: A student cannot reclaim a submission of course work no longer assigned to them
    "If the assigneeMode is INDIVIDUAL_STUDENTS, then only students specified in this field will be
    assigned the coursework." For the student left out, the course work is hidden; when it is
    assigned to everyone again, their submission is still turned in.

    Given the other student is enrolled in the course
    And the student has turned in their submission
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}:modifyAssignees" with:
      """json
      {"assigneeMode": "INDIVIDUAL_STUDENTS",
       "modifyIndividualStudentsOptions": {"addStudentIds": ["{otherStudentId}"]}}
      """
    Then the response status is 200
    When the student sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:reclaim" with:
      """json
      {}
      """
    Then the request fails with 404 NOT_FOUND
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}:modifyAssignees" with:
      """json
      {"assigneeMode": "ALL_STUDENTS"}
      """
    Then the response status is 200
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}"
    Then the response status is 200
    And the response field "state" is "TURNED_IN"

  @rule:reclaim.hidden-work @ambiguity:coursework.hidden-from-student=PERMISSION_DENIED
  Scenario: A student is not permitted to reclaim a submission of course work no longer assigned to them
    "PERMISSION_DENIED if the requesting user is not permitted to access the requested course or
    course work, unsubmit the requested student submission, or for access errors."

    Given the other student is enrolled in the course
    And the student has turned in their submission
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}:modifyAssignees" with:
      """json
      {"assigneeMode": "INDIVIDUAL_STUDENTS",
       "modifyIndividualStudentsOptions": {"addStudentIds": ["{otherStudentId}"]}}
      """
    Then the response status is 200
    When the student sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:reclaim" with:
      """json
      {}
      """
    Then the request fails with 403 PERMISSION_DENIED
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}:modifyAssignees" with:
      """json
      {"assigneeMode": "ALL_STUDENTS"}
      """
    Then the response status is 200
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}"
    Then the response status is 200
    And the response field "state" is "TURNED_IN"

  @rule:reclaim.request-body
  Scenario: A request body with a field is malformed
    "The request body must be empty." and "INVALID_ARGUMENT if the request is malformed."

    Given the student has turned in their submission
    When the student sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:reclaim" with:
      """json
      {"reason": "I want to change my answer"}
      """
    Then the request fails with 400 INVALID_ARGUMENT
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}"
    Then the response field "state" is "TURNED_IN"

  @rule:reclaim.request-body
  Scenario: A request body that is not JSON is malformed
    Given the student has turned in their submission
    When the student sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:reclaim" with:
      """
      reclaim please
      """
    Then the request fails with 400 INVALID_ARGUMENT

  @rule:reclaim.request-body
  Scenario Outline: An empty request body is accepted as <body>
    Given the student has turned in their submission
    When the student sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:reclaim" with:
      """json
      <body>
      """
    Then the response status is 200
    And the response body is exactly:
      """json
      {}
      """

    Examples:
      | body |
      | {}   |
      | null |

  @rule:reclaim.request-body
  Scenario: A request without any body is accepted
    Given the student has turned in their submission
    When the student sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:reclaim"
    Then the response status is 200
    And the response body is exactly:
      """json
      {}
      """

  @rule:aliases.course-id-path
  Scenario: The course of a reclaim can be addressed by its alias
    "This identifier can be either the Classroom-assigned identifier or an alias."

    Given the course has the alias "p:alias-{courseId}"
    And the student has turned in their submission
    When the student sends "POST" to "/v1/courses/p:alias-{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:reclaim" with:
      """json
      {}
      """
    Then the response status is 200
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}"
    Then the response field "state" is "RECLAIMED_BY_STUDENT"
