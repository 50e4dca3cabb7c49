package reference

import (
	"encoding/base64"
	"encoding/json"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Course lengths from the Course schema.
const (
	maxCourseName               = 750
	maxCourseSection            = 2800
	maxCourseDescriptionHeading = 3600
	maxCourseDescription        = 30000
	maxCourseRoom               = 650
)

// courseMaskFields are the fields courses.patch accepts in its update mask.
var courseMaskFields = []string{"courseState", "description", "descriptionHeading", "name", "ownerId", "room", "section", "subject", "levels"}

var urlInTitle = regexp.MustCompile(`(?i)(https?://|www\.)\S`)

func validateCourseText(co *Course) *APIError {
	for _, f := range []struct {
		name, value string
		max         int
	}{
		{"name", co.Name, maxCourseName},
		{"section", co.Section, maxCourseSection},
		{"description_heading", co.DescriptionHeading, maxCourseDescriptionHeading},
		{"description", co.Description, maxCourseDescription},
		{"room", co.Room, maxCourseRoom},
	} {
		if !utf8.ValidString(f.value) {
			return errInvalidArgument("%s must be a valid UTF-8 string.", f.name)
		}
		if n := utf8.RuneCountInString(f.value); n > f.max {
			return errInvalidArgument("%s must be at most %d characters; it has %d.", f.name, f.max, n)
		}
	}
	if strings.TrimSpace(co.Name) == "" {
		return errInvalidArgument("name is required.")
	}
	if urlInTitle.MatchString(co.Name) {
		return errFailedPrecondition("@CourseTitleCannotContainUrl The course title cannot contain a URL.")
	}
	return nil
}

// createCourse: courses.create. "A non-admin requesting user can only create a course with
// themselves as the owner."
func (s *Server) createCourse(c *call) (any, error) {
	var in Course
	if err := s.disc.decodeBody(c.method, c.body, &in); err != nil {
		return nil, err
	}
	if in.OwnerID == "" {
		return nil, errInvalidArgument("ownerId is required.")
	}
	owner, ok := s.users.resolve(in.OwnerID, c.who)
	if !ok {
		return nil, errNotFound("The primary teacher is not a valid user.")
	}
	if owner.id != c.who.UserID {
		return nil, errPermissionDenied("a non-admin user can only create a course with themselves as the owner")
	}
	if err := validateCourseText(&in); err != nil {
		return nil, err
	}
	switch in.CourseState {
	case "", "COURSE_STATE_UNSPECIFIED":
		in.CourseState = "PROVISIONED"
	case "PROVISIONED", "ACTIVE":
	default:
		return nil, errInvalidArgument("A course can be created only in the PROVISIONED or ACTIVE state, not %s.", in.CourseState)
	}
	if in.ID != "" && !isAlias(in.ID) {
		return nil, errInvalidArgument("id may only be an alias (d:... or p:...) when creating a course.")
	}
	if in.ID != "" {
		if err := checkAliasName(in.ID); err != nil {
			return nil, err
		}
	}

	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	if in.ID != "" {
		if err := s.checkAliasCreate(c, in.ID); err != nil {
			return nil, err
		}
	}
	now := timestamp(s.now())
	id := s.st.newNumericID()
	co := Course{
		ID:                 id,
		Name:               in.Name,
		Section:            in.Section,
		DescriptionHeading: descriptionHeading(in),
		Description:        in.Description,
		Room:               in.Room,
		Subject:            in.Subject,
		Levels:             in.Levels,
		OwnerID:            owner.id,
		CreationTime:       now,
		UpdateTime:         now,
		EnrollmentCode:     newEnrollmentCode(id),
		CourseState:        in.CourseState,
		AlternateLink:      "https://classroom.google.com/c/" + linkID(id),
		GradebookSettings:  json.RawMessage(defaultGradebookSettings),
		TeacherFolder: &DriveFolder{
			ID:            "0B" + opaque("folder/"+id),
			Title:         in.Name,
			AlternateLink: "https://drive.google.com/drive/folders/0B" + opaque("folder/"+id),
		},
	}
	co.TeacherGroupEmail, co.CourseGroupEmail = groupEmails(id, in.Name, emailDomain(owner.email))
	if co.CourseState == "ACTIVE" {
		co.CalendarID = calendarID(id)
	}
	rec := &courseRecord{course: co, teachers: []string{owner.id}}
	s.st.courses[id] = rec
	s.st.courseOrder = append(s.st.courseOrder, id)
	if in.ID != "" {
		s.st.aliases[in.ID] = &aliasRecord{alias: in.ID, courseID: id, project: c.who.Project}
	}
	return s.courseView(rec, c.who), nil
}

// defaultGradebookSettings are the gradebook settings of a new course, as Google shows them on
// courses created since gradebook settings exist.
const defaultGradebookSettings = `{"calculationType":"TOTAL_POINTS","displaySetting":"HIDE_OVERALL_GRADE"}`

// descriptionHeading is the heading a course is created with: the one given, or, as Google fills
// it, the name followed by " " and the section when there is one.
func descriptionHeading(in Course) string {
	switch {
	case in.DescriptionHeading != "":
		return in.DescriptionHeading
	case in.Section != "":
		return in.Name + " " + in.Section
	}
	return in.Name
}

// emailDomain is the domain of an e-mail address; the domain of the course's group e-mails is
// the owner's.
func emailDomain(email string) string {
	if _, domain, ok := strings.Cut(email, "@"); ok && domain != "" {
		return domain
	}
	return "school.example"
}

// opaque encodes a key the way Classroom's links and folder ids look: unpadded base64url.
func opaque(key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(key))
}

