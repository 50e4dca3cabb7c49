package reference

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// An Identity is what a bearer token stands for: a user, the Developer Console project of the
// OAuth client that obtained the token, and the scopes the token was granted. Classroom's answers
// depend on all three, so the emulator keeps them together.
type Identity struct {
	// Actor is the name scenarios use for this identity, e.g. "teacher" (see docs/steps.md).
	Actor string `json:"actor"`
	// Token is the bearer token that authenticates as this identity.
	Token string `json:"token"`
	// UserID is the numeric Classroom user id.
	UserID string `json:"userId"`
	// Email is the user's email address; it is accepted wherever a user id is.
	Email string `json:"email"`
	// Name is the user's full name.
	Name string `json:"name"`
	// Project is the Developer Console project number of the OAuth client.
	Project string `json:"project"`
	// Scopes are the OAuth scopes granted, as full URLs or short names ("classroom.courses").
	Scopes []string `json:"scopes"`
}

const scopePrefix = "https://www.googleapis.com/auth/"

// Projects of the built-in identities.
const (
	ProjectA = "111111111111"
	ProjectB = "222222222222"
)

// BuiltinIdentities returns an identity for every actor of the conformance suite: the teacher,
// two students and an outsider through project A's OAuth client, the teacher and the student
// through project B's, and the student with a token that lacks classroom.coursework.me.
func BuiltinIdentities() []Identity {
	teacherScopes := []string{
		"classroom.courses", "classroom.rosters", "classroom.coursework.students",
		"classroom.coursework.me", "classroom.profile.emails", "classroom.profile.photos",
	}
	studentScopes := []string{
		"classroom.courses", "classroom.rosters", "classroom.coursework.me",
		"classroom.profile.emails", "classroom.profile.photos",
	}
	noCourseworkScopes := []string{
		"classroom.courses", "classroom.rosters", "classroom.coursework.me.readonly",
		"classroom.profile.emails",
	}
	user := func(actor, token, id, email, name, project string, scopes []string) Identity {
		return Identity{Actor: actor, Token: token, UserID: id, Email: email, Name: name,
			Project: project, Scopes: append([]string(nil), scopes...)}
	}
	return []Identity{
		user("teacher", "tok-teacher", "100000000000000000001", "teacher@school.example", "Tess Teacher", ProjectA, teacherScopes),
		user("student", "tok-student", "100000000000000000002", "student@school.example", "Sam Student", ProjectA, studentScopes),
		user("other student", "tok-other-student", "100000000000000000003", "other.student@school.example", "Olive Other", ProjectA, studentScopes),
		user("outsider", "tok-outsider", "100000000000000000004", "outsider@school.example", "Oscar Outsider", ProjectA, studentScopes),
		user("teacher via project B", "tok-teacher-project-b", "100000000000000000001", "teacher@school.example", "Tess Teacher", ProjectB, teacherScopes),
		user("student via project B", "tok-student-project-b", "100000000000000000002", "student@school.example", "Sam Student", ProjectB, studentScopes),
		user("student without coursework scope", "tok-student-no-coursework", "100000000000000000002", "student@school.example", "Sam Student", ProjectA, noCourseworkScopes),
	}
}

var numericID = regexp.MustCompile(`^[0-9]{1,30}$`)

// LoadIdentities reads identities from JSON: an array of objects with the fields of Identity.
// Unknown fields, duplicate tokens, non-numeric user ids and a user known under two emails are
// errors, so a typo in an identities file is reported rather than silently ignored.
func LoadIdentities(r io.Reader) ([]Identity, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read identities: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var ids []Identity
	if err := dec.Decode(&ids); err != nil {
		return nil, fmt.Errorf("decode identities: %w", err)
	}
	if err := validateIdentities(ids); err != nil {
		return nil, err
	}
	return ids, nil
}

func validateIdentities(ids []Identity) error {
	tokens := map[string]string{}
	emails := map[string]string{}
	for i, id := range ids {
		where := fmt.Sprintf("identity %d (%q)", i, id.Actor)
		switch {
		case id.Token == "":
			return fmt.Errorf("%s: token is required", where)
		case !numericID.MatchString(id.UserID):
			return fmt.Errorf("%s: userId %q must be a numeric string", where, id.UserID)
		case id.Email == "" || !strings.Contains(id.Email, "@"):
			return fmt.Errorf("%s: email %q is not an email address", where, id.Email)
		case id.Project == "":
			return fmt.Errorf("%s: project is required", where)
		}
		if prev, ok := tokens[id.Token]; ok {
			return fmt.Errorf("%s: token already used by %q", where, prev)
		}
		tokens[id.Token] = id.Actor
		if prev, ok := emails[strings.ToLower(id.Email)]; ok && prev != id.UserID {
			return fmt.Errorf("%s: email %s already belongs to user %s", where, id.Email, prev)
		}
		emails[strings.ToLower(id.Email)] = id.UserID
		for _, s := range id.Scopes {
			if strings.TrimPrefix(s, scopePrefix) == "" {
				return fmt.Errorf("%s: empty scope", where)
			}
		}
	}
	return nil
}

// fullScope returns the full URL of a scope given in short or full form.
func fullScope(s string) string {
	if strings.HasPrefix(s, "https://") {
		return s
	}
	return scopePrefix + s
}
