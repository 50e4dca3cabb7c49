// Package loadtest is the load generator of the benchmarks that hold the proxy, and what the
// fault plan and validation put in front of it, to the quality bars of DESIGN.md: loopback,
// 1 KB JSON answers, 32 concurrent clients. Both packages' benchmarks send their load through
// it, so that their numbers are measured the same way.
package loadtest

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	vcr "gopkg.in/dnaeon/go-vcr.v3/cassette"

	"github.com/classroom-conformance/classroom-conformance/proxy/cassette"
)

// Answer1KB is a courseWork of about 1 KB that conforms to the discovery document. Read it,
// never write it: every benchmark shares it.
var Answer1KB = []byte(fmt.Sprintf(`{"courseId":"123456","id":"654321","title":"Homework","description":%q,"state":"PUBLISHED","alternateLink":"https://classroom.google.com/c/MTIz/a/NjU0/details","creationTime":"2024-01-02T03:04:05.678Z","updateTime":"2024-01-02T03:04:05.678Z","maxPoints":100,"workType":"ASSIGNMENT","submissionModificationMode":"MODIFIABLE_UNTIL_TURNED_IN","assigneeMode":"ALL_STUDENTS","creatorUserId":"105"}`,
	strings.Repeat("Read the chapter and answer the questions. ", 14)))

// Clients is how many clients send at once.
const Clients = 32

// StartServer serves h on a loopback port for the rest of the benchmark.
func StartServer(b *testing.B, h http.Handler) string {
	b.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	go srv.Serve(ln)
	b.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

// TrivialServer is the "trivial Go server" of the quality bars: it answers every request with
// Answer1KB.
func TrivialServer(b *testing.B) string {
	return StartServer(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		w.Write(Answer1KB)
	}))
}

// Client is a client that keeps a connection per concurrent client alive, so that a burst
// measures the servers rather than dialling.
func Client() *http.Client {
	return &http.Client{Transport: &http.Transport{MaxIdleConns: 2 * Clients, MaxIdleConnsPerHost: 2 * Clients}}
}

// Burst sends n GETs (the ith to base+path(i)) from Clients goroutines and returns how long
// they took. Every answer must be a 200 of Answer1KB's length. When lat is not nil, the latency
// of each request is appended to it.
func Burst(b *testing.B, client *http.Client, base string, path func(n int64) string, n int64, lat *[]time.Duration) time.Duration {
	var seq atomic.Int64
	each := make([]time.Duration, n)
	var wg sync.WaitGroup
	start := time.Now()
	for g := 0; g < Clients; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := seq.Add(1); i <= n; i = seq.Add(1) {
				req, _ := http.NewRequest("GET", base+path(i), nil)
				req.Header.Set("Authorization", "Bearer ya29.benchmark-token-0123456789")
				began := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					b.Error(err)
					return
				}
				got, _ := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				each[i-1] = time.Since(began)
				if resp.StatusCode != 200 || got != int64(len(Answer1KB)) {
					b.Errorf("answer %d, %d bytes", resp.StatusCode, got)
					return
				}
			}
		}()
	}
	wg.Wait()
	took := time.Since(start)
	if lat != nil {
		*lat = append(*lat, each...)
	}
	return took
}

// ReplayCassette holds n recorded GETs of distinct courseWork (the ith of path
// /v1/courses/123456/courseWork/i), each answered with Answer1KB, repeating the last answer of
// a request once it is used.
func ReplayCassette(n int) *cassette.Cassette {
	c := cassette.New(os.DevNull, cassette.Options{RepeatLast: true})
	for k := 0; k < n; k++ {
		c.Add(&vcr.Interaction{
			Request: vcr.Request{Method: "GET", URL: fmt.Sprintf("http://127.0.0.1/v1/courses/123456/courseWork/%d", k),
				Headers: http.Header{"Authorization": {"Bearer REDACTED"}}},
			Response: vcr.Response{Code: 200, Status: "200 OK", Body: string(Answer1KB),
				Headers: http.Header{"Content-Type": {"application/json; charset=UTF-8"}}},
		})
	}
	return c
}
