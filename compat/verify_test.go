package compat

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
	classroom "google.golang.org/api/classroom/v1"
	"google.golang.org/api/option"
	vcr "gopkg.in/dnaeon/go-vcr.v3/cassette"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
	"github.com/classroom-conformance/classroom-conformance/proxy/cassette"
	"github.com/classroom-conformance/classroom-conformance/reference"
)

// The seeds of the two references: the one the flow is recorded against, and the one the
// recording is verified against, which hands out other ids, enrolment codes and page tokens.
const (
	recordSeed = 3
	verifySeed = 7
)

// TestOfficialClientRecordingVerifiesAgainstAnotherSeed is the proxy and verify working
// together as a user runs them: the official client's flow, as a teacher and a student with
// tokens of their own, is recorded through `proxy --profile` in front of a reference; the
// recording names the actors and holds no token; and `verify` finds that a reference started
// with another seed behaves as recorded. Sending the same requests literally to that reference
// fails, while sending them to a reference with the recording's seed does not: binding, not the
// ids happening to match, is what makes the recording pass.
func TestOfficialClientRecordingVerifiesAgainstAnotherSeed(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()

	// The upstream accepts tokens only the profile knows, unlike the ones verify sends later.
	tokens := map[string]string{"teacher": secretToken(t, "teacher"), "student": secretToken(t, "student")}
	var ids []reference.Identity
	for _, id := range reference.BuiltinIdentities() {
		if tok, ok := tokens[id.Actor]; ok {
			id.Token = tok
			ids = append(ids, id)
		}
	}
	ref, err := reference.New(reference.Options{Seed: recordSeed, Identities: ids})
	require.NoError(t, err)
	var forwarded atomic.Int64
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		forwarded.Add(1)
		ref.ServeHTTP(w, r)
	}))
	defer upstream.Close()

	profile := filepath.Join(dir, "profile.yaml")
	require.NoError(t, os.WriteFile(profile, fmt.Appendf(nil, "actors:\n  teacher: %s\n  student: %s\n", tokens["teacher"], tokens["student"]), 0o600))
	file := filepath.Join(dir, "cassettes", "official-client.yaml")

	// Record.
	p := startProxy(t, bin, "--mode", "record", "--profile", profile, "--cassette", file, "--upstream", upstream.URL)
	cl := map[string]*classroom.Service{}
	for actor, tok := range tokens {
		cl[actor] = officialClient(t, p.base, option.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok, TokenType: "Bearer"})))
	}
	cl[endpoint.Anonymous] = officialClient(t, p.base, option.WithoutAuthentication())
	twoActorFlow(t, cl)
	out := p.stop(t)
	n := forwarded.Load()
	assert.Contains(t, out, fmt.Sprintf("recorded %d interaction(s): saved %s (%d interactions)", n, file, n))

	// The recording says who called, never with what.
	raw, err := os.ReadFile(file)
	require.NoError(t, err)
	for actor, tok := range tokens {
		assert.NotContains(t, string(raw), tok, "the %s's token reached the cassette", actor)
	}
	rec, err := cassette.Load(t.Context(), file, cassette.Options{})
	require.NoError(t, err)
	require.EqualValues(t, n, rec.Len())
	callers := map[string]int{}
	for _, i := range rec.Interactions() {
		callers[i.Request.Headers.Get(cassette.ActorHeader)]++
	}
	assert.Equal(t, []string{endpoint.Anonymous, "student", "teacher"}, sortedKeys(callers), "actor labels in the cassette")
	code, lint := runBinary(t, bin, "cassettes", "lint", file)
	assert.Equal(t, 0, code, lint)
	assert.Contains(t, lint, "1 cassette file(s) checked, no credentials found")

	// Verify against a reference with another seed: every interaction agrees.
	code, report := runBinary(t, bin, "verify", "--seed", fmt.Sprint(verifySeed), file)
	require.Equal(t, 0, code, report)
	assert.Contains(t, report, fmt.Sprintf("ok   %s (%d interactions)", file, n))
	assert.Contains(t, report, fmt.Sprintf("1 passed, 0 failed, 0 skipped; %d of %d interactions agreed", n, n))
	assert.NotContains(t, report, "warning")

	// Not vacuously: the recording with one answer changed by hand differs, at that method.
	tampered := filepath.Join(dir, "cassettes", "tampered.yaml")
	changed := strings.Replace(string(raw), `"state":"RECLAIMED_BY_STUDENT"`, `"state":"TURNED_IN"`, 1)
	require.NotEqual(t, string(raw), changed, "the recording has no reclaimed submission")
	require.NoError(t, os.WriteFile(tampered, []byte(changed), 0o600))
	code, report = runBinary(t, bin, "verify", "--seed", fmt.Sprint(verifySeed), tampered)
	require.Equal(t, 1, code, report)
	assert.Contains(t, report, fmt.Sprintf("FAIL %s: 1 of %d interactions differ", tampered, n))
	assert.Contains(t, report, "classroom.courses.courseWork.studentSubmissions.get")
	assert.Contains(t, report, `recorded "TURNED_IN", target "RECLAIMED_BY_STUDENT"`)

	// The same requests sent literally: a reference with the recording's seed answers each
	// with the recorded status, one with the other seed does not.
	assert.Empty(t, literalReplay(t, rec.Interactions(), recordSeed), "literal replay against the recording's seed")
	differ := literalReplay(t, rec.Interactions(), verifySeed)
	assert.NotEmpty(t, differ, "literal replay against another seed answered every request as recorded: the recording does not depend on binding")
	t.Logf("%d interactions recorded and verified; literal replay against seed %d: %d answer another status, the first: %s", n, verifySeed, len(differ), strings.Join(differ[:min(1, len(differ))], ""))
}

