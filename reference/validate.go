package reference

import (
	"fmt"
	"math"
	"time"
	"unicode/utf8"
)

// The rules below are the documented constraints on course work and submissions, as plain
// functions so that table tests can prove each one without HTTP. Each returns nil or the error
// the API answers. Messages name the field in proto form, as Google's do.

const (
	maxTitleChars       = 3000  // CourseWork.title: "between 1 and 3000 characters"
	maxDescriptionChars = 30000 // CourseWork.description: "no more than 30,000 characters"
	maxMaterials        = 20    // CourseWork.materials: "no more than 20 material items"
	maxLinkURLChars     = 2024  // Link.url: "between 1 and 2024 characters"
)

// Values of the CourseWork enums. The *_UNSPECIFIED values are the proto3 defaults: a client
// that sends one has not set the field.
var (
	workTypes       = []string{"ASSIGNMENT", "SHORT_ANSWER_QUESTION", "MULTIPLE_CHOICE_QUESTION"}
	assigneeModes   = []string{"ALL_STUDENTS", "INDIVIDUAL_STUDENTS"}
	modifyModes     = []string{"MODIFIABLE_UNTIL_TURNED_IN", "MODIFIABLE"}
	unspecifiedEnum = map[string]bool{
		"COURSE_WORK_STATE_UNSPECIFIED":            true,
		"COURSE_WORK_TYPE_UNSPECIFIED":             true,
		"ASSIGNEE_MODE_UNSPECIFIED":                true,
		"SUBMISSION_MODIFICATION_MODE_UNSPECIFIED": true,
		"UNKNOWN_SHARE_MODE":                       true,
		"SUBMISSION_STATE_UNSPECIFIED":             true,
		"COURSE_STATE_UNSPECIFIED":                 true,
	}
)

