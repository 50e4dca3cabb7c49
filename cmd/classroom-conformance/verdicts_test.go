package main

import (
	"crypto/sha256"
	"encoding/xml"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/reference"
)

// fewScenarios selects three scenarios that need the teacher and the student.
const fewScenarios = "@rule:reclaim.only-turned-in"

// referenceServer serves a fresh reference emulator on loopback; delay slows every request but
// the preflight down.
func referenceServer(t *testing.T, delay time.Duration, hits *atomic.Int64) *httptest.Server {
	t.Helper()
	ref, err := reference.New(reference.Options{})
	require.NoError(t, err)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits != nil {
			hits.Add(1)
		}
		if r.URL.Query().Get("pageSize") != "1" {
			time.Sleep(delay)
		}
		ref.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// emptyAnswers is a server that answers {} to everything: shaped like a list of courses, so it
// passes the preflight, and wrong for every scenario.
func emptyAnswers(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{}`))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	return path
}

// closedURL is the URL of a loopback port nothing listens on.
func closedURL(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	url := "http://" + ln.Addr().String() + "/"
	ln.Close()
	return url
}

// TestExitCodes: 0 every checked rule holds and a scenario ran; 1 the target answered and a
// check failed; 2 the harness could not judge.
func TestExitCodes(t *testing.T) {
	t.Run("0: every checked rule holds", func(t *testing.T) {
		r := cli(t, "run", "--tags", fewScenarios, "--format", "progress")
		assert.Equal(t, 0, r.code, r)
		assert.Contains(t, r.stderr, "3 scenarios against the embedded reference at http://127.0.0.1:")
		assert.Contains(t, r.stderr, "3 passed, 0 failed, 0 skipped")
	})
	t.Run("1: the target answered and a check failed", func(t *testing.T) {
		r := cli(t, "run", "--target", emptyAnswers(t).URL, "--tags", fewScenarios, "--format", "progress")
		assert.Equal(t, 1, r.code, r)
		assert.Contains(t, r.stderr, "rule reclaim.only-turned-in does not hold (3 of 3 scenarios failed)")
	})
	t.Run("2: bad usage", func(t *testing.T) {
		r := cli(t, "run", "--concurrency", "0")
		assert.Equal(t, 2, r.code, r)
		assert.Equal(t, "classroom-conformance run: --concurrency 0: must be at least 1 (see 'classroom-conformance run -h')\n", r.stderr)
	})
	t.Run("the help says so", func(t *testing.T) {
		r := cli(t, "run", "-h")
		assert.Equal(t, 0, r.code, r)
		for _, want := range []string{"Exit status:", "0  every checked rule holds, and at least one scenario ran", "1  the target answered and a check failed", "2  the harness could not judge"} {
			assert.Contains(t, r.stderr, want)
		}
	})
}

// TestUnknownFlagIsOneLine: every command answers an unknown flag with one line naming it and
// where the usage is, not with the whole usage.
func TestUnknownFlagIsOneLine(t *testing.T) {
	for _, args := range [][]string{
		{"run", "--record-everything"},
		{"serve", "--nope"},
		{"proxy", "--nope"},
		{"verify", "--nope"},
		{"verify", "cassettes", "--nope"},
		{"report", "--nope"},
		{"report", "results.json", "--nope"},
		{"rules", "--nope"},
		{"cassettes", "lint", "--nope"},
		{"cassettes", "validate", "--nope"},
		{"version", "--nope"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			r := cli(t, args...)
			assert.Equal(t, 2, r.code, r)
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			require.Len(t, lines, 1, r.stderr)
			assert.Contains(t, lines[0], "flag provided but not defined: -")
			assert.Contains(t, lines[0], "(see 'classroom-conformance "+args[0])
			assert.True(t, strings.HasSuffix(lines[0], " -h')"), lines[0])
		})
	}
}

// TestUsageErrorIsOneLine: a flag value or combination a command refuses is one line saying
// what was wrong and where the usage is.
func TestUsageErrorIsOneLine(t *testing.T) {
	cassette := writeFile(t, t.TempDir(), "c.yaml", "")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"proxy"}, "--mode is required"},
		{[]string{"proxy", "--mode", "bogus"}, `--mode: unknown mode "bogus"`},
		{[]string{"proxy", "--mode", "replay"}, "--cassette is required in replay mode"},
		{[]string{"proxy", "--mode", "record", "--cassette", cassette}, "--upstream is required in record mode"},
		{[]string{"proxy", "--mode", "replay", "--cassette", cassette, "--overwrite"}, "--overwrite applies to record mode only"},
		{[]string{"proxy", "--max-body", "abc"}, `invalid value "abc" for flag -max-body`},
		{[]string{"serve", "--expect", "coursework.default-state=LATER"}, `invalid value "coursework.default-state=LATER" for flag -expect: ambiguity coursework.default-state: unknown choice "LATER"`},
		{[]string{"serve", "--read-timeout", "0s"}, "--read-timeout 0s: must be positive"},
		{[]string{"run", "--concurrency", "0"}, "--concurrency 0: must be at least 1"},
		{[]string{"cassettes"}, "name a subcommand, lint or validate"},
		{[]string{"cassettes", "polish"}, `unknown subcommand "polish"`},
		{[]string{"cassettes", "lint"}, "name at least one directory or file"},
		{[]string{"cassettes", "validate"}, "name at least one directory or cassette file"},
		{[]string{"report"}, "no results given"},
		{[]string{"rules", "--other-choices", "yaml"}, `--other-choices "yaml": want profile or tags`},
		{[]string{"verify"}, "no cassette given"},
		{[]string{"verify", "--concurrency", "0", "cassettes"}, "--concurrency 0: must be at least 1"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			r := cli(t, tc.args...)
			assert.Equal(t, 2, r.code, r)
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			require.Len(t, lines, 1, r.stderr)
			command := tc.args[0]
			if command == "cassettes" && len(tc.args) == 2 && tc.args[1] != "polish" {
				command += " " + tc.args[1]
			}
			assert.Contains(t, lines[0], "classroom-conformance "+command+": "+tc.want)
			assert.True(t, strings.HasSuffix(lines[0], "(see 'classroom-conformance "+command+" -h')"), lines[0])
		})
	}
}

// interrupted runs the built command with args (and --target, a slow reference), sends it
// SIGINT once the target has answered some requests, and returns what it left.
func interrupted(t *testing.T, args ...string) cliResult {
	t.Helper()
	var hits atomic.Int64
	srv := referenceServer(t, 30*time.Millisecond, &hits)
	cmd := binaryCommand(append([]string{"run", "--target", srv.URL}, args...)...)
	var stdout, stderr lockedBuffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Start())
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	deadline := time.Now().Add(30 * time.Second)
	for hits.Load() < 40 && time.Now().Before(deadline) {
		select {
		case err := <-done:
			t.Fatalf("the run ended before it could be interrupted (%v)\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	select {
	case err := <-done:
		return cliResult{exitCode(t, err), stdout.String(), stderr.String()}
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("the run did not stop after SIGINT\nstdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
	}
	return cliResult{}
}

// junitCounts are the totals of a JUnit report.
type junitCounts struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Errors   int `xml:"errors,attr"`
	Skipped  int `xml:"skipped,attr"`
}

// TestInterruptedRunIsNotAFailure: SIGINT in the middle of a run against a slow target reports
// the scenarios it cut short or never started as not run, never as failed, in the JUnit report
// as on the terminal, says so once on standard output, and exits 2.
func TestInterruptedRunIsNotAFailure(t *testing.T) {
	t.Run("progress and JUnit to a file", func(t *testing.T) {
		junit := filepath.Join(t.TempDir(), "report.xml")
		r := interrupted(t, "--format", "progress", "--format", "junit:"+junit)
		assert.Equal(t, 2, r.code, r)
		assert.Equal(t, 1, strings.Count(r.stdout, "interrupted after "), r)
		assert.Regexp(t, `interrupted after [1-9][0-9]* scenarios; [1-9][0-9]* not run\n`, r.stdout)
		assert.NotContains(t, r.stderr, "does not hold", "an interrupted run gives no verdict per rule")
		assert.NotContains(t, r.stderr, "failed  ", "no scenario was failed by the interruption")
		assert.Regexp(t, `classroom-conformance run: interrupted after [1-9][0-9]* scenarios; [1-9][0-9]* not run`, r.stderr)

		b, err := os.ReadFile(junit)
		require.NoError(t, err)
		var rep junitCounts
		require.NoError(t, xml.Unmarshal(b, &rep))
		assert.Equal(t, 0, rep.Failures, "scenarios cut short are not failures")
		assert.Equal(t, 0, rep.Errors)
		assert.Greater(t, rep.Skipped, rep.Tests/2)
		assert.Contains(t, string(b), `message="not run: the run was interrupted`)
	})
	t.Run("JUnit on standard output", func(t *testing.T) {
		r := interrupted(t, "--format", "junit")
		assert.Equal(t, 2, r.code, r)
		var rep junitCounts
		require.NoError(t, xml.Unmarshal([]byte(r.stdout), &rep), "standard output is the report alone")
		assert.Equal(t, 0, rep.Failures)
		assert.Positive(t, rep.Skipped)
		assert.NotContains(t, r.stdout, "interrupted after")
		assert.Equal(t, 1, strings.Count(r.stderr, "interrupted after "), r)
	})
}

