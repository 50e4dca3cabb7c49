@method:classroom.courses.courseWork.create @method:classroom.courses.courseWork.list
@method:classroom.courses.courseWork.studentSubmissions.list
Feature: Course work field validation
  The CourseWork resource states the limits of each field. "The title and workType fields are
  required. All other fields are optional." Character limits count characters, not bytes, so the
  long values below use "é", two bytes in UTF-8. Accepted due dates lie far in the future, because
  "The due date must be in the future."
  (Resource: courses.courseWork; Method: courses.courseWork.create)

  Background:
    Given a course owned by the teacher
    And the student is enrolled in the course

  @rule:coursework.required-fields
  Scenario Outline: Course work without <field> is rejected
    "The title and workType fields are required."

    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      <body>
      """
    Then the request fails with 400 INVALID_ARGUMENT

    Examples:
      | field                | body                                                           |
      | a title              | {"workType": "ASSIGNMENT"}                                     |
      | a workType           | {"title": "Essay"}                                             |
      | a specified workType | {"title": "Essay", "workType": "COURSE_WORK_TYPE_UNSPECIFIED"} |

  @rule:coursework.title.length
  Scenario: A title of 3000 characters is accepted
    "The title must be a valid UTF-8 string containing between 1 and 3000 characters."

    Given "title" is 3000 repetitions of "é"
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "{title}", "workType": "ASSIGNMENT"}
      """
    Then the response status is 200
    And the response field "title" is "{title}"

  @rule:coursework.title.length
  Scenario: A title of 3001 characters is rejected
    Given "title" is 3001 repetitions of "é"
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "{title}", "workType": "ASSIGNMENT"}
      """
    Then the request fails with 400 INVALID_ARGUMENT

  @rule:coursework.title.length
  Scenario: A title of one character is accepted
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "é", "workType": "ASSIGNMENT"}
      """
    Then the response status is 200
    And the response field "title" is "é"

  @rule:coursework.title.length
  Scenario: An empty title is rejected
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "", "workType": "ASSIGNMENT"}
      """
    Then the request fails with 400 INVALID_ARGUMENT

  @rule:coursework.title.length
  Scenario: A title holding a lone UTF-16 surrogate is rejected
    "The title must be a valid UTF-8 string". The JSON escape \ud800 is half of a surrogate pair
    and has no UTF-8 form.

    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Essay \ud800", "workType": "ASSIGNMENT", "state": "PUBLISHED"}
      """
    Then the request fails with 400 INVALID_ARGUMENT
    When the teacher sends "GET" to "/v1/courses/{courseId}/courseWork"
    Then the response status is 200
    And the response field "courseWork" has 0 items

  @rule:coursework.description.length
  Scenario: A description of 30,000 characters is accepted
    "If set, the description must be a valid UTF-8 string containing no more than 30,000
    characters."

    Given "description" is 30000 repetitions of "é"
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Long description", "workType": "ASSIGNMENT", "description": "{description}"}
      """
    Then the response status is 200
    And the response field "description" is "{description}"

  @rule:coursework.description.length
  Scenario: A description of 30,001 characters is rejected
    Given "description" is 30001 repetitions of "é"
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Too long a description", "workType": "ASSIGNMENT", "description": "{description}"}
      """
    Then the request fails with 400 INVALID_ARGUMENT

  @rule:coursework.materials.limit
  Scenario: Twenty materials are accepted
    "CourseWork must have no more than 20 material items."

    Given "materials" is a JSON array of 20 copies of:
      """json
      {"link": {"url": "https://example.com/reading-list"}}
      """
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Reading list", "workType": "ASSIGNMENT", "materials": {materials}}
      """
    Then the response status is 200
    And the response field "materials" has 20 items

  @rule:coursework.materials.limit
  Scenario: Twenty-one materials are rejected
    Given "materials" is a JSON array of 21 copies of:
      """json
      {"link": {"url": "https://example.com/reading-list"}}
      """
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Reading list", "workType": "ASSIGNMENT", "materials": {materials}}
      """
    Then the request fails with 400 INVALID_ARGUMENT

  @rule:coursework.materials.link-url-length
  Scenario: A link URL of 2024 characters is accepted
    "URL to link to. This must be a valid UTF-8 string containing between 1 and 2024 characters."

    Given "page" is 2004 repetitions of "a"
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Long link", "workType": "ASSIGNMENT",
       "materials": [{"link": {"url": "https://example.com/{page}"}}]}
      """
    Then the response status is 200
    And the response field "materials.0.link.url" is "https://example.com/{page}"

  @rule:coursework.materials.link-url-length
  Scenario: A link URL of 2025 characters is rejected
    Given "page" is 2005 repetitions of "a"
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Too long a link", "workType": "ASSIGNMENT",
       "materials": [{"link": {"url": "https://example.com/{page}"}}]}
      """
    Then the request fails with 400 INVALID_ARGUMENT

  @rule:coursework.materials.read-only-kinds
  Scenario: A form cannot be attached when creating course work
    "When creating attachments, setting the form, gem, or notebook field is not supported."

    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Quiz", "workType": "ASSIGNMENT",
       "materials": [{"form": {"formUrl": "https://docs.google.com/forms/d/e/{courseId}/viewform"}}]}
      """
    Then the request fails with 400 INVALID_ARGUMENT

  Scenario Outline: A due date of <year>-<month>-<day> is accepted
    "Day of month. Must be from 1 to 31 and valid for the year and month" and "Month of year. Must
    be from 1 to 12."

    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Dated", "workType": "ASSIGNMENT",
       "dueDate": {"year": <year>, "month": <month>, "day": <day>}, "dueTime": {"hours": 12, "minutes": 30}}
      """
    Then the response status is 200
    And the response field "dueDate" is the JSON value {"year": <year>, "month": <month>, "day": <day>}

    @rule:coursework.due-date.day
    Examples: the 29th of February exists in a leap year, and the 30th of April
      | year | month | day |
      | 2096 | 2     | 29  |
      | 2097 | 4     | 30  |

    @rule:coursework.due-date.month
    Examples: the first and the last month
      | year | month | day |
      | 2097 | 1     | 31  |
      | 2097 | 12    | 31  |

    @rule:coursework.due-date.year
    Examples: the last year
      | year | month | day |
      | 9999 | 12    | 31  |

  Scenario Outline: A due date of <year>-<month>-<day> is rejected
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Badly dated", "workType": "ASSIGNMENT",
       "dueDate": {"year": <year>, "month": <month>, "day": <day>}, "dueTime": {"hours": 12, "minutes": 30}}
      """
    Then the request fails with 400 INVALID_ARGUMENT

    @rule:coursework.due-date.day
    Examples: the 29th of February in a common year and in a century not divisible by 400, the 31st of April, the 32nd of June
      | year | month | day |
      | 2097 | 2     | 29  |
      | 2100 | 2     | 29  |
      | 2097 | 4     | 31  |
      | 2097 | 6     | 32  |

    @rule:coursework.due-date.month
    Examples: a thirteenth month
      | year | month | day |
      | 2097 | 13    | 1   |

    @rule:coursework.due-date.year
    Examples: a five-digit year
      | year  | month | day |
      | 10000 | 1     | 1   |

    @rule:coursework.due-date.complete-date
    Examples: a due date needs a year, a month and a day
      | year | month | day |
      | 2097 | 0     | 1   |
      | 2097 | 6     | 0   |
      | 0    | 6     | 1   |

  @rule:coursework.due-date.future
  Scenario: A due date in the past is rejected
    "To specify a due date, set the dueDate and dueTime fields to the corresponding UTC time. The
    due date must be in the future."

    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Overdue from the start", "workType": "ASSIGNMENT",
       "dueDate": {"year": 2020, "month": 1, "day": 6}, "dueTime": {"hours": 12, "minutes": 30}}
      """
    Then the request fails with 400 INVALID_ARGUMENT

  Scenario Outline: A due time of <hours>:<minutes>:<seconds>.<nanos> is accepted
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Timed", "workType": "ASSIGNMENT",
       "dueDate": {"year": 2097, "month": 6, "day": 1},
       "dueTime": {"hours": <hours>, "minutes": <minutes>, "seconds": <seconds>, "nanos": <nanos>}}
      """
    Then the response status is 200
    And the response field "dueTime" is the JSON value {"hours": <hours>, "minutes": <minutes>, "seconds": <seconds>, "nanos": <nanos>}

    @rule:coursework.due-time.hours
    Examples: the last hour of the day
      | hours | minutes | seconds | nanos |
      | 23    | 30      | 1       | 1     |

    @rule:coursework.due-time.minutes
    Examples: the last minute of the hour
      | hours | minutes | seconds | nanos |
      | 12    | 59      | 1       | 1     |

    @rule:coursework.due-time.seconds
    Examples: the last second of the minute
      | hours | minutes | seconds | nanos |
      | 12    | 30      | 59      | 1     |

    @rule:coursework.due-time.nanos
    Examples: the last nanosecond of the second
      | hours | minutes | seconds | nanos     |
      | 12    | 30      | 1       | 999999999 |

  @rule:coursework.due-time.hours
  Scenario: A due time of midnight is accepted
    "Hours of day in 24 hour format. Should be from 0 to 23." The JSON mapping of protocol buffers
    leaves zero numbers out, so midnight comes back without hours.

    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Due at midnight", "workType": "ASSIGNMENT",
       "dueDate": {"year": 2097, "month": 6, "day": 1},
       "dueTime": {"hours": 0, "minutes": 0}}
      """
    Then the response status is 200
    And the response field "dueDate" is the JSON value {"year": 2097, "month": 6, "day": 1}
    And the response field "dueTime" is present
    And the response field "dueTime.hours" is absent
    And the response field "dueTime.minutes" is absent

  Scenario Outline: A due time with <what> is rejected
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Badly timed", "workType": "ASSIGNMENT",
       "dueDate": {"year": 2097, "month": 6, "day": 1}, "dueTime": <dueTime>}
      """
    Then the request fails with 400 INVALID_ARGUMENT

    @rule:coursework.due-time.hours
    Examples: hours out of range
      | what           | dueTime                      |
      | negative hours | {"hours": -1, "minutes": 30} |

    @rule:coursework.due-time.minutes
    Examples: minutes out of range
      | what             | dueTime                      |
      | 60 minutes       | {"hours": 12, "minutes": 60} |
      | negative minutes | {"hours": 12, "minutes": -1} |

    @rule:coursework.due-time.seconds
    Examples: seconds out of range
      | what             | dueTime                                    |
      | negative seconds | {"hours": 12, "minutes": 30, "seconds": -1} |

    @rule:coursework.due-time.nanos
    Examples: nanos out of range
      | what            | dueTime                                          |
      | a billion nanos | {"hours": 12, "minutes": 30, "nanos": 1000000000} |
      | negative nanos  | {"hours": 12, "minutes": 30, "nanos": -1}         |

    @rule:coursework.due-time.no-extensions
    Examples: Classroom does not choose to allow 24:00:00 or leap seconds
      | what       | dueTime                                     |
      | hour 24    | {"hours": 24, "minutes": 0}                 |
      | 60 seconds | {"hours": 12, "minutes": 30, "seconds": 60} |

  @rule:coursework.due-date.requires-time
  Scenario: A due date without a due time is rejected
    "This must be specified if dueDate is specified."

    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Half a deadline", "workType": "ASSIGNMENT",
       "dueDate": {"year": 2097, "month": 6, "day": 1}}
      """
    Then the request fails with 400 INVALID_ARGUMENT

  @rule:coursework.due-time.requires-date
  Scenario: A due time without a due date is rejected
    "This must be specified if dueTime is specified."

    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Half a deadline", "workType": "ASSIGNMENT",
       "dueTime": {"hours": 12, "minutes": 30}}
      """
    Then the request fails with 400 INVALID_ARGUMENT

  @rule:coursework.max-points.non-negative-integer
  Scenario Outline: maxPoints of <maxPoints> is accepted
    "Maximum grade for this course work. If zero or unspecified, this assignment is considered
    ungraded. This must be a non-negative integer value."

    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Graded <maxPoints>", "workType": "ASSIGNMENT", "maxPoints": <maxPoints>}
      """
    Then the response status is 200
    And the response field "title" is "Graded <maxPoints>"
    And the response field "maxPoints" is the JSON value <maxPoints>

    Examples:
      | maxPoints |
      | 1         |
      | 100       |

  @rule:coursework.max-points.non-negative-integer
  Scenario: maxPoints of 0 is accepted and, like any zero, left out of the answer
    "If zero or unspecified, this assignment is considered ungraded." The JSON mapping of protocol
    buffers leaves zero numbers out.

    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Ungraded", "workType": "ASSIGNMENT", "maxPoints": 0}
      """
    Then the response status is 200
    And the response field "title" is "Ungraded"
    And the response field "maxPoints" is absent

  @rule:coursework.max-points.non-negative-integer
  Scenario Outline: maxPoints of <maxPoints> is rejected
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Graded <maxPoints>", "workType": "ASSIGNMENT", "maxPoints": <maxPoints>}
      """
    Then the request fails with 400 INVALID_ARGUMENT

    Examples:
      | maxPoints |
      | -1        |
      | 1.5       |

  @rule:coursework.work-type.values
  Scenario Outline: A workType of <workType> is rejected
    A workType that is not a CourseWorkType value makes the request malformed: "INVALID_ARGUMENT
    if the request is malformed."

    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Essay", "workType": "<workType>"}
      """
    Then the request fails with 400 INVALID_ARGUMENT

    Examples:
      | workType |
      | QUIZ     |
      | essay    |

  @rule:coursework.work-type.values @rule:coursework.details.union @rule:coursework.details.assignment
  Scenario: A short answer question is created without details
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Why is the sky blue?", "workType": "SHORT_ANSWER_QUESTION"}
      """
    Then the response status is 200
    And the response field "workType" is "SHORT_ANSWER_QUESTION"
    And the response field "multipleChoiceQuestion" is absent
    And the response field "assignment" is absent

  @rule:coursework.multiple-choice.required @rule:coursework.details.assignment
  Scenario: A multiple choice question is created with its choices
    "For write operations, this field must be specified when creating course work with a work_type
    of MULTIPLE_CHOICE_QUESTION, and it must not be set otherwise."

    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Which planet is largest?", "workType": "MULTIPLE_CHOICE_QUESTION",
       "multipleChoiceQuestion": {"choices": ["Mars", "Jupiter", "Venus"]}}
      """
    Then the response status is 200
    And the response field "multipleChoiceQuestion.choices" is the JSON value ["Mars", "Jupiter", "Venus"]
    And the response field "assignment" is absent

  @rule:coursework.multiple-choice.required
  Scenario: A multiple choice question without choices details is rejected
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Which planet is largest?", "workType": "MULTIPLE_CHOICE_QUESTION"}
      """
    Then the request fails with 400 INVALID_ARGUMENT

  @rule:coursework.multiple-choice.forbidden-otherwise
  Scenario Outline: A <workType> with multiple choice details is rejected
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Mixed up", "workType": "<workType>",
       "multipleChoiceQuestion": {"choices": ["Yes", "No"]}}
      """
    Then the request fails with 400 INVALID_ARGUMENT

    Examples:
      | workType              |
      | ASSIGNMENT            |
      | SHORT_ANSWER_QUESTION |

  @rule:coursework.details.union @rule:coursework.details.assignment
  Scenario: An assignment carries no multiple choice details
    "Union field details can be only one of the following:" assignment or multipleChoiceQuestion.
    "Assignment details. This is populated only when workType is ASSIGNMENT."

    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Essay", "workType": "ASSIGNMENT"}
      """
    Then the response status is 200
    And the response field "workType" is "ASSIGNMENT"
    And the response field "assignment" is present
    And the response field "multipleChoiceQuestion" is absent

  @rule:coursework.individual-students-options.only-individual
  Scenario: Course work is created for individual students
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Extra practice", "workType": "ASSIGNMENT", "state": "PUBLISHED",
       "assigneeMode": "INDIVIDUAL_STUDENTS",
       "individualStudentsOptions": {"studentIds": ["{studentId}"]}}
      """
    Then the response status is 200
    And the response field "assigneeMode" is "INDIVIDUAL_STUDENTS"
    And the response field "individualStudentsOptions.studentIds" is the JSON value ["{studentId}"]

  @rule:coursework.individual-students.assigned-only
  Scenario: Course work created for one student is assigned to that student only
    "If the assigneeMode is INDIVIDUAL_STUDENTS, then only students specified in this field will be
    assigned the coursework."

    Given the other student is enrolled in the course
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Extra practice", "workType": "ASSIGNMENT", "state": "PUBLISHED",
       "assigneeMode": "INDIVIDUAL_STUDENTS",
       "individualStudentsOptions": {"studentIds": ["{studentId}"]}}
      """
    Then the response status is 200
    When I remember the response field "id" as "individualWorkId"
    And the teacher sends "GET" to "/v1/courses/{courseId}/courseWork/{individualWorkId}/studentSubmissions"
    Then the response status is 200
    And the response field "studentSubmissions" has 1 items
    And the response field "studentSubmissions.0.userId" is "{studentId}"
    And the response field "studentSubmissions.#.userId" does not contain "{otherStudentId}"

  @rule:coursework.individual-students-options.only-individual
  Scenario Outline: Individual student options are rejected <when>
    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Extra practice", "workType": "ASSIGNMENT", <assigneeMode>
       "individualStudentsOptions": {"studentIds": ["{studentId}"]}}
      """
    Then the request fails with 400 INVALID_ARGUMENT

    Examples:
      | when                               | assigneeMode                     |
      | when the mode is ALL_STUDENTS      | "assigneeMode": "ALL_STUDENTS",  |
      | when the mode is left to default   |                                  |

  @rule:coursework.scheduled-time.timestamp
  Scenario: scheduledTime must be an RFC 3339 timestamp
    'A timestamp in RFC3339 UTC "Zulu" format, accurate to nanoseconds.'

    When the teacher sends "POST" to "/v1/courses/{courseId}/courseWork" with:
      """json
      {"title": "Scheduled", "workType": "ASSIGNMENT", "state": "DRAFT", "scheduledTime": "next Monday"}
      """
    Then the request fails with 400 INVALID_ARGUMENT
