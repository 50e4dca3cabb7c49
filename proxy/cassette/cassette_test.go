package cassette

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	vcr "gopkg.in/dnaeon/go-vcr.v3/cassette"
)

func request(method, url, body, actor string) *vcr.Request {
	h := http.Header{"Content-Type": {"application/json"}}
	if actor != "" {
		h.Set(ActorHeader, actor)
	}
	return &vcr.Request{Method: method, URL: url, Body: body, Headers: h}
}

func answer(req *vcr.Request, body string) *vcr.Interaction {
	r := *req
	r.Headers = req.Headers.Clone()
	return &vcr.Interaction{Request: r, Response: vcr.Response{Code: 200, Status: "200 OK", Body: body}}
}

const base = "https://classroom.googleapis.com"

func TestSameKey(t *testing.T) {
	c := New("unused.yaml", Options{MatchActor: true})
	tests := []struct {
		name string
		a, b *vcr.Request
	}{
		{"query order",
			request("GET", base+"/v1/courses?pageSize=10&teacherId=me", "", ""),
			request("GET", base+"/v1/courses?teacherId=me&pageSize=10", "", "")},
		{"Google system parameters",
			request("GET", base+"/v1/courses?pageSize=10", "", ""),
			request("GET", base+"/v1/courses?alt=json&pageSize=10&prettyPrint=false&%24.xgafv=2&quotaUser=u&key=k&access_token=t&oauth_token=o", "", "")},
		{"host and scheme",
			request("GET", "http://127.0.0.1:8080/v1/courses/1", "", ""),
			request("GET", base+"/v1/courses/1", "", "")},
		{"JSON key order and whitespace",
			request("POST", base+"/v1/courses", `{"name":"Maths","section":"A","ownerId":"me"}`, ""),
			request("POST", base+"/v1/courses", "{\n  \"ownerId\": \"me\",\n  \"section\": \"A\",\n  \"name\": \"Maths\"\n}", "")},
		{"nested JSON key order",
			request("POST", base+"/v1/x", `{"a":[{"b":1,"c":2}],"d":{"e":1,"f":2}}`, ""),
			request("POST", base+"/v1/x", `{"d":{"f":2,"e":1},"a":[{"c":2,"b":1}]}`, "")},
		{"method case",
			request("get", base+"/v1/courses", "", ""),
			request("GET", base+"/v1/courses", "", "")},
		{"repeated parameter order",
			request("GET", base+"/v1/courses?courseStates=ACTIVE&courseStates=ARCHIVED", "", ""),
			request("GET", base+"/v1/courses?courseStates=ARCHIVED&courseStates=ACTIVE", "", "")},
		{"credentials redacted in a body",
			request("POST", base+"/token", `{"client_secret":"one"}`, ""),
			request("POST", base+"/token", `{"client_secret":"two"}`, "")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if ka, kb := c.Key(tt.a), c.Key(tt.b); ka != kb {
				t.Errorf("keys differ:\n%s\n%s", ka, kb)
			}
		})
	}
}

func TestDifferentKey(t *testing.T) {
	c := New("unused.yaml", Options{MatchActor: true})
	get := request("GET", base+"/v1/courses?pageSize=10", "", "teacher")
	tests := []struct {
		name string
		b    *vcr.Request
	}{
		{"method", request("DELETE", base+"/v1/courses?pageSize=10", "", "teacher")},
		{"path", request("GET", base+"/v1/courses/1?pageSize=10", "", "teacher")},
		{"query value", request("GET", base+"/v1/courses?pageSize=20", "", "teacher")},
		{"fields changes the answer", request("GET", base+"/v1/courses?pageSize=10&fields=courses.id", "", "teacher")},
		{"actor", request("GET", base+"/v1/courses?pageSize=10", "", "student")},
		{"no actor", request("GET", base+"/v1/courses?pageSize=10", "", "")},
		{"body", request("GET", base+"/v1/courses?pageSize=10", `{}`, "teacher")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if c.Key(get) == c.Key(tt.b) {
				t.Errorf("same key %s", c.Key(get))
			}
		})
	}
	t.Run("non-JSON bodies are compared byte for byte", func(t *testing.T) {
		a := request("POST", base+"/upload", "a b", "")
		b := request("POST", base+"/upload", "a  b", "")
		if c.Key(a) == c.Key(b) {
			t.Error("same key")
		}
	})
	t.Run("identity is left out unless asked", func(t *testing.T) {
		c := New("unused.yaml", Options{})
		if c.Key(get) != c.Key(request("GET", base+"/v1/courses?pageSize=10", "", "student")) {
			t.Error("actor matched without MatchActor")
		}
	})
}

