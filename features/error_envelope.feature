@method:classroom.courses.courseWork.delete @method:classroom.courses.courseWork.get
@method:classroom.courses.courseWork.patch @method:classroom.courses.courseWork.studentSubmissions.reclaim
Feature: The error envelope
  Every error is a JSON object with an "error" member holding the numeric HTTP code, a message and
  the canonical status name. "When available, the error message is prepended with @ and a specific
  error type." (Classroom troubleshooting: error structure)

  Background:
    Given a course owned by the teacher
    And the student is enrolled in the course
    And a published assignment in the course

  @rule:errors.envelope
  Scenario Outline: A <status> error carries code, message and status
    When <actor> sends "<verb>" to "<path>"
    Then the request fails with <code> <status>
    And the response field "error.code" is the JSON value <code>
    And the response field "error.status" is "<status>"
    And the response field "error.message" is present

    Examples:
      | actor                | verb   | path                                                       | code | status              |
      | the teacher          | GET    | /v1/courses/{courseId}/courseWork/999999999999999999       | 404  | NOT_FOUND           |
      | the outsider         | GET    | /v1/courses/{courseId}/courseWork/{courseWorkId}           | 403  | PERMISSION_DENIED   |
      | an anonymous caller  | GET    | /v1/courses/{courseId}/courseWork/{courseWorkId}           | 401  | UNAUTHENTICATED     |
      | the teacher          | PATCH  | /v1/courses/{courseId}/courseWork/{courseWorkId}           | 400  | INVALID_ARGUMENT    |

  @rule:errors.envelope
  Scenario: A FAILED_PRECONDITION error is an HTTP 400
    Given the student's submission for the assignment
    When the student sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:reclaim" with:
      """json
      {}
      """
    Then the request fails with 400 FAILED_PRECONDITION
    And the response field "error.code" is the JSON value 400
    And the response field "error.status" is "FAILED_PRECONDITION"
    And the response field "error.message" is present

  @rule:errors.code-prefix
  Scenario: A Classroom error code is followed by a space and the human text
    When the teacher via project B sends "DELETE" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the request fails with 403 PERMISSION_DENIED and message prefix "@ProjectPermissionDenied"
    And the response field "error.message" matches "^@ProjectPermissionDenied \S"

  @rule:errors.unknown-path
  Scenario: A path the API does not have is answered with a NOT_FOUND envelope
    When the teacher sends "GET" to "/v1/courses/{courseId}/homework"
    Then the request fails with 404 NOT_FOUND
    And the response field "error.message" is present

  @rule:errors.unknown-path
  Scenario: A method the path does not support is answered with a NOT_FOUND envelope
    When the teacher sends "PUT" to "/v1/courses/{courseId}/courseWork/{courseWorkId}" with:
      """json
      {"title": "Replaced"}
      """
    Then the request fails with 404 NOT_FOUND
    And the response field "error.message" is present

  @rule:api.system-parameters
  Scenario: The standard query parameters alt and prettyPrint are accepted
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}?alt=json&prettyPrint=false"
    Then the response status is 200
    And the response field "id" is "{courseWorkId}"

  @rule:api.partial-response
  Scenario: The fields parameter selects the fields of the answer
    "Selector specifying which fields to include in a partial response."

    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}?fields=id,title"
    Then the response status is 200
    And the response field "id" is "{courseWorkId}"
    And the response field "title" is present
    And the response field "workType" is absent
    And the response field "creationTime" is absent
