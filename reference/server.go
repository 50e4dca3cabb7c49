package reference

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"
)

// Options configure a Server. The zero value serves the built-in identities with the
// documented-default behaviour and the real clock.
type Options struct {
	// Identities are the bearer tokens the server accepts. Nil means BuiltinIdentities().
	Identities []Identity
	// Behaviour selects how the server answers where the documentation is ambiguous.
	Behaviour Behaviour
	// Now is the clock; nil means time.Now. Tests inject a fixed clock for reproducible answers.
	Now func() time.Time
	// MaxBodyBytes bounds request bodies; 0 means 8 MiB. Larger bodies are INVALID_ARGUMENT.
	MaxBodyBytes int64
	// ErrorLog receives internal errors (never request contents); nil means the standard logger.
	ErrorLog *log.Logger
	// Seed selects the ids the server hands out (see seed.go): another seed gives other course,
	// course work and submission ids and enrolment codes. 0 is the sequence recordings use.
	Seed int64
}

// Behaviour selects an answer wherever the Classroom documentation contradicts itself or is
// silent. The zero value is the reference's documented choice for each. Each field is named by
// one ambiguity of the rules catalogue (its behaviour: key), which quotes the texts and owns the
// choices: a bool field is on for the choice that is not the default, a string field holds the
// choice.
type Behaviour struct {
	// CourseWorkDefaultState is the state of course work created without one: "DRAFT" (the
	// default, per the field documentation and the guide) or "PUBLISHED" (per the enum text).
	CourseWorkDefaultState string
	// ReclaimReturned lets the owner reclaim a RETURNED submission. Default: FAILED_PRECONDITION.
	ReclaimReturned bool
	// ReturnNotTurnedIn lets a teacher return a submission that is not TURNED_IN.
	// Default: FAILED_PRECONDITION, as the grading guide says only turned-in work can be returned.
	ReturnNotTurnedIn bool
	// TurnInTwice lets the owner turn in a submission that is already TURNED_IN (a no-op).
	// Default: FAILED_PRECONDITION.
	TurnInTwice bool
	// ModifyAssigneesProjectRule makes modifyAssignees require the Developer Console project that
	// created the course work, as patch and delete do. Default: not enforced, as its documentation
	// does not state it.
	ModifyAssigneesProjectRule bool
	// HiddenWorkPermissionDenied answers a student asking for course work they may not see
	// (DRAFT, DELETED, or assigned to other students), and anything under it, with
	// PERMISSION_DENIED ("not permitted to access the requested course or course work"). Default:
	// NOT_FOUND, so that a student cannot learn that hidden work exists.
	HiddenWorkPermissionDenied bool
	// DeletedWorkNotFound makes deleted course work gone for its teachers too: get, patch, delete
	// and the methods under it answer NOT_FOUND, and list never shows it. Default: the work stays
	// DELETED and "visible only to course teachers", so deleting it again is FAILED_PRECONDITION.
	// Students get what HiddenWorkPermissionDenied selects either way.
	DeletedWorkNotFound bool
}

func (b Behaviour) validate() error {
	switch b.CourseWorkDefaultState {
	case "", "DRAFT", "PUBLISHED":
		return nil
	}
	return fmt.Errorf("behaviour: CourseWorkDefaultState %q is not DRAFT or PUBLISHED", b.CourseWorkDefaultState)
}

func (b Behaviour) defaultState() string {
	if b.CourseWorkDefaultState == "" {
		return "DRAFT"
	}
	return b.CourseWorkDefaultState
}

// A Server is the reference Classroom emulator: an http.Handler serving the Classroom API v1 REST
// surface from memory. It is safe for concurrent use.
type Server struct {
	disc     *discovery
	behave   Behaviour
	now      func() time.Time
	maxBody  int64
	errorLog *log.Logger
	users    *directory
	st       *store
	mux      *http.ServeMux
}

// New returns a Server with an empty store.
func New(opts Options) (*Server, error) {
	disc, err := loadDiscovery()
	if err != nil {
		return nil, err
	}
	if err := opts.Behaviour.validate(); err != nil {
		return nil, err
	}
	ids := opts.Identities
	if ids == nil {
		ids = BuiltinIdentities()
	}
	users, err := newDirectory(ids)
	if err != nil {
		return nil, fmt.Errorf("identities: %w", err)
	}
	s := &Server{
		disc:     disc,
		behave:   opts.Behaviour,
		now:      opts.Now,
		maxBody:  opts.MaxBodyBytes,
		errorLog: opts.ErrorLog,
		users:    users,
		st:       newStore(),
	}
	s.st.seq = seqStart(opts.Seed)
	if s.now == nil {
		s.now = time.Now
	}
	s.now = millisecondClock(s.now)
	if s.maxBody <= 0 {
		s.maxBody = 8 << 20
	}
	if s.errorLog == nil {
		s.errorLog = log.Default()
	}
	if err := s.buildMux(); err != nil {
		return nil, err
	}
	return s, nil
}

