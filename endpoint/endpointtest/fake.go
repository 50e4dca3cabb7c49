// Package endpointtest provides a small in-memory Classroom server for the tests of the steps and
// the suite: enough of courses, enrolment, aliases, course work and submission transitions to
// drive every fixture of docs/steps.md over real HTTP, without depending on the reference.
//
// It is a test double, not an emulator: it checks credentials and the submission state machine
// and nothing else.
package endpointtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// A user is who a token authenticates.
type user struct {
	ID      string
	Project string
}

// Tokens returns the tokens of the fake's users by actor, as a profile would give them.
func Tokens() map[string]string {
	return map[string]string{
		"teacher":                          "fake-teacher",
		"student":                          "fake-student",
		"other student":                    "fake-other-student",
		"outsider":                         "fake-outsider",
		"teacher via project B":            "fake-teacher-b",
		"student via project B":            "fake-student-b",
		"student without coursework scope": "fake-student-noscope",
	}
}

func users() map[string]user {
	return map[string]user{
		"fake-teacher":         {"101", "A"},
		"fake-student":         {"102", "A"},
		"fake-other-student":   {"103", "A"},
		"fake-outsider":        {"104", "A"},
		"fake-teacher-b":       {"101", "B"},
		"fake-student-b":       {"102", "B"},
		"fake-student-noscope": {"102", "A"},
	}
}

// Server is the fake. The zero value is not usable; use New.
type Server struct {
	mu      sync.Mutex
	users   map[string]user
	next    int
	courses map[string]*course
	// requests counts the requests served, for tests that check nothing was sent.
	requests int
}

type course struct {
	ID, Name, OwnerID, State, Code string
	students                       map[string]bool
	work                           map[string]*courseWork
	order                          []string
}

type courseWork struct {
	body map[string]any
	subs map[string]*submission // by user id
}

type submission struct {
	ID, UserID, State string
}

// New returns an empty fake.
func New() *Server {
	return &Server{users: users(), next: 1000, courses: map[string]*course{}}
}

// Requests returns how many requests the fake has served.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

type apiError struct {
	code   int
	status string
	msg    string
}

func fail(code int, status, msg string) *apiError { return &apiError{code, status, msg} }

func (s *Server) id() string { s.next++; return strconv.Itoa(s.next) }

// ServeHTTP answers Classroom-shaped requests.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests++
	v, err := s.serve(r)
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	if err != nil {
		w.WriteHeader(err.code)
		json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"code": err.code, "message": err.msg, "status": err.status}})
		return
	}
	json.NewEncoder(w).Encode(v)
}