// courseView is a course as the caller may see it: the teacher folder is for teachers only.
func (s *Server) courseView(rec *courseRecord, who *Identity) *Course {
	co := rec.course
	if !rec.isTeacher(who.UserID) {
		co.TeacherFolder = nil
	}
	return &co
}

// courseForRead resolves a course the caller may read. A SUSPENDED course is visible only to its
// owner: "only the user identified by the owner_id can view the course".
func (s *Server) courseForRead(c *call, ref string) (*courseRecord, *APIError) {
	rec, _, err := s.courseForMember(c, ref)
	if err != nil {
		return nil, err
	}
	if rec.course.CourseState == "SUSPENDED" && rec.course.OwnerID != c.who.UserID {
		return nil, errPermissionDenied("")
	}
	return rec, nil
}

func (s *Server) getCourse(c *call) (any, error) {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	rec, err := s.courseForRead(c, c.path("id"))
	if err != nil {
		return nil, err
	}
	return s.courseView(rec, c.who), nil
}

// courseTransitions are the documented state changes: PROVISIONED to ACTIVE or DECLINED,
// DECLINED back to PROVISIONED, ACTIVE and ARCHIVED to each other.
var courseTransitions = map[string][]string{
	"PROVISIONED": {"ACTIVE", "DECLINED"},
	"DECLINED":    {"PROVISIONED"},
	"ACTIVE":      {"ARCHIVED"},
	"ARCHIVED":    {"ACTIVE"},
}

// parseMask splits an update mask into JSON field names, accepting proto names (due_date) too.
func parseMask(mask string) []string {
	var out []string
	for _, f := range strings.Split(mask, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, camel(f))
		}
	}
	return out
}

