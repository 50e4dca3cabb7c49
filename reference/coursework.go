package reference

import (
	"time"
)

// Course work: courses.courseWork create, get, list, patch and delete (modifyAssignees is in
// assignees.go).
//
// Decisions where the documentation is silent, for the package documentation:
//
//   - Order of checks: the request's syntax first (JSON, unknown fields, enum values, updateMask
//     names, orderBy), then the course (404, then 403 for a non-member), then the course work
//     (404), then the caller's role (403), then the Developer Console project (403
//     "@ProjectPermissionDenied"), then the state of the course work (FAILED_PRECONDITION for
//     deleted work), then the content of the request (INVALID_ARGUMENT), then attachments
//     (FAILED_PRECONDITION "@AttachmentNotVisible").
//   - Course work a student may not see (DRAFT, DELETED, or for other individual students) does
//     not exist for that student: 404 NOT_FOUND from get and from every method under it, never
//     403, so that a student cannot learn that a draft exists. courseWork.list with
//     courseWorkStates=DRAFT answers a student an empty list.
//   - The sending of COURSE_WORK_STATE_UNSPECIFIED, ASSIGNEE_MODE_UNSPECIFIED and the other zero
//     enum values is the same as not setting the field (proto3). workType is then missing:
//     INVALID_ARGUMENT.
//   - A request body that is not valid UTF-8, or whose strings hold a lone UTF-16 surrogate
//     escape ("\ud800"), is INVALID_ARGUMENT, rather than silently altered.
//   - Creating course work in the DELETED state is INVALID_ARGUMENT. A teacher may create course
//     work through any project; it then belongs to that project.
//   - Read-only fields in a create body (id, courseId, alternateLink, creationTime, updateTime,
//     associatedWithDeveloper, creatorUserId, gradeCategory, assignment, and the read-only fields
//     of materials) are ignored.
//   - A due date must be a whole date (year, month and day all set) and a due time must be within
//     00:00:00 to 23:59:59.999999999: the "24:00:00" and leap second that google.type allows are
//     refused. "The due date must be in the future" is enforced on create, and on patch when the
//     patch names dueDate or dueTime; a patch of other fields of overdue work succeeds.
//   - A title of white space only is accepted: the documentation counts characters only.
//     maxPoints has no upper bound.
//   - multipleChoiceQuestion needs at least one choice, and no choice may be empty.
//   - individualStudentsOptions with student ids is INVALID_ARGUMENT unless assigneeMode is
//     INDIVIDUAL_STUDENTS (an empty object is ignored); with INDIVIDUAL_STUDENTS it must name at
//     least one student (INVALID_ARGUMENT), and every id, numeric or an email address, must be a
//     student of the course (INVALID_ARGUMENT). Ids are stored and shown as numeric ids. A
//     student sees only their own id in the list.
//   - scheduledTime may be set only on DRAFT work and must be in the future (INVALID_ARGUMENT
//     otherwise); when it comes, the work reads as PUBLISHED, with updateTime the scheduled time.
//     Publishing a scheduled draft with patch clears scheduledTime.
//   - topicId and gradingPeriodId must be empty: topics and grading periods are not modelled, so
//     no other value can "match an existing topic in the course" (INVALID_ARGUMENT).
//   - Drive is not modelled, so no Drive file is visible to anyone: a driveFile material is 400
//     FAILED_PRECONDITION "@AttachmentNotVisible". YouTube videos and links are accepted as sent;
//     a link to a YouTube video is upgraded to a youtubeVideo material.
//   - Submissions are created with the course work, in any state, one per assigned student (state
//     NEW, no creationTime or updateTime); a student who joins later gets one for all-students
//     work, as does a student added to the assignees. A student who leaves the course or is
//     removed from the assignees keeps the submission, hidden until they return.
//   - alternateLink is https://classroom.google.com/c/<course>/a/<work>/details, with both ids in
//     unpadded base64url; the studentWorkFolder of an assignment (teachers only) is a Drive folder
//     id derived from the course and course work ids; students see "assignment": {}.
//   - associatedWithDeveloper is true for the creating project's callers and omitted (false)
//     for others, as proto3 JSON omits false.
//   - list: unspecified courseWorkStates means PUBLISHED; orderBy fields without a direction sort
//     ascending; work without a due date sorts last in both directions; ties go by updateTime
//     (descending unless orderBy names it) and then by creation order in the direction of
//     updateTime. Unknown fields, unknown directions and a field named twice are INVALID_ARGUMENT.
//   - patch: updateMask names may be camelCase or snake_case; a name outside the documented list
//     (workType, assigneeMode, materials, read-only and unknown fields, nested paths) is
//     INVALID_ARGUMENT. learning_goals, which the discovery text lists, is refused too: the
//     CourseWork schema of this revision has no such field. title, state and
//     submissionModificationMode cannot be cleared; description, dueDate, dueTime, maxPoints,
//     scheduledTime, topicId and gradingPeriodId can. updateTime changes with every successful
//     patch.
//   - State changes by patch: DRAFT to PUBLISHED, and either to DELETED (as delete does); PUBLISHED
//     back to DRAFT is FAILED_PRECONDITION ("Precondition check failed."), since DRAFT is for work
//     "not yet published".
//   - A change of maxPoints appends a MAX_POINTS_CHANGE entry to the history of every submission
//     that has a grade.
//   - delete keeps the work with state DELETED, visible to teachers (get, and list with
//     courseWorkStates=DELETED); deleting it again is FAILED_PRECONDITION. With
//     Behaviour.DeletedWorkNotFound it is gone instead: NOT_FOUND for teachers, never listed.
//     Deleting a draft is allowed.
//   - Course state does not restrict course work beyond the course access rules of access.go.

