@method:classroom.courses.courseWork.create @method:classroom.courses.courseWork.get
@method:classroom.courses.courseWork.list
Feature: Create course work
  "Creates course work. The resulting course work (and corresponding student submissions) are
  associated with the Developer Console project of the OAuth client ID used to make the request."
  (Method: courses.courseWork.create)

  Background:
    Given a course owned by the teacher
    And the student is enrolled in the course

  @rule:coursework.create.teacher
  Scenario: A teacher of the course creates an assignment
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Essay on the water cycle", "workType": "ASSIGNMENT", "state": "PUBLISHED", "maxPoints": 20}
      """
    Then the response status is 200
    And the response field "id" is a numeric string id
    And the response field "courseId" is "{courseId}"
    And the response field "title" is "Essay on the water cycle"
    And the response field "workType" is "ASSIGNMENT"
    And the response field "state" is "PUBLISHED"
    And the response field "maxPoints" is the JSON value 20
    And the response field "creatorUserId" is "{teacherId}"

  @rule:coursework.create.teacher
  Scenario: Created course work can be read back
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Read back", "workType": "SHORT_ANSWER_QUESTION", "state": "PUBLISHED"}
      """
    Then the response status is 200
    When I remember the response field "id" as "createdId"
    And the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{createdId}"
    Then the response status is 200
    And the response field "title" is "Read back"
    And the response field "workType" is "SHORT_ANSWER_QUESTION"

  @rule:coursework.create.teacher
  Scenario: A student cannot create course work
    "CourseWork can only be created on behalf of the course's teacher. Attempting to create
    CourseWork on behalf of a student, or a domain administrator who is not a teacher in the
    course, results in a PERMISSION_DENIED error."

    When the student sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Homework I assign myself", "workType": "ASSIGNMENT"}
      """
    Then the request fails with 403 PERMISSION_DENIED

  @rule:coursework.create.permission-denied
  Scenario: A user outside the course cannot create course work in it
    "PERMISSION_DENIED if the requesting user is not permitted to access the requested course,
    create course work in the requested course, share a Drive attachment, or for access errors."

    When the outsider sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Uninvited", "workType": "ASSIGNMENT"}
      """
    Then the request fails with 403 PERMISSION_DENIED
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork?courseWorkStates=DRAFT&courseWorkStates=PUBLISHED"
    Then the response status is 200
    And the response field "courseWork.#.title" does not contain "Uninvited"

  @rule:coursework.create.not-found
  Scenario: Creating course work in a course that does not exist
    "NOT_FOUND if the requested course does not exist."

    When the teacher sends "POST" to "/v1/courses/999999999999999999/courseWork" with:
      """json
      {"title": "Nowhere", "workType": "ASSIGNMENT"}
      """
    Then the request fails with 404 NOT_FOUND

  @rule:coursework.create.malformed
  Scenario: A body that is not JSON is malformed
    "INVALID_ARGUMENT if the request is malformed."

    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """
      title=Essay&workType=ASSIGNMENT
      """
    Then the request fails with 400 INVALID_ARGUMENT

  @rule:coursework.create.malformed
  Scenario: A field CourseWork does not have is malformed
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Essay", "workType": "ASSIGNMENT", "dueDateTime": "2097-06-01T12:00:00Z"}
      """
    Then the request fails with 400 INVALID_ARGUMENT

  @rule:coursework.create.malformed
  Scenario: A field of the wrong JSON type is malformed
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": ["Essay"], "workType": "ASSIGNMENT"}
      """
    Then the request fails with 400 INVALID_ARGUMENT

  @rule:coursework.create.malformed
  Scenario: A state that is not a CourseWorkState is malformed
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Essay", "workType": "ASSIGNMENT", "state": "ARCHIVED"}
      """
    Then the request fails with 400 INVALID_ARGUMENT

  @rule:coursework.create.attachment-not-visible
  Scenario: A Drive file the teacher cannot see is not a valid material
    "FAILED_PRECONDITION for the following request error: AttachmentNotVisible"

    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {
        "title": "Read the handout",
        "workType": "ASSIGNMENT",
        "materials": [
          {"driveFile": {"driveFile": {"id": "no-such-drive-file-{courseId}"}, "shareMode": "VIEW"}}
        ]
      }
      """
    Then the request fails with 400 FAILED_PRECONDITION and message prefix "@AttachmentNotVisible"
