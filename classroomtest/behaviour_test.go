package classroomtest_test

import "github.com/classroom-conformance/classroom-conformance/reference"

func referenceBehaviourPublished() reference.Behaviour {
	return reference.Behaviour{CourseWorkDefaultState: "PUBLISHED"}
}
