package reference

import "encoding/json"

// The resource types below follow the schemas of the discovery document field for field. Fields
// hold their proto3 default when unset and are omitted from JSON then, as Google's JSON mapping
// omits default values. Schemas the emulator does not model are kept as raw JSON, so a client
// that sends them is not refused, but they are not interpreted.

// Course is the Course schema.
type Course struct {
	ID                 string          `json:"id,omitempty"`
	Name               string          `json:"name,omitempty"`
	Section            string          `json:"section,omitempty"`
	DescriptionHeading string          `json:"descriptionHeading,omitempty"`
	Description        string          `json:"description,omitempty"`
	Room               string          `json:"room,omitempty"`
	OwnerID            string          `json:"ownerId,omitempty"`
	CreationTime       string          `json:"creationTime,omitempty"`
	UpdateTime         string          `json:"updateTime,omitempty"`
	EnrollmentCode     string          `json:"enrollmentCode,omitempty"`
	CourseState        string          `json:"courseState,omitempty"`
	AlternateLink      string          `json:"alternateLink,omitempty"`
	TeacherGroupEmail  string          `json:"teacherGroupEmail,omitempty"`
	CourseGroupEmail   string          `json:"courseGroupEmail,omitempty"`
	TeacherFolder      *DriveFolder    `json:"teacherFolder,omitempty"`
	GuardiansEnabled   bool            `json:"guardiansEnabled"` // Google always shows it, false when off
	CalendarID         string          `json:"calendarId,omitempty"`
	Subject            string          `json:"subject,omitempty"`
	Levels             string          `json:"levels,omitempty"`
	GradebookSettings  json.RawMessage `json:"gradebookSettings,omitempty"`
	CourseMaterialSets json.RawMessage `json:"courseMaterialSets,omitempty"`
}

// CourseAlias is the CourseAlias schema.
type CourseAlias struct {
	Alias string `json:"alias,omitempty"`
}

// Name is the Name schema of a user profile.
type Name struct {
	GivenName  string `json:"givenName,omitempty"`
	FamilyName string `json:"familyName,omitempty"`
	FullName   string `json:"fullName,omitempty"`
}

// UserProfile is the UserProfile schema.
type UserProfile struct {
	ID              string          `json:"id,omitempty"`
	Name            *Name           `json:"name,omitempty"`
	EmailAddress    string          `json:"emailAddress,omitempty"`
	PhotoURL        string          `json:"photoUrl,omitempty"`
	Permissions     json.RawMessage `json:"permissions,omitempty"`
	VerifiedTeacher bool            `json:"verifiedTeacher,omitempty"`
}

// Student is the Student schema.
type Student struct {
	CourseID          string       `json:"courseId,omitempty"`
	UserID            string       `json:"userId,omitempty"`
	Profile           *UserProfile `json:"profile,omitempty"`
	StudentWorkFolder *DriveFolder `json:"studentWorkFolder,omitempty"`
}

// Teacher is the Teacher schema.
type Teacher struct {
	CourseID string       `json:"courseId,omitempty"`
	UserID   string       `json:"userId,omitempty"`
	Profile  *UserProfile `json:"profile,omitempty"`
}

// DriveFolder is the DriveFolder schema.
type DriveFolder struct {
	ID            string `json:"id,omitempty"`
	Title         string `json:"title,omitempty"`
	AlternateLink string `json:"alternateLink,omitempty"`
}

