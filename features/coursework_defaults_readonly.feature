@method:classroom.courses.courseWork.create @method:classroom.courses.courseWork.get
@method:classroom.courses.courseWork.patch
Feature: Course work defaults and read-only fields
  Fields a teacher leaves out take their documented default, and the fields marked "Read-only."
  are set by Classroom. (Resource: courses.courseWork)

  Background:
    Given a course owned by the teacher
    And the student is enrolled in the course

  @rule:coursework.state.default @ambiguity:coursework.default-state=DRAFT
  Scenario: Course work created without a state is a draft
    "Status of this course work. If unspecified, the default state is DRAFT."

    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "No state given", "workType": "ASSIGNMENT"}
      """
    Then the response status is 200
    And the response field "state" is "DRAFT"
    And the response field "alternateLink" is absent

  @rule:coursework.state.default @ambiguity:coursework.default-state=PUBLISHED
  Scenario: Course work created without a state is published
    "Status for work that has been published. This is the default state."

    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "No state given", "workType": "ASSIGNMENT"}
      """
    Then the response status is 200
    And the response field "state" is "PUBLISHED"
    And the response field "alternateLink" is present

  @rule:coursework.state.unspecified @ambiguity:coursework.default-state=DRAFT
  Scenario: Course work created with COURSE_WORK_STATE_UNSPECIFIED is a draft
    "COURSE_WORK_STATE_UNSPECIFIED No state specified. This is never returned."

    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Unspecified state", "workType": "ASSIGNMENT", "state": "COURSE_WORK_STATE_UNSPECIFIED"}
      """
    Then the response status is 200
    And the response field "state" is "DRAFT"
    When I remember the response field "id" as "createdId"
    And the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{createdId}"
    Then the response field "state" is "DRAFT"

  @rule:coursework.state.unspecified @ambiguity:coursework.default-state=PUBLISHED
  Scenario: Course work created with COURSE_WORK_STATE_UNSPECIFIED is published
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Unspecified state", "workType": "ASSIGNMENT", "state": "COURSE_WORK_STATE_UNSPECIFIED"}
      """
    Then the response status is 200
    And the response field "state" is "PUBLISHED"
    When I remember the response field "id" as "createdId"
    And the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{createdId}"
    Then the response field "state" is "PUBLISHED"

  @rule:coursework.assignee-mode.default
  Scenario: Course work is assigned to all students by default
    "Assignee mode of the coursework. If unspecified, the default value is ALL_STUDENTS."

    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "For everyone", "workType": "ASSIGNMENT", "state": "PUBLISHED"}
      """
    Then the response status is 200
    And the response field "assigneeMode" is "ALL_STUDENTS"
    And the response field "individualStudentsOptions" is absent

  @rule:coursework.submission-modification-mode.default
  Scenario: Submissions are modifiable until turned in by default
    "Setting to determine when students are allowed to modify submissions. If unspecified, the
    default value is MODIFIABLE_UNTIL_TURNED_IN."

    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Default mode", "workType": "ASSIGNMENT"}
      """
    Then the response status is 200
    And the response field "submissionModificationMode" is "MODIFIABLE_UNTIL_TURNED_IN"

  @rule:coursework.assignee-mode.unspecified
  Scenario: Course work created with ASSIGNEE_MODE_UNSPECIFIED is assigned to all students
    "No mode specified. This is never returned."

    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Unspecified mode", "workType": "ASSIGNMENT", "state": "PUBLISHED",
       "assigneeMode": "ASSIGNEE_MODE_UNSPECIFIED"}
      """
    Then the response status is 200
    And the response field "assigneeMode" is "ALL_STUDENTS"
    And the response field "individualStudentsOptions" is absent

  @rule:coursework.submission-modification-mode.unspecified
  Scenario: Course work created with SUBMISSION_MODIFICATION_MODE_UNSPECIFIED is modifiable until turned in
    "SUBMISSION_MODIFICATION_MODE_UNSPECIFIED No modification mode specified. This is never
    returned."

    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Unspecified modification mode", "workType": "ASSIGNMENT",
       "submissionModificationMode": "SUBMISSION_MODIFICATION_MODE_UNSPECIFIED"}
      """
    Then the response status is 200
    And the response field "submissionModificationMode" is "MODIFIABLE_UNTIL_TURNED_IN"

  @rule:coursework.submission-modification-mode.default
  Scenario: A submission modification mode given at creation is kept
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Always editable", "workType": "ASSIGNMENT", "submissionModificationMode": "MODIFIABLE"}
      """
    Then the response status is 200
    And the response field "submissionModificationMode" is "MODIFIABLE"

  @rule:coursework.read-only.server-set
  Scenario: Classroom sets the identifiers, the creator and the timestamps
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Server fields", "workType": "ASSIGNMENT", "state": "PUBLISHED"}
      """
    Then the response status is 200
    And the response field "id" is a numeric string id
    And the response field "courseId" is "{courseId}"
    And the response field "creatorUserId" is "{teacherId}"
    And the response field "creationTime" is an RFC 3339 UTC timestamp
    And the response field "updateTime" is an RFC 3339 UTC timestamp
    And the response field "associatedWithDeveloper" is the JSON value true

  @rule:coursework.read-only.server-set
  Scenario: A patch leaves the creation time as it was
    Given a published assignment in the course
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    And I remember the response field "creationTime" as "createdAt"
    And the teacher sends "PATCH" to "/v1/courses/{courseId}/courseWork/{courseWorkId}?updateMask=title" with:
      """json
      {"title": "Renamed", "creationTime": "2020-01-01T00:00:00Z"}
      """
    Then the response status is 200
    And the response field "creationTime" is "{createdAt}"
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the response field "creationTime" is "{createdAt}"
    And the response field "title" is "Renamed"

  @rule:coursework.id.unique-per-course
  Scenario: Each course work gets its own identifier
    "Classroom-assigned identifier of this course work, unique per course."

    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "First", "workType": "ASSIGNMENT"}
      """
    Then the response status is 200
    When I remember the response field "id" as "firstId"
    And the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Second", "workType": "ASSIGNMENT"}
      """
    Then the response status is 200
    When I remember the response field "id" as "secondId"
    And the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{firstId}"
    Then the response field "title" is "First"
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{secondId}"
    Then the response field "title" is "Second"

  @rule:coursework.timestamps.rfc3339-utc
  Scenario: Timestamps are RFC 3339 in UTC, also after an update
    'A timestamp in RFC3339 UTC "Zulu" format, accurate to nanoseconds.'

    Given a published assignment in the course
    When the teacher sends "PATCH" to "/v1/courses/{courseId}/courseWork/{courseWorkId}?updateMask=title" with:
      """json
      {"title": "Renamed"}
      """
    Then the response status is 200
    And the response field "creationTime" is an RFC 3339 UTC timestamp
    And the response field "updateTime" is an RFC 3339 UTC timestamp

  @rule:coursework.update-time.advances
  Scenario: A patch advances the update time
    "Timestamp of the most recent change to this course work." The check compares updateTime
    before and after the patch only: Google's updateTime is often a little before creationTime.

    Given a published assignment in the course
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    And I remember the response field "updateTime" as "updatedBefore"
    And the teacher sends "PATCH" to "/v1/courses/{courseId}/courseWork/{courseWorkId}?updateMask=title" with:
      """json
      {"title": "Renamed"}
      """
    Then the response status is 200
    And the response field "updateTime" is an RFC 3339 UTC timestamp
    And the response field "updateTime" does not contain "{updatedBefore}"
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the response field "updateTime" does not contain "{updatedBefore}"
    And the response field "title" is "Renamed"

  @rule:coursework.timestamps.offset-input
  Scenario: A scheduled time given with an offset is returned in UTC
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Scheduled", "workType": "ASSIGNMENT", "state": "DRAFT",
       "scheduledTime": "2097-01-01T09:00:00+09:00"}
      """
    Then the response status is 200
    And the response field "scheduledTime" is "2097-01-01T00:00:00Z"

  @rule:coursework.read-only.ignored
  Scenario: Read-only fields sent by the client are ignored
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Trying to set read-only fields", "workType": "ASSIGNMENT", "state": "DRAFT",
       "id": "forged-id",
       "courseId": "999999999999999999",
       "creatorUserId": "{studentId}",
       "creationTime": "2001-01-01T00:00:00Z",
       "updateTime": "2001-01-01T00:00:00Z",
       "alternateLink": "https://classroom.google.com/c/forged",
       "associatedWithDeveloper": false,
       "assignment": {"studentWorkFolder": {"id": "forged-folder", "title": "Forged folder",
                                            "alternateLink": "https://drive.google.com/drive/folders/forged-folder"}}}
      """
    Then the response status is 200
    And the response field "id" is a numeric string id
    And the response field "courseId" is "{courseId}"
    And the response field "creatorUserId" is "{teacherId}"
    And the response field "creationTime" matches "^20[2-9][0-9]-"
    And the response field "updateTime" matches "^20[2-9][0-9]-"
    And the response field "alternateLink" is absent
    And the response field "associatedWithDeveloper" is the JSON value true
    And the response field "assignment.studentWorkFolder.id" does not contain "forged"
    And the response field "assignment.studentWorkFolder.title" does not contain "Forged"
    When I remember the response field "id" as "createdId"
    And the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{createdId}"
    Then the response status is 200
    And the response field "updateTime" matches "^20[2-9][0-9]-"
    And the response field "assignment.studentWorkFolder.id" does not contain "forged"

  @rule:coursework.alternate-link.published-only
  Scenario: Published course work has an alternateLink
    "Absolute link to this course work in the Classroom web UI. This is only populated if state is
    PUBLISHED."

    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Published", "workType": "ASSIGNMENT", "state": "PUBLISHED"}
      """
    Then the response status is 200
    And the response field "alternateLink" is present

  @rule:coursework.alternate-link.published-only
  Scenario: Draft course work has no alternateLink
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Draft", "workType": "ASSIGNMENT", "state": "DRAFT"}
      """
    Then the response status is 200
    And the response field "alternateLink" is absent
