package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os/exec"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/reference"
)

// started is a long-running command (serve, proxy) of the built binary.
type started struct {
	cmd    *exec.Cmd
	url    string // the base URL it printed
	stderr *lockedBuffer
	done   chan error
}

// start runs the built command with args and waits for the line of its standard output that
// starts with prefix and ends with its URL. The command is stopped with SIGINT at the end of
// the test.
func start(t *testing.T, prefix string, args ...string) *started {
	t.Helper()
	s := &started{cmd: binaryCommand(args...), stderr: &lockedBuffer{}, done: make(chan error, 1)}
	s.cmd.Stderr = s.stderr
	out, err := s.cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, s.cmd.Start())
	lines := bufio.NewScanner(out)
	found := make(chan string, 1)
	go func() {
		for lines.Scan() {
			if rest, ok := strings.CutPrefix(lines.Text(), prefix); ok {
				found <- strings.TrimSpace(rest)
				break
			}
		}
		io.Copy(io.Discard, out)
		s.done <- s.cmd.Wait()
	}()
	t.Cleanup(func() { s.stop(t) })
	select {
	case s.url = <-found:
	case err := <-s.done:
		s.done <- err
		t.Fatalf("%v exited: %v\n%s", args, err, s.stderr.String())
	case <-time.After(20 * time.Second):
		t.Fatalf("%v printed no %q line\n%s", args, prefix, s.stderr.String())
	}
	return s
}

// stop interrupts the command and returns its exit code.
func (s *started) stop(t *testing.T) int {
	if s.cmd.ProcessState != nil {
		return s.cmd.ProcessState.ExitCode()
	}
	s.cmd.Process.Signal(syscall.SIGINT)
	select {
	case err := <-s.done:
		s.done <- err
		return exitCode(t, err)
	case <-time.After(20 * time.Second):
		s.cmd.Process.Kill()
		t.Errorf("the command did not stop on SIGINT")
		return -1
	}
}

const serveListening = "Classroom API v1 reference emulator listening on "

// TestServeDoesNotHangOnAShortBody: a request that declares 100 bytes of body and sends 8 is
// answered (or its connection closed) once the read timeout passes; it does not hold the
// connection open.
func TestServeDoesNotHangOnAShortBody(t *testing.T) {
	srv := start(t, serveListening, "serve", "--addr", "127.0.0.1:0", "--read-timeout", "500ms")
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.url, "http://"))
	require.NoError(t, err)
	defer conn.Close()
	_, err = io.WriteString(conn, "POST /v1/courses HTTP/1.1\r\nHost: classroom\r\nAuthorization: Bearer tok-teacher\r\n"+
		"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"a\":1}\n")
	require.NoError(t, err)
	began := time.Now()
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(10*time.Second)))
	answer, err := io.ReadAll(conn)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatalf("no answer and no close after %v", time.Since(began))
	}
	assert.Less(t, time.Since(began), 5*time.Second)
	if len(answer) > 0 {
		assert.True(t, bytes.HasPrefix(answer, []byte("HTTP/1.1 400")), "%s", answer)
	}
}

// TestServeAndProxyAnswerATooLargeBodyAlike: a 50 MB body gets Google's 413 envelope from serve
// as from the proxy in front of it, and --max-body moves serve's limit.
func TestServeAndProxyAnswerATooLargeBodyAlike(t *testing.T) {
	srv := start(t, serveListening, "serve", "--addr", "127.0.0.1:0")
	px := start(t, "listening on ", "proxy", "--mode", "passthrough", "--upstream", srv.url, "--addr", "127.0.0.1:0")
	body := bytes.Repeat([]byte("a"), 50<<20)
	want := `{"error":{"code":413,"message":"Request payload size exceeds the limit: 10485760 bytes.","status":"INVALID_ARGUMENT"}}`
	for name, base := range map[string]string{"serve": srv.url, "proxy": px.url} {
		t.Run(name, func(t *testing.T) {
			code, got := post(t, base+"/v1/courses", body)
			assert.Equal(t, http.StatusRequestEntityTooLarge, code)
			assert.JSONEq(t, want, got)
		})
	}
	t.Run("--max-body", func(t *testing.T) {
		small := start(t, serveListening, "serve", "--addr", "127.0.0.1:0", "--max-body", "1KiB")
		code, got := post(t, small.url+"/v1/courses", append([]byte(`{"name":"`), bytes.Repeat([]byte("a"), 2048)...))
		assert.Equal(t, http.StatusRequestEntityTooLarge, code)
		assert.JSONEq(t, `{"error":{"code":413,"message":"Request payload size exceeds the limit: 1024 bytes.","status":"INVALID_ARGUMENT"}}`, got)
		code, _ = post(t, small.url+"/v1/courses", []byte(`{"name":"Small","ownerId":"me"}`))
		assert.Equal(t, http.StatusOK, code)
	})
}