func (s *Server) serve(r *http.Request) (any, *apiError) {
	auth := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	u, ok := s.users[auth]
	if !ok {
		return nil, fail(401, "UNAUTHENTICATED", "Request is missing required authentication credential.")
	}
	var body map[string]any
	if r.Body != nil && r.ContentLength != 0 {
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			return nil, fail(400, "INVALID_ARGUMENT", "Invalid JSON payload received.")
		}
	}
	seg := strings.Split(strings.TrimPrefix(r.URL.Path, "/v1/"), "/")
	if seg[0] != "courses" {
		return nil, fail(404, "NOT_FOUND", "Requested entity was not found.")
	}
	if len(seg) == 1 {
		if r.Method != "POST" {
			return map[string]any{}, nil
		}
		c := &course{ID: s.id(), OwnerID: u.ID, State: "PROVISIONED", students: map[string]bool{}, work: map[string]*courseWork{}}
		c.Name, _ = body["name"].(string)
		c.Code = "code" + c.ID
		s.courses[c.ID] = c
		return c.json(), nil
	}
	c, ok := s.courses[seg[1]]
	if !ok {
		return nil, fail(404, "NOT_FOUND", "Requested entity was not found.")
	}
	teacher := c.OwnerID == u.ID
	if len(seg) == 2 {
		if r.Method == "PATCH" && teacher {
			c.State, _ = body["courseState"].(string)
		}
		if !teacher && !c.students[u.ID] {
			return nil, fail(404, "NOT_FOUND", "Requested entity was not found.")
		}
		return c.json(), nil
	}
	switch {
	case seg[2] == "students" && r.Method == "POST":
		if r.URL.Query().Get("enrollmentCode") != c.Code || c.State != "ACTIVE" {
			return nil, fail(400, "FAILED_PRECONDITION", "@CourseNotModifiable The course is not active.")
		}
		c.students[u.ID] = true
		for _, cw := range c.work {
			cw.subs[u.ID] = &submission{ID: "S" + s.id(), UserID: u.ID, State: "CREATED"}
		}
		return map[string]any{"courseId": c.ID, "userId": u.ID}, nil
	case seg[2] == "aliases" && r.Method == "POST" && teacher:
		return map[string]any{"alias": body["alias"]}, nil
	case seg[2] == "courseWork" && len(seg) == 3 && r.Method == "POST":
		if !teacher {
			return nil, fail(403, "PERMISSION_DENIED", "The caller does not have permission")
		}
		cw := &courseWork{body: body, subs: map[string]*submission{}}
		id := s.id()
		cw.body["id"], cw.body["courseId"] = id, c.ID
		cw.body["creationTime"] = "2024-01-02T03:04:05.678Z"
		if _, ok := cw.body["state"]; !ok {
			cw.body["state"] = "DRAFT"
		}
		for sid := range c.students {
			cw.subs[sid] = &submission{ID: "S" + s.id(), UserID: sid, State: "CREATED"}
		}
		c.work[id] = cw
		c.order = append(c.order, id)
		return cw.body, nil
	case seg[2] == "courseWork" && len(seg) == 3:
		var list []any
		for _, id := range c.order {
			if teacher || c.work[id].body["state"] == "PUBLISHED" {
				list = append(list, c.work[id].body)
			}
		}
		if len(list) == 0 {
			return map[string]any{}, nil
		}
		return map[string]any{"courseWork": list}, nil
	case seg[2] == "courseWork":
		cw, ok := c.work[seg[3]]
		if !ok || (!teacher && (!c.students[u.ID] || cw.body["state"] != "PUBLISHED")) {
			return nil, fail(404, "NOT_FOUND", "Requested entity was not found.")
		}
		if len(seg) == 4 {
			return cw.body, nil
		}
		return s.submissions(r, u, teacher, cw, seg[4:])
	}
	return nil, fail(404, "NOT_FOUND", "Requested entity was not found.")
}

func (s *Server) submissions(r *http.Request, u user, teacher bool, cw *courseWork, seg []string) (any, *apiError) {
	if len(seg) == 1 {
		var list []any
		for _, sub := range cw.subs {
			if (teacher || sub.UserID == u.ID) && (r.URL.Query().Get("userId") != "me" || sub.UserID == u.ID) {
				list = append(list, sub.json(cw))
			}
		}
		return map[string]any{"studentSubmissions": list}, nil
	}
	id, verb, _ := strings.Cut(seg[1], ":")
	var sub *submission
	for _, x := range cw.subs {
		if x.ID == id {
			sub = x
		}
	}
	if sub == nil || (!teacher && sub.UserID != u.ID) {
		return nil, fail(404, "NOT_FOUND", "Requested entity was not found.")
	}
	type move struct{ from, to string }
	moves := map[string]move{"turnIn": {"CREATED RECLAIMED_BY_STUDENT", "TURNED_IN"}, "return": {"TURNED_IN", "RETURNED"}, "reclaim": {"TURNED_IN", "RECLAIMED_BY_STUDENT"}}
	switch m, ok := moves[verb]; {
	case verb == "":
		return sub.json(cw), nil
	case !ok:
		return nil, fail(404, "NOT_FOUND", "Requested entity was not found.")
	case (verb == "return") != teacher:
		return nil, fail(403, "PERMISSION_DENIED", "@ProjectPermissionDenied The Developer Console project is not permitted to make this request.")
	case !strings.Contains(m.from, sub.State):
		return nil, fail(400, "FAILED_PRECONDITION", fmt.Sprintf("Precondition check failed: submission is %s.", sub.State))
	default:
		sub.State = m.to
		return map[string]any{}, nil
	}
}

func (c *course) json() map[string]any {
	return map[string]any{"id": c.ID, "name": c.Name, "ownerId": c.OwnerID, "courseState": c.State, "enrollmentCode": c.Code}
}

func (sub *submission) json(cw *courseWork) map[string]any {
	return map[string]any{"id": sub.ID, "userId": sub.UserID, "state": sub.State, "courseWorkId": cw.body["id"]}
}
