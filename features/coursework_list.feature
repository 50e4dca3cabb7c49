@method:classroom.courses.courseWork.create @method:classroom.courses.courseWork.list
@method:classroom.courses.courseWork.patch
Feature: List course work
  "Returns a list of course work that the requester is permitted to view."
  (Method: courses.courseWork.list)

  Background:
    Given a course owned by the teacher
    And the student is enrolled in the course

  @rule:coursework.list.default-published
  Scenario: Without courseWorkStates only published course work is listed
    "If unspecified, items with a work status of PUBLISHED is returned."

    Given a published assignment in the course
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Not ready yet", "workType": "ASSIGNMENT", "state": "DRAFT"}
      """
    Then the response status is 200
    When I remember the response field "id" as "draftId"
    And the teacher sends "GET" to "/v1/courses/{courseId}/courseWork"
    Then the response status is 200
    And the response field "courseWork.#.id" contains "{courseWorkId}"
    And the response field "courseWork.#.id" does not contain "{draftId}"
    And the response field "courseWork.#.state" does not contain "DRAFT"

  @rule:coursework.list.states-filter
  Scenario: courseWorkStates restricts the list to the requested states
    "Restriction on the work status to return. Only courseWork that matches is returned."

    Given a published assignment in the course
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Not ready yet", "workType": "ASSIGNMENT", "state": "DRAFT"}
      """
    Then the response status is 200
    When I remember the response field "id" as "draftId"
    And the teacher sends "GET" to "/v1/courses/{courseId}/courseWork?courseWorkStates=DRAFT"
    Then the response status is 200
    And the response field "courseWork" has 1 items
    And the response field "courseWork.0.id" is "{draftId}"
    And the response field "courseWork.0.state" is "DRAFT"

  @rule:coursework.list.states-filter
  Scenario: courseWorkStates is repeated to list several states
    Given a published assignment in the course
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Not ready yet", "workType": "ASSIGNMENT", "state": "DRAFT"}
      """
    Then the response status is 200
    When I remember the response field "id" as "draftId"
    And the teacher sends "GET" to "/v1/courses/{courseId}/courseWork?courseWorkStates=DRAFT&courseWorkStates=PUBLISHED"
    Then the response status is 200
    And the response field "courseWork" has 2 items
    And the response field "courseWork.#.id" contains "{courseWorkId}"
    And the response field "courseWork.#.id" contains "{draftId}"

  @rule:coursework.list.order-by
  Scenario Outline: orderBy "<orderBy>" lists course work in the order <order>
    "Supported fields are updateTime and dueDate. Supported direction keywords are asc and desc."

    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Due in March", "workType": "ASSIGNMENT", "state": "PUBLISHED",
       "dueDate": {"year": 2097, "month": 3, "day": 1}, "dueTime": {"hours": 12, "minutes": 0}}
      """
    Then the response status is 200
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Due in September", "workType": "ASSIGNMENT", "state": "PUBLISHED",
       "dueDate": {"year": 2097, "month": 9, "day": 1}, "dueTime": {"hours": 12, "minutes": 0}}
      """
    Then the response status is 200
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Due in June", "workType": "ASSIGNMENT", "state": "PUBLISHED",
       "dueDate": {"year": 2097, "month": 6, "day": 1}, "dueTime": {"hours": 12, "minutes": 0}}
      """
    Then the response status is 200
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork?orderBy=<orderBy>"
    Then the response status is 200
    And the response field "courseWork.#.title" is the JSON value <order>

    Examples: documented orderings
      | orderBy                       | order                                                  |
      | dueDate%20asc                 | ["Due in March", "Due in June", "Due in September"]    |
      | dueDate%20desc                | ["Due in September", "Due in June", "Due in March"]    |
      | updateTime%20asc              | ["Due in March", "Due in September", "Due in June"]    |
      | updateTime%20desc             | ["Due in June", "Due in September", "Due in March"]    |
      | dueDate%20asc,updateTime%20desc | ["Due in March", "Due in June", "Due in September"]  |

    @rule:coursework.list.order-by-default-direction
    Examples: a field without a direction keyword sorts ascending
      | orderBy                       | order                                                  |
      | dueDate                       | ["Due in March", "Due in June", "Due in September"]    |
      | updateTime                    | ["Due in March", "Due in September", "Due in June"]    |

  @rule:coursework.list.order-by-default
  Scenario: Without orderBy the most recently updated course work comes first
    "If not specified, updateTime desc is the default behavior."

    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "First created", "workType": "ASSIGNMENT", "state": "PUBLISHED"}
      """
    Then the response status is 200
    When I remember the response field "id" as "firstId"
    And the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Second created", "workType": "ASSIGNMENT", "state": "PUBLISHED"}
      """
    Then the response status is 200
    When the teacher sends "PATCH" to "/v1/courses/{courseId}/courseWork/{firstId}?updateMask=title" with:
      """json
      {"title": "First created, updated last"}
      """
    Then the response status is 200
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork"
    Then the response status is 200
    And the response field "courseWork.#.title" is the JSON value ["First created, updated last", "Second created"]

  @rule:coursework.list.order-by
  Scenario Outline: orderBy "<orderBy>" is malformed
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork?orderBy=<orderBy>"
    Then the request fails with 400 INVALID_ARGUMENT

    Examples:
      | orderBy            |
      | title              |
      | dueDate%20upwards  |
      | creationTime%20asc |

  @rule:coursework.list.paging
  Scenario: pageSize splits the list into pages linked by nextPageToken
    "nextPageToken value returned from a previous list call, indicating that the subsequent page of
    results should be returned."

    Given a published assignment in the course
    And a published assignment in the course
    And a published assignment in the course
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork?pageSize=2"
    Then the response status is 200
    And the response field "courseWork" has 2 items
    And the response field "nextPageToken" is present
    When I remember the response field "nextPageToken" as "pageToken"
    And the teacher sends "GET" to "/v1/courses/{courseId}/courseWork?pageSize=2&pageToken={pageToken}"
    Then the response status is 200
    And the response field "courseWork" has 1 items
    And the response field "nextPageToken" is absent

  @rule:coursework.list.paging
  Scenario: The pages together list every course work exactly once
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Week 1", "workType": "ASSIGNMENT", "state": "PUBLISHED"}
      """
    Then the response status is 200
    When I remember the response field "id" as "firstId"
    And the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Week 2", "workType": "ASSIGNMENT", "state": "PUBLISHED"}
      """
    Then the response status is 200
    When I remember the response field "id" as "secondId"
    And the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Week 3", "workType": "ASSIGNMENT", "state": "PUBLISHED"}
      """
    Then the response status is 200
    When I remember the response field "id" as "thirdId"
    And the teacher sends "GET" to "/v1/courses/{courseId}/courseWork?pageSize=2&orderBy=updateTime%20asc"
    Then the response status is 200
    And the response field "courseWork.#.id" is the JSON value ["{firstId}", "{secondId}"]
    When I remember the response field "nextPageToken" as "pageToken"
    And the teacher sends "GET" to "/v1/courses/{courseId}/courseWork?pageSize=2&orderBy=updateTime%20asc&pageToken={pageToken}"
    Then the response status is 200
    And the response field "courseWork.#.id" is the JSON value ["{thirdId}"]
    And the response field "nextPageToken" is absent

  @rule:coursework.list.page-token-same-request
  Scenario: A page token cannot be used with a different request
    "The list request must be otherwise identical to the one that resulted in this token."

    Given a published assignment in the course
    And a published assignment in the course
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork?pageSize=1"
    Then the response status is 200
    When I remember the response field "nextPageToken" as "pageToken"
    And the teacher sends "GET" to "/v1/courses/{courseId}/courseWork?pageSize=1&courseWorkStates=DRAFT&pageToken={pageToken}"
    Then the request fails with 400 INVALID_ARGUMENT

  @rule:coursework.list.page-token-same-request
  Scenario: A page token the server never issued is rejected
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork?pageToken=not-a-page-token"
    Then the request fails with 400 INVALID_ARGUMENT

  @rule:coursework.list.empty
  Scenario: A course without course work lists nothing
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork"
    Then the response status is 200
    And the response body is exactly:
      """json
      {}
      """

  @rule:coursework.list.permission-denied
  Scenario: A user outside the course cannot list its course work
    "PERMISSION_DENIED if the requesting user is not permitted to access the requested course or
    for access errors."

    When the outsider sends "GET" to "/v1/courses/{courseId}/courseWork"
    Then the request fails with 403 PERMISSION_DENIED

  @rule:coursework.list.not-found
  Scenario: Listing course work of a course that does not exist
    "NOT_FOUND if the requested course does not exist."

    When the teacher sends "GET" to "/v1/courses/999999999999999999/courseWork"
    Then the request fails with 404 NOT_FOUND

  @rule:coursework.list.malformed
  Scenario Outline: A list request with <what> is malformed
    "INVALID_ARGUMENT if the request is malformed."

    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork?<query>"
    Then the request fails with 400 INVALID_ARGUMENT

    Examples:
      | what                      | query                       |
      | an unknown state          | courseWorkStates=FINISHED   |
      | a negative page size      | pageSize=-1                 |
      | a page size that is text  | pageSize=ten                |
