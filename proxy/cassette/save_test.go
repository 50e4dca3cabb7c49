package cassette

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	vcr "gopkg.in/dnaeon/go-vcr.v3/cassette"
	"gopkg.in/dnaeon/go-vcr.v3/recorder"
)

func TestSaveAndLoadRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "dir", "c.yaml")
	c := New(path, Options{MatchActor: true})
	for n := 0; n < 5; n++ {
		c.Add(sampleInteraction(n))
	}
	require.NoError(t, c.Save(context.Background()))
	loaded, err := Load(context.Background(), path, Options{MatchActor: true})
	require.NoError(t, err)
	if !reflect.DeepEqual(normalise(c.Interactions()), normalise(loaded.Interactions())) {
		t.Errorf("loaded interactions differ from saved ones")
	}
	if loaded.Dirty() {
		t.Error("a freshly loaded cassette is dirty")
	}
	if i, err := loaded.Replay(&sampleInteraction(3).Request); err != nil || i.ID != 3 {
		t.Errorf("replay after load: %v %v", i, err)
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v", st.Mode())
	}
}

// normalise makes nil and empty maps and lists compare equal, as YAML does not tell them apart.
func normalise(is []*vcr.Interaction) []vcr.Interaction {
	var out []vcr.Interaction
	for _, i := range is {
		c := *i
		for _, h := range []*http.Header{&c.Request.Headers, &c.Request.Trailer, &c.Response.Headers, &c.Response.Trailer} {
			if len(*h) == 0 {
				*h = nil
			}
		}
		if len(c.Request.Form) == 0 {
			c.Request.Form = nil
		}
		if len(c.Request.TransferEncoding) == 0 {
			c.Request.TransferEncoding = nil
		}
		if len(c.Response.TransferEncoding) == 0 {
			c.Response.TransferEncoding = nil
		}
		out = append(out, c)
	}
	return out
}

func TestSaveLeavesTheFileAloneWhenNothingChanged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.yaml")
	old := "---\nversion: 2\ninteractions: []\n# hand edited\n"
	require.NoError(t, os.WriteFile(path, []byte(old), 0o600))
	require.NoError(t, New(path, Options{}).Save(context.Background()))
	if data, _ := os.ReadFile(path); string(data) != old {
		t.Errorf("an empty recording replaced an existing cassette:\n%s", data)
	}
	// Without a file, saving an empty cassette creates one, so replay finds it.
	empty := filepath.Join(t.TempDir(), "empty.yaml")
	require.NoError(t, New(empty, Options{}).Save(context.Background()))
	if c, err := Load(context.Background(), empty, Options{}); err != nil || c.Len() != 0 {
		t.Errorf("empty cassette: %v", err)
	}
}

func TestCancelledSaveKeepsThePreviousCassette(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "c.yaml")
	c := New(path, Options{})
	c.Add(sampleInteraction(0))
	require.NoError(t, c.Save(context.Background()))
	before, _ := os.ReadFile(path)
	require.NoError(t, os.Chmod(path, 0o600))
	c.Add(sampleInteraction(1))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := c.Save(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	after, _ := os.ReadFile(path)
	if string(after) != string(before) {
		t.Error("a cancelled save changed the cassette")
	}
	if !c.Dirty() {
		t.Error("a failed save cleared the dirty flag")
	}
	require.NoError(t, c.Save(context.Background()))
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("saving changed the file's mode to %v", st.Mode())
	}
}

func TestLoadRedactsWhatAnotherRecorderLeft(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.yaml")
	c := New(path, Options{Redactor: nil})
	c.Add(sampleInteraction(0))
	require.NoError(t, c.Save(context.Background()))
	data, _ := os.ReadFile(path)
	leaky := strings.Replace(string(data), "Bearer REDACTED", "Bearer ya29.a0AfB_leaked-token-value", 1)
	if leaky == string(data) {
		t.Fatal("fixture did not change")
	}
	require.NoError(t, os.WriteFile(path, []byte(leaky), 0o644))
	loaded, err := Load(context.Background(), path, Options{})
	require.NoError(t, err)
	if got := loaded.Interactions()[0].Request.Headers.Get("Authorization"); got != "Bearer REDACTED" {
		t.Errorf("loaded %q", got)
	}
	if !loaded.Dirty() {
		t.Fatal("a cassette that held a credential is not marked for rewriting")
	}
	require.NoError(t, loaded.Save(context.Background()))
	if data, _ := os.ReadFile(path); strings.Contains(string(data), "ya29.") {
		t.Error("saving kept the credential")
	}
}

func TestAutoSave(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.yaml")
	c := New(path, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); c.AutoSave(ctx, 5*time.Millisecond, func(err error) { t.Error(err) }) }()
	c.Add(sampleInteraction(0))
	deadline := time.Now().Add(5 * time.Second)
	for c.Dirty() && time.Now().Before(deadline) {
		time.Sleep(2 * time.Millisecond)
	}
	cancel()
	wg.Wait()
	if loaded, err := Load(context.Background(), path, Options{}); err != nil || loaded.Len() != 1 {
		t.Fatalf("autosaved cassette: %v", err)
	}
}

// awkwardStrings are values whose YAML form is easy to get wrong (vcryaml's tests hold more).
var awkwardStrings = []string{
	"", " ", "  leading", "trailing ", "a: b", "a:b", "a #b", "a#b", "#x", "- x", "-x", "-", "?", ":",
	"null", "Null", "~", "true", "False", "yes",
}