// createCourseWork: courses.courseWork.create. "CourseWork can only be created on behalf of the
// course's teacher."
func (s *Server) createCourseWork(c *call) (any, error) {
	var in CourseWork
	if err := s.decode(c, &in); err != nil {
		return nil, err
	}
	// Checked before taking the lock, reported after the access checks.
	w, invalid := newCourseWork(in, s.behave.defaultState())

	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	rec, err := s.teacherCourse(c, c.path("courseId"), "create course work")
	if err != nil {
		return nil, err
	}
	if invalid != nil {
		return nil, invalid
	}
	now := s.now()
	if err := validateDueInFuture(w.DueDate, w.DueTime, now); err != nil {
		return nil, err
	}
	if err := validateScheduledTime(w.State, w.ScheduledTime, now); err != nil {
		return nil, err
	}
	if w.AssigneeMode == "INDIVIDUAL_STUDENTS" {
		ids, err := s.enrolledStudents(c, rec, w.IndividualStudentsOptions.StudentIDs, "individual_students_options.student_ids")
		if err != nil {
			return nil, err
		}
		w.IndividualStudentsOptions = &IndividualStudentsOptions{StudentIDs: ids}
	}
	if err := attachmentsVisible(w.Materials); err != nil {
		return nil, err
	}

	w.ID = s.st.newNumericID()
	w.CourseID = rec.course.ID
	w.CreationTime = timestamp(now)
	w.UpdateTime = w.CreationTime
	w.CreatorUserID = c.who.UserID
	wr := &courseWorkRecord{work: w, project: c.who.Project}
	s.st.courseWork[workKey(rec.course.ID, w.ID)] = wr
	rec.work = append(rec.work, w.ID)
	s.assignSubmissions(rec, wr)
	return s.workView(c, rec, wr, roleTeacher), nil
}

