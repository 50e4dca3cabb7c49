package proxy

import (
	"compress/gzip"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
	"github.com/classroom-conformance/classroom-conformance/proxy/cassette"
)

func TestParseMode(t *testing.T) {
	for _, m := range []Mode{Replay, Record, ReplayOrRecord, Passthrough} {
		if got, err := ParseMode(m.String()); err != nil || got != m {
			t.Errorf("ParseMode(%q) = %v, %v", m, got, err)
		}
	}
	if _, err := ParseMode("Record"); err == nil {
		t.Error("ParseMode accepted a wrong spelling")
	}
	var zero Mode
	if zero != Replay {
		t.Error("the zero Mode can reach the network")
	}
}

// The suite's use: a client whose transport records, then replays, one cassette per scenario,
// each request labelled with the actor whose token it carries.
func TestTransportRecordsAndReplaysWithActors(t *testing.T) {
	up := newUpstream(t)
	c := newCassette(t, cassette.Options{MatchActor: true})
	label, err := endpoint.Labeller(map[string]string{"teacher": "teacher-token", "student": "student-token", "outsider": "outsider-token"})
	if err != nil {
		t.Fatal(err)
	}
	get := func(rt http.RoundTripper, actor, path string) (string, error) {
		req, _ := http.NewRequest("GET", up.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+actor+"-token")
		resp, err := (&http.Client{Transport: rt}).Do(req)
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		data, err := io.ReadAll(resp.Body)
		return string(data), err
	}
	rec := &Transport{Mode: Record, Cassette: c, Actor: label}
	teacher, _ := get(rec, "teacher", "/v1/courses/1")
	student, _ := get(rec, "student", "/v1/courses/1")
	if teacher == student {
		t.Fatal("upstream answers are not distinct")
	}
	if got := c.Interactions()[1].Request.Headers.Get(cassette.ActorHeader); got != "student" {
		t.Errorf("actor label %q", got)
	}
	for _, h := range up.seen {
		if h.Header.Get(cassette.ActorHeader) != "" {
			t.Error("the actor label was sent upstream")
		}
	}

	hits := up.hits.Load()
	rep := &Transport{Mode: Replay, Cassette: c, Upstream: failingTransport{t}, Actor: label}
	if got, err := get(rep, "student", "/v1/courses/1"); err != nil || got != student {
		t.Errorf("student replay: %v %s", err, got)
	}
	if got, err := get(rep, "teacher", "/v1/courses/1"); err != nil || got != teacher {
		t.Errorf("teacher replay: %v %s", err, got)
	}
	_, err = get(rep, "outsider", "/v1/courses/1")
	var miss *cassette.MissError
	if !errors.As(err, &miss) || !strings.Contains(miss.Error(), `actor: got "outsider", recorded "teacher"`) {
		t.Errorf("outsider: %v", err)
	}
	if up.hits.Load() != hits {
		t.Error("replay reached the upstream")
	}
}

type failingTransport struct{ t *testing.T }

func (f failingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	f.t.Errorf("replay sent %s %s", r.Method, r.URL)
	return nil, errors.New("no network in replay")
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
	c := newCassette(t, cassette.Options{})
	req, _ := http.NewRequest("GET", srv.URL+"/v1/courses/1", nil)
	req.Header.Set("Accept-Encoding", "gzip") // as a proxied client would send
	resp, err := (&Transport{Mode: Record, Cassette: c}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(data) != text || resp.Header.Get("Content-Encoding") != "" {
		t.Errorf("client got %q (%s)", data, resp.Header.Get("Content-Encoding"))
	}
	if got := c.Interactions()[0].Response.Body; got != text {
		t.Errorf("cassette holds %q", got)
	}
}

func TestTransportRefusesLargeBodies(t *testing.T) {
	tr := &Transport{Mode: Record, Cassette: newCassette(t, cassette.Options{}), MaxBody: 4, Upstream: failingTransport{t}}
	req, _ := http.NewRequest("POST", "http://127.0.0.1:1/v1/courses", io.MultiReader(strings.NewReader("12345")))
	_, err := tr.RoundTrip(req)
	var tl *BodyTooLargeError
	if !errors.As(err, &tl) || !errors.Is(err, ErrBodyTooLarge) || tl.Limit != 4 {
		t.Errorf("err = %v", err)
	}
}

func TestPassthroughRecordsNothing(t *testing.T) {
	up := newUpstream(t)
	c := newCassette(t, cassette.Options{})
	srv := httptest.NewServer(&Proxy{Mode: Passthrough, Cassette: c, Upstream: up.url(t)})
	defer srv.Close()
	if code, _, _ := do(t, http.DefaultClient, "GET", srv.URL+"/v1/courses", ""); code != 200 {
		t.Fatal(code)
	}
	if c.Len() != 0 {
		t.Error("passthrough recorded")
	}
}