// go-vcr must be able to read what this package writes, and replay it with its own recorder.
func TestGoVCRReadsSavedCassette(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ours.yaml")
	c := New(path, Options{})
	for _, s := range append([]string{"{\n  \"pretty\": true\n}\n"}, awkwardStrings...) {
		i := sampleInteraction(c.Len())
		i.Response.Body = s
		c.Add(i)
	}
	require.NoError(t, c.Save(context.Background()))
	theirs, err := vcr.Load(strings.TrimSuffix(path, ".yaml"))
	if err != nil {
		t.Fatalf("go-vcr cannot load our cassette: %v", err)
	}
	if !reflect.DeepEqual(normalise(c.Interactions()), normalise(theirs.Interactions)) {
		t.Fatal("go-vcr reads different interactions")
	}

	rec, err := recorder.NewWithOptions(&recorder.Options{
		CassetteName: strings.TrimSuffix(path, ".yaml"), Mode: recorder.ModeReplayOnly, SkipRequestLatency: true,
	})
	require.NoError(t, err)
	rec.SetMatcher(func(r *http.Request, i vcr.Request) bool { return r.Method == i.Method && r.URL.String() == i.URL })
	client := rec.GetDefaultClient()
	resp, err := client.Get(sampleInteraction(0).Request.URL)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "{\n  \"pretty\": true\n}\n" {
		t.Errorf("go-vcr replayed %q", body)
	}
}

// And this package must read what go-vcr's recorder writes.
func TestLoadsGoVCRRecorderCassette(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		io.WriteString(w, `{"id":"`+strings.TrimPrefix(r.URL.Path, "/v1/courses/")+`","name":"Maths"}`)
	}))
	defer srv.Close()
	name := filepath.Join(t.TempDir(), "theirs")
	rec, err := recorder.NewWithOptions(&recorder.Options{CassetteName: name, Mode: recorder.ModeRecordOnly, RealTransport: srv.Client().Transport})
	require.NoError(t, err)
	client := rec.GetDefaultClient()
	for _, id := range []string{"1", "2"} {
		req, _ := http.NewRequest("GET", srv.URL+"/v1/courses/"+id+"?alt=json", nil)
		req.Header.Set("Authorization", "Bearer ya29.a0AfB_byC-recorded-by-go-vcr")
		resp, err := client.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
	}
	require.NoError(t, rec.Stop())
	c, err := Load(context.Background(), name+".yaml", Options{})
	require.NoError(t, err)
	if c.Len() != 2 {
		t.Fatalf("len = %d", c.Len())
	}
	i, err := c.Replay(&vcr.Request{Method: "GET", URL: "https://classroom.googleapis.com/v1/courses/2"})
	if err != nil || i.Response.Body != `{"id":"2","name":"Maths"}` {
		t.Fatalf("replay: %v %v", i, err)
	}
	if !c.Dirty() {
		t.Error("go-vcr recorded the bearer token; the cassette should be marked for rewriting")
	}
}

// The strict loader takes a cassette go-vcr v3.2.0 wrote, kept as a fixture.
func TestLoadsGoVCRFixture(t *testing.T) {
	c, err := Load(context.Background(), filepath.Join("testdata", "go-vcr-v3.2.0.yaml"), Options{})
	require.NoError(t, err)
	require.Equal(t, 3, c.Len())
	assert.Equal(t, 404, c.Interactions()[2].Response.Code)
}

// A loaded cassette keeps its interactions in the file's text; they replay, report and save
// exactly as if they had been decoded, and extending the cassette writes them back unchanged.
func TestLoadedInteractionsStayInTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.yaml")
	c := New(path, Options{})
	for n := 0; n < 3; n++ {
		c.Add(sampleInteraction(n))
	}
	require.NoError(t, c.Save(context.Background()))
	want := normalise(c.Interactions())
	first, err := os.ReadFile(path)
	require.NoError(t, err)

	loaded, err := Load(context.Background(), path, Options{})
	require.NoError(t, err)
	assert.Nil(t, loaded.interactions[1], "a loaded interaction is read again from the file, not kept decoded")
	assert.Equal(t, want, normalise(loaded.Interactions()))
	i, err := loaded.Replay(&vcr.Request{Method: "GET", URL: sampleInteraction(1).Request.URL})
	require.NoError(t, err)
	assert.Equal(t, 1, i.ID)
	assert.Len(t, loaded.Unused(), 2)
	_, err = loaded.Replay(&vcr.Request{Method: "GET", URL: "https://classroom.googleapis.com/v1/courses/123456/courseWork/9"})
	var miss *MissError
	require.ErrorAs(t, err, &miss)
	require.NotNil(t, miss.Closest)

	loaded.Add(sampleInteraction(3))
	require.NoError(t, loaded.Save(context.Background()))
	second, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(second[len("---\nversion: 2\ninteractions:\n"):], first[len("---\nversion: 2\ninteractions:\n"):]),
		"the loaded interactions are written back as they were")
	again, err := Load(context.Background(), path, Options{})
	require.NoError(t, err)
	assert.Equal(t, 4, again.Len())
	assert.Equal(t, want, normalise(again.Interactions()[:3]))
}

// A record-only cassette keeps the text of what it saves, and nothing else, yet reports its
// interactions like any other.
func TestRecordOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.yaml")
	c := New(path, Options{RecordOnly: true})
	in := New(os.DevNull, Options{})
	for n := 0; n < 3; n++ {
		c.Add(sampleInteraction(n))
		in.Add(sampleInteraction(n))
	}
	assert.Nil(t, c.interactions[0])
	assert.Equal(t, normalise(in.Interactions()), normalise(c.Interactions()))
	_, err := c.Replay(&vcr.Request{Method: "GET", URL: sampleInteraction(0).Request.URL})
	assert.ErrorIs(t, err, ErrNoMatch)
	require.NoError(t, c.Save(context.Background()))
	loaded, err := Load(context.Background(), path, Options{})
	require.NoError(t, err)
	assert.Equal(t, normalise(in.Interactions()), normalise(loaded.Interactions()))
}
