Feature: Broken
  Scenario: no steps keyword
    Given a course owned by the teacher
  Examples oops
   | a |
