package reference

import (
	"strings"
	"time"
)

// Student submissions: courses.courseWork.studentSubmissions get, list, patch, turnIn, reclaim
// and return.
//
// Decisions where the documentation is silent, for the package documentation:
//
//   - Order of checks: the request's syntax (body, updateMask), then the course (404, then 403
//     for a non-member), the course work (404; work a student may not see is 404 for them), the
//     submission (404), another student's submission (403), the caller's role for the method
//     (403: turnIn and reclaim are for the owning student, return and patch for teachers), the
//     Developer Console project (403 "@ProjectPermissionDenied"), deleted course work
//     (FAILED_PRECONDITION, reachable by teachers only), and last the submission's state
//     (FAILED_PRECONDITION).
//   - A submission of a student who is not (or no longer) assigned the work, or has left the
//     course, is 404 for everyone, and is not listed.
//   - turnIn is allowed from NEW, CREATED, RECLAIMED_BY_STUDENT and RETURNED (the UI's
//     "resubmit"). From TURNED_IN it is FAILED_PRECONDITION, or a no-op with
//     Behaviour.TurnInTwice.
//   - reclaim is allowed from TURNED_IN only (and RETURNED with Behaviour.ReclaimReturned);
//     anything else is FAILED_PRECONDITION "Precondition check failed.".
//   - return is allowed from TURNED_IN only; with Behaviour.ReturnNotTurnedIn from any state, a
//     RETURNED submission staying as it is. return does not copy draftGrade to assignedGrade.
//   - Each change of state appends a stateHistory entry {state, stateTimestamp, actorUserId} and
//     sets updateTime; the first change sets creationTime too, and the history then starts, as
//     Google's does, with a CREATED entry whose actor is the student. A no-op (Behaviour.TurnInTwice,
//     return of a RETURNED submission) records nothing.
//   - patch: updateMask is required; only draftGrade and assignedGrade (or draft_grade,
//     assigned_grade) may be named; anything else is INVALID_ARGUMENT. A grade named in the mask
//     but absent from the body is cleared. Grades must be non-negative (INVALID_ARGUMENT), may
//     exceed maxPoints, may be set on ungraded work, and are rounded to two decimal places. Each
//     change appends a gradeHistory entry (DRAFT_GRADE_POINTS_EARNED_CHANGE or
//     ASSIGNED_GRADE_POINTS_EARNED_CHANGE) with the work's maxPoints. A NEW submission keeps
//     its state and has no timestamps.
//   - Students never see draftGrade, nor the draft-grade entries of the history.
//   - late: a submission of work with a due date is late when it was last turned in after the
//     due time, or, when it is not turned in or returned, once the due time has passed.
//   - list: courseWorkId "-" lists the submissions of every course work the caller may see,
//     course work most recently created first, submissions in creation order. A student sees
//     only their own, so a student's userId filter naming someone else lists nothing. userId must
//     be "me", a numeric id or an email address (INVALID_ARGUMENT otherwise); a user the server
//     does not know is 404 NOT_FOUND. states and late filter as documented;
//     SUBMISSION_STATE_UNSPECIFIED and LATE_VALUES_UNSPECIFIED filter nothing.
//   - The emulator models no answers: every submission shows an empty assignmentSubmission, as
//     Google shows it on submissions without an answer yet, NEW ones and questions included.
//   - late appears only when true, as Google's JSON omits false.

// A subject is a submission found for a request, with what was found on the way.
type subject struct {
	rec  *courseRecord
	role string
	work *courseWorkRecord
	sub  *submissionRecord
}

// findSubmission resolves the course, course work and submission of a request's path, in that
// order. The caller holds the lock.
func (s *Server) findSubmission(c *call) (subject, *APIError) {
	rec, role, err := s.courseForMember(c, c.path("courseId"))
	if err != nil {
		return subject{}, err
	}
	w, err := s.workFor(c, rec, role, c.path("courseWorkId"))
	if err != nil {
		return subject{}, err
	}
	sub, err := s.submissionFor(c, rec, w, role, c.path("id"))
	if err != nil {
		return subject{}, err
	}
	return subject{rec: rec, role: role, work: w, sub: sub}, nil
}

// getSubmission: courses.courseWork.studentSubmissions.get.
func (s *Server) getSubmission(c *call) (any, error) {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	t, err := s.findSubmission(c)
	if err != nil {
		return nil, err
	}
	return submissionView(c, t.rec, t.work, t.sub, t.role, s.now()), nil
}

// ListStudentSubmissionsResponse is the answer of courses.courseWork.studentSubmissions.list.
type ListStudentSubmissionsResponse struct {
	StudentSubmissions []*StudentSubmission `json:"studentSubmissions,omitempty"`
	NextPageToken      string               `json:"nextPageToken,omitempty"`
}

