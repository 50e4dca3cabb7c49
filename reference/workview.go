package reference

import (
	"slices"
	"strconv"
	"time"
)

// Lookups and views shared by the course work and student submission handlers. Every function
// here expects the caller to hold the store lock.

// workFor finds course work id of a course as the caller may see it. Teachers see work in every
// state; students see only PUBLISHED work that is assigned to them ("Course students may only
// view PUBLISHED course work"), and anything else does not exist for them: NOT_FOUND, so that a
// student cannot learn that a draft exists, or PERMISSION_DENIED with
// Behaviour.HiddenWorkPermissionDenied. With Behaviour.DeletedWorkNotFound deleted work does not
// exist for teachers either.
func (s *Server) workFor(c *call, rec *courseRecord, role, id string) (*courseWorkRecord, *APIError) {
	w, ok := s.st.courseWork[workKey(rec.course.ID, id)]
	if !ok {
		return nil, errNotFound("")
	}
	publishIfDue(w, s.now())
	if role == roleTeacher && w.work.State == "DELETED" && s.behave.DeletedWorkNotFound {
		return nil, errNotFound("")
	}
	if role != roleTeacher && !visibleToStudent(rec, &w.work, c.who.UserID) {
		if s.behave.HiddenWorkPermissionDenied {
			return nil, errPermissionDenied("")
		}
		return nil, errNotFound("")
	}
	return w, nil
}

// visibleToStudent reports whether a student of the course may see course work: it is published
// and assigned to them.
func visibleToStudent(rec *courseRecord, w *CourseWork, userID string) bool {
	return w.State == "PUBLISHED" && isAssigned(rec, w, userID)
}

// isAssigned reports whether course work is assigned to a user: an enrolled student, and one of
// the chosen students when the work is for individual students.
func isAssigned(rec *courseRecord, w *CourseWork, userID string) bool {
	if !rec.isStudent(userID) {
		return false
	}
	return w.AssigneeMode != "INDIVIDUAL_STUDENTS" || contains(w.IndividualStudentsOptions.studentIDs(), userID)
}

// publishIfDue publishes a draft whose scheduledTime has come: scheduledTime is "when this course
// work is scheduled to be published". It is checked whenever the work is looked up, so no timer
// is needed; the work reads as published since its scheduled time.
func publishIfDue(w *courseWorkRecord, now time.Time) {
	if w.work.State != "DRAFT" || w.work.ScheduledTime == "" {
		return
	}
	at, err := time.Parse(time.RFC3339Nano, w.work.ScheduledTime)
	if err != nil || now.Before(at) {
		return
	}
	w.work.State = "PUBLISHED"
	w.work.ScheduledTime = ""
	w.work.UpdateTime = timestamp(at)
}

// submissionFor finds a submission of course work as the caller may see it. A submission of a
// student who is no longer assigned the work, or no longer in the course, does not exist for
// anyone. Students may see only their own: another student's is PERMISSION_DENIED ("if the
// requesting user is not permitted to access the requested ... student submission").
func (s *Server) submissionFor(c *call, rec *courseRecord, w *courseWorkRecord, role, id string) (*submissionRecord, *APIError) {
	sub, ok := s.st.submissions[submissionKey(rec.course.ID, w.work.ID, id)]
	if !ok || !isAssigned(rec, &w.work, sub.sub.UserID) {
		return nil, errNotFound("")
	}
	if role != roleTeacher && sub.sub.UserID != c.who.UserID {
		return nil, errPermissionDenied("students may only access their own submissions")
	}
	return sub, nil
}

// requireProject is the rule of every method that modifies course work or its submissions: "This
// request must be made by the Developer Console project of the OAuth client ID used to create the
// corresponding course work item."
func requireProject(c *call, w *courseWorkRecord) *APIError {
	if c.who.Project != w.project {
		return errProjectPermissionDenied()
	}
	return nil
}

// workLink is the alternateLink of published course work, as Google spells it: the segment
// before the work's id follows its type (a, mc, sa), and ids are written with linkID.
func workLink(courseID string, w *CourseWork) string {
	return "https://classroom.google.com/c/" + linkID(courseID) + "/" + workTypeSegment(w.WorkType) + "/" + linkID(w.ID)
}

// workTypeSegment is the path segment of the links to course work of a type.
func workTypeSegment(workType string) string {
	switch workType {
	case "MULTIPLE_CHOICE_QUESTION":
		return "mc"
	case "SHORT_ANSWER_QUESTION":
		return "sa"
	}
	return "a"
}

// submissionLink is the alternateLink of a student's submission: the student is named by their
// number in the course, the one the submission id carries, not by their user id.
func submissionLink(courseID string, w *CourseWork, studentNumber int64) string {
	return "https://classroom.google.com/c/" + linkID(courseID) + "/" + workTypeSegment(w.WorkType) + "/" + linkID(w.ID) +
		"/submissions/by-status/and-sort-last-name/student/" + linkID(strconv.FormatInt(studentNumber, 10))
}

