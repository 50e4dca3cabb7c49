Feature: Bad tag

  @ambiguity:reclaim.returned=MAYBE
  Scenario: tagged with a choice that does not exist
    Given a course owned by the teacher
