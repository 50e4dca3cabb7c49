package reference

import "strings"

// Roles a user can hold in a course.
const (
	roleNone    = ""
	roleTeacher = "teacher"
	roleStudent = "student"
)

func (c *courseRecord) role(userID string) string {
	switch {
	case c.isTeacher(userID):
		return roleTeacher
	case c.isStudent(userID):
		return roleStudent
	}
	return roleNone
}

// isAlias reports whether a courseId path parameter is an alias rather than a Classroom id.
func isAlias(ref string) bool {
	return strings.HasPrefix(ref, "d:") || strings.HasPrefix(ref, "p:")
}

// findCourse resolves a courseId path parameter, a Classroom id or an alias, without any access
// check. Project-scoped aliases ("p:") resolve only for the project that created them. The caller
// holds the store lock.
func (s *Server) findCourse(c *call, ref string) (*courseRecord, *APIError) {
	id := ref
	if isAlias(ref) {
		a, ok := s.st.aliases[ref]
		if !ok || (strings.HasPrefix(ref, "p:") && a.project != c.who.Project) {
			return nil, errNotFound("")
		}
		id = a.courseID
	}
	rec, ok := s.st.courses[id]
	if !ok {
		return nil, errNotFound("")
	}
	return rec, nil
}

// courseForMember resolves a courseId path parameter and checks that the caller is a teacher or
// a student of the course: anyone else is PERMISSION_DENIED, as the course-scoped methods
// document ("if the requesting user is not permitted to access the requested course"). It returns
// the caller's role. A PROVISIONED or DECLINED course is accessible to its teachers only: the
// documentation says a provisioned course is "accessible by the primary teacher and domain
// administrators". The caller holds the store lock.
func (s *Server) courseForMember(c *call, ref string) (*courseRecord, string, *APIError) {
	rec, err := s.findCourse(c, ref)
	if err != nil {
		return nil, "", err
	}
	role := rec.role(c.who.UserID)
	if role == roleNone {
		return nil, "", errPermissionDenied("")
	}
	if role == roleStudent {
		switch rec.course.CourseState {
		case "PROVISIONED", "DECLINED":
			return nil, "", errPermissionDenied("")
		}
	}
	return rec, role, nil
}

// teacherCourse resolves a courseId path parameter whose teacher the caller must be, to do what
// action says ("create course work"): anyone else is PERMISSION_DENIED.
func (s *Server) teacherCourse(c *call, ref, action string) (*courseRecord, *APIError) {
	rec, role, err := s.courseForMember(c, ref)
	if err != nil {
		return nil, err
	}
	if role != roleTeacher {
		return nil, errPermissionDenied("only teachers of the course may " + action)
	}
	return rec, nil
}
