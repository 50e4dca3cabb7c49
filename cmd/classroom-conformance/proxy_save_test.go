package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestProxyRecordingThatCannotBeSavedExits2: a recording the proxy cannot save is its own
// problem, exit 2 naming the file, not a finding about the traffic (exit 1).
func TestProxyRecordingThatCannotBeSavedExits2(t *testing.T) {
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"courses":[]}`))
	}))
	defer upstream.Close()
	dir := filepath.Join(t.TempDir(), "cassettes")
	require.NoError(t, os.Mkdir(dir, 0o755))
	path := filepath.Join(dir, "c.yaml")
	cmd := binaryCommand("proxy", "--mode", "record", "--upstream", upstream.URL, "--cassette", path, "--addr", "127.0.0.1:0")
	var stdout, stderr lockedBuffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Start())
	var base string
	for deadline := time.Now().Add(10 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if m := regexp.MustCompile(`listening on (\S+)`).FindStringSubmatch(stdout.String()); m != nil {
			base = m[1]
		}
	}
	require.NotEmpty(t, base, "the proxy did not say where it listens: %s %s", stdout.String(), stderr.String())
	code, _ := get(t, base+"/v1/courses", "tok-teacher")
	require.Equal(t, http.StatusOK, code)

	// The folder is gone, and a file stands in its place: the cassette cannot be written.
	require.NoError(t, os.RemoveAll(dir))
	require.NoError(t, os.WriteFile(dir, nil, 0o644))
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	err := cmd.Wait()
	assert.Equal(t, 2, exitCode(t, err), "stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
	assert.Contains(t, stderr.String(), "classroom-conformance proxy: save cassette "+path)
}