// CourseWork is the CourseWork schema.
type CourseWork struct {
	CourseID                   string                     `json:"courseId,omitempty"`
	ID                         string                     `json:"id,omitempty"`
	Title                      string                     `json:"title,omitempty"`
	Description                string                     `json:"description,omitempty"`
	Materials                  []Material                 `json:"materials,omitempty"`
	State                      string                     `json:"state,omitempty"`
	AlternateLink              string                     `json:"alternateLink,omitempty"`
	CreationTime               string                     `json:"creationTime,omitempty"`
	UpdateTime                 string                     `json:"updateTime,omitempty"`
	DueDate                    *Date                      `json:"dueDate,omitempty"`
	DueTime                    *TimeOfDay                 `json:"dueTime,omitempty"`
	ScheduledTime              string                     `json:"scheduledTime,omitempty"`
	MaxPoints                  float64                    `json:"maxPoints,omitempty"`
	WorkType                   string                     `json:"workType,omitempty"`
	AssociatedWithDeveloper    bool                       `json:"associatedWithDeveloper,omitempty"`
	AssigneeMode               string                     `json:"assigneeMode,omitempty"`
	IndividualStudentsOptions  *IndividualStudentsOptions `json:"individualStudentsOptions,omitempty"`
	SubmissionModificationMode string                     `json:"submissionModificationMode,omitempty"`
	CreatorUserID              string                     `json:"creatorUserId,omitempty"`
	TopicID                    string                     `json:"topicId,omitempty"`
	GradeCategory              json.RawMessage            `json:"gradeCategory,omitempty"`
	GradingPeriodID            string                     `json:"gradingPeriodId,omitempty"`
	Assignment                 *Assignment                `json:"assignment,omitempty"`
	MultipleChoiceQuestion     *MultipleChoiceQuestion    `json:"multipleChoiceQuestion,omitempty"`
}

// Date is the Date schema: a calendar date in UTC.
type Date struct {
	Year  int32 `json:"year,omitempty"`
	Month int32 `json:"month,omitempty"`
	Day   int32 `json:"day,omitempty"`
}

// TimeOfDay is the TimeOfDay schema: a time of day in UTC.
type TimeOfDay struct {
	Hours   int32 `json:"hours,omitempty"`
	Minutes int32 `json:"minutes,omitempty"`
	Seconds int32 `json:"seconds,omitempty"`
	Nanos   int32 `json:"nanos,omitempty"`
}

// IndividualStudentsOptions is the IndividualStudentsOptions schema.
type IndividualStudentsOptions struct {
	StudentIDs []string `json:"studentIds,omitempty"`
}

// Assignment is the Assignment schema, the details of course work of type ASSIGNMENT.
type Assignment struct {
	StudentWorkFolder *DriveFolder `json:"studentWorkFolder,omitempty"`
}

// MultipleChoiceQuestion is the MultipleChoiceQuestion schema.
type MultipleChoiceQuestion struct {
	Choices []string `json:"choices,omitempty"`
}

// Material is the Material schema: exactly one of its fields is set.
type Material struct {
	DriveFile    *SharedDriveFile `json:"driveFile,omitempty"`
	YoutubeVideo *YouTubeVideo    `json:"youtubeVideo,omitempty"`
	Link         *Link            `json:"link,omitempty"`
	Form         *Form            `json:"form,omitempty"`
	Gem          json.RawMessage  `json:"gem,omitempty"`
	Notebook     json.RawMessage  `json:"notebook,omitempty"`
}

// SharedDriveFile is the SharedDriveFile schema.
type SharedDriveFile struct {
	DriveFile *DriveFile `json:"driveFile,omitempty"`
	ShareMode string     `json:"shareMode,omitempty"`
}

// DriveFile is the DriveFile schema.
type DriveFile struct {
	ID            string `json:"id,omitempty"`
	Title         string `json:"title,omitempty"`
	AlternateLink string `json:"alternateLink,omitempty"`
	ThumbnailURL  string `json:"thumbnailUrl,omitempty"`
}

// YouTubeVideo is the YouTubeVideo schema.
type YouTubeVideo struct {
	ID            string `json:"id,omitempty"`
	Title         string `json:"title,omitempty"`
	AlternateLink string `json:"alternateLink,omitempty"`
	ThumbnailURL  string `json:"thumbnailUrl,omitempty"`
}

// Link is the Link schema.
type Link struct {
	URL          string `json:"url,omitempty"`
	Title        string `json:"title,omitempty"`
	ThumbnailURL string `json:"thumbnailUrl,omitempty"`
}

// Form is the Form schema.
type Form struct {
	FormURL      string `json:"formUrl,omitempty"`
	ResponseURL  string `json:"responseUrl,omitempty"`
	Title        string `json:"title,omitempty"`
	ThumbnailURL string `json:"thumbnailUrl,omitempty"`
}

