package main

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/proxy"
	"github.com/classroom-conformance/classroom-conformance/proxy/cassette"
	"github.com/classroom-conformance/classroom-conformance/reference"
	"github.com/classroom-conformance/classroom-conformance/results"
)

// verifyCLI runs `classroom-conformance verify args...` through the command dispatch.
func verifyCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut strings.Builder
	code = dispatch(t.Context(), append([]string{"verify"}, args...), &out, &errOut)
	return code, out.String(), errOut.String()
}

// serveReference serves a reference with seed on an httptest server.
func serveReference(t *testing.T, opts reference.Options) *httptest.Server {
	t.Helper()
	ref, err := reference.New(opts)
	require.NoError(t, err)
	srv := httptest.NewServer(ref)
	t.Cleanup(srv.Close)
	return srv
}

// copyCassettes copies the named shipped cassettes (relative to cassettes/) into a temporary
// folder, keeping their feature folder, and returns the folder.
func copyCassettes(t *testing.T, names ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join("../../cassettes", n))
		require.NoError(t, err)
		dst := filepath.Join(dir, n)
		require.NoError(t, os.MkdirAll(filepath.Dir(dst), 0o755))
		require.NoError(t, os.WriteFile(dst, data, 0o644))
	}
	return dir
}

func TestVerifyShippedCassettesThroughTheCommand(t *testing.T) {
	dir := t.TempDir()
	junit, report := filepath.Join(dir, "verify.xml"), filepath.Join(dir, "verify.json")
	code, stdout, stderr := verifyCLI(t, "../../cassettes/reclaim", "--seed", "7",
		"--format", "pretty", "--format", "junit:"+junit, "--format", "json:"+report)
	require.Equal(t, 0, code, "stderr:\n%s\nstdout:\n%s", stderr, stdout)
	assert.Contains(t, stdout, "classroom.courses.courseWork.studentSubmissions.reclaim")
	assert.Contains(t, stdout, "against the embedded reference (seed 7)")

	var suites struct {
		Tests  int `xml:"tests,attr"`
		Suites []struct {
			Cases []struct {
				Name string `xml:"name,attr"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	data, err := os.ReadFile(junit)
	require.NoError(t, err)
	require.NoError(t, xml.Unmarshal(data, &suites))
	files, _ := filepath.Glob("../../cassettes/reclaim/*.yaml")
	assert.Equal(t, len(files), suites.Tests, "one test case per cassette")
	require.Len(t, suites.Suites, 1)
	assert.Len(t, suites.Suites[0].Cases, len(files))

	run, err := results.ReadFile(report)
	require.NoError(t, err)
	assert.Equal(t, results.KindVerify, run.Kind)
	assert.Equal(t, "the embedded reference (seed 7)", run.Target)
	require.Len(t, run.Scenarios, len(files), "a scenario per cassette")
	for _, s := range run.Scenarios {
		assert.Contains(t, []results.Status{results.Passed, results.Skipped}, s.Status, s.Name)
		assert.Equal(t, "reclaim.feature", s.URI, "%s: the scenario the cassette was recorded for", s.Name)
		assert.NotEmpty(t, s.Rules, "%s: the rules of its scenario", s.Name)
		if s.Status == results.Passed {
			assert.Contains(t, s.Message, "../../cassettes/reclaim/", "the message names the cassette")
			assert.Contains(t, s.Message, "interactions agreed")
		}
	}
}

// closedPort returns a loopback URL nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr + "/"
}

func TestVerifyBadInputExits2WithOneLine(t *testing.T) {
	dir := t.TempDir()
	corrupt := filepath.Join(dir, "corrupt.yaml")
	require.NoError(t, os.WriteFile(corrupt, []byte("---\nversion: 2\ninteractions:\n    - id: [unclosed\n"), 0o644))
	teacherOnly := filepath.Join(dir, "teacher-only.yaml")
	require.NoError(t, os.WriteFile(teacherOnly, []byte("actors:\n  teacher: tok-teacher\n"), 0o644))
	empty := filepath.Join(dir, "empty")
	require.NoError(t, os.Mkdir(empty, 0o755))
	ref := serveReference(t, reference.Options{Seed: 3})
	withStudent := "../../cassettes/coursework_get/a-student-of-the-course-reads-published-course-work.yaml"

	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"missing cassette", []string{filepath.Join(dir, "nowhere.yaml")}, []string{"nowhere.yaml", "no such file or directory"}},
		{"corrupt cassette", []string{corrupt}, []string{"corrupt.yaml is not a readable cassette"}},
		{"folder without cassettes", []string{empty}, []string{"holds no cassette"}},
		{"actor without a token", []string{"--target", ref.URL, "--profile", teacherOnly, withStudent}, []string{`actor "student"`, "which the profile has no token for", "actors:"}},
		{"target down", []string{"--target", closedPort(t), withStudent}, []string{"did not answer", "connection refused", "start it, or point --target"}},
		{"no cassette", nil, []string{"no cassette given"}},
		{"unknown format", []string{"--format", "html", withStudent}, []string{`unknown format "html"`}},
		{"bad volatile rule", []string{"--volatile", "etag=fuzzy", withStudent}, []string{`shape "fuzzy"`}},
		{"missing profile", []string{"--profile", filepath.Join(dir, "none.yaml"), withStudent}, []string{"read profile"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := verifyCLI(t, tt.args...)
			assert.Equal(t, 2, code, "stderr:\n%s", stderr)
			assert.Empty(t, stdout, "no report when nothing could be judged")
			for _, w := range tt.want {
				assert.Contains(t, stderr, w)
			}
			if !strings.Contains(strings.Join(tt.args, " "), "--format") && !strings.Contains(strings.Join(tt.args, " "), "--volatile") && tt.args != nil {
				assert.Equal(t, 1, strings.Count(strings.TrimSpace(stderr), "\n")+1, "one line, not:\n%s", stderr)
			}
		})
	}
}

// The target that differs exits 1 and names the interaction, the method and the field.
func TestVerifyDifferingTargetExits1(t *testing.T) {
	ref := serveReference(t, reference.Options{Seed: 5, Behaviour: reference.Behaviour{CourseWorkDefaultState: "PUBLISHED"}})
	code, stdout, stderr := verifyCLI(t, "--target", ref.URL, "../../cassettes/coursework_defaults_readonly/course-work-created-without-a-state-is-a-draft.yaml")
	require.Equal(t, 1, code, "stderr:\n%s", stderr)
	assert.Contains(t, stdout, "#3 classroom.courses.courseWork.create")
	assert.Contains(t, stdout, `$.state: recorded "DRAFT", target "PUBLISHED"`)
	assert.Contains(t, stdout, "coursework.default-state")
}

// recordThroughProxy records a small flow of a teacher and a student through the record/replay
// proxy in front of a reference, as an app's traffic is recorded, and returns the cassette.
// label names the caller of each request for the cassette (nil: unlabelled, as the proxy
// records without --profile).
func recordThroughProxy(t *testing.T, upstreamOpts reference.Options, label func(*http.Request) string, actors map[string]string) string {
	t.Helper()
	upstream := serveReference(t, upstreamOpts)
	file := filepath.Join(t.TempDir(), "app.yaml")
	c := cassette.New(file, cassette.Options{})
	u, err := url.Parse(upstream.URL)
	require.NoError(t, err)
	p := &proxy.Proxy{Mode: proxy.Record, Cassette: c, Upstream: u, Identity: label}
	require.NoError(t, p.Validate())
	front := httptest.NewServer(p)
	defer front.Close()

	send := func(actor, method, path, body string) map[string]any {
		req, err := http.NewRequest(method, front.URL+path, strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+actors[actor])
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		var m map[string]any
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&m))
		require.Equal(t, 200, resp.StatusCode, "%s %s: %v", method, path, m)
		return m
	}
	course := send("teacher", "POST", "/v1/courses", `{"name":"Recorded through the proxy","ownerId":"me"}`)
	id := course["id"].(string)
	send("teacher", "PATCH", "/v1/courses/"+id+"?updateMask=courseState", `{"courseState":"ACTIVE"}`)
	work := send("teacher", "POST", "/v1/courses/"+id+"/courseWork", `{"title":"Essay","workType":"ASSIGNMENT","state":"PUBLISHED"}`)
	if _, two := actors["student"]; two {
		send("student", "POST", "/v1/courses/"+id+"/students?enrollmentCode="+course["enrollmentCode"].(string), `{"userId":"me"}`)
		send("student", "GET", "/v1/courses/"+id+"/courseWork/"+work["id"].(string), "")
		send("student", "GET", "/v1/courses/"+id+"/courseWork/"+work["id"].(string)+"/studentSubmissions", "")
	}
	send("teacher", "GET", "/v1/courses/"+id+"/courseWork", "")
	require.NoError(t, c.Save(context.Background()))
	return file
}

func TestVerifyProxyRecordings(t *testing.T) {
	builtin := map[string]string{"teacher": "tok-teacher", "student": "tok-student"}
	t.Run("labelled with actor names, as proxy --profile records", func(t *testing.T) {
		names := map[string]string{"Bearer tok-teacher": "teacher", "Bearer tok-student": "student"}
		// The recorded server knows the same people under other user ids, emails and names, as
		// Google knows real accounts: verify binds those as it binds course ids.
		var others []reference.Identity
		for _, id := range reference.BuiltinIdentities() {
			id.UserID = "31415926535897" + id.UserID[len(id.UserID)-1:]
			id.Email = strings.ReplaceAll(id.Email, "school.example", "real-school.example")
			id.Name = "Real " + id.Name
			others = append(others, id)
		}
		file := recordThroughProxy(t, reference.Options{Identities: others}, func(r *http.Request) string { return names[r.Header.Get("Authorization")] }, builtin)
		data, err := os.ReadFile(file)
		require.NoError(t, err)
		assert.False(t, strings.Contains(string(data), "tok-teacher"), "the recording holds a token")
		assert.True(t, strings.Contains(string(data), `"userId": "314159265358972"`), "the recording lacks the other user ids")
		code, stdout, stderr := verifyCLI(t, file, "--seed", "9")
		require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
		assert.Contains(t, stdout, "classroom.courses.courseWork.studentSubmissions.list")
	})
	t.Run("unlabelled, one user, with --actor", func(t *testing.T) {
		file := recordThroughProxy(t, reference.Options{}, nil, map[string]string{"teacher": "tok-teacher"})
		code, _, stderr := verifyCLI(t, file)
		require.Equal(t, 2, code)
		assert.Contains(t, stderr, "no actor label: name its actor with --actor")
		code, stdout, stderr := verifyCLI(t, "--actor", "teacher", file)
		require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	})
	t.Run("labelled by token digest, as proxy --match-identity records", func(t *testing.T) {
		file := recordThroughProxy(t, reference.Options{}, proxy.TokenLabel, builtin)
		code, _, stderr := verifyCLI(t, file)
		require.Equal(t, 2, code)
		assert.Regexp(t, `actor "token-[0-9a-f]{12}", which the profile has no token for`, stderr)
	})
}

func TestVerifyUpdateRewritesDifferingCassettes(t *testing.T) {
	differs := "coursework_defaults_readonly/course-work-created-without-a-state-is-a-draft.yaml"
	agrees := "coursework_get/a-student-of-the-course-reads-published-course-work.yaml"
	dir := copyCassettes(t, differs, agrees)
	before, err := os.ReadFile(filepath.Join(dir, agrees))
	require.NoError(t, err)
	original, err := cassette.Load(t.Context(), filepath.Join(dir, differs), cassette.Options{})
	require.NoError(t, err)
	var labels []string
	for _, i := range original.Interactions() {
		labels = append(labels, i.Request.Headers.Get(cassette.ActorHeader))
	}
	ref := serveReference(t, reference.Options{Seed: 11, Behaviour: reference.Behaviour{CourseWorkDefaultState: "PUBLISHED"}})

	code, _, stderr := verifyCLI(t, "--target", ref.URL, "--update", dir)
	require.Equal(t, 1, code, stderr)
	assert.Contains(t, stderr, "updated "+filepath.Join(dir, differs))
	assert.NotContains(t, stderr, agrees)

	after, err := os.ReadFile(filepath.Join(dir, agrees))
	require.NoError(t, err)
	assert.Equal(t, string(before), string(after), "a cassette the target agrees with is left alone")

	updated := filepath.Join(dir, differs)
	c, err := cassette.Load(t.Context(), updated, cassette.Options{})
	require.NoError(t, err)
	data, err := os.ReadFile(updated)
	require.NoError(t, err)
	assert.Contains(t, string(data), `"state": "PUBLISHED"`)
	assert.NotContains(t, string(data), "tok-teacher", "redacted")
	require.Len(t, c.Interactions(), len(labels))
	for n, i := range c.Interactions() {
		assert.Equal(t, labels[n], i.Request.Headers.Get(cassette.ActorHeader), "actor labels kept")
		assert.True(t, strings.HasPrefix(i.Request.URL, ref.URL+"/v1/"), i.Request.URL)
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(updated), ".*.tmp"))
	assert.Empty(t, leftovers)

	// The refreshed recording is what the target does: it now verifies, against another seed.
	other := serveReference(t, reference.Options{Seed: 12, Behaviour: reference.Behaviour{CourseWorkDefaultState: "PUBLISHED"}})
	code, stdout, stderr := verifyCLI(t, "--target", other.URL, dir)
	assert.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
}

// upperCaseNames serves a reference that answers every course name in upper case: a value the
// client sent, which verify compares as sent unless a volatile rule says otherwise.
func upperCaseNames(t *testing.T) *httptest.Server {
	t.Helper()
	ref, err := reference.New(reference.Options{Seed: 4})
	require.NoError(t, err)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		ref.ServeHTTP(rec, r)
		var m map[string]any
		body := rec.Body.Bytes()
		if json.Unmarshal(body, &m) == nil {
			if name, ok := m["name"].(string); ok {
				m["name"] = strings.ToUpper(name)
				body, _ = json.Marshal(m)
			}
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Del("Content-Length")
		w.WriteHeader(rec.Code)
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestVerifyVolatileRulesByFlagAndByCassette(t *testing.T) {
	name := "coursework_get/the-teacher-reads-published-course-work.yaml"
	dir := copyCassettes(t, name)
	file := filepath.Join(dir, name)
	srv := upperCaseNames(t)

	code, stdout, _ := verifyCLI(t, "--target", srv.URL, file)
	require.Equal(t, 1, code)
	assert.Contains(t, stdout, "classroom.courses.create")
	assert.Contains(t, stdout, "$.name: recorded")

	code, stdout, stderr := verifyCLI(t, "--target", srv.URL, "--volatile", "name=any", file)
	assert.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)

	sidecar := strings.TrimSuffix(file, ".yaml") + ".volatile.yaml"
	require.NoError(t, os.WriteFile(sidecar, []byte("rules:\n  - field: name\n    shape: opaque\n    why: this server shouts\n"), 0o644))
	code, stdout, stderr = verifyCLI(t, "--target", srv.URL, dir)
	assert.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	assert.NotContains(t, stdout, "volatile.yaml", "a sidecar is not a cassette")
}