func TestIdenticalRequestsReplayInRecordedOrder(t *testing.T) {
	c := New("unused.yaml", Options{MatchActor: true})
	req := request("GET", base+"/v1/courses/1", "", "teacher")
	for _, body := range []string{"first", "second", "third"} {
		c.Add(answer(req, body))
	}
	c.Add(answer(request("GET", base+"/v1/courses/1", "", "student"), "student's"))
	for _, want := range []string{"first", "second", "third"} {
		i, err := c.Replay(req)
		require.NoError(t, err)
		if i.Response.Body != want {
			t.Fatalf("got %q, want %q", i.Response.Body, want)
		}
	}
	_, err := c.Replay(req)
	var miss *MissError
	if !errors.As(err, &miss) || !errors.Is(err, ErrNoMatch) || miss.Recorded != 3 {
		t.Fatalf("fourth replay: %v", err)
	}
	if !strings.Contains(err.Error(), "recorded 3 time(s) and every recorded answer was already replayed") {
		t.Errorf("message: %v", err)
	}
	if i, err := c.Replay(request("GET", base+"/v1/courses/1", "", "student")); err != nil || i.Response.Body != "student's" {
		t.Errorf("student: %v %v", i, err)
	}
}

func TestRepeatLast(t *testing.T) {
	c := New("unused.yaml", Options{RepeatLast: true})
	req := request("GET", base+"/v1/courses/1", "", "")
	c.Add(answer(req, "a"))
	c.Add(answer(req, "b"))
	for _, want := range []string{"a", "b", "b", "b"} {
		if i, err := c.Replay(req); err != nil || i.Response.Body != want {
			t.Fatalf("got %v %v, want %q", i, err, want)
		}
	}
}

func TestMissNamesClosestRequestAndDifference(t *testing.T) {
	c := New("unused.yaml", Options{MatchActor: true})
	c.Add(answer(request("GET", base+"/v1/courses/1/courseWork?pageSize=10", "", "teacher"), ""))
	c.Add(answer(request("POST", base+"/v1/courses/1/courseWork", `{"title":"Essay","maxPoints":100,"state":"PUBLISHED"}`, "teacher"), ""))
	c.Add(answer(request("GET", base+"/v1/courses/1/courseWork/7", "", "teacher"), ""))
	tests := []struct {
		name    string
		req     *vcr.Request
		closest int
		want    []string
	}{
		{"a body field", request("POST", base+"/v1/courses/1/courseWork", `{"title":"Essay 2","maxPoints":100,"state":"PUBLISHED"}`, "teacher"),
			1, []string{`body.title: got "Essay 2", recorded "Essay"`}},
		{"a missing and an extra field", request("POST", base+"/v1/courses/1/courseWork", `{"title":"Essay","state":"PUBLISHED","dueDate":{}}`, "teacher"),
			1, []string{`body.dueDate: got {}, not recorded`, `body.maxPoints: missing, recorded 100`}},
		{"a query parameter", request("GET", base+"/v1/courses/1/courseWork?pageSize=20", "", "teacher"),
			0, []string{`query pageSize: got "20", recorded "10"`}},
		{"the actor", request("GET", base+"/v1/courses/1/courseWork?pageSize=10", "", "student"),
			0, []string{`actor: got "student", recorded "teacher"`}},
		{"the method", request("DELETE", base+"/v1/courses/1/courseWork/7", "", "teacher"),
			2, []string{"method: got DELETE, recorded GET"}},
		{"the path", request("GET", base+"/v1/courses/1/courseWork/8", "", "teacher"),
			2, []string{"path: got /v1/courses/1/courseWork/8, recorded /v1/courses/1/courseWork/7"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Replay(tt.req)
			var miss *MissError
			if !errors.As(err, &miss) {
				t.Fatalf("err = %v", err)
			}
			if miss.Closest == nil || miss.Closest.ID != tt.closest {
				t.Fatalf("closest = %+v, want #%d (%v)", miss.Closest, tt.closest, err)
			}
			if strings.Join(miss.Differences, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("differences:\n%s\nwant:\n%s", strings.Join(miss.Differences, "\n"), strings.Join(tt.want, "\n"))
			}
			if !strings.Contains(err.Error(), fmt.Sprintf("the closest is #%d", tt.closest)) {
				t.Errorf("message: %v", err)
			}
		})
	}
	t.Run("an empty cassette", func(t *testing.T) {
		_, err := New("x.yaml", Options{}).Replay(request("GET", base+"/v1/courses", "", ""))
		if err == nil || !strings.Contains(err.Error(), "the cassette is empty") {
			t.Errorf("err = %v", err)
		}
	})
}