// ServeHTTP serves one Classroom API request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// The Date of an answer comes from the server's clock too, so that a server on a fixed clock
	// answers the same bytes every time.
	w.Header().Set("Date", s.now().UTC().Format(http.TimeFormat))
	// ServeMux would redirect a path holding "." or ".." segments or "//" to its clean form,
	// with an HTML body; no Classroom method lives at such a path.
	if p := r.URL.Path; p == "" || p[0] != '/' || (p != "/" && path.Clean(p) != strings.TrimSuffix(p, "/")) {
		s.writeError(w, r, apiErrorf("NOT_FOUND", "Method not found: %s %s", r.Method, r.URL.Path))
		return
	}
	s.mux.ServeHTTP(w, r)
}

// A call is one authenticated API request on its way to a handler.
type call struct {
	ctx    context.Context
	req    *http.Request
	who    *Identity
	method *apiMethod
	body   []byte
	query  url.Values // with proto-style names converted to JSON names
	params map[string]string
}

// path returns a path parameter by its discovery name.
func (c *call) path(name string) string { return c.params[name] }

// handlerFunc serves one API method: it returns the response message or an error, which the
// adapter writes, so every answer has the same shape.
type handlerFunc func(c *call) (any, error)

// handlers maps the discovery method ids the emulator implements to their handlers. Methods of
// the discovery document not listed here answer 501 UNIMPLEMENTED after authentication.
func (s *Server) handlers() map[string]handlerFunc {
	return map[string]handlerFunc{
		"classroom.courses.create": s.createCourse,
		"classroom.courses.get":    s.getCourse,
		"classroom.courses.patch":  s.patchCourse,
		"classroom.courses.delete": s.deleteCourse,
		"classroom.courses.list":   s.listCourses,

		"classroom.courses.aliases.create": s.createAlias,
		"classroom.courses.aliases.list":   s.listAliases,
		"classroom.courses.aliases.delete": s.deleteAlias,

		"classroom.courses.students.create": s.createStudent,
		"classroom.courses.students.get":    s.getStudent,
		"classroom.courses.students.list":   s.listStudents,
		"classroom.courses.students.delete": s.deleteStudent,
		"classroom.courses.teachers.create": s.createTeacher,
		"classroom.courses.teachers.list":   s.listTeachers,

		"classroom.courses.courseWork.create":          s.createCourseWork,
		"classroom.courses.courseWork.get":             s.getCourseWork,
		"classroom.courses.courseWork.list":            s.listCourseWork,
		"classroom.courses.courseWork.patch":           s.patchCourseWork,
		"classroom.courses.courseWork.delete":          s.deleteCourseWork,
		"classroom.courses.courseWork.modifyAssignees": s.modifyAssignees,

		"classroom.courses.courseWork.studentSubmissions.get":     s.getSubmission,
		"classroom.courses.courseWork.studentSubmissions.list":    s.listSubmissions,
		"classroom.courses.courseWork.studentSubmissions.patch":   s.patchSubmission,
		"classroom.courses.courseWork.studentSubmissions.turnIn":  s.turnIn,
		"classroom.courses.courseWork.studentSubmissions.reclaim": s.reclaim,
		"classroom.courses.courseWork.studentSubmissions.return":  s.returnSubmission,
	}
}

// A route is one discovery method served at a mux pattern, possibly behind a custom verb.
type route struct {
	method  *apiMethod
	names   []string // discovery names of the path wildcards, in order
	handler handlerFunc
}

// A routeGroup is every method sharing one mux pattern: the plain method and the custom verbs
// (":turnIn", ":reclaim", ...) that Go's ServeMux cannot tell apart, since a wildcard must be a
// whole path segment.
type routeGroup struct {
	plain  *route
	verbs  map[string]*route
	nwild  int
	server *Server
}

