@method:classroom.courses.courseWork.create @method:classroom.courses.courseWork.delete
@method:classroom.courses.courseWork.get @method:classroom.courses.courseWork.list
@method:classroom.courses.courseWork.patch
Feature: Delete course work
  "Deletes a course work. This request must be made by the Developer Console project of the OAuth
  client ID used to create the corresponding course work item." (Method: courses.courseWork.delete)

  Background:
    Given a course owned by the teacher
    And the student is enrolled in the course
    And a published assignment in the course

  @rule:coursework.delete.empty-response
  Scenario: The teacher deletes course work and gets an empty object
    When the teacher sends "DELETE" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the response status is 200
    And the response body is exactly:
      """json
      {}
      """

  @rule:coursework.delete.already-deleted @ambiguity:coursework.deleted=DELETED_VISIBLE
  Scenario: Deleting course work twice fails the second time
    "FAILED_PRECONDITION if the requested course work has already been deleted."

    When the teacher sends "DELETE" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the response status is 200
    When the teacher sends "DELETE" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the request fails with 400 FAILED_PRECONDITION

  @rule:coursework.delete.permission-denied
  Scenario Outline: <actor> cannot delete course work
    "PERMISSION_DENIED if the requesting developer project did not create the corresponding course
    work, if the requesting user is not permitted to delete the requested course or for access
    errors."

    When <actor> sends "DELETE" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the request fails with 403 PERMISSION_DENIED
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the response field "state" is "PUBLISHED"

    Examples:
      | actor        |
      | the student  |
      | the outsider |

  @rule:coursework.delete.course-not-found
  Scenario: Deleting course work of a course that does not exist
    "NOT_FOUND if no course exists with the requested ID."

    When the teacher sends "DELETE" to "/v1/courses/999999999999999999/courseWork/{courseWorkId}"
    Then the request fails with 404 NOT_FOUND

  @rule:coursework.delete.unknown-id
  Scenario: Deleting course work that does not exist
    When the teacher sends "DELETE" to "/v1/courses/{courseId}/courseWork/999999999999999999"
    Then the request fails with 404 NOT_FOUND

  @rule:coursework.state.draft-deleted @ambiguity:coursework.deleted=DELETED_VISIBLE
  Scenario: The teacher deletes a draft
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Never published", "workType": "ASSIGNMENT", "state": "DRAFT"}
      """
    Then the response status is 200
    When I remember the response field "id" as "draftId"
    And the teacher sends "DELETE" to "/v1/courses/{courseId}/courseWork/{draftId}"
    Then the response status is 200
    And the response body is exactly:
      """json
      {}
      """
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{draftId}"
    Then the response status is 200
    And the response field "state" is "DELETED"
    When the teacher sends "DELETE" to "/v1/courses/{courseId}/courseWork/{draftId}"
    Then the request fails with 400 FAILED_PRECONDITION

  @rule:coursework.delete.already-deleted @rule:coursework.patch.deleted @rule:coursework.visibility.deleted-teacher
  @rule:coursework.state.draft-deleted @ambiguity:coursework.deleted=NOT_FOUND
  Scenario: Deleted course work is gone, for the teacher too
    A server may remove deleted work rather than keep it in the DELETED state: then every later
    request about it finds nothing.

    When the teacher sends "DELETE" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the response status is 200
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the request fails with 404 NOT_FOUND
    When the teacher sends "DELETE" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the request fails with 404 NOT_FOUND
    When the teacher sends "PATCH" to "/v1/courses/{courseId}/courseWork/{courseWorkId}?updateMask=title" with:
      """json
      {"title": "Too late"}
      """
    Then the request fails with 404 NOT_FOUND
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork?courseWorkStates=DELETED"
    Then the response status is 200
    And the response field "courseWork.#.id" does not contain "{courseWorkId}"
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Never published", "workType": "ASSIGNMENT", "state": "DRAFT"}
      """
    Then the response status is 200
    When I remember the response field "id" as "draftId"
    And the teacher sends "DELETE" to "/v1/courses/{courseId}/courseWork/{draftId}"
    Then the response status is 200
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{draftId}"
    Then the request fails with 404 NOT_FOUND
