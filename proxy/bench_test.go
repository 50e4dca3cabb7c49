package proxy

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	vcr "gopkg.in/dnaeon/go-vcr.v3/cassette"
	"gopkg.in/dnaeon/go-vcr.v3/recorder"

	"github.com/classroom-conformance/classroom-conformance/proxy/cassette"
)

// The benchmarks compare the proxy with its peers in one process, on loopback, with 1 KB JSON
// answers and 32 concurrent clients (the conditions of the quality bars in DESIGN.md). Each
// comparison runs the baseline and the candidate twice, alternately, keeps the faster run of
// each, and reports their ratio as "x-baseline": the candidate's throughput as a multiple of the
// baseline's (above 1 is faster).
//
//	go test -run '^$' -bench . ./proxy/...

// answer1KB is a courseWork of about 1 KB.
var answer1KB = []byte(fmt.Sprintf(`{"courseId":"123456","id":"654321","title":"Homework","description":%q,"state":"PUBLISHED","alternateLink":"https://classroom.google.com/c/MTIz/a/NjU0/details","creationTime":"2024-01-02T03:04:05.678Z","updateTime":"2024-01-02T03:04:05.678Z","maxPoints":100,"workType":"ASSIGNMENT","submissionModificationMode":"MODIFIABLE_UNTIL_TURNED_IN","assigneeMode":"ALL_STUDENTS","creatorUserId":"105"}`,
	strings.Repeat("Read the chapter and answer the questions. ", 14)))

const clients = 32

// startServer serves h on a loopback port for the rest of the benchmark.
func startServer(b *testing.B, h http.Handler) string {
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

// trivialServer is the "trivial Go server" of the quality bars.
func trivialServer(b *testing.B) string {
	return startServer(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		w.Write(answer1KB)
	}))
}

func benchClient() *http.Client {
	return &http.Client{Transport: &http.Transport{MaxIdleConns: 2 * clients, MaxIdleConnsPerHost: 2 * clients}}
}

// hammer sends b.N GETs from 32 goroutines; path gives the path of the nth request.
func hammer(b *testing.B, base string, path func(n int64) string) {
	client := benchClient()
	defer client.CloseIdleConnections()
	var seq atomic.Int64
	b.SetParallelism((clients + 1) / 2) // times GOMAXPROCS=2: 32 goroutines
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest("GET", base+path(seq.Add(1)), nil)
			req.Header.Set("Authorization", "Bearer ya29.benchmark-token-0123456789")
			resp, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			n, _ := io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || n != int64(len(answer1KB)) {
				b.Errorf("answer %d, %d bytes", resp.StatusCode, n)
				return
			}
		}
	})
}

// compare benchmarks baseline and candidate and reports the candidate's throughput relative to
// the baseline's.
func compare(b *testing.B, baseline, candidate func(*testing.B)) {
	best := func(f func(*testing.B), prev float64) float64 {
		r := testing.Benchmark(f)
		ns := float64(r.T.Nanoseconds()) / float64(r.N)
		if prev == 0 || ns < prev {
			return ns
		}
		return prev
	}
	var base, cand float64
	for round := 0; round < 2; round++ {
		base = best(baseline, base)
		cand = best(candidate, cand)
	}
	b.ReportMetric(cand, "ns/op")
	b.ReportMetric(base, "baseline-ns/op")
	b.ReportMetric(base/cand, "x-baseline")
}

type bufferPool struct{ p sync.Pool }

func (bp *bufferPool) Get() []byte {
	if b, ok := bp.p.Get().(*[]byte); ok {
		return *b
	}
	return make([]byte, 32*1024)
}
func (bp *bufferPool) Put(b []byte) { bp.p.Put(&b) }

// reverseProxy is the baseline: httputil.ReverseProxy with a buffer pool, and the same upstream
// transport as the proxy.
func reverseProxy(b *testing.B, upstream string) func(*testing.B) {
	return func(b *testing.B) {
		u, _ := url.Parse(upstream)
		rp := httputil.NewSingleHostReverseProxy(u)
		rp.BufferPool = &bufferPool{}
		rp.Transport = DefaultUpstreamTransport()
		hammer(b, startServer(b, rp), func(int64) string { return "/v1/courses/123456/courseWork/654321" })
	}
}

func ourProxy(mode Mode, upstream string) func(*testing.B) {
	return func(b *testing.B) {
		u, _ := url.Parse(upstream)
		p := &Proxy{Mode: mode, Upstream: u, ErrorLog: discardLog()}
		if mode.Records() {
			p.Cassette = cassette.New(filepath.Join(b.TempDir(), "bench.yaml"), cassette.Options{})
		}
		r := serveBench(b, p)
		hammer(b, r, func(n int64) string { return fmt.Sprintf("/v1/courses/123456/courseWork/%d", n) })
	}
}

// serveBench runs p.Serve, periodic saves included, for the rest of the benchmark.
func serveBench(b *testing.B, p *Proxy) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Serve(ctx, ln) }()
	b.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			b.Error(err)
		}
	})
	return "http://" + ln.Addr().String()
}

