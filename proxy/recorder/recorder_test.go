package recorder

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
	"github.com/classroom-conformance/classroom-conformance/proxy/cassette"
)

func TestParseMode(t *testing.T) {
	for _, m := range []Mode{Replay, Record, ReplayOrRecord, Passthrough} {
		got, err := ParseMode(m.String())
		require.NoError(t, err)
		assert.Equal(t, m, got)
	}
	_, err := ParseMode("Record")
	assert.Error(t, err, "a wrong spelling")
	var zero Mode
	assert.Equal(t, Replay, zero, "the zero Mode must not reach the network")
}

// upstream answers each request with a body naming the caller and counting the requests.
type upstream struct {
	*httptest.Server
	hits atomic.Int64
}

func newUpstream(t *testing.T) *upstream {
	u := &upstream{}
	u.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := u.hits.Add(1)
		if r.Header.Get(cassette.ActorHeader) != "" {
			t.Error("the actor label was sent upstream")
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"n":%d,"path":%q,"auth":%q}`, n, r.URL.Path, r.Header.Get("Authorization"))
	}))
	t.Cleanup(u.Close)
	return u
}

type failingTransport struct{ t *testing.T }

func (f failingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	f.t.Errorf("replay sent %s %s", r.Method, r.URL)
	return nil, errors.New("no network in replay")
}

var tokens = map[string]string{"teacher": "teacher-token", "student": "student-token", "outsider": "outsider-token"}

func get(t *testing.T, rt http.RoundTripper, base, actor, path string) (string, error) {
	t.Helper()
	req, err := http.NewRequest("GET", base+path, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+tokens[actor])
	resp, err := (&http.Client{Transport: rt}).Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return string(data), err
}

// The suite's use: one cassette per scenario, each request labelled with the actor whose token
// it carries; the recording replays with the actors' names, whatever the tokens.
func TestRecordThenReplayWithActors(t *testing.T) {
	up := newUpstream(t)
	file := filepath.Join(t.TempDir(), "c.yaml")
	label, err := endpoint.Labeller(tokens)
	require.NoError(t, err)
	opts := Options{Mode: Record, Cassette: cassette.Options{MatchActor: true}, Actor: label}

	rec, err := Open(context.Background(), file, opts)
	require.NoError(t, err)
	teacher, err := get(t, rec, up.URL, "teacher", "/v1/courses/1")
	require.NoError(t, err)
	student, err := get(t, rec, up.URL, "student", "/v1/courses/1")
	require.NoError(t, err)
	require.NotEqual(t, teacher, student)
	assert.Equal(t, "student", rec.Cassette().Interactions()[1].Request.Headers.Get(cassette.ActorHeader))
	require.NoError(t, rec.Close())
	assert.Equal(t, int64(2), rec.Stats().Recorded)
	_, err = get(t, rec, up.URL, "teacher", "/v1/courses/1")
	assert.ErrorIs(t, err, ErrClosed)

	hits := up.hits.Load()
	opts.Mode, opts.Upstream = Replay, failingTransport{t}
	rep, err := Open(context.Background(), file, opts)
	require.NoError(t, err)
	got, err := get(t, rep, up.URL, "student", "/v1/courses/1")
	require.NoError(t, err)
	assert.Equal(t, student, got)
	got, err = get(t, rep, up.URL, "teacher", "/v1/courses/1")
	require.NoError(t, err)
	assert.Equal(t, teacher, got)
	_, err = get(t, rep, up.URL, "outsider", "/v1/courses/1")
	var miss *cassette.MissError
	require.ErrorAs(t, err, &miss)
	assert.Contains(t, miss.Error(), `actor: got "outsider", recorded "teacher"`)
	assert.Equal(t, hits, up.hits.Load(), "replay reached the upstream")

	var re *ReplayError
	require.ErrorAs(t, rep.Close(), &re)
	assert.Equal(t, int64(1), re.Missed)
	assert.Empty(t, re.Unused)
	assert.Contains(t, re.Error(), "1 request(s) had no recorded answer")
}

func TestCloseSavesOnlyWhatWasRecorded(t *testing.T) {
	up := newUpstream(t)
	file := filepath.Join(t.TempDir(), "c.yaml")
	require.NoError(t, os.WriteFile(file, []byte("not touched\n"), 0o644))

	// Nothing recorded: the file is left alone (a first Open refuses it, a file it cannot read).
	_, err := Open(context.Background(), file, Options{Mode: Record})
	require.ErrorIs(t, err, ErrWouldOverwrite)
	rec, err := Open(context.Background(), file, Options{Mode: Record, Overwrite: true})
	require.NoError(t, err)
	require.NoError(t, rec.Close())
	data, _ := os.ReadFile(file)
	assert.Equal(t, "not touched\n", string(data))

	// Something recorded, then discarded: the file is left alone too.
	rec, err = Open(context.Background(), file, Options{Mode: Record, Overwrite: true})
	require.NoError(t, err)
	_, err = get(t, rec, up.URL, "teacher", "/v1/courses/1")
	require.NoError(t, err)
	rec.Discard()
	data, _ = os.ReadFile(file)
	assert.Equal(t, "not touched\n", string(data))

	// Recorded and closed: saved.
	rec, err = Open(context.Background(), file, Options{Mode: Record, Overwrite: true})
	require.NoError(t, err)
	_, err = get(t, rec, up.URL, "teacher", "/v1/courses/1")
	require.NoError(t, err)
	require.NoError(t, rec.Close())
	c, err := cassette.Load(context.Background(), file, cassette.Options{})
	require.NoError(t, err)
	assert.Equal(t, 1, c.Len())

	// Recording over it again is refused; replay-or-record extends it.
	_, err = Open(context.Background(), file, Options{Mode: Record})
	assert.ErrorIs(t, err, ErrWouldOverwrite)
	assert.ErrorContains(t, err, "holds 1 interactions")
	ext, err := Open(context.Background(), file, Options{Mode: ReplayOrRecord})
	require.NoError(t, err)
	_, err = get(t, ext, up.URL, "teacher", "/v1/courses/1")
	require.NoError(t, err)
	_, err = get(t, ext, up.URL, "teacher", "/v1/courses/2")
	require.NoError(t, err)
	require.NoError(t, ext.Close())
	assert.Equal(t, Stats{Recorded: 1, Replayed: 1, Unused: nil, Saved: true}, ext.Stats())
	c, err = cassette.Load(context.Background(), file, cassette.Options{})
	require.NoError(t, err)
	assert.Equal(t, 2, c.Len())
}

// A session that records nothing writes an empty cassette with SaveEmpty, and only then.
func TestSaveEmpty(t *testing.T) {
	file := filepath.Join(t.TempDir(), "c.yaml")
	rec, err := Open(context.Background(), file, Options{Mode: Record})
	require.NoError(t, err)
	require.NoError(t, rec.Close())
	assert.NoFileExists(t, file)

	rec, err = Open(context.Background(), file, Options{Mode: Record, SaveEmpty: true})
	require.NoError(t, err)
	require.NoError(t, rec.Close())
	assert.True(t, rec.Stats().Saved)
	c, err := cassette.Load(context.Background(), file, cassette.Options{})
	require.NoError(t, err)
	assert.Equal(t, 0, c.Len())

	// Discarded, it writes nothing either.
	other := filepath.Join(t.TempDir(), "d.yaml")
	rec, err = Open(context.Background(), other, Options{Mode: Record, SaveEmpty: true})
	require.NoError(t, err)
	rec.Discard()
	assert.NoFileExists(t, other)
}

func TestReplayReportsUnusedInteractions(t *testing.T) {
	up := newUpstream(t)
	file := filepath.Join(t.TempDir(), "c.yaml")
	rec, err := Open(context.Background(), file, Options{Mode: Record})
	require.NoError(t, err)
	for _, p := range []string{"/v1/courses/1", "/v1/courses/2"} {
		_, err = get(t, rec, up.URL, "teacher", p)
		require.NoError(t, err)
	}
	require.NoError(t, rec.Close())

	rep, err := Open(context.Background(), file, Options{Mode: Replay, Upstream: failingTransport{t}})
	require.NoError(t, err)
	_, err = get(t, rep, up.URL, "teacher", "/v1/courses/1")
	require.NoError(t, err)
	var re *ReplayError
	require.ErrorAs(t, rep.Close(), &re)
	assert.Equal(t, int64(0), re.Missed)
	require.Len(t, re.Unused, 1)
	assert.Contains(t, re.Unused[0].URL, "/v1/courses/2")
}

// Once every recorded answer of a request is used, RepeatLast replays the last one again.
func TestRepeatLast(t *testing.T) {
	up := newUpstream(t)
	file := filepath.Join(t.TempDir(), "c.yaml")
	rec, err := Open(context.Background(), file, Options{Mode: Record})
	require.NoError(t, err)
	first, err := get(t, rec, up.URL, "teacher", "/v1/courses/1")
	require.NoError(t, err)
	require.NoError(t, rec.Close())

	for _, repeat := range []bool{false, true} {
		rep, err := Open(context.Background(), file, Options{Mode: Replay, Upstream: failingTransport{t}, Cassette: cassette.Options{RepeatLast: repeat}})
		require.NoError(t, err)
		for n := 0; n < 3; n++ {
			got, err := get(t, rep, up.URL, "teacher", "/v1/courses/1")
			if n > 0 && !repeat {
				assert.ErrorIs(t, err, cassette.ErrNoMatch)
				continue
			}
			require.NoError(t, err)
			assert.Equal(t, first, got)
		}
	}
}

func TestOpenReplayOfAMissingCassette(t *testing.T) {
	file := filepath.Join(t.TempDir(), "none.yaml")
	_, err := Open(context.Background(), file, Options{Mode: Replay})
	var le *cassette.LoadError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, file, le.Path)
	assert.ErrorIs(t, err, fs.ErrNotExist)
}

// A recording holds text, even when the server compresses its answers.
func TestRecordingStoresDecompressedBodies(t *testing.T) {
	const text = `{"id":"1","title":"compressed"}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			io.WriteString(w, text)
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
		gz := gzip.NewWriter(w)
		io.WriteString(gz, text)
		gz.Close()
	}))
	defer srv.Close()
	rec := New(cassette.New(filepath.Join(t.TempDir(), "c.yaml"), cassette.Options{}), Options{Mode: Record})
	req, _ := http.NewRequest("GET", srv.URL+"/v1/courses/1", nil)
	req.Header.Set("Accept-Encoding", "gzip") // as a proxied client would send
	resp, err := rec.RoundTrip(req)
	require.NoError(t, err)
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, text, string(data))
	assert.Empty(t, resp.Header.Get("Content-Encoding"))
	assert.Equal(t, text, rec.Cassette().Interactions()[0].Response.Body)
}

func TestRefusesLargeBodies(t *testing.T) {
	rec := New(cassette.New(filepath.Join(t.TempDir(), "c.yaml"), cassette.Options{}), Options{Mode: Record, MaxBody: 4, Upstream: failingTransport{t}})
	req, _ := http.NewRequest("POST", "http://127.0.0.1:1/v1/courses", io.MultiReader(strings.NewReader("12345")))
	_, err := rec.RoundTrip(req)
	var tl *BodyTooLargeError
	require.ErrorAs(t, err, &tl)
	assert.ErrorIs(t, err, ErrBodyTooLarge)
	assert.Equal(t, int64(4), tl.Limit)
}
