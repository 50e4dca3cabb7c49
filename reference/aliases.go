package reference

import (
	"strings"
	"unicode/utf8"
)

const maxAliasLength = 256

// checkAliasName checks the form of an alias: "d:" (domain-scoped) or "p:" (project-scoped)
// followed by a name, 256 characters at most.
func checkAliasName(alias string) *APIError {
	if !isAlias(alias) || len(alias) == 2 {
		return errInvalidArgument("An alias must be d:<name> or p:<name>, not %q.", alias)
	}
	if n := utf8.RuneCountInString(alias); n > maxAliasLength {
		return errInvalidArgument("An alias may be at most %d characters; it has %d.", maxAliasLength, n)
	}
	if strings.ContainsAny(alias[2:], "/ \t\r\n") {
		return errInvalidArgument("An alias may not contain white space or '/': %q.", alias)
	}
	return nil
}

// checkAliasCreate checks that the caller may create alias: domain aliases "can be created only
// by a domain admin" (the emulator has none), and an alias that exists is ALREADY_EXISTS, "so a
// random value can also be used to avoid duplicate courses". The caller holds the store lock.
func (s *Server) checkAliasCreate(c *call, alias string) *APIError {
	if strings.HasPrefix(alias, "d:") {
		return errPermissionDenied("domain-scoped aliases can be created only by a domain administrator")
	}
	if _, exists := s.st.aliases[alias]; exists {
		return apiErrorf("ALREADY_EXISTS", "Requested entity already exists")
	}
	return nil
}

// createAlias: courses.aliases.create.
func (s *Server) createAlias(c *call) (any, error) {
	var in CourseAlias
	if err := s.disc.decodeBody(c.method, c.body, &in); err != nil {
		return nil, err
	}
	if err := checkAliasName(in.Alias); err != nil {
		return nil, err
	}
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	rec, err := s.teacherCourse(c, c.path("courseId"), "create aliases")
	if err != nil {
		return nil, err
	}
	if err := s.checkAliasCreate(c, in.Alias); err != nil {
		return nil, err
	}
	s.st.aliases[in.Alias] = &aliasRecord{alias: in.Alias, courseID: rec.course.ID, project: c.who.Project}
	return CourseAlias{Alias: in.Alias}, nil
}

// ListCourseAliasesResponse is the answer of courses.aliases.list.
type ListCourseAliasesResponse struct {
	Aliases       []CourseAlias `json:"aliases,omitempty"`
	NextPageToken string        `json:"nextPageToken,omitempty"`
}

// listAliases: courses.aliases.list. Project aliases are visible only to requests from the
// project that created them.
func (s *Server) listAliases(c *call) (any, error) {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	rec, err := s.teacherCourse(c, c.path("courseId"), "do this")
	if err != nil {
		return nil, err
	}
	var all []CourseAlias
	for _, name := range sortedKeys(s.st.aliases) {
		a := s.st.aliases[name]
		if a.courseID == rec.course.ID && (strings.HasPrefix(name, "d:") || a.project == c.who.Project) {
			all = append(all, CourseAlias{Alias: name})
		}
	}
	page, next, perr := paginate(c, all, 0)
	if perr != nil {
		return nil, perr
	}
	return ListCourseAliasesResponse{Aliases: page, NextPageToken: next}, nil
}

// deleteAlias: courses.aliases.delete. The alias "may not be the Classroom-assigned identifier".
func (s *Server) deleteAlias(c *call) (any, error) {
	alias := c.path("alias")
	if !isAlias(alias) {
		return nil, errInvalidArgument("%q is not an alias; an alias starts with d: or p:.", alias)
	}
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	rec, err := s.teacherCourse(c, c.path("courseId"), "do this")
	if err != nil {
		return nil, err
	}
	a, ok := s.st.aliases[alias]
	if !ok || a.courseID != rec.course.ID || (strings.HasPrefix(alias, "p:") && a.project != c.who.Project) {
		return nil, errNotFound("The alias does not exist.")
	}
	if strings.HasPrefix(alias, "d:") {
		return nil, errPermissionDenied("domain-scoped aliases can be deleted only by a domain administrator")
	}
	delete(s.st.aliases, alias)
	return Empty{}, nil
}
