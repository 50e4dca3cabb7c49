@method:classroom.courses.courseWork.get @method:classroom.courses.create
Feature: Get course work
  "Returns course work." (Method: courses.courseWork.get)

  Background:
    Given a course owned by the teacher
    And the student is enrolled in the course
    And a published assignment in the course

  @rule:coursework.get.returns
  Scenario: The teacher reads published course work
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the response status is 200
    And the response field "id" is "{courseWorkId}"
    And the response field "courseId" is "{courseId}"
    And the response field "state" is "PUBLISHED"
    And the response field "workType" is "ASSIGNMENT"
    And the response field "maxPoints" is the JSON value 100

  @rule:coursework.get.returns
  Scenario: A student of the course reads published course work
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the response status is 200
    And the response field "id" is "{courseWorkId}"
    And the response field "state" is "PUBLISHED"

  @rule:coursework.get.permission-denied
  Scenario: A user outside the course cannot read its course work
    "PERMISSION_DENIED if the requesting user is not permitted to access the requested course or
    course work, or for access errors."

    When the outsider sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the request fails with 403 PERMISSION_DENIED

  @rule:coursework.get.not-found
  Scenario: Reading course work of a course that does not exist
    "NOT_FOUND if the requested course or course work does not exist."

    When the teacher sends "GET" to "/v1/courses/999999999999999999/courseWork/{courseWorkId}"
    Then the request fails with 404 NOT_FOUND

  @rule:coursework.get.not-found
  Scenario: Reading course work that does not exist
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/999999999999999999"
    Then the request fails with 404 NOT_FOUND

  @rule:coursework.get.not-found
  Scenario: Course work is found only in its own course
    When the teacher sends "POST" to "/v1/courses" with:
      """json
      {"name": "Second course {courseId}", "ownerId": "me"}
      """
    Then the response status is 200
    When I remember the response field "id" as "secondCourseId"
    And the teacher sends "GET" to "/v1/courses/{secondCourseId}/courseWork/{courseWorkId}"
    Then the request fails with 404 NOT_FOUND

  @rule:coursework.get.malformed
  Scenario: An unknown query parameter is malformed
    "INVALID_ARGUMENT if the request is malformed."

    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}?colour=blue"
    Then the request fails with 400 INVALID_ARGUMENT