// patchCourse: courses.patch. "INVALID_ARGUMENT if invalid fields are specified in the update
// mask or if no update mask is supplied."
func (s *Server) patchCourse(c *call) (any, error) {
	var in Course
	if err := s.disc.decodeBody(c.method, c.body, &in); err != nil {
		return nil, err
	}
	mask := parseMask(c.query.Get("updateMask"))
	if len(mask) == 0 {
		return nil, errInvalidArgument("updateMask is required.")
	}
	for _, f := range mask {
		if !contains(courseMaskFields, f) {
			return nil, errInvalidArgument("Invalid field in update mask: %s.", f)
		}
	}
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	rec, err := s.teacherCourse(c, c.path("id"), "modify it")
	if err != nil {
		return nil, err
	}
	next := rec.course
	stateChange := false
	for _, f := range mask {
		switch f {
		case "courseState":
			if in.CourseState == "" || in.CourseState == "COURSE_STATE_UNSPECIFIED" {
				return nil, errInvalidArgument("courseState is in the update mask but not set.")
			}
			if in.CourseState != next.CourseState {
				if !contains(courseTransitions[next.CourseState], in.CourseState) {
					return nil, errFailedPrecondition("A course in state %s cannot be changed to %s.", next.CourseState, in.CourseState)
				}
				stateChange = true
			}
			next.CourseState = in.CourseState
		case "ownerId":
			if in.OwnerID == "" {
				return nil, errInvalidArgument("ownerId is in the update mask but not set.")
			}
			if u, ok := s.users.resolve(in.OwnerID, c.who); !ok || u.id != next.OwnerID {
				return nil, errPermissionDenied("only domain administrators may change the owner of a course")
			}
		case "name":
			next.Name = in.Name
		case "section":
			next.Section = in.Section
		case "description":
			next.Description = in.Description
		case "descriptionHeading":
			next.DescriptionHeading = in.DescriptionHeading
		case "room":
			next.Room = in.Room
		case "subject":
			next.Subject = in.Subject
		case "levels":
			next.Levels = in.Levels
		}
	}
	// "You cannot modify it except to change it to a different state", unless the same request
	// makes the course modifiable again.
	if rec.course.CourseState != "ACTIVE" && rec.course.CourseState != "PROVISIONED" &&
		!(stateChange && (next.CourseState == "ACTIVE" || next.CourseState == "PROVISIONED")) {
		for _, f := range mask {
			if f != "courseState" {
				return nil, errFailedPrecondition("@CourseNotModifiable The course is in a state that does not allow its properties to be modified.")
			}
		}
	}
	if err := validateCourseText(&next); err != nil {
		return nil, err
	}
	if next.CourseState == "ACTIVE" && next.CalendarID == "" {
		next.CalendarID = calendarID(next.ID)
	}
	next.UpdateTime = timestamp(s.now())
	rec.course = next
	return s.courseView(rec, c.who), nil
}

// deleteCourse: courses.delete. "Only a Course owner can delete the Course."
func (s *Server) deleteCourse(c *call) (any, error) {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	rec, _, err := s.courseForMember(c, c.path("id"))
	if err != nil {
		return nil, err
	}
	if rec.course.OwnerID != c.who.UserID {
		return nil, errPermissionDenied("only the owner may delete a course")
	}
	id := rec.course.ID
	for _, cwID := range rec.work {
		if w, ok := s.st.courseWork[workKey(id, cwID)]; ok {
			for _, subID := range w.submissions {
				delete(s.st.submissions, submissionKey(id, cwID, subID))
			}
		}
		delete(s.st.courseWork, workKey(id, cwID))
	}
	for alias, a := range s.st.aliases {
		if a.courseID == id {
			delete(s.st.aliases, alias)
		}
	}
	delete(s.st.courses, id)
	s.st.courseOrder = remove(s.st.courseOrder, id)
	return Empty{}, nil
}

// ListCoursesResponse is the answer of courses.list.
type ListCoursesResponse struct {
	Courses       []*Course `json:"courses,omitempty"`
	NextPageToken string    `json:"nextPageToken,omitempty"`
}

// listCourses: courses.list. "Returned courses are ordered by creation time, with the most
// recently created coming first." Courses in any state are returned when courseStates is unset.
func (s *Server) listCourses(c *call) (any, error) {
	studentRef, teacherRef := c.query.Get("studentId"), c.query.Get("teacherId")
	if studentRef != "" && teacherRef != "" {
		return nil, errFailedPrecondition("@ListCoursesStudentAndTeacherFilter studentId and teacherId cannot both be set.")
	}
	var student, teacher string
	for _, f := range []struct {
		ref string
		out *string
	}{{studentRef, &student}, {teacherRef, &teacher}} {
		if f.ref == "" {
			continue
		}
		u, ok := s.users.resolve(f.ref, c.who)
		if !ok {
			return nil, errNotFound("The user " + f.ref + " does not exist.")
		}
		*f.out = u.id
	}
	states := enumFilter(c.query["courseStates"])
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	var all []*Course
	for i := len(s.st.courseOrder) - 1; i >= 0; i-- {
		rec := s.st.courses[s.st.courseOrder[i]]
		role := rec.role(c.who.UserID)
		if role == roleNone || (role == roleStudent && (rec.course.CourseState == "PROVISIONED" || rec.course.CourseState == "DECLINED")) {
			continue
		}
		if (student != "" && !rec.isStudent(student)) || (teacher != "" && !rec.isTeacher(teacher)) {
			continue
		}
		if len(states) > 0 && !contains(states, rec.course.CourseState) {
			continue
		}
		all = append(all, s.courseView(rec, c.who))
	}
	page, next, err := paginate(c, all, 0)
	if err != nil {
		return nil, err
	}
	return ListCoursesResponse{Courses: page, NextPageToken: next}, nil
}
