@method:classroom.courses.aliases.create @method:classroom.courses.aliases.list
@method:classroom.courses.courseWork.create @method:classroom.courses.courseWork.delete
@method:classroom.courses.courseWork.get @method:classroom.courses.courseWork.list
@method:classroom.courses.courseWork.modifyAssignees @method:classroom.courses.courseWork.patch
@method:classroom.courses.courseWork.studentSubmissions.get
@method:classroom.courses.courseWork.studentSubmissions.return
@method:classroom.courses.courseWork.studentSubmissions.turnIn
Feature: Course aliases in course work paths
  The courseId of every course work and student submission method is an "Identifier of the
  course. This identifier can be either the Classroom-assigned identifier or an alias." A "p:" alias
  is project-scoped. (Resource: courses.aliases)

  Background:
    Given a course owned by the teacher
    And the student is enrolled in the course
    And the course has the alias "p:alias-{courseId}"

  @rule:aliases.create
  Scenario: The teacher creates a project-scoped alias
    "p: indicates a project-scoped alias."

    When the teacher sends "POST" to "/v1/courses/{courseId}/aliases" with:
      """json
      {"alias": "p:second-alias-{courseId}"}
      """
    Then the response status is 200
    And the response field "alias" is "p:second-alias-{courseId}"
    When the teacher sends "GET" to "/v1/courses/{courseId}/aliases"
    Then the response status is 200
    And the response field "aliases.#.alias" contains "p:alias-{courseId}"
    And the response field "aliases.#.alias" contains "p:second-alias-{courseId}"

  @rule:aliases.already-exists
  Scenario: An alias that already exists cannot be created again
    "ALREADY_EXISTS if the alias already exists."

    When the teacher sends "POST" to "/v1/courses/{courseId}/aliases" with:
      """json
      {"alias": "p:alias-{courseId}"}
      """
    Then the request fails with 409 ALREADY_EXISTS

  @rule:aliases.create-not-found
  Scenario: An alias cannot be created for a course that does not exist
    "NOT_FOUND if the course does not exist."

    When the teacher sends "POST" to "/v1/courses/999999999999999999/aliases" with:
      """json
      {"alias": "p:orphan-{courseId}"}
      """
    Then the request fails with 404 NOT_FOUND

  @rule:aliases.create-permission-denied
  Scenario: A student cannot create an alias for the course
    "PERMISSION_DENIED if the requesting user is not permitted to create the alias or for access
    errors."

    When the student sends "POST" to "/v1/courses/{courseId}/aliases" with:
      """json
      {"alias": "p:student-alias-{courseId}"}
      """
    Then the request fails with 403 PERMISSION_DENIED

  @rule:aliases.domain-admin-only
  Scenario: A teacher who is not a domain administrator cannot create a domain-scoped alias
    "A domain-scoped alias is visible to all users within the alias creator's domain and can be
    created only by a domain admin."

    When the teacher sends "POST" to "/v1/courses/{courseId}/aliases" with:
      """json
      {"alias": "d:alias-{courseId}"}
      """
    Then the request fails with 403 PERMISSION_DENIED

  @rule:aliases.scope-prefix
  Scenario: An alias without a d: or p: prefix is malformed
    "The format of the string indicates the desired alias scoping."

    When the teacher sends "POST" to "/v1/courses/{courseId}/aliases" with:
      """json
      {"alias": "alias-{courseId}"}
      """
    Then the request fails with 400 INVALID_ARGUMENT

  @rule:aliases.course-id-path
  Scenario: Course work is created through the alias
    When the teacher sends "POST" to "/v1/courses/p:alias-{courseId}/courseWork" with:
      """json
      {"title": "Created through an alias", "workType": "ASSIGNMENT", "state": "PUBLISHED"}
      """
    Then the response status is 200
    And the response field "courseId" is "{courseId}"

  @rule:aliases.course-id-path
  Scenario Outline: Course work is <read> through the alias
    Given a published assignment in the course
    When <actor> sends "GET" to "/v1/courses/p:alias-{courseId}/courseWork<rest>"
    Then the response status is 200
    And the response field "<field>" is "{courseId}"

    Examples:
      | read                  | actor       | rest             | field               |
      | read by the teacher   | the teacher | /{courseWorkId}  | courseId            |
      | read by a student     | the student | /{courseWorkId}  | courseId            |
      | listed by the teacher | the teacher |                  | courseWork.0.courseId |

  @rule:aliases.course-id-path
  Scenario: Course work is patched, reassigned and deleted through the alias
    Given a published assignment in the course
    When the teacher sends "PATCH" to "/v1/courses/p:alias-{courseId}/courseWork/{courseWorkId}?updateMask=title" with:
      """json
      {"title": "Patched through an alias"}
      """
    Then the response status is 200
    And the response field "courseId" is "{courseId}"
    When the teacher sends "POST" to "/v1/courses/p:alias-{courseId}/courseWork/{courseWorkId}:modifyAssignees" with:
      """json
      {"assigneeMode": "INDIVIDUAL_STUDENTS",
       "modifyIndividualStudentsOptions": {"addStudentIds": ["{studentId}"]}}
      """
    Then the response status is 200
    And the response field "courseId" is "{courseId}"
    When the teacher sends "DELETE" to "/v1/courses/p:alias-{courseId}/courseWork/{courseWorkId}"
    Then the response status is 200

  @rule:aliases.course-id-path
  Scenario: Submissions are turned in and returned through the alias
    Given a published assignment in the course
    And the student's submission for the assignment
    When the student sends "POST" to "/v1/courses/p:alias-{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:turnIn" with:
      """json
      {}
      """
    Then the response status is 200
    When the teacher sends "POST" to "/v1/courses/p:alias-{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:return" with:
      """json
      {}
      """
    Then the response status is 200
    When the student sends "GET" to "/v1/courses/p:alias-{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}"
    Then the response status is 200
    And the response field "courseId" is "{courseId}"
    And the response field "state" is "RETURNED"

  @rule:aliases.unknown
  Scenario: An alias that names no course is not found
    When the teacher sends "GET" to "/v1/courses/p:no-such-alias-{courseId}/courseWork"
    Then the request fails with 404 NOT_FOUND

  @rule:aliases.project-scoped
  Scenario: A project-scoped alias is not visible to another project
    "A project-scoped alias is visible to any request from an application using the Developer
    Console project ID that created the alias and can be created by any project."

    When the teacher via project B sends "GET" to "/v1/courses/p:alias-{courseId}/courseWork"
    Then the request fails with 404 NOT_FOUND
    When the teacher via project B sends "GET" to "/v1/courses/{courseId}/courseWork"
    Then the response status is 200
