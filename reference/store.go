package reference

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// A store holds everything the emulator knows, in memory, behind one lock. Handlers take the
// lock once per request, so each request sees and leaves a consistent state.
type store struct {
	mu sync.Mutex

	seq int64 // last id handed out; ids are deterministic for a given sequence of requests

	courses     map[string]*courseRecord // by Classroom id
	courseOrder []string                 // creation order
	aliases     map[string]*aliasRecord  // by alias, "d:..." or "p:..."

	courseWork  map[string]*courseWorkRecord // by courseId + "/" + id
	submissions map[string]*submissionRecord // by courseId + "/" + courseWorkId + "/" + id
}

type courseRecord struct {
	course   Course
	teachers []string // user ids, owner first
	students []string // user ids, in enrolment order
	work     []string // course work ids, in creation order
	// studentNumbers are the numbers the course knows its students by (studentNumber).
	studentNumbers map[string]int64
}

func (c *courseRecord) isTeacher(userID string) bool { return contains(c.teachers, userID) }
func (c *courseRecord) isStudent(userID string) bool { return contains(c.students, userID) }

type aliasRecord struct {
	alias    string
	courseID string
	project  string // creating Developer Console project; project aliases are visible only to it
}

type courseWorkRecord struct {
	work        CourseWork // as stored; associatedWithDeveloper is computed per caller
	project     string     // Developer Console project that created it
	submissions []string   // submission ids, in creation order
}

type submissionRecord struct {
	sub     StudentSubmission // as stored; associatedWithDeveloper is computed per caller
	project string
}

func newStore() *store {
	return &store{
		courses:     map[string]*courseRecord{},
		aliases:     map[string]*aliasRecord{},
		courseWork:  map[string]*courseWorkRecord{},
		submissions: map[string]*submissionRecord{},
	}
}

// Ids are shaped like Classroom's, and all of them derive from the one sequence of newNumericID:
// courses and course work have numeric ids of 12 digits; a student has a number per course
// (studentNumber), and a student submission's id encodes that number and the course work id the
// way Google's do; enrolment codes, group e-mails and calendar ids are derived from the course id.
const idBase = 700000000000

// newNumericID returns the next numeric id. The caller holds the lock.
func (st *store) newNumericID() string {
	st.seq++
	return strconv.FormatInt(idBase+st.seq*7919%1000003+st.seq*1000003, 10)
}

// studentNumber returns the number Classroom knows a student by in a course, handing out the
// next numeric id the first time. Submission ids and links carry it instead of the user id. The
// caller holds the lock.
func (st *store) studentNumber(rec *courseRecord, userID string) int64 {
	if n, ok := rec.studentNumbers[userID]; ok {
		return n
	}
	n, _ := strconv.ParseInt(st.newNumericID(), 10, 64)
	if rec.studentNumbers == nil {
		rec.studentNumbers = map[string]int64{}
	}
	rec.studentNumbers[userID] = n
	return n
}

// submissionID is the id of the submission of student number n for course work courseWorkID, as
// Google spells it: base64url without padding of the protobuf message {1: {1: n, 2: courseWork}},
// so CgsI9f2LMxCrkKutew is 0a 0b | 08 f5fd8b33 | 10 ab90abad7b (n 107151093, course work
// 33112639531).
func submissionID(n int64, courseWorkID string) string {
	cw, _ := strconv.ParseUint(courseWorkID, 10, 64)
	inner := binary.AppendUvarint([]byte{0x08}, uint64(n))
	inner = append(inner, 0x10)
	inner = binary.AppendUvarint(inner, cw)
	msg := append([]byte{0x0a}, byte(len(inner)))
	return base64.RawURLEncoding.EncodeToString(append(msg, inner...))
}

// linkID is how the links of Classroom's web UI spell a numeric id: the base64 of its decimal
// digits, padded with "Z" to a multiple of three characters so that no "=" appears.
func linkID(id string) string {
	for len(id)%3 != 0 {
		id += "Z"
	}
	return base64.StdEncoding.EncodeToString([]byte(id))
}

// newEnrollmentCode returns a 7-character enrolment code derived from the course id.
func newEnrollmentCode(courseID string) string {
	const alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
	sum := sha256.Sum256([]byte("enrollment/" + courseID))
	b := make([]byte, 7)
	for i := range b {
		b[i] = alphabet[int(sum[i])%len(alphabet)]
	}
	return string(b)
}

// derivedHex returns n hexadecimal digits derived from the course id and a purpose.
func derivedHex(purpose, courseID string, n int) string {
	sum := sha256.Sum256([]byte(purpose + "/" + courseID))
	return hex.EncodeToString(sum[:])[:n]
}

