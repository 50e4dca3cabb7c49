package faults_test

import (
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/classroom-conformance/classroom-conformance/discovery"
	"github.com/classroom-conformance/classroom-conformance/faults"
	"github.com/classroom-conformance/classroom-conformance/internal/loadtest"
	"github.com/classroom-conformance/classroom-conformance/proxy"
)

// The benchmarks measure what `--validate` and an empty fault plan cost the proxy, as the proxy
// package's own benchmarks measure it against its peers: loopback, 1 KB JSON answers, 32
// concurrent clients, and paired bursts alternating between the plain proxy (the baseline) and
// the same proxy behind faults.Handler and discovery.Validator (the candidate), so that the
// drift of a shared machine falls on both. "x-plain" is the candidate's throughput as a multiple
// of the baseline's; the bar is at least 0.8.
//
//	go test -run '^$' -bench . -benchtime 20000x ./faults/

// compare sends b.N requests to each of base and cand, in alternate bursts.
func compare(b *testing.B, base, cand string, path func(int64) string) {
	client := loadtest.Client()
	defer client.CloseIdleConnections()
	chunk := max(int64(b.N)/10, 200)
	var baseTime, candTime time.Duration
	b.ResetTimer()
	for done := int64(0); done < int64(b.N); done += chunk {
		n := min(chunk, int64(b.N)-done)
		baseTime += loadtest.Burst(b, client, base, path, n, nil)
		candTime += loadtest.Burst(b, client, cand, path, n, nil)
	}
	b.StopTimer()
	b.ReportMetric(float64(candTime.Nanoseconds())/float64(b.N), "ns/op")
	b.ReportMetric(float64(baseTime.Nanoseconds())/float64(b.N), "plain-ns/op")
	b.ReportMetric(float64(baseTime)/float64(candTime), "x-plain")
}

// wrapped is h behind an empty fault plan and validation, as serve and proxy put them with
// --faults FILE --validate. A finding fails the benchmark: the answers conform.
func wrapped(b *testing.B, h http.Handler) http.Handler {
	d, err := discovery.Load()
	if err != nil {
		b.Fatal(err)
	}
	plan, err := faults.Parse([]byte("faults: {}\n"), d)
	if err != nil {
		b.Fatal(err)
	}
	v := &discovery.Validator{Doc: d, Next: h}
	b.Cleanup(func() {
		if n := v.Findings(); n > 0 {
			b.Errorf("%d findings", n)
		}
	})
	return &faults.Handler{Next: v, Doc: d, Plan: plan}
}

func quiet() *log.Logger { return log.New(io.Discard, "", 0) }

func path(i int64) string { return fmt.Sprintf("/v1/courses/123456/courseWork/%d", i%1000) }

// BenchmarkPassthroughOverhead: the proxy forwarding to a trivial upstream, with and without
// an empty fault plan and validation in front.
func BenchmarkPassthroughOverhead(b *testing.B) {
	up := loadtest.TrivialServer(b)
	u, _ := url.Parse(up)
	plain := &proxy.Proxy{Mode: proxy.Passthrough, Upstream: u, ErrorLog: quiet()}
	cand := &proxy.Proxy{Mode: proxy.Passthrough, Upstream: u, ErrorLog: quiet()}
	compare(b, loadtest.StartServer(b, plain), loadtest.StartServer(b, wrapped(b, cand)), path)
}

// BenchmarkReplayOverhead: the proxy replaying 1,000 interactions, with and without an empty
// fault plan and validation in front.
func BenchmarkReplayOverhead(b *testing.B) {
	plain := &proxy.Proxy{Mode: proxy.Replay, Cassette: loadtest.ReplayCassette(1000), ErrorLog: quiet()}
	cand := &proxy.Proxy{Mode: proxy.Replay, Cassette: loadtest.ReplayCassette(1000), ErrorLog: quiet()}
	compare(b, loadtest.StartServer(b, plain), loadtest.StartServer(b, wrapped(b, cand)), path)
}

// BenchmarkReplayHandlerOverhead is the same comparison without the network: the replaying
// proxy's ServeHTTP called directly, so that the wrappers' cost is measured against the proxy's
// own work alone (the loopback round trips of the other benchmarks dilute it).
func BenchmarkReplayHandlerOverhead(b *testing.B) {
	plain := &proxy.Proxy{Mode: proxy.Replay, Cassette: loadtest.ReplayCassette(1000), ErrorLog: quiet()}
	cand := wrapped(b, &proxy.Proxy{Mode: proxy.Replay, Cassette: loadtest.ReplayCassette(1000), ErrorLog: quiet()})
	serve := func(h http.Handler, n int) time.Duration {
		start := time.Now()
		for i := 0; i < n; i++ {
			w := &discardWriter{header: http.Header{}}
			r, _ := http.NewRequest("GET", "http://127.0.0.1"+path(int64(i)), nil)
			r.Header.Set("Authorization", "Bearer ya29.benchmark-token-0123456789")
			h.ServeHTTP(w, r)
			if w.code != 200 || w.n != len(loadtest.Answer1KB) {
				b.Fatalf("answer %d, %d bytes", w.code, w.n)
			}
		}
		return time.Since(start)
	}
	var baseTime, candTime time.Duration
	b.ResetTimer()
	for done := 0; done < b.N; done += 1000 {
		n := min(1000, b.N-done)
		baseTime += serve(plain, n)
		candTime += serve(cand, n)
	}
	b.ReportMetric(float64(candTime.Nanoseconds())/float64(b.N), "ns/op")
	b.ReportMetric(float64(baseTime.Nanoseconds())/float64(b.N), "plain-ns/op")
	b.ReportMetric(float64(baseTime)/float64(candTime), "x-plain")
}

type discardWriter struct {
	header http.Header
	code   int
	n      int
}

func (w *discardWriter) Header() http.Header { return w.header }
func (w *discardWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
}
func (w *discardWriter) Write(p []byte) (int, error) {
	if w.code == 0 {
		w.code = 200
	}
	w.n += len(p)
	return len(p), nil
}
