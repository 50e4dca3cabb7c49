package reference

// courses.courseWork.modifyAssignees, and the submissions that follow who is assigned.

// modifyAssignees: courses.courseWork.modifyAssignees. "Only a teacher of the course that
// contains the coursework may call this method." The creating project is required only when
// Behaviour.ModifyAssigneesProjectRule is set, since this method, unlike patch and delete, does
// not say so.
//
// Decisions where the documentation is silent:
//   - assigneeMode is required (INVALID_ARGUMENT without it).
//   - Switching from ALL_STUDENTS to INDIVIDUAL_STUDENTS starts from nobody: the students assigned
//     are those of addStudentIds. With INDIVIDUAL_STUDENTS already set, additions and removals
//     apply to the current list.
//   - Ids may be numeric ids or email addresses. An id to add must be a student of the course;
//     an id to remove must be a student of the course or on the list (INVALID_ARGUMENT
//     otherwise). Removing a student who is not assigned changes nothing. An id both added and
//     removed in one request is INVALID_ARGUMENT.
//   - A result with no enrolled student assigned is FAILED_PRECONDITION "@EmptyAssignees".
//   - Deleted course work cannot be modified: FAILED_PRECONDITION, as for patch.
//   - Newly assigned students get a submission (or get back the one they had); unassigned
//     students keep theirs, hidden from everyone while they are not assigned.
func (s *Server) modifyAssignees(c *call) (any, error) {
	var in ModifyCourseWorkAssigneesRequest
	if err := s.decode(c, &in); err != nil {
		return nil, err
	}
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	rec, role, w, err := s.workToModify(c, c.path("id"), s.behave.ModifyAssigneesProjectRule)
	if err != nil {
		return nil, err
	}
	mode, ids, err := assigneesAfter(rec, &w.work, in, func(ref string) (string, bool) { return s.studentOf(c, rec, ref) })
	if err != nil {
		return nil, err
	}
	w.work.AssigneeMode = mode
	w.work.IndividualStudentsOptions = nil
	if mode == "INDIVIDUAL_STUDENTS" {
		w.work.IndividualStudentsOptions = &IndividualStudentsOptions{StudentIDs: ids}
	}
	w.work.UpdateTime = timestamp(s.now())
	s.assignSubmissions(rec, w)
	return s.workView(c, rec, w, role), nil
}

// assigneesAfter computes the assignee mode and students of course work after a modifyAssignees
// request. student resolves a reference to the id of a student of the course.
func assigneesAfter(rec *courseRecord, cur *CourseWork, req ModifyCourseWorkAssigneesRequest, student func(ref string) (string, bool)) (string, []string, *APIError) {
	switch enumValue(req.AssigneeMode) {
	case "":
		return "", nil, errInvalidArgument("assignee_mode: is required.")
	case "ALL_STUDENTS":
		// modifyIndividualStudentsOptions: "Must be specified only when assigneeMode is
		// INDIVIDUAL_STUDENTS."
		if req.ModifyIndividualStudentsOptions != nil {
			return "", nil, errInvalidArgument("modify_individual_students_options: must be specified only when assignee_mode is INDIVIDUAL_STUDENTS.")
		}
		return "ALL_STUDENTS", nil, nil
	case "INDIVIDUAL_STUDENTS":
	default:
		return "", nil, errInvalidArgument("assignee_mode: %s is not a valid assignee mode.", req.AssigneeMode)
	}
	var ids []string
	if cur.AssigneeMode == "INDIVIDUAL_STUDENTS" {
		ids = append(ids, cur.IndividualStudentsOptions.studentIDs()...)
	}
	var add, del []string
	if o := req.ModifyIndividualStudentsOptions; o != nil {
		for i, ref := range o.AddStudentIDs {
			id, ok := student(ref)
			if !ok {
				return "", nil, errInvalidArgument("modify_individual_students_options.add_student_ids[%d]: %q is not a student of the course.", i, ref)
			}
			add = append(add, id)
		}
		for i, ref := range o.RemoveStudentIDs {
			id, ok := student(ref)
			if !ok && contains(ids, ref) {
				id, ok = ref, true // a former student still on the list
			}
			if !ok {
				return "", nil, errInvalidArgument("modify_individual_students_options.remove_student_ids[%d]: %q is not a student of the course.", i, ref)
			}
			if contains(add, id) {
				return "", nil, errInvalidArgument("modify_individual_students_options: student %q is both added and removed.", ref)
			}
			del = append(del, id)
		}
	}
	for _, id := range add {
		if !contains(ids, id) {
			ids = append(ids, id)
		}
	}
	for _, id := range del {
		ids = remove(ids, id)
	}
	enrolled := 0
	for _, id := range ids {
		if rec.isStudent(id) {
			enrolled++
		}
	}
	if enrolled == 0 {
		return "", nil, errFailedPrecondition("@EmptyAssignees The requested action would remove all assignees from the course work. Course work with no assignees is not supported.")
	}
	return "INDIVIDUAL_STUDENTS", ids, nil
}

// assignSubmissions gives every student the course work is assigned to a submission, unless
// they have one. The caller holds the lock.
func (s *Server) assignSubmissions(rec *courseRecord, w *courseWorkRecord) {
	has := make(map[string]bool, len(w.submissions))
	for _, id := range w.submissions {
		if sub, ok := s.st.submissions[submissionKey(rec.course.ID, w.work.ID, id)]; ok {
			has[sub.sub.UserID] = true
		}
	}
	for _, student := range rec.students {
		if !has[student] && isAssigned(rec, &w.work, student) {
			s.newSubmission(rec, w, student)
		}
	}
}

// ensureSubmission gives a student a submission for course work, unless they have one. The
// caller holds the lock.
func (s *Server) ensureSubmission(rec *courseRecord, w *courseWorkRecord, userID string) {
	for _, id := range w.submissions {
		if sub, ok := s.st.submissions[submissionKey(rec.course.ID, w.work.ID, id)]; ok && sub.sub.UserID == userID {
			return
		}
	}
	s.newSubmission(rec, w, userID)
}

// newSubmission creates a student's submission for course work: "StudentSubmission items are
// generated when a CourseWork item is created." It is NEW: "The student has never accessed this
// submission. Attachments are not returned and timestamps is not set." The caller holds the
// lock.
func (s *Server) newSubmission(rec *courseRecord, w *courseWorkRecord, userID string) {
	id := submissionID(s.st.studentNumber(rec, userID), w.work.ID)
	if _, exists := s.st.submissions[submissionKey(rec.course.ID, w.work.ID, id)]; exists {
		return // one submission per student and course work, as its id says
	}
	s.st.submissions[submissionKey(rec.course.ID, w.work.ID, id)] = &submissionRecord{
		sub: StudentSubmission{
			CourseID:       rec.course.ID,
			CourseWorkID:   w.work.ID,
			ID:             id,
			UserID:         userID,
			State:          "NEW",
			CourseWorkType: w.work.WorkType,
		},
		project: w.project,
	}
	w.submissions = append(w.submissions, id)
}

// onStudentEnrolled gives a student who joins a course a submission for every course work that
// is assigned to them (all-students work, and individual-students work that names them from an
// earlier enrolment). courses.students.create calls it, with the store lock held, after adding
// the student to the course.
func (s *Server) onStudentEnrolled(rec *courseRecord, userID string) {
	for _, id := range rec.work {
		w, ok := s.st.courseWork[workKey(rec.course.ID, id)]
		if ok && w.work.State != "DELETED" && isAssigned(rec, &w.work, userID) {
			s.ensureSubmission(rec, w, userID)
		}
	}
}