// The recording holds the redacted request; a live request carries real credentials. They must
// still match.
func TestRedactionDoesNotBreakMatching(t *testing.T) {
	c := New("unused.yaml", Options{MatchActor: true})
	live := func() *vcr.Request {
		r := request("POST", base+"/v1/courses?access_token=ya29.a0AfB_byC1234567890&pageSize=1&state=ya29.a0AfB_byC1234567890",
			`{"name":"x","client_secret":"s3cr3t","note":"ya29.a0AfB_byC1234567890"}`, "teacher")
		r.Headers.Set("Authorization", "Bearer ya29.a0AfB_byC1234567890")
		return r
	}
	c.Add(answer(live(), "ok"))
	stored := c.Interactions()[0].Request
	for _, s := range []string{stored.URL, stored.Body, stored.Headers.Get("Authorization")} {
		if strings.Contains(s, "ya29.") || strings.Contains(s, "s3cr3t") {
			t.Errorf("secret stored: %s", s)
		}
	}
	if i, err := c.Replay(live()); err != nil || i.Response.Body != "ok" {
		t.Fatalf("replay of the live request: %v", err)
	}
}

func TestUnused(t *testing.T) {
	c := New("unused.yaml", Options{MatchActor: true})
	a := request("GET", base+"/v1/courses/1", "", "teacher")
	b := request("GET", base+"/v1/courses/2", "", "teacher")
	c.Add(answer(a, "1"))
	c.Add(answer(b, "2"))
	c.Add(answer(a, "1 again"))
	if _, err := c.Replay(a); err != nil {
		t.Fatal(err)
	}
	got := c.Unused()
	if len(got) != 2 || got[0].ID != 1 || got[1].ID != 2 || got[0].Actor != "teacher" {
		t.Fatalf("unused = %+v", got)
	}
	if s := got[1].String(); s != `#2 GET `+base+`/v1/courses/1 (actor "teacher")` {
		t.Errorf("String() = %s", s)
	}
}

// A miss takes a place in the order, so that in replay-or-record mode the answer recorded for it
// is the one a later replay of the same sequence gets.
func TestRecordingAfterAMissKeepsTheOrder(t *testing.T) {
	c := New("unused.yaml", Options{})
	req := request("GET", base+"/v1/courses/1", "", "")
	c.Add(answer(req, "recorded"))
	if i, _ := c.Replay(req); i == nil || i.Response.Body != "recorded" {
		t.Fatal("first replay")
	}
	if _, err := c.Replay(req); err == nil {
		t.Fatal("second replay should miss")
	}
	c.Add(answer(req, "recorded live"))
	if u := c.Unused(); len(u) != 0 {
		t.Errorf("the answer recorded for a miss counts as unused: %v", u)
	}
	if _, err := c.Replay(req); err == nil {
		t.Error("third request should miss too")
	}
}

func TestConcurrentAddAndReplay(t *testing.T) {
	c := New("unused.yaml", Options{})
	const workers, each = 8, 200
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; n < each; n++ {
				req := request("POST", base+"/v1/x", fmt.Sprintf(`{"w":%d,"n":%d}`, w, n), "")
				c.Add(answer(req, fmt.Sprintf("%d/%d", w, n)))
				if i, err := c.Replay(req); err != nil || i.Response.Body != fmt.Sprintf("%d/%d", w, n) {
					t.Errorf("replay %d/%d: %v", w, n, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if c.Len() != workers*each {
		t.Fatalf("len = %d", c.Len())
	}
	for idx, i := range c.Interactions() {
		if i.ID != idx {
			t.Fatalf("interaction %d has ID %d", idx, i.ID)
		}
	}
	if u := c.Unused(); len(u) != 0 {
		t.Errorf("%d unused", len(u))
	}
}

func TestLoadRejectsOtherFormats(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"v1.yaml":     "---\nversion: 1\ninteractions: []\n",
		"broken.yaml": "version: 2\ninteractions: [\n",
	} {
		path := dir + "/" + name
		if err := writeFile(path, content); err != nil {
			t.Fatal(err)
		}
		if _, err := Load(context.Background(), path, Options{}); err == nil {
			t.Errorf("%s loaded", name)
		}
	}
}

func writeFile(path, content string) error {
	return os.WriteFile(path, []byte(content), 0o644)
}
