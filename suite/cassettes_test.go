package suite

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
	"github.com/classroom-conformance/classroom-conformance/features"
	"github.com/classroom-conformance/classroom-conformance/proxy/recorder"
	"github.com/classroom-conformance/classroom-conformance/redact"
)

// shippedCassettes is the repository's folder of recordings, made against the reference with
// `make cassettes`.
const shippedCassettes = "../cassettes"

func runWithCassettes(t *testing.T, dir string, mode recorder.Mode, fsys fs.FS) *Result {
	t.Helper()
	opts := Options{FS: fsys, Formats: []Format{{Name: "progress"}}}
	if err := (Cassettes{Dir: dir, Mode: mode}).Attach(&opts); err != nil {
		t.Fatalf("attach cassettes: %v", err)
	}
	res, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return res
}

func failures(res *Result) string {
	var b strings.Builder
	for _, s := range res.Scenarios {
		if s.Status == Failed || s.Status == Errored {
			b.WriteString("\n" + s.Scenario.String() + ": " + s.Reason)
		}
	}
	return b.String()
}

// TestReplayShippedCassettes replays the whole suite from the repository's cassettes, with no
// network: every scenario must pass, with the default choices and with the other ones (the
// profile profiles/other-choices.yaml), and must use every interaction its cassette recorded.
func TestReplayShippedCassettes(t *testing.T) {
	res := runWithCassettes(t, shippedCassettes, recorder.Replay, features.FS)
	if !res.OK() || res.Passed == 0 {
		t.Fatalf("replay: %d passed, %d failed, %d skipped; refresh the cassettes with `make cassettes`%s",
			res.Passed, res.Failed, res.Skipped, failures(res))
	}
	profile, err := endpoint.LoadProfile("../profiles/other-choices.yaml", endpoint.LoadOptions{})
	require.NoError(t, err)
	alt, tags := alternatives()
	for id, choice := range alt {
		if profile.Expect[id] != choice {
			t.Fatalf("other-choices.yaml expects %s=%s, want %s", id, profile.Expect[id], choice)
		}
	}
	opts := Options{FS: features.FS, Profile: profile, Tags: tags, Formats: []Format{{Name: "progress"}}}
	if err := (Cassettes{Dir: shippedCassettes, Mode: recorder.Replay}).Attach(&opts); err != nil {
		t.Fatal(err)
	}
	other, err := Run(context.Background(), opts)
	require.NoError(t, err)
	if !other.OK() || other.Passed == 0 || other.Skipped != 0 {
		t.Fatalf("replay of the other choices: %d passed, %d failed, %d skipped%s",
			other.Passed, other.Failed, other.Skipped, failures(other))
	}
	if total := res.Passed + other.Passed; total != len(res.Scenarios) {
		t.Errorf("%d scenarios replayed of %d", total, len(res.Scenarios))
	}
}

// TestShippedCassettesMatchTheFeatures checks that the cassettes folder holds a cassette for
// every scenario and nothing else, so stale recordings do not pile up.
func TestShippedCassettesMatchTheFeatures(t *testing.T) {
	names, err := CassetteNames(features.FS)
	require.NoError(t, err)
	want := map[string]bool{}
	for _, n := range names {
		want[filepath.FromSlash(n)] = true
	}
	var orphans []string
	err = filepath.WalkDir(shippedCassettes, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".yaml" {
			return err
		}
		rel, _ := filepath.Rel(shippedCassettes, p)
		if !want[rel] {
			orphans = append(orphans, rel)
		}
		return nil
	})
	require.NoError(t, err)
	sort.Strings(orphans)
	if len(orphans) > 0 {
		t.Errorf("cassettes for no scenario (run `make cassettes`): %s", strings.Join(orphans, ", "))
	}
	var missing []string
	for rel := range want {
		if _, err := os.Stat(filepath.Join(shippedCassettes, rel)); err != nil {
			missing = append(missing, rel)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("scenarios without a cassette (run `make cassettes`): %s", strings.Join(missing, ", "))
	}
}

// TestShippedCassettesHoldNoCredentials lints every shipped cassette.
func TestShippedCassettesHoldNoCredentials(t *testing.T) {
	findings, files, err := redact.LintPaths(shippedCassettes)
	require.NoError(t, err)
	if files == 0 {
		t.Fatal("no cassette was linted")
	}
	for _, f := range findings {
		t.Errorf("%s", f)
	}
}

// TestRecordThenReplay records the whole suite against the embedded reference into a fresh
// folder and replays it: what the suite records must replay cleanly.
func TestRecordThenReplay(t *testing.T) {
	dir := t.TempDir()
	rec := runWithCassettes(t, dir, recorder.Record, features.FS)
	if !rec.OK() {
		t.Fatalf("record: %d failed%s", rec.Failed, failures(rec))
	}
	var files int
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files++
		}
		return err
	})
	if files != rec.Passed {
		t.Errorf("%d cassettes for %d scenarios that ran", files, rec.Passed)
	}
	rep := runWithCassettes(t, dir, recorder.Replay, features.FS)
	if !rep.OK() || rep.Passed != rec.Passed {
		t.Fatalf("replay: %d passed (recorded %d), %d failed%s", rep.Passed, rec.Passed, rep.Failed, failures(rep))
	}

	// Recording the embedded reference again writes the same bytes, so a refresh of the
	// shipped cassettes shows only what changed.
	again := t.TempDir()
	runWithCassettes(t, again, recorder.Record, features.FS)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		first, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		second, err := os.ReadFile(filepath.Join(again, rel))
		if err != nil {
			return err
		}
		if !bytes.Equal(first, second) {
			t.Errorf("%s differs between two recordings", rel)
		}
		return nil
	})
	require.NoError(t, err)
}

// TestReplayFailsOnADifferentRequest proves a replay is strict: a cassette whose recorded request
// differs from what the scenario sends fails that scenario with a miss that says what differs,
// and an interaction left unreplayed fails it too.
func TestReplayFailsOnADifferentRequest(t *testing.T) {
	dir := t.TempDir()
	feature := fsWith(t, "replay.feature", `Feature: Replay
  @rule:x
  Scenario: One course
    Given a course owned by the teacher
    When the teacher sends "GET" to "/v1/courses/{courseId}"
    Then the response status is 200
`)
	if res := runWithCassettes(t, dir, recorder.Record, feature); !res.OK() {
		t.Fatalf("record failed%s", failures(res))
	}
	file := filepath.Join(dir, "replay", "one-course.yaml")
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	edited := strings.Replace(string(data), `"ownerId":"me"`, `"ownerId":"teacher@school.example"`, 1)
	if edited == string(data) {
		t.Fatalf("the recording has no course creation to edit:\n%s", data)
	}
	if err := os.WriteFile(file, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	res := runWithCassettes(t, dir, recorder.Replay, feature)
	if res.OK() || !strings.Contains(failures(res), "ownerId") {
		t.Fatalf("a changed request replayed: %d passed%s", res.Passed, failures(res))
	}
	if !strings.Contains(failures(res), "stale recording") || !strings.Contains(failures(res), "run --record "+dir) {
		t.Errorf("a miss is not reported as a stale recording with the fix:%s", failures(res))
	}
}

// fsWith returns a file system holding one feature file.
func fsWith(t *testing.T, name, content string) fs.FS {
	t.Helper()
	return fstest.MapFS{name: {Data: []byte(content)}}
}
