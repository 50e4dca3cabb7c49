Feature: Requests, generated values and remembered values

  Background:
    Given a course owned by the teacher

  @passes
  Scenario: A doc string is sent after substitution
    Given "title" is 5 repetitions of "é"
    And "materials" is a JSON array of 3 copies of:
      """json
      {"link": {"url": "https://example.com/"}}
      """
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "{title}", "workType": "ASSIGNMENT", "materials": {materials}, "maxPoints": 7}
      """
    Then the response status is 200
    And the response field "title" is "ééééé"
    And the response field "materials" has 3 items
    And the response field "maxPoints" is the JSON value 7
    And the response field "state" is "DRAFT"
    And the response field "id" is a numeric string id
    And the response field "creationTime" is an RFC 3339 UTC timestamp
    And the response field "alternateLink" is absent
    And the response field "workType" is present
    And the response field "title" matches "^é{5}$"
    When I remember the response field "id" as "essayId"
    And the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{essayId}"
    Then the response field "id" is "{essayId}"

  @passes
  Scenario: An anonymous caller is not authenticated
    When an anonymous caller sends "GET" to "/v1/courses/{courseId}" with no body
    Then the request fails with 401 UNAUTHENTICATED

  @passes
  Scenario: A body that is not JSON is sent as it is
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """
      not json at all
      """
    Then the request fails with 400 INVALID_ARGUMENT

  @passes
  Scenario: Exact bodies and error prefixes
    Given the student is enrolled in the course
    And a published assignment in the course
    And the student's submission for the assignment
    When the student sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:turnIn" with:
      """json
      {}
      """
    Then the response body is exactly:
      """json
      {}
      """
    When the student sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:return" with:
      """json
      {}
      """
    Then the request fails with 403 PERMISSION_DENIED and message prefix "@ProjectPermissionDenied"

  @fails
  Scenario: A wrong expectation fails
    When the teacher sends "GET" to "/v1/courses/{courseId}"
    Then the response field "courseState" is "ARCHIVED"

  @fails
  Scenario: An unknown variable fails the step
    When the teacher sends "GET" to "/v1/courses/{nothing}"

  @fails
  Scenario: A step outside the vocabulary fails the run
    When the teacher does something undocumented

  @skipped
  Scenario: An actor the profile lacks skips the scenario
    Given the student is enrolled in the course
    When the student via project B sends "GET" to "/v1/courses/{courseId}"
    Then the response status is 200