// workView is course work as the caller sees it. Read-only fields that depend on the caller are
// filled in here: associatedWithDeveloper ("Whether this course work item is associated with the
// Developer Console project making the request"), the assignment's studentWorkFolder ("only
// populated for course teachers and administrators"), and alternateLink ("only populated if state
// is PUBLISHED"). A student sees only themselves among the individual students. The view shares
// no memory with the store.
func (s *Server) workView(c *call, rec *courseRecord, w *courseWorkRecord, role string) *CourseWork {
	out := w.work
	out.CourseID = rec.course.ID
	out.Materials = cloneMaterials(out.Materials)
	if out.DueDate != nil {
		d := *out.DueDate
		out.DueDate = &d
	}
	if out.DueTime != nil {
		t := *out.DueTime
		out.DueTime = &t
	}
	if out.MultipleChoiceQuestion != nil {
		out.MultipleChoiceQuestion = &MultipleChoiceQuestion{Choices: slices.Clone(out.MultipleChoiceQuestion.Choices)}
	}
	if out.IndividualStudentsOptions != nil {
		var ids []string
		for _, id := range out.IndividualStudentsOptions.StudentIDs {
			// Students who left the course are not shown; a student sees only themselves.
			if rec.isStudent(id) && (role == roleTeacher || id == c.who.UserID) {
				ids = append(ids, id)
			}
		}
		out.IndividualStudentsOptions = &IndividualStudentsOptions{StudentIDs: ids}
	}
	if out.State == "PUBLISHED" {
		out.AlternateLink = workLink(rec.course.ID, &out) + "/details"
	}
	out.AssociatedWithDeveloper = c.who.Project == w.project
	if out.WorkType == "ASSIGNMENT" {
		out.Assignment = &Assignment{}
		if role == roleTeacher {
			// Google shows only the folder's id on course work created through the API.
			out.Assignment.StudentWorkFolder = &DriveFolder{ID: "0B" + opaque("work/"+rec.course.ID+"/"+out.ID)}
		}
	}
	return &out
}

// submissionView is a submission as the caller sees it: draftGrade "is only visible to and
// modifiable by course teachers", so students see neither it nor the draft-grade entries of the
// history; late and associatedWithDeveloper are computed for the moment and the caller.
func submissionView(c *call, rec *courseRecord, w *courseWorkRecord, sub *submissionRecord, role string, now time.Time) *StudentSubmission {
	out := sub.sub
	out.CourseID = rec.course.ID
	out.AlternateLink = submissionLink(rec.course.ID, &w.work, rec.studentNumbers[out.UserID])
	out.AssociatedWithDeveloper = c.who.Project == sub.project
	out.Late = isLate(&w.work, &sub.sub, now)
	out.DraftGrade = cloneGrade(out.DraftGrade)
	out.AssignedGrade = cloneGrade(out.AssignedGrade)
	if role != roleTeacher {
		out.DraftGrade = nil
	}
	out.SubmissionHistory = nil
	for _, h := range sub.sub.SubmissionHistory {
		switch {
		case h.StateHistory != nil:
			sh := *h.StateHistory
			out.SubmissionHistory = append(out.SubmissionHistory, SubmissionHistory{StateHistory: &sh})
		case h.GradeHistory != nil:
			if role != roleTeacher && h.GradeHistory.GradeChangeType == "DRAFT_GRADE_POINTS_EARNED_CHANGE" {
				continue
			}
			gh := *h.GradeHistory
			gh.PointsEarned, gh.MaxPoints = cloneGrade(gh.PointsEarned), cloneGrade(gh.MaxPoints)
			out.SubmissionHistory = append(out.SubmissionHistory, SubmissionHistory{GradeHistory: &gh})
		}
	}
	// The emulator models no answers, and Google shows every submission without an answer yet,
	// NEW ones included and whatever the work type, with an empty assignmentSubmission.
	out.AssignmentSubmission = &AssignmentSubmission{}
	return &out
}

func cloneGrade(g *float64) *float64 {
	if g == nil {
		return nil
	}
	v := *g
	return &v
}

// isLate decides StudentSubmission.late ("Whether this submission is late"), which Classroom
// documents without a rule: work with a due date is late when it was last turned in after the due
// time, or, when it is not turned in or returned, when the due time has passed.
func isLate(w *CourseWork, sub *StudentSubmission, now time.Time) bool {
	if !hasDue(w) {
		return false
	}
	due := dueInstant(w.DueDate, w.DueTime)
	if sub.State == "TURNED_IN" || sub.State == "RETURNED" {
		for i := len(sub.SubmissionHistory) - 1; i >= 0; i-- {
			if h := sub.SubmissionHistory[i].StateHistory; h != nil && h.State == "TURNED_IN" {
				at, err := time.Parse(time.RFC3339Nano, h.StateTimestamp)
				return err == nil && at.After(due)
			}
		}
	}
	return now.After(due)
}