// listSubmissions: courses.courseWork.studentSubmissions.list. "Course students may only view
// their own work. Course teachers and domain administrators may view all student submissions."
func (s *Server) listSubmissions(c *call) (any, error) {
	states := enumFilter(c.query["states"])
	late := c.query.Get("late")
	userRef := c.query.Get("userId")
	if userRef != "" && userRef != "me" && !numericID.MatchString(userRef) && !isEmail(userRef) {
		return nil, errInvalidArgument("user_id: %q is not \"me\", a numeric user id or an email address.", userRef)
	}

	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	rec, role, err := s.courseForMember(c, c.path("courseId"))
	if err != nil {
		return nil, err
	}
	now := s.now()
	var works []*courseWorkRecord
	if cwID := c.path("courseWorkId"); cwID == "-" {
		for i := len(rec.work) - 1; i >= 0; i-- {
			w, ok := s.st.courseWork[workKey(rec.course.ID, rec.work[i])]
			if !ok {
				continue
			}
			publishIfDue(w, now)
			if role == roleTeacher || visibleToStudent(rec, &w.work, c.who.UserID) {
				works = append(works, w)
			}
		}
	} else {
		w, err := s.workFor(c, rec, role, cwID)
		if err != nil {
			return nil, err
		}
		works = append(works, w)
	}
	owner := ""
	if userRef != "" {
		u, ok := s.users.resolve(userRef, c.who)
		if !ok {
			return nil, errNotFound("The user " + userRef + " does not exist.")
		}
		owner = u.id
	}
	type item struct {
		w   *courseWorkRecord
		sub *submissionRecord
	}
	var items []item
	for _, w := range works {
		for _, id := range w.submissions {
			sub, ok := s.st.submissions[submissionKey(rec.course.ID, w.work.ID, id)]
			switch {
			case !ok || !isAssigned(rec, &w.work, sub.sub.UserID):
				continue
			case role != roleTeacher && sub.sub.UserID != c.who.UserID:
				continue
			case owner != "" && sub.sub.UserID != owner:
				continue
			case len(states) > 0 && !contains(states, sub.sub.State):
				continue
			case late == "LATE_ONLY" && !isLate(&w.work, &sub.sub, now),
				late == "NOT_LATE_ONLY" && isLate(&w.work, &sub.sub, now):
				continue
			}
			items = append(items, item{w, sub})
		}
	}
	page, next, err := paginate(c, items, 0)
	if err != nil {
		return nil, err
	}
	out := ListStudentSubmissionsResponse{NextPageToken: next}
	for _, it := range page {
		out.StudentSubmissions = append(out.StudentSubmissions, submissionView(c, rec, it.w, it.sub, role, now))
	}
	return out, nil
}

func isEmail(ref string) bool {
	i := strings.LastIndex(ref, "@")
	return i > 0 && i < len(ref)-1
}

// submissionMaskFields are the fields "that may be specified by teachers" in a
// studentSubmissions.patch updateMask, in JSON form.
var submissionMaskFields = []string{"draftGrade", "assignedGrade"}

// patchSubmission: courses.courseWork.studentSubmissions.patch, the grades of a submission.
func (s *Server) patchSubmission(c *call) (any, error) {
	var in StudentSubmission
	if err := s.decode(c, &in); err != nil {
		return nil, err
	}
	mask := parseMask(c.query.Get("updateMask"))
	if len(mask) == 0 {
		return nil, errInvalidArgument("update_mask: is required to do an update.")
	}
	for _, f := range mask {
		if !contains(submissionMaskFields, f) {
			return nil, errInvalidArgument("update_mask: %s cannot be updated; the fields that may be updated are draft_grade and assigned_grade.", snake(f))
		}
	}
	grades := map[string]*float64{"draftGrade": in.DraftGrade, "assignedGrade": in.AssignedGrade}
	for _, f := range mask {
		if g := grades[f]; g != nil {
			if err := validateGrade(snake(f), *g); err != nil {
				return nil, err
			}
			r := roundGrade(*g)
			grades[f] = &r
		}
	}

	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	t, err := s.findSubmission(c)
	if err != nil {
		return nil, err
	}
	if t.role != roleTeacher {
		return nil, errPermissionDenied("only teachers of the course may grade submissions")
	}
	if err := s.checkModifiable(c, t); err != nil {
		return nil, err
	}
	now := s.now()
	sub := &t.sub.sub
	changed := false
	for _, f := range mask {
		field, kind := &sub.DraftGrade, "DRAFT_GRADE_POINTS_EARNED_CHANGE"
		if f == "assignedGrade" {
			field, kind = &sub.AssignedGrade, "ASSIGNED_GRADE_POINTS_EARNED_CHANGE"
		}
		if sameGrade(*field, grades[f]) {
			continue
		}
		*field = cloneGrade(grades[f])
		changed = true
		sub.SubmissionHistory = append(sub.SubmissionHistory, SubmissionHistory{GradeHistory: &GradeHistory{
			PointsEarned:    cloneGrade(grades[f]),
			MaxPoints:       gradePointer(t.work.work.MaxPoints),
			GradeTimestamp:  timestamp(now),
			ActorUserID:     c.who.UserID,
			GradeChangeType: kind,
		}})
	}
	if changed && sub.State != "NEW" {
		sub.UpdateTime = timestamp(now)
	}
	return submissionView(c, t.rec, t.work, t.sub, t.role, now), nil
}