// TestUnknownCommandIsOneLine: as for flags, one line names the mistake and where help is.
func TestUnknownCommandIsOneLine(t *testing.T) {
	r := cli(t, "verfiy")
	assert.Equal(t, 2, r.code, r)
	assert.Equal(t, "classroom-conformance: unknown command \"verfiy\" (see 'classroom-conformance -h')\n", r.stderr)
	r = cli(t)
	assert.Equal(t, 2, r.code, r)
	assert.Contains(t, r.stderr, "usage: classroom-conformance <command> [flags]")
}

// TestPreflight: before any scenario runs, the target must answer like a Classroom API; a base
// URL ending in /v1, a plain file server and a closed port are exit 2 with the fix named.
func TestPreflight(t *testing.T) {
	ref := referenceServer(t, 0, nil)
	files := httptest.NewServer(http.FileServer(http.Dir(t.TempDir())))
	t.Cleanup(files.Close)
	html := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html><body>It works!</body></html>"))
	}))
	t.Cleanup(html.Close)
	tests := []struct {
		name, target string
		want         []string
	}{
		{"a base URL ending in /v1/", ref.URL + "/v1/", []string{"is not a Classroom API", "drop /v1 from the base URL", "--target " + ref.URL + "/)"}},
		{"a base URL ending in /v1", ref.URL + "/v1", []string{"drop /v1 from the base URL"}},
		{"a plain file server", files.URL, []string{"is not a Classroom API", "answered HTTP 404 text/plain", "check that the base URL is the root of a Classroom API"}},
		{"a web page", html.URL, []string{"is not a Classroom API", "answered HTTP 200 text/html"}},
		{"a closed port", closedURL(t), []string{"is unreachable"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cli(t, "run", "--target", tt.target, "--tags", fewScenarios, "--format", "progress")
			assert.Equal(t, 2, r.code, r)
			assert.Empty(t, r.stdout, "no scenario ran")
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			require.Len(t, lines, 1, r.stderr)
			for _, w := range tt.want {
				assert.Contains(t, lines[0], w)
			}
		})
	}
	t.Run("the reference passes", func(t *testing.T) {
		r := cli(t, "run", "--target", ref.URL, "--tags", fewScenarios, "--format", "progress")
		assert.Equal(t, 0, r.code, r)
		assert.NotContains(t, r.stdout, "scenarios (")
	})
}