// twoActorFlow is an assignment's life as a teacher and a student see it through the
// official client, with the errors each meets, and a call without credentials.
func twoActorFlow(t *testing.T, cl map[string]*classroom.Service) {
	t.Helper()
	ctx := t.Context()
	teacher, student := cl["teacher"], cl["student"]

	course, err := teacher.Courses.Create(&classroom.Course{Name: "Biology", Section: "Year 9", OwnerId: "me"}).Context(ctx).Do()
	require.NoError(t, err, "create course")
	require.NotEmpty(t, course.OwnerId)
	require.Equal(t, "PROVISIONED", course.CourseState)
	course, err = teacher.Courses.Patch(course.Id, &classroom.Course{CourseState: "ACTIVE"}).UpdateMask("courseState").Context(ctx).Do()
	require.NoError(t, err, "activate course")
	require.Equal(t, "ACTIVE", course.CourseState)
	enrolled, err := student.Courses.Students.Create(course.Id, &classroom.Student{UserId: "me"}).EnrollmentCode(course.EnrollmentCode).Context(ctx).Do()
	require.NoError(t, err, "enrol")
	_, err = teacher.Courses.Aliases.Create(course.Id, &classroom.CourseAlias{Alias: "p:bio-" + course.Id}).Context(ctx).Do()
	require.NoError(t, err, "alias")

	var work []*classroom.CourseWork
	for i := range 3 {
		cw, err := teacher.Courses.CourseWork.Create(course.Id, &classroom.CourseWork{
			Title: fmt.Sprintf("Field notes %d", i+1), WorkType: "ASSIGNMENT", State: "PUBLISHED", MaxPoints: 20,
		}).Context(ctx).Do()
		require.NoError(t, err, "create course work")
		work = append(work, cw)
	}
	var listed []string
	err = student.Courses.CourseWork.List("p:bio-"+course.Id).PageSize(2).Pages(ctx, func(r *classroom.ListCourseWorkResponse) error {
		for _, cw := range r.CourseWork {
			listed = append(listed, cw.Id)
		}
		return nil
	})
	require.NoError(t, err, "list course work")
	require.Len(t, listed, len(work))
	cw, err := student.Courses.CourseWork.Get(course.Id, work[0].Id).Context(ctx).Do()
	require.NoError(t, err, "get course work")
	require.Equal(t, work[0].Title, cw.Title)

	subs, err := student.Courses.CourseWork.StudentSubmissions.List(course.Id, cw.Id).UserId("me").Context(ctx).Do()
	require.NoError(t, err, "list submissions")
	require.Len(t, subs.StudentSubmissions, 1)
	sub := subs.StudentSubmissions[0]
	require.Equal(t, enrolled.UserId, sub.UserId)

	_, err = student.Courses.CourseWork.StudentSubmissions.Reclaim(course.Id, cw.Id, sub.Id, &classroom.ReclaimStudentSubmissionRequest{}).Context(ctx).Do()
	wantAPIError(t, err, 400, "FAILED_PRECONDITION", "")
	_, err = student.Courses.CourseWork.StudentSubmissions.TurnIn(course.Id, cw.Id, sub.Id, &classroom.TurnInStudentSubmissionRequest{}).Context(ctx).Do()
	require.NoError(t, err, "turn in")
	_, err = teacher.Courses.CourseWork.StudentSubmissions.Reclaim(course.Id, cw.Id, sub.Id, &classroom.ReclaimStudentSubmissionRequest{}).Context(ctx).Do()
	wantAPIError(t, err, 403, "PERMISSION_DENIED", "")
	_, err = student.Courses.CourseWork.StudentSubmissions.Reclaim("p:bio-"+course.Id, cw.Id, sub.Id, &classroom.ReclaimStudentSubmissionRequest{}).Context(ctx).Do()
	require.NoError(t, err, "reclaim")
	got, err := teacher.Courses.CourseWork.StudentSubmissions.Get(course.Id, cw.Id, sub.Id).Context(ctx).Do()
	require.NoError(t, err, "get submission")
	require.Equal(t, "RECLAIMED_BY_STUDENT", got.State)

	_, err = student.Courses.CourseWork.Create(course.Id, &classroom.CourseWork{Title: "Mine", WorkType: "ASSIGNMENT"}).Context(ctx).Do()
	wantAPIError(t, err, 403, "PERMISSION_DENIED", "")
	_, err = teacher.Courses.CourseWork.Create(course.Id, &classroom.CourseWork{Title: strings.Repeat("é", 3001), WorkType: "ASSIGNMENT"}).Context(ctx).Do()
	wantAPIError(t, err, 400, "INVALID_ARGUMENT", "")
	_, err = student.Courses.CourseWork.StudentSubmissions.Get(course.Id, "999999999999", sub.Id).Context(ctx).Do()
	wantAPIError(t, err, 404, "NOT_FOUND", "")
	courses, err := teacher.Courses.List().TeacherId("me").Context(ctx).Do()
	require.NoError(t, err, "list courses")
	require.Len(t, courses.Courses, 1)
	_, err = cl[endpoint.Anonymous].Courses.List().Context(ctx).Do()
	wantAPIError(t, err, 401, "UNAUTHENTICATED", "")
}

