package reference

import (
	"crypto/sha256"
	"encoding/base64"
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

// Ids are shaped like Classroom's: courses and course work have numeric ids of 12 digits, student
// submissions have opaque base64url ids beginning "Cg", like the protobuf-encoded keys Google uses.
const idBase = 700000000000

// newNumericID returns the next numeric id. The caller holds the lock.
func (st *store) newNumericID() string {
	st.seq++
	return strconv.FormatInt(idBase+st.seq*7919%1000003+st.seq*1000003, 10)
}

// newSubmissionID returns an opaque submission id derived from the next sequence number.
func (st *store) newSubmissionID() string {
	st.seq++
	sum := sha256.Sum256([]byte("submission/" + strconv.FormatInt(st.seq, 10)))
	return "Cg4I" + base64.RawURLEncoding.EncodeToString(sum[:12])
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

func workKey(courseID, id string) string             { return courseID + "/" + id }
func submissionKey(courseID, cwID, id string) string { return courseID + "/" + cwID + "/" + id }

// timestamp formats t as Google does: RFC 3339 in UTC with a Z, and 0, 3, 6 or 9 fractional digits.
func timestamp(t time.Time) string {
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