// BenchmarkPassthrough: the proxy forwarding, against httputil.ReverseProxy with a BufferPool.
// Bar: at least 1x.
func BenchmarkPassthrough(b *testing.B) {
	up := trivialServer(b)
	compare(b, reverseProxy(b, up), ourProxy(Passthrough, up))
}

// BenchmarkRecord: the proxy recording every exchange (with its periodic saves), against
// httputil.ReverseProxy with a BufferPool. Bar: at least 0.8x.
func BenchmarkRecord(b *testing.B) {
	up := trivialServer(b)
	compare(b, reverseProxy(b, up), ourProxy(Record, up))
}

// replayCassette holds n recorded GETs of distinct courseWork, each answered with 1 KB.
func replayCassette(n int) *cassette.Cassette {
	c := cassette.New(os.DevNull, cassette.Options{RepeatLast: true})
	for k := 0; k < n; k++ {
		c.Add(&vcr.Interaction{
			Request: vcr.Request{Method: "GET", URL: fmt.Sprintf("http://127.0.0.1/v1/courses/123456/courseWork/%d", k),
				Headers: http.Header{"Authorization": {"Bearer REDACTED"}}},
			Response: vcr.Response{Code: 200, Status: "200 OK", Body: string(answer1KB),
				Headers: http.Header{"Content-Type": {"application/json; charset=UTF-8"}}},
		})
	}
	return c
}

// BenchmarkReplay: the proxy replaying from cassettes of 10 and 100,000 interactions, against the
// trivial server answering directly. Bar: at least 0.7x at both sizes.
func BenchmarkReplay(b *testing.B) {
	for _, n := range []int{10, 100000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			c := replayCassette(n)
			direct := func(b *testing.B) {
				hammer(b, trivialServer(b), func(int64) string { return "/v1/courses/123456/courseWork/654321" })
			}
			replay := func(b *testing.B) {
				base := serveBench(b, &Proxy{Mode: Replay, Cassette: c, ErrorLog: discardLog()})
				hammer(b, base, func(i int64) string { return fmt.Sprintf("/v1/courses/123456/courseWork/%d", i*7919%int64(n)) })
			}
			compare(b, direct, replay)
		})
	}
}

// BenchmarkLookup: the cost of one replayed request without HTTP, through Transport, against
// go-vcr's recorder in ModeReplayOnly with a matcher (method, URL and body), on the same cassette
// file. Requests go round the whole cassette, so go-vcr's linear scan reads half of it on
// average. go-vcr loads the 100,000-interaction cassette once per run (seconds, gigabytes).
func BenchmarkLookup(b *testing.B) {
	dir := b.TempDir()
	for _, n := range []int{10, 1000, 100000} {
		path := filepath.Join(dir, fmt.Sprintf("lookup-%d.yaml", n))
		c := replayCassette(n)
		saved := cassette.New(path, cassette.Options{})
		for _, i := range c.Interactions() {
			cp := *i
			saved.Add(&cp)
		}
		if err := saved.Save(context.Background()); err != nil {
			b.Fatal(err)
		}
		requests := make([]*http.Request, n)
		for k := range requests {
			requests[k], _ = http.NewRequest("GET", fmt.Sprintf("http://127.0.0.1/v1/courses/123456/courseWork/%d", k*7919%n), nil)
		}
		b.Run(fmt.Sprintf("cassette/%d", n), func(b *testing.B) {
			loaded, err := cassette.Load(context.Background(), path, cassette.Options{RepeatLast: true})
			if err != nil {
				b.Fatal(err)
			}
			tr := &Transport{Mode: Replay, Cassette: loaded}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				resp, err := tr.RoundTrip(requests[i%n])
				if err != nil {
					b.Fatal(err)
				}
				resp.Body.Close()
			}
		})
		b.Run(fmt.Sprintf("go-vcr/%d", n), func(b *testing.B) {
			rec := goVCRRecorder(b, path)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				resp, err := rec.RoundTrip(requests[i%n])
				if err != nil {
					b.Fatal(err)
				}
				resp.Body.Close()
			}
		})
	}
}

var goVCRRecorders sync.Map // cassette path -> *recorder.Recorder, loaded once per run

func goVCRRecorder(b *testing.B, path string) *recorder.Recorder {
	if r, ok := goVCRRecorders.Load(path); ok {
		return r.(*recorder.Recorder)
	}
	start := time.Now()
	rec, err := recorder.NewWithOptions(&recorder.Options{
		CassetteName: strings.TrimSuffix(path, ".yaml"), Mode: recorder.ModeReplayOnly, SkipRequestLatency: true,
	})
	if err != nil {
		b.Fatal(err)
	}
	rec.SetMatcher(func(r *http.Request, i vcr.Request) bool {
		if r.Method != i.Method || r.URL.String() != i.URL {
			return false
		}
		if r.Body == nil || r.Body == http.NoBody {
			return i.Body == ""
		}
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		return string(body) == i.Body
	})
	rec.SetReplayableInteractions(true)
	b.Logf("go-vcr loaded %s in %v", filepath.Base(path), time.Since(start))
	goVCRRecorders.Store(path, rec)
	return rec
}
