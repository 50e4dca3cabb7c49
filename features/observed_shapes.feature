@method:classroom.courses.courseWork.create @method:classroom.courses.courseWork.get
@method:classroom.courses.courseWork.studentSubmissions.get @method:classroom.courses.courseWork.studentSubmissions.list
@method:classroom.courses.create @method:classroom.courses.get
Feature: Answers shaped like Google's
  Shapes Google's answers are observed to have and the documentation does not state: clients come
  to rely on them. These scenarios check observed rules, which decide the exit status of a run
  only with --strict. (Observed in answers of the Classroom API pasted publicly, 2017 to 2025.)

  Background:
    Given a course owned by the teacher
    And the student is enrolled in the course

  @rule:api.timestamps.milliseconds
  Scenario: Timestamps have exactly three fractional digits
    Given a published assignment in the course
    And the student's submission for the assignment
    And the student has turned in their submission
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the response status is 200
    And the response field "creationTime" matches "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$"
    And the response field "updateTime" matches "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$"
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}"
    Then the response status is 200
    And the response field "updateTime" matches "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$"
    And the response field "submissionHistory.#(stateHistory.state==TURNED_IN).stateHistory.stateTimestamp" matches "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$"

  @rule:courses.guardians-enabled.present @rule:courses.description-heading.filled @rule:courses.gradebook-settings.present
  @rule:courses.group-emails.shape @rule:courses.calendar-id.shape
  Scenario: A course carries Google's fields and shapes
    When the teacher sends "GET" to "/v1/courses/{courseId}"
    Then the response status is 200
    And the response field "guardiansEnabled" is the JSON value false
    And the response field "gradebookSettings.calculationType" is present
    And the response field "gradebookSettings.displaySetting" is present
    And the response field "teacherGroupEmail" matches "^[A-Za-z0-9_]+_teachers_[0-9a-f]{8}@[^@]+$"
    And the response field "courseGroupEmail" matches "^[A-Za-z0-9_]+_[0-9a-f]{8}@[^@]+$"
    And the response field "calendarId" matches "^([a-z0-9.-]+_classroom[0-9a-f]{8}|classroom[0-9]{21})@group\.calendar\.google\.com$"
    When I remember the response field "name" as "courseName"
    Then the response field "descriptionHeading" is "{courseName}"

  @rule:courses.description-heading.filled
  Scenario: A course with a section is headed by its name and section
    When the teacher sends "POST" to "/v1/courses" with:
      """json
      {"name": "Observed heading", "section": "Period 2", "ownerId": "me"}
      """
    Then the response status is 200
    And the response field "descriptionHeading" is "Observed heading Period 2"
    And the response field "guardiansEnabled" is the JSON value false

  @rule:coursework.alternate-link.work-type
  Scenario Outline: The link to <type> course work says <segment>
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Linked", "workType": "<type>", "state": "PUBLISHED"<extra>}
      """
    Then the response status is 200
    And the response field "alternateLink" matches "^https://classroom\.google\.com/c/[A-Za-z0-9]+/<segment>/[A-Za-z0-9]+/details$"

    Examples:
      | type                     | segment | extra                                                |
      | ASSIGNMENT               | a       |                                                      |
      | SHORT_ANSWER_QUESTION    | sa      |                                                      |
      | MULTIPLE_CHOICE_QUESTION | mc      | , "multipleChoiceQuestion": {"choices": ["Yes", "No"]} |

  @rule:coursework.assignment.student-work-folder-id-only
  Scenario: The Drive folder of student work is given by its id only
    Given a published assignment in the course
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the response status is 200
    And the response field "assignment.studentWorkFolder.id" is present
    And the response field "assignment.studentWorkFolder.title" is absent
    And the response field "assignment.studentWorkFolder.alternateLink" is absent

  @rule:submissions.id.protobuf-key @rule:submissions.alternate-link.student-number
  @rule:submissions.assignment-submission.empty @rule:submissions.late.only-true
  Scenario: A new submission has Google's id, link and empty answer
    Given a published assignment in the course
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions"
    Then the response status is 200
    And the response field "studentSubmissions.0.id" matches "^Cg[A-Za-z0-9_-]+$"
    And the response field "studentSubmissions.0.alternateLink" matches "^https://classroom\.google\.com/c/[A-Za-z0-9]+/a/[A-Za-z0-9]+/submissions/by-status/and-sort-last-name/student/[A-Za-z0-9]+$"
    And the response field "studentSubmissions.0.assignmentSubmission" is the JSON value {}
    And the response field "studentSubmissions.0.late" is absent

  @rule:submissions.assignment-submission.empty
  Scenario: A submission of a question without an answer has an empty assignmentSubmission
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Say something", "workType": "SHORT_ANSWER_QUESTION", "state": "PUBLISHED"}
      """
    Then the response status is 200
    When I remember the response field "id" as "questionId"
    And the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{questionId}/studentSubmissions"
    Then the response status is 200
    And the response field "studentSubmissions.0.assignmentSubmission" is the JSON value {}
    And the response field "studentSubmissions.0.alternateLink" matches "/sa/[A-Za-z0-9]+/submissions/"

  @rule:submissions.history.created-first @rule:submissions.late.only-true
  Scenario: The history of a turned-in submission starts with the student's CREATED entry
    Given a published assignment in the course
    And the student's submission for the assignment
    And the student has turned in their submission
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}"
    Then the response status is 200
    And the response field "submissionHistory.0.stateHistory.state" is "CREATED"
    And the response field "submissionHistory.0.stateHistory.actorUserId" is "{studentId}"
    And the response field "submissionHistory.#.stateHistory.state" contains "TURNED_IN"
    And the response field "late" is absent

  @rule:errors.json-array-body
  Scenario: A JSON array as the body is not a message
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      [{"title": "Essay", "workType": "ASSIGNMENT"}]
      """
    Then the request fails with 400 INVALID_ARGUMENT
    And the response field "error.message" matches "^Invalid JSON payload received\. Unknown name \x22\x22: Root element must be a message\.$"
