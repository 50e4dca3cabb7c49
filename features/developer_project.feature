@method:classroom.courses.courseWork.create @method:classroom.courses.courseWork.delete
@method:classroom.courses.courseWork.get @method:classroom.courses.courseWork.list
@method:classroom.courses.courseWork.patch
@method:classroom.courses.courseWork.studentSubmissions.get
@method:classroom.courses.courseWork.studentSubmissions.return
@method:classroom.courses.courseWork.studentSubmissions.turnIn
Feature: Course work belongs to the Developer Console project that created it
  "The resulting course work (and corresponding student submissions) are associated with the
  Developer Console project of the OAuth client ID used to make the request. Classroom API requests
  to modify course work and student submissions must be made with an OAuth client ID from the
  associated Developer Console project." (Method: courses.courseWork.create)

  Background:
    Given a course owned by the teacher
    And the student is enrolled in the course
    And a published assignment in the course
    And the student's submission for the assignment

  @rule:coursework.associated-with-developer
  Scenario: Course work is associated with the project that created it
    "Whether this course work item is associated with the Developer Console project making the
    request."

    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the response status is 200
    And the response field "associatedWithDeveloper" is the JSON value true

  @rule:coursework.associated-with-developer
  Scenario: Course work is not associated with another project
    A false boolean is left out of the response, as the JSON mapping of protocol buffers does.

    When the teacher via project B sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the response status is 200
    And the response field "associatedWithDeveloper" is absent

  @rule:developer-project.reads-allowed
  Scenario: Another project lists the course work
    When the teacher via project B sends "GET" to "/v1/courses/{courseId}/courseWork"
    Then the response status is 200
    And the response field "courseWork.#.id" contains "{courseWorkId}"
    And the response field "courseWork.#.associatedWithDeveloper" does not contain "true"

  @rule:submissions.associated-with-developer
  Scenario: A submission is associated with the project of its course work
    "Whether this student submission is associated with the Developer Console project making the
    request."

    When the student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}"
    Then the response status is 200
    And the response field "associatedWithDeveloper" is the JSON value true
    When the student via project B sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}"
    Then the response status is 200
    And the response field "associatedWithDeveloper" is absent

  @rule:coursework.patch.developer-project
  Scenario: Another project cannot patch the course work
    "This request must be made by the Developer Console project of the OAuth client ID used to
    create the corresponding course work item."

    When the teacher via project B sends "PATCH" to "/v1/courses/{courseId}/courseWork/{courseWorkId}?updateMask=title" with:
      """json
      {"title": "Renamed elsewhere"}
      """
    Then the request fails with 403 PERMISSION_DENIED and message prefix "@ProjectPermissionDenied"

  @rule:coursework.delete.developer-project
  Scenario: Another project cannot delete the course work
    When the teacher via project B sends "DELETE" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the request fails with 403 PERMISSION_DENIED and message prefix "@ProjectPermissionDenied"
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the response field "state" is "PUBLISHED"

  @rule:submissions.turn-in.developer-project
  Scenario: The student cannot turn in through another project
    When the student via project B sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:turnIn" with:
      """json
      {}
      """
    Then the request fails with 403 PERMISSION_DENIED and message prefix "@ProjectPermissionDenied"

  @rule:submissions.return.developer-project
  Scenario: The teacher cannot return a submission through another project
    Given the student has turned in their submission
    When the teacher via project B sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:return" with:
      """json
      {}
      """
    Then the request fails with 403 PERMISSION_DENIED and message prefix "@ProjectPermissionDenied"
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}"
    Then the response field "state" is "TURNED_IN"

  @rule:coursework.patch.developer-project
  Scenario: Course work created through project B cannot be patched through project A
    When the teacher via project B sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Created by the other app", "workType": "ASSIGNMENT", "state": "PUBLISHED"}
      """
    Then the response status is 200
    And the response field "associatedWithDeveloper" is the JSON value true
    When I remember the response field "id" as "otherProjectWorkId"
    And the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{otherProjectWorkId}"
    Then the response field "associatedWithDeveloper" is absent
    When the teacher sends "PATCH" to "/v1/courses/{courseId}/courseWork/{otherProjectWorkId}?updateMask=title" with:
      """json
      {"title": "Renamed by this app"}
      """
    Then the request fails with 403 PERMISSION_DENIED and message prefix "@ProjectPermissionDenied"
    When the teacher via project B sends "PATCH" to "/v1/courses/{courseId}/courseWork/{otherProjectWorkId}?updateMask=title" with:
      """json
      {"title": "Renamed by the other app"}
      """
    Then the response status is 200