// groupEmails returns the teacher and course group e-mails of a course, shaped like Google's:
// <Name>_teachers_<8 hex>@<domain> and <Name>_<8 hex>@<domain>, the name's spaces and other
// characters outside [A-Za-z0-9] written as underscores.
func groupEmails(courseID, name, domain string) (teachers, course string) {
	var b strings.Builder
	for _, r := range name {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	prefix := b.String()
	if prefix == "" {
		prefix = "Classroom"
	}
	return prefix + "_teachers_" + derivedHex("teachers", courseID, 8) + "@" + domain,
		prefix + "_" + derivedHex("course", courseID, 8) + "@" + domain
}

// calendarID returns a course's calendar id, shaped like Google's:
// classroom<21 digits>@group.calendar.google.com.
func calendarID(courseID string) string {
	sum := sha256.Sum256([]byte("calendar/" + courseID))
	digits := make([]byte, 21)
	for i := range digits {
		digits[i] = '0' + sum[i]%10
	}
	digits[0] = '1' + sum[0]%9
	return "classroom" + string(digits) + "@group.calendar.google.com"
}

func workKey(courseID, id string) string             { return courseID + "/" + id }
func submissionKey(courseID, cwID, id string) string { return courseID + "/" + cwID + "/" + id }

// timestamp formats a time the server sets (creationTime, updateTime, stateTimestamp,
// gradeTimestamp) as Google does: RFC 3339 in UTC with exactly three fractional digits,
// 2019-03-27T06:49:08.976Z. Some clients reject more digits (Python's datetime.fromisoformat
// before 3.11).
func timestamp(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

// echoTimestamp formats a time a client gave (scheduledTime), in UTC with as many fractional
// digits as it needs: 0, 3, 6 or 9.
func echoTimestamp(t time.Time) string {
	t = t.UTC()
	switch ns := t.Nanosecond(); {
	case ns == 0:
		return t.Format("2006-01-02T15:04:05Z")
	case ns%1e6 == 0:
		return t.Format("2006-01-02T15:04:05.000Z")
	case ns%1e3 == 0:
		return t.Format("2006-01-02T15:04:05.000000Z")
	default:
		return t.Format("2006-01-02T15:04:05.000000000Z")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func remove(list []string, s string) []string {
	out := list[:0:0]
	for _, x := range list {
		if x != s {
			out = append(out, x)
		}
	}
	return out
}

// A user is a person known to the emulator, under any number of tokens.
type user struct {
	id    string
	email string
	name  string
}

// directory resolves user references: numeric ids, email addresses and "me".
type directory struct {
	byToken map[string]*Identity
	byID    map[string]*user
	byEmail map[string]*user
}

func newDirectory(ids []Identity) (*directory, error) {
	if err := validateIdentities(ids); err != nil {
		return nil, err
	}
	d := &directory{byToken: map[string]*Identity{}, byID: map[string]*user{}, byEmail: map[string]*user{}}
	for i := range ids {
		id := ids[i]
		id.Scopes = append([]string(nil), id.Scopes...)
		for j, s := range id.Scopes {
			id.Scopes[j] = fullScope(s)
		}
		d.byToken[id.Token] = &id
		if u, ok := d.byID[id.UserID]; ok {
			if !strings.EqualFold(u.email, id.Email) {
				return nil, fmt.Errorf("user %s has two emails: %s and %s", id.UserID, u.email, id.Email)
			}
			continue
		}
		u := &user{id: id.UserID, email: id.Email, name: id.Name}
		d.byID[u.id] = u
		d.byEmail[strings.ToLower(u.email)] = u
	}
	return d, nil
}

// resolve returns the user a reference names: "me", a numeric id or an email address.
func (d *directory) resolve(ref string, caller *Identity) (*user, bool) {
	switch {
	case ref == "me":
		u, ok := d.byID[caller.UserID]
		return u, ok
	case strings.Contains(ref, "@"):
		u, ok := d.byEmail[strings.ToLower(ref)]
		return u, ok
	default:
		u, ok := d.byID[ref]
		return u, ok
	}
}

func (d *directory) profile(userID string) *UserProfile {
	u, ok := d.byID[userID]
	if !ok {
		return &UserProfile{ID: userID}
	}
	given, family, _ := strings.Cut(u.name, " ")
	return &UserProfile{
		ID:           u.id,
		Name:         &Name{GivenName: given, FamilyName: family, FullName: u.name},
		EmailAddress: u.email,
	}
}
