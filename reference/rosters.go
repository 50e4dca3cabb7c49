package reference

// Rosters: courses.students and courses.teachers.
//
// The documentation lets domain administrators add members directly and students join with the
// course's enrolment code; non-admin teachers are to send invitations. The emulator has no
// invitations, so a teacher of a course may add students and teachers directly, as an
// administrator would.

// memberProfile returns the profile of a course member as the caller may see it: the email
// address needs the classroom.profile.emails scope.
func (s *Server) memberProfile(c *call, userID string) *UserProfile {
	p := s.users.profile(userID)
	if !hasAnyScope(c.who, []string{scopePrefix + "classroom.profile.emails"}) {
		p.EmailAddress = ""
	}
	return p
}

func (s *Server) studentView(c *call, rec *courseRecord, userID string) Student {
	st := Student{CourseID: rec.course.ID, UserID: userID, Profile: s.memberProfile(c, userID)}
	if c.who.UserID == userID {
		st.StudentWorkFolder = &DriveFolder{ID: "0B" + opaque("work/"+rec.course.ID+"/"+userID)}
	}
	return st
}

// memberToAdd decodes the body of students.create or teachers.create (a Student or a Teacher,
// checked against its schema) and resolves the user its userId names.
func (s *Server) memberToAdd(c *call) (*user, *APIError) {
	var in struct {
		UserID string `json:"userId"`
	}
	if err := s.disc.decodeBody(c.method, c.body, &in); err != nil {
		return nil, err
	}
	if in.UserID == "" {
		return nil, errInvalidArgument("userId is required.")
	}
	u, ok := s.users.resolve(in.UserID, c.who)
	if !ok {
		return nil, errNotFound("The user " + in.UserID + " does not exist.")
	}
	return u, nil
}

// createStudent: courses.students.create. The enrolment code "is required if userId corresponds to
// the requesting user".
func (s *Server) createStudent(c *call) (any, error) {
	u, err := s.memberToAdd(c)
	if err != nil {
		return nil, err
	}
	code := c.query.Get("enrollmentCode")
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	rec, err := s.findCourse(c, c.path("courseId"))
	if err != nil {
		return nil, err
	}
	if u.id == c.who.UserID {
		if rec.isTeacher(u.id) || rec.isStudent(u.id) {
			return nil, apiErrorf("ALREADY_EXISTS", "The user is already a student or teacher in the course.")
		}
		if code == "" || code != rec.course.EnrollmentCode {
			return nil, errPermissionDenied("a student can join a course only with its enrolment code")
		}
	} else if !rec.isTeacher(c.who.UserID) {
		return nil, errPermissionDenied("only teachers of the course may add other users")
	}
	if rec.course.CourseState != "ACTIVE" && rec.course.CourseState != "PROVISIONED" {
		return nil, errFailedPrecondition("@CourseNotModifiable The course is in a state that does not allow members to be added.")
	}
	if rec.course.CourseState == "PROVISIONED" && u.id == c.who.UserID {
		return nil, errFailedPrecondition("@CourseNotModifiable A provisioned course cannot be joined until it is activated.")
	}
	if rec.isTeacher(u.id) || rec.isStudent(u.id) {
		return nil, apiErrorf("ALREADY_EXISTS", "The user is already a student or teacher in the course.")
	}
	rec.students = append(rec.students, u.id)
	s.onStudentEnrolled(rec, u.id)
	return s.studentView(c, rec, u.id), nil
}

// rosterCourse resolves a course whose roster the caller may read: its teachers and students.
func (s *Server) rosterCourse(c *call) (*courseRecord, *APIError) {
	rec, _, err := s.courseForMember(c, c.path("courseId"))
	return rec, err
}

func (s *Server) getStudent(c *call) (any, error) {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	rec, err := s.rosterCourse(c)
	if err != nil {
		return nil, err
	}
	u, ok := s.users.resolve(c.path("userId"), c.who)
	if !ok || !rec.isStudent(u.id) {
		return nil, errNotFound("")
	}
	return s.studentView(c, rec, u.id), nil
}

// ListStudentsResponse is the answer of courses.students.list.
type ListStudentsResponse struct {
	Students      []Student `json:"students,omitempty"`
	NextPageToken string    `json:"nextPageToken,omitempty"`
}

// rosterPageSize: "The default is 30 if unspecified or 0."
const rosterPageSize = 30

func (s *Server) listStudents(c *call) (any, error) {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	rec, err := s.rosterCourse(c)
	if err != nil {
		return nil, err
	}
	all := make([]Student, 0, len(rec.students))
	for _, id := range rec.students {
		all = append(all, s.studentView(c, rec, id))
	}
	page, next, perr := paginate(c, all, rosterPageSize)
	if perr != nil {
		return nil, perr
	}
	return ListStudentsResponse{Students: page, NextPageToken: next}, nil
}

// deleteStudent: courses.students.delete, by a teacher of the course. The student's submissions
// are kept, as Classroom keeps the work of students who leave.
func (s *Server) deleteStudent(c *call) (any, error) {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	rec, err := s.teacherCourse(c, c.path("courseId"), "do this")
	if err != nil {
		return nil, err
	}
	u, ok := s.users.resolve(c.path("userId"), c.who)
	if !ok || !rec.isStudent(u.id) {
		return nil, errNotFound("")
	}
	rec.students = remove(rec.students, u.id)
	return Empty{}, nil
}

// createTeacher: courses.teachers.create, by a teacher of the course.
func (s *Server) createTeacher(c *call) (any, error) {
	u, err := s.memberToAdd(c)
	if err != nil {
		return nil, err
	}
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	rec, err := s.teacherCourse(c, c.path("courseId"), "do this")
	if err != nil {
		return nil, err
	}
	if rec.course.CourseState != "ACTIVE" && rec.course.CourseState != "PROVISIONED" {
		return nil, errFailedPrecondition("@CourseNotModifiable The course is in a state that does not allow members to be added.")
	}
	if rec.isTeacher(u.id) || rec.isStudent(u.id) {
		return nil, apiErrorf("ALREADY_EXISTS", "The user is already a teacher or student in the course.")
	}
	rec.teachers = append(rec.teachers, u.id)
	return Teacher{CourseID: rec.course.ID, UserID: u.id, Profile: s.memberProfile(c, u.id)}, nil
}

// ListTeachersResponse is the answer of courses.teachers.list.
type ListTeachersResponse struct {
	Teachers      []Teacher `json:"teachers,omitempty"`
	NextPageToken string    `json:"nextPageToken,omitempty"`
}

func (s *Server) listTeachers(c *call) (any, error) {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	rec, err := s.rosterCourse(c)
	if err != nil {
		return nil, err
	}
	all := make([]Teacher, 0, len(rec.teachers))
	for _, id := range rec.teachers {
		all = append(all, Teacher{CourseID: rec.course.ID, UserID: id, Profile: s.memberProfile(c, id)})
	}
	page, next, perr := paginate(c, all, rosterPageSize)
	if perr != nil {
		return nil, perr
	}
	return ListTeachersResponse{Teachers: page, NextPageToken: next}, nil
}