func post(t *testing.T, url string, body []byte) (int, string) {
	t.Helper()
	req, err := http.NewRequest("POST", url, bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer tok-teacher")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

// TestServeWarnsOffLoopback: like the proxy, serve says when other machines can reach it.
func TestServeWarnsOffLoopback(t *testing.T) {
	srv := start(t, serveListening, "serve", "--addr", "0.0.0.0:0")
	assert.Eventually(t, func() bool {
		return strings.Contains(srv.stderr.String(), "warning: listening on ") && strings.Contains(srv.stderr.String(), "reachable from other machines")
	}, 5*time.Second, 20*time.Millisecond, srv.stderr.String())
	assert.Equal(t, 0, srv.stop(t))

	local := start(t, serveListening, "serve", "--addr", "127.0.0.1:0")
	assert.Equal(t, 0, local.stop(t))
	assert.NotContains(t, local.stderr.String(), "warning")
}

// TestServeHelpDocumentsIdentities: serve -h gives the identities file's format, every field of
// it, and an example serve accepts.
func TestServeHelpDocumentsIdentities(t *testing.T) {
	r := cli(t, "serve", "-h")
	assert.Equal(t, 0, r.code, r)
	typ := reflect.TypeOf(reference.Identity{})
	for i := 0; i < typ.NumField(); i++ {
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		assert.Contains(t, r.stderr, `"`+name+`":`, "the example lacks %s", name)
		assert.Regexp(t, `\n  `+name+` +\S`, r.stderr, "the field %s is not described", name)
	}
	from := strings.Index(r.stderr, "  [\n")
	to := strings.Index(r.stderr, "  ]\n")
	require.True(t, from >= 0 && to > from, r.stderr)
	example := r.stderr[from : to+4]
	var ids []reference.Identity
	require.NoError(t, json.Unmarshal([]byte(example), &ids))
	file := writeFile(t, t.TempDir(), "ids.json", example)
	srv := start(t, serveListening, "serve", "--addr", "127.0.0.1:0", "--identities", file)
	code, _ := post(t, srv.url+"/v1/courses", []byte(`{"name":"N","ownerId":"me"}`))
	assert.Equal(t, http.StatusOK, code, "the example's teacher creates a course")
}

// TestServeErrorsNameFlags: a bad value is reported with the flag that carried it, and the
// choices of the rules catalogue, never a Go field.
func TestServeErrorsNameFlags(t *testing.T) {
	r := cli(t, "serve", "--expect", "coursework.default-state=OPEN", "--addr", "127.0.0.1:0")
	assert.Equal(t, 2, r.code, r)
	assert.Equal(t, "classroom-conformance serve: invalid value \"coursework.default-state=OPEN\" for flag -expect: ambiguity coursework.default-state: unknown choice \"OPEN\" (choices: DRAFT, PUBLISHED) (see 'classroom-conformance serve -h')\n", r.stderr)
	assert.NotContains(t, r.stderr, "CourseWorkDefaultState")
}

// TestServeExpect: --expect switches the emulator to another choice of the catalogue, which
// -h lists with every ambiguity.
func TestServeExpect(t *testing.T) {
	help := cli(t, "serve", "-h")
	assert.Regexp(t, `\n  coursework\.default-state +DRAFT \(default\), PUBLISHED\n`, help.stderr)

	state := func(args ...string) string {
		srv := start(t, serveListening, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
		code, body := post(t, srv.url+"/v1/courses", []byte(`{"name":"N","ownerId":"me"}`))
		require.Equal(t, http.StatusOK, code, body)
		var course struct{ ID string }
		require.NoError(t, json.Unmarshal([]byte(body), &course))
		code, body = post(t, srv.url+"/v1/courses/"+course.ID+"/courseWork", []byte(`{"title":"T","workType":"ASSIGNMENT"}`))
		require.Equal(t, http.StatusOK, code, body)
		var work struct{ State string }
		require.NoError(t, json.Unmarshal([]byte(body), &work))
		return work.State
	}
	assert.Equal(t, "DRAFT", state())
	assert.Equal(t, "PUBLISHED", state("--expect", "coursework.default-state=PUBLISHED"))
}
