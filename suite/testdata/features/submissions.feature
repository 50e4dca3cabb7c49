Feature: Submissions

  Background:
    Given a course owned by the teacher
    And the student is enrolled in the course
    And a published assignment in the course
    And the student's submission for the assignment
    And the student has turned in their submission
    And the teacher has returned the student's submission

  @rule:reclaim.returned @ambiguity:reclaim.returned=FAILED_PRECONDITION
  Scenario: A returned submission cannot be reclaimed
    When the student sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:reclaim" with:
      """json
      {}
      """
    Then the request fails with 400 FAILED_PRECONDITION

  @rule:reclaim.returned @ambiguity:reclaim.returned=ALLOWED
  Scenario: A returned submission can be reclaimed
    When the student sends "POST" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}:reclaim" with:
      """json
      {}
      """
    Then the response status is 200

  @rule:submission.readers
  Scenario Outline: Who can read the submission
    When <actor> sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}/studentSubmissions/{submissionId}"
    Then the response status is <status>

    Examples:
      | actor        | status |
      | the teacher  | 200    |
      | the student  | 200    |
      | the outsider | 404    |
