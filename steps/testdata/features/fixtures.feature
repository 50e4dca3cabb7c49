Feature: Fixtures build a course through the public API

  @passes
  Scenario: A course with two enrolled students and a published assignment
    Given a course owned by the teacher
    And the student is enrolled in the course
    And the other student is enrolled in the course
    And the course has the alias "p:{courseId}-alias"
    And a published assignment in the course
    And the student's submission for the assignment
    And the other student's submission for the assignment
    When the teacher sends "GET" to "/v1/courses/{courseId}"
    Then the response status is 200
    And the response field "id" is "{courseId}"
    And the response field "ownerId" is "{teacherId}"
    And the response field "courseState" is "ACTIVE"
    And the response field "name" is "A course with two enrolled students and a published assignment"
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions"
    Then the response field "studentSubmissions" has 2 items
    And the response field "studentSubmissions.#.id" contains "{submissionId}"
    And the response field "studentSubmissions.#.id" contains "{otherSubmissionId}"
    And the response field "studentSubmissions.#.userId" contains "{studentId}"
    And the response field "studentSubmissions.#.userId" contains "{otherStudentId}"

  @passes
  Scenario: Submission transitions: turn in, then reclaim
    Given a course owned by the teacher
    And the student is enrolled in the course
    And a published assignment in the course
    And the student's submission for the assignment
    And the student has turned in their submission
    And the student has reclaimed their submission
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}"
    Then the response field "state" is "RECLAIMED_BY_STUDENT"

  @passes
  Scenario: Submission transitions: turn in, then return
    Given a course owned by the teacher
    And the student is enrolled in the course
    And a published assignment in the course
    And the student's submission for the assignment
    And the student has turned in their submission
    And the teacher has returned the student's submission
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}"
    Then the response field "state" is "RETURNED"

  @fails
  Scenario: A fixture that the server refuses fails the scenario
    Given a course owned by the teacher
    And the student is enrolled in the course
    And a published assignment in the course
    And the student's submission for the assignment
    And the student has reclaimed their submission

  @passes
  Scenario: A draft assignment is hidden from the student
    Given a course owned by the teacher
    And the student is enrolled in the course
    And a draft assignment in the course
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the request fails with 404 NOT_FOUND
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork"
    Then the response field "courseWork.#.state" contains "DRAFT"
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork"
    Then the response field "courseWork" has 0 items
    And the response field "courseWork.#.id" does not contain "{courseWorkId}"