// newCourseWork builds the course work a create request describes: read-only fields dropped,
// defaults applied ("If unspecified, the default state is DRAFT", "the default value is
// ALL_STUDENTS", "the default value is MODIFIABLE_UNTIL_TURNED_IN"), and every rule that needs
// neither the clock nor the course checked.
func newCourseWork(in CourseWork, defaultState string) (CourseWork, *APIError) {
	w := CourseWork{
		Title:                      in.Title,
		Description:                in.Description,
		Materials:                  in.Materials,
		State:                      orDefault(enumValue(in.State), defaultState),
		DueDate:                    in.DueDate,
		DueTime:                    in.DueTime,
		ScheduledTime:              in.ScheduledTime,
		MaxPoints:                  in.MaxPoints,
		WorkType:                   enumValue(in.WorkType),
		AssigneeMode:               orDefault(enumValue(in.AssigneeMode), "ALL_STUDENTS"),
		IndividualStudentsOptions:  in.IndividualStudentsOptions,
		SubmissionModificationMode: orDefault(enumValue(in.SubmissionModificationMode), "MODIFIABLE_UNTIL_TURNED_IN"),
		TopicID:                    in.TopicID,
		GradingPeriodID:            in.GradingPeriodID,
		MultipleChoiceQuestion:     in.MultipleChoiceQuestion,
	}
	if err := validateCourseWork(&w); err != nil {
		return w, err
	}
	if err := validateCreateState(w.State); err != nil {
		return w, err
	}
	if w.MaxPoints == 0 {
		w.MaxPoints = 0 // not -0, which JSON would show
	}
	if len(w.IndividualStudentsOptions.studentIDs()) == 0 {
		w.IndividualStudentsOptions = nil
	}
	w.ScheduledTime = normalizeTimestamp(w.ScheduledTime)
	w.Materials = normalizeMaterials(w.Materials)
	return w, nil
}

// normalizeTimestamp rewrites a valid RFC 3339 timestamp in UTC, as Google's output shows them.
func normalizeTimestamp(v string) string {
	if v == "" {
		return ""
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return v
	}
	return echoTimestamp(t)
}

// attachmentsVisible is the AttachmentNotVisible rule: "one or more attachments either not
// visible to the user, not of the requested type, or don't exist". The emulator has no Drive, so
// no Drive file is visible.
func attachmentsVisible(ms []Material) *APIError {
	for _, m := range ms {
		if m.DriveFile != nil {
			return errFailedPrecondition("@AttachmentNotVisible The Drive file %s is not visible to the requesting user or does not exist.", m.DriveFile.DriveFile.ID)
		}
	}
	return nil
}

