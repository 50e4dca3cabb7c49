@method:classroom.courses.courseWork.create @method:classroom.courses.courseWork.delete
@method:classroom.courses.courseWork.get @method:classroom.courses.courseWork.list
@method:classroom.courses.courseWork.modifyAssignees
Feature: Who sees draft and deleted course work
  "Course students may only view PUBLISHED course work. Course teachers and domain administrators
  may view all course work." DRAFT and DELETED work "is visible only to course teachers and domain
  administrators." (Method: courses.courseWork.list, courses.courseWork.get)

  Background:
    Given a course owned by the teacher
    And the student is enrolled in the course

  @rule:coursework.visibility.students-published-only
  Scenario: A student's list holds published course work and no draft
    Given a published assignment in the course
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Not ready yet", "workType": "ASSIGNMENT", "state": "DRAFT"}
      """
    Then the response status is 200
    When I remember the response field "id" as "draftId"
    And the student sends "GET" to "/v1/courses/{courseId}/courseWork"
    Then the response status is 200
    And the response field "courseWork.#.id" contains "{courseWorkId}"
    And the response field "courseWork.#.id" does not contain "{draftId}"

  @rule:coursework.visibility.students-published-only
  Scenario: A student asking for drafts gets none
    Given a draft assignment in the course
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork?courseWorkStates=DRAFT"
    Then the response status is 200
    And the response field "courseWork.#.id" does not contain "{courseWorkId}"

  @rule:coursework.visibility.teachers-see-all
  Scenario: The teacher lists and reads drafts
    Given a draft assignment in the course
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork?courseWorkStates=DRAFT"
    Then the response status is 200
    And the response field "courseWork.#.id" contains "{courseWorkId}"
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the response status is 200
    And the response field "state" is "DRAFT"

  @rule:coursework.visibility.student-get-hidden @ambiguity:coursework.hidden-from-student=NOT_FOUND
  Scenario: A student cannot read a draft
    A draft "is visible only to course teachers and domain administrators." For a student it does
    not exist.

    Given a draft assignment in the course
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the request fails with 404 NOT_FOUND

  @rule:coursework.visibility.student-get-hidden @ambiguity:coursework.hidden-from-student=PERMISSION_DENIED
  Scenario: A student is not permitted to read a draft
    "PERMISSION_DENIED if the requesting user is not permitted to access the requested course or
    course work, or for access errors."

    Given a draft assignment in the course
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the request fails with 403 PERMISSION_DENIED

  @rule:coursework.visibility.deleted-teacher @ambiguity:coursework.deleted=DELETED_VISIBLE
  Scenario: Deleted course work stays visible to the teacher as DELETED
    "Status for work that was published but is now deleted. Work in this state is visible only to
    course teachers and domain administrators."

    Given a published assignment in the course
    When the teacher sends "DELETE" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the response status is 200
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork?courseWorkStates=DELETED"
    Then the response status is 200
    And the response field "courseWork.#.id" contains "{courseWorkId}"
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the response status is 200
    And the response field "state" is "DELETED"

  @rule:coursework.visibility.deleted-teachers-only
  Scenario: A student does not see deleted course work
    Given a published assignment in the course
    When the teacher sends "DELETE" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the response status is 200
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork?courseWorkStates=DELETED"
    Then the response status is 200
    And the response field "courseWork.#.id" does not contain "{courseWorkId}"
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork"
    Then the response field "courseWork.#.id" does not contain "{courseWorkId}"

  @rule:coursework.visibility.student-get-hidden @ambiguity:coursework.hidden-from-student=NOT_FOUND
  Scenario: A student cannot read deleted course work
    Given a published assignment in the course
    When the teacher sends "DELETE" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the response status is 200
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the request fails with 404 NOT_FOUND

  @rule:coursework.visibility.student-get-hidden @ambiguity:coursework.hidden-from-student=PERMISSION_DENIED
  Scenario: A student is not permitted to read deleted course work
    Given a published assignment in the course
    When the teacher sends "DELETE" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the response status is 200
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the request fails with 403 PERMISSION_DENIED

  @rule:coursework.visibility.student-get-hidden @ambiguity:coursework.hidden-from-student=NOT_FOUND
  Scenario: A student cannot read course work assigned only to another student
    "If the assigneeMode is INDIVIDUAL_STUDENTS, then only students specified in this field will be
    assigned the coursework."

    Given the other student is enrolled in the course
    And a published assignment in the course
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}:modifyAssignees" with:
      """json
      {"assigneeMode": "INDIVIDUAL_STUDENTS",
       "modifyIndividualStudentsOptions": {"addStudentIds": ["{otherStudentId}"]}}
      """
    Then the response status is 200
    When the other student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the response status is 200
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the request fails with 404 NOT_FOUND

  @rule:coursework.visibility.student-get-hidden @ambiguity:coursework.hidden-from-student=PERMISSION_DENIED
  Scenario: A student is not permitted to read course work assigned only to another student
    Given the other student is enrolled in the course
    And a published assignment in the course
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}:modifyAssignees" with:
      """json
      {"assigneeMode": "INDIVIDUAL_STUDENTS",
       "modifyIndividualStudentsOptions": {"addStudentIds": ["{otherStudentId}"]}}
      """
    Then the response status is 200
    When the other student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the response status is 200
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the request fails with 403 PERMISSION_DENIED

  @rule:coursework.list.default-published
  Scenario: Deleted course work leaves the teacher's default list
    Given a published assignment in the course
    When the teacher sends "DELETE" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the response status is 200
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork"
    Then the response status is 200
    And the response field "courseWork.#.id" does not contain "{courseWorkId}"

  @rule:coursework.assignment.student-work-folder
  Scenario: The teacher sees the Drive folder of student work
    "Drive folder where attachments from student submissions are placed. This is only populated for
    course teachers and administrators."

    Given a published assignment in the course
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the response status is 200
    And the response field "assignment.studentWorkFolder" is present
    And the response field "assignment.studentWorkFolder.id" is present

  @rule:coursework.assignment.student-work-folder
  Scenario: A student does not see the Drive folder of student work
    "Drive folder where attachments from student submissions are placed. This is only populated for
    course teachers and administrators."

    Given a published assignment in the course
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the response status is 200
    And the response field "assignment.studentWorkFolder" is absent

  @rule:coursework.assignment.student-work-folder
  Scenario: A student's list of course work does not show the Drive folder of student work either
    Given a published assignment in the course
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork"
    Then the response status is 200
    And the response field "courseWork" has 1 items
    And the response field "courseWork.0.assignment.studentWorkFolder" is absent
