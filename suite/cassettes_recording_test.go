package suite

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
	"github.com/classroom-conformance/classroom-conformance/features"
	"github.com/classroom-conformance/classroom-conformance/proxy/cassette"
	"github.com/classroom-conformance/classroom-conformance/proxy/recorder"
)

// TestShippedCassettesAreCurrent records the suite against the embedded reference, with the
// default choices and with the other ones, and compares every recording with the shipped one:
// a shipped cassette whose answers differ from what the reference now answers is stale, even
// when its scenario still passes on replay.
func TestShippedCassettesAreCurrent(t *testing.T) {
	dir := t.TempDir()
	res := runWithCassettes(t, dir, recorder.Record, features.FS)
	require.True(t, res.OK(), "record: %s", failures(res))

	profile, err := endpoint.LoadProfile("../profiles/other-choices.yaml", endpoint.LoadOptions{})
	require.NoError(t, err)
	_, tags := alternatives()
	opts := Options{FS: features.FS, Profile: profile, Tags: tags, Formats: []Format{{Name: "progress"}}}
	require.NoError(t, (Cassettes{Dir: dir, Mode: recorder.Record}).Attach(&opts))
	other, err := Run(context.Background(), opts)
	require.NoError(t, err)
	require.True(t, other.OK(), "record of the other choices: %s", failures(other))

	var stale []string
	err = filepath.WalkDir(shippedCassettes, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".yaml" {
			return err
		}
		rel, _ := filepath.Rel(shippedCassettes, p)
		shipped, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		now, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil || !bytes.Equal(shipped, now) {
			stale = append(stale, rel)
		}
		return nil
	})
	require.NoError(t, err)
	assert.Empty(t, stale, "shipped cassettes that differ from what the reference answers now; re-record them with `make cassettes`")
}

const oneCourse = `Feature: Replay
  @rule:x
  Scenario: One course
    Given a course owned by the teacher
    When the teacher sends "GET" to "/v1/courses/{courseId}"
    Then the response status is %s
`

func oneCourseFeature(t *testing.T, status string) fs.FS {
	return fsWith(t, "replay.feature", strings.Replace(oneCourse, "%s", status, 1))
}

// A scenario that does not pass while recording keeps its previous cassette, and says so.
func TestCassetteOfAFailedRecordingIsKept(t *testing.T) {
	dir := t.TempDir()
	res := runWithCassettes(t, dir, recorder.Record, oneCourseFeature(t, "200"))
	require.True(t, res.OK(), failures(res))
	file := filepath.Join(dir, "replay", "one-course.yaml")
	good, err := os.ReadFile(file)
	require.NoError(t, err)

	res = runWithCassettes(t, dir, recorder.Record, oneCourseFeature(t, "404"))
	require.False(t, res.OK())
	assert.Contains(t, failures(res), "404", "the scenario keeps its own reason")
	require.Len(t, res.Scenarios, 1)
	assert.Equal(t, Failed, res.Scenarios[0].Status)
	assert.Equal(t, file, res.Scenarios[0].NotRecorded, "the result names the cassette kept")
	now, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, string(good), string(now))

	// An interrupted run records nothing either.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	opts := Options{FS: oneCourseFeature(t, "200"), Formats: []Format{{Name: "progress"}}}
	require.NoError(t, (Cassettes{Dir: dir, Mode: recorder.Record}).Attach(&opts))
	Run(ctx, opts)
	now, err = os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, string(good), string(now))
}

// A replay from a folder without cassettes is refused before anything runs.
func TestCassettesReplayFromAnEmptyFolder(t *testing.T) {
	dir := t.TempDir()
	opts := Options{FS: oneCourseFeature(t, "200")}
	err := (Cassettes{Dir: dir, Mode: recorder.Replay}).Attach(&opts)
	require.Error(t, err)
	assert.Contains(t, err.Error(), dir+" holds no cassettes")
	assert.Contains(t, err.Error(), "run --record "+dir)

	err = (Cassettes{Dir: filepath.Join(dir, "none"), Mode: recorder.Replay}).Attach(&opts)
	assert.ErrorContains(t, err, "is not a folder of cassettes")
}

// A cassette cut short (as a crash in another tool's write leaves it) or missing is bad input
// naming the file, never replayed with made-up answers.
func TestCassetteCorruptOrMissing(t *testing.T) {
	dir := t.TempDir()
	feature := oneCourseFeature(t, "200")
	res := runWithCassettes(t, dir, recorder.Record, feature)
	require.True(t, res.OK(), failures(res))
	file := filepath.Join(dir, "replay", "one-course.yaml")
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	cut := bytes.LastIndex(data, []byte("        code:"))
	require.Positive(t, cut)
	require.NoError(t, os.WriteFile(file, data[:cut], 0o644))

	opts := Options{FS: feature}
	err = (Cassettes{Dir: dir, Mode: recorder.Replay}).Attach(&opts)
	var le *cassette.LoadError
	require.ErrorAs(t, err, &le, "a corrupt cassette is refused before anything runs")
	assert.Equal(t, file, le.Path)
	assert.Positive(t, le.Line)
	assert.ErrorIs(t, err, cassette.ErrIncomplete)
	assert.Contains(t, err.Error(), "response without a status code")
	assert.Contains(t, err.Error(), "run --record "+dir)

	require.NoError(t, os.Remove(file))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "other.yaml"), []byte("---\nversion: 2\ninteractions: []\n"), 0o644))
	res = runWithCassettes(t, dir, recorder.Replay, feature)
	assert.False(t, res.OK())
	assert.Contains(t, failures(res), "this scenario has no cassette (load cassette "+file+": ")
}