// TestNothingCheckedDoesNotPass: a profile whose actors let no scenario run is exit 2, naming
// the actors it lacks; a profile with actors and no target is refused.
func TestNothingCheckedDoesNotPass(t *testing.T) {
	ref := referenceServer(t, 0, nil)
	dir := t.TempDir()
	outsiderOnly := writeFile(t, dir, "outsider.yaml", "target: "+ref.URL+"\nactors:\n  outsider: tok-outsider\n")
	r := cli(t, "run", "--profile", outsiderOnly, "--tags", fewScenarios, "--format", "progress")
	assert.Equal(t, 2, r.code, r)
	assert.Contains(t, r.stderr, "classroom-conformance run: nothing was checked: all 3 scenarios were skipped; the profile has no token for the actors student, teacher (give each one in the profile's actors:)")

	otherChoice := cli(t, "run", "--tags", "@ambiguity:reclaim.returned=ALLOWED", "--format", "progress")
	assert.Equal(t, 2, otherChoice.code, otherChoice)
	assert.Contains(t, otherChoice.stderr, "nothing was checked")

	noTarget := writeFile(t, dir, "no-target.yaml", "actors:\n  teacher: tok-teacher\n")
	r = cli(t, "run", "--profile", noTarget, "--tags", fewScenarios, "--format", "progress")
	assert.Equal(t, 2, r.code, r)
	assert.Contains(t, r.stderr, "the profile gives actors but no target")
}

// TestShortTokensLeaveMessagesReadable: a profile's one-letter tokens are masked as whole tokens
// only; the error naming an unreachable target stays readable.
func TestShortTokensLeaveMessagesReadable(t *testing.T) {
	target := closedURL(t)
	profile := writeFile(t, t.TempDir(), "p.yaml", "target: "+target+"\nactors:\n  teacher: t\n  student: a\n")
	r := cli(t, "run", "--profile", profile, "--tags", fewScenarios)
	assert.Equal(t, 2, r.code, r)
	assert.Contains(t, r.stderr, `GET /v1/courses?pageSize=1: Get "`+target+`v1/courses?pageSize=1": dial tcp `)
	assert.NotContains(t, r.stderr, "REDACTED")
}