// enrolledStudents resolves student references (numeric ids or email addresses) to the numeric
// ids of students of the course, without duplicates, in the order given.
func (s *Server) enrolledStudents(c *call, rec *courseRecord, refs []string, field string) ([]string, *APIError) {
	var ids []string
	for i, ref := range refs {
		id, ok := s.studentOf(c, rec, ref)
		if !ok {
			return nil, errInvalidArgument("%s[%d]: %q is not a student of the course.", field, i, ref)
		}
		if !contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// studentOf resolves a reference to a student of the course.
func (s *Server) studentOf(c *call, rec *courseRecord, ref string) (string, bool) {
	if ref == "me" {
		return "", false // the requesting teacher is never a student
	}
	u, ok := s.users.resolve(ref, c.who)
	if !ok || !rec.isStudent(u.id) {
		return "", false
	}
	return u.id, true
}

// getCourseWork: courses.courseWork.get.
func (s *Server) getCourseWork(c *call) (any, error) {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	rec, role, err := s.courseForMember(c, c.path("courseId"))
	if err != nil {
		return nil, err
	}
	w, err := s.workFor(c, rec, role, c.path("id"))
	if err != nil {
		return nil, err
	}
	return s.workView(c, rec, w, role), nil
}

// ListCourseWorkResponse is the answer of courses.courseWork.list.
type ListCourseWorkResponse struct {
	CourseWork    []*CourseWork `json:"courseWork,omitempty"`
	NextPageToken string        `json:"nextPageToken,omitempty"`
}

// listCourseWork: courses.courseWork.list. "Course students may only view PUBLISHED course work.
// Course teachers and domain administrators may view all course work."
func (s *Server) listCourseWork(c *call) (any, error) {
	states := enumFilter(c.query["courseWorkStates"])
	if len(states) == 0 {
		states = []string{"PUBLISHED"} // "If unspecified, items with a work status of PUBLISHED is returned."
	}
	keys, err := parseOrderBy(c.query.Get("orderBy"))
	if err != nil {
		return nil, err
	}

	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	rec, role, err := s.courseForMember(c, c.path("courseId"))
	if err != nil {
		return nil, err
	}
	now := s.now()
	created := make(map[string]int, len(rec.work))
	var items []*courseWorkRecord
	for i, id := range rec.work {
		w, ok := s.st.courseWork[workKey(rec.course.ID, id)]
		if !ok {
			continue
		}
		publishIfDue(w, now)
		created[id] = i
		if !contains(states, w.work.State) || (role != roleTeacher && !visibleToStudent(rec, &w.work, c.who.UserID)) ||
			(w.work.State == "DELETED" && s.behave.DeletedWorkNotFound) {
			continue
		}
		items = append(items, w)
	}
	sortCourseWork(items, keys, created)
	page, next, err := paginate(c, items, 0)
	if err != nil {
		return nil, err
	}
	out := ListCourseWorkResponse{NextPageToken: next}
	for _, w := range page {
		out.CourseWork = append(out.CourseWork, s.workView(c, rec, w, role))
	}
	return out, nil
}

// workMaskFields are the fields "that may be specified by teachers" in a courseWork.patch
// updateMask, in JSON form. learning_goals is listed too, but CourseWork has no such field in
// this revision of the discovery document.
var workMaskFields = []string{
	"title", "description", "state", "dueDate", "dueTime", "maxPoints", "scheduledTime",
	"submissionModificationMode", "topicId", "gradingPeriodId",
}

// parseWorkMask reads a courseWork.patch updateMask: "This field is required to do an update.
// The update fails if invalid fields are specified."
func parseWorkMask(raw string) ([]string, *APIError) {
	mask := parseMask(raw)
	if len(mask) == 0 {
		return nil, errInvalidArgument("update_mask: is required to do an update.")
	}
	for _, f := range mask {
		if !contains(workMaskFields, f) {
			return nil, errInvalidArgument("update_mask: %s cannot be updated; the fields that may be updated are title, description, state, due_date, due_time, max_points, scheduled_time, submission_modification_mode, topic_id and grading_period_id.", snake(f))
		}
	}
	return mask, nil
}

// patchCourseWork: courses.courseWork.patch.
func (s *Server) patchCourseWork(c *call) (any, error) {
	var in CourseWork
	if err := s.decode(c, &in); err != nil {
		return nil, err
	}
	mask, err := parseWorkMask(c.query.Get("updateMask"))
	if err != nil {
		return nil, err
	}

	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	rec, role, w, err := s.workToModify(c, c.path("id"), true)
	if err != nil {
		return nil, err
	}
	now := s.now()
	next, err := applyWorkPatch(w.work, in, mask, now)
	if err != nil {
		return nil, err
	}
	next.UpdateTime = timestamp(now)
	if next.MaxPoints != w.work.MaxPoints {
		s.recordMaxPointsChange(c, rec, w, next.MaxPoints, now)
	}
	w.work = next
	return s.workView(c, rec, w, role), nil
}

// workToModify finds course work the caller means to change: a teacher of the course, through
// the creating project when projectRule is set, and work that is not deleted ("FAILED_PRECONDITION
// if the requested course work has already been deleted").
func (s *Server) workToModify(c *call, id string, projectRule bool) (*courseRecord, string, *courseWorkRecord, *APIError) {
	rec, role, err := s.courseForMember(c, c.path("courseId"))
	if err != nil {
		return nil, "", nil, err
	}
	w, err := s.workFor(c, rec, role, id)
	if err != nil {
		return nil, "", nil, err
	}
	if role != roleTeacher {
		return nil, "", nil, errPermissionDenied("only teachers of the course may modify its course work")
	}
	if projectRule {
		if err := requireProject(c, w); err != nil {
			return nil, "", nil, err
		}
	}
	if w.work.State == "DELETED" {
		return nil, "", nil, errFailedPrecondition("%s", msgFailedPrecondition)
	}
	return rec, role, w, nil
}

// applyWorkPatch returns cur with the fields of mask taken from in, or the error the patch
// deserves. "If a field supports empty values, it can be cleared by specifying it in the update
// mask and not in the CourseWork object. If a field that does not support empty values is
// included in the update mask and not set in the CourseWork object, an INVALID_ARGUMENT error is
// returned."
func applyWorkPatch(cur, in CourseWork, mask []string, now time.Time) (CourseWork, *APIError) {
	next := cur
	touched := map[string]bool{}
	notClearable := func(f string) *APIError {
		return errInvalidArgument("%s: is in the update mask but not set, and it cannot be cleared.", snake(f))
	}
	for _, f := range mask {
		touched[f] = true
		switch f {
		case "title":
			if in.Title == "" {
				return cur, notClearable(f)
			}
			next.Title = in.Title
		case "description":
			next.Description = in.Description
		case "state":
			st := enumValue(in.State)
			if st == "" {
				return cur, notClearable(f)
			}
			if err := workStateChange(cur.State, st); err != nil {
				return cur, err
			}
			next.State = st
		case "dueDate":
			next.DueDate = in.DueDate
		case "dueTime":
			next.DueTime = in.DueTime
		case "maxPoints":
			next.MaxPoints = in.MaxPoints
		case "scheduledTime":
			next.ScheduledTime = normalizeTimestamp(in.ScheduledTime)
		case "submissionModificationMode":
			m := enumValue(in.SubmissionModificationMode)
			if m == "" {
				return cur, notClearable(f)
			}
			next.SubmissionModificationMode = m
		case "topicId":
			next.TopicID = in.TopicID
		case "gradingPeriodId":
			next.GradingPeriodID = in.GradingPeriodID
		}
	}
	if next.State != "DRAFT" && !touched["scheduledTime"] {
		next.ScheduledTime = "" // published or deleted: no longer scheduled
	}
	if err := validateCourseWork(&next); err != nil {
		return cur, err
	}
	if touched["dueDate"] || touched["dueTime"] {
		if err := validateDueInFuture(next.DueDate, next.DueTime, now); err != nil {
			return cur, err
		}
	}
	if touched["scheduledTime"] {
		if err := validateScheduledTime(next.State, next.ScheduledTime, now); err != nil {
			return cur, err
		}
	}
	if next.MaxPoints == 0 {
		next.MaxPoints = 0
	}
	return next, nil
}

// recordMaxPointsChange appends a MAX_POINTS_CHANGE entry to every graded submission of w.
func (s *Server) recordMaxPointsChange(c *call, rec *courseRecord, w *courseWorkRecord, maxPoints float64, now time.Time) {
	for _, id := range w.submissions {
		sub, ok := s.st.submissions[submissionKey(rec.course.ID, w.work.ID, id)]
		if !ok || (sub.sub.DraftGrade == nil && sub.sub.AssignedGrade == nil) {
			continue
		}
		sub.sub.SubmissionHistory = append(sub.sub.SubmissionHistory, SubmissionHistory{GradeHistory: &GradeHistory{
			MaxPoints:       gradePointer(maxPoints),
			GradeTimestamp:  timestamp(now),
			ActorUserID:     c.who.UserID,
			GradeChangeType: "MAX_POINTS_CHANGE",
		}})
	}
}

// deleteCourseWork: courses.courseWork.delete. The work stays, in the DELETED state: "Work in
// this state is visible only to course teachers and domain administrators", and deleting it again
// is "FAILED_PRECONDITION if the requested course work has already been deleted".
func (s *Server) deleteCourseWork(c *call) (any, error) {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	_, _, w, err := s.workToModify(c, c.path("id"), true)
	if err != nil {
		return nil, err
	}
	w.work.State = "DELETED"
	w.work.ScheduledTime = ""
	w.work.UpdateTime = timestamp(s.now())
	return Empty{}, nil
}

// decode checks a request body and decodes it against the method's request schema: the JSON
// text must be valid UTF-8 without lone surrogate escapes, then the schema rules of decodeBody
// apply.
func (s *Server) decode(c *call, v any) *APIError {
	if err := checkJSONText(c.body); err != nil {
		return err
	}
	return s.disc.decodeBody(c.method, c.body, v)
}