// literalReplay sends every recorded request as it was recorded (same path, query and body,
// with the built-in token of its actor) to a new reference with seed, as a record/replay tool
// would, and returns the interactions whose status differs from the recorded one.
func literalReplay(t *testing.T, recorded []*vcr.Interaction, seed int64) []string {
	t.Helper()
	ref, err := reference.New(reference.Options{Seed: seed})
	require.NoError(t, err)
	srv := httptest.NewServer(ref)
	defer srv.Close()
	tokens := map[string]string{}
	for _, id := range reference.BuiltinIdentities() {
		tokens[id.Actor] = id.Token
	}
	var differ []string
	for _, i := range recorded {
		parsed, err := url.Parse(i.Request.URL)
		require.NoError(t, err)
		u := parsed.RequestURI()
		req, err := http.NewRequestWithContext(t.Context(), i.Request.Method, srv.URL+u, strings.NewReader(i.Request.Body))
		require.NoError(t, err)
		if i.Request.Body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		if tok := tokens[i.Request.Headers.Get(cassette.ActorHeader)]; tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		resp, err := srv.Client().Do(req)
		require.NoError(t, err)
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != i.Response.Code {
			differ = append(differ, fmt.Sprintf("#%d %s %s: %d, recorded %d", i.ID, i.Request.Method, u, resp.StatusCode, i.Response.Code))
		}
	}
	return differ
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// officialClient is a Classroom service of the official client pointed at base.
func officialClient(t *testing.T, base string, auth option.ClientOption) *classroom.Service {
	t.Helper()
	svc, err := classroom.NewService(t.Context(), option.WithEndpoint(base+"/"), auth)
	require.NoError(t, err)
	return svc
}

// secretToken is a token no recording may hold: random, and not shaped like a Google
// credential, so that only labelling (not redaction by shape) can keep it out.
func secretToken(t *testing.T, actor string) string {
	t.Helper()
	b := make([]byte, 16)
	_, err := rand.Read(b)
	require.NoError(t, err)
	return actor + "-secret-" + hex.EncodeToString(b)
}

// buildBinary builds the command users run.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "classroom-conformance")
	cmd := exec.CommandContext(t.Context(), "go", "build", "-o", bin, "./cmd/classroom-conformance")
	cmd.Dir = ".."
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	return bin
}