// ModifyCourseWorkAssigneesRequest is the request of courseWork.modifyAssignees.
type ModifyCourseWorkAssigneesRequest struct {
	AssigneeMode                    string                           `json:"assigneeMode,omitempty"`
	ModifyIndividualStudentsOptions *ModifyIndividualStudentsOptions `json:"modifyIndividualStudentsOptions,omitempty"`
}

// ModifyIndividualStudentsOptions is the ModifyIndividualStudentsOptions schema.
type ModifyIndividualStudentsOptions struct {
	AddStudentIDs    []string `json:"addStudentIds,omitempty"`
	RemoveStudentIDs []string `json:"removeStudentIds,omitempty"`
}

// StudentSubmission is the StudentSubmission schema.
type StudentSubmission struct {
	CourseID                 string                    `json:"courseId,omitempty"`
	CourseWorkID             string                    `json:"courseWorkId,omitempty"`
	ID                       string                    `json:"id,omitempty"`
	UserID                   string                    `json:"userId,omitempty"`
	CreationTime             string                    `json:"creationTime,omitempty"`
	UpdateTime               string                    `json:"updateTime,omitempty"`
	State                    string                    `json:"state,omitempty"`
	Late                     bool                      `json:"late,omitempty"`
	DraftGrade               *float64                  `json:"draftGrade,omitempty"`
	AssignedGrade            *float64                  `json:"assignedGrade,omitempty"`
	DraftRubricGrades        json.RawMessage           `json:"draftRubricGrades,omitempty"`
	AssignedRubricGrades     json.RawMessage           `json:"assignedRubricGrades,omitempty"`
	AlternateLink            string                    `json:"alternateLink,omitempty"`
	CourseWorkType           string                    `json:"courseWorkType,omitempty"`
	AssociatedWithDeveloper  bool                      `json:"associatedWithDeveloper,omitempty"`
	SubmissionHistory        []SubmissionHistory       `json:"submissionHistory,omitempty"`
	AssignmentSubmission     *AssignmentSubmission     `json:"assignmentSubmission,omitempty"`
	ShortAnswerSubmission    *ShortAnswerSubmission    `json:"shortAnswerSubmission,omitempty"`
	MultipleChoiceSubmission *MultipleChoiceSubmission `json:"multipleChoiceSubmission,omitempty"`
}

// SubmissionHistory is the SubmissionHistory schema: exactly one of its fields is set.
type SubmissionHistory struct {
	StateHistory *StateHistory `json:"stateHistory,omitempty"`
	GradeHistory *GradeHistory `json:"gradeHistory,omitempty"`
}

// StateHistory is the StateHistory schema.
type StateHistory struct {
	State          string `json:"state,omitempty"`
	StateTimestamp string `json:"stateTimestamp,omitempty"`
	ActorUserID    string `json:"actorUserId,omitempty"`
}

// GradeHistory is the GradeHistory schema.
type GradeHistory struct {
	PointsEarned    *float64 `json:"pointsEarned,omitempty"`
	MaxPoints       *float64 `json:"maxPoints,omitempty"`
	GradeTimestamp  string   `json:"gradeTimestamp,omitempty"`
	ActorUserID     string   `json:"actorUserId,omitempty"`
	GradeChangeType string   `json:"gradeChangeType,omitempty"`
}

// AssignmentSubmission is the AssignmentSubmission schema.
type AssignmentSubmission struct {
	Attachments []Attachment `json:"attachments,omitempty"`
}

// Attachment is the Attachment schema.
type Attachment struct {
	DriveFile    *DriveFile    `json:"driveFile,omitempty"`
	YouTubeVideo *YouTubeVideo `json:"youTubeVideo,omitempty"`
	Link         *Link         `json:"link,omitempty"`
	Form         *Form         `json:"form,omitempty"`
}

// ShortAnswerSubmission is the ShortAnswerSubmission schema.
type ShortAnswerSubmission struct {
	Answer string `json:"answer,omitempty"`
}

// MultipleChoiceSubmission is the MultipleChoiceSubmission schema.
type MultipleChoiceSubmission struct {
	Answer string `json:"answer,omitempty"`
}

// Empty is the Empty message: the answer "{}" of delete, turnIn, reclaim and return.
type Empty struct{}
