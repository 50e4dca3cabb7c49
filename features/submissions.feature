@method:classroom.courses.courseWork.create @method:classroom.courses.courseWork.modifyAssignees
@method:classroom.courses.courseWork.studentSubmissions.get
@method:classroom.courses.courseWork.studentSubmissions.list
@method:classroom.courses.courseWork.studentSubmissions.return
@method:classroom.courses.courseWork.studentSubmissions.turnIn
Feature: Student submissions: get, list, turn in and return
  "StudentSubmission items are generated when a CourseWork item is created." A student turns in
  their own submission; a teacher returns it. These are the transitions that lead to the states a
  reclaim depends on. (Resource: courses.courseWork.studentSubmissions)

  Background:
    Given a course owned by the teacher
    And the student is enrolled in the course
    And the other student is enrolled in the course
    And a published assignment in the course
    And the student's submission for the assignment

  @rule:submissions.generated
  Scenario: Creating course work creates one submission per student
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions"
    Then the response status is 200
    And the response field "studentSubmissions" has 2 items
    And the response field "studentSubmissions.#.userId" contains "{studentId}"
    And the response field "studentSubmissions.#.userId" contains "{otherStudentId}"
    And the response field "studentSubmissions.#.courseWorkId" contains "{courseWorkId}"

  @rule:submissions.initial-state
  Scenario: A submission nobody has turned in yet is NEW or CREATED
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}"
    Then the response status is 200
    And the response field "state" matches "^(NEW|CREATED)$"
    And the response field "userId" is "{studentId}"
    And the response field "courseId" is "{courseId}"
    And the response field "courseWorkId" is "{courseWorkId}"
    And the response field "courseWorkType" is "ASSIGNMENT"

  @rule:submissions.get.access
  Scenario: The teacher reads a student's submission
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}"
    Then the response status is 200
    And the response field "id" is "{submissionId}"
    And the response field "userId" is "{studentId}"

  @rule:submissions.get.access
  Scenario: Another student cannot read the submission
    When the other student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}"
    Then the request fails with 403 PERMISSION_DENIED

  @rule:submissions.get.access
  Scenario: A user outside the course cannot read the submission
    When the outsider sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}"
    Then the request fails with 403 PERMISSION_DENIED

  @rule:submissions.get.not-found
  Scenario Outline: Reading a submission under <what> that does not exist
    When the teacher sends "GET" to "<path>"
    Then the request fails with 404 NOT_FOUND

    Examples:
      | what                 | path                                                                                    |
      | a course             | /v1/courses/999999999999999999/courseWork/{courseWorkId}/studentSubmissions/{submissionId} |
      | a course work        | /v1/courses/{courseId}/courseWork/999999999999999999/studentSubmissions/{submissionId}     |
      | a submission id      | /v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/999999999999999999     |

  @rule:submissions.hidden-work @ambiguity:coursework.hidden-from-student=NOT_FOUND
  Scenario: A student cannot read or turn in a submission of course work no longer assigned to them
    "NOT_FOUND if the requested course, course work, or student submission does not exist." For
    the student left out, the course work is hidden; the turn-in changes nothing.

    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}:modifyAssignees" with:
      """json
      {"assigneeMode": "INDIVIDUAL_STUDENTS",
       "modifyIndividualStudentsOptions": {"addStudentIds": ["{otherStudentId}"]}}
      """
    Then the response status is 200
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}"
    Then the request fails with 404 NOT_FOUND
    When the student sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:turnIn" with:
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
    And the response field "state" matches "^(NEW|CREATED)$"

  @rule:submissions.hidden-work @ambiguity:coursework.hidden-from-student=PERMISSION_DENIED
  Scenario: A student is not permitted to read or turn in a submission of course work no longer assigned to them
    "PERMISSION_DENIED if the requesting user is not permitted to access the requested course or
    course work, turn in the requested student submission, or for access errors."

    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}:modifyAssignees" with:
      """json
      {"assigneeMode": "INDIVIDUAL_STUDENTS",
       "modifyIndividualStudentsOptions": {"addStudentIds": ["{otherStudentId}"]}}
      """
    Then the response status is 200
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}"
    Then the request fails with 403 PERMISSION_DENIED
    When the student sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:turnIn" with:
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
    And the response field "state" matches "^(NEW|CREATED)$"

  @rule:submissions.get.malformed
  Scenario: Reading a submission with an unknown query parameter is malformed
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}?colour=blue"
    Then the request fails with 400 INVALID_ARGUMENT

  @rule:submissions.list.students-own-work
  Scenario: A student lists only their own submission
    "Course students may only view their own work."

    When the student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions"
    Then the response status is 200
    And the response field "studentSubmissions" has 1 items
    And the response field "studentSubmissions.#.userId" contains "{studentId}"
    And the response field "studentSubmissions.#.userId" does not contain "{otherStudentId}"

  @rule:submissions.list.user-id
  Scenario: The teacher restricts the list to one student
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions?userId={otherStudentId}"
    Then the response status is 200
    And the response field "studentSubmissions" has 1 items
    And the response field "studentSubmissions.0.userId" is "{otherStudentId}"

  @rule:submissions.list.user-id
  Scenario: A student lists their own work with the literal "me"
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions?userId=me"
    Then the response status is 200
    And the response field "studentSubmissions" has 1 items
    And the response field "studentSubmissions.0.id" is "{submissionId}"

  @rule:submissions.list.all-course-work
  Scenario: A hyphen lists the submissions of every course work of the course
    The course work id may be a hyphen "to request student work for all course work in the
    specified course."

    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Second essay", "workType": "ASSIGNMENT", "state": "PUBLISHED"}
      """
    Then the response status is 200
    When I remember the response field "id" as "secondCourseWorkId"
    And the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/-/studentSubmissions?userId={studentId}"
    Then the response status is 200
    And the response field "studentSubmissions.#.courseWorkId" contains "{secondCourseWorkId}"
    And the response field "studentSubmissions.#.id" contains "{submissionId}"

  @rule:submissions.list.paging
  Scenario: The teacher pages through the submissions one at a time
    "nextPageToken value returned from a previous list call, indicating that the subsequent page of
    results should be returned."

    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions?pageSize=1"
    Then the response status is 200
    And the response field "studentSubmissions" has 1 items
    And the response field "nextPageToken" is present
    When I remember the response field "nextPageToken" as "pageToken"
    And I remember the response field "studentSubmissions.0.id" as "firstPageSubmissionId"
    And the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions?pageSize=1&pageToken={pageToken}"
    Then the response status is 200
    And the response field "studentSubmissions" has 1 items
    And the response field "studentSubmissions.#.id" does not contain "{firstPageSubmissionId}"
    And the response field "nextPageToken" is absent

  @rule:submissions.list.states
  Scenario: The states filter returns only submissions in the requested states
    Given the student has turned in their submission
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions?states=TURNED_IN"
    Then the response status is 200
    And the response field "studentSubmissions" has 1 items
    And the response field "studentSubmissions.0.id" is "{submissionId}"
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions?states=RETURNED&states=RECLAIMED_BY_STUDENT"
    Then the response status is 200
    And the response field "studentSubmissions.#.id" does not contain "{submissionId}"

  @rule:submissions.list.permission-denied
  Scenario: A user outside the course cannot list submissions
    When the outsider sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions"
    Then the request fails with 403 PERMISSION_DENIED

  @rule:submissions.list.not-found
  Scenario: Listing submissions of a course that does not exist
    When the teacher sends "GET" to "/v1/courses/999999999999999999/courseWork/{courseWorkId}/studentSubmissions"
    Then the request fails with 404 NOT_FOUND

  @rule:submissions.list.malformed
  Scenario: Listing submissions with an unknown state is malformed
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions?states=FINISHED"
    Then the request fails with 400 INVALID_ARGUMENT

  @rule:submissions.turn-in.owner
  Scenario: The student turns in their submission
    "Turns in a student submission."

    When the student sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:turnIn" with:
      """json
      {}
      """
    Then the response status is 200
    And the response body is exactly:
      """json
      {}
      """
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}"
    Then the response field "state" is "TURNED_IN"
    And the response field "submissionHistory.#.stateHistory.state" contains "TURNED_IN"
    And the response field "updateTime" is an RFC 3339 UTC timestamp

  @rule:submissions.turn-in.owner
  Scenario Outline: <actor> cannot turn in the student's submission
    "This may only be called by the student that owns the specified student submission."

    When <actor> sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:turnIn" with:
      """json
      {}
      """
    Then the request fails with 403 PERMISSION_DENIED

    Examples:
      | actor             |
      | the teacher       |
      | the other student |
      | the outsider      |

  @rule:submissions.turn-in.after-reclaim
  Scenario: A reclaimed submission can be turned in again
    Given the student has turned in their submission
    And the student has reclaimed their submission
    When the student sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:turnIn" with:
      """json
      {}
      """
    Then the response status is 200
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}"
    Then the response field "state" is "TURNED_IN"

  @rule:submissions.turn-in.twice @ambiguity:turnin.already-turned-in=FAILED_PRECONDITION
  Scenario: A submission that is already turned in cannot be turned in again
    Given the student has turned in their submission
    When the student sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:turnIn" with:
      """json
      {}
      """
    Then the request fails with 400 FAILED_PRECONDITION

  @rule:submissions.turn-in.twice @ambiguity:turnin.already-turned-in=ALLOWED
  Scenario: Turning in a submission that is already turned in succeeds and changes nothing
    Given the student has turned in their submission
    When the student sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:turnIn" with:
      """json
      {}
      """
    Then the response status is 200
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}"
    Then the response field "state" is "TURNED_IN"

  @rule:submissions.turn-in.not-found
  Scenario: Turning in a submission that does not exist
    When the student sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/999999999999999999:turnIn" with:
      """json
      {}
      """
    Then the request fails with 404 NOT_FOUND

  @rule:submissions.turn-in.malformed
  Scenario: A turn-in request body with a field is malformed
    When the student sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:turnIn" with:
      """json
      {"comment": "done"}
      """
    Then the request fails with 400 INVALID_ARGUMENT

  @rule:submissions.return.teacher
  Scenario: The teacher returns a turned-in submission
    "Returning a student submission transfers ownership of attached Drive files to the student and
    may also update the submission state."

    Given the student has turned in their submission
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:return" with:
      """json
      {}
      """
    Then the response status is 200
    And the response body is exactly:
      """json
      {}
      """
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}"
    Then the response field "state" is "RETURNED"
    And the response field "submissionHistory.#.stateHistory.state" contains "RETURNED"

  @rule:submissions.return.teacher
  Scenario Outline: <actor> cannot return a submission
    "Only a teacher of the course that contains the requested student submission may call this
    method."

    Given the student has turned in their submission
    When <actor> sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:return" with:
      """json
      {}
      """
    Then the request fails with 403 PERMISSION_DENIED

    Examples:
      | actor             |
      | the student       |
      | the other student |
      | the outsider      |

  @rule:submissions.return.not-turned-in @ambiguity:return.not-turned-in=FAILED_PRECONDITION
  Scenario: A submission that was never turned in cannot be returned
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:return" with:
      """json
      {}
      """
    Then the request fails with 400 FAILED_PRECONDITION

  @rule:submissions.return.not-turned-in @ambiguity:return.not-turned-in=ALLOWED
  Scenario: A submission that was never turned in can be returned
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:return" with:
      """json
      {}
      """
    Then the response status is 200
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}"
    Then the response field "state" is "RETURNED"

  @rule:submissions.return.not-found
  Scenario: Returning a submission that does not exist
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/999999999999999999:return" with:
      """json
      {}
      """
    Then the request fails with 404 NOT_FOUND

  @rule:submissions.return.malformed
  Scenario: A return request body with a field is malformed
    Given the student has turned in their submission
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:return" with:
      """json
      {"assignedGrade": 90}
      """
    Then the request fails with 400 INVALID_ARGUMENT
