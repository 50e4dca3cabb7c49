package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestABadFaultPlanIsRefusedAtStart(t *testing.T) {
	plan := writeFile(t, t.TempDir(), "plan.yaml", "faults:\n  classroom.courses.get:\n    - status: 503\n  classroom.courses.fly:\n    - status: 503\n")
	for _, tt := range []struct {
		name string
		run  func(ctx context.Context, args []string, stdout, stderr io.Writer) int
		args []string
	}{
		{"serve", runServe, []string{"--addr", "127.0.0.1:0", "--faults", plan}},
		{"proxy", runProxy, []string{"--mode", "passthrough", "--upstream", "http://127.0.0.1:9", "--addr", "127.0.0.1:0", "--faults", plan}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var stderr syncBuffer
			code := tt.run(context.Background(), tt.args, io.Discard, &stderr)
			assert.Equal(t, 2, code)
			assert.Contains(t, stderr.String(), plan+`: line 4: unknown method id "classroom.courses.fly"`)
		})
	}
}

// startServe runs serve until the returned stop is called and returns its URL.
func startServe(t *testing.T, args ...string) (base string, stop func() (int, string, string)) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr := &syncBuffer{}, &syncBuffer{}
	done := make(chan int, 1)
	go func() { done <- runServe(ctx, append(args, "--addr", "127.0.0.1:0"), stdout, stderr) }()
	const prefix = "Classroom API v1 reference emulator listening on "
	deadline := time.Now().Add(10 * time.Second)
	for {
		for _, line := range strings.Split(stdout.String(), "\n") {
			if url, ok := strings.CutPrefix(line, prefix); ok {
				return url, func() (int, string, string) { cancel(); return <-done, stdout.String(), stderr.String() }
			}
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited %d: %s", code, stderr.String())
		default:
		}
		require.True(t, time.Now().Before(deadline), "serve did not print its address")
		time.Sleep(5 * time.Millisecond)
	}
}

func TestServeWithFaultsAndValidation(t *testing.T) {
	plan := writeFile(t, t.TempDir(), "plan.yaml", "faults:\n  classroom.courses.list:\n    - status: 503\n")
	base, stop := startServe(t, "--faults", plan, "--validate")
	status, body := get(t, base+"/v1/courses", "tok-teacher")
	assert.Equal(t, 503, status)
	assert.Contains(t, body, `"status":"UNAVAILABLE"`)
	status, _ = get(t, base+"/v1/courses", "tok-teacher")
	assert.Equal(t, 200, status)
	status, body = get(t, base+"/_faults", "")
	assert.Equal(t, 200, status)
	assert.Contains(t, body, `"allFired": true`)
	code, stdout, stderr := stop()
	assert.Equal(t, 0, code)
	assert.Contains(t, stdout, "validate: no findings against the discovery document")
	assert.NotContains(t, stderr, "validate:")
}

// TestProxyFaultsAndValidationInReplay records an upstream whose answer has a field Classroom
// does not, then replays it through a fault plan with validation on.
func TestProxyFaultsAndValidationInReplay(t *testing.T) {
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":"1","name":"Maths","colour":"red"}`)
	}))
	defer upstream.Close()
	cassettePath := filepath.Join(t.TempDir(), "c.yaml")
	base, stop := startProxy(t, "--mode", "record", "--upstream", upstream.URL, "--cassette", cassettePath)
	get(t, base+"/v1/courses/1", "tok")
	code, _ := stop()
	require.Equal(t, 0, code)

	plan := writeFile(t, t.TempDir(), "plan.yaml", "faults:\n  classroom.courses.get:\n    - status: 429\n")
	stderr := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	stdout := &syncBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- runProxy(ctx, []string{"--mode", "replay", "--cassette", cassettePath, "--faults", plan, "--validate", "--addr", "127.0.0.1:0"}, stdout, stderr)
	}()
	require.Eventually(t, func() bool { return strings.Contains(stdout.String(), "listening on ") }, 10*time.Second, 5*time.Millisecond)
	base = strings.TrimSpace(strings.SplitN(strings.SplitN(stdout.String(), "listening on ", 2)[1], "\n", 2)[0])
	status, body := get(t, base+"/v1/courses/1", "tok")
	assert.Equal(t, 429, status)
	assert.Contains(t, body, "RESOURCE_EXHAUSTED")
	status, _ = get(t, base+"/v1/courses/1", "tok")
	assert.Equal(t, 200, status, "replayed after the fault")
	cancel()
	assert.Equal(t, 0, <-done)
	assert.Contains(t, stderr.String(), "validate: classroom.courses.get response $.colour: unknown field of Course")
	assert.Contains(t, stdout.String(), "validate: 1 finding(s) against the discovery document")
}

func TestCassettesValidate(t *testing.T) {
	run := func(args ...string) (int, string, string) {
		var stdout, stderr strings.Builder
		code := runCassettes(context.Background(), append([]string{"validate"}, args...), &stdout, &stderr)
		return code, stdout.String(), stderr.String()
	}
	t.Run("the shipped cassettes validate clean", func(t *testing.T) {
		code, out, errOut := run(filepath.Join("..", "..", "cassettes"))
		assert.Equal(t, 0, code, "%s%s", out, errOut)
		assert.Contains(t, out, "no findings; ")
	})
	t.Run("a broken cassette", func(t *testing.T) {
		src, err := os.ReadFile(filepath.Join("..", "..", "cassettes", "coursework_get", "the-teacher-reads-published-course-work.yaml"))
		require.NoError(t, err)
		broken := strings.Replace(string(src), `"workType": "ASSIGNMENT"`, `"workType": "ESSAY"`, 1)
		require.NotEqual(t, string(src), broken)
		path := writeFile(t, t.TempDir(), "broken.yaml", broken)
		code, out, _ := run(path)
		assert.Equal(t, 1, code)
		assert.Regexp(t, `broken.yaml: interaction \d+: classroom.courses.courseWork.\w+ response \$.workType: "ESSAY" is not one of`, out)
	})
	t.Run("unreadable input", func(t *testing.T) {
		code, _, errOut := run(filepath.Join(t.TempDir(), "missing.yaml"))
		assert.Equal(t, 2, code)
		assert.Contains(t, errOut, "missing.yaml")
		code, _, errOut = run(writeFile(t, t.TempDir(), "corrupt.yaml", "interactions: [\n"))
		assert.Equal(t, 2, code)
		assert.Contains(t, errOut, "corrupt.yaml")
		code, _, _ = run()
		assert.Equal(t, 2, code)
	})
}
