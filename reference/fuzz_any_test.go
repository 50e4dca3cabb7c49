package reference

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzAnyRequest sends arbitrary requests (method, path under a real course, query, body and
// caller) to every route of the server. Whatever comes in, the server must not fail internally:
// it answers 200 with a JSON object or Google's error envelope with a matching code, never a 500.
func FuzzAnyRequest(f *testing.F) {
	seeds := []struct {
		method      uint8
		path, query string
		body        string
		caller      uint8
	}{
		{0, "", "", "", 0},
		{1, "/courseWork", "", `{"title":"T","workType":"ASSIGNMENT","state":"PUBLISHED"}`, 0},
		{0, "/courseWork", "courseWorkStates=DRAFT&orderBy=dueDate%20desc&pageSize=1", "", 1},
		{0, "/courseWork", "pageToken=AAAA&fields=courseWork(id)", "", 0},
		{2, "/courseWork/1", "updateMask=title,due_date", `{"title":"x"}`, 0},
		{3, "/courseWork/1", "", "", 4},
		{1, "/courseWork/1:modifyAssignees", "", `{"assigneeMode":"INDIVIDUAL_STUDENTS","modifyIndividualStudentsOptions":{"addStudentIds":["me"]}}`, 0},
		{0, "/courseWork/-/studentSubmissions", "userId=me&states=TURNED_IN&late=LATE_ONLY", "", 1},
		{1, "/courseWork/1/studentSubmissions/Cg4I:reclaim", "", `null`, 1},
		{1, "/courseWork/1/studentSubmissions/Cg4I:turnIn", "", `{}`, 5},
		{1, "/courseWork/1/studentSubmissions/Cg4I:return", "", `{"x":1}`, 0},
		{2, "/courseWork/1/studentSubmissions/Cg4I", "updateMask=draftGrade", `{"draftGrade":-1}`, 0},
		{1, "/aliases", "", `{"alias":"p:x"}`, 0},
		{3, "/aliases/p:x", "", "", 0},
		{1, "/students", "enrollmentCode=abc", `{"userId":"me"}`, 2},
		{0, "/teachers", "pageSize=-5", "", 3},
		{2, "", "updateMask=courseState", `{"courseState":"ARCHIVED"}`, 0},
		{0, "/../../v1/courses", "", "", 0},
		{1, "/courseWork/%2F:reclaim", "alt=proto", "{", 6},
	}
	for _, s := range seeds {
		f.Add(s.method, s.path, s.query, []byte(s.body), s.caller)
	}
	methods := []string{"GET", "POST", "PATCH", "DELETE", "PUT", "HEAD", "OPTIONS"}
	tokens := []string{"tok-teacher", "tok-student", "tok-other-student", "tok-outsider",
		"tok-teacher-project-b", "tok-student-project-b", "tok-student-no-coursework", "", "bogus"}
	f.Fuzz(func(t *testing.T, method uint8, path, query string, body []byte, caller uint8) {
		srv := newFuzzServer(t)
		full := "/v1/courses/" + srv.course + path
		m := methods[int(method)%len(methods)]
		req := &http.Request{
			Method:     m,
			URL:        &url.URL{Path: full, RawQuery: query},
			Proto:      "HTTP/1.1",
			ProtoMajor: 1,
			ProtoMinor: 1,
			Header:     http.Header{},
			Body:       http.NoBody,
			Host:       "127.0.0.1",
		}
		if len(body) > 0 {
			req.Body = readCloser{strings.NewReader(string(body))}
			req.ContentLength = int64(len(body))
		}
		if tok := tokens[int(caller)%len(tokens)]; tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		rec := httptest.NewRecorder()
		srv.s.ServeHTTP(rec, req)
		if m == "HEAD" {
			return // no body to check
		}
		code, _ := srv.check(m, full, rec)
		if code >= 500 && code != http.StatusNotImplemented {
			t.Fatalf("%s %s?%s: %d %s", m, full, query, code, rec.Body)
		}
	})
}

type readCloser struct{ *strings.Reader }

func (readCloser) Close() error { return nil }