func sameGrade(a, b *float64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// gradePointer is a maxPoints for a grade history entry: none for ungraded work.
func gradePointer(maxPoints float64) *float64 {
	if maxPoints == 0 {
		return nil
	}
	return &maxPoints
}

// checkModifiable applies the rules every change to a submission shares: the Developer Console
// project that created the course work, and course work that is not deleted.
func (s *Server) checkModifiable(c *call, t subject) *APIError {
	if c.who.Project != t.sub.project {
		return errProjectPermissionDenied()
	}
	if t.work.work.State == "DELETED" {
		return errFailedPrecondition("%s", msgFailedPrecondition)
	}
	return nil
}

// Actions that change a submission's state.
const (
	actionTurnIn  = "turnIn"
	actionReclaim = "reclaim"
	actionReturn  = "return"
)

// submissionTransition returns the state a submission in state moves to by action, whether that
// is a change, or the FAILED_PRECONDITION the action deserves.
func submissionTransition(action, state string, b Behaviour) (string, bool, *APIError) {
	switch action {
	case actionTurnIn:
		switch state {
		case "NEW", "CREATED", "RECLAIMED_BY_STUDENT", "RETURNED":
			return "TURNED_IN", true, nil
		case "TURNED_IN":
			if b.TurnInTwice {
				return state, false, nil
			}
		}
	case actionReclaim:
		// "Only the student that owns the requested student submission may call this method,
		// and only for a student submission that has been turned in."
		if state == "TURNED_IN" || (state == "RETURNED" && b.ReclaimReturned) {
			return "RECLAIMED_BY_STUDENT", true, nil
		}
	case actionReturn:
		// "The submission can only be returned if it has already been turned in by the student."
		switch {
		case state == "TURNED_IN":
			return "RETURNED", true, nil
		case b.ReturnNotTurnedIn && state == "RETURNED":
			return state, false, nil
		case b.ReturnNotTurnedIn:
			return "RETURNED", true, nil
		}
	}
	return state, false, errFailedPrecondition("%s", msgFailedPrecondition)
}

// changeState moves a submission to a new state and records it: "The history of each state this
// submission has been in."
func changeState(sub *StudentSubmission, state, actor string, now time.Time) {
	at := timestamp(now)
	if sub.CreationTime == "" {
		sub.CreationTime = at
	}
	sub.UpdateTime = at
	sub.State = state
	if !hasStateHistory(sub) {
		// Google's history starts with the student's CREATED entry.
		sub.SubmissionHistory = append([]SubmissionHistory{{StateHistory: &StateHistory{
			State: "CREATED", StateTimestamp: at, ActorUserID: sub.UserID,
		}}}, sub.SubmissionHistory...)
	}
	sub.SubmissionHistory = append(sub.SubmissionHistory, SubmissionHistory{StateHistory: &StateHistory{
		State: state, StateTimestamp: at, ActorUserID: actor,
	}})
}

// hasStateHistory reports whether a submission's history records a state yet.
func hasStateHistory(sub *StudentSubmission) bool {
	for _, h := range sub.SubmissionHistory {
		if h.StateHistory != nil {
			return true
		}
	}
	return false
}

// transition serves turnIn, reclaim and return, whose bodies "must be empty" and whose answer is
// "an empty JSON object".
func (s *Server) transition(c *call, action string) (any, error) {
	if err := s.decode(c, &Empty{}); err != nil {
		return nil, err
	}
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	t, err := s.findSubmission(c)
	if err != nil {
		return nil, err
	}
	switch action {
	case actionTurnIn, actionReclaim:
		if t.sub.sub.UserID != c.who.UserID {
			return nil, errPermissionDenied("only the student that owns the submission may " + action + " it")
		}
	case actionReturn:
		if t.role != roleTeacher {
			return nil, errPermissionDenied("only teachers of the course may return submissions")
		}
	}
	if err := s.checkModifiable(c, t); err != nil {
		return nil, err
	}
	next, changed, err := submissionTransition(action, t.sub.sub.State, s.behave)
	if err != nil {
		return nil, err
	}
	if changed {
		changeState(&t.sub.sub, next, c.who.UserID, s.now())
	}
	return Empty{}, nil
}

// turnIn: courses.courseWork.studentSubmissions.turnIn. "This may only be called by the student
// that owns the specified student submission."
func (s *Server) turnIn(c *call) (any, error) { return s.transition(c, actionTurnIn) }

// reclaim: courses.courseWork.studentSubmissions.reclaim. "Reclaims a student submission on
// behalf of the student that owns it."
func (s *Server) reclaim(c *call) (any, error) { return s.transition(c, actionReclaim) }

// returnSubmission: courses.courseWork.studentSubmissions.return. "Only a teacher of the course
// that contains the requested student submission may call this method." It "does not set
// assignedGrade to the draftGrade value".
func (s *Server) returnSubmission(c *call) (any, error) { return s.transition(c, actionReturn) }
