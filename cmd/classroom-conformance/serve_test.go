package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"time"
)

// TestServe starts the emulator as a user would, talks to it over loopback with a token it
// printed, and stops it with a cancellation, as SIGINT does.
func TestServe(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	exit := make(chan int, 1)
	go func() {
		exit <- runServe(ctx, []string{"--addr", "127.0.0.1:0"}, pw, io.Discard)
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	var base, token string
	for lines.Scan() {
		line := lines.Text()
		if strings.HasPrefix(line, "Classroom API v1 reference emulator listening on ") {
			base = strings.TrimPrefix(line, "Classroom API v1 reference emulator listening on ")
		}
		if f := strings.Fields(line); len(f) > 1 && f[0] == "teacher" {
			token = f[1]
			break
		}
	}
	go io.Copy(io.Discard, pr)
	if base == "" || token == "" {
		t.Fatalf("serve did not print its URL and the teacher's token (base %q, token %q)", base, token)
	}
	req, _ := http.NewRequest("POST", base+"/v1/courses", strings.NewReader(`{"name":"N","ownerId":"me"}`))
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("create course: %d", resp.StatusCode)
	}
	cancel()
	select {
	case code := <-exit:
		if code != 0 {
			t.Fatalf("exit code %d after shutdown", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
}

func TestServeBadUsage(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "ids.json")
	require.NoError(t, os.WriteFile(bad, []byte(`[{"actor":"x","token":"t","userId":"abc","email":"x@y","project":"1"}]`), 0o600))
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown flag", []string{"--nope"}, "flag provided but not defined"},
		{"bad choice", []string{"--expect", "coursework.default-state=OPEN", "--addr", "127.0.0.1:0"}, `for flag -expect: ambiguity coursework.default-state: unknown choice "OPEN" (choices: DRAFT, PUBLISHED)`},
		{"unknown ambiguity", []string{"--expect", "coursework.colour=RED"}, `for flag -expect: unknown ambiguity "coursework.colour"`},
		{"no read timeout", []string{"--read-timeout", "0s"}, "--read-timeout 0s: must be positive"},
		{"bad size", []string{"--max-body", "lots"}, "not a positive size"},
		{"missing identities file", []string{"--identities", filepath.Join(dir, "none.json")}, "no such file"},
		{"invalid identities", []string{"--identities", bad}, "numeric"},
		{"stray argument", []string{"extra"}, "unexpected argument"},
		{"bad address", []string{"--addr", "nowhere"}, "--addr nowhere: listen tcp"},
		{"missing fault plan", []string{"--faults", filepath.Join(dir, "none.yaml"), "--addr", "127.0.0.1:0"}, "--faults: open"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr strings.Builder
			if code := runServe(context.Background(), tt.args, io.Discard, &stderr); code != 2 {
				t.Fatalf("exit %d, want 2", code)
			}
			if !strings.HasPrefix(stderr.String(), "classroom-conformance serve: ") || !strings.Contains(stderr.String(), tt.want) {
				t.Fatalf("stderr %q lacks %q", stderr.String(), tt.want)
			}
		})
	}
}