// TestReplay: a replay names the folder it replays in its summary; a folder without the
// scenarios' cassettes, or with a cassette that cannot be loaded, is exit 2 naming the file.
func TestReplay(t *testing.T) {
	shipped := filepath.Join("..", "..", "cassettes")
	r := cli(t, "run", "--replay", shipped, "--tags", fewScenarios, "--format", "progress")
	assert.Equal(t, 0, r.code, r)
	assert.Contains(t, r.stderr, "3 scenarios against the recordings in "+shipped+": 3 passed")

	empty := t.TempDir()
	r = cli(t, "run", "--replay", empty, "--tags", fewScenarios, "--format", "progress")
	assert.Equal(t, 2, r.code, r)
	assert.NotContains(t, r.stderr, "does not hold")
	assert.Contains(t, r.stderr, empty+" holds no cassettes (record them with `classroom-conformance run --record "+empty+"`)")

	missing := t.TempDir()
	writeFile(t, missing, filepath.Join("reclaim", "another-scenario.yaml"), "---\nversion: 2\ninteractions: []\n")
	r = cli(t, "run", "--replay", missing, "--tags", fewScenarios, "--format", "progress")
	assert.Equal(t, 2, r.code, r)
	assert.NotContains(t, r.stderr, "does not hold")
	assert.Contains(t, r.stderr, "3 of 3 scenarios could not be run, the first: prepare the scenario's target: this scenario has no cassette (load cassette "+filepath.Join(missing, "reclaim", "a-submission-that-was-never-turned-in-cannot-be-reclaimed.yaml"))

	corrupt := t.TempDir()
	writeFile(t, corrupt, filepath.Join("reclaim", "a-submission-that-was-never-turned-in-cannot-be-reclaimed.yaml"), "interactions: [\n")
	r = cli(t, "run", "--replay", corrupt, "--tags", fewScenarios, "--format", "progress")
	assert.Equal(t, 2, r.code, r)
	assert.Contains(t, r.stderr, "a-submission-that-was-never-turned-in-cannot-be-reclaimed.yaml")
	assert.NotContains(t, r.stderr, "does not hold")
}

// TestOneTruthfulSummary: godog's own count ("3 scenarios (3 passed)", in which skipped
// scenarios pass) and the step sources of the pretty report ("# world.go:118") are gone; the
// run's summary is the only one.
func TestOneTruthfulSummary(t *testing.T) {
	for _, format := range []string{"pretty", "progress"} {
		t.Run(format, func(t *testing.T) {
			r := cli(t, "run", "--tags", fewScenarios+",@ambiguity:reclaim.returned=ALLOWED", "--format", format)
			assert.Equal(t, 0, r.code, r)
			assert.NotRegexp(t, `\d+ scenarios \(`, r.stdout)
			assert.NotRegexp(t, `\d+ steps \(`, r.stdout)
			assert.NotContains(t, r.stdout, ".go:")
			assert.Contains(t, r.stderr, "4 scenarios against the embedded reference at ")
			assert.Contains(t, r.stderr, "3 passed, 0 failed, 1 skipped")
		})
	}
	r := cli(t, "run", "--tags", fewScenarios, "--format", "pretty")
	// Scenarios are located by feature file and line, never by the step code's source.
	assert.Regexp(t, `Scenario: A submission that was never turned in cannot be reclaimed  # reclaim\.feature:\d+\n`, r.stdout)
}

// TestFailedInferredRuleQuotesItsNote: a rule no sentence of the documentation states has no
// quote; when it does not hold, its note says what it is.
func TestFailedInferredRuleQuotesItsNote(t *testing.T) {
	r := cli(t, "run", "--target", emptyAnswers(t).URL, "--tags", "@rule:errors.unknown-path", "--format", "progress")
	assert.Equal(t, 1, r.code, r)
	assert.Regexp(t, `rule errors.unknown-path does not hold \(2 of 2 scenarios failed\): \(inferred\) \S`, r.stderr)
	assert.NotContains(t, r.stderr, `: ""`)
}

