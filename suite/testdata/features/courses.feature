Feature: Courses

  @rule:course.create
  Scenario: The teacher creates an active course
    Given a course owned by the teacher
    When the teacher sends "GET" to "/v1/courses/{courseId}"
    Then the response status is 200
    And the response field "courseState" is "ACTIVE"
    And the response field "ownerId" is "{teacherId}"

  @rule:course.anonymous
  Scenario: An anonymous caller cannot read a course
    Given a course owned by the teacher
    When an anonymous caller sends "GET" to "/v1/courses/{courseId}"
    Then the request fails with 401 UNAUTHENTICATED