// enumFilter returns the distinct values of a repeated enum query parameter (states,
// courseWorkStates, courseStates) without the unspecified value, which filters nothing.
func enumFilter(values []string) []string {
	var out []string
	for _, v := range values {
		if v = enumValue(v); v != "" && !contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// enumValue maps an enum's proto3 default value to "", the unset value.
func enumValue(v string) string {
	if unspecifiedEnum[v] {
		return ""
	}
	return v
}

// validateTitle: "The title must be a valid UTF-8 string containing between 1 and 3000
// characters." Characters are Unicode code points, not bytes.
func validateTitle(title string) *APIError {
	if !utf8.ValidString(title) {
		return errInvalidArgument("title: must be a valid UTF-8 string.")
	}
	if n := utf8.RuneCountInString(title); n < 1 || n > maxTitleChars {
		return errInvalidArgument("title: must contain between 1 and %d characters; got %d.", maxTitleChars, n)
	}
	return nil
}

// validateDescription: "If set, the description must be a valid UTF-8 string containing no more
// than 30,000 characters."
func validateDescription(desc string) *APIError {
	if !utf8.ValidString(desc) {
		return errInvalidArgument("description: must be a valid UTF-8 string.")
	}
	if n := utf8.RuneCountInString(desc); n > maxDescriptionChars {
		return errInvalidArgument("description: must contain no more than %d characters; got %d.", maxDescriptionChars, n)
	}
	return nil
}

// validateMaterials: "CourseWork must have no more than 20 material items"; each Material is a
// union of which exactly one member is set, and "When creating attachments, setting the form,
// gem, or notebook field is not supported."
func validateMaterials(ms []Material) *APIError {
	if len(ms) > maxMaterials {
		return errInvalidArgument("materials: course work must have no more than %d material items; got %d.", maxMaterials, len(ms))
	}
	for i, m := range ms {
		where := fmt.Sprintf("materials[%d]", i)
		set := 0
		for _, isSet := range []bool{m.DriveFile != nil, m.YoutubeVideo != nil, m.Link != nil, m.Form != nil, m.Gem != nil, m.Notebook != nil} {
			if isSet {
				set++
			}
		}
		switch {
		case set == 0:
			return errInvalidArgument("%s: exactly one of drive_file, youtube_video, link must be set; none is.", where)
		case set > 1:
			return errInvalidArgument("%s: exactly one of drive_file, youtube_video, link must be set; %d are.", where, set)
		case m.Form != nil:
			return errInvalidArgument("%s.form: setting the form field is not supported.", where)
		case m.Gem != nil:
			return errInvalidArgument("%s.gem: setting the gem field is not supported.", where)
		case m.Notebook != nil:
			return errInvalidArgument("%s.notebook: setting the notebook field is not supported.", where)
		case m.DriveFile != nil:
			if m.DriveFile.DriveFile == nil || m.DriveFile.DriveFile.ID == "" {
				return errInvalidArgument("%s.drive_file.drive_file.id: a Drive file id is required.", where)
			}
		case m.YoutubeVideo != nil:
			if m.YoutubeVideo.ID == "" {
				return errInvalidArgument("%s.youtube_video.id: a YouTube video id is required.", where)
			}
		case m.Link != nil:
			if !utf8.ValidString(m.Link.URL) {
				return errInvalidArgument("%s.link.url: must be a valid UTF-8 string.", where)
			}
			if n := utf8.RuneCountInString(m.Link.URL); n < 1 || n > maxLinkURLChars {
				return errInvalidArgument("%s.link.url: must contain between 1 and %d characters; got %d.", where, maxLinkURLChars, n)
			}
		}
	}
	return nil
}

// validateDueDate checks a due date: a whole calendar date ("year: Must be from 1 to 9999",
// "month: Must be from 1 to 12", "day: Must be from 1 to 31 and valid for the year and month").
// The zero values that google.type.Date allows for partial dates make no sense for a due date.
func validateDueDate(d *Date) *APIError {
	switch {
	case d.Year < 1 || d.Year > 9999:
		return errInvalidArgument("due_date.year: must be from 1 to 9999; got %d.", d.Year)
	case d.Month < 1 || d.Month > 12:
		return errInvalidArgument("due_date.month: must be from 1 to 12; got %d.", d.Month)
	case d.Day < 1 || d.Day > daysIn(d.Year, d.Month):
		return errInvalidArgument("due_date.day: must be from 1 to %d for %04d-%02d; got %d.", daysIn(d.Year, d.Month), d.Year, d.Month, d.Day)
	}
	return nil
}

// daysIn returns the number of days of a month of the proleptic Gregorian calendar.
func daysIn(year, month int32) int32 {
	return int32(time.Date(int(year), time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day())
}

// validateDueTime checks a due time of day: hours 0 to 23 (the "24:00:00" an API "may choose
// to allow" is not allowed), minutes 0 to 59, seconds 0 to 59 (no leap second), nanos 0 to
// 999,999,999.
func validateDueTime(t *TimeOfDay) *APIError {
	switch {
	case t.Hours < 0 || t.Hours > 23:
		return errInvalidArgument("due_time.hours: must be from 0 to 23; got %d.", t.Hours)
	case t.Minutes < 0 || t.Minutes > 59:
		return errInvalidArgument("due_time.minutes: must be from 0 to 59; got %d.", t.Minutes)
	case t.Seconds < 0 || t.Seconds > 59:
		return errInvalidArgument("due_time.seconds: must be from 0 to 59; got %d.", t.Seconds)
	case t.Nanos < 0 || t.Nanos > 999_999_999:
		return errInvalidArgument("due_time.nanos: must be from 0 to 999999999; got %d.", t.Nanos)
	}
	return nil
}

// validateDue checks the due date and time together. The documentation of dueDate: "This must be
// specified if dueTime is specified", and of dueTime: "This must be specified if dueDate is
// specified."
func validateDue(d *Date, t *TimeOfDay) *APIError {
	switch {
	case d == nil && t == nil:
		return nil
	case d == nil:
		return errInvalidArgument("due_date: must be specified if due_time is specified.")
	case t == nil:
		return errInvalidArgument("due_time: must be specified if due_date is specified.")
	}
	if err := validateDueDate(d); err != nil {
		return err
	}
	return validateDueTime(t)
}

// dueInstant is the moment a valid due date and time name, both in UTC.
func dueInstant(d *Date, t *TimeOfDay) time.Time {
	return time.Date(int(d.Year), time.Month(d.Month), int(d.Day), int(t.Hours), int(t.Minutes), int(t.Seconds), int(t.Nanos), time.UTC)
}

// validateDueInFuture: the guide says "The due date must be in the future." It applies to a
// valid due date and time.
func validateDueInFuture(d *Date, t *TimeOfDay, now time.Time) *APIError {
	if d == nil || t == nil {
		return nil
	}
	if due := dueInstant(d, t); !due.After(now) {
		return errInvalidArgument("due_date: the due date must be in the future; %s is not after %s.", timestamp(due), timestamp(now))
	}
	return nil
}

// validateMaxPoints: "This must be a non-negative integer value."
func validateMaxPoints(p float64) *APIError {
	if p < 0 || p != math.Trunc(p) || math.IsInf(p, 0) || math.IsNaN(p) {
		return errInvalidArgument("max_points: must be a non-negative integer value; got %v.", p)
	}
	return nil
}

// validateWorkType: the guide says "The title and workType fields are required."
func validateWorkType(t string) *APIError {
	if t == "" {
		return errInvalidArgument("work_type: is required.")
	}
	if !contains(workTypes, t) {
		return errInvalidArgument("work_type: %s is not a type of course work that can be created.", t)
	}
	return nil
}

// validateDetails checks the details union: multipleChoiceQuestion "must be specified when
// creating course work with a workType of MULTIPLE_CHOICE_QUESTION, and it must not be set
// otherwise." A question needs at least one choice, and a choice is not empty.
func validateDetails(workType string, q *MultipleChoiceQuestion) *APIError {
	if workType != "MULTIPLE_CHOICE_QUESTION" {
		if q != nil {
			return errInvalidArgument("multiple_choice_question: must not be set unless work_type is MULTIPLE_CHOICE_QUESTION.")
		}
		return nil
	}
	if q == nil || len(q.Choices) == 0 {
		return errInvalidArgument("multiple_choice_question: must be specified, with at least one choice, when work_type is MULTIPLE_CHOICE_QUESTION.")
	}
	for i, ch := range q.Choices {
		if ch == "" {
			return errInvalidArgument("multiple_choice_question.choices[%d]: a choice must not be empty.", i)
		}
	}
	return nil
}

// validateAssigneeOptions checks the shape of the assignee fields: individualStudentsOptions "is
// set only if assigneeMode is INDIVIDUAL_STUDENTS", and then it names at least one student, since
// "Coursework with no assignees are not supported". Whether the students are enrolled is checked
// against the course.
func validateAssigneeOptions(mode string, opts *IndividualStudentsOptions) *APIError {
	n := 0
	if opts != nil {
		n = len(opts.StudentIDs)
	}
	switch {
	case !contains(assigneeModes, mode):
		return errInvalidArgument("assignee_mode: %s is not a valid assignee mode.", mode)
	case mode == "ALL_STUDENTS" && n > 0:
		return errInvalidArgument("individual_students_options: must be set only if assignee_mode is INDIVIDUAL_STUDENTS.")
	case mode == "INDIVIDUAL_STUDENTS" && n == 0:
		return errInvalidArgument("individual_students_options.student_ids: at least one student is required when assignee_mode is INDIVIDUAL_STUDENTS.")
	}
	for i, id := range opts.studentIDs() {
		if id == "" {
			return errInvalidArgument("individual_students_options.student_ids[%d]: must not be empty.", i)
		}
	}
	return nil
}

func (o *IndividualStudentsOptions) studentIDs() []string {
	if o == nil {
		return nil
	}
	return o.StudentIDs
}

// validateScheduledTime: scheduledTime is "when this course work is scheduled to be published",
// so it is meaningful only for a DRAFT, and only in the future.
func validateScheduledTime(state, scheduled string, now time.Time) *APIError {
	if scheduled == "" {
		return nil
	}
	if state != "DRAFT" {
		return errInvalidArgument("scheduled_time: can be set only on course work in the DRAFT state.")
	}
	t, err := time.Parse(time.RFC3339Nano, scheduled)
	if err != nil {
		return errInvalidArgument("scheduled_time: %q is not an RFC 3339 timestamp.", scheduled)
	}
	if !t.After(now) {
		return errInvalidArgument("scheduled_time: must be in the future; %s is not after %s.", timestamp(t), timestamp(now))
	}
	return nil
}

// validateReferences: topicId "Must match an existing topic in the course" and gradingPeriodId
// "must match an existing grading period ID in the course". The emulator models neither topics
// nor grading periods, so no value but the empty one can match.
func validateReferences(topicID, gradingPeriodID string) *APIError {
	if topicID != "" {
		return errInvalidArgument("topic_id: %q does not match an existing topic in the course.", topicID)
	}
	if gradingPeriodID != "" {
		return errInvalidArgument("grading_period_id: %q does not match an existing grading period in the course.", gradingPeriodID)
	}
	return nil
}

// validateCourseWork checks every rule of a course work that does not depend on its state, the
// clock or the course: the result of a create or of a patch must pass it.
func validateCourseWork(w *CourseWork) *APIError {
	checks := []func() *APIError{
		func() *APIError { return validateTitle(w.Title) },
		func() *APIError { return validateDescription(w.Description) },
		func() *APIError { return validateWorkType(w.WorkType) },
		func() *APIError { return validateMaterials(w.Materials) },
		func() *APIError { return validateDue(w.DueDate, w.DueTime) },
		func() *APIError { return validateMaxPoints(w.MaxPoints) },
		func() *APIError { return validateDetails(w.WorkType, w.MultipleChoiceQuestion) },
		func() *APIError { return validateAssigneeOptions(w.AssigneeMode, w.IndividualStudentsOptions) },
		func() *APIError { return validateReferences(w.TopicID, w.GradingPeriodID) },
	}
	for _, check := range checks {
		if err := check(); err != nil {
			return err
		}
	}
	if !contains(modifyModes, w.SubmissionModificationMode) {
		return errInvalidArgument("submission_modification_mode: %s is not a valid mode.", w.SubmissionModificationMode)
	}
	return nil
}

// validateCreateState: course work is created as a DRAFT or PUBLISHED; DELETED is for "work
// that was published but is now deleted".
func validateCreateState(state string) *APIError {
	if state != "DRAFT" && state != "PUBLISHED" {
		return errInvalidArgument("state: course work can be created only in the DRAFT or PUBLISHED state; got %s.", state)
	}
	return nil
}

// workStateChange checks a state change made with patch. Published work cannot go back to
// DRAFT: the DRAFT state is for work "not yet published".
func workStateChange(from, to string) *APIError {
	switch {
	case from == to:
		return nil
	case from == "PUBLISHED" && to == "DRAFT":
		return errFailedPrecondition("%s", msgFailedPrecondition)
	case to == "DRAFT", to == "PUBLISHED", to == "DELETED":
		return nil
	}
	return errInvalidArgument("state: %s is not a state course work can be given.", to)
}

// validateGrade: draftGrade and assignedGrade are non-negative, and "Decimal values are rounded
// to two decimal places" (roundGrade).
func validateGrade(field string, g float64) *APIError {
	if g < 0 || math.IsNaN(g) || math.IsInf(g, 0) {
		return errInvalidArgument("%s: must be non-negative; got %v.", field, g)
	}
	return nil
}

// roundGrade rounds a grade to two decimal places.
func roundGrade(g float64) float64 {
	r := math.Round(g*100) / 100
	if math.IsInf(r, 0) { // g*100 overflowed: g is far beyond two decimals anyway
		return g
	}
	return r
}

// checkJSONText refuses a JSON text that is not valid UTF-8, or whose strings hold a lone UTF-16
// surrogate escape ("\ud800"): titles "must be a valid UTF-8 string", and Go's decoder would
// otherwise replace such input with U+FFFD without a word.
func checkJSONText(body []byte) *APIError {
	if !utf8.Valid(body) {
		return errInvalidArgument("Invalid JSON payload received. Invalid UTF-8 in the request body.")
	}
	inString := false
	for i := 0; i < len(body); i++ {
		b := body[i]
		if !inString {
			inString = b == '"'
			continue
		}
		switch b {
		case '"':
			inString = false
		case '\\':
			if i+1 >= len(body) {
				return nil // truncated: the decoder reports it
			}
			i++
			if body[i] != 'u' {
				continue
			}
			r, ok := hex4(body, i+1)
			if !ok {
				return nil // malformed escape: the decoder reports it
			}
			i += 4
			switch {
			case r >= 0xDC00 && r <= 0xDFFF:
				return errInvalidArgument("Invalid JSON payload received. Unpaired UTF-16 surrogate \\u%04x in a string.", r)
			case r >= 0xD800 && r <= 0xDBFF:
				lo, ok := rune(0), false
				if i+2 < len(body) && body[i+1] == '\\' && body[i+2] == 'u' {
					lo, ok = hex4(body, i+3)
				}
				if !ok || lo < 0xDC00 || lo > 0xDFFF {
					return errInvalidArgument("Invalid JSON payload received. Unpaired UTF-16 surrogate \\u%04x in a string.", r)
				}
				i += 6
			}
		}
	}
	return nil
}

// hex4 decodes the four hexadecimal digits at body[i:i+4].
func hex4(body []byte, i int) (rune, bool) {
	if i+4 > len(body) {
		return 0, false
	}
	var r rune
	for _, c := range body[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}