// buildMux registers every method of the discovery document. Patterns use positional wildcard
// names, because Google names the same segment differently in different methods ({id} in
// courseWork.get, {courseWorkId} under studentSubmissions).
func (s *Server) buildMux() error {
	s.mux = http.NewServeMux()
	impl := s.handlers()
	groups := map[string]*routeGroup{}
	for _, id := range sortedKeys(s.disc.methods) {
		m := s.disc.methods[id]
		pattern, names, verb, err := muxPattern(m)
		if err != nil {
			return err
		}
		g := groups[pattern]
		if g == nil {
			g = &routeGroup{verbs: map[string]*route{}, nwild: len(names), server: s}
			groups[pattern] = g
			s.mux.Handle(pattern, g)
		}
		rt := &route{method: m, names: names, handler: impl[id]}
		if rt.handler == nil {
			rt.handler = s.unimplemented
		}
		if verb == "" {
			g.plain = rt
		} else {
			g.verbs[verb] = rt
		}
		delete(impl, id)
	}
	for id := range impl {
		return fmt.Errorf("handler for %s, which the discovery document does not have", id)
	}
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, apiErrorf("NOT_FOUND", "Method not found: %s %s", r.Method, r.URL.Path))
	})
	return nil
}

// muxPattern turns "v1/courses/{courseId}/courseWork/{id}:modifyAssignees" into
// "POST /v1/courses/{p0}/courseWork/{p1}", the wildcard names [courseId id] and the verb.
func muxPattern(m *apiMethod) (pattern string, names []string, verb string, err error) {
	segs := strings.Split(m.Path, "/")
	for i, seg := range segs {
		if i == len(segs)-1 {
			if j := strings.LastIndex(seg, ":"); j >= 0 && strings.HasSuffix(seg[:j], "}") {
				seg, verb = seg[:j], seg[j+1:]
			}
		}
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			name := strings.TrimPrefix(strings.TrimSuffix(seg, "}"), "{")
			if strings.HasPrefix(name, "+") {
				return "", nil, "", fmt.Errorf("method %s: reserved expansion %s is not supported", m.ID, seg)
			}
			segs[i] = fmt.Sprintf("{p%d}", len(names))
			names = append(names, name)
			continue
		}
		segs[i] = seg
	}
	return m.HTTPMethod + " /" + strings.Join(segs, "/"), names, verb, nil
}

func (g *routeGroup) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	values := make([]string, g.nwild)
	for i := range values {
		values[i] = r.PathValue(fmt.Sprintf("p%d", i))
	}
	rt := g.plain
	if len(g.verbs) > 0 && g.nwild > 0 {
		last := values[g.nwild-1]
		if j := strings.LastIndex(last, ":"); j >= 0 {
			if v, ok := g.verbs[last[j+1:]]; ok {
				rt = v
				values[g.nwild-1] = last[:j]
			}
		}
	}
	if rt == nil {
		g.server.writeError(w, r, apiErrorf("NOT_FOUND", "Method not found: %s %s", r.Method, r.URL.Path))
		return
	}
	params := make(map[string]string, len(values))
	for i, v := range values {
		params[rt.names[i]] = v
	}
	g.server.serve(w, r, rt, params)
}

