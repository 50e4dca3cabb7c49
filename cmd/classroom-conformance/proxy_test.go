package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestProxyBadUsage(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no mode", []string{"--cassette", "c.yaml"}, "--mode is required"},
		{"unknown mode", []string{"--mode", "rewind"}, `unknown mode "rewind"`},
		{"record without upstream", []string{"--mode", "record", "--cassette", "c.yaml"}, "--upstream is required in record mode"},
		{"replay without cassette", []string{"--mode", "replay"}, "--cassette is required in replay mode"},
		{"upstream with credentials", []string{"--mode", "passthrough", "--upstream", "https://u:p@example.invalid/"}, "must not carry credentials"},
		{"upstream without scheme", []string{"--mode", "passthrough", "--upstream", "classroom.googleapis.com"}, "scheme must be http or https"},
		{"bad size", []string{"--mode", "passthrough", "--upstream", "http://127.0.0.1:1", "--max-body", "ten"}, "not a positive size"},
		{"bad redaction", []string{"--mode", "passthrough", "--upstream", "http://127.0.0.1:1", "--redact-json", "a..b"}, "empty segment"},
		{"fail-unused while recording", []string{"--mode", "record", "--upstream", "http://127.0.0.1:1", "--cassette", "c.yaml", "--fail-unused"}, "replay modes only"},
		{"overwrite while replaying", []string{"--mode", "replay", "--cassette", "c.yaml", "--overwrite"}, "record mode only"},
		{"missing cassette", []string{"--mode", "replay", "--cassette", filepath.Join(dir, "none.yaml")}, "no such file"},
		{"stray argument", []string{"--mode", "replay", "--cassette", "c.yaml", "extra"}, `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr strings.Builder
			code := runProxy(context.Background(), tt.args, &stdout, &stderr)
			if code != 2 || !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and %q", code, stderr.String(), tt.want)
			}
		})
	}
}

// syncBuffer is an io.Writer safe for the proxy's goroutines and the test's reads.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startProxy runs the proxy command until the returned stop is called (as SIGINT would cancel
// its context) and returns its URL, taken from what it prints.
func startProxy(t *testing.T, args ...string) (base string, stop func() (int, string)) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr := &syncBuffer{}, &syncBuffer{}
	done := make(chan int, 1)
	go func() { done <- runProxy(ctx, append(args, "--addr", "127.0.0.1:0"), stdout, stderr) }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		sc := bufio.NewScanner(strings.NewReader(stdout.String()))
		for sc.Scan() {
			if url, ok := strings.CutPrefix(sc.Text(), "listening on "); ok {
				return url, func() (int, string) { cancel(); return <-done, stdout.String() }
			}
		}
		select {
		case code := <-done:
			t.Fatalf("proxy exited %d: %s", code, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("proxy did not print its address: %s %s", stdout.String(), stderr.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func get(t *testing.T, url, token string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(data)
}

func TestProxyRecordThenReplay(t *testing.T) {
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]string{"id": strings.TrimPrefix(r.URL.Path, "/v1/courses/"), "name": "Maths"})
	}))
	defer upstream.Close()
	path := filepath.Join(t.TempDir(), "cassettes", "c.yaml")

	// Recording nothing says so, and writes nothing.
	_, stop := startProxy(t, "--mode", "record", "--upstream", upstream.URL, "--cassette", path)
	code, out := stop()
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "recorded nothing: "+path+" left as it was")
	assert.NoFileExists(t, path)

	base, stop := startProxy(t, "--mode", "record", "--upstream", upstream.URL, "--cassette", path)
	_, one := get(t, base+"/v1/courses/1", "ya29.a0AfB_cli-token-0123456789")
	get(t, base+"/v1/courses/2", "ya29.a0AfB_cli-token-0123456789")
	code, out = stop()
	require.Equal(t, 0, code, out)
	assert.Contains(t, out, "recorded 2 interaction(s): saved "+path+" (2 interactions)")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.NotContains(t, string(data), "ya29.", "the token reached the cassette")
	var lint strings.Builder
	assert.Equal(t, 0, runCassettes(context.Background(), []string{"lint", filepath.Dir(path)}, &lint, io.Discard), lint.String())

	// Recording over it is refused without --overwrite.
	var stderr strings.Builder
	code = runProxy(context.Background(), []string{"--mode", "record", "--upstream", upstream.URL, "--cassette", path, "--addr", "127.0.0.1:0"}, io.Discard, &stderr)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr.String(), path+" holds 2 interactions: a recording would replace them; add --overwrite")
	after, _ := os.ReadFile(path)
	assert.Equal(t, string(data), string(after))

	upstream.Close()
	base, stop = startProxy(t, "--mode", "replay", "--cassette", path, "--fail-unused")
	status, got := get(t, base+"/v1/courses/1?alt=json", "any")
	assert.Equal(t, 200, status)
	assert.Equal(t, one, got)
	code, out = stop()
	assert.Equal(t, 1, code, "--fail-unused with an unused interaction")
	assert.Contains(t, out, "replayed 1 request(s), 0 miss(es), 1 recorded interaction(s) unused")
	assert.Contains(t, out, "unused: #1 GET")

	// Any miss fails the replay, with or without --fail-unused.
	base, stop = startProxy(t, "--mode", "replay", "--cassette", path)
	get(t, base+"/v1/courses/1", "any")
	get(t, base+"/v1/courses/2", "any")
	for i := 0; i < 4; i++ {
		status, got = get(t, base+"/v1/courses/3", "any")
		assert.Equal(t, 501, status)
		assert.Contains(t, got, "the closest is")
	}
	code, out = stop()
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "replayed 2 request(s), 4 miss(es), 0 recorded interaction(s) unused")
	assert.NotContains(t, out, "every recorded interaction")

	base, stop = startProxy(t, "--mode", "replay", "--cassette", path)
	get(t, base+"/v1/courses/1", "any")
	get(t, base+"/v1/courses/2", "any")
	code, out = stop()
	assert.Equal(t, 0, code, out)
	assert.Contains(t, out, "replayed 2 request(s), 0 miss(es), 0 recorded interaction(s) unused")

	// --repeat-last answers a request again once its recorded answers are used.
	base, stop = startProxy(t, "--mode", "replay", "--cassette", path, "--repeat-last")
	for i := 0; i < 3; i++ {
		status, got = get(t, base+"/v1/courses/1", "any")
		assert.Equal(t, 200, status)
		assert.Equal(t, one, got)
	}
	code, out = stop()
	assert.Equal(t, 0, code, out)
}

// A cassette cut before the status code of its last interaction (as a crash mid-write leaves
// it) is refused with the file and line, never replayed as a made-up 200.
func TestProxyRefusesATruncatedCassette(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.yaml")
	doc := "---\nversion: 2\ninteractions:\n    - id: 0\n      request:\n        url: http://x/v1/courses/1\n        method: GET\n      response:\n        body: '{}'\n        status: 200 OK\n        code: 200\n" +
		"    - id: 1\n      request:\n        url: http://x/v1/courses/2\n        method: GET\n      response:\n        body: '{}'\n        status: 200 OK\n"
	require.NoError(t, os.WriteFile(path, []byte(doc), 0o644))
	var stderr strings.Builder
	code := runProxy(context.Background(), []string{"--mode", "replay", "--cassette", path}, io.Discard, &stderr)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr.String(), "load cassette "+path+":12: interaction 1: response without a status code")

	require.NoError(t, os.WriteFile(path, []byte("---\nversion: 3\ninteractions: []\n"), 0o644))
	stderr.Reset()
	assert.Equal(t, 2, runProxy(context.Background(), []string{"--mode", "replay", "--cassette", path}, io.Discard, &stderr))
	assert.Contains(t, stderr.String(), path+":2: version 3: unsupported cassette format version")
}

func TestCassettesLint(t *testing.T) {
	dir := t.TempDir()
	clean := "---\nversion: 2\ninteractions: []\n"
	leaky := "---\nversion: 2\ninteractions:\n    - id: 0\n      request:\n        url: https://x/?access_token=ya29.a0AfB_leaked-token-0123\n"
	os.WriteFile(filepath.Join(dir, "clean.yaml"), []byte(clean), 0o644)
	var out, errOut strings.Builder
	if code := runCassettes(context.Background(), []string{"lint", dir}, &out, &errOut); code != 0 {
		t.Fatalf("clean: exit %d: %s%s", code, out.String(), errOut.String())
	}
	os.WriteFile(filepath.Join(dir, "leaky.yaml"), []byte(leaky), 0o644)
	out.Reset()
	code := runCassettes(context.Background(), []string{"lint", dir}, &out, &errOut)
	if code != 1 || !strings.Contains(out.String(), "leaky.yaml:6: google-access-token") || strings.Contains(out.String(), "leaked-token") {
		t.Errorf("leaky: exit %d:\n%s", code, out.String())
	}
	for _, args := range [][]string{nil, {"lint"}, {"polish", dir}, {"lint", filepath.Join(dir, "missing")}} {
		if code := runCassettes(context.Background(), args, io.Discard, io.Discard); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// With --profile, callers are labelled by the profile's actor names, so a recording made with
// one set of tokens replays with another; a caller the profile does not name keeps its digest.
func TestProxyProfileLabelsCallersByActor(t *testing.T) {
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		who := "someone"
		for _, name := range []string{"teacher", "student"} {
			if strings.Contains(r.Header.Get("Authorization"), name) {
				who = name
			}
		}
		json.NewEncoder(w).Encode(map[string]string{"caller": who})
	}))
	defer upstream.Close()
	dir := t.TempDir()
	writeProfile := func(name, teacher, student string) string {
		p := filepath.Join(dir, name)
		doc := "target: " + upstream.URL + "\nactors:\n  teacher: " + teacher + "\n  student: " + student + "\n"
		require.NoError(t, os.WriteFile(p, []byte(doc), 0o644))
		return p
	}
	recording := writeProfile("recording.yaml", "ya29.teacher-token-0123456789", "ya29.student-token-0123456789")
	path := filepath.Join(dir, "c.yaml")

	// The upstream comes from the profile.
	base, stop := startProxy(t, "--mode", "record", "--cassette", path, "--profile", recording)
	_, teacher := get(t, base+"/v1/courses/1", "ya29.teacher-token-0123456789")
	_, student := get(t, base+"/v1/courses/1", "ya29.student-token-0123456789")
	get(t, base+"/v1/courses/1", "someone-else")
	code, out := stop()
	require.Equal(t, 0, code, out)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	cassetteText := string(data)
	for _, want := range []string{"- teacher", "- student", "- token-"} {
		assert.Contains(t, cassetteText, want)
	}
	for _, secret := range []string{"teacher-token", "student-token", "someone-else"} {
		assert.NotContains(t, cassetteText, secret)
	}

	upstream.Close()
	replaying := writeProfile("replaying.yaml", "other-teacher", "other-student")
	base, stop = startProxy(t, "--mode", "replay", "--cassette", path, "--profile", replaying, "--fail-unused")
	_, got := get(t, base+"/v1/courses/1", "other-student")
	assert.Equal(t, student, got)
	_, got = get(t, base+"/v1/courses/1", "other-teacher")
	assert.Equal(t, teacher, got)
	status, _ := get(t, base+"/v1/courses/1", "nobody")
	assert.Equal(t, 501, status, "a caller neither the profile nor the recording names")
	code, out = stop()
	assert.Equal(t, 1, code, out)
	assert.Contains(t, out, "1 miss(es), 1 recorded interaction(s) unused")
}

// A session that records nothing says so, and says when it rewrote a cassette that held a
// credential (one another tool recorded).
func TestProxyReplayOrRecordRewritesCredentials(t *testing.T) {
	upstream := httptest.NewServer(http.NotFoundHandler())
	defer upstream.Close()
	path := filepath.Join(t.TempDir(), "c.yaml")
	doc := "---\nversion: 2\ninteractions:\n    - id: 0\n      request:\n        headers:\n            Authorization:\n                - Bearer ya29.a0AfB_recorded-elsewhere-0123456789\n        url: http://x/v1/courses/1\n        method: GET\n      response:\n        body: '{}'\n        status: 200 OK\n        code: 200\n"
	require.NoError(t, os.WriteFile(path, []byte(doc), 0o644))
	_, stop := startProxy(t, "--mode", "replay-or-record", "--upstream", upstream.URL, "--cassette", path)
	code, out := stop()
	assert.Equal(t, 0, code, out)
	assert.Contains(t, out, "recorded nothing; rewrote "+path+" without the credentials it held (1 interactions)")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.NotContains(t, string(data), "ya29.")
}
