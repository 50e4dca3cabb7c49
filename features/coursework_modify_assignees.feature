@method:classroom.courses.courseWork.get @method:classroom.courses.courseWork.list
@method:classroom.courses.courseWork.modifyAssignees
@method:classroom.courses.courseWork.studentSubmissions.list
Feature: Modify the assignees of course work
  "Modifies assignee mode and options of a coursework. Only a teacher of the course that contains
  the coursework may call this method." (Method: courses.courseWork.modifyAssignees)

  Background:
    Given a course owned by the teacher
    And the student is enrolled in the course
    And the other student is enrolled in the course
    And a published assignment in the course

  @rule:coursework.modify-assignees.individual-students
  Scenario: The teacher assigns the course work to one student
    "If the assigneeMode is INDIVIDUAL_STUDENTS, then only students specified in this field are
    assigned the coursework."

    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}:modifyAssignees" with:
      """json
      {"assigneeMode": "INDIVIDUAL_STUDENTS",
       "modifyIndividualStudentsOptions": {"addStudentIds": ["{studentId}"]}}
      """
    Then the response status is 200
    And the response field "id" is "{courseWorkId}"
    And the response field "courseId" is "{courseId}"
    And the response field "assigneeMode" is "INDIVIDUAL_STUDENTS"
    And the response field "individualStudentsOptions.studentIds" is the JSON value ["{studentId}"]

  @rule:coursework.modify-assignees.individual-students
  Scenario: The teacher removes one of the assigned students
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}:modifyAssignees" with:
      """json
      {"assigneeMode": "INDIVIDUAL_STUDENTS",
       "modifyIndividualStudentsOptions": {"addStudentIds": ["{studentId}", "{otherStudentId}"]}}
      """
    Then the response status is 200
    And the response field "individualStudentsOptions.studentIds" has 2 items
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}:modifyAssignees" with:
      """json
      {"assigneeMode": "INDIVIDUAL_STUDENTS",
       "modifyIndividualStudentsOptions": {"removeStudentIds": ["{otherStudentId}"]}}
      """
    Then the response status is 200
    And the response field "individualStudentsOptions.studentIds" contains "{studentId}"
    And the response field "individualStudentsOptions.studentIds" does not contain "{otherStudentId}"
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the response field "individualStudentsOptions.studentIds" is the JSON value ["{studentId}"]

  @rule:coursework.individual-students.assigned-only
  Scenario: Only the students named are assigned the course work
    "If the assigneeMode is INDIVIDUAL_STUDENTS, then only students specified in this field will be
    assigned the coursework." The other student has no submission for it any more.

    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}:modifyAssignees" with:
      """json
      {"assigneeMode": "INDIVIDUAL_STUDENTS",
       "modifyIndividualStudentsOptions": {"addStudentIds": ["{studentId}"]}}
      """
    Then the response status is 200
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions"
    Then the response status is 200
    And the response field "studentSubmissions" has 1 items
    And the response field "studentSubmissions.0.userId" is "{studentId}"
    And the response field "studentSubmissions.#.userId" does not contain "{otherStudentId}"

  @rule:coursework.modify-assignees.unassigned-student
  Scenario: A student who is not assigned the course work does not see it
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}:modifyAssignees" with:
      """json
      {"assigneeMode": "INDIVIDUAL_STUDENTS",
       "modifyIndividualStudentsOptions": {"addStudentIds": ["{studentId}"]}}
      """
    Then the response status is 200
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork"
    Then the response field "courseWork.#.id" contains "{courseWorkId}"
    When the other student sends "GET" to "/v1/courses/{courseId}/courseWork"
    Then the response status is 200
    And the response field "courseWork.#.id" does not contain "{courseWorkId}"

  @rule:coursework.individual-students-options.only-individual
  Scenario: Assigning the course work back to all students drops the individual options
    "This field is set only if assigneeMode is INDIVIDUAL_STUDENTS."

    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}:modifyAssignees" with:
      """json
      {"assigneeMode": "INDIVIDUAL_STUDENTS",
       "modifyIndividualStudentsOptions": {"addStudentIds": ["{studentId}"]}}
      """
    Then the response status is 200
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}:modifyAssignees" with:
      """json
      {"assigneeMode": "ALL_STUDENTS"}
      """
    Then the response status is 200
    And the response field "assigneeMode" is "ALL_STUDENTS"
    And the response field "individualStudentsOptions" is absent

  @rule:coursework.modify-assignees.options-only-individual
  Scenario: Student options are rejected when the mode is ALL_STUDENTS
    "Must be specified only when assigneeMode is INDIVIDUAL_STUDENTS."

    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}:modifyAssignees" with:
      """json
      {"assigneeMode": "ALL_STUDENTS",
       "modifyIndividualStudentsOptions": {"addStudentIds": ["{studentId}"]}}
      """
    Then the request fails with 400 INVALID_ARGUMENT

  @rule:coursework.modify-assignees.empty-assignees
  Scenario: Removing the last assigned student is refused
    "FAILED_PRECONDITION for the following request error: EmptyAssignees"

    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}:modifyAssignees" with:
      """json
      {"assigneeMode": "INDIVIDUAL_STUDENTS",
       "modifyIndividualStudentsOptions": {"addStudentIds": ["{studentId}"]}}
      """
    Then the response status is 200
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}:modifyAssignees" with:
      """json
      {"assigneeMode": "INDIVIDUAL_STUDENTS",
       "modifyIndividualStudentsOptions": {"removeStudentIds": ["{studentId}"]}}
      """
    Then the request fails with 400 FAILED_PRECONDITION and message prefix "@EmptyAssignees"
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the response field "individualStudentsOptions.studentIds" is the JSON value ["{studentId}"]

  @rule:coursework.modify-assignees.empty-assignees
  Scenario: Switching to individual students without naming any is refused
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}:modifyAssignees" with:
      """json
      {"assigneeMode": "INDIVIDUAL_STUDENTS"}
      """
    Then the request fails with 400 FAILED_PRECONDITION and message prefix "@EmptyAssignees"
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the response field "assigneeMode" is "ALL_STUDENTS"

  @rule:coursework.modify-assignees.teacher-only
  Scenario Outline: <actor> cannot modify the assignees
    "Only a teacher of the course that contains the coursework may call this method."

    When <actor> sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}:modifyAssignees" with:
      """json
      {"assigneeMode": "INDIVIDUAL_STUDENTS",
       "modifyIndividualStudentsOptions": {"addStudentIds": ["{studentId}"]}}
      """
    Then the request fails with 403 PERMISSION_DENIED

    Examples:
      | actor        |
      | the student  |
      | the outsider |

  @rule:coursework.modify-assignees.not-found
  Scenario Outline: Modifying the assignees of <what> that does not exist
    "NOT_FOUND if the requested course or course work does not exist."

    When the teacher sends "POST" to "<path>:modifyAssignees" with:
      """json
      {"assigneeMode": "ALL_STUDENTS"}
      """
    Then the request fails with 404 NOT_FOUND

    Examples:
      | what            | path                                                     |
      | course work     | /v1/courses/{courseId}/courseWork/999999999999999999     |
      | a course's work | /v1/courses/999999999999999999/courseWork/{courseWorkId} |

  @rule:coursework.modify-assignees.malformed
  Scenario: An assignee mode that does not exist is malformed
    "INVALID_ARGUMENT if the request is malformed."

    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}:modifyAssignees" with:
      """json
      {"assigneeMode": "EVERYONE"}
      """
    Then the request fails with 400 INVALID_ARGUMENT

  @rule:coursework.modify-assignees.developer-project @ambiguity:modifyassignees.project-rule=NOT_ENFORCED
  Scenario: Another Developer Console project may modify the assignees
    When the teacher via project B sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}:modifyAssignees" with:
      """json
      {"assigneeMode": "INDIVIDUAL_STUDENTS",
       "modifyIndividualStudentsOptions": {"addStudentIds": ["{studentId}"]}}
      """
    Then the response status is 200
    And the response field "assigneeMode" is "INDIVIDUAL_STUDENTS"
    And the response field "associatedWithDeveloper" is absent

  @rule:coursework.modify-assignees.developer-project @ambiguity:modifyassignees.project-rule=ENFORCED
  Scenario: Only the creating Developer Console project may modify the assignees
    When the teacher via project B sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}:modifyAssignees" with:
      """json
      {"assigneeMode": "INDIVIDUAL_STUDENTS",
       "modifyIndividualStudentsOptions": {"addStudentIds": ["{studentId}"]}}
      """
    Then the request fails with 403 PERMISSION_DENIED and message prefix "@ProjectPermissionDenied"
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the response field "assigneeMode" is "ALL_STUDENTS"