// serve runs the checks Google's front end makes before a method sees a request (credentials,
// scopes, query parameters, body size), then the handler, and writes the answer.
func (s *Server) serve(w http.ResponseWriter, r *http.Request, rt *route, params map[string]string) {
	defer func() {
		if p := recover(); p != nil {
			s.errorLog.Printf("reference: panic serving %s: %v", rt.method.ID, p)
			s.writeError(w, r, asAPIError(nil))
		}
	}()
	query, err := s.checkQuery(rt.method, r.URL.RawQuery)
	who, authErr := s.authenticate(r, query)
	if authErr != nil {
		s.writeError(w, r, authErr)
		return
	}
	if !hasAnyScope(who, rt.method.Scopes) {
		// As Google's front end does, name the scopes that would do (RFC 6750, section 3).
		w.Header().Set("WWW-Authenticate", fmt.Sprintf(`Bearer realm="https://accounts.google.com/", error="insufficient_scope", scope="%s"`, strings.Join(rt.method.Scopes, " ")))
		s.writeError(w, r, &APIError{Status: "PERMISSION_DENIED", Message: msgInsufficientScopes})
		return
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	body, rerr := io.ReadAll(http.MaxBytesReader(w, r.Body, s.maxBody))
	if rerr != nil {
		s.writeError(w, r, bodyError(rerr, s.maxBody))
		return
	}
	c := &call{ctx: r.Context(), req: r, who: who, method: rt.method, body: body, query: query, params: params}
	resp, herr := rt.handler(c)
	if herr != nil {
		ae := asAPIError(herr)
		if ae.Status == "INTERNAL" {
			s.errorLog.Printf("reference: %s: %v", rt.method.ID, herr)
		}
		s.writeError(w, r, ae)
		return
	}
	if f := query.Get("fields"); f != "" {
		if resp, err = partial(resp, f); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	s.writeJSON(w, r, http.StatusOK, resp)
}

func (s *Server) unimplemented(c *call) (any, error) {
	return nil, apiErrorf("UNIMPLEMENTED", "Method %s is not implemented by the reference emulator.", c.method.ID)
}

// authenticate finds the identity of a request's bearer token, given in the Authorization
// header or the access_token / oauth_token query parameters.
func (s *Server) authenticate(r *http.Request, query url.Values) (*Identity, *APIError) {
	token := ""
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, rest, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(rest) == "" {
			return nil, &APIError{Status: "UNAUTHENTICATED", Message: msgInvalidCredentials}
		}
		token = strings.TrimSpace(rest)
	} else if t := query.Get("access_token"); t != "" {
		token = t
	} else if t := query.Get("oauth_token"); t != "" {
		token = t
	}
	if token == "" {
		return nil, &APIError{Status: "UNAUTHENTICATED", Message: msgMissingCredentials}
	}
	who, ok := s.users.byToken[token]
	if !ok {
		return nil, &APIError{Status: "UNAUTHENTICATED", Message: msgInvalidCredentials}
	}
	return who, nil
}

func hasAnyScope(who *Identity, scopes []string) bool {
	for _, want := range scopes {
		for _, have := range who.Scopes {
			if have == want {
				return true
			}
		}
	}
	return false
}

// checkQuery parses the query string and checks every parameter against the method's
// discovery description: unknown names, enum values and integers are refused as Google does.
// Proto-style names (page_size) are accepted and returned under their JSON names (pageSize).
func (s *Server) checkQuery(m *apiMethod, raw string) (url.Values, *APIError) {
	parsed, err := url.ParseQuery(raw)
	if err != nil {
		return url.Values{}, errInvalidArgument("Invalid query string: %v", err)
	}
	allowed := s.disc.queryParams(m)
	out := url.Values{}
	for _, name := range sortedKeys(parsed) {
		values := parsed[name]
		key := name
		p := allowed[key]
		if p == nil {
			key = camel(name)
			p = allowed[key]
		}
		if p == nil {
			return out, errInvalidArgument("Invalid JSON payload received. Unknown name %q: Cannot bind query parameter. Field '%s' could not be found in request message.", name, name)
		}
		if !p.Repeated && len(values) > 1 && key != "fields" {
			return out, errInvalidArgument("Invalid JSON payload received. Repeated values for field %q that is not repeated.", name)
		}
		for i, v := range values {
			where := snake(key)
			if p.Repeated {
				where = fmt.Sprintf("%s[%d]", where, i)
			}
			if len(p.Enum) > 0 && !contains(p.Enum, v) {
				return out, errInvalidArgument("Invalid value at '%s' (TYPE_ENUM), %q", where, v)
			}
			switch p.Type {
			case "integer":
				if _, err := strconv.ParseInt(v, 10, 32); err != nil {
					return out, errInvalidArgument("Invalid value at '%s' (TYPE_INT32), %q", where, v)
				}
			case "boolean":
				if v != "true" && v != "false" {
					return out, errInvalidArgument("Invalid value at '%s' (TYPE_BOOL), %q", where, v)
				}
			}
			out.Add(key, v)
		}
	}
	if alt := out.Get("alt"); alt != "" && alt != "json" {
		return out, errInvalidArgument("alt=%s is not supported by this server; only alt=json.", alt)
	}
	return out, nil
}

// writeJSON writes a response message. Google pretty-prints unless prettyPrint=false.
func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, code int, v any) {
	var (
		data []byte
		err  error
	)
	if r.URL.Query().Get("prettyPrint") == "false" {
		data, err = json.Marshal(v)
	} else {
		data, err = json.MarshalIndent(v, "", "  ")
	}
	if err != nil {
		s.errorLog.Printf("reference: encode response: %v", err)
		code, data = http.StatusInternalServerError, []byte(`{"error":{"code":500,"message":"Internal error encountered.","status":"INTERNAL"}}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=UTF-8")
	h.Set("Vary", "Origin, X-Origin, Referer")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	w.Write(append(bytes.TrimRight(data, "\n"), '\n'))
}

// writeError writes e in Google's error envelope with the HTTP code of its status.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, e *APIError) {
	if e.Status == "UNAUTHENTICATED" {
		w.Header().Set("WWW-Authenticate", `Bearer realm="https://accounts.google.com/"`)
	}
	s.writeJSON(w, r, e.Code(), errorBody{Error: errorDetail{Code: e.Code(), Message: e.Message, Status: e.Status}})
}
