package reference

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// send makes one request to a server as the holder of token and decodes the JSON answer.
func send(ctx context.Context, client *http.Client, base, token, method, path, body string) (int, map[string]any, error) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, base+path, rd)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return resp.StatusCode, nil, fmt.Errorf("%s %s: decode answer: %w", method, path, err)
	}
	return resp.StatusCode, out, nil
}

// TestConcurrentCourseWork runs teachers creating, patching and listing course work while
// students read, turn in and reclaim, all at once on one server, and then checks that nothing was
// lost: every created item is listed once and every submission is in a state its history
// explains. Run with -race.
func TestConcurrentCourseWork(t *testing.T) {
	c := newClassroom(t, Options{Now: time.Now})
	ctx := context.Background()
	base, client := c.srv.URL, c.srv.Client()
	token := func(actor string) string { return c.ids[actor].Token }
	const workers, perWorker = 8, 15

	var (
		mu      sync.Mutex
		created []string
	)
	errs := make(chan error, workers*perWorker*8)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < perWorker; i++ {
				code, cw, err := send(ctx, client, base, token("teacher"), "POST", "/v1/courses/"+c.course+"/courseWork",
					fmt.Sprintf(`{"title":"W%d-%d","workType":"ASSIGNMENT","state":"PUBLISHED","maxPoints":10}`, w, i))
				if err != nil || code != 200 {
					errs <- fmt.Errorf("create: %d %v %v", code, cw, err)
					return
				}
				id := cw["id"].(string)
				mu.Lock()
				created = append(created, id)
				mu.Unlock()
				work := "/v1/courses/" + c.course + "/courseWork/" + id
				steps := []struct{ actor, method, path, body string }{
					{"teacher", "PATCH", work + "?updateMask=description", `{"description":"d"}`},
					{"student", "GET", work, ""},
					{"teacher", "GET", "/v1/courses/" + c.course + "/courseWork?pageSize=5", ""},
					{"student", "GET", "/v1/courses/" + c.course + "/courseWork/-/studentSubmissions?userId=me&pageSize=3", ""},
				}
				for _, s := range steps {
					if code, body, err := send(ctx, client, base, token(s.actor), s.method, s.path, s.body); err != nil || code != 200 {
						errs <- fmt.Errorf("%s %s as %s: %d %v %v", s.method, s.path, s.actor, code, body, err)
					}
				}
				code, list, err := send(ctx, client, base, token("student"), "GET", work+"/studentSubmissions?userId=me", "")
				if err != nil || code != 200 {
					errs <- fmt.Errorf("list submissions: %d %v %v", code, list, err)
					continue
				}
				sub := list["studentSubmissions"].([]any)[0].(map[string]any)["id"].(string)
				for _, verb := range []string{"turnIn", "reclaim", "turnIn"} {
					if code, body, err := send(ctx, client, base, token("student"), "POST", work+"/studentSubmissions/"+sub+":"+verb, "{}"); err != nil || code != 200 {
						errs <- fmt.Errorf("%s: %d %v %v", verb, code, body, err)
					}
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if t.Failed() {
		return
	}

	seen := map[string]int{}
	next := ""
	for {
		path := "/v1/courses/" + c.course + "/courseWork?pageSize=7"
		if next != "" {
			path += "&pageToken=" + next
		}
		r := c.must("teacher", "GET", path, "")
		for _, id := range r.strs("courseWork", "id") {
			seen[id]++
		}
		if next = r.str("nextPageToken"); next == "" {
			break
		}
	}
	if len(seen) != len(created) || len(created) != workers*perWorker {
		t.Errorf("created %d, listed %d distinct", len(created), len(seen))
	}
	for _, id := range created {
		if seen[id] != 1 {
			t.Errorf("course work %s listed %d times", id, seen[id])
		}
	}
	all := c.must("teacher", "GET", "/v1/courses/"+c.course+"/courseWork/-/studentSubmissions?userId="+studentID+"&states=TURNED_IN&pageSize=1000", "")
	if n := len(all.strs("studentSubmissions", "id")); n != workers*perWorker {
		t.Errorf("%d submissions turned in, want %d", n, workers*perWorker)
	}
}

// BenchmarkCreateAndGet measures the request throughput of the reference on loopback: each
// operation is one courseWork.create and one courseWork.get, from parallel clients.
func BenchmarkCreateAndGet(b *testing.B) {
	s, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	ctx := context.Background()
	client := srv.Client()
	client.Transport.(*http.Transport).MaxIdleConnsPerHost = 64
	teacher := BuiltinIdentities()[0].Token
	_, co, err := send(ctx, client, srv.URL, teacher, "POST", "/v1/courses", `{"name":"Bench","ownerId":"me","courseState":"ACTIVE"}`)
	if err != nil {
		b.Fatal(err)
	}
	course := co["id"].(string)
	body := `{"title":"Essay","workType":"ASSIGNMENT","state":"PUBLISHED","maxPoints":100,"description":"Read chapter 3 and write five hundred words about it."}`

	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			code, cw, err := send(ctx, client, srv.URL, teacher, "POST", "/v1/courses/"+course+"/courseWork", body)
			if err != nil || code != 200 {
				b.Errorf("create: %d %v", code, err)
				return
			}
			if code, _, err := send(ctx, client, srv.URL, teacher, "GET", "/v1/courses/"+course+"/courseWork/"+cw["id"].(string), ""); err != nil || code != 200 {
				b.Errorf("get: %d %v", code, err)
				return
			}
		}
	})
	b.ReportMetric(float64(2*b.N)/time.Since(start).Seconds(), "req/s")
}