// TestRecordingKeepsGoodCassettes: re-recording over a folder of good cassettes, a scenario
// that fails keeps its cassette and is named in the summary; so is one an interruption cuts
// short, and the scenarios never started are counted. The folder then still replays.
func TestRecordingKeepsGoodCassettes(t *testing.T) {
	dir := t.TempDir()
	r := cli(t, "run", "--record", dir, "--format", "progress")
	require.Equal(t, 0, r.code, r)
	good := cassetteDigests(t, dir)

	r = cli(t, "run", "--record", dir, "--target", emptyAnswers(t).URL, "--tags", fewScenarios, "--format", "progress")
	assert.Equal(t, 1, r.code, r)
	assert.Contains(t, r.stderr, "3 scenarios were not recorded, their cassettes left as they were:\n")
	assert.Contains(t, r.stderr, "  reclaim.feature:66 A submission that was never turned in cannot be reclaimed (failed): "+
		filepath.Join(dir, "reclaim", "a-submission-that-was-never-turned-in-cannot-be-reclaimed.yaml")+"\n")
	assert.Equal(t, good, cassetteDigests(t, dir), "a failed scenario keeps its cassette")

	r = interrupted(t, "--record", dir, "--format", "progress")
	assert.Equal(t, 2, r.code, r)
	assert.Regexp(t, `[1-9][0-9]* scenarios were not run, so not recorded; their cassettes in `+regexp.QuoteMeta(dir)+` are as they were\n`, r.stderr)
	assert.Regexp(t, `[1-9][0-9]* scenarios? (was|were) not recorded, (its cassette|their cassettes) left as (it was|they were):\n  \S+\.feature:\d+ .* \(not run\): `, r.stderr)
	now := cassetteDigests(t, dir)
	for _, line := range strings.Split(r.stderr, "\n") {
		if i := strings.Index(line, " (not run): "); strings.HasPrefix(line, "  ") && i > 0 {
			file := line[i+len(" (not run): "):]
			assert.Equal(t, good[file], now[file], "the scenario cut short keeps %s", file)
		}
	}
	changed := 0
	for file, sum := range good {
		if now[file] != sum {
			changed++
		}
	}
	passed := regexp.MustCompile(`: (\d+) passed, 0 failed`).FindStringSubmatch(r.stderr)
	require.Len(t, passed, 2, r.stderr)
	n, err := strconv.Atoi(passed[1])
	require.NoError(t, err)
	assert.LessOrEqual(t, changed, n, "only scenarios that passed were recorded again")

	r = cli(t, "run", "--replay", dir, "--format", "progress")
	assert.Equal(t, 0, r.code, "the folder replays after the interrupted recording\n%s", r)
}

// cassetteDigests maps every cassette under dir to a digest of its bytes.
func cassetteDigests(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		out[p] = fmt.Sprintf("%x", sha256.Sum256(b))
		return err
	}))
	require.NotEmpty(t, out)
	return out
}

// TestReplayOfAStaleRecording: a cassette that no longer agrees with its scenario (here its
// recorded request body was edited) is a stale recording, exit 2 with the fix, not a failure
// of a rule.
func TestReplayOfAStaleRecording(t *testing.T) {
	dir := t.TempDir()
	stale := filepath.Join(dir, "reclaim", "a-submission-that-was-never-turned-in-cannot-be-reclaimed.yaml")
	for _, name := range []string{
		"a-submission-that-was-never-turned-in-cannot-be-reclaimed.yaml",
		"a-submission-that-was-already-reclaimed-cannot-be-reclaimed-again.yaml",
		"a-submission-turned-in-again-after-a-reclaim-can-be-reclaimed-again.yaml",
	} {
		b, err := os.ReadFile(filepath.Join("..", "..", "cassettes", "reclaim", name))
		require.NoError(t, err)
		writeFile(t, dir, filepath.Join("reclaim", name), string(b))
	}
	b, err := os.ReadFile(stale)
	require.NoError(t, err)
	edited := strings.Replace(string(b), `body: '{"courseState":"ACTIVE"}'`, `body: '{"courseState":"ARCHIVED"}'`, 1)
	require.NotEqual(t, string(b), edited, "the cassette has no course activation to edit")
	require.NoError(t, os.WriteFile(stale, []byte(edited), 0o644))

	r := cli(t, "run", "--replay", dir, "--tags", fewScenarios, "--format", "progress")
	assert.Equal(t, 2, r.code, r)
	assert.NotContains(t, r.stderr, "does not hold")
	assert.Contains(t, r.stderr, "3 scenarios against the recordings in "+dir+": 2 passed, 0 failed, 0 skipped, 1 could not be run")
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	last := lines[len(lines)-1]
	assert.True(t, strings.HasPrefix(last, "classroom-conformance run: 1 of 3 scenarios could not be run: "), last)
	assert.Contains(t, last, "stale recording: "+stale)
	assert.Contains(t, last, `body.courseState: got "ACTIVE", recorded "ARCHIVED"`)
	assert.True(t, strings.HasSuffix(last, "re-record it with `classroom-conformance run --record "+dir+"`"), last)
}
