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
	if err != nil {
		t.Fatal(err)
	}
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

	base, stop := startProxy(t, "--mode", "record", "--upstream", upstream.URL, "--cassette", path)
	_, one := get(t, base+"/v1/courses/1", "ya29.a0AfB_cli-token-0123456789")
	get(t, base+"/v1/courses/2", "ya29.a0AfB_cli-token-0123456789")
	code, out := stop()
	if code != 0 || !strings.Contains(out, "saved "+path+" (2 interactions)") {
		t.Fatalf("record: exit %d\n%s", code, out)
	}
	data, _ := os.ReadFile(path)
	if strings.Contains(string(data), "ya29.") {
		t.Error("the token reached the cassette")
	}
	var lint strings.Builder
	if code := runCassettes(context.Background(), []string{"lint", filepath.Dir(path)}, &lint, io.Discard); code != 0 {
		t.Errorf("lint: exit %d: %s", code, lint.String())
	}

	upstream.Close()
	base, stop = startProxy(t, "--mode", "replay", "--cassette", path, "--fail-unused")
	if status, got := get(t, base+"/v1/courses/1?alt=json", "any"); status != 200 || got != one {
		t.Errorf("replay: %d %s, recorded %s", status, got, one)
	}
	if status, got := get(t, base+"/v1/courses/3", "any"); status != 501 || !strings.Contains(got, "the closest is") {
		t.Errorf("miss: %d %s", status, got)
	}
	code, out = stop()
	if code != 1 || !strings.Contains(out, "1 recorded interaction(s) never replayed:") || !strings.Contains(out, "#1 GET") {
		t.Errorf("--fail-unused: exit %d\n%s", code, out)
	}

	base, stop = startProxy(t, "--mode", "replay", "--cassette", path)
	get(t, base+"/v1/courses/1", "any")
	get(t, base+"/v1/courses/2", "any")
	if code, out := stop(); code != 0 || !strings.Contains(out, "every recorded interaction was replayed") {
		t.Errorf("full replay: exit %d\n%s", code, out)
	}
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
