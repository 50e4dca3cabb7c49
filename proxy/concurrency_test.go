package proxy

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/proxy/cassette"
)

// Under concurrent load, every request served is recorded exactly once, whole, and replays to the
// answer its client got, while periodic saves run alongside.
func TestRecordedUnderConcurrentLoadEqualsServed(t *testing.T) {
	const clients, each = 32, 20
	up := newUpstream(t)
	path := t.TempDir() + "/load.yaml"
	rec := serve(t, &Proxy{Mode: Record, Cassette: cassette.New(path, cassette.Options{MatchActor: true}), Upstream: up.url(t),
		Identity: TokenLabel, SaveInterval: 5 * time.Millisecond})
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	served := make(map[string]string) // request body -> answer
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := 0; w < clients; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; n < each; n++ {
				body := fmt.Sprintf(`{"client":%d,"n":%d}`, w, n)
				code, answer, _ := do(t, client, "POST", rec.URL+"/v1/courses", body)
				if code != 200 {
					t.Errorf("%s: %d %s", body, code, answer)
					return
				}
				mu.Lock()
				served[body] = answer
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if err := rec.stop(); err != nil {
		t.Fatal(err)
	}

	c, err := cassette.Load(context.Background(), path, cassette.Options{MatchActor: true})
	require.NoError(t, err)
	if c.Len() != clients*each || len(served) != clients*each {
		t.Fatalf("recorded %d, served %d, sent %d", c.Len(), len(served), clients*each)
	}
	seen := map[string]bool{}
	for idx, i := range c.Interactions() {
		if i.ID != idx {
			t.Fatalf("interaction %d has ID %d", idx, i.ID)
		}
		want, ok := served[i.Request.Body]
		if !ok || seen[i.Request.Body] {
			t.Fatalf("recorded request %q was not served once", i.Request.Body)
		}
		seen[i.Request.Body] = true
		if i.Response.Body != want {
			t.Fatalf("recorded answer %q, served %q", i.Response.Body, want)
		}
		if decodeEcho(t, i.Response.Body).Body != i.Request.Body {
			t.Fatalf("interaction %d pairs a request with another's answer", idx)
		}
	}

	rep := serve(t, &Proxy{Mode: Replay, Cassette: c, Identity: TokenLabel})
	for w := 0; w < clients; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; n < each; n++ {
				body := fmt.Sprintf(`{"n":%d,"client":%d}`, n, w) // same JSON, other key order
				code, answer, _ := do(t, client, "POST", rep.URL+"/v1/courses", body)
				if want := served[fmt.Sprintf(`{"client":%d,"n":%d}`, w, n)]; code != 200 || answer != want {
					t.Errorf("replay %s: %d %s, want %s", body, code, answer, want)
					return
				}
			}
		}()
	}
	wg.Wait()
	if u := c.Unused(); len(u) != 0 {
		t.Errorf("%d interactions unused", len(u))
	}
}