// runBinary runs the command to its end and returns its exit code and its output.
func runBinary(t *testing.T, bin string, args ...string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if err != nil && cmd.ProcessState == nil {
		t.Fatalf("%s: %v", strings.Join(args, " "), err)
	}
	return cmd.ProcessState.ExitCode(), out.String()
}

// runningProxy is the proxy command running on a free loopback port.
type runningProxy struct {
	cmd    *exec.Cmd
	base   string
	output chan string
	stderr syncBuffer
}

// syncBuffer is a bytes.Buffer the process writes to while the test may read it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startProxy starts `classroom-conformance proxy` with args on 127.0.0.1 and waits until it
// says where it listens.
func startProxy(t *testing.T, bin string, args ...string) *runningProxy {
	t.Helper()
	p := &runningProxy{output: make(chan string, 1)}
	p.cmd = exec.Command(bin, append([]string{"proxy", "--addr", "127.0.0.1:0"}, args...)...)
	p.cmd.Stderr = &p.stderr
	stdout, err := p.cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, p.cmd.Start())
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			_ = p.cmd.Process.Kill()
			_ = p.cmd.Wait()
		}
	})
	listening := make(chan string, 1)
	go func() {
		var all strings.Builder
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			line := sc.Text()
			all.WriteString(line + "\n")
			if base, ok := strings.CutPrefix(line, "listening on "); ok {
				listening <- base
			}
		}
		close(listening)
		p.output <- all.String()
	}()
	select {
	case base, ok := <-listening:
		require.True(t, ok, "the proxy stopped before listening: %s", &p.stderr)
		p.base = base
	case <-time.After(30 * time.Second):
		t.Fatalf("the proxy did not say where it listens: %s", &p.stderr)
	}
	return p
}

// stop interrupts the proxy as Ctrl-C does, requires a clean exit, and returns its output.
func (p *runningProxy) stop(t *testing.T) string {
	t.Helper()
	require.NoError(t, p.cmd.Process.Signal(os.Interrupt))
	var out string
	select {
	case out = <-p.output:
	case <-time.After(30 * time.Second):
		t.Fatalf("the proxy did not stop on SIGINT: %s", &p.stderr)
	}
	err := p.cmd.Wait()
	require.NoError(t, err, "proxy: %s%s", out, &p.stderr)
	assert.Empty(t, p.stderr.String(), "the proxy logged")
	return out
}
