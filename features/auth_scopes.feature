@method:classroom.courses.courseWork.create @method:classroom.courses.courseWork.delete
@method:classroom.courses.courseWork.get @method:classroom.courses.courseWork.list
@method:classroom.courses.courseWork.modifyAssignees @method:classroom.courses.courseWork.patch
@method:classroom.courses.courseWork.studentSubmissions.get
@method:classroom.courses.courseWork.studentSubmissions.list
@method:classroom.courses.courseWork.studentSubmissions.return
@method:classroom.courses.courseWork.studentSubmissions.turnIn
Feature: Credentials and OAuth scopes
  Every method needs an OAuth 2.0 bearer token, and the token must carry one of the scopes the
  method lists under "Authorization scopes". turnIn and reclaim accept only
  https://www.googleapis.com/auth/classroom.coursework.me.

  Background:
    Given a course owned by the teacher
    And the student is enrolled in the course
    And a published assignment in the course
    And the student's submission for the assignment

  @rule:auth.credentials-required
  Scenario Outline: <method> without credentials is refused
    When an anonymous caller sends "<verb>" to "<path>"
    Then the request fails with 401 UNAUTHENTICATED

    Examples:
      | method                     | verb   | path                                                                                             |
      | courseWork.create          | POST   | /v1/courses/{courseId}/courseWork                                                                |
      | courseWork.get             | GET    | /v1/courses/{courseId}/courseWork/{courseWorkId}                                                 |
      | courseWork.list            | GET    | /v1/courses/{courseId}/courseWork                                                                |
      | courseWork.patch           | PATCH  | /v1/courses/{courseId}/courseWork/{courseWorkId}?updateMask=title                                |
      | courseWork.delete          | DELETE | /v1/courses/{courseId}/courseWork/{courseWorkId}                                                 |
      | courseWork.modifyAssignees | POST   | /v1/courses/{courseId}/courseWork/{courseWorkId}:modifyAssignees                                 |
      | studentSubmissions.get     | GET    | /v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}               |
      | studentSubmissions.list    | GET    | /v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions                              |
      | studentSubmissions.turnIn  | POST   | /v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:turnIn        |
      | studentSubmissions.return  | POST   | /v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:return        |

  @rule:auth.credentials-required
  Scenario: A refused anonymous request changes nothing
    When an anonymous caller sends "DELETE" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the request fails with 401 UNAUTHENTICATED
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the response status is 200
    And the response field "state" is "PUBLISHED"

  @rule:submissions.turn-in.scope
  Scenario: A token without classroom.coursework.me cannot turn in
    When the student without coursework scope sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:turnIn" with:
      """json
      {}
      """
    Then the request fails with 403 PERMISSION_DENIED
    When the student sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}"
    Then the response field "state" matches "^(NEW|CREATED)$"

  @rule:submissions.turn-in.scope
  Scenario: The same student turns in with classroom.coursework.me
    When the student sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:turnIn" with:
      """json
      {}
      """
    Then the response status is 200
