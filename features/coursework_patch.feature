@method:classroom.courses.courseWork.create @method:classroom.courses.courseWork.delete
@method:classroom.courses.courseWork.get @method:classroom.courses.courseWork.list
@method:classroom.courses.courseWork.patch
Feature: Patch course work
  "Updates one or more fields of a course work." The updateMask "identifies which fields on the
  course work to update. This field is required to do an update. The update fails if invalid fields
  are specified." (Method: courses.courseWork.patch)

  Background:
    Given a course owned by the teacher
    And the student is enrolled in the course
    And a published assignment in the course

  @rule:coursework.patch.update-mask-camel-case
  Scenario: The fields named in a camelCase updateMask are updated
    When the teacher sends "PATCH" to "/v1/courses/{courseId}/courseWork/{courseWorkId}?updateMask=title,maxPoints" with:
      """json
      {"title": "Essay, second draft", "maxPoints": 50}
      """
    Then the response status is 200
    And the response field "title" is "Essay, second draft"
    And the response field "maxPoints" is the JSON value 50
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the response field "title" is "Essay, second draft"
    And the response field "maxPoints" is the JSON value 50

  @rule:coursework.patch.update-mask-snake-case
  Scenario: The fields named in a snake_case updateMask are updated
    The discovery document spells the fields in snake_case: "The following fields may be specified
    by teachers:" title, description, state, due_date, due_time, max_points, scheduled_time,
    submission_modification_mode, topic_id, grading_period_id.

    When the teacher sends "PATCH" to "/v1/courses/{courseId}/courseWork/{courseWorkId}?updateMask=max_points,due_date,due_time,submission_modification_mode" with:
      """json
      {"maxPoints": 10,
       "dueDate": {"year": 2097, "month": 5, "day": 14},
       "dueTime": {"hours": 16, "minutes": 30},
       "submissionModificationMode": "MODIFIABLE"}
      """
    Then the response status is 200
    And the response field "maxPoints" is the JSON value 10
    And the response field "dueDate" is the JSON value {"year": 2097, "month": 5, "day": 14}
    And the response field "dueTime" is the JSON value {"hours": 16, "minutes": 30}
    And the response field "submissionModificationMode" is "MODIFIABLE"

  @rule:coursework.patch.update-mask-camel-case
  Scenario: A camelCase updateMask sets the due date and time
    When the teacher sends "PATCH" to "/v1/courses/{courseId}/courseWork/{courseWorkId}?updateMask=dueDate,dueTime" with:
      """json
      {"dueDate": {"year": 2097, "month": 5, "day": 14}, "dueTime": {"hours": 16, "minutes": 30}}
      """
    Then the response status is 200
    And the response field "dueDate" is the JSON value {"year": 2097, "month": 5, "day": 14}
    And the response field "dueTime" is the JSON value {"hours": 16, "minutes": 30}

  @rule:coursework.patch.only-masked-fields
  Scenario: Fields present in the body but not in the updateMask are left unchanged
    When the teacher sends "PATCH" to "/v1/courses/{courseId}/courseWork/{courseWorkId}?updateMask=title" with:
      """json
      {"title": "Only the title changes", "maxPoints": 7}
      """
    Then the response status is 200
    And the response field "title" is "Only the title changes"
    And the response field "maxPoints" is the JSON value 100

  @rule:coursework.patch.update-mask-required
  Scenario: A patch without updateMask is rejected
    "This field is required to do an update."

    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    And I remember the response field "title" as "originalTitle"
    And the teacher sends "PATCH" to "/v1/courses/{courseId}/courseWork/{courseWorkId}" with:
      """json
      {"title": "No mask"}
      """
    Then the request fails with 400 INVALID_ARGUMENT
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the response field "title" is "{originalTitle}"

  @rule:coursework.patch.invalid-mask-field
  Scenario Outline: "<field>" cannot be named in the updateMask
    "The update fails if invalid fields are specified."

    When the teacher sends "PATCH" to "/v1/courses/{courseId}/courseWork/{courseWorkId}?updateMask=<field>" with:
      """json
      <body>
      """
    Then the request fails with 400 INVALID_ARGUMENT

    Examples:
      | field                     | body                                                                   |
      | assigneeMode              | {"assigneeMode": "INDIVIDUAL_STUDENTS"}                                |
      | individualStudentsOptions | {"individualStudentsOptions": {"studentIds": ["{studentId}"]}}         |
      | materials                 | {"materials": [{"link": {"url": "https://example.com/reading"}}]}      |
      | id                        | {"id": "12345"}                                                        |
      | creationTime              | {"creationTime": "2020-01-01T00:00:00Z"}                               |
      | colour                    | {}                                                                     |

  @rule:coursework.work-type.immutable
  Scenario: The work type cannot be changed
    "The type is set when the course work is created and cannot be changed."

    When the teacher sends "PATCH" to "/v1/courses/{courseId}/courseWork/{courseWorkId}?updateMask=workType" with:
      """json
      {"workType": "SHORT_ANSWER_QUESTION"}
      """
    Then the request fails with 400 INVALID_ARGUMENT
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the response field "workType" is "ASSIGNMENT"

  @rule:coursework.work-type.immutable
  Scenario: The work type cannot be changed with a snake_case updateMask either
    When the teacher sends "PATCH" to "/v1/courses/{courseId}/courseWork/{courseWorkId}?updateMask=work_type" with:
      """json
      {"workType": "SHORT_ANSWER_QUESTION"}
      """
    Then the request fails with 400 INVALID_ARGUMENT

  @rule:coursework.patch.clear-field
  Scenario: A field that supports empty values is cleared by naming it only in the updateMask
    "If a field supports empty values, it can be cleared by specifying it in the update mask and not
    in the CourseWork object."

    When the teacher sends "PATCH" to "/v1/courses/{courseId}/courseWork/{courseWorkId}?updateMask=description" with:
      """json
      {"description": "Read chapter 3 first."}
      """
    Then the response status is 200
    And the response field "description" is "Read chapter 3 first."
    When the teacher sends "PATCH" to "/v1/courses/{courseId}/courseWork/{courseWorkId}?updateMask=description" with:
      """json
      {}
      """
    Then the response status is 200
    And the response field "description" is absent

  @rule:coursework.patch.required-field-not-set
  Scenario: A field that does not support empty values cannot be cleared
    "If a field that does not support empty values is included in the update mask and not set in
    the CourseWork object, an INVALID_ARGUMENT error is returned."

    When the teacher sends "PATCH" to "/v1/courses/{courseId}/courseWork/{courseWorkId}?updateMask=title" with:
      """json
      {"description": "The title is missing from this body."}
      """
    Then the request fails with 400 INVALID_ARGUMENT

  @rule:coursework.patch.deleted @ambiguity:coursework.deleted=DELETED_VISIBLE
  Scenario: Deleted course work cannot be patched
    "FAILED_PRECONDITION if the requested course work has already been deleted."

    When the teacher sends "DELETE" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the response status is 200
    When the teacher sends "PATCH" to "/v1/courses/{courseId}/courseWork/{courseWorkId}?updateMask=title" with:
      """json
      {"title": "Too late"}
      """
    Then the request fails with 400 FAILED_PRECONDITION

  @rule:coursework.patch.permission-denied
  Scenario Outline: <actor> cannot patch course work
    "PERMISSION_DENIED if the requesting developer project did not create the corresponding course
    work or an add-on attachment on the corresponding course work, if the user is not permitted to
    make the requested modification to the student submission, or for access errors."

    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    And I remember the response field "title" as "originalTitle"
    And <actor> sends "PATCH" to "/v1/courses/{courseId}/courseWork/{courseWorkId}?updateMask=title" with:
      """json
      {"title": "Changed by someone else"}
      """
    Then the request fails with 403 PERMISSION_DENIED
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the response field "title" is "{originalTitle}"

    Examples:
      | actor        |
      | the student  |
      | the outsider |

  @rule:coursework.patch.not-found
  Scenario Outline: Patching <what> that does not exist
    "NOT_FOUND if the requested course or course work does not exist."

    When the teacher sends "PATCH" to "<path>?updateMask=title" with:
      """json
      {"title": "Nothing to patch"}
      """
    Then the request fails with 404 NOT_FOUND

    Examples:
      | what               | path                                                  |
      | course work        | /v1/courses/{courseId}/courseWork/999999999999999999  |
      | a course's work    | /v1/courses/999999999999999999/courseWork/{courseWorkId} |

  @rule:coursework.patch.malformed
  Scenario: A patch body that is not JSON is malformed
    "INVALID_ARGUMENT if the request is malformed."

    When the teacher sends "PATCH" to "/v1/courses/{courseId}/courseWork/{courseWorkId}?updateMask=title" with:
      """
      title: Essay
      """
    Then the request fails with 400 INVALID_ARGUMENT

  @rule:coursework.title.length
  Scenario: A patched title of 3001 characters is rejected
    Given "title" is 3001 repetitions of "é"
    When the teacher sends "PATCH" to "/v1/courses/{courseId}/courseWork/{courseWorkId}?updateMask=title" with:
      """json
      {"title": "{title}"}
      """
    Then the request fails with 400 INVALID_ARGUMENT

  @rule:coursework.title.length
  Scenario: A patched title of 3000 characters is accepted
    Given "title" is 3000 repetitions of "é"
    When the teacher sends "PATCH" to "/v1/courses/{courseId}/courseWork/{courseWorkId}?updateMask=title" with:
      """json
      {"title": "{title}"}
      """
    Then the response status is 200
    And the response field "title" is "{title}"

  @rule:coursework.description.length
  Scenario: A patched description of 30,001 characters is rejected
    "If set, the description must be a valid UTF-8 string containing no more than 30,000
    characters."

    Given "description" is 30001 repetitions of "é"
    When the teacher sends "PATCH" to "/v1/courses/{courseId}/courseWork/{courseWorkId}?updateMask=description" with:
      """json
      {"description": "{description}"}
      """
    Then the request fails with 400 INVALID_ARGUMENT
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the response status is 200
    And the response field "description" is absent

  @rule:coursework.description.length
  Scenario: A patched description of 30,000 characters is accepted
    Given "description" is 30000 repetitions of "é"
    When the teacher sends "PATCH" to "/v1/courses/{courseId}/courseWork/{courseWorkId}?updateMask=description" with:
      """json
      {"description": "{description}"}
      """
    Then the response status is 200
    And the response field "description" is "{description}"

  @rule:coursework.max-points.non-negative-integer
  Scenario Outline: A patched maxPoints of <maxPoints> is rejected
    When the teacher sends "PATCH" to "/v1/courses/{courseId}/courseWork/{courseWorkId}?updateMask=maxPoints" with:
      """json
      {"maxPoints": <maxPoints>}
      """
    Then the request fails with 400 INVALID_ARGUMENT

    Examples:
      | maxPoints |
      | -1        |
      | 1.5       |

  @rule:coursework.due-date.requires-time
  Scenario: A patch cannot leave a due date without a due time
    "This must be specified if dueDate is specified."

    When the teacher sends "PATCH" to "/v1/courses/{courseId}/courseWork/{courseWorkId}?updateMask=dueDate" with:
      """json
      {"dueDate": {"year": 2097, "month": 5, "day": 14}}
      """
    Then the request fails with 400 INVALID_ARGUMENT

  @rule:coursework.alternate-link.published-only
  Scenario: Publishing a draft by patching its state gives it an alternateLink
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Not ready yet", "workType": "ASSIGNMENT", "state": "DRAFT"}
      """
    Then the response status is 200
    And the response field "alternateLink" is absent
    When I remember the response field "id" as "draftId"
    And the teacher sends "PATCH" to "/v1/courses/{courseId}/courseWork/{draftId}?updateMask=state" with:
      """json
      {"state": "PUBLISHED"}
      """
    Then the response status is 200
    And the response field "state" is "PUBLISHED"
    And the response field "alternateLink" is present

  @rule:coursework.state.no-unpublish
  Scenario: Published course work cannot be patched back to a draft
    DRAFT is "Status for work that is not yet published." How published work would be unpublished
    is not documented; the reference refuses it.

    When the teacher sends "PATCH" to "/v1/courses/{courseId}/courseWork/{courseWorkId}?updateMask=state" with:
      """json
      {"state": "DRAFT"}
      """
    Then the request fails with 400 FAILED_PRECONDITION
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{courseWorkId}"
    Then the response status is 200
    And the response field "state" is "PUBLISHED"
    And the response field "alternateLink" is present

  @rule:coursework.state.draft-deleted @ambiguity:coursework.deleted=DELETED_VISIBLE
  Scenario: A draft is deleted by patching its state to DELETED
    DELETED is "Status for work that was published but is now deleted." Whether a draft may be
    deleted is not documented; the reference allows it.

    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Never published", "workType": "ASSIGNMENT", "state": "DRAFT"}
      """
    Then the response status is 200
    When I remember the response field "id" as "draftId"
    And the teacher sends "PATCH" to "/v1/courses/{courseId}/courseWork/{draftId}?updateMask=state" with:
      """json
      {"state": "DELETED"}
      """
    Then the response status is 200
    And the response field "state" is "DELETED"
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork?courseWorkStates=DELETED"
    Then the response status is 200
    And the response field "courseWork.#.id" contains "{draftId}"
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork?courseWorkStates=DRAFT"
    Then the response field "courseWork.#.id" does not contain "{draftId}"
