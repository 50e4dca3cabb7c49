package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// firstCourseID starts `serve` with args, creates a course as the teacher and returns its id.
func firstCourseID(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	exit := make(chan int, 1)
	go func() {
		exit <- runServe(ctx, append([]string{"--addr", "127.0.0.1:0"}, args...), pw, io.Discard)
		pw.Close()
	}()
	defer func() {
		cancel()
		<-exit
	}()
	lines := bufio.NewScanner(pr)
	base := ""
	for lines.Scan() {
		if b, ok := strings.CutPrefix(lines.Text(), "Classroom API v1 reference emulator listening on "); ok {
			base = b
			break
		}
	}
	go io.Copy(io.Discard, pr)
	require.NotEmpty(t, base, "serve printed no URL")
	req, err := http.NewRequest("POST", base+"/v1/courses", strings.NewReader(`{"name":"N","ownerId":"me"}`))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer tok-teacher")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var course struct{ ID string }
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&course))
	return course.ID
}

func TestServeSeedSelectsTheIDs(t *testing.T) {
	unseeded := firstCourseID(t)
	assert.Equal(t, "700001007922", unseeded, "without --seed, the ids of the shipped recordings")
	seeded := firstCourseID(t, "--seed", "5")
	assert.NotEqual(t, unseeded, seeded)
	assert.Equal(t, seeded, firstCourseID(t, "--seed", "5"), "the same seed, the same ids")
}
